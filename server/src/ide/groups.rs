//! The Kubernetes community groups a KEP can name in `owning-sig` and `participating-sigs`: the `dir`
//! of every SIG, working group, committee and user group of kubernetes/community's `sigs.yaml`.
//!
//! A copy of the list is built into the binary (`groups_data.rs`, generated from `sigs.yaml` by a test
//! that also keeps it from going stale); a `sigs.yaml` the IO layer reads and hands over through
//! [`Groups::parse`] replaces it. Names of groups that were archived are known separately, so a KEP
//! naming one hears "archived", not "unknown".

use super::groups_data;
use super::suggest;
use super::text::LineIndex;
use super::yaml;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupKind {
    Sig,
    WorkingGroup,
    Committee,
    UserGroup,
}

impl GroupKind {
    /// The top-level list of sigs.yaml that holds groups of this kind.
    pub fn list_key(self) -> &'static str {
        match self {
            GroupKind::Sig => "sigs",
            GroupKind::WorkingGroup => "workinggroups",
            GroupKind::Committee => "committees",
            GroupKind::UserGroup => "usergroups",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GroupKind::Sig => "SIG",
            GroupKind::WorkingGroup => "working group",
            GroupKind::Committee => "committee",
            GroupKind::UserGroup => "user group",
        }
    }

    fn from_list_key(key: &str) -> Option<GroupKind> {
        [GroupKind::Sig, GroupKind::WorkingGroup, GroupKind::Committee, GroupKind::UserGroup]
            .into_iter()
            .find(|k| k.list_key() == key)
    }
}

/// One group of sigs.yaml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The name KEPs use, e.g. `sig-node`.
    pub dir: String,
    /// The display name, e.g. `Node`.
    pub name: String,
    pub kind: GroupKind,
}

/// The group list in force, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Groups {
    pub groups: Vec<Group>,
    /// `built-in` or the path of the sigs.yaml it was read from, for messages and logs.
    pub source: String,
}

impl Default for Groups {
    fn default() -> Self {
        Groups::builtin()
    }
}

/// A group that no longer exists, as kubernetes/community's `archive/` folder records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Archived {
    pub dir: &'static str,
    pub kind: GroupKind,
    /// The group that took its work over, where that is on record.
    pub successor: Option<&'static str>,
}

const fn archived(dir: &'static str, kind: GroupKind, successor: Option<&'static str>) -> Archived {
    Archived { dir, kind, successor }
}

/// Groups retired from sigs.yaml: the folders of kubernetes/community's `archive/`, and the provider
/// SIGs that became subprojects of SIG Cloud Provider (their KEPs live in `keps/sig-cloud-provider/`).
/// Hand-maintained: a name here that sigs.yaml lists again is simply a group again.
pub const ARCHIVED: &[Archived] = &[
    archived("sig-configuration", GroupKind::Sig, None),
    archived("sig-pm", GroupKind::Sig, None),
    archived("sig-rktnetes", GroupKind::Sig, None),
    archived("sig-service-catalog", GroupKind::Sig, None),
    archived("sig-usability", GroupKind::Sig, None),
    archived("sig-aws", GroupKind::Sig, Some("sig-cloud-provider")),
    archived("sig-azure", GroupKind::Sig, Some("sig-cloud-provider")),
    archived("sig-gcp", GroupKind::Sig, Some("sig-cloud-provider")),
    archived("sig-ibmcloud", GroupKind::Sig, Some("sig-cloud-provider")),
    archived("sig-openstack", GroupKind::Sig, Some("sig-cloud-provider")),
    archived("sig-vmware", GroupKind::Sig, Some("sig-cloud-provider")),
    archived("ug-big-data", GroupKind::UserGroup, None),
    archived("wg-ai-conformance", GroupKind::WorkingGroup, None),
    archived("wg-ai-integration", GroupKind::WorkingGroup, None),
    archived("wg-api-expression", GroupKind::WorkingGroup, None),
    archived("wg-apply", GroupKind::WorkingGroup, None),
    archived("wg-component-standard", GroupKind::WorkingGroup, None),
    archived("wg-container-identity", GroupKind::WorkingGroup, None),
    archived("wg-k8s-infra", GroupKind::WorkingGroup, Some("sig-k8s-infra")),
    archived("wg-kubeadm-adoption", GroupKind::WorkingGroup, None),
    archived("wg-lts", GroupKind::WorkingGroup, None),
    archived("wg-machine-learning", GroupKind::WorkingGroup, None),
    archived("wg-multitenancy", GroupKind::WorkingGroup, None),
    archived("wg-policy", GroupKind::WorkingGroup, None),
    archived("wg-reliability", GroupKind::WorkingGroup, None),
    archived("wg-security-audit", GroupKind::WorkingGroup, None),
    archived("wg-serving", GroupKind::WorkingGroup, None),
    archived("wg-structured-logging", GroupKind::WorkingGroup, None),
];

/// Short names people write for a group, which no spelling distance finds.
const NICKNAMES: &[(&str, &str)] = &[("sig-contribex", "sig-contributor-experience")];

