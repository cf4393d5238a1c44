//! The workspace index: which KEP directories carry which number (their kep-number and the number
//! of their directory name), kept up to date as kep.yaml files come and go, and the lookups that
//! reference resolution asks of a repository.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::kep::YamlFile;
use super::layout;
use super::markdown;
use super::refs::{self, KepLookup};
use super::world::{SourceFile, World};

/// Number → KEP directories (relative to `keps/`), per `keps/` tree.
#[derive(Clone, Debug, Default)]
pub struct NumberIndex {
    trees: HashMap<PathBuf, HashMap<u64, BTreeSet<String>>>,
}

impl NumberIndex {
    /// The numbers a kep.yaml gives its KEP: its `kep-number` and its directory's number.
    pub fn numbers_of(file: &SourceFile) -> Vec<u64> {
        let Some(place) = &file.place else { return Vec::new() };
        let mut numbers = Vec::new();
        if let Some(n) = file.yaml().and_then(kep_number) {
            numbers.push(n);
        }
        if let Some(n) = refs::dir_number(place.dir_rel()) {
            numbers.push(n);
        }
        numbers.dedup();
        numbers
    }

    pub fn add(&mut self, file: &SourceFile) {
        let Some(place) = &file.place else { return };
        let tree = self.trees.entry(place.keps_dir()).or_default();
        for n in Self::numbers_of(file) {
            tree.entry(n).or_default().insert(place.dir_rel().to_string());
        }
    }

    pub fn remove(&mut self, file: &SourceFile) {
        let Some(place) = &file.place else { return };
        let Some(tree) = self.trees.get_mut(&place.keps_dir()) else { return };
        for n in Self::numbers_of(file) {
            if let Some(dirs) = tree.get_mut(&n) {
                dirs.remove(place.dir_rel());
                if dirs.is_empty() {
                    tree.remove(&n);
                }
            }
        }
    }

    pub fn dirs(&self, keps_dir: &Path, n: u64) -> Vec<String> {
        self.trees.get(keps_dir).and_then(|t| t.get(&n)).map(|d| d.iter().cloned().collect()).unwrap_or_default()
    }
}

/// `kep-number` as a number (`0752` → 752); `None` for `NNNN`, empty or non-numeric values.
pub fn kep_number(yaml: &YamlFile) -> Option<u64> {
    layout::kep_number(yaml.string("kep-number")?.text)
}

/// Reference resolution within one `keps/` tree of the world.
pub struct TreeLookup<'a> {
    pub world: &'a World,
    pub keps_dir: PathBuf,
}

impl<'a> TreeLookup<'a> {
    pub fn new(world: &'a World, keps_dir: PathBuf) -> Self {
        TreeLookup { world, keps_dir }
    }
}

impl KepLookup for TreeLookup<'_> {
    fn is_kep_dir(&self, keps_rel: &str) -> bool {
        self.world.contains(&self.keps_dir.join(keps_rel).join(layout::KEP_YAML))
    }

    fn dirs_with_number(&self, n: u64) -> Vec<String> {
        self.world.numbers().dirs(&self.keps_dir, n)
    }

    fn legacy_target(&self, keps_rel_md: &str) -> Option<String> {
        let stub = self.world.file(&self.keps_dir.join(keps_rel_md))?;
        let target = markdown::link_stub_target(self.world, stub)?;
        let dir = target.parent()?;
        let rel = dir.strip_prefix(&self.keps_dir).ok()?;
        let rel = rel.to_str()?.replace('\\', "/");
        self.is_kep_dir(&rel).then_some(rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixtures::world;
    use crate::ide::refs::{parse_reference, resolve, Resolution};

    #[test]
    fn numbers_follow_files_as_they_change() {
        let (mut world, _) = world("//- /ws/keps/sig-a/0752-x/kep.yaml\nkep-number: 752\n//- /ws/keps/sig-b/2043-y/kep.yaml\nkep-number: 1884\n");
        let keps = PathBuf::from("/ws/keps");
        assert_eq!(world.numbers().dirs(&keps, 752), ["sig-a/0752-x"]);
        assert_eq!(world.numbers().dirs(&keps, 1884), ["sig-b/2043-y"]);
        assert_eq!(world.numbers().dirs(&keps, 2043), ["sig-b/2043-y"]);
        world.set_file(PathBuf::from("/ws/keps/sig-b/2043-y/kep.yaml"), "kep-number: 2043\n");
        assert!(world.numbers().dirs(&keps, 1884).is_empty());
        world.remove(Path::new("/ws/keps/sig-a/0752-x/kep.yaml"));
        assert!(world.numbers().dirs(&keps, 752).is_empty());
    }

    #[test]
    fn references_resolve_against_the_world() {
        let (world, _) = world(
            "//- /ws/keps/sig-a/12-x/kep.yaml\nkep-number: 12\n//- /ws/keps/sig-b/20190101-old.md\n12-x/README.md\n//- /ws/keps/sig-b/12-x/README.md\n# not a KEP dir\n//- /ws/keps/sig-a/12-x/README.md\n# KEP-12: X\n",
        );
        let lookup = TreeLookup::new(&world, PathBuf::from("/ws/keps"));
        let res = |raw: &str| resolve(&parse_reference(raw), &lookup);
        assert_eq!(res("/keps/sig-a/12-x"), Resolution::Resolved { dir: "sig-a/12-x".into() });
        assert_eq!(res("KEP-12"), Resolution::Resolved { dir: "sig-a/12-x".into() });
        assert_eq!(res("/keps/sig-c/12-x"), Resolution::Moved { candidates: vec!["sig-a/12-x".into()] });
        assert_eq!(res("/keps/sig-a/99-gone"), Resolution::Missing);
    }
}
