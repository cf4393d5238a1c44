//! What the workspace's KEPs already use, for completion and new KEPs: people handles (most
//! frequent first, those of the same owning SIG before the others), the newest release, and
//! feature-gate components.
//!
//! The World keeps these as counts per `keps/` tree ([`UsageIndex`]), updated file by file as
//! kep.yaml files come and go, like the number index: a linear scan of the 656 real KEPs took
//! 0.3–1.2 ms per completion, the index answers in microseconds (see `benches/completion.rs`).
//! Queries leave out the file being edited, whose half-typed values are not usage yet.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::scaffold::TEMPLATE_DIR;
use crate::ide::layout::FileKind;
use crate::ide::semver::Version;
use crate::ide::world::{SourceFile, World};

/// A Kubernetes release, `vMAJOR.MINOR`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release {
    pub major: u64,
    pub minor: u64,
}

impl Release {
    /// `v1.33`, `1.33`, `"v1.33"` (the milestone forms CI accepts); patch versions are not releases.
    pub fn parse(text: &str) -> Option<Release> {
        let version = Version::parse_tolerant(text).ok()?;
        (version.patch == 0 && text.trim().trim_start_matches('v').split('.').count() == 2)
            .then_some(Release { major: version.major, minor: version.minor })
    }

    pub fn next(self) -> Release {
        Release { major: self.major, minor: self.minor + 1 }
    }

    /// `steps` releases back, not below `vMAJOR.0`.
    pub fn back(self, steps: u64) -> Release {
        Release { major: self.major, minor: self.minor.saturating_sub(steps) }
    }
}

impl std::fmt::Display for Release {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "v{}.{}", self.major, self.minor)
    }
}

/// The releases to offer: two before `current`, `current`, and the two after it.
pub fn releases_around(current: Release) -> Vec<Release> {
    let mut out: Vec<Release> = (0..=2).rev().map(|back| current.back(back)).collect();
    out.dedup();
    out.push(current.next());
    out.push(current.next().next());
    out
}

/// A GitHub handle written `@name` (entries such as `TBD` or free text are left out).
fn handle(entry: &str) -> Option<&str> {
    let entry = entry.trim();
    let name = entry.strip_prefix('@')?;
    let valid = !name.is_empty()
        && name.len() <= 39
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    valid.then_some(entry)
}

/// What one kep.yaml contributes to the counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Contribution {
    root: PathBuf,
    owning_sig: Option<String>,
    /// Handles in `authors`, `reviewers` and `approvers`, as written.
    people: Vec<String>,
    /// `latest-milestone`, when it is a release.
    release: Option<Release>,
    components: Vec<String>,
}

impl Contribution {
    /// The contribution of a kep.yaml; none for other files and for the template (placeholders).
    fn of(file: &SourceFile) -> Option<Contribution> {
        if file.kind != FileKind::KepYaml {
            return None;
        }
        let place = file.place.as_ref()?;
        if place.dir_rel() == TEMPLATE_DIR {
            return None;
        }
        let yaml = file.yaml()?;
        let mut out = Contribution {
            root: place.root.clone(),
            owning_sig: yaml.string("owning-sig").map(|s| s.text.trim().to_string()),
            release: yaml.string("latest-milestone").and_then(|s| Release::parse(s.text)),
            ..Contribution::default()
        };
        for key in ["authors", "reviewers", "approvers"] {
            out.people.extend(yaml.strings(key).iter().filter_map(|s| handle(s.text)).map(str::to_string));
        }
        let gates = yaml.entry("feature-gates").and_then(|e| e.value.as_seq()).unwrap_or_default();
        for gate in gates {
            let components = gate.get("components").and_then(|e| e.value.as_seq()).unwrap_or_default();
            out.components.extend(
                components
                    .iter()
                    .filter_map(|c| c.as_str())
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
            );
        }
        Some(out)
    }
}

#[derive(Debug, Default)]
struct PersonCounts {
    /// Each spelling (`@Ann`, `@ann`) and how often it is written.
    spellings: BTreeMap<String, usize>,
    total: usize,
    by_sig: HashMap<String, usize>,
}

#[derive(Debug, Default)]
struct TreeUsage {
    /// By lower-cased handle: GitHub handles are case-insensitive.
    people: HashMap<String, PersonCounts>,
    releases: BTreeMap<Release, usize>,
    components: HashMap<String, usize>,
}

/// Counts of what the KEPs of each `keps/` tree use, kept in step with the World's files.
#[derive(Debug, Default)]
pub struct UsageIndex {
    trees: HashMap<PathBuf, TreeUsage>,
}

