//! The KEP template's sections, and which of them a README lacks: compared by level and order (a longest
//! common subsequence, as upstream's `verify-toc-vs-template.sh` diffs the two TOCs), each missing section
//! placed where the template puts it.

use super::outline::{Heading, Outline};
use super::toc;
use crate::ide::text::TextRange;

/// A heading of the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// 0 for the template's top sections (`##`), 1 below them, ...
    pub depth: usize,
    /// As written in the template (what a fix inserts).
    pub text: String,
    /// `(Optional)` in its text or in a parent's.
    pub optional: bool,
}

/// The template's sections as we read them from kep-format §7.2, for workspaces without a template README.
/// The PRR questionnaire's `######` questions are left out (see the rule's doc).
const BUILT_IN: &[(usize, &str)] = &[
    (0, "Release Signoff Checklist"),
    (0, "Summary"),
    (0, "Motivation"),
    (1, "Goals"),
    (1, "Non-Goals"),
    (0, "Proposal"),
    (1, "User Stories (Optional)"),
    (2, "Story 1 (Optional)"),
    (2, "Story 2 (Optional)"),
    (1, "Notes/Constraints/Caveats (Optional)"),
    (1, "Risks and Mitigations"),
    (0, "Design Details"),
    (1, "Test Plan"),
    (3, "Prerequisite testing updates"),
    (3, "Unit tests"),
    (3, "Integration tests"),
    (3, "e2e tests"),
    (1, "Graduation Criteria"),
    (1, "Upgrade / Downgrade Strategy"),
    (1, "Version Skew Strategy"),
    (0, "Production Readiness Review Questionnaire"),
    (1, "Feature Enablement and Rollback"),
    (1, "Rollout, Upgrade and Rollback Planning"),
    (1, "Monitoring Requirements"),
    (1, "Dependencies"),
    (1, "Scalability"),
    (1, "Troubleshooting"),
    (0, "Implementation History"),
    (0, "Drawbacks"),
    (0, "Alternatives"),
    (0, "Infrastructure Needed (Optional)"),
];

pub fn built_in() -> Vec<Section> {
    with_optional_inherited(BUILT_IN.iter().map(|&(depth, text)| (depth, text.to_string())).collect())
}

/// The sections of a template README: its body headings (see [`body`]) down to `#####`.
pub fn sections_of(text: &str, outline: &Outline) -> Vec<Section> {
    let body = body(outline);
    let base = body.iter().map(|h| h.level).min().unwrap_or(2);
    let raw =
        body.iter().map(|h| (h.level - base, text.get(h.content.start..h.content.end).unwrap_or_default().to_string()));
    with_optional_inherited(raw.collect())
}

fn with_optional_inherited(raw: Vec<(usize, String)>) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::with_capacity(raw.len());
    // Optional flags of the open ancestors, by depth.
    let mut ancestors: Vec<(usize, bool)> = Vec::new();
    for (depth, text) in raw {
        while ancestors.last().is_some_and(|&(d, _)| d >= depth) {
            ancestors.pop();
        }
        let optional = text.to_ascii_lowercase().contains("(optional)") || ancestors.last().is_some_and(|&(_, o)| o);
        ancestors.push((depth, optional));
        out.push(Section { depth, text, optional });
    }
    out
}

/// The headings a README's sections are read from: after the TOC (mdtoc's view), without the title (the
/// document's first H1) and without levels deeper than the TOC shows.
pub fn body(outline: &Outline) -> Vec<&Heading> {
    let from = outline.toc.map_or(0, |markers| markers.end.end);
    let title = outline.headings.iter().position(|h| h.level == 1);
    outline
        .headings
        .iter()
        .enumerate()
        .filter(|&(index, h)| h.range.start >= from && Some(index) != title && h.level <= toc::MAX_DEPTH)
        .map(|(_, h)| h)
        .collect()
}

/// Headings are the same section when their letters and digits are, case aside: `Non Goals` is `Non-Goals`.
fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// One missing section, with the missing subsections that go in with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing<'s> {
    /// The section, then its missing subsections, in template order.
    pub sections: Vec<&'s Section>,
    /// Where the headings go: the start of a heading line, or the end of the text.
    pub insert_at: usize,
    /// The README heading after which they go (the last heading before `insert_at`), if any.
    pub after: Option<usize>,
    /// The level of the template's top sections in this README (`##` → 2).
    pub base_level: usize,
}

