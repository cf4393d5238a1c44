//! The groups (SIGs, working groups, committees) that completion and hover offer for `owning-sig`
//! and `participating-sigs`: the boundary to the group list of sigs.yaml (`ide/groups.rs`, built on
//! another branch). Everything here works on a plain slice of [`GroupInfo`], so the editing features
//! and their tests do not depend on where the list comes from.

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

/// The current groups of the workspace.
///
/// INTEGRATION(groups): the group list lives in `ide/groups.rs` on branch `rules`. Once it is
/// merged, return it here, e.g.
/// `world.groups().groups.iter().map(|g| GroupInfo { dir: &g.dir, name: &g.name, kind: g.kind.label() }).collect()`
/// (archived groups are not in that list, which is what completion wants). Until then there is no
/// list, and group completion and hover offer nothing (`kubernetes-wide` is still offered).
pub fn current(world: &World) -> Vec<GroupInfo<'_>> {
    let _ = world;
    Vec::new()
}

pub fn find<'a>(groups: &'a [GroupInfo<'a>], dir: &str) -> Option<&'a GroupInfo<'a>> {
    groups.iter().find(|g| g.dir == dir)
}
