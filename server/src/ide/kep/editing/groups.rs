//! The groups (SIGs, working groups, committees) that completion and hover offer for `owning-sig`
//! and `participating-sigs`, as a plain slice of [`GroupInfo`] taken from the world's group list
//! (`ide/groups.rs`), so that the editing features' tests can pass a list of their own.

use crate::ide::world::World;

/// One current group, as completion and hover show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupInfo<'a> {
    /// The name used in KEPs (`sig-node`): sigs.yaml's `dir`.
    pub dir: &'a str,
    /// The display name (`Node`).
    pub name: &'a str,
    /// `SIG`, `working group`, `committee` or `user group`.
    pub kind: &'a str,
}

/// The special `participating-sigs` value for a project-wide change.
pub const KUBERNETES_WIDE: &str = "kubernetes-wide";

/// The current groups of the workspace (archived groups are not in the list, which is what
/// completion wants).
pub fn current(world: &World) -> Vec<GroupInfo<'_>> {
    world.groups().groups.iter().map(|g| GroupInfo { dir: &g.dir, name: &g.name, kind: g.kind.label() }).collect()
}

pub fn find<'a>(groups: &'a [GroupInfo<'a>], dir: &str) -> Option<&'a GroupInfo<'a>> {
    groups.iter().find(|g| g.dir == dir)
}
