//! `title-mismatch`: the README's title disagrees with kep.yaml's `kep-number` or `title`.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, FileEdit, Fix, Severity};
use crate::ide::fixes;
use crate::ide::markdown::{self, title};
use crate::ide::text::TextRange;

pub const RULE: Rule = Rule {
    code: "title-mismatch",
    severity: Severity::Warning,
    scope: Scope::Readme,
    check: Some(check),
    ci: false,
    summary: "The README's first H1 is not `# KEP-<kep-number>: <title>` of kep.yaml: a different number, a different title, or no H1 at all.",
    why: "The H1 and kep.yaml's `title` are the two names of the KEP (the page and the tooling); a copied template or a renumbered KEP leaves one of them behind (`KEP-NNNN`, `KEP-2322` for 2232). Titles count as the same when their letters and digits are (`DRA: Foo` is `DRA Foo`). An H1 without a number is not this rule's business but `title-number-missing`'s (a hint: 218 real READMEs have none).",
    example: "# KEP-2322: Suspend Jobs\n(kep.yaml: `kep-number: 2232`, `title: Suspend Job`)",
    fix: "Use a quick fix: write kep.yaml's number and title into the heading, or write the heading's title into kep.yaml.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(kep) = markdown::kep_yaml_of_readme(cx.world, cx.file) else { return };
    let Some(yaml) = kep.yaml() else { return };
    let number = yaml.string("kep-number").map(|n| n.text.trim()).filter(|n| n.chars().all(|c| c.is_ascii_digit()));
    let kep_title = yaml.string("title").filter(|t| !t.text.trim().is_empty());
    let text = cx.text();
    let outline = cx.file.outline();
    let Some(h1) = outline.headings.iter().find(|h| h.level == 1) else {
        let (Some(number), Some(kep_title)) = (number, kep_title) else { return };
        let wanted = format!("# KEP-{number}: {}", kep_title.text.trim());
        let insertion = format!("{wanted}\n\n");
        out.push(
            Diagnostic::new(RULE.code, cx.top(), format!("the README has no title heading: expected `{wanted}`"))
                .with_fix(Fix::replace(
                    format!("Insert `{wanted}`"),
                    cx.file.path.clone(),
                    TextRange::empty(0),
                    insertion,
                )),
        );
        return;
    };
    let parsed = title::parse(&h1.plain);
    let wrong_number = parsed.number.zip(number).filter(|(written, number)| !title::same_number(written, number));
    let wrong_title = kep_title.filter(|t| !title::same_title(parsed.rest, t.text));
    if wrong_number.is_none() && wrong_title.is_none() {
        return;
    }
    let raw = text.get(h1.content.start..h1.content.end).unwrap_or_default();
    // The title part as written, when it is written without markup (then it can be edited alone).
    let rest_range = (!parsed.rest.is_empty() && raw.ends_with(parsed.rest))
        .then(|| TextRange::new(h1.content.end - parsed.rest.len(), h1.content.end));
    let prefix_end = rest_range.map_or(h1.content.end, |r| r.start);

    let mut messages = Vec::new();
    let mut heading_edits: Vec<FileEdit> = Vec::new();
    if let Some((written, number)) = wrong_number {
        messages.push(format!("the title says KEP-{written}, kep.yaml's `kep-number` is {number}"));
        for at in number_places(raw, written, prefix_end - h1.content.start) {
            let start = h1.content.start + at;
            heading_edits.push(FileEdit {
                path: cx.file.path.clone(),
                range: TextRange::new(start, start + written.len()),
                new_text: number.to_string(),
            });
        }
    }
    let mut fixes = Vec::new();
    if let Some(kep_title) = wrong_title {
        let wanted = kep_title.text.trim();
        messages.push(format!("the title `{}` differs from kep.yaml's `title: {wanted}`", parsed.rest));
        match rest_range {
            Some(rest) => {
                heading_edits.push(FileEdit { path: cx.file.path.clone(), range: rest, new_text: wanted.to_string() })
            }
            None => {
                let new_text = match number {
                    Some(number) => format!("KEP-{number}: {wanted}"),
                    None => wanted.to_string(),
                };
                heading_edits = vec![FileEdit { path: cx.file.path.clone(), range: h1.content, new_text }];
            }
        }
        if !parsed.rest.is_empty() {
            let quoted = kep.text.get(kep_title.range.start..).is_some_and(|v| v.starts_with(['"', '\'']));
            fixes.push(Fix {
                title: format!("Set kep.yaml's title to `{}`", parsed.rest),
                edits: vec![FileEdit {
                    path: kep.path.clone(),
                    range: kep_title.range,
                    new_text: title::yaml_scalar(parsed.rest, quoted),
                }],
                ..Fix::default()
            });
        }
    }
    if !heading_edits.is_empty() {
        let relative: Vec<FileEdit> = heading_edits
            .iter()
            .map(|e| FileEdit {
                range: TextRange::new(e.range.start - h1.content.start, e.range.end - h1.content.start),
                ..e.clone()
            })
            .collect();
        let expected = fixes::apply(raw, &relative);
        let heading_fix = Fix {
            title: format!("Change the heading to `{expected}`"),
            edits: heading_edits,
            preferred: wrong_title.is_none(),
            ..Fix::default()
        };
        fixes.insert(0, heading_fix);
    }
    let range = if h1.content.is_empty() { h1.range } else { h1.content };
    let mut diagnostic = Diagnostic::new(RULE.code, range, messages.join("; "));
    diagnostic.fixes = fixes;
    out.push(diagnostic);
}

