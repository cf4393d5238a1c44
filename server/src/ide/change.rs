//! The one way text enters the core, and what it affects: [`World::apply`] takes a [`Change`]
//! (a new text, a file parsed elsewhere, a link, an unreadable file, a removal) and says which
//! files' diagnostics it may alter ([`Affected`]). The invalidation policy lives here, with its
//! fixture tests, so that a caller (the language server) never decides it on its own.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::graph::visible_facts;
use super::layout::{self, FileKind};
use super::world::{SourceFile, Syntax, World};

/// A change to the files of the world.
#[derive(Debug)]
pub enum Change {
    /// A file's new text (an edit, a file read from disk), parsed here.
    Text { path: PathBuf, text: Arc<str> },
    /// A file parsed elsewhere (parsing is the costly part: the command line parses in parallel,
    /// the server parses large texts off its protocol thread).
    Parsed(Box<SourceFile>),
    /// A symbolic link, never followed: its text is the target as written.
    Symlink { path: PathBuf, target: String },
    /// A file that exists but could not be read.
    Unreadable { path: PathBuf, reason: String },
    /// A file that is gone.
    Removed(PathBuf),
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Change::Text { path, .. }
            | Change::Symlink { path, .. }
            | Change::Unreadable { path, .. }
            | Change::Removed(path) => path,
            Change::Parsed(file) => &file.path,
        }
    }
}

/// Which files' diagnostics a change may alter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Affected {
    /// None: a removal of a file the world did not hold.
    Nothing,
    /// The changed file and the files that declare it a dependency ([`World::dependencies`]):
    /// the change left alone what other files can see of it (`graph::visible_facts`).
    Dependents(PathBuf),
    /// Every file: a file appeared or went away (references to it resolve differently), or a
    /// kep.yaml changed what other KEPs see of it (its title, status, number, references...).
    Everything,
}

impl Affected {
    /// Whether the diagnostics of the file at `path` may have changed.
    pub fn covers(&self, world: &World, path: &Path) -> bool {
        match self {
            Affected::Nothing => false,
            Affected::Dependents(changed) => path == changed || world.dependencies(path).iter().any(|d| d == changed),
            Affected::Everything => true,
        }
    }

    /// The union of two changes' reach.
    pub fn and(self, other: Affected) -> Affected {
        match (self, other) {
            (Affected::Nothing, other) | (other, Affected::Nothing) => other,
            (Affected::Dependents(a), Affected::Dependents(b)) if a == b => Affected::Dependents(a),
            _ => Affected::Everything,
        }
    }
}

impl World {
    /// Applies a change and says what it affects. Every text enters the world here.
    pub fn apply(&mut self, change: Change) -> Affected {
        let path = change.path().to_path_buf();
        let before = self.file(&path).map(|file| visible_facts(file));
        match change {
            Change::Text { path, text } => self.put(Arc::new(SourceFile::new(path, text))),
            Change::Parsed(file) => self.put(Arc::new(*file)),
            Change::Symlink { path, target } => {
                let mut file = SourceFile::new(path, Arc::from(target.as_str()));
                file.syntax = Syntax::Text;
                file.symlink = true;
                self.put(Arc::new(file));
            }
            Change::Unreadable { path, reason } => self.put(Arc::new(SourceFile::unreadable(path, reason))),
            Change::Removed(path) => {
                self.take(&path);
            }
        }
        let after = self.file(&path).map(|file| visible_facts(file));
        match (before, after) {
            (None, None) => Affected::Nothing,
            (Some(before), Some(after)) if before == after => Affected::Dependents(path),
            _ => Affected::Everything,
        }
    }

