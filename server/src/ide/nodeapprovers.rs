//! SIG Node's assigned reviewers and approvers, as upstream's `pkg/nodeapprovers` decides them
//! (run by `hack/verify-node-approvers.sh`): which `reviewers:`/`approvers:` items of a kep.yaml
//! carry the marker comment, what the `OWNERS` file beside it lists, and the two verdicts of
//! upstream's tests (marker ⇔ OWNERS parity, tech-lead approvers under `keps/sig-node`).
//!
//! Pure: the rules in `rules/sig_node_*.rs` turn the violations into diagnostics.

use super::kep::YamlFile;
use super::text::TextRange;
use super::yaml::{self, Node, ScalarStyle, Value};

pub const OWNERS: &str = "OWNERS";
pub const REVIEWER_MARKER: &str = "sig-node-assigned-reviewer";
pub const APPROVER_MARKER: &str = "sig-node-assigned-approver";
/// The `OWNERS_ALIASES` alias whose members are SIG Node's tech leads.
pub const TECH_LEADS_ALIAS: &str = "sig-node-tech-leads";
/// KEPs whose `latest-milestone` minor is below this are not held to the tech-lead rule
/// (upstream's `minEnforcedMinor`).
pub const MIN_ENFORCED_MINOR: i64 = 36;
/// The SIG directory below `keps/` the tech-lead rule walks.
pub const SIG_NODE_DIR: &str = "sig-node";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reviewer,
    Approver,
}

impl Role {
    pub const BOTH: [Role; 2] = [Role::Reviewer, Role::Approver];

    /// The list's key, in kep.yaml and in OWNERS alike.
    pub fn key(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewers",
            Role::Approver => "approvers",
        }
    }

    pub fn marker(self) -> &'static str {
        match self {
            Role::Reviewer => REVIEWER_MARKER,
            Role::Approver => APPROVER_MARKER,
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Role::Reviewer => "reviewer",
            Role::Approver => "approver",
        }
    }

    /// The role whose list has this key.
    pub fn of_key(key: &str) -> Option<Role> {
        Role::BOTH.into_iter().find(|r| r.key() == key)
    }
}

/// A handle as upstream compares them: spaces and one leading `@` removed, lower-cased.
pub fn normalize_user(name: &str) -> String {
    let name = name.trim();
    name.strip_prefix('@').unwrap_or(name).to_lowercase()
}

/// The marker a line comment carries: trimmed, one leading `#` removed, trimmed again
/// (`#  sig-node-assigned-reviewer ` carries it, `## sig-node-assigned-reviewer` does not).
pub fn marker_of(comment: &str) -> &str {
    let comment = comment.trim();
    comment.strip_prefix('#').unwrap_or(comment).trim()
}

/// The minor of a `latest-milestone` as upstream reads it: quotes, spaces and one `v` removed,
/// the second dot-separated field as a signed integer; anything unparsable is 0.
pub fn milestone_minor(milestone: &str) -> i64 {
    let text = milestone.trim().trim_matches('"').trim();
    let text = text.strip_prefix('v').unwrap_or(text);
    let mut parts = text.splitn(3, '.');
    parts.next();
    parts.next().and_then(|minor| minor.parse::<i64>().ok()).unwrap_or(0)
}

/// One scalar item of a kep.yaml's `reviewers:` or `approvers:` list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The handle as compared ([`normalize_user`]).
    pub user: String,
    /// The scalar as written.
    pub range: TextRange,
    /// The item's line comment (from `#` to the end of the line), as yaml.v3 assigns it.
    pub comment: Option<TextRange>,
    /// The line comment is this role's marker.
    pub marked: bool,
    /// A block scalar (`|`, `>`): its comment sits on the header line, before the value.
    pub block: bool,
}

