//! The groups (SIGs, working groups, committees) that completion and hover offer for `owning-sig`
//! and `participating-sigs`: the world's group list (`ide/groups.rs`: sigs.yaml or built in), read
//! in place.

use crate::ide::groups::Group;

/// The special `participating-sigs` value for a project-wide change.
pub const KUBERNETES_WIDE: &str = "kubernetes-wide";

pub fn find<'a>(groups: &'a [Group], dir: &str) -> Option<&'a Group> {
    groups.iter().find(|g| g.dir == dir)
}