impl Missing<'_> {
    /// `## Motivation`, the first missing section as it would be written.
    pub fn heading(&self, index: usize) -> String {
        self.sections
            .get(index)
            .map(|s| format!("{} {}", "#".repeat(self.base_level + s.depth), s.text))
            .unwrap_or_default()
    }
}

/// The non-optional template sections that `text` lacks, grouped: a missing section carries its missing
/// subsections.
pub fn missing<'s>(text: &str, outline: &Outline, template: &'s [Section]) -> Vec<Missing<'s>> {
    let required: Vec<&Section> = template.iter().filter(|s| !s.optional).collect();
    let body = body(outline);
    let have_keys: Vec<String> = body.iter().map(|h| key(&h.plain)).collect();
    // The level of the template's top sections here: the level most of them have in the README (a stray
    // `# Appendix` or `# Alternatives` below `## Summary` does not make `#` the top level; ties go to the
    // shallower), else the README's shallowest heading.
    let top_keys: Vec<String> = template.iter().filter(|s| s.depth == 0).map(|s| key(&s.text)).collect();
    let mut top_levels = [0usize; toc::MAX_DEPTH + 1];
    for (heading, _) in body.iter().zip(&have_keys).filter(|(_, k)| top_keys.contains(k)) {
        if let Some(count) = top_levels.get_mut(heading.level) {
            *count += 1;
        }
    }
    let most = top_levels.iter().copied().max().unwrap_or(0);
    let top_level = (most > 0).then(|| top_levels.iter().position(|&n| n == most)).flatten();
    let base = top_level.or_else(|| body.iter().map(|h| h.level).min()).unwrap_or(2);
    let have: Vec<(usize, String)> =
        body.iter().zip(have_keys).map(|(h, k)| (h.level.saturating_sub(base), k)).collect();
    let want: Vec<(usize, String)> = required.iter().map(|s| (s.depth, key(&s.text))).collect();
    let matched = lcs(&want, &have);

    let mut out: Vec<Missing<'s>> = Vec::new();
    // For each required section: the index of its group in `out` when it is missing.
    let mut group_of: Vec<Option<usize>> = vec![None; required.len()];
    for (i, section) in required.iter().enumerate() {
        if matched.get(i).copied().flatten().is_some() {
            continue;
        }
        let parent = (0..i).rev().find(|&j| required.get(j).is_some_and(|p| p.depth < section.depth));
        if let Some(group) = parent.and_then(|p| group_of.get(p).copied().flatten()) {
            if let Some(missing) = out.get_mut(group) {
                missing.sections.push(section);
            }
            group_of[i] = Some(group);
            continue;
        }
        let previous = matched.get(..i).and_then(|m| m.iter().rev().find_map(|m| *m));
        let next = matched.get(i + 1..).and_then(|m| m.iter().find_map(|m| *m));
        let scan_from = previous.map_or(0, |p| p + 1);
        let limit = next.unwrap_or(body.len());
        // At the end of the section that holds it: before the next heading shallower than it (extra sections of
        // the README stay where they are), and before the next section the template puts after it.
        let stop = (scan_from..limit).find(|&q| have.get(q).is_some_and(|(depth, _)| *depth < section.depth));
        let insert_at = stop.or(next).and_then(|q| body.get(q)).map_or(text.len(), |h| h.range.start);
        let after = outline.headings.iter().rposition(|h| h.range.start < insert_at);
        group_of[i] = Some(out.len());
        out.push(Missing { sections: vec![section], insert_at, after, base_level: base });
    }
    out
}

/// The text to insert for a missing group at its place in `text`.
pub fn insertion(text: &str, missing: &Missing) -> String {
    let headings: Vec<String> = (0..missing.sections.len()).map(|i| missing.heading(i)).collect();
    if missing.insert_at < text.len() {
        // Before a heading line: each heading followed by a blank line.
        return headings.iter().map(|h| format!("{h}\n\n")).collect();
    }
    let lead = if text.is_empty() || text.ends_with("\n\n") {
        ""
    } else if text.ends_with('\n') {
        "\n"
    } else {
        "\n\n"
    };
    format!("{lead}{}\n", headings.join("\n\n"))
}