/// The scalar items of the top-level list `role.key()` (upstream skips non-scalar items; a null
/// item counts, as the empty handle).
pub fn items(yaml: &YamlFile, text: &str, role: Role) -> Vec<Item> {
    let Some(list) = yaml.entry(role.key()).map(|e| &e.value) else { return Vec::new() };
    let Some(nodes) = list.as_seq() else { return Vec::new() };
    let flow = text.as_bytes().get(list.range.start) == Some(&b'[');
    let mut after = list.range.start;
    let mut out = Vec::new();
    for node in nodes {
        let lower = after;
        after = node.range.end.max(after);
        let Some(scalar) = node.as_scalar() else { continue };
        let comment = line_comment(text, node, flow, lower);
        let marked = comment.is_some_and(|c| marker_of(&text[c.start..c.end]) == role.marker());
        let block = matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded);
        out.push(Item { user: normalize_user(&scalar.text), range: node.range, comment, marked, block });
    }
    out
}

/// The line comment yaml.v3 gives a scalar item: a `#` after the scalar, on the line where the
/// scalar ends, with only blanks between (in a flow sequence, also the item's `,`). After a plain
/// scalar the parser already took any `#` without a blank before it into the value. A block
/// scalar's comment follows its `|`/`>` header, the first after `after` (where the previous item
/// ended; the parser's range of a block scalar starts at its content). An item left empty (`-`
/// then a comment) has none: yaml.v3 makes that comment the next item's head comment.
pub fn line_comment(text: &str, node: &Node, in_flow: bool, after: usize) -> Option<TextRange> {
    let scalar = node.as_scalar()?;
    if node.range.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut at = node.range.end.min(text.len());
    if matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded) {
        // The header: the indicator, then chomping and indentation indicators. The node's range
        // starts at the indicator (or, in other front ends, after the header): look up to it.
        let start = node.range.start.min(text.len());
        let from = after.min(start);
        let indicator = text[from..start].find(['|', '>']).map(|n| from + n);
        at = indicator.or_else(|| text[start..].starts_with(['|', '>']).then_some(start))? + 1;
        while at < bytes.len() && matches!(bytes[at], b'+' | b'-' | b'0'..=b'9') {
            at += 1;
        }
    }
    let skip_blanks = |mut at: usize| {
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
            at += 1;
        }
        at
    };
    at = skip_blanks(at);
    if in_flow && bytes.get(at) == Some(&b',') {
        at = skip_blanks(at + 1);
    }
    if bytes.get(at) != Some(&b'#') {
        return None;
    }
    let end = text[at..].find(['\n', '\r']).map_or(text.len(), |n| at + n);
    Some(TextRange::new(at, end))
}

/// One entry of an OWNERS list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnersEntry {
    /// As compared ([`normalize_user`]).
    pub user: String,
    pub range: TextRange,
}

/// A per-KEP `OWNERS` file, read as upstream decodes it (`reviewers`/`approvers` as string lists;
/// other keys ignored; a null item dropped).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OwnersFile {
    pub reviewers: Vec<OwnersEntry>,
    pub approvers: Vec<OwnersEntry>,
    /// The range of each list's key, where present (where new entries go).
    pub keys: Vec<(Role, TextRange)>,
    /// The range of each list's value, where present.
    pub lists: Vec<(Role, TextRange)>,
    /// Why upstream could not decode the file (its test then fails as a whole), with where.
    pub error: Option<(usize, String)>,
}

impl OwnersFile {
    pub fn parse(text: &str) -> Self {
        let tree = yaml::parse(text);
        let mut owners = OwnersFile::default();
        if let Some(error) = tree.errors.first() {
            owners.error = Some((error.offset, error.message.clone()));
            return owners;
        }
        let Some(root) = &tree.root else { return owners };
        let entries = match &root.value {
            Value::Map(entries) => entries,
            Value::Scalar(s) if s.is_null() => return owners,
            _ => {
                owners.error = Some((root.range.start, format!("OWNERS must be a map, found {}", root.kind_name())));
                return owners;
            }
        };
        let mut seen: Vec<&str> = Vec::new();
        for entry in entries {
            let Some(key) = entry.key_str() else { continue };
            if seen.contains(&key) {
                owners.error = Some((entry.key.range.start, format!("the key `{key}` is defined twice")));
                return owners;
            }
            seen.push(key);
            let Some(role) = Role::of_key(key) else { continue };
            owners.keys.push((role, entry.key.range));
            owners.lists.push((role, entry.value.range));
            let list = match &entry.value.value {
                Value::Seq(items) => items,
                Value::Scalar(s) if s.is_null() => continue,
                Value::Alias => continue,
                _ => {
                    owners.error = Some((
                        entry.value.range.start,
                        format!("`{key}` must be a list of handles, found {}", entry.value.kind_name()),
                    ));
                    return owners;
                }
            };
            for item in list {
                match &item.value {
                    Value::Scalar(s) if s.is_null() => {}
                    Value::Scalar(s) => {
                        let entry = OwnersEntry { user: normalize_user(&s.text), range: item.range };
                        match role {
                            Role::Reviewer => owners.reviewers.push(entry),
                            Role::Approver => owners.approvers.push(entry),
                        }
                    }
                    Value::Alias => {}
                    _ => {
                        owners.error = Some((
                            item.range.start,
                            format!("`{key}` items must be handles, found {}", item.kind_name()),
                        ));
                        return owners;
                    }
                }
            }
        }
        owners
    }