fn add_count<K: std::hash::Hash + Eq>(map: &mut HashMap<K, usize>, key: K, delta: isize) {
    let count = map.entry(key).or_default();
    *count = count.saturating_add_signed(delta);
}

impl UsageIndex {
    pub fn add(&mut self, file: &SourceFile) {
        if let Some(c) = Contribution::of(file) {
            self.apply(&c, 1);
        }
    }

    pub fn remove(&mut self, file: &SourceFile) {
        if let Some(c) = Contribution::of(file) {
            self.apply(&c, -1);
        }
    }

    fn apply(&mut self, c: &Contribution, delta: isize) {
        let tree = self.trees.entry(c.root.clone()).or_default();
        for handle in &c.people {
            let person = tree.people.entry(handle.to_ascii_lowercase()).or_default();
            person.total = person.total.saturating_add_signed(delta);
            let spelling = person.spellings.entry(handle.clone()).or_default();
            *spelling = spelling.saturating_add_signed(delta);
            if *spelling == 0 {
                person.spellings.remove(handle);
            }
            if let Some(sig) = &c.owning_sig {
                add_count(&mut person.by_sig, sig.clone(), delta);
            }
            if person.total == 0 {
                tree.people.remove(&handle.to_ascii_lowercase());
            }
        }
        if let Some(release) = c.release {
            let count = tree.releases.entry(release).or_default();
            *count = count.saturating_add_signed(delta);
            if *count == 0 {
                tree.releases.remove(&release);
            }
        }
        for component in &c.components {
            add_count(&mut tree.components, component.clone(), delta);
            if tree.components.get(component) == Some(&0) {
                tree.components.remove(component);
            }
        }
    }
}

/// A person's handle and how often it appears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Person<'a> {
    /// With its `@`; of several spellings (`@Ann`, `@ann`), the first in byte order. Borrowed:
    /// completion keeps at most 100 of the ~700 real handles, and clones only those.
    pub handle: &'a str,
    /// Entries in `authors`, `reviewers` and `approvers` of every KEP.
    pub total: usize,
    /// Of those, entries in KEPs of the same owning SIG.
    pub in_sig: usize,
}

/// The counts of `root`'s tree and the contribution of `skip` to take out of them.
fn tree_and_skip<'a>(world: &'a World, root: &Path, skip: &Path) -> Option<(&'a TreeUsage, Contribution)> {
    let tree = world.usage().trees.get(root)?;
    let skipped = world.file(skip).and_then(|f| Contribution::of(f)).filter(|c| c.root == root).unwrap_or_default();
    Some((tree, skipped))
}

/// Every handle used in `authors`, `reviewers` and `approvers` of the tree (`skip` left out),
/// same-SIG usage first, then overall frequency, then alphabetical.
pub fn people<'w>(world: &'w World, root: &Path, skip: &Path, owning_sig: Option<&str>) -> Vec<Person<'w>> {
    let Some((tree, skipped)) = tree_and_skip(world, root, skip) else { return Vec::new() };
    let mut minus: HashMap<String, usize> = HashMap::new();
    for handle in &skipped.people {
        *minus.entry(handle.to_ascii_lowercase()).or_default() += 1;
    }
    let skipped_in_sig = owning_sig.is_some() && skipped.owning_sig.as_deref() == owning_sig;
    let mut people: Vec<Person> = tree
        .people
        .iter()
        .filter_map(|(key, counts)| {
            let own = minus.get(key).copied().unwrap_or(0);
            let total = counts.total.saturating_sub(own);
            if total == 0 {
                return None;
            }
            let in_sig = owning_sig.and_then(|sig| counts.by_sig.get(sig)).copied().unwrap_or(0);
            let in_sig = in_sig.saturating_sub(if skipped_in_sig { own } else { 0 });
            let handle = counts.spellings.keys().next()?;
            Some(Person { handle, total, in_sig })
        })
        .collect();
    people.sort_by(|a, b| (b.in_sig, b.total).cmp(&(a.in_sig, a.total)).then_with(|| a.handle.cmp(b.handle)));
    people
}

/// The newest `latest-milestone` of the tree (`skip` left out): the release being worked on.
/// `milestone.*` is left out on purpose: it holds plans far ahead (a real KEP plans `stable` for
/// v1.41 while the newest `latest-milestone` is v1.37).
pub fn current_release(world: &World, root: &Path, skip: &Path) -> Option<Release> {
    let (tree, skipped) = tree_and_skip(world, root, skip)?;
    tree.releases
        .iter()
        .rev()
        .find(|(release, count)| **count > usize::from(skipped.release == Some(**release)))
        .map(|(release, _)| *release)
}