/// For each item of `want`, the index in `have` it is matched to by a longest common subsequence (earliest
/// matches first, as `diff` aligns).
fn lcs<T: PartialEq>(want: &[T], have: &[T]) -> Vec<Option<usize>> {
    let (n, m) = (want.len(), have.len());
    // suffix[i][j]: LCS length of want[i..] and have[j..].
    let mut suffix = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if want.get(i) == have.get(j) {
                suffix[i + 1][j + 1] + 1
            } else {
                suffix[i + 1][j].max(suffix[i][j + 1])
            };
            suffix[i][j] = value;
        }
    }
    let mut matched = vec![None; n];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if want.get(i) == have.get(j) {
            matched[i] = Some(j);
            i += 1;
            j += 1;
        } else if suffix[i + 1][j] >= suffix[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    matched
}

/// The range of the place a missing group is reported on: the heading it follows, else the first line.
pub fn report_range(text: &str, outline: &Outline, missing: &Missing) -> TextRange {
    match missing.after.and_then(|index| outline.headings.get(index)) {
        Some(heading) => heading.range,
        None => TextRange::new(0, text.find(['\n', '\r']).unwrap_or(text.len())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(list: &[(usize, &str)]) -> Vec<Section> {
        with_optional_inherited(list.iter().map(|&(d, t)| (d, t.to_string())).collect())
    }

    fn report(text: &str, template: &[Section]) -> Vec<(Vec<String>, String)> {
        let outline = Outline::of(text);
        missing(text, &outline, template)
            .iter()
            .map(|m| {
                let names = (0..m.sections.len()).map(|i| m.heading(i)).collect();
                let before =
                    text.get(m.insert_at..).and_then(|rest| rest.lines().next()).unwrap_or("<end>").to_string();
                (names, if before.is_empty() { "<end>".into() } else { before })
            })
            .collect()
    }

    const TEMPLATE: &[(usize, &str)] = &[
        (0, "Summary"),
        (0, "Motivation"),
        (1, "Goals"),
        (1, "Non-Goals"),
        (0, "Proposal"),
        (1, "User Stories (Optional)"),
        (2, "Story 1"),
        (0, "Drawbacks"),
    ];

    #[test]
    fn optional_marks_are_inherited() {
        let optional: Vec<_> = sections(TEMPLATE).iter().filter(|s| s.optional).map(|s| s.text.clone()).collect();
        assert_eq!(optional, ["User Stories (Optional)", "Story 1"]);
    }

    #[test]
    fn each_missing_section_goes_where_the_template_puts_it() {
        let template = sections(TEMPLATE);
        let text =
            "# KEP-1: X\n\n## Summary\n\n## Motivation\n\n### Goals\n\n#### Detail\n\n## Background\n\n## Proposal\n";
        assert_eq!(
            report(text, &template),
            [
                (vec!["### Non-Goals".to_string()], "## Background".to_string()),
                (vec!["## Drawbacks".into()], "<end>".into())
            ]
        );
        // A subsection goes at the end of its parent, after the README's own subsections.
        let text = "## Summary\n## Motivation\n### Goals\n### Background\n## Proposal\n## Drawbacks\n";
        assert_eq!(report(text, &template), [(vec!["### Non-Goals".to_string()], "## Proposal".to_string())]);
    }

    #[test]
    fn a_missing_section_carries_its_missing_subsections() {
        let template = sections(TEMPLATE);
        let text = "# T\n\n## Summary\n\n## Proposal\n";
        assert_eq!(
            report(text, &template),
            [
                (vec!["## Motivation".to_string(), "### Goals".into(), "### Non-Goals".into()], "## Proposal".into()),
                (vec!["## Drawbacks".into()], "<end>".into())
            ]
        );
    }

    #[test]
    fn levels_and_order_count_but_case_and_punctuation_do_not() {
        let template = sections(&[(0, "Summary"), (0, "Motivation"), (1, "Non-Goals")]);
        // A `## Non goals` is not the `### Non-Goals` below Motivation; `## Summary` after Motivation is out of order.
        let text = "## motivation\n\n## Non goals\n\n## Summary\n";
        let found = report(text, &template);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, ["## Summary"]);
        assert_eq!(found[1].0, ["### Non-Goals"]);
        assert!(report("## Summary\n## Motivation\n### Non Goals\n", &template).is_empty());
    }

    #[test]
    fn readmes_with_h1_sections_are_compared_by_relative_level() {
        let template = sections(&[(0, "Summary"), (1, "Goals")]);
        assert!(report("# Title\n<!-- toc -->\n<!-- /toc -->\n# Summary\n## Goals\n", &template).is_empty());
        assert_eq!(report("# Title\n# Summary\n", &template)[0].0, ["## Goals"]);
        // A stray H1 further down does not shift the levels, even when it is a template section.
        assert!(report("# Title\n## Summary\n### Goals\n# Appendix\n", &template).is_empty());
        let template = sections(&[(0, "Summary"), (1, "Goals"), (0, "Proposal"), (0, "Alternatives")]);
        // ... and it counts as a top section itself (shallower than the top level is still the top level).
        assert!(report("# Title\n## Summary\n### Goals\n## Proposal\n# Alternatives\n", &template).is_empty());
        assert_eq!(report("# Title\n## Summary\n## Goals\n## Proposal\n", &template)[0].0, ["### Goals"]);
    }

    #[test]
    fn insertion_keeps_blank_lines() {
        let template = sections(&[(0, "Summary"), (0, "Drawbacks")]);
        for (text, expected) in [
            ("## Drawbacks\n", "## Summary\n\n## Drawbacks\n"),
            ("## Summary\n", "## Summary\n\n## Drawbacks\n"),
            ("## Summary", "## Summary\n\n## Drawbacks\n"),
            ("## Summary\n\n", "## Summary\n\n## Drawbacks\n"),
        ] {
            let outline = Outline::of(text);
            let found = missing(text, &outline, &template);
            let mut fixed = text.to_string();
            fixed.insert_str(found[0].insert_at, &insertion(text, &found[0]));
            assert_eq!(fixed, expected);
        }
    }

    /// How many real KEP READMEs lack each section (printed with `--nocapture`), and how many lack none.
    #[test]
    fn real_readmes_lacking_template_sections() {
        let Some(keps) = crate::test_data::corpus_keps() else { return };
        let template = built_in();
        let mut lacking = vec![0usize; template.len()];
        let (mut readmes, mut complete) = (0, 0);
        let mut stack = vec![keps.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                if entry.file_type().unwrap().is_dir() {
                    stack.push(entry.path());
                }
            }
            let (readme, kep) = (dir.join("README.md"), dir.join("kep.yaml"));
            if !readme.is_file() || !kep.is_file() || dir.ends_with("NNNN-kep-template") {
                continue;
            }
            let text = std::fs::read_to_string(&readme).unwrap();
            let found = missing(&text, &Outline::of(&text), &template);
            readmes += 1;
            complete += usize::from(found.is_empty());
            for section in found.iter().flat_map(|m| &m.sections) {
                if let Some(i) = template.iter().position(|t| std::ptr::eq(t, *section)) {
                    lacking[i] += 1;
                }
            }
        }
        for (section, n) in template.iter().zip(&lacking).filter(|(s, _)| !s.optional) {
            eprintln!("{n:4} lack {} {}", "#".repeat(section.depth + 2), section.text);
        }
        eprintln!("{complete} of {readmes} READMEs have every non-optional section");
        assert_eq!((complete, readmes), (219, 654));
        crate::test_data::checked("markdown::template::real_readmes_lacking_template_sections", readmes, "READMEs");
    }

    #[test]
    fn the_built_in_list_is_the_corpus_template() {
        let Some(path) = crate::test_data::shared("corpus/keps/NNNN-kep-template/README.md") else { return };
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(sections_of(&text, &Outline::of(&text)), built_in());
        crate::test_data::checked("markdown::template::the_built_in_list_is_the_corpus_template", 1, "READMEs");
    }
}
