//! `document-separator`: a line containing `---`, which upstream treats as a document boundary.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::layout::FileKind;

pub const RULE: Rule = Rule {
    code: "document-separator",
    severity: Severity::Error,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: true,
    summary: "A line containing `---` anywhere (even in a comment or a value), which makes upstream read only part of the file.",
    why: "Upstream's KEP parser treats every line that contains `---` as a separator and decodes only the lines between the first and the second one: the rest of the file is silently dropped, and a file ending in such a line fails with `EOF`.",
    example: "title: Foo --- a new API",
    fix: "Remove the `---` (write `--` or `—` in text). A single `---` on the first line, with nothing but comments above it, is harmless.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if cx.file.kind != FileKind::KepYaml {
        return;
    }
    let text = cx.text();
    let index = cx.file.line_index();
    let lines: Vec<_> = (0..index.line_count()).map(|l| index.line_content(text, l)).collect();
    let separators: Vec<usize> =
        (0..lines.len()).filter(|&l| text[lines[l].start..lines[l].end].contains("---")).collect();
    if harmless(text, &lines, &separators) {
        return;
    }
    for &line in &separators {
        let range = lines[line];
        let column = text[range.start..range.end].find("---").unwrap_or(0);
        let at = crate::ide::text::TextRange::new(range.start + column, range.start + column + 3);
        let message = if separators.len() == 1 {
            "this line contains `---`: upstream's parser keeps only the lines after it, so everything above is ignored by CI"
        } else {
            "this line contains `---`: upstream's parser keeps only the lines between the first two such lines, so the rest is ignored by CI"
        };
        out.push(Diagnostic::new(RULE.code, at, message));
    }
}

/// One `---` line, exactly that, with only blank and comment lines above: nothing is lost.
fn harmless(text: &str, lines: &[crate::ide::text::TextRange], separators: &[usize]) -> bool {
    match separators {
        [] => true,
        [only] => {
            let line = &text[lines[*only].start..lines[*only].end];
            line.trim_end() == "---"
                && lines[..*only].iter().all(|r| {
                    let l = text[r.start..r.end].trim();
                    l.is_empty() || l.starts_with('#')
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn a_dash_line_anywhere_drops_content() {
        expect![[r#"
            error[document-separator] 2:3: this line contains `---`: upstream's parser keeps only the lines after it, so everything above is ignored by CI
              | # --- metadata ---
              |   ^^^
        "#]]
        .assert_eq(&check_code("title: x\n# --- metadata ---\nstatus: provisional\n", "document-separator"));
    }

    #[test]
    fn two_separators_are_both_flagged() {
        assert_eq!(check_code("---\ntitle: x\n---\n", "document-separator").matches("error").count(), 2);
    }

    #[test]
    fn a_leading_separator_is_harmless() {
        assert_eq!(check_code("# comment\n---\ntitle: x\n", "document-separator"), "");
        assert_eq!(check_code("title: a -- b\n", "document-separator"), "");
    }
}
