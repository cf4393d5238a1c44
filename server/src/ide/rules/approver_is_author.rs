//! `approver-is-author` (information): an approver who is also an author of the KEP.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "approver-is-author",
    severity: Severity::Information,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "An `approvers` entry who is also in `authors` (handles compared without `@` and case).",
    why: "The KEP process asks for approvers distinct from the authors: approval is the owning SIG's check on the proposal. Small SIGs sometimes have no one else, so this is information, not a warning.",
    example: "authors:\n  - \"@soltysh\"\napprovers:\n  - \"@soltysh\"",
    fix: "Ask another approver of the owning SIG to approve, or keep it if the SIG agreed.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let authors: Vec<String> = yaml.strings("authors").iter().filter_map(|a| person(a.text)).collect();
    for approver in yaml.strings("approvers") {
        let Some(name) = person(approver.text) else { continue };
        if authors.contains(&name) {
            out.push(Diagnostic::new(
                RULE.code,
                approver.range,
                format!(
                    "`{}` approves a KEP they wrote: approvers should be distinct from the authors",
                    approver.text.trim()
                ),
            ));
        }
    }
}

/// A person's handle in a comparable form; `None` for `TBD`.
fn person(text: &str) -> Option<String> {
    let name = text.trim().trim_start_matches('@').to_ascii_lowercase();
    (!name.is_empty() && name != "tbd").then_some(name)
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn an_author_approving_their_own_kep() {
        expect![[r#"
            info[approver-is-author] 6:5: `jpbetz` approves a KEP they wrote: approvers should be distinct from the authors
              |   - jpbetz
              |     ^^^^^^
        "#]]
        .assert_eq(&check_code(
            "authors:\n  - \"@JPBetz\"\n  - TBD\napprovers:\n  - \"@deads2k\"\n  - jpbetz\n  - TBD\n",
            "approver-is-author",
        ));
    }

    #[test]
    fn distinct_people_and_tbd_pass() {
        for fixture in [
            "authors:\n  - \"@a\"\napprovers:\n  - \"@b\"\n",
            "authors:\n  - TBD\napprovers:\n  - TBD\n",
            "approvers:\n  - \"@a\"\n",
            "authors: \"@a\"\napprovers:\n  - \"@a\"\n",
        ] {
            assert_eq!(check_code(fixture, "approver-is-author"), "", "{fixture}");
        }
    }
}
