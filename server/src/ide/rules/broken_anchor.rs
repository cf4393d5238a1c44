//! `broken-anchor`: a `[text](#anchor)` link that no heading of the file has.

use std::collections::HashMap;

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::markdown::anchors;
use crate::ide::markdown::outline::{fragment, Outline};
use crate::ide::suggest;

pub const RULE: Rule = Rule {
    code: "broken-anchor",
    severity: Severity::Warning,
    scope: Scope::Markdown,
    check: Some(check),
    ci: false,
    summary: "A link to `#anchor` in the same file that no heading (nor HTML `id`/`name`) has.",
    why: "A reader who follows it lands at the top of the page. Links break when a heading is renamed; mdtoc keeps the table of contents right, not the links in the text.",
    example: "See [the goals](#goal).\n\n## Goals",
    fix: "Use the quick fix to link to the closest anchor, or rename the heading with the editor's rename (which updates the links). Both spellings count: mdtoc's (`#ber-uns` for `Über uns`) and GitHub's (`#über-uns`).",
};

/// Suggestions are looked for for this many distinct broken fragments per file at most (each costs an edit
/// distance per heading); the same fragment broken twice is looked up once.
const MAX_SUGGESTIONS: usize = 32;

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let text = cx.text();
    let outline = cx.file.outline();
    let mut suggestions: HashMap<&str, Option<&str>> = HashMap::new();
    // The TOC's links are the TOC rules' business.
    for link in outline.links.iter().filter(|link| !link.in_toc) {
        let written = fragment(text, link);
        if written.is_empty() || outline.resolve(written).is_some() {
            continue;
        }
        let known = suggestions.len();
        let suggestion = *suggestions.entry(written).or_insert_with(|| {
            if known < MAX_SUGGESTIONS {
                closest_anchor(outline, written)
            } else {
                None
            }
        });
        let mut diagnostic = match suggestion {
            Some(closest) => Diagnostic::new(
                RULE.code,
                link.anchor,
                format!("no heading has the anchor `#{written}`: did you mean `#{closest}`?"),
            ),
            None => Diagnostic::new(RULE.code, link.anchor, format!("no heading has the anchor `#{written}`")),
        };
        if let Some(closest) = suggestion {
            diagnostic = diagnostic.with_fix(
                Fix::replace(format!("Link to `#{closest}`"), cx.file.path.clone(), link.anchor, closest).preferred(),
            );
        }
        out.push(diagnostic);
    }
}

/// The anchor nearest to `written`: within a third of its length (at least 2 edits), ties to the earlier one.
fn closest_anchor<'o>(outline: &'o Outline, written: &str) -> Option<&'o str> {
    let wanted = anchors::decode_fragment(written).to_lowercase();
    let len = wanted.chars().count();
    let limit = (len / 3).max(2);
    let candidates =
        outline.headings.iter().map(|h| h.anchor.as_str()).chain(outline.html_anchors.iter().map(|a| a.name.as_str()));
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.chars().count().abs_diff(len) > limit {
            continue;
        }
        let distance = suggest::edit_distance(&wanted, &candidate.to_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, anchor)| anchor)
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    const README: &str = "//- /ws/keps/sig-a/1-x/README.md\n# KEP-1: X\n\n<!-- toc -->\n- [Über uns](#ber-uns)\n- [Goals](#goals)\n- [Goals](#goals-1)\n<!-- /toc -->\n\n## Über uns\n\n## Goals\n\n## Goals\n\nSee [a](#ber-uns), [b](#über-uns), [c](#%C3%BCber-uns), [d](#Goals), [e](#goals-1), [f](#goal), [g](#goals-2), `[h](#nowhere)`.\n\n<a name=\"legacy\"></a>\n[i](#legacy) [j](#zzzzzzzz)\n";

    /// The real tree's case: the heading was renamed from "Limits" to "Settings".
    #[test]
    fn the_message_names_the_nearest_anchor() {
        let out = check_code(
            "//- /ws/keps/sig-node/1-x/README.md\n# T\n\n## Pod-Level Cgroup Settings\n\nSee [it](#pod-level-cgroup-limits).\n",
            "broken-anchor",
        );
        assert!(
            out.contains(
                "no heading has the anchor `#pod-level-cgroup-limits`: did you mean `#pod-level-cgroup-settings`?"
            ),
            "{out}"
        );
        expect![[r#"
            warning[broken-anchor] 5:11: no heading has the anchor `#pod-level-cgroup-limits`: did you mean `#pod-level-cgroup-settings`?
              | See [it](#pod-level-cgroup-limits).
              |           ^^^^^^^^^^^^^^^^^^^^^^^
              fix (preferred): Link to `#pod-level-cgroup-settings`
        "#]].assert_eq(&out);
    }

    #[test]
    fn both_spellings_and_repeats_resolve_and_the_rest_is_flagged() {
        expect![[r#"
            warning[broken-anchor] 15:90: no heading has the anchor `#goal`: did you mean `#goals`?
              | See [a](#ber-uns), [b](#über-uns), [c](#%C3%BCber-uns), [d](#Goals), [e](#goals-1), [f](#goal), [g](#goals-2), `[h](#nowhere)`.
              |                                                                                          ^^^^
              fix (preferred): Link to `#goals`
            warning[broken-anchor] 15:102: no heading has the anchor `#goals-2`: did you mean `#goals-1`?
              | See [a](#ber-uns), [b](#über-uns), [c](#%C3%BCber-uns), [d](#Goals), [e](#goals-1), [f](#goal), [g](#goals-2), `[h](#nowhere)`.
              |                                                                                                      ^^^^^^^
              fix (preferred): Link to `#goals-1`
            warning[broken-anchor] 18:19: no heading has the anchor `#zzzzzzzz`
              | [i](#legacy) [j](#zzzzzzzz)
              |                   ^^^^^^^^
        "#]]
        .assert_eq(&check_code(README, "broken-anchor"));
    }

    #[test]
    fn the_fix_links_to_the_closest_anchor() {
        let fixed = apply_first_fix(README, "broken-anchor");
        expect![[r##"
            # KEP-1: X

            <!-- toc -->
            - [Über uns](#ber-uns)
            - [Goals](#goals)
            - [Goals](#goals-1)
            <!-- /toc -->

            ## Über uns

            ## Goals

            ## Goals

            See [a](#ber-uns), [b](#über-uns), [c](#%C3%BCber-uns), [d](#Goals), [e](#goals-1), [f](#goals), [g](#goals-2), `[h](#nowhere)`.

            <a name="legacy"></a>
            [i](#legacy) [j](#zzzzzzzz)
        "##]].assert_eq(&fixed);
    }

    #[test]
    fn toc_links_are_left_to_the_toc_rules() {
        let stale = "//- /ws/keps/sig-a/1-x/README.md\n# T\n<!-- toc -->\n- [Old](#old)\n<!-- /toc -->\n## New\n";
        assert_eq!(check_code(stale, "broken-anchor"), "");
    }
}