/// Component names of `feature-gates[].components` (`skip` left out), most used first.
pub fn components(world: &World, root: &Path, skip: &Path) -> Vec<(String, usize)> {
    let Some((tree, skipped)) = tree_and_skip(world, root, skip) else { return Vec::new() };
    let mut out: Vec<(String, usize)> = tree
        .components
        .iter()
        .filter_map(|(name, count)| {
            let count = count.saturating_sub(skipped.components.iter().filter(|c| *c == name).count());
            (count > 0).then(|| (name.clone(), count))
        })
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::rules::fixture::world;

    const WS: &str = "//- /ws/keps/sig-a/1-x/kep.yaml
owning-sig: sig-a
authors: [\"@Ann\", \"@bob\"]
approvers: [\"@bob\", TBD, \"with input from @x\"]
latest-milestone: \"v1.30\"
feature-gates:
  - name: A
    components: [kubelet, kube-apiserver]
//- /ws/keps/sig-b/2-y/kep.yaml
owning-sig: sig-b
authors: [\"@ann\", \"@cy\"]
reviewers: [\"@cy\"]
latest-milestone: 1.31
feature-gates:
  - name: B
    components: [kubelet]
milestone:
  stable: v1.40
//- /ws/keps/NNNN-kep-template/kep.yaml
authors: [\"@jane.doe\"]
latest-milestone: v1.50
//- /other/keps/sig-a/3-z/kep.yaml
authors: [\"@zed\"]
latest-milestone: v1.99
";

    fn none() -> &'static Path {
        Path::new("/none")
    }

    #[test]
    fn people_are_ranked_by_same_sig_use_then_frequency() {
        let (world, _) = world(WS);
        let root = PathBuf::from("/ws");
        let ranked = |sig, skip: &Path| {
            people(&world, &root, skip, sig)
                .into_iter()
                .map(|p| (p.handle.to_string(), p.total, p.in_sig))
                .collect::<Vec<_>>()
        };
        // `@Ann` and `@ann` are one person, spelled `@Ann`; `TBD`, free text and the template are left out.
        assert_eq!(ranked(None, none()), [("@Ann".into(), 2, 0), ("@bob".into(), 2, 0), ("@cy".into(), 2, 0)]);
        assert_eq!(ranked(Some("sig-b"), none()), [("@cy".into(), 2, 2), ("@Ann".into(), 2, 1), ("@bob".into(), 2, 0)]);
        // The file being edited does not count.
        let skip = Path::new("/ws/keps/sig-b/2-y/kep.yaml");
        assert_eq!(ranked(Some("sig-b"), skip), [("@bob".into(), 2, 0), ("@Ann".into(), 1, 0)]);
    }

    #[test]
    fn the_current_release_is_the_newest_latest_milestone_of_the_tree() {
        let (world, _) = world(WS);
        let root = Path::new("/ws");
        assert_eq!(current_release(&world, root, none()).unwrap().to_string(), "v1.31");
        let current = current_release(&world, root, Path::new("/ws/keps/sig-b/2-y/kep.yaml")).unwrap();
        assert_eq!(current.to_string(), "v1.30", "the file being edited is left out");
        let around: Vec<String> = releases_around(current).iter().map(ToString::to_string).collect();
        assert_eq!(around, ["v1.28", "v1.29", "v1.30", "v1.31", "v1.32"]);
        assert_eq!(releases_around(Release { major: 2, minor: 0 }).len(), 3);
        assert_eq!(Release::parse("v1.2.3"), None);
        assert_eq!(Release::parse("TBD"), None);
    }

    #[test]
    fn components_most_used_first() {
        let (world, _) = world(WS);
        assert_eq!(components(&world, Path::new("/ws"), none()), [("kubelet".into(), 2), ("kube-apiserver".into(), 1)]);
    }

    #[test]
    fn the_counts_follow_files_as_they_change_and_go() {
        let (mut world, paths) = world(WS);
        let root = Path::new("/ws");
        world.set_file(paths[0].clone(), "owning-sig: sig-a\nauthors: [\"@dee\"]\nlatest-milestone: v1.20\n");
        let handles: Vec<String> =
            people(&world, root, none(), None).into_iter().map(|p| p.handle.to_string()).collect();
        assert_eq!(handles, ["@cy", "@ann", "@dee"]);
        assert_eq!(components(&world, root, none()), [("kubelet".into(), 1)]);
        world.remove(&paths[1]);
        assert_eq!(current_release(&world, root, none()).unwrap().to_string(), "v1.20");
        let handles: Vec<String> =
            people(&world, root, none(), None).into_iter().map(|p| p.handle.to_string()).collect();
        assert_eq!(handles, ["@dee"]);
        assert!(components(&world, root, none()).is_empty());
    }
}