/// Where `number` is written in the prefix of the heading (`KEP-12`, and `issues/12` of a link around it).
fn number_places(raw: &str, number: &str, prefix_len: usize) -> Vec<usize> {
    let prefix = raw.get(..prefix_len).unwrap_or(raw);
    prefix
        .match_indices(number)
        .filter(|&(at, _)| {
            let before = prefix.get(..at).and_then(|b| b.chars().last());
            let after = prefix.get(at + number.len()..).and_then(|a| a.chars().next());
            before.is_some_and(|c| matches!(c, '-' | ' ' | '/')) && !after.is_some_and(|c| c.is_alphanumeric())
        })
        .map(|(at, _)| at)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code, world};
    use expect_test::expect;

    fn fixture(h1: &str, kep: &str) -> String {
        format!("//- /ws/keps/sig-a/2232-x/README.md\n{h1}\n\nText.\n//- /ws/keps/sig-a/2232-x/kep.yaml\n{kep}")
    }

    #[test]
    fn a_byte_order_mark_does_not_hide_the_title() {
        let fixture = "//- /ws/keps/sig-a/1-x/README.md\n\u{feff}# KEP-1: X\n//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\nkep-number: 1\n";
        assert_eq!(check_code(fixture, "title-mismatch"), "");
    }

    #[test]
    fn a_different_number_is_fixed_in_the_heading() {
        let f = fixture("# KEP-2322: Suspend Jobs", "title: Suspend Jobs\nkep-number: 2232\n");
        expect![[r#"
            warning[title-mismatch] 1:3: the title says KEP-2322, kep.yaml's `kep-number` is 2232
              | # KEP-2322: Suspend Jobs
              |   ^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Change the heading to `KEP-2232: Suspend Jobs`
        "#]]
        .assert_eq(&check_code(&f, "title-mismatch"));
        assert!(apply_first_fix(&f, "title-mismatch").starts_with("# KEP-2232: Suspend Jobs\n"));
    }

    #[test]
    fn the_number_in_a_link_around_it_follows() {
        let f = fixture(
            "# [KEP-5027](https://github.com/kubernetes/enhancements/issues/5027): DRA",
            "title: DRA\nkep-number: 5028\n",
        );
        assert!(apply_first_fix(&f, "title-mismatch")
            .starts_with("# [KEP-5028](https://github.com/kubernetes/enhancements/issues/5028): DRA\n"));
    }

    #[test]
    fn a_different_title_has_fixes_in_both_directions() {
        let f = fixture("# KEP-2232: Suspend Jobs", "title: \"Suspend Job\"\nkep-number: 2232\n");
        expect![[r#"
            warning[title-mismatch] 1:3: the title `Suspend Jobs` differs from kep.yaml's `title: Suspend Job`
              | # KEP-2232: Suspend Jobs
              |   ^^^^^^^^^^^^^^^^^^^^^^
              fix: Change the heading to `KEP-2232: Suspend Job`
              fix: Set kep.yaml's title to `Suspend Jobs`
        "#]]
        .assert_eq(&check_code(&f, "title-mismatch"));
        assert!(apply_first_fix(&f, "title-mismatch").starts_with("# KEP-2232: Suspend Job\n"));
        // The other fix edits kep.yaml, keeping its quotes.
        let (world, paths) = world(&f);
        let diagnostics = crate::ide::features::diagnostics(&world, &paths[0]);
        let fix = &diagnostics.iter().find(|d| d.code == "title-mismatch").unwrap().fixes[1];
        assert_eq!(fix.edits[0].path, paths[1]);
        let kep = crate::ide::fixes::apply(&world.file(&paths[1]).unwrap().text, &fix.edits);
        assert_eq!(kep, "title: \"Suspend Jobs\"\nkep-number: 2232\n");
    }

    #[test]
    fn punctuation_case_and_markup_do_not_count() {
        for h1 in ["# KEP-2232: DRA: Node `Allocatable` Resources", "# kep-02232 - dra node allocatable resources"] {
            let f = fixture(h1, "title: DRA Node Allocatable Resources\nkep-number: 2232\n");
            assert_eq!(check_code(&f, "title-mismatch"), "", "{h1}");
        }
    }

    #[test]
    fn a_placeholder_number_is_a_different_number() {
        let f = fixture("# KEP-NNNN: Go", "title: Go\nkep-number: 2232\n");
        expect![[r#"
            warning[title-mismatch] 1:3: the title says KEP-NNNN, kep.yaml's `kep-number` is 2232
              | # KEP-NNNN: Go
              |   ^^^^^^^^^^^^
              fix (preferred): Change the heading to `KEP-2232: Go`
        "#]]
        .assert_eq(&check_code(&f, "title-mismatch"));
        assert!(apply_first_fix(&f, "title-mismatch").starts_with("# KEP-2232: Go\n"));
    }

    #[test]
    fn a_missing_h1_is_inserted() {
        let f = "//- /ws/keps/sig-a/2232-x/README.md\n## Summary\n//- /ws/keps/sig-a/2232-x/kep.yaml\ntitle: Go\nkep-number: 2232\n";
        expect![[r#"
            warning[title-mismatch] 1:1: the README has no title heading: expected `# KEP-2232: Go`
              | ## Summary
              | ^^^^^^^^^^
              fix: Insert `# KEP-2232: Go`
        "#]]
        .assert_eq(&check_code(f, "title-mismatch"));
        assert_eq!(apply_first_fix(f, "title-mismatch"), "# KEP-2232: Go\n\n## Summary\n");
    }

    #[test]
    fn no_number_is_not_a_mismatch() {
        let f = fixture("# Suspend Jobs", "title: Suspend Jobs\nkep-number: 2232\n");
        assert_eq!(check_code(&f, "title-mismatch"), "");
    }
}
