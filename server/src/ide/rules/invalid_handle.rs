//! `invalid-handle`: an entry of `authors`, `reviewers` or `approvers` that is not a GitHub handle.
//!
//! Accepted: `"@handle"`, a bare `handle` (dozens of real KEPs write them so, and `@` needs quotes
//! in YAML), a team `"@org/team"`, and `TBD`.

use super::quickfix;
use super::{template_placeholder, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::yaml::Node;

pub const RULE: Rule = Rule {
    code: "invalid-handle",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "An `authors`, `reviewers` or `approvers` entry that is not `\"@handle\"` or `TBD`: curly quotes, spaces, free text, a group name.",
    why: "These lists say who must review and approve; tools mention and assign the people in them. `“@sjenning”`, `\"@seans3 \"` or `with input from @a, @b` name nobody GitHub knows, and CI does not check.",
    example: "reviewers:\n  - “@sjenning”",
    fix: "Write one GitHub handle per entry, `\"@handle\"`, or `TBD` while unknown. The quick fix straightens curly quotes and trims spaces (applied by fix-all), or keeps the handle and moves free text into a comment (offered).",
};

pub const PEOPLE_KEYS: &[&str] = &["authors", "reviewers", "approvers"];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    for key in PEOPLE_KEYS {
        let Some(items) = yaml.entry(key).and_then(|e| e.value.as_seq()) else { continue };
        for item in items {
            check_entry(cx, key, item, out);
        }
    }
}

fn check_entry(cx: &Cx, key: &str, node: &Node, out: &mut Vec<Diagnostic>) {
    let Some(text) = node.as_str() else { return };
    if text == "TBD" || template_placeholder::is_placeholder(text) {
        return;
    }
    let expected = "expected `\"@handle\"` or `TBD`";
    let stripped = text.trim_matches(|c: char| c.is_whitespace() || "“”‘’\"'".contains(c));
    if stripped != text && (is_person(stripped) || stripped == "TBD") {
        let what = if text.contains(['“', '”', '‘', '’']) { "curly quotes" } else { "spaces or quotes" };
        let new = if stripped.starts_with('@') { quickfix::double_quoted(stripped) } else { stripped.to_string() };
        let fix =
            Fix::replace(format!("Write {new}"), cx.file.path.clone(), node.range, new.clone()).preferred().safe();
        out.push(
            Diagnostic::new(
                RULE.code,
                node.range,
                format!("`{text}` in `{key}` has {what} around the handle: write {new}"),
            )
            .with_fix(fix),
        );
        return;
    }
    if is_person(text) {
        let bare = text.trim_start_matches('@');
        if cx.world.groups().contains(bare) {
            out.push(Diagnostic::new(
                RULE.code,
                node.range,
                format!("`{text}` in `{key}` is a group, not a person: name its people, {expected}"),
            ));
        }
        return;
    }
    if is_team(text) {
        return;
    }
    let first_word = text.split([' ', ',', '(', '\t']).next().unwrap_or_default();
    let leading_handle = first_word != text && first_word.starts_with('@') && is_person(first_word);
    let message = if leading_handle {
        format!("`{text}` in `{key}` is a handle with free text: write one handle per entry ({expected}), notes in a comment")
    } else if text.contains('@') && text.split_whitespace().count() > 1 {
        format!("`{text}` in `{key}` is free text: write one handle per entry, {expected}")
    } else {
        format!("`{text}` in `{key}` is not a GitHub handle (letters, digits and single hyphens): {expected}")
    };
    let fix = leading_handle.then(|| keep_handle(cx, node, first_word, text)).flatten();
    out.push(Diagnostic::new(RULE.code, node.range, message).with_fixes(fix));
}

/// Keeps the handle as the value and the rest of the entry as a comment after it, when nothing else
/// follows on the line (in a flow list `[a, b]` a comment would swallow the rest).
fn keep_handle(cx: &Cx, node: &Node, handle: &str, text: &str) -> Option<Fix> {
    let source = cx.text();
    let line_end = source.get(node.range.end..)?.find('\n').map_or(source.len(), |i| node.range.end + i);
    if !source.get(node.range.end..line_end)?.trim().is_empty() {
        return None;
    }
    let note = text[handle.len()..].trim().trim_start_matches(['-', ',']).trim();
    let value = if handle.starts_with('@') { quickfix::double_quoted(handle) } else { handle.to_string() };
    let new = if note.is_empty() { value } else { format!("{value} # {note}") };
    Some(Fix::replace(format!("Keep only {handle}, the rest as a comment"), cx.file.path.clone(), node.range, new))
}