    pub fn list(&self, role: Role) -> &[OwnersEntry] {
        match role {
            Role::Reviewer => &self.reviewers,
            Role::Approver => &self.approvers,
        }
    }

    pub fn key(&self, role: Role) -> Option<TextRange> {
        self.keys.iter().find(|(r, _)| *r == role).map(|(_, range)| *range)
    }

    pub fn list_range(&self, role: Role) -> Option<TextRange> {
        self.lists.iter().find(|(r, _)| *r == role).map(|(_, range)| *range)
    }
}

/// Why upstream reports a KEP, in upstream's words (see [`Reason::upstream`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// A marked item, and no OWNERS file beside the kep.yaml.
    OwnersNotFound,
    /// A marked item whose user is not in the same list of OWNERS.
    NotInOwners,
    /// An OWNERS entry with no marked item of the same role in kep.yaml.
    NotAnnotated,
    /// Tech-lead rule: no scalar item in `approvers`.
    NoApprovers,
    /// Tech-lead rule: an actively alpha KEP without a tech lead among its approvers.
    AlphaWithoutTechLead,
    /// Tech-lead rule: a marked approver on an actively alpha KEP.
    AlphaMarker,
    /// Tech-lead rule: any other KEP with neither a tech lead nor a marked approver.
    NeitherTechLeadNorMarker,
}

impl Reason {
    /// The reason text of upstream's `Violation`.
    pub fn upstream(self, role: Role) -> String {
        match self {
            Reason::OwnersNotFound => "OWNERS file not found".into(),
            Reason::NotInOwners => format!("not listed under {} in OWNERS", role.key()),
            Reason::NotAnnotated => format!("listed in OWNERS but not annotated as {} in kep.yaml", role.marker()),
            Reason::NoApprovers => "no approvers listed".into(),
            Reason::AlphaWithoutTechLead => {
                "alpha-stage KEP must list at least one sig-node-tech-leads member as approver".into()
            }
            Reason::AlphaMarker => "alpha-stage KEP must not use # sig-node-assigned-approver marker".into(),
            Reason::NeitherTechLeadNorMarker => "non-alpha KEP must list a sig-node-tech-leads member or an approver marked # sig-node-assigned-approver".into(),
        }
    }
}

/// Where a violation shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// A range of the kep.yaml.
    Kep(TextRange),
    /// A range of the OWNERS file.
    Owners(TextRange),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub role: Role,
    /// Empty for violations about the KEP as a whole.
    pub user: String,
    pub reason: Reason,
    pub at: At,
}

/// Upstream's first test (`VerifyKEP`): marked items against the OWNERS file beside the kep.yaml
/// (`None`: there is none). An OWNERS file upstream cannot decode is the caller's to report.
pub fn parity(yaml: &YamlFile, text: &str, owners: Option<&OwnersFile>) -> Vec<Violation> {
    let mut out = Vec::new();
    let marked: Vec<(Role, Vec<Item>)> = Role::BOTH
        .into_iter()
        .map(|role| (role, items(yaml, text, role).into_iter().filter(|i| i.marked).collect()))
        .collect();
    let Some(owners) = owners else {
        for (role, items) in &marked {
            for item in items {
                out.push(Violation {
                    role: *role,
                    user: item.user.clone(),
                    reason: Reason::OwnersNotFound,
                    at: At::Kep(item.range),
                });
            }
        }
        return out;
    };
    for (role, items) in &marked {
        let listed = owners.list(*role);
        for item in items {
            if !listed.iter().any(|e| e.user == item.user) {
                out.push(Violation {
                    role: *role,
                    user: item.user.clone(),
                    reason: Reason::NotInOwners,
                    at: At::Kep(item.range),
                });
            }
        }
        for entry in listed {
            if !items.iter().any(|i| i.user == entry.user) {
                out.push(Violation {
                    role: *role,
                    user: entry.user.clone(),
                    reason: Reason::NotAnnotated,
                    at: At::Owners(entry.range),
                });
            }
        }
    }
    out
}

