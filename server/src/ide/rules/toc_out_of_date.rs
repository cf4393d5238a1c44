//! `toc-out-of-date`: a table of contents that differs from what mdtoc generates.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::markdown::{self, toc};

pub const RULE: Rule = Rule {
    code: "toc-out-of-date",
    severity: Severity::Error,
    scope: Scope::Markdown,
    check: Some(check),
    ci: true,
    summary: "A table of contents that is not what `mdtoc --inplace --max-depth=5` would write.",
    why: "Upstream CI regenerates every table of contents and fails when one differs: a renamed, added or removed heading must be reflected in it.",
    example: "<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->\n\n## Summary\n\n## Motivation",
    fix: "Use \"Update table of contents\" (or `kep-ls check --fix`): it writes exactly mdtoc's output.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if !markdown::needs_toc(cx.world, cx.file) {
        return;
    }
    let toc::TocStatus::Stale { block, expected, summary } = cx.file.toc_status() else { return };
    let message = format!("the table of contents is out of date: {summary}");
    if let Some(place) = cx.file.outline().toc_marker_hidden() {
        // mdtoc would put the table inside the example and drop what stands between the markers.
        out.push(Diagnostic::new(
            RULE.code,
            *block,
            format!(
                "{message}; the first `<!-- toc -->` is inside {place}, so no fix is offered: mdtoc would replace \
                 the example with the table (write the example differently, or put the real markers before it)"
            ),
        ));
        return;
    }
    out.push(Diagnostic::new(RULE.code, *block, message).with_fix(
        Fix::replace("Update table of contents", cx.file.path.clone(), *block, expected.as_str()).preferred().safe(),
    ));
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    const STALE: &str = "//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n\n<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->\n\n## Summary\n\n## Motivation\n//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\n";

    #[test]
    fn flags_the_block_and_says_what_differs() {
        expect![[r#"
            error[toc-out-of-date] 3:1: the table of contents is out of date: missing entry "- [Motivation](#motivation)"
              | <!-- toc -->
              | ^
              fix (preferred): Update table of contents
        "#]]
        .assert_eq(&check_code(STALE, "toc-out-of-date"));
    }

    #[test]
    fn the_fix_writes_mdtoc_output() {
        assert_eq!(
            apply_first_fix(STALE, "toc-out-of-date"),
            "# KEP-1: X\n\n<!-- toc -->\n- [Summary](#summary)\n- [Motivation](#motivation)\n<!-- /toc -->\n\n## Summary\n\n## Motivation\n"
        );
    }

    #[test]
    fn non_ascii_and_repeated_headings_get_mdtoc_anchors() {
        let fixture = "//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n\n<!-- toc -->\n<!-- /toc -->\n\n## Über uns — `Ziele` & mehr\n\n## Goals\n\n### Goals\n";
        assert_eq!(
            apply_first_fix(fixture, "toc-out-of-date"),
            "# KEP-1: X\n\n<!-- toc -->\n- [Über uns — <code>Ziele</code> &amp; mehr](#ber-uns--ziele--mehr)\n- [Goals](#goals)\n  - [Goals](#goals-1)\n<!-- /toc -->\n\n## Über uns — `Ziele` & mehr\n\n## Goals\n\n### Goals\n"
        );
    }

    #[test]
    fn a_first_marker_inside_an_example_gets_no_fix() {
        let mut out = String::new();
        for example in [
            "```\n<!-- toc -->\n- [Old](#old)\n<!-- /toc -->\n```\n",
            "<!--\nguidance: write <!-- toc --> here\n-->\n",
            "Write `<!-- toc -->` and `<!-- /toc -->`.\n",
        ] {
            let fixture = format!(
                "//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n\n{example}\n<!-- toc -->\n<!-- /toc -->\n\n## Summary\n//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\n"
            );
            out.push_str(&check_code(&fixture, "toc-out-of-date"));
        }
        expect![[r#"
            error[toc-out-of-date] 4:1: the table of contents is out of date: entry 1 differs: expected "- [Summary](#summary)", found "- [Old](#old)"; the first `<!-- toc -->` is inside a code block, so no fix is offered: mdtoc would replace the example with the table (write the example differently, or put the real markers before it)
              | <!-- toc -->
              | ^
            error[toc-out-of-date] 4:17: the table of contents is out of date: 4 entries differ, from entry 1: expected "- [Summary](#summary)", found "here"; the first `<!-- toc -->` is inside an HTML comment, so no fix is offered: mdtoc would replace the example with the table (write the example differently, or put the real markers before it)
              | guidance: write <!-- toc --> here
              |                 ^
            error[toc-out-of-date] 3:8: the table of contents is out of date: entry 1 differs: expected "- [Summary](#summary)", found "` and `"; the first `<!-- toc -->` is inside a code span, so no fix is offered: mdtoc would replace the example with the table (write the example differently, or put the real markers before it)
              | Write `<!-- toc -->` and `<!-- /toc -->`.
              |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        "#]].assert_eq(&out);
        // A marker of its own, after a comment that closes before it, is fixed as usual.
        let fixture = "//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n<!-- note -->\n<!-- toc -->\n<!-- /toc -->\n\n## Summary\n//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\n";
        expect![[r#"
            error[toc-out-of-date] 3:1: the table of contents is out of date: table of contents is empty; missing entry "- [Summary](#summary)"
              | <!-- toc -->
              | ^
              fix (preferred): Update table of contents
        "#]].assert_eq(&check_code(fixture, "toc-out-of-date"));
    }

    #[test]
    fn an_up_to_date_toc_passes() {
        let fixed = apply_first_fix(STALE, "toc-out-of-date");
        assert_eq!(check_code(&format!("//- /ws/keps/sig-a/1-x/README.md\n{fixed}"), "toc-out-of-date"), "");
    }
}
