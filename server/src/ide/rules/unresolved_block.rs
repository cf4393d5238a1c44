//! `unresolved-block`: an open question, `<<[UNRESOLVED ...]>>` ... `<<[/UNRESOLVED]>>`.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "unresolved-block",
    severity: Severity::Information,
    scope: Scope::Markdown,
    check: Some(check),
    ci: false,
    summary: "An `<<[UNRESOLVED ...]>>` block: a question the KEP has not settled (in the text or in a code fence, as the template shows them; not in HTML comments or code spans).",
    why: "The template asks authors to mark debated parts this way; a KEP should not become implementable with open ones. Listing them keeps them visible. Switch the rule off (`\"unresolved-block\": \"off\"`) when they are expected.",
    example: "<<[UNRESOLVED @alice: which API? ]>>\nOption A or B.\n<<[/UNRESOLVED]>>",
    fix: "Settle the question, then remove the markers (keeping the answer).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    for block in &cx.file.outline().unresolved {
        let mut message = if block.context.is_empty() {
            "unresolved block".to_string()
        } else {
            format!("unresolved: {}", block.context)
        };
        if !block.closed {
            message.push_str(" (no `<<[/UNRESOLVED]>>` closes it)");
        }
        out.push(Diagnostic::new(RULE.code, block.opener, message));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn each_block_is_reported_on_its_opening_marker() {
        let fixture = "//- /ws/keps/sig-a/1-x/README.md\n# T\n\n<<[UNRESOLVED @alice: which API? ]>>\nA or B.\n<<[/UNRESOLVED]>>\n\n<!--\n<<[UNRESOLVED template guidance ]>>\n<<[/UNRESOLVED]>>\n-->\n\nText <<[UNRESOLVED]>> open.\n";
        expect![[r#"
            info[unresolved-block] 3:1: unresolved: @alice: which API?
              | <<[UNRESOLVED @alice: which API? ]>>
              | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
            info[unresolved-block] 12:6: unresolved block (no `<<[/UNRESOLVED]>>` closes it)
              | Text <<[UNRESOLVED]>> open.
              |      ^^^^^^^^^^^^^^^^
        "#]]
        .assert_eq(&check_code(fixture, "unresolved-block"));
    }
}