/// Whether a kep.yaml at this path below `keps/` falls under the tech-lead rule's walk.
pub fn in_sig_node(rel: &str) -> bool {
    rel.split('/').next() == Some(SIG_NODE_DIR)
}

/// A top-level scalar's text as yaml.v3 gives it (null forms as written), trimmed.
fn scalar_text<'a>(yaml: &'a YamlFile, key: &str) -> &'a str {
    yaml.entry(key).and_then(|e| e.value.as_scalar()).map_or("", |s| s.text.trim())
}

/// Upstream's second test (`VerifyTechLeadApprovers`) for one kep.yaml under `keps/sig-node`.
/// `tech_leads` are normalized handles; `upcoming_minor` is the minor of the upcoming release
/// (`None`: unknown, which, like upstream's fallback of 999, makes no KEP actively alpha).
pub fn tech_leads(yaml: &YamlFile, text: &str, tech_leads: &[String], upcoming_minor: Option<i64>) -> Vec<Violation> {
    if matches!(scalar_text(yaml, "status"), "withdrawn" | "rejected" | "replaced") {
        return Vec::new();
    }
    let minor = milestone_minor(scalar_text(yaml, "latest-milestone"));
    if minor < MIN_ENFORCED_MINOR {
        return Vec::new();
    }
    let whole = || {
        let key = yaml.entry(Role::Approver.key()).map(|e| e.key.range);
        At::Kep(key.unwrap_or_else(|| TextRange::empty(0)))
    };
    let violation = |reason, user: String, at| Violation { role: Role::Approver, user, reason, at };
    let entries = items(yaml, text, Role::Approver);
    if entries.is_empty() {
        return vec![violation(Reason::NoApprovers, String::new(), whole())];
    }
    let has_lead = entries.iter().any(|e| tech_leads.contains(&e.user));
    let has_marked = entries.iter().any(|e| e.marked);
    let actively_alpha = scalar_text(yaml, "stage") == "alpha" && upcoming_minor.is_some_and(|u| minor >= u);
    let mut out = Vec::new();
    if actively_alpha {
        if !has_lead {
            out.push(violation(Reason::AlphaWithoutTechLead, String::new(), whole()));
        }
        for entry in entries.iter().filter(|e| e.marked) {
            out.push(violation(Reason::AlphaMarker, entry.user.clone(), At::Kep(entry.comment.unwrap_or(entry.range))));
        }
    } else if !has_lead && !has_marked {
        out.push(violation(Reason::NeitherTechLeadNorMarker, String::new(), whole()));
    }
    out
}

/// Where a marker may be completed: the cursor in a comment (`#`, then at most a partial word)
/// on an item line of `reviewers:` or `approvers:` (kep.yaml or OWNERS). Returns the range from
/// the `#` to the end of the word at the cursor, and the list's role. Text-based, so it works on
/// half-typed files.
pub fn marker_slot(text: &str, offset: usize) -> Option<(TextRange, Role)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[offset..].find(['\n', '\r']).map_or(text.len(), |n| offset + n);
    let before = &text[line_start..offset];
    let hash = before.rfind('#')?;
    let typed = before[hash + 1..].trim_start();
    if !typed.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let item = &before[..hash];
    let indent = item.len() - item.trim_start().len();
    let value = item.trim_start().strip_prefix('-')?;
    // `- "@a" #`: an item with a value, and a blank or a closing quote before the `#`.
    let value_trimmed = value.trim();
    if value_trimmed.is_empty() || !(item.ends_with([' ', '\t']) || value_trimmed.ends_with(['"', '\''])) {
        return None;
    }
    let role = list_role(&text[..line_start], indent)?;
    let word_end = text[offset..line_end]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .map_or(line_end, |n| offset + n);
    Some((TextRange::new(line_start + hash, word_end), role))
}