impl Groups {
    /// The list built into the binary.
    pub fn builtin() -> Groups {
        let groups = groups_data::GROUPS
            .iter()
            .map(|&(dir, name, kind)| Group { dir: dir.to_string(), name: name.to_string(), kind })
            .collect();
        Groups { groups, source: "built-in".to_string() }
    }

    /// Reads the groups of a sigs.yaml: the `dir` and `name` of each entry of its `sigs`,
    /// `workinggroups`, `committees` and `usergroups` lists. `source` names the file in messages.
    pub fn parse(text: &str, source: &str) -> Result<Groups, String> {
        let tree = yaml::parse(text);
        if let Some(error) = tree.errors.first() {
            let line = LineIndex::new(text).line_col(text, error.offset, super::text::Encoding::Utf32).line + 1;
            return Err(format!("line {line}: {}", error.message));
        }
        let Some(entries) = tree.root.as_ref().and_then(|r| r.as_map()) else {
            return Err("not a sigs.yaml: expected a map with `sigs` and `workinggroups` lists".to_string());
        };
        let mut groups = Vec::new();
        for entry in entries {
            let Some(kind) = entry.key_str().and_then(GroupKind::from_list_key) else { continue };
            if entry.value.is_null() {
                continue;
            }
            let Some(items) = entry.value.as_seq() else {
                return Err(format!("`{}` must be a list of groups", kind.list_key()));
            };
            for item in items {
                let field = |key: &str| item.get(key).and_then(|e| e.value.as_str()).map(str::trim);
                let Some(dir) = field("dir").filter(|d| !d.is_empty()) else {
                    return Err(format!("an entry of `{}` has no `dir`", kind.list_key()));
                };
                let name = field("name").unwrap_or(dir);
                groups.push(Group { dir: dir.to_string(), name: name.to_string(), kind });
            }
        }
        if groups.is_empty() {
            return Err(
                "no groups found: expected `sigs` and `workinggroups` lists of entries with a `dir`".to_string()
            );
        }
        Ok(Groups { groups, source: source.to_string() })
    }

    pub fn get(&self, dir: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.dir == dir)
    }

    pub fn contains(&self, dir: &str) -> bool {
        self.get(dir).is_some()
    }

    pub fn dirs(&self) -> impl Iterator<Item = &str> {
        self.groups.iter().map(|g| g.dir.as_str())
    }

    /// The group a misspelled, shortened or nicknamed name most likely means.
    pub fn suggest(&self, name: &str) -> Option<&Group> {
        if let Some((_, dir)) = NICKNAMES.iter().find(|(nick, _)| nick.eq_ignore_ascii_case(name.trim())) {
            return self.get(dir);
        }
        // A name without its kind prefix (`node` → `sig-node`, `batch` → `wg-batch`): the one group
        // whose name after the prefix it is.
        let normalized = suggest::normalize(name);
        let mut bare = self.groups.iter().filter(|g| g.dir.split_once('-').is_some_and(|(_, rest)| rest == normalized));
        if let (Some(group), None) = (bare.next(), bare.next()) {
            return Some(group);
        }
        // `sig-arch` → `sig-architecture`, `sig-machinery` → `sig-api-machinery`: the part after the
        // kind prefix is the start or the end of exactly one group's. Tried before spelling distance,
        // which would take `sig-arch` for `sig-auth`.
        if let Some(group) = self.by_part(name) {
            return Some(group);
        }
        suggest::closest(name, self.dirs()).and_then(|dir| self.get(dir))
    }

    fn by_part(&self, name: &str) -> Option<&Group> {
        let normalized = suggest::normalize(name);
        let (prefix, part) = normalized.split_once('-')?;
        if part.len() < 3 {
            return None;
        }
        let mut matches = self.groups.iter().filter(|g| {
            g.dir
                .split_once('-')
                .is_some_and(|(p, rest)| p == prefix && (rest.starts_with(part) || rest.ends_with(part)))
        });
        let first = matches.next()?;
        matches.next().is_none().then_some(first)
    }
}

