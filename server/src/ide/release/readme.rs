//! The README side of release readiness: the PRR questionnaire parts a stage needs answered, the
//! template's non-optional sections, the Graduation Criteria and the Test Plan. An answer is text
//! that is neither only the template's HTML comment nor the template's own example text.

use std::path::Path;

use super::{questionnaire_parts, Check, Freeze};
use crate::ide::layout;
use crate::ide::markdown::outline::{Heading, Outline};
use crate::ide::markdown::template;
use crate::ide::text::TextRange;
use crate::ide::world::{SourceFile, World};

/// Headings are the same when their letters and digits are, case aside (as the template rule
/// compares them).
fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The parts of the template's Test Plan.
const TEST_PLAN_PARTS: [&str; 4] = ["Prerequisite testing updates", "Unit tests", "Integration tests", "e2e tests"];

/// A Markdown file with its outline, and where its sections' bodies are.
struct Doc<'a> {
    text: &'a str,
    outline: &'a Outline,
}

impl<'a> Doc<'a> {
    fn of(file: &'a SourceFile) -> Doc<'a> {
        Doc { text: &file.text, outline: file.outline() }
    }

    /// The first heading whose text is `name`, among `within` (by index range).
    fn find(&self, name: &str, within: std::ops::Range<usize>) -> Option<usize> {
        let wanted = key(name);
        within.into_iter().find(|&i| self.outline.headings.get(i).is_some_and(|h| key(&h.plain) == wanted))
    }

    fn heading(&self, index: usize) -> &'a Heading {
        &self.outline.headings[index]
    }

    /// The headings inside heading `index`'s section, by index.
    fn children(&self, index: usize) -> std::ops::Range<usize> {
        let level = self.heading(index).level;
        let end = (index + 1..self.outline.headings.len())
            .find(|&i| self.heading(i).level <= level)
            .unwrap_or(self.outline.headings.len());
        index + 1..end
    }

    /// From the end of heading `index` to the next heading of any level (its own text).
    fn own_body(&self, index: usize) -> TextRange {
        let heading = self.heading(index);
        let end = self.outline.headings.get(index + 1).map_or(heading.section.end, |h| h.range.start);
        TextRange::new(heading.range.end, end.max(heading.range.end))
    }

    /// From the end of heading `index` to the end of its section (subsections included).
    fn whole_body(&self, index: usize) -> TextRange {
        let heading = self.heading(index);
        TextRange::new(heading.range.end, heading.section.end.max(heading.range.end))
    }

    /// The text of `range` without HTML comments, whitespace collapsed.
    fn visible(&self, range: TextRange) -> String {
        let mut out = String::new();
        let mut at = range.start;
        for comment in &self.outline.comments {
            if comment.end <= at || comment.start >= range.end {
                continue;
            }
            out.push_str(self.text.get(at..comment.start.max(at)).unwrap_or_default());
            out.push(' ');
            at = comment.end.min(range.end);
        }
        out.push_str(self.text.get(at..range.end).unwrap_or_default());
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The first line of the document, where file-wide items are reported.
    fn top(&self) -> TextRange {
        TextRange::new(0, self.text.find(['\n', '\r']).unwrap_or(self.text.len()))
    }
}

/// The workspace's template README, read like a KEP's.
fn template_file<'w>(world: &'w World, readme: &SourceFile) -> Option<&'w std::sync::Arc<SourceFile>> {
    let place = readme.place.as_ref()?;
    world.file(&layout::template_readme(&place.root)).filter(|f| f.unreadable.is_none())
}

/// What the template itself writes under the heading `name` (its own text, or its whole section):
/// text that answers nothing.
fn template_text(template: Option<&Doc>, name: &str, whole: bool) -> Option<String> {
    let doc = template?;
    let index = doc.find(name, 0..doc.outline.headings.len())?;
    let range = if whole { doc.whole_body(index) } else { doc.own_body(index) };
    Some(doc.visible(range))
}