/// The role of the block list an item at column `indent` belongs to, looking up from the end of
/// `above`: past sibling items, their continuation lines, blank lines and comments, to the key.
fn list_role(above: &str, indent: usize) -> Option<Role> {
    for line in above.lines().rev() {
        let trimmed = line.trim_start();
        let at = line.len() - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') || at > indent || (at == indent && trimmed.starts_with('-')) {
            continue;
        }
        let key = trimmed.split_once(':')?.0;
        return Role::of_key(key.trim_matches(['"', '\''])).filter(|_| at == 0);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(text: &str) -> Vec<(String, bool)> {
        let yaml = YamlFile::parse(text);
        assert!(yaml.tree.errors.is_empty(), "{:?}", yaml.tree.errors);
        items(&yaml, text, Role::Approver).into_iter().map(|i| (i.user, i.marked)).collect()
    }

    fn marked(text: &str) -> Vec<String> {
        marks(text).into_iter().filter(|(_, m)| *m).map(|(u, _)| u).collect()
    }

    /// Where yaml.v3 puts an item's line comment, comment position by comment position (each
    /// case checked against yaml.v3 3.0.1's `Node.LineComment`).
    #[test]
    fn markers_count_only_as_yaml_v3_line_comments() {
        let m = "sig-node-assigned-approver";
        let yes = [
            format!("approvers:\n  - \"@A\" # {m}\n"),
            format!("approvers:\n  - \"@a\"   #   {m}   \n"),
            format!("approvers:\n  - \"@a\"\t# {m}\n"),
            format!("approvers:\n- a # {m}\n"),
            format!("approvers:\n  - !!str a # {m}\n"),
            format!("approvers:\n  - a\n    continued # {m}\n"),
            format!("approvers: [x, a, # {m}\n  c]\n"),
            format!("approvers: [x,\n  a # {m}\n  ]\n"),
            format!("approvers:\n  - a # {m}\r\n"),
        ];
        for text in &yes {
            assert_eq!(marked(text).len(), 1, "{text:?}");
        }
        let no = [
            format!("approvers:\n  - a#{m}\n"),
            format!("approvers:\n  - # {m}\n    a\n"),
            format!("approvers:\n  - # {m}\n  - b\n"),
            format!("approvers: # {m}\n  - a\n"),
            format!("approvers: [a] # {m}\n"),
            format!("approvers: [a, b] # {m}\n"),
            format!("approvers:\n  - a\n  # {m}\n"),
            format!("approvers:\n  - a ## {m}\n"),
            "approvers:\n  - a # SIG-NODE-ASSIGNED-APPROVER\n".to_string(),
            format!("approvers:\n  - a # {m} (lead)\n"),
            "approvers:\n  - a # sig-node-assigned-reviewer\n".to_string(),
            format!("approvers:\n  - [a] # {m}\n"),
            format!("approvers:\n  - a: b # {m}\n"),
            format!("reviewers:\n  - a # {m}\n"),
        ];
        for text in &no {
            assert!(marked(text).is_empty(), "{text:?}");
        }
        // A comment right after a quoted scalar, with no blank, is the item's line comment too.
        for text in [format!("approvers:\n  - \"@a\"#{m}\n"), format!("approvers:\n  - '@a'#{m}\n")] {
            let yaml = YamlFile::parse(&text);
            assert!(yaml.tree.errors.is_empty(), "yaml.v3 accepts {text:?}");
            assert_eq!(marked(&text), ["a"], "{text:?}");
            let node = yaml.entry("approvers").and_then(|e| e.value.as_seq()).and_then(|s| s.first());
            if let Some(node) = node {
                let comment = line_comment(&text, node, false, 0).map(|c| &text[c.start..c.end]);
                assert_eq!(comment, Some(format!("#{m}").as_str()), "{text:?}");
            }
        }
        assert_eq!(marks(&format!("approvers:\n  - \"@TallClair\" # {m}\n")), [("tallclair".to_string(), true)]);
        assert_eq!(marked(&format!("approvers:\n  - a#x # {m}\n")), ["a#x"]);
        assert_eq!(marked(&format!("approvers:\n  - | # {m}\n    a\n")), ["a"]);
    }

    #[test]
    fn marker_slots() {
        let slot = |text: &str| {
            let at = text.find('|').expect("cursor");
            let text = text.replace('|', "");
            marker_slot(&text, at).map(|(range, role)| (text[range.start..range.end].to_string(), role))
        };
        assert_eq!(slot("reviewers:\n  - \"@a\" #|\n"), Some(("#".into(), Role::Reviewer)));
        assert_eq!(slot("approvers:\n- b\n- \"@a\"# sig|x\nz: 1\n"), Some(("# sigx".into(), Role::Approver)));
        assert_eq!(
            slot("approvers:\n  - x\n\n  # note\n  - a # sig-node|\n"),
            Some(("# sig-node".into(), Role::Approver))
        );
        assert_eq!(slot("authors:\n  - a #|\n"), None);
        assert_eq!(slot("reviewers: # |\n"), None);
        assert_eq!(slot("reviewers:\n  - # |\n"), None);
        assert_eq!(slot("reviewers:\n  - a#|\n"), None, "a plain value goes on");
        assert_eq!(slot("reviewers:\n  - a # done, |\n"), None);
        assert_eq!(slot("x:\n  reviewers:\n    - a #|\n"), None, "not the top-level list");
    }

    #[test]
    fn milestone_minors_as_upstream_reads_them() {
        for (text, minor) in [
            ("v1.36", 36),
            ("\"v1.37\"", 37),
            ("1.35", 35),
            ("v1.36.2", 36),
            ("v1.+36", 36),
            ("v1.036", 36),
            ("v1", 0),
            ("", 0),
            ("TBD", 0),
            ("v1.x", 0),
            ("vv1.40", 40),
        ] {
            assert_eq!(milestone_minor(text), minor, "{text}");
        }
    }

    #[test]
    fn owners_files_as_upstream_decodes_them() {
        let owners = OwnersFile::parse("# c\noptions: {}\nreviewers:\n  - A # x\n  -\n  - 12\napprovers:\n");
        assert_eq!(owners.error, None);
        assert_eq!(owners.reviewers.iter().map(|e| e.user.as_str()).collect::<Vec<_>>(), ["a", "12"]);
        assert!(owners.approvers.is_empty());
        assert_eq!(OwnersFile::parse("").error, None);
        for bad in
            ["reviewers: a\n", "reviewers:\n  - {a: b}\n", "- a\n", "reviewers: [\n", "approvers: []\napprovers: []\n"]
        {
            assert!(OwnersFile::parse(bad).error.is_some(), "{bad:?}");
        }
    }
}

