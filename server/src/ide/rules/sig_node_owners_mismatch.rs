//! `sig-node-owners-mismatch` (error): upstream's `TestNodeApprovers` (`pkg/nodeapprovers`
//! `VerifyKEP`): the items of a kep.yaml marked `# sig-node-assigned-reviewer`/`-approver` and the
//! `OWNERS` file beside it must name the same people, role by role.

use std::path::{Path, PathBuf};

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, FileEdit, Fix, NewFile, Severity};
use crate::ide::kep::YamlFile;
use crate::ide::layout::{self, FileKind};
use crate::ide::nodeapprovers::{self, At, OwnersFile, Reason, Role, Violation};
use crate::ide::text::TextRange;
use crate::ide::world::SourceFile;

pub const RULE: Rule = Rule {
    code: "sig-node-owners-mismatch",
    severity: Severity::Error,
    scope: Scope::KepAndOwners,
    check: Some(check),
    ci: true,
    summary: "A kep.yaml item marked `# sig-node-assigned-reviewer` or `# sig-node-assigned-approver` whose user is not in the same list of the `OWNERS` file beside it (or there is no `OWNERS`), or an `OWNERS` entry without such a marked item in kep.yaml. Any SIG.",
    why: "`hack/verify-node-approvers.sh` (upstream's `TestNodeApprovers`) fails the PR: SIG Node assigns reviewers and approvers of a KEP by marking them in kep.yaml and granting them the KEP directory in its `OWNERS` file, and the two must agree. Only a line comment right after the item counts (not a comment on the next line, not after `]` of a flow list); users are compared lower-cased without `@`.",
    example: "# kep.yaml\nreviewers:\n  - \"@someoneelse\" # sig-node-assigned-reviewer\n# OWNERS beside it\nreviewers:\n  - tallclair",
    fix: "Add the user to the same list in `OWNERS` (offered; an `OWNERS` file is offered when there is none), or mark the kep.yaml item (offered on the `OWNERS` entry when the user is listed there without a comment), or remove the entry that is no longer meant.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    match cx.file.kind {
        FileKind::KepYaml => check_kep(cx, out),
        FileKind::Owners => check_owners(cx, out),
        _ => {}
    }
}

/// The kep.yaml, when upstream would read it (it parses).
fn parsed_kep(file: &SourceFile) -> Option<&YamlFile> {
    file.yaml().filter(|y| y.tree.errors.is_empty() && file.unreadable.is_none())
}

fn check_kep(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = parsed_kep(cx.file) else { return };
    let Some(dir) = cx.file.dir() else { return };
    let owners_path = dir.join(layout::OWNERS);
    let owners = match cx.world.file(&owners_path) {
        None => None,
        // An OWNERS file upstream cannot decode fails its test as a whole: reported on OWNERS.
        Some(file) => match file.kep_owners() {
            Some(owners) if owners.error.is_none() && file.unreadable.is_none() => Some(owners),
            _ => return,
        },
    };
    let violations = nodeapprovers::parity(yaml, cx.text(), owners);
    let missing: Vec<&Violation> = violations.iter().filter(|v| v.reason == Reason::OwnersNotFound).collect();
    let create = (!missing.is_empty()).then(|| create_owners(&owners_path, &missing));
    for v in &violations {
        let At::Kep(range) = v.at else { continue };
        let (role, user) = (v.role, &v.user);
        let diagnostic = match v.reason {
            Reason::OwnersNotFound => Diagnostic::new(
                RULE.code,
                range,
                format!("assigned {} `{user}`: no OWNERS file beside this kep.yaml lists them", role.word()),
            )
            .with_fixes(create.clone()),
            _ => {
                let Some(owners) = owners else { continue };
                let owners_text = cx.world.file(&owners_path).map_or("", |f| &f.text);
                let listed: Vec<&str> = owners.list(role).iter().map(|e| e.user.as_str()).collect();
                let fix = add_to_owners(&owners_path, owners_text, owners, role, user).map(|edit| Fix {
                    title: format!("Add `{user}` to {} in OWNERS", role.key()),
                    edits: vec![edit],
                    preferred: true,
                    ..Fix::default()
                });
                Diagnostic::new(
                    RULE.code,
                    range,
                    format!("assigned {} `{user}` is not listed under {} in OWNERS", role.word(), role.key()),
                )
                .with_related(
                    owners_path.clone(),
                    owners.key(role).unwrap_or_default(),
                    format!(
                        "OWNERS {}: {}",
                        role.key(),
                        if listed.is_empty() { "none".into() } else { listed.join(", ") }
                    ),
                )
                .with_fixes(fix)
            }
        };
        out.push(diagnostic);
    }
}