/// Whether `visible` (a section's text without comments) answers something.
fn answered(visible: &str, template: Option<String>) -> bool {
    !visible.is_empty() && template.is_none_or(|t| t != visible)
}

/// The README's items, added to `out`.
pub fn checks(world: &World, readme: &SourceFile, stage: &str, removal: bool, out: &mut Vec<Check>) {
    let doc = Doc::of(readme);
    let template_source = template_file(world, readme);
    let template_doc = template_source.map(|f| Doc::of(f));
    let template = template_doc.as_ref();
    let path = readme.path.as_path();
    let all = 0..doc.outline.headings.len();

    // PRR freeze: the questionnaire parts of the stage.
    let parts = questionnaire_parts(stage);
    if !removal && !parts.is_empty() {
        out.push(questionnaire(&doc, template, path, stage, parts));
    }

    // Enhancements Freeze: the latest template's non-optional sections.
    let mut check =
        Check::new("template-section", Freeze::Enhancements, "the README has the template's non-optional sections");
    let from_workspace = template_source.map(|f| template::sections_of(&f.text, f.outline()));
    let sections = match from_workspace {
        Some(sections) if sections.iter().any(|s| !s.optional) => sections,
        _ => template::built_in(),
    };
    for missing in template::missing(doc.text, doc.outline, &sections) {
        // A missing Test Plan part is reported once, by the Test Plan item.
        if missing.sections.first().is_some_and(|s| TEST_PLAN_PARTS.iter().any(|p| key(p) == key(&s.text))) {
            continue;
        }
        let at = template::report_range(doc.text, doc.outline, &missing);
        check.miss(format!("missing template section `{}`", missing.heading(0)), path, at);
    }
    out.push(check);

    // Enhancements Freeze: Graduation Criteria with content for the stage.
    let mut check = Check::new(
        "graduation-criteria",
        Freeze::Enhancements,
        if stage.is_empty() {
            "Graduation Criteria filled".to_string()
        } else {
            format!("Graduation Criteria filled for {stage}")
        },
    );
    match doc.find("Graduation Criteria", all.clone()) {
        None => {
            check.miss("no `Graduation Criteria` section", path, doc.top());
        }
        Some(index) => {
            let heading = doc.heading(index).range;
            let visible = doc.visible(doc.whole_body(index));
            if !answered(&visible, template_text(template, "Graduation Criteria", true)) {
                check.miss("Graduation Criteria is empty (or the template's example)", path, heading);
            } else if mentions_any_stage(&visible) && !mentions_stage(&visible, stage) {
                // Criteria written by stage must cover this one; criteria written otherwise
                // (phases of a refactoring, say) are not asked for stage words.
                check.miss(format!("Graduation Criteria says nothing about {stage}"), path, heading);
            }
        }
    }
    out.push(check);

    // Enhancements Freeze: the Test Plan.
    let test_plan = doc.find("Test Plan", all);
    let mut checkbox =
        Check::new("test-plan-checkbox", Freeze::Enhancements, "Test Plan: `[x] I/we understand the owners...` ticked");
    let mut parts_check = Check::new(
        "test-plan",
        Freeze::Enhancements,
        "Test Plan: unit, integration and e2e tests answered (and a prerequisite testing part)",
    );
    // Without a `Test Plan` heading (reported as a missing template section), its checkbox and
    // parts are looked for in the whole README.
    let (body, within, heading) = match test_plan {
        Some(index) => (doc.whole_body(index), doc.children(index), doc.heading(index).range),
        None => (TextRange::new(0, doc.text.len()), 0..doc.outline.headings.len(), doc.top()),
    };
    match understand_checkbox(&doc, body) {
        Some((true, _)) => {}
        Some((false, line)) => {
            checkbox.miss("the Test Plan's `I/we understand the owners...` checkbox is not ticked", path, line);
        }
        None => {
            checkbox.miss(
                "the Test Plan has no `[x] I/we understand the owners...` checkbox (latest template)",
                path,
                heading,
            );
        }
    }
    for part in TEST_PLAN_PARTS {
        match doc.find(part, within.clone()) {
            None => {
                parts_check.miss(format!("the Test Plan has no `{part}` part"), path, heading);
            }
            // The template asks for the tests to add "based on reviewers feedback": left
            // empty, there are none (26 of the 47 KEPs accepted for v1.36 leave it empty).
            Some(_) if part == "Prerequisite testing updates" => {}
            Some(sub) => {
                let visible = doc.visible(doc.own_body(sub));
                if !answered(&visible, template_text(template, part, false)) {
                    parts_check.miss(format!("Test Plan: `{part}` is not answered"), path, doc.heading(sub).range);
                }
            }
        }
    }
    out.push(checkbox);
    out.push(parts_check);
}

