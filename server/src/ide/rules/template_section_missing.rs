//! `template-section-missing`: a section of the KEP template that a KEP's README lacks.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, FileEdit, Fix, Severity};
use crate::ide::layout;
use crate::ide::markdown::{self, edit, template};

pub const RULE: Rule = Rule {
    code: "template-section-missing",
    severity: Severity::Information,
    scope: Scope::Readme,
    check: Some(check),
    ci: false,
    summary: "A non-optional section of the KEP template (`keps/NNNN-kep-template/README.md`) that the README lacks, compared by level and order.",
    why: "Reviewers and the PRR team look for the template's sections; upstream's `hack/verify-toc-vs-template.sh` prints the ones a changed README lacks. Headings match when their letters and digits match (case and punctuation aside) at the same level, in the template's order. The template is read from the workspace when it is there, else a built-in copy of its headings is used. Sections marked `(Optional)` (and their subsections) may be left out. The PRR questionnaire's `######` questions are not compared: the TOC does not show them, their wording changed between template versions, and a README that answers the questions in prose would get one diagnostic per question; the six PRR subsections are compared.",
    example: "## Summary\n\n## Proposal",
    fix: "Use the quick fix: it inserts the missing heading (with its missing subsections) where the template puts it, and updates the table of contents.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if markdown::kep_yaml_of_readme(cx.world, cx.file).is_none() {
        return;
    }
    let template_file = cx.file.place.as_ref().and_then(|place| cx.world.file(&layout::template_readme(&place.root)));
    let from_workspace = template_file.map(|file| template::sections_of(&file.text, file.outline()));
    let sections = match from_workspace {
        Some(sections) if sections.iter().any(|s| !s.optional) => sections,
        _ => template::built_in(),
    };
    let text = cx.text();
    let outline = cx.file.outline();
    for missing in template::missing(text, outline, &sections) {
        let first = missing.heading(0);
        let mut message = format!("missing template section `{first}`");
        match missing.sections.len() {
            1 => {}
            2 => message.push_str(&format!(" and its subsection `{}`", missing.heading(1))),
            n => message.push_str(&format!(" and {} of its subsections", n - 1)),
        }
        let mut diagnostic = Diagnostic::new(RULE.code, template::report_range(text, outline, &missing), message);
        // Preparing the fix regenerates the TOC: only when fixes are asked for.
        if cx.with_fixes {
            let insertion = FileEdit {
                path: cx.file.path.clone(),
                range: crate::ide::text::TextRange::empty(missing.insert_at),
                new_text: template::insertion(text, &missing),
            };
            diagnostic = diagnostic.with_fix(Fix {
                title: format!("Insert `{first}`"),
                edits: edit::with_toc_update(text, &cx.file.path, vec![insertion]),
                preferred: true,
                ..Fix::default()
            });
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    const KEP: &str = "//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\nkep-number: 1\n";

    fn readme(body: &str) -> String {
        format!("//- /ws/keps/sig-a/1-x/README.md\n{body}{KEP}")
    }

    const PARTIAL: &str = "# KEP-1: X\n\n<!-- toc -->\n- [Summary](#summary)\n- [Proposal](#proposal)\n<!-- /toc -->\n\n## Summary\n\nText.\n\n## Proposal\n\nMore.\n";

    #[test]
    fn the_built_in_template_is_used_without_a_workspace_template() {
        expect![[r#"
            info[template-section-missing] 1:1: missing template section `## Release Signoff Checklist`
              | # KEP-1: X
              | ^^^^^^^^^^
              fix (preferred): Insert `## Release Signoff Checklist`
            info[template-section-missing] 8:1: missing template section `## Motivation` and 2 of its subsections
              | ## Summary
              | ^^^^^^^^^^
              fix (preferred): Insert `## Motivation`
            info[template-section-missing] 12:1: missing template section `### Risks and Mitigations`
              | ## Proposal
              | ^^^^^^^^^^^
              fix (preferred): Insert `### Risks and Mitigations`
            info[template-section-missing] 12:1: missing template section `## Design Details` and 8 of its subsections
              | ## Proposal
              | ^^^^^^^^^^^
              fix (preferred): Insert `## Design Details`
            info[template-section-missing] 12:1: missing template section `## Production Readiness Review Questionnaire` and 6 of its subsections
              | ## Proposal
              | ^^^^^^^^^^^
              fix (preferred): Insert `## Production Readiness Review Questionnaire`
            info[template-section-missing] 12:1: missing template section `## Implementation History`
              | ## Proposal
              | ^^^^^^^^^^^
              fix (preferred): Insert `## Implementation History`
            info[template-section-missing] 12:1: missing template section `## Drawbacks`
              | ## Proposal
              | ^^^^^^^^^^^
              fix (preferred): Insert `## Drawbacks`
            info[template-section-missing] 12:1: missing template section `## Alternatives`
              | ## Proposal
              | ^^^^^^^^^^^
              fix (preferred): Insert `## Alternatives`
        "#]]
        .assert_eq(&check_code(&readme(PARTIAL), "template-section-missing"));
    }

    #[test]
    fn the_fix_inserts_the_section_and_updates_the_toc() {
        let fixture = readme(PARTIAL);
        let fixed = apply_first_fix(&fixture, "template-section-missing");
        assert_eq!(
            fixed,
            "# KEP-1: X\n\n<!-- toc -->\n- [Release Signoff Checklist](#release-signoff-checklist)\n- [Summary](#summary)\n- [Proposal](#proposal)\n<!-- /toc -->\n\n## Release Signoff Checklist\n\n## Summary\n\nText.\n\n## Proposal\n\nMore.\n"
        );
    }

    #[test]
    fn the_workspace_template_wins() {
        let template = "//- /ws/keps/NNNN-kep-template/README.md\n# KEP-NNNN: T\n<!-- toc -->\n<!-- /toc -->\n## Summary\n### Only Here\n## Later (Optional)\n//- /ws/keps/NNNN-kep-template/kep.yaml\ntitle: T\n";
        let fixture = format!("{}{template}", readme("# KEP-1: X\n## Summary\n## Other\n"));
        expect![[r#"
            info[template-section-missing] 2:1: missing template section `### Only Here`
              | ## Summary
              | ^^^^^^^^^^
              fix (preferred): Insert `### Only Here`
        "#]]
        .assert_eq(&check_code(&fixture, "template-section-missing"));
        let fixed = apply_first_fix(&fixture, "template-section-missing");
        assert_eq!(fixed, "# KEP-1: X\n## Summary\n### Only Here\n\n## Other\n");
    }

    #[test]
    fn only_kep_readmes_are_checked() {
        assert_eq!(check_code("//- /ws/keps/sig-a/1-x/README.md\n# T\n", "template-section-missing"), "");
        let template =
            "//- /ws/keps/NNNN-kep-template/README.md\n# T\n//- /ws/keps/NNNN-kep-template/kep.yaml\ntitle: T\n";
        assert_eq!(check_code(template, "template-section-missing"), "");
        assert_eq!(check_code(&format!("//- /ws/keps/sig-a/1-x/notes.md\n# T\n{KEP}"), "template-section-missing"), "");
    }
}