/// A GitHub login, with or without `@`: letters, digits and inner single hyphens, at most 39.
pub fn is_person(text: &str) -> bool {
    let login = text.strip_prefix('@').unwrap_or(text);
    !login.is_empty()
        && login.len() <= 39
        && login.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !login.starts_with('-')
        && !login.ends_with('-')
        && !login.contains("--")
}

/// `@org/team`: a GitHub team.
fn is_team(text: &str) -> bool {
    let Some((org, team)) = text.strip_prefix('@').and_then(|t| t.split_once('/')) else { return false };
    is_person(org) && !team.is_empty() && team.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::is_person;
    use crate::ide::fixtures::{apply_first_fix, check_code, world};
    use expect_test::expect;

    #[test]
    fn the_real_oddities() {
        expect![[r#"
            warning[invalid-handle] 2:5: `“@sjenning”` in `reviewers` has curly quotes around the handle: write "@sjenning"
              |   - “@sjenning”
              |     ^^^^^^^^^^^
              fix (preferred): Write "@sjenning"
            warning[invalid-handle] 3:5: `@seans3 ` in `reviewers` has spaces or quotes around the handle: write "@seans3"
              |   - "@seans3 "
              |     ^^^^^^^^^^
              fix (preferred): Write "@seans3"
            warning[invalid-handle] 4:5: `sig-node` in `reviewers` is a group, not a person: name its people, expected `"@handle"` or `TBD`
              |   - sig-node
              |     ^^^^^^^^
            warning[invalid-handle] 6:5: `with input from @bgrant0607, @dchen1107` in `authors` is free text: write one handle per entry, expected `"@handle"` or `TBD`
              |   - with input from @bgrant0607, @dchen1107
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            warning[invalid-handle] 8:5: `@deads2k - For Kube API Server portion of KEP` in `approvers` is a handle with free text: write one handle per entry (expected `"@handle"` or `TBD`), notes in a comment
              |   - "@deads2k - For Kube API Server portion of KEP"
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix: Keep only @deads2k, the rest as a comment
            warning[invalid-handle] 9:5: `@quinton_hoole` in `approvers` is not a GitHub handle (letters, digits and single hyphens): expected `"@handle"` or `TBD`
              |   - "@quinton_hoole"
              |     ^^^^^^^^^^^^^^^^
        "#]]
        .assert_eq(&check_code(
            "reviewers:\n  - “@sjenning”\n  - \"@seans3 \"\n  - sig-node\nauthors:\n  - with input from @bgrant0607, @dchen1107\napprovers:\n  - \"@deads2k - For Kube API Server portion of KEP\"\n  - \"@quinton_hoole\"\n",
            "invalid-handle",
        ));
    }

    #[test]
    fn handles_teams_tbd_and_placeholders_pass() {
        let fixture = "authors:\n  - \"@jane\"\n  - deads2k\n  - \"@Huang-Wei\"\nreviewers:\n  - TBD\n  - \"@kubernetes/wg-component-standard\"\napprovers:\n  - \"@jane.doe\"\n  - ~\nsee-also:\n  - sig-node\n";
        assert_eq!(check_code(fixture, "invalid-handle"), "");
    }

    #[test]
    fn logins() {
        for ok in ["a", "@a-b", "@A1", &"x".repeat(39)] {
            assert!(is_person(ok), "{ok}");
        }
        for bad in ["@", "@-a", "@a-", "@a--b", "@a_b", "@a.b", &"x".repeat(40), "“@a”"] {
            assert!(!is_person(bad), "{bad}");
        }
    }

    #[test]
    fn the_fixes_straighten_trim_and_keep_the_handle() {
        assert_eq!(
            apply_first_fix("reviewers:\n  - “@neolit123”\n", "invalid-handle"),
            "reviewers:\n  - \"@neolit123\"\n"
        );
        assert_eq!(apply_first_fix("reviewers:\n  - ' TBD '\n", "invalid-handle"), "reviewers:\n  - TBD\n");
        assert_eq!(
            apply_first_fix("approvers:\n  - \"@bowei - For networking/proxy portion of KEP\"\n", "invalid-handle"),
            "approvers:\n  - \"@bowei\" # For networking/proxy portion of KEP\n"
        );
        let (world, paths) = world("approvers: [\"@bowei - networking\", \"@x\"]\n");
        let d = crate::ide::features::diagnostics(&world, &paths[0]);
        assert!(d.iter().filter(|d| d.code == "invalid-handle").all(|d| d.fixes.is_empty()), "{d:?}");
    }
}