/// The record of an archived group, unless `dir` is a current group of `groups`.
pub fn archived_group(groups: &Groups, dir: &str) -> Option<&'static Archived> {
    if groups.contains(dir) {
        return None;
    }
    ARCHIVED.iter().find(|a| a.dir == dir)
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    /// The real sigs.yaml (`None`, and the test skips, without `../shared`).
    fn sigs_yaml() -> Option<String> {
        crate::test_data::shared("data/sigs.yaml").map(|path| std::fs::read_to_string(path).unwrap())
    }
    const GENERATED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ide/groups_data.rs");

    /// The text of `groups_data.rs` for a group list.
    fn render(groups: &Groups) -> String {
        let mut out = String::from(
            "//! The groups of kubernetes/community's `sigs.yaml`, built into the binary: `dir`, display name, kind.\n\
             //! Generated from `../shared/data/sigs.yaml` by `groups::tests::builtin_groups_match_sigs_yaml`; do not\n\
             //! edit. Regenerate with `UPDATE_EXPECT=1 cargo test -j 2 builtin_groups_match_sigs_yaml`.\n\n\
             use super::groups::GroupKind::{self, *};\n\n\
             pub const GROUPS: &[(&str, &str, GroupKind)] = &[\n",
        );
        for group in &groups.groups {
            let kind = match group.kind {
                GroupKind::Sig => "Sig",
                GroupKind::WorkingGroup => "WorkingGroup",
                GroupKind::Committee => "Committee",
                GroupKind::UserGroup => "UserGroup",
            };
            out.push_str(&format!("    ({:?}, {:?}, {kind}),\n", group.dir, group.name));
        }
        out.push_str("];\n");
        out
    }

    /// The built-in list is sigs.yaml's, regenerated here with our own YAML parser; with
    /// `UPDATE_EXPECT=1` the generated file is rewritten instead.
    #[test]
    fn builtin_groups_match_sigs_yaml() {
        let Some(text) = sigs_yaml() else { return };
        let groups = Groups::parse(&text, "sigs.yaml").unwrap();
        let expected = render(&groups);
        let actual = std::fs::read_to_string(GENERATED).unwrap_or_default();
        if actual != expected && std::env::var_os("UPDATE_EXPECT").is_some() {
            std::fs::write(GENERATED, &expected).unwrap();
            return;
        }
        assert!(
            actual == expected,
            "groups_data.rs is stale: run `UPDATE_EXPECT=1 cargo test builtin_groups_match_sigs_yaml`"
        );
        assert_eq!(Groups::builtin().groups, groups.groups);
    }

    /// Upstream finds group names with the pattern `- dir: (.*)$` on any line: the parse agrees.
    #[test]
    fn the_parse_finds_what_upstreams_pattern_finds() {
        let Some(text) = sigs_yaml() else { return };
        let upstream: Vec<&str> =
            text.lines().filter_map(|l| l.split_once("- dir: ")).map(|(_, dir)| dir.trim_end()).collect();
        let parsed = Groups::parse(&text, "sigs.yaml").unwrap();
        assert_eq!(parsed.dirs().collect::<Vec<_>>(), upstream);
        assert!(upstream.len() >= 30, "{}", upstream.len());
    }

    #[test]
    fn kinds_come_from_the_lists() {
        let groups = Groups::parse(
            "sigs:\n  - dir: sig-node\n    name: Node\nworkinggroups:\n  - dir: wg-batch\n    name: Batch\nusergroups: []\ncommittees:\n  - dir: committee-steering\n    name: Steering\ngb_rep:\n  github: x\n",
            "t",
        )
        .unwrap();
        let kinds: Vec<_> = groups.groups.iter().map(|g| (g.dir.as_str(), g.name.as_str(), g.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("sig-node", "Node", GroupKind::Sig),
                ("wg-batch", "Batch", GroupKind::WorkingGroup),
                ("committee-steering", "Steering", GroupKind::Committee)
            ]
        );
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        assert!(Groups::parse("sigs: [\n", "t").unwrap_err().starts_with("line "));
        assert!(Groups::parse("- a\n", "t").is_err());
        expect!["`sigs` must be a list of groups"].assert_eq(&Groups::parse("sigs: 3\n", "t").unwrap_err());
        expect!["an entry of `sigs` has no `dir`"].assert_eq(&Groups::parse("sigs:\n  - name: x\n", "t").unwrap_err());
        expect!["no groups found: expected `sigs` and `workinggroups` lists of entries with a `dir`"]
            .assert_eq(&Groups::parse("other: 1\n", "t").unwrap_err());
        assert!(Groups::parse("", "t").is_err());
    }

    #[test]
    fn suggestions() {
        let groups = Groups::builtin();
        let suggest = |name| groups.suggest(name).map(|g| g.dir.as_str());
        assert_eq!(suggest("sig-apimachinery"), Some("sig-api-machinery"));
        assert_eq!(suggest("sig-scheduler"), Some("sig-scheduling"));
        assert_eq!(suggest("sig-arch"), Some("sig-architecture"));
        assert_eq!(suggest("sig-machinery"), Some("sig-api-machinery"));
        assert_eq!(suggest("sig-contribex"), Some("sig-contributor-experience"));
        assert_eq!(suggest("SIG-Node"), Some("sig-node"));
        assert_eq!(suggest("sig-jobset"), None);
        assert_eq!(suggest("TBD"), None);
        assert_eq!(suggest("Kubelet garbage collection WG"), None);
        assert_eq!(suggest("sig-s"), None, "too short to be a prefix");
    }

    #[test]
    fn archived_groups_are_known_unless_listed_again() {
        let builtin = Groups::builtin();
        for dir in ["wg-lts", "wg-component-standard", "wg-multitenancy", "sig-service-catalog", "sig-usability"] {
            assert!(!builtin.contains(dir), "{dir}");
            assert!(archived_group(&builtin, dir).is_some(), "{dir}");
        }
        let revived = Groups::parse("workinggroups:\n  - dir: wg-lts\n", "t").unwrap();
        assert_eq!(archived_group(&revived, "wg-lts"), None);
        for archived in ARCHIVED {
            if let Some(successor) = archived.successor {
                assert!(builtin.contains(successor), "{successor}");
            }
        }
    }
}
