//! `toc-missing`: a KEP Markdown file without its `<!-- toc -->` / `<!-- /toc -->` markers.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::markdown::{self, toc};

pub const RULE: Rule = Rule {
    code: "toc-missing",
    severity: Severity::Error,
    scope: Scope::Markdown,
    check: Some(check),
    ci: true,
    summary: "A Markdown file below `keps/` without the `<!-- toc -->` and `<!-- /toc -->` markers of its table of contents.",
    why: "Upstream's `hack/verify-toc.sh` runs `mdtoc` on every `.md` below keps/ (except five listed files) and fails when the markers are missing or out of order.",
    example: "# KEP-1234: My feature\n\n## Summary",
    fix: "Use \"Update table of contents\": it inserts the markers and the table after the first heading.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if !markdown::needs_toc(cx.world, cx.file) {
        return;
    }
    let toc::TocStatus::Missing(problem) = cx.file.toc_status() else { return };
    let mut diagnostic = Diagnostic::new(RULE.code, cx.top(), format!("table of contents: {}", problem.message()));
    if let Some((range, text)) = toc::fix(cx.text()) {
        diagnostic = diagnostic.with_fix(
            Fix::replace("Insert the table of contents", cx.file.path.clone(), range, text).preferred().safe(),
        );
    }
    out.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    const README: &str = "//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n\n## Summary\n\nText.\n//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\n";

    #[test]
    fn flags_a_file_without_markers_and_inserts_them() {
        expect![[r#"
            error[toc-missing] 1:1: table of contents: missing opening TOC tag
              | # KEP-1: X
              | ^^^^^^^^^^
              fix (preferred): Insert the table of contents
        "#]]
        .assert_eq(&check_code(README, "toc-missing"));
        assert_eq!(
            apply_first_fix(README, "toc-missing"),
            "# KEP-1: X\n\n<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->\n\n## Summary\n\nText.\n"
        );
    }

    #[test]
    fn a_missing_end_marker_is_not_fixed_blindly() {
        let out = check_code("//- /ws/keps/sig-a/notes.md\n# N\n<!-- toc -->\n## A\n", "toc-missing");
        expect![[r#"
            error[toc-missing] 1:1: table of contents: missing closing TOC tag
              | # N
              | ^^^
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn exempt_files_and_link_stubs_are_not_checked() {
        assert_eq!(check_code("//- /ws/keps/README.md\n# KEPs\n", "toc-missing"), "");
        assert_eq!(check_code("//- /ws/keps/sig-cli/FAQ.md\n# FAQ\n", "toc-missing"), "");
        let stub =
            "//- /ws/keps/sig-r/2019-notes.md\n1733-notes/README.md\n//- /ws/keps/sig-r/1733-notes/README.md\n# N\n";
        assert_eq!(check_code(stub, "toc-missing"), "");
        expect![[r#"
            error[toc-missing] 1:1: table of contents: missing opening TOC tag
              | not-there/README.md
              | ^^^^^^^^^^^^^^^^^^^
              fix (preferred): Insert the table of contents
        "#]]
        .assert_eq(&check_code("//- /ws/keps/sig-r/x.md\nnot-there/README.md\n", "toc-missing"));
    }
}