/// Upstream's own fixtures (`pkg/nodeapprovers/testdata`, test data read at run time from
/// `../shared/data`) through this implementation, against the results upstream's Go tests
/// expect of them (`TestVerifyAll`, `TestVerifyAllTechLeadApprovers`, upcoming minor 37).
#[cfg(test)]
mod upstream_fixtures {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::ide::kep::usage::Release;
    use crate::ide::world::World;

    const A: Role = Role::Approver;
    const R: Role = Role::Reviewer;

    /// Upstream's expected violations, fixture directory by directory: role, user, reason.
    const EXPECTED: &[(&str, Role, &str, Reason)] = &[
        ("missing-reviewer", R, "someoneelse", Reason::NotInOwners),
        ("missing-reviewer", R, "tallclair", Reason::NotAnnotated),
        ("missing-approver", A, "someoneelse", Reason::NotInOwners),
        ("missing-approver", A, "tallclair", Reason::NotAnnotated),
        ("no-owners", R, "tallclair", Reason::OwnersNotFound),
        ("no-owners", A, "dchen1107", Reason::OwnersNotFound),
        ("extra-in-owners", R, "mrunalp", Reason::NotAnnotated),
        ("extra-in-owners", A, "derekwaynecarr", Reason::NotAnnotated),
        ("no-markers", R, "tallclair", Reason::NotAnnotated),
        ("no-markers", A, "dchen1107", Reason::NotAnnotated),
        ("techleads/alpha-alias-invalid", A, "", Reason::AlphaWithoutTechLead),
        ("techleads/alpha-missing-techlead", A, "", Reason::AlphaWithoutTechLead),
        ("techleads/alpha-marker-not-allowed", A, "tallclair", Reason::AlphaMarker),
        ("techleads/beta-alias-invalid", A, "", Reason::NeitherTechLeadNorMarker),
        ("techleads/beta-missing", A, "", Reason::NeitherTechLeadNorMarker),
        ("techleads/no-stage", A, "", Reason::NeitherTechLeadNorMarker),
        ("techleads/no-approvers", A, "", Reason::NoApprovers),
    ];

