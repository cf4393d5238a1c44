//! `reference-form`: a reference that resolves but is not written `/keps/<sig>/<NNNN-slug>`.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::graph;
use crate::ide::layout::FileKind;
use crate::ide::refs::{self, RefForm, Resolution};

pub const RULE: Rule = Rule {
    code: "reference-form",
    severity: Severity::Hint,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "A `see-also`/`replaces`/`superseded-by` entry that resolves, but is written as a URL, a Markdown link, with the `/kep/` typo or another variant of `/keps/<sig>/<NNNN-slug>`.",
    why: "Tools (and people) read these lists; one canonical form keeps them comparable, survives repository moves, and is what the template shows.",
    example: "see-also:\n  - https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/1287-in-place-update-pod-resources",
    fix: "Use the quick fix: it writes `\"/keps/<sig>/<NNNN-slug>\"`.",
};

/// The forms that name a KEP path in a roundabout way. `KEP-123` and bare numbers are left
/// alone: the process document itself suggests `KEP-123`.
fn roundabout(form: RefForm) -> bool {
    matches!(
        form,
        RefForm::KepPathNoLeadingSlash
            | RefForm::KepPathTrailingSlash
            | RefForm::KepPathToReadme
            | RefForm::KepPathToKepYaml
            | RefForm::KepTypo
            | RefForm::RepoUrl
            | RefForm::ShortRepoUrl
            | RefForm::RepoPath
            | RefForm::MarkdownLink
            | RefForm::Parenthesized
            | RefForm::SigRelativePath
            | RefForm::KepDirName
    )
}

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if cx.file.kind != FileKind::KepYaml {
        return;
    }
    for reference in graph::outgoing(cx.file) {
        if !roundabout(reference.parsed.form) {
            continue;
        }
        let Resolution::Resolved { dir } = graph::resolve(cx.world, cx.file, &reference.parsed) else { continue };
        let canonical = refs::canonical(&dir);
        out.push(
            Diagnostic::new(RULE.code, reference.range, format!("write this reference as `{canonical}`")).with_fix(
                Fix::replace(
                    format!("Write `{canonical}`"),
                    cx.file.path.clone(),
                    reference.range,
                    format!("\"{canonical}\""),
                )
                .preferred(),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::ide::fixtures::{apply_first_fix, check_code};

    const TARGET: &str = "//- /ws/keps/sig-node/1287-in-place/kep.yaml\ntitle: In-place\n";

    #[test]
    fn urls_typos_and_links_get_the_canonical_form() {
        let mut out = String::new();
        for raw in [
            "https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/1287-in-place",
            "\"[in-place](https://github.com/kubernetes/enhancements/blob/abc123/keps/sig-node/1287-in-place/README.md)\"",
            "/kep/sig-node/1287-in-place",
            "keps/sig-node/1287-in-place/",
        ] {
            let fixture = format!("//- /ws/keps/sig-a/1-x/kep.yaml\nsee-also:\n  - {raw}\n{TARGET}");
            out.push_str(&check_code(&fixture, "reference-form"));
            assert_eq!(apply_first_fix(&fixture, "reference-form"), "see-also:\n  - \"/keps/sig-node/1287-in-place\"\n");
        }
        expect![[r#"
            hint[reference-form] 2:5: write this reference as `/keps/sig-node/1287-in-place`
              |   - https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/1287-in-place
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Write `/keps/sig-node/1287-in-place`
            hint[reference-form] 2:5: write this reference as `/keps/sig-node/1287-in-place`
              |   - "[in-place](https://github.com/kubernetes/enhancements/blob/abc123/keps/sig-node/1287-in-place/README.md)"
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Write `/keps/sig-node/1287-in-place`
            hint[reference-form] 2:5: write this reference as `/keps/sig-node/1287-in-place`
              |   - /kep/sig-node/1287-in-place
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Write `/keps/sig-node/1287-in-place`
            hint[reference-form] 2:5: write this reference as `/keps/sig-node/1287-in-place`
              |   - keps/sig-node/1287-in-place/
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Write `/keps/sig-node/1287-in-place`
        "#]].assert_eq(&out);
    }

    #[test]
    fn canonical_ids_and_broken_references_are_left_alone() {
        for raw in [
            "/keps/sig-node/1287-in-place",
            "KEP-1287",
            "https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/9-gone",
        ] {
            let fixture = format!("//- /ws/keps/sig-a/1-x/kep.yaml\nsee-also:\n  - {raw}\n{TARGET}");
            assert_eq!(check_code(&fixture, "reference-form"), "", "{raw}");
        }
    }
}