/// The questionnaire check: every `######` question of each required part answered.
fn questionnaire(doc: &Doc, template: Option<&Doc>, path: &Path, stage: &str, parts: &[&str]) -> Check {
    let mut check = Check::new("prr-question", Freeze::Prr, format!("PRR questionnaire answered for {stage}"));
    let all = 0..doc.outline.headings.len();
    let questionnaire = doc.find("Production Readiness Review Questionnaire", all.clone());
    let within = questionnaire.map_or(all, |q| doc.children(q));
    for part in parts {
        let Some(index) = doc.find(part, within.clone()) else {
            let at = questionnaire.map_or_else(|| doc.top(), |q| doc.heading(q).range);
            check.miss(format!("the PRR questionnaire has no `{part}` part (required for {stage})"), path, at);
            continue;
        };
        let questions = doc.children(index);
        if questions.is_empty() {
            // An older questionnaire without `######` questions: the part's own text must answer.
            let visible = doc.visible(doc.own_body(index));
            if !answered(&visible, template_text(template, part, false)) {
                check.miss(
                    format!("PRR `{part}` is not answered (required for {stage})"),
                    path,
                    doc.heading(index).range,
                );
            }
            continue;
        }
        for question in questions {
            let heading = doc.heading(question);
            let visible = doc.visible(doc.own_body(question));
            if !answered(&visible, template_text(template, &heading.plain, false)) {
                check.miss(
                    format!("PRR question not answered (`{part}`, required for {stage}): {}", heading.plain),
                    path,
                    heading.range,
                );
            }
        }
    }
    check
}

/// The `I/we understand the owners...` line of the Test Plan: whether it is ticked, and the line.
fn understand_checkbox(doc: &Doc, body: TextRange) -> Option<(bool, TextRange)> {
    let section = doc.text.get(body.start..body.end)?;
    let lower = section.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find("i/we understand")) {
        let at = body.start + from + found;
        from += found + 1;
        if doc.outline.comments.iter().any(|c| c.start <= at && at < c.end) {
            continue;
        }
        let line_start = doc.text.get(..at).map_or(0, |before| before.rfind('\n').map_or(0, |n| n + 1));
        let line_end = doc.text.get(at..).and_then(|after| after.find('\n')).map_or(doc.text.len(), |n| at + n);
        // `[x]`, `[X]` and `[ x ]` are all ticked.
        let prefix: String =
            doc.text.get(line_start..at).unwrap_or_default().to_ascii_lowercase().split_whitespace().collect();
        return Some((prefix.contains("[x]"), TextRange::new(line_start, line_end)));
    }
    None
}

/// Whether a Graduation Criteria text is written by stage at all.
fn mentions_any_stage(visible: &str) -> bool {
    ["alpha", "beta", "stable"].iter().any(|stage| mentions_stage(visible, stage))
}

/// Whether a Graduation Criteria text says something about `stage` (GA and stable are one).
fn mentions_stage(visible: &str, stage: &str) -> bool {
    let lower = visible.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    match stage {
        "" => true,
        "stable" => {
            words.iter().any(|w| matches!(*w, "ga" | "stable"))
                || lower.contains("general availability")
                || lower.contains("generally available")
        }
        "deprecated" => lower.contains("deprecat"),
        "disabled" => lower.contains("disabl"),
        "removed" => lower.contains("remov"),
        other => words.contains(&other),
    }
}