    /// Each fixture file at `/up/keps/sig-node/<path below testdata>`; `techleads/OWNERS_ALIASES`
    /// at the root.
    fn load() -> Option<(World, Vec<PathBuf>)> {
        let path = crate::test_data::shared("data/nodeapprovers_testdata.json")?;
        let json = std::fs::read_to_string(path).unwrap();
        let data: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        let mut world = World::default();
        world.settings.upcoming_release = Release::parse("v1.37");
        let mut keps = Vec::new();
        for (name, text) in data["files"].as_object().expect("files") {
            let rel = name.strip_prefix("testdata/").expect("below testdata/");
            let path = if rel == "techleads/OWNERS_ALIASES" {
                PathBuf::from("/up/OWNERS_ALIASES")
            } else {
                Path::new("/up/keps/sig-node").join(rel)
            };
            if rel.ends_with("kep.yaml") {
                keps.push(path.clone());
            }
            world.set_file(path, text.as_str().expect("text"));
        }
        Some((world, keps))
    }

    #[test]
    fn upstream_fixtures_give_upstreams_results() {
        let Some((world, keps)) = load() else { return };
        assert_eq!(keps.len(), 17);
        let leads: Vec<String> = world
            .owners_aliases(Path::new("/up"))
            .expect("OWNERS_ALIASES")
            .members(TECH_LEADS_ALIAS)
            .iter()
            .map(|m| normalize_user(m))
            .collect();
        assert_eq!(leads, ["dchen1107", "mrunalp"]);
        let mut got = Vec::new();
        let mut diagnostics: BTreeMap<String, usize> = BTreeMap::new();
        for path in &keps {
            let dir = path.parent().unwrap();
            let name = dir.strip_prefix("/up/keps/sig-node").unwrap().to_string_lossy().into_owned();
            let file = world.file(path).unwrap();
            let yaml = file.yaml().unwrap();
            let owners = world.file(&dir.join(OWNERS)).and_then(|f| f.kep_owners());
            let mut violations = parity(yaml, &file.text, owners);
            if !name.starts_with("techleads/") {
                // Upstream's tech-lead test runs on its own fixture tree only.
                assert!(tech_leads(yaml, &file.text, &leads, Some(37)).is_empty(), "{name}");
            } else {
                violations.extend(tech_leads(yaml, &file.text, &leads, Some(37)));
            }
            for v in &violations {
                got.push((name.clone(), v.role, v.user.clone(), v.reason));
            }
            // The same verdicts through the rules, on the kep.yaml and the OWNERS file.
            let shown = [path.clone(), dir.join(OWNERS)]
                .iter()
                .flat_map(|p| crate::ide::features::diagnostics(&world, p))
                .filter(|d| d.code.starts_with("sig-node-"))
                .count();
            *diagnostics.entry(name).or_default() += shown;
            assert_eq!(shown, violations.len(), "{}", path.display());
        }
        let mut want: Vec<_> = EXPECTED
            .iter()
            .map(|(dir, role, user, reason)| (dir.to_string(), *role, user.to_string(), *reason))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
        // Upstream's reason texts, as its `Violation.Reason` spells them.
        assert_eq!(Reason::NotInOwners.upstream(R), "not listed under reviewers in OWNERS");
        assert_eq!(
            Reason::NotAnnotated.upstream(A),
            "listed in OWNERS but not annotated as sig-node-assigned-approver in kep.yaml"
        );
        assert_eq!(diagnostics.values().sum::<usize>(), EXPECTED.len());
    }
}
