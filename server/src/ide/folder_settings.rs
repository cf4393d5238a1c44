//! Settings per workspace folder: a file is judged with the settings of the innermost folder that
//! contains it (folders may nest), and a file outside every folder with the world's default ones.

use std::path::{Path, PathBuf};

use super::settings::Settings;

/// The settings of each workspace folder that has its own, innermost folders first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FolderSettings {
    /// Sorted by depth, deepest first, so that the first folder containing a path is the innermost.
    folders: Vec<(PathBuf, Settings)>,
}

impl FolderSettings {
    /// Replaces every folder's settings.
    pub fn replace(&mut self, folders: impl IntoIterator<Item = (PathBuf, Settings)>) {
        self.folders.clear();
        for (folder, settings) in folders {
            self.set(folder, settings);
        }
    }

    /// Gives one folder its settings (replacing what it had).
    pub fn set(&mut self, folder: PathBuf, settings: Settings) {
        self.remove(&folder);
        let depth = folder.components().count();
        // After the folders as deep, before the shallower ones: the order stays stable.
        let at = self.folders.iter().position(|(f, _)| f.components().count() < depth).unwrap_or(self.folders.len());
        self.folders.insert(at, (folder, settings));
    }

    /// Forgets a folder's settings (it left the workspace): its files fall back to an enclosing
    /// folder's, or to the default ones.
    pub fn remove(&mut self, folder: &Path) {
        self.folders.retain(|(f, _)| f != folder);
    }

    /// The settings of the innermost folder containing `path` (`Path::starts_with` compares whole
    /// components: `/w/ab` is not in `/w/a`), if any.
    pub fn innermost(&self, path: &Path) -> Option<&Settings> {
        self.folders.iter().find(|(folder, _)| path.starts_with(folder)).map(|(_, settings)| settings)
    }

    /// The folders that have settings of their own, innermost first.
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.folders.iter().map(|(folder, _)| folder.as_path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::diagnostic::Severity;
    use crate::ide::settings::RuleLevel;

    /// Settings told apart by the level of one rule.
    fn marked(level: Severity) -> Settings {
        let mut settings = Settings::default();
        settings.rules.insert("unknown-key".into(), RuleLevel::On(level));
        settings
    }

    fn level(found: Option<&Settings>) -> Option<Severity> {
        found.and_then(|s| s.severity("unknown-key", Severity::Error))
    }

    #[test]
    fn the_innermost_folder_wins_whatever_the_order_they_were_given_in() {
        for outer_first in [true, false] {
            let mut all = FolderSettings::default();
            let outer = (PathBuf::from("/w/enhancements"), marked(Severity::Warning));
            let inner = (PathBuf::from("/w/enhancements/keps/sig-node"), marked(Severity::Hint));
            if outer_first {
                all.replace([outer, inner]);
            } else {
                all.replace([inner, outer]);
            }
            let node = Path::new("/w/enhancements/keps/sig-node/12-x/kep.yaml");
            let apps = Path::new("/w/enhancements/keps/sig-apps/13-y/kep.yaml");
            assert_eq!(level(all.innermost(node)), Some(Severity::Hint), "outer first: {outer_first}");
            assert_eq!(level(all.innermost(apps)), Some(Severity::Warning), "outer first: {outer_first}");
            assert_eq!(all.folders().next(), Some(Path::new("/w/enhancements/keps/sig-node")));
        }
    }

    #[test]
    fn a_loose_file_or_a_sibling_spelling_belongs_to_no_folder() {
        let mut all = FolderSettings::default();
        all.set(PathBuf::from("/w/a"), marked(Severity::Information));
        assert_eq!(level(all.innermost(Path::new("/w/a/keps/x/kep.yaml"))), Some(Severity::Information));
        assert_eq!(level(all.innermost(Path::new("/w/a"))), Some(Severity::Information), "the folder itself");
        assert!(all.innermost(Path::new("/w/ab/keps/x/kep.yaml")).is_none(), "a prefix of the name is not a parent");
        assert!(all.innermost(Path::new("/tmp/kep.yaml")).is_none());
        assert!(all.innermost(Path::new("/w")).is_none(), "a parent of the folder");
    }

    #[test]
    fn setting_again_replaces_and_removing_falls_back_to_the_enclosing_folder() {
        let mut all = FolderSettings::default();
        all.set(PathBuf::from("/w"), marked(Severity::Warning));
        all.set(PathBuf::from("/w/inner"), marked(Severity::Information));
        all.set(PathBuf::from("/w/inner"), marked(Severity::Hint));
        assert_eq!(all.folders().count(), 2);
        let file = Path::new("/w/inner/kep.yaml");
        assert_eq!(level(all.innermost(file)), Some(Severity::Hint));
        all.remove(Path::new("/w/inner"));
        assert_eq!(level(all.innermost(file)), Some(Severity::Warning));
        all.remove(Path::new("/w"));
        assert!(all.innermost(file).is_none());
    }

    /// The rules, the spelling allow list and the features all read the settings of the folder of
    /// the file they work on; a file outside every folder reads the default ones.
    #[test]
    fn rules_and_features_follow_the_folder_of_the_file() {
        use crate::ide::{features, world::World};
        let mut world = World::default();
        world.settings.rules.insert("unknown-key".into(), RuleLevel::On(Severity::Hint));
        let kep = "title: X\nkep-number: 1\nowning-sig: sig-node\nstatus: provisional\nbogus: 1\n";
        let readme = "# KEP-1: X\n\n## Summary\n\nWe recieve it.\n";
        for repo in ["/a", "/b", "/loose"] {
            world.set_file(PathBuf::from(format!("{repo}/keps/sig-node/1-x/kep.yaml")), kep);
            world.set_file(PathBuf::from(format!("{repo}/keps/sig-node/1-x/README.md")), readme);
        }
        let mut a = Settings::default();
        a.rules.insert("unknown-key".into(), RuleLevel::Off);
        a.features.markdown_symbols = false;
        let mut b = Settings::default();
        b.spelling_allow.push("recieve".into());
        world.set_folder_settings([(PathBuf::from("/a"), a), (PathBuf::from("/b"), b)]);

        let severity = |world: &World, repo: &str, code: &str| {
            let path = PathBuf::from(format!(
                "{repo}/keps/sig-node/1-x/{}",
                if code == "misspelling" { "README.md" } else { "kep.yaml" }
            ));
            crate::ide::features::diagnostics(world, &path).iter().find(|d| d.code == code).map(|d| d.severity)
        };
        assert_eq!(severity(&world, "/a", "unknown-key"), None, "off in folder a");
        assert_eq!(severity(&world, "/b", "unknown-key"), Some(Severity::Error), "folder b: the rule's own level");
        assert_eq!(severity(&world, "/loose", "unknown-key"), Some(Severity::Hint), "outside: the default settings");
        assert!(severity(&world, "/a", "misspelling").is_some());
        assert_eq!(severity(&world, "/b", "misspelling"), None, "allowed in folder b");
        let symbols = |repo: &str| {
            features::document_symbols(&world, Path::new(&format!("{repo}/keps/sig-node/1-x/README.md"))).len()
        };
        assert_eq!(symbols("/a"), 0, "switched off in folder a");
        assert!(symbols("/b") > 0 && symbols("/loose") > 0);

        world.remove_folder_settings(Path::new("/a"));
        assert_eq!(
            severity(&world, "/a", "unknown-key"),
            Some(Severity::Hint),
            "a removed folder's files take the default"
        );
    }
}