fn check_owners(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(owners) = cx.file.kep_owners() else { return };
    let Some(kep_path) = cx.file.dir().map(|d| d.join(layout::KEP_YAML)) else { return };
    // Upstream reads only the OWNERS file beside a kep.yaml.
    let Some(kep) = cx.world.file(&kep_path).filter(|f| f.kind == FileKind::KepYaml) else { return };
    let Some(yaml) = parsed_kep(kep) else { return };
    if let Some((offset, message)) = &owners.error {
        let at = TextRange::empty((*offset).min(cx.text().len()));
        out.push(Diagnostic::new(
            RULE.code,
            cx.file.line_index().line_content(cx.text(), cx.file.line_index().line_of(at.start)),
            format!(
                "upstream's node-approver check cannot read this OWNERS file (a kep.yaml sits beside it): {message}"
            ),
        ));
        return;
    }
    for v in nodeapprovers::parity(yaml, &kep.text, Some(owners)) {
        let At::Owners(range) = v.at else { continue };
        let (role, user) = (v.role, &v.user);
        let items = nodeapprovers::items(yaml, &kep.text, role);
        let same_user: Vec<_> = items.iter().filter(|i| &i.user == user).collect();
        // Unambiguous only when the user is in the kep.yaml list with no comment at all.
        let fix = same_user
            .iter()
            .find(|i| i.comment.is_none() && !i.block)
            .filter(|_| same_user.iter().all(|i| !i.marked))
            .map(|item| Fix {
                title: format!("Mark `{user}` as {} in kep.yaml", role.marker()),
                edits: vec![FileEdit {
                    path: kep_path.clone(),
                    range: TextRange::empty(item.range.end),
                    new_text: format!(" # {}", role.marker()),
                }],
                preferred: true,
                ..Fix::default()
            });
        let related_range = same_user
            .first()
            .map(|i| i.range)
            .or_else(|| yaml.entry(role.key()).map(|e| e.key.range))
            .unwrap_or_default();
        let related = if same_user.is_empty() {
            format!("kep.yaml does not list `{user}` under {}", role.key())
        } else {
            format!("kep.yaml lists `{user}` under {} without the marker", role.key())
        };
        out.push(
            Diagnostic::new(
                RULE.code,
                range,
                format!(
                    "`{user}` is listed under {} in OWNERS but not marked `# {}` in kep.yaml",
                    role.key(),
                    role.marker()
                ),
            )
            .with_related(kep_path.clone(), related_range, related)
            .with_fixes(fix),
        );
    }
}

/// A new OWNERS file naming every assigned user in their role, as the real ones are written.
fn create_owners(path: &Path, missing: &[&Violation]) -> Fix {
    let mut text = String::from("# See the OWNERS docs at https://go.k8s.io/owners\n");
    for role in Role::BOTH {
        let users: Vec<&str> = missing.iter().filter(|v| v.role == role).map(|v| v.user.as_str()).collect();
        if users.is_empty() {
            continue;
        }
        text.push_str(&format!("\n{}:\n", role.key()));
        for user in users {
            text.push_str(&format!("  - {user} # {}\n", role.marker()));
        }
    }
    Fix {
        title: "Create OWNERS with the assigned reviewers and approvers".into(),
        creates: vec![NewFile { path: path.to_path_buf(), text }],
        preferred: true,
        ..Fix::default()
    }
}

