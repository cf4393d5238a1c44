//! `yaml-syntax`: the file is not valid YAML.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::text::TextRange;

pub const RULE: Rule = Rule {
    code: "yaml-syntax",
    severity: Severity::Error,
    scope: Scope::KepAndPrr,
    check: Some(check),
    ci: true,
    summary: "The file is not valid YAML.",
    why: "Upstream's decoder stops at the first syntax error and CI fails; kep-ls keeps using what parsed before it.",
    example: "status: [implementable",
    fix: "Correct the YAML at the position shown (a missing bracket or quote, a stray `:`, bad indentation).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let text = cx.text();
    for error in &yaml.tree.errors {
        out.push(Diagnostic::new(RULE.code, char_at(text, error.offset), error.message.clone()));
    }
}

/// The character at `offset`, or the one before it when `offset` is a line end or the file end,
/// so that the error is visible.
fn char_at(text: &str, offset: usize) -> TextRange {
    let offset = crate::ide::text::floor_char_boundary(text, offset);
    match text[offset..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => TextRange::new(offset, offset + c.len_utf8()),
        _ => match text[..offset].chars().next_back() {
            Some(c) if c != '\n' && c != '\r' => TextRange::new(offset - c.len_utf8(), offset),
            _ => TextRange::empty(offset),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn flags_the_position_of_the_error() {
        expect![[r#"
            error[yaml-syntax] 3:4: YAML syntax error: did not find expected ',' or ']'
              | foo: bar
              |    ^
        "#]]
        .assert_eq(&check_code("title: x\nstatus: [a\nfoo: bar\n", "yaml-syntax"));
    }

    #[test]
    fn an_unclosed_quote_points_at_the_opening_quote() {
        expect![[r#"
            error[yaml-syntax] 1:8: YAML syntax error: this quoted string is never closed: its closing quote is missing
              | title: "Foo
              |        ^
        "#]]
        .assert_eq(&check_code("title: \"Foo\nkep-number: 1\nstatus: provisional\n", "yaml-syntax"));
    }

    #[test]
    fn valid_yaml_is_not_flagged() {
        assert_eq!(check_code("title: x\nauthors: [\"@a\"]\n", "yaml-syntax"), "");
    }

    #[test]
    fn an_error_at_the_end_of_the_file_is_visible() {
        let out = check_code("title: \"x", "yaml-syntax");
        expect![[r#"
            error[yaml-syntax] 1:8: YAML syntax error: this quoted string is never closed: its closing quote is missing
              | title: "x
              |        ^
        "#]]
        .assert_eq(&out);
    }
}