    /// Files whose content, or absence, this file's diagnostics depend on: what a caller that
    /// loads files lazily must load first (the PRR file, OWNERS_ALIASES, the kep.yaml beside a
    /// README). Paths are derived only from plain components, never from `..`.
    pub fn dependencies(&self, path: &Path) -> Vec<PathBuf> {
        let Some(file) = self.file(path) else { return Vec::new() };
        let Some(place) = &file.place else { return Vec::new() };
        let mut deps = vec![place.root.join(layout::OWNERS_ALIASES)];
        match file.kind {
            FileKind::KepYaml => {
                // SIG Node's assigned reviewers and approvers are checked against it.
                deps.extend(file.dir().map(|dir| dir.join(layout::OWNERS)));
                if let Some(yaml) = file.yaml() {
                    let sig = yaml.string("owning-sig").map(|s| s.text).unwrap_or_default();
                    let number = yaml.string("kep-number").map(|s| s.text).unwrap_or_default();
                    deps.extend(layout::prr_path(&place.root, sig, number));
                }
                // Release readiness reads the README beside it.
                deps.push(path.with_file_name(layout::README));
            }
            FileKind::Readme | FileKind::Markdown => {
                if file.kind == FileKind::Readme {
                    // The template sections are read from the workspace's template when it has one.
                    deps.push(layout::template_readme(&place.root));
                }
                if let Some(yaml) =
                    file.dir().and_then(|dir| self.file(&dir.join(layout::KEP_YAML))).and_then(|k| k.yaml())
                {
                    // Release readiness reads the KEP's PRR file.
                    let sig = yaml.string("owning-sig").map(|s| s.text).unwrap_or_default();
                    let number = yaml.string("kep-number").map(|s| s.text).unwrap_or_default();
                    deps.extend(layout::prr_path(&place.root, sig, number));
                }
                if let Some(dir) = file.dir() {
                    // The README rule looks at kep.yaml beside it and in the ancestors up to keps/.
                    let keps = place.keps_dir();
                    let mut dir = dir.to_path_buf();
                    while dir.starts_with(&keps) && dir != keps {
                        deps.push(dir.join(layout::KEP_YAML));
                        if !dir.pop() {
                            break;
                        }
                    }
                }
            }
            // Its entries are checked against the kep.yaml beside it.
            FileKind::Owners => deps.extend(file.dir().map(|dir| dir.join(layout::KEP_YAML))),
            _ => {}
        }
        deps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEP: &str = "/ws/keps/sig-node/1-x/kep.yaml";
    const README: &str = "/ws/keps/sig-node/1-x/README.md";
    const OWNERS: &str = "/ws/keps/sig-node/1-x/OWNERS";
    const PRR: &str = "/ws/keps/prod-readiness/sig-node/1.yaml";
    const OTHER_KEP: &str = "/ws/keps/sig-apps/2-y/kep.yaml";
    const OTHER_README: &str = "/ws/keps/sig-apps/2-y/README.md";

    fn kep(title: &str, reviewer: &str) -> String {
        format!("title: {title}\nkep-number: 1\nowning-sig: sig-node\nstatus: implementable\nreviewers:\n  - \"{reviewer}\"\n")
    }

    fn workspace() -> World {
        let mut world = World::default();
        world.set_file(KEP.into(), kep("X", "@a"));
        world.set_file(README.into(), "# KEP-1: X\n");
        world.set_file(OWNERS.into(), "approvers:\n  - a\n");
        world.set_file(PRR.into(), "kep-number: 1\nalpha:\n  approver: \"@b\"\n");
        world.set_file(OTHER_KEP.into(), "title: Y\nkep-number: 2\nsee-also:\n  - /keps/sig-node/1-x\n");
        world.set_file(OTHER_README.into(), "# KEP-2: Y\n");
        world
    }

    /// The files of the workspace whose diagnostics the change may alter.
    fn reached(world: &mut World, change: Change) -> Vec<&'static str> {
        let affected = world.apply(change);
        [KEP, README, OWNERS, PRR, OTHER_KEP, OTHER_README]
            .into_iter()
            .filter(|path| affected.covers(world, Path::new(path)))
            .collect()
    }

    fn text(path: &str, text: &str) -> Change {
        Change::Text { path: path.into(), text: text.into() }
    }

    #[test]
    fn an_edit_others_cannot_see_reaches_the_file_and_its_dependents() {
        let mut world = workspace();
        // A reviewer is not among the visible facts: the README and OWNERS beside it read the
        // kep.yaml (title, markers), the other KEP does not.
        assert_eq!(reached(&mut world, text(KEP, &kep("X", "@z"))), [KEP, README, OWNERS]);
        assert_eq!(reached(&mut world, text(README, "# KEP-1: X\n\nMore.\n")), [KEP, README]);
        assert_eq!(reached(&mut world, text(PRR, "kep-number: 1\nbeta:\n  approver: \"@b\"\n")), [KEP, README, PRR]);
        assert_eq!(reached(&mut world, text(OWNERS, "approvers:\n  - b\n")), [KEP, OWNERS]);
    }

    #[test]
    fn an_edit_of_what_other_keps_see_reaches_everything() {
        let mut world = workspace();
        assert_eq!(world.apply(text(KEP, &kep("Renamed", "@a"))), Affected::Everything);
        assert_eq!(
            world.apply(text(OTHER_KEP, "title: Y\nkep-number: 2\n")),
            Affected::Everything,
            "a reference dropped"
        );
    }

    #[test]
    fn files_appearing_or_going_reach_everything_and_unknown_removals_nothing() {
        let mut world = workspace();
        let new_kep = "/ws/keps/sig-apps/3-z/kep.yaml";
        assert_eq!(world.apply(text(new_kep, "title: Z\n")), Affected::Everything);
        assert_eq!(world.apply(Change::Removed(new_kep.into())), Affected::Everything);
        assert_eq!(world.apply(Change::Removed(new_kep.into())), Affected::Nothing);
        assert_eq!(world.apply(Change::Removed(OWNERS.into())), Affected::Everything);
        assert!(!world.contains(Path::new(OWNERS)));
    }

    #[test]
    fn a_file_turning_into_a_link_or_unreadable_is_judged_by_what_others_see() {
        let mut world = workspace();
        assert_eq!(
            world.apply(Change::Symlink { path: KEP.into(), target: "/elsewhere".into() }),
            Affected::Everything
        );
        assert!(world.file(Path::new(KEP)).is_some_and(|f| f.symlink));
        assert_eq!(
            world.apply(Change::Unreadable { path: README.into(), reason: "denied".into() }),
            Affected::Dependents(README.into()),
            "a README shows other KEPs nothing"
        );
    }

    #[test]
    fn reaches_combine() {
        let file = || Affected::Dependents(KEP.into());
        assert_eq!(Affected::Nothing.and(file()), file());
        assert_eq!(file().and(file()), file());
        assert_eq!(file().and(Affected::Dependents(README.into())), Affected::Everything);
        assert_eq!(Affected::Everything.and(Affected::Nothing), Affected::Everything);
    }
}