/// An edit adding `user` to the `role` list of an OWNERS file: a line after the list's last
/// entry with its indentation, a first entry under an empty key, or a new list at the end.
/// `None` where the shape leaves a doubt (a flow list, a list of only null items).
fn add_to_owners(path: &Path, text: &str, owners: &OwnersFile, role: Role, user: &str) -> Option<FileEdit> {
    let entry = |indent: &str| format!("{indent}- {user} # {}", role.marker());
    let edit = |at: usize, new_text: String| {
        Some(FileEdit { path: PathBuf::from(path), range: TextRange::empty(at), new_text })
    };
    if let Some(last) = owners.list(role).last() {
        if text.as_bytes().get(owners.list_range(role)?.start) == Some(&b'[') {
            return None;
        }
        let line_start = text[..last.range.start].rfind('\n').map_or(0, |n| n + 1);
        let line = &text[line_start..last.range.start];
        let indent = &line[..line.len() - line.trim_start().len()];
        return match text[last.range.end..].find('\n') {
            Some(n) => edit(last.range.end + n + 1, format!("{}\n", entry(indent))),
            None => edit(text.len(), format!("\n{}\n", entry(indent))),
        };
    }
    if let Some(key) = owners.key(role) {
        if !owners.list_range(role)?.is_empty() {
            return None;
        }
        let end = text[key.end..].find(['\n', '\r']).map_or(text.len(), |n| key.end + n);
        return edit(end, format!("\n{}", entry("  ")));
    }
    let mut new_text = String::new();
    if !text.is_empty() && !text.ends_with('\n') {
        new_text.push('\n');
    }
    if !text.trim().is_empty() {
        new_text.push('\n');
    }
    new_text.push_str(&format!("{}:\n{}\n", role.key(), entry("  ")));
    edit(text.len(), new_text)
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{self, check_code};
    use expect_test::expect;

    const KEP: &str = "//- /ws/keps/sig-node/12-x/kep.yaml\n";
    const OWNERS: &str = "//- /ws/keps/sig-node/12-x/OWNERS\n";

    /// The OWNERS file of a fixture, checked (it is the fixture's first file).
    fn check_owners(owners: &str, kep: &str) -> String {
        check_code(&format!("{OWNERS}{owners}{KEP}{kep}"), "sig-node-owners-mismatch")
    }

    fn check_kep(kep: &str, owners: Option<&str>) -> String {
        let owners = owners.map(|o| format!("{OWNERS}{o}")).unwrap_or_default();
        check_code(&format!("{KEP}{kep}{owners}"), "sig-node-owners-mismatch")
    }

    #[test]
    fn a_marked_user_missing_from_owners() {
        expect![[r#"
            error[sig-node-owners-mismatch] 2:5: assigned reviewer `someoneelse` is not listed under reviewers in OWNERS
              |   - "@SomeoneElse" # sig-node-assigned-reviewer
              |     ^^^^^^^^^^^^^^
              = /ws/keps/sig-node/12-x/OWNERS: OWNERS reviewers: tallclair
              fix (preferred): Add `someoneelse` to reviewers in OWNERS
        "#]]
        .assert_eq(&check_kep(
            "reviewers:\n  - \"@SomeoneElse\" # sig-node-assigned-reviewer\n  - \"@tallclair\" # sig-node-assigned-reviewer\n",
            Some("reviewers:\n  - tallclair\n"),
        ));
    }

    #[test]
    fn no_owners_file() {
        expect![[r##"
            error[sig-node-owners-mismatch] 2:5: assigned reviewer `tallclair`: no OWNERS file beside this kep.yaml lists them
              |   - "@tallclair" # sig-node-assigned-reviewer
              |     ^^^^^^^^^^^^
              fix (preferred): Create OWNERS with the assigned reviewers and approvers
            error[sig-node-owners-mismatch] 4:5: assigned approver `dchen1107`: no OWNERS file beside this kep.yaml lists them
              |   - "@dchen1107" #sig-node-assigned-approver
              |     ^^^^^^^^^^^^
              fix (preferred): Create OWNERS with the assigned reviewers and approvers
        "##]]
        .assert_eq(&check_kep(
            "reviewers:\n  - \"@tallclair\" # sig-node-assigned-reviewer\napprovers:\n  - \"@dchen1107\" #sig-node-assigned-approver\n",
            None,
        ));
        assert_eq!(check_kep("reviewers:\n  - \"@tallclair\" # sig-node-tl\n", None), "", "no markers, no check");
    }

    #[test]
    fn an_owners_entry_without_a_marker() {
        expect![[r#"
            error[sig-node-owners-mismatch] 2:5: `mrunalp` is listed under reviewers in OWNERS but not marked `# sig-node-assigned-reviewer` in kep.yaml
              |   - mrunalp
              |     ^^^^^^^
              = /ws/keps/sig-node/12-x/kep.yaml: kep.yaml lists `mrunalp` under reviewers without the marker
              fix (preferred): Mark `mrunalp` as sig-node-assigned-reviewer in kep.yaml
            error[sig-node-owners-mismatch] 4:5: `derekwaynecarr` is listed under approvers in OWNERS but not marked `# sig-node-assigned-approver` in kep.yaml
              |   - derekwaynecarr # sig-node-assigned-approver
              |     ^^^^^^^^^^^^^^
              = /ws/keps/sig-node/12-x/kep.yaml: kep.yaml lists `derekwaynecarr` under approvers without the marker
        "#]]
        .assert_eq(&check_owners(
            "reviewers:\n  - mrunalp\napprovers:\n  - derekwaynecarr # sig-node-assigned-approver\n",
            "reviewers:\n  - \"@MrunalP\"\napprovers:\n  - \"@derekwaynecarr\" # sig-node-tl\n",
        ));
    }

    #[test]
    fn an_owners_file_upstream_cannot_read() {
        expect![[r#"
            error[sig-node-owners-mismatch] 1:1: upstream's node-approver check cannot read this OWNERS file (a kep.yaml sits beside it): `reviewers` must be a list of handles, found a scalar
              | reviewers: tallclair
              | ^^^^^^^^^^^^^^^^^^^^
        "#]]
        .assert_eq(&check_owners("reviewers: tallclair\n", "title: x\n"));
        assert_eq!(check_kep("reviewers:\n  - a # sig-node-assigned-reviewer\n", Some("reviewers: a\n")), "");
        // An OWNERS file without a kep.yaml beside it is not upstream's business.
        assert_eq!(check_code(&format!("{OWNERS}reviewers: a\n"), "sig-node-owners-mismatch"), "");
    }

    #[test]
    fn shapes_that_agree() {
        for (kep, owners) in [
            ("reviewers:\n  - \"@TallClair\" # sig-node-assigned-reviewer\n", "reviewers:\n  - tallclair\n"),
            ("reviewers: [\"@a\"] # sig-node-assigned-reviewer\n", "# nothing\n"),
            ("approvers:\n  - \"@a\" # sig-node-assigned-approver\n", "approvers:\n  - a\n  -\nfilters: {}\n"),
            (
                "reviewers:\n  - a # sig-node-assigned-reviewer\n  - a # sig-node-assigned-reviewer\n",
                "reviewers: [A]\n",
            ),
        ] {
            assert_eq!(check_kep(kep, Some(owners)), "", "{kep}");
            assert_eq!(check_owners(owners, kep), "", "{owners}");
        }
    }

    fn owners_after_fix(kep: &str, owners: &str) -> String {
        let (world, paths) = fixtures::world(&format!("{KEP}{kep}{OWNERS}{owners}"));
        let d = crate::ide::features::diagnostics(&world, &paths[0]);
        let edits = &d.iter().find(|d| d.code == "sig-node-owners-mismatch").expect("a diagnostic").fixes[0].edits;
        assert!(edits.iter().all(|e| e.path == paths[1]));
        crate::ide::fixes::apply(&world.file(&paths[1]).unwrap().text, edits)
    }

    #[test]
    fn adding_to_owners_keeps_its_shape() {
        let kep = "reviewers:\n  - \"@b\" # sig-node-assigned-reviewer\n";
        assert_eq!(
            owners_after_fix(kep, "# c\nreviewers:\n    - a\napprovers: []\n"),
            "# c\nreviewers:\n    - a\n    - b # sig-node-assigned-reviewer\napprovers: []\n"
        );
        assert_eq!(owners_after_fix(kep, "reviewers:\n"), "reviewers:\n  - b # sig-node-assigned-reviewer\n");
        assert_eq!(
            owners_after_fix(kep, "approvers:\n  - x"),
            "approvers:\n  - x\n\nreviewers:\n  - b # sig-node-assigned-reviewer\n"
        );
    }

    #[test]
    fn marking_the_kep_item() {
        let (world, paths) =
            fixtures::world(&format!("{OWNERS}reviewers:\n  - a\n{KEP}reviewers:\n  - \"@A\"\napprovers: []\n"));
        let d = crate::ide::features::diagnostics(&world, &paths[0]);
        let edits = &d[0].fixes[0].edits;
        assert!(edits.iter().all(|e| e.path == paths[1]));
        assert_eq!(
            crate::ide::fixes::apply(&world.file(&paths[1]).unwrap().text, edits),
            "reviewers:\n  - \"@A\" # sig-node-assigned-reviewer\napprovers: []\n"
        );
    }
}
