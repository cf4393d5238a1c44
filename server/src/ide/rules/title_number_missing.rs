//! `title-number-missing`: the README's title has no `KEP-<number>` prefix.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::markdown::{self, title};
use crate::ide::text::TextRange;

pub const RULE: Rule = Rule {
    code: "title-number-missing",
    severity: Severity::Hint,
    scope: Scope::Readme,
    check: Some(check),
    ci: false,
    summary: "The README's first H1 does not start with `KEP-<kep-number>:` as the template's does.",
    why: "The template's title is `# KEP-NNNN: title`, so a reader of the page knows which KEP it is. 218 real READMEs (mostly older ones) have no number (`KEP 3000:`, `KEP-0752 Title` and `[KEP-5027](...)` count as numbered), which is why this is only a hint; a number that differs from kep.yaml's is a `title-mismatch` warning.",
    example: "# Suspend Jobs\n(kep.yaml: `kep-number: 2232`)",
    fix: "Use the quick fix: it writes `KEP-<kep-number>: ` before the title.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(kep) = markdown::kep_yaml_of_readme(cx.world, cx.file) else { return };
    let Some(number) = kep.yaml().and_then(|y| y.string("kep-number")).map(|n| n.text.trim()) else { return };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return;
    }
    let Some(h1) = cx.file.outline().headings.iter().find(|h| h.level == 1) else { return };
    let parsed = title::parse(&h1.plain);
    if parsed.number.is_some() {
        return;
    }
    let raw = cx.text().get(h1.content.start..h1.content.end).unwrap_or_default();
    // `KEP: Title` gets its number after `KEP`; any other title gets the whole prefix.
    let (range, new_text) = if parsed.has_keyword && raw.get(..3).is_some_and(|k| k.eq_ignore_ascii_case("KEP")) {
        (TextRange::new(h1.content.start, h1.content.start + 3), format!("KEP-{number}"))
    } else {
        (TextRange::empty(h1.content.start), format!("KEP-{number}: "))
    };
    let range_flagged = if h1.content.is_empty() { h1.range } else { h1.content };
    out.push(
        Diagnostic::new(RULE.code, range_flagged, format!("the title has no `KEP-{number}:` prefix")).with_fix(
            Fix::replace(format!("Write `KEP-{number}:` before the title"), cx.file.path.clone(), range, new_text)
                .preferred(),
        ),
    );
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    fn fixture(h1: &str) -> String {
        format!(
            "//- /ws/keps/sig-a/12-x/README.md\n{h1}\n//- /ws/keps/sig-a/12-x/kep.yaml\ntitle: Swap\nkep-number: 12\n"
        )
    }

    #[test]
    fn a_title_without_number_gets_a_hint_and_a_prefix() {
        expect![[r#"
            hint[title-number-missing] 1:3: the title has no `KEP-12:` prefix
              | # Swap
              |   ^^^^
              fix (preferred): Write `KEP-12:` before the title
        "#]]
        .assert_eq(&check_code(&fixture("# Swap"), "title-number-missing"));
        assert_eq!(apply_first_fix(&fixture("# Swap"), "title-number-missing"), "# KEP-12: Swap\n");
        assert_eq!(apply_first_fix(&fixture("# KEP: Swap"), "title-number-missing"), "# KEP-12: Swap\n");
    }

    #[test]
    fn numbered_titles_pass() {
        assert_eq!(check_code(&fixture("# KEP-12: Swap"), "title-number-missing"), "");
        assert_eq!(check_code(&fixture("# KEP-13: Swap"), "title-number-missing"), "", "that is title-mismatch");
    }
}
