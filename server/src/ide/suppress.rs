//! Suppression comments: `# kep-ls: ignore[code, ...]` in YAML (its line; alone on a line, the
//! next line; alone in the comment header at the top, the whole file) and
//! `<!-- kep-ls-ignore code ... -->` in Markdown (the next block: up to the next blank line).
//! A suppression that suppresses nothing is reported as `unused-suppression`.

use std::path::Path;

use super::diagnostic::{Diagnostic, Fix};
use super::rules::{self, unused_suppression};
use super::text::{LineIndex, TextRange};

/// The marker both forms contain: files without it are skipped at the cost of one search.
const MARKER: &str = "kep-ls";

/// The lines a suppression covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Span {
    /// Inclusive 0-based lines.
    Lines(usize, usize),
    WholeFile,
}

/// One rule code in one suppression comment.
#[derive(Debug)]
struct Suppression {
    code: String,
    /// The code's bytes in the comment, where an unused one is reported.
    range: TextRange,
    span: Span,
}

/// Removes the diagnostics a comment suppresses and reports the suppressions that suppress none.
pub fn apply(text: &str, index: &LineIndex, markdown: bool, out: &mut Vec<Diagnostic>) {
    // Every file of the tree goes through here: a SIMD search, not `str::contains`.
    if memchr::memmem::find(text.as_bytes(), MARKER.as_bytes()).is_none() {
        return;
    }
    let found = if markdown { markdown_comments(text) } else { yaml_comments(text) };
    if found.is_empty() {
        return;
    }
    let mut used = vec![false; found.len()];
    out.retain(|d| {
        let line = index.line_of(d.range.start);
        let mut suppressed = false;
        for (s, used) in found.iter().zip(used.iter_mut()) {
            let covers = match s.span {
                Span::WholeFile => true,
                Span::Lines(first, last) => (first..=last).contains(&line),
            };
            if covers && s.code == d.code {
                *used = true;
                suppressed = true;
            }
        }
        !suppressed
    });
    for (s, used) in found.iter().zip(used) {
        if used {
            continue;
        }
        let message = if rules::lookup(&s.code).is_none() {
            format!("`{}` is not a rule code (run `kep-ls rules` for the list): this suppression does nothing", s.code)
        } else {
            let place = match s.span {
                Span::WholeFile => "in this file",
                Span::Lines(..) if markdown => "in the block it precedes",
                Span::Lines(..) => "on its line",
            };
            format!("nothing to suppress: no `{}` {place}; remove the suppression", s.code)
        };
        out.push(Diagnostic::new(unused_suppression::RULE.code, s.range, message));
    }
}

/// The "ignore this rule here" fix of a diagnostic: a `# kep-ls: ignore[code]` at the end of its
/// line in YAML (or the code added to the one there), a `<!-- kep-ls-ignore code -->` line before
/// its block in Markdown. `None` for `unused-suppression` itself.
pub fn ignore_fix(path: &Path, text: &str, index: &LineIndex, markdown: bool, d: &Diagnostic) -> Option<Fix> {
    if d.code == unused_suppression::RULE.code {
        return None;
    }
    let line = index.line_of(d.range.start.min(text.len()));
    let all: Vec<(usize, &str)> = lines(text).collect();
    let &(offset, content) = all.get(line)?;
    if markdown {
        // The block's first line: the line after the last blank one above.
        let first = all[..=line].iter().rposition(|(_, l)| l.trim().is_empty()).map_or(0, |blank| blank + 1);
        let at = all.get(first).map_or(offset, |(o, _)| *o);
        let title = format!("Ignore `{}` in this block (kep-ls-ignore comment)", d.code);
        return Some(Fix::replace(
            title,
            path.to_path_buf(),
            TextRange::empty(at),
            format!("<!-- kep-ls-ignore {} -->\n", d.code),
        ));
    }
    let title = format!("Ignore `{}` on this line (kep-ls: ignore comment)", d.code);
    if let Some((list, at)) = yaml_marker(content) {
        let end = offset + at + list.len();
        let separator = if list.trim().is_empty() { "" } else { ", " };
        return Some(Fix::replace(title, path.to_path_buf(), TextRange::empty(end), format!("{separator}{}", d.code)));
    }
    if content.trim().is_empty() {
        return None;
    }
    let end = offset + content.len();
    Some(Fix::replace(title, path.to_path_buf(), TextRange::empty(end), format!(" # kep-ls: ignore[{}]", d.code)))
}

/// The codes of `list` (separated by commas or spaces), with their byte ranges from `base`.
fn codes(list: &str, base: usize) -> Vec<(String, TextRange)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in list.char_indices().chain(std::iter::once((list.len(), ' '))) {
        let separator = c == ',' || c.is_whitespace();
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((list[s..i].to_string(), TextRange::new(base + s, base + i)));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The lines of `text` with their byte offsets.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

fn yaml_comments(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    // Whether every line so far is blank or a comment: the header where the whole-file form lives.
    let mut in_header = true;
    let all: Vec<(usize, &str)> = lines(text).collect();
    for (number, &(offset, line)) in all.iter().enumerate() {
        let trimmed = line.trim_start();
        let alone = trimmed.starts_with('#');
        if let Some((list, at)) = yaml_marker(line) {
            let span = if !alone {
                Span::Lines(number, number)
            } else if in_header {
                Span::WholeFile
            } else {
                let next = all[number + 1..].iter().position(|(_, l)| !l.trim().is_empty()).map(|p| number + 1 + p);
                let next = next.unwrap_or(number);
                Span::Lines(next, next)
            };
            out.extend(codes(list, offset + at).into_iter().map(|(code, range)| Suppression { code, range, span }));
        }
        if !(trimmed.is_empty() || alone) {
            in_header = false;
        }
    }
    out
}

/// `# kep-ls: ignore[LIST]` in a line: LIST and its byte offset in the line.
fn yaml_marker(line: &str) -> Option<(&str, usize)> {
    let at = line.find("kep-ls:")?;
    if !line[..at].trim_end().ends_with('#') {
        return None;
    }
    let rest = &line[at + "kep-ls:".len()..];
    let after = rest.trim_start().strip_prefix("ignore")?.trim_start().strip_prefix('[')?;
    let close = after.find(']')?;
    let start = line.len() - rest.len() + (rest.len() - after.len());
    Some((&after[..close], start))
}

fn markdown_comments(text: &str) -> Vec<Suppression> {
    const OPEN: &str = "<!-- kep-ls-ignore";
    let mut out = Vec::new();
    let all: Vec<(usize, &str)> = lines(text).collect();
    for (number, &(offset, line)) in all.iter().enumerate() {
        let Some(at) = line.find(OPEN) else { continue };
        let after = &line[at + OPEN.len()..];
        let Some(close) = after.find("-->") else { continue };
        // The block: from the next non-blank line to the line before the next blank one.
        let first = all[number + 1..].iter().position(|(_, l)| !l.trim().is_empty()).map(|p| number + 1 + p);
        let span = match first {
            Some(first) => {
                let end = all[first..].iter().position(|(_, l)| l.trim().is_empty()).map_or(all.len(), |p| first + p);
                Span::Lines(first, end - 1)
            }
            None => Span::Lines(number, number),
        };
        let base = offset + at + OPEN.len();
        out.extend(codes(&after[..close], base).into_iter().map(|(code, range)| Suppression { code, range, span }));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn a_yaml_line_comment_silences_its_line_only() {
        let fixture = "//- /ws/keps/sig-node/1-x/kep.yaml\ntitle: X\nkep-number: 1\nowning-sig: sig-node\nstatus: provisional\nsee_also: [] # kep-ls: ignore[unknown-key]\nfoo_bar: 1\ncreation-date: 2020-01-01\n";
        expect![[r#"
            error[unknown-key] 6:1: unknown key `foo_bar`; expected one of `title`, `kep-number`, `authors`, `owning-sig`, `participating-sigs`, `status`, `creation-date`, `last-updated`, `reviewers`, `approvers`, `editor`, `see-also`, `replaces`, `superseded-by`, `stage`, `latest-milestone`, `milestone`, `feature-gates`, `disable-supported`, `metrics`
              | foo_bar: 1
              | ^^^^^^^
        "#]]
        .assert_eq(&check_code(fixture, "unknown-key"));
    }

    #[test]
    fn the_whole_file_form_and_an_unused_code() {
        let fixture = "//- /ws/keps/sig-node/1-x/kep.yaml\n# kep-ls: ignore[unknown-key, no-such-rule, invalid-date]\ntitle: X\nkep-number: 1\nsee_also: []\nfoo_bar: 1\n";
        expect![[r#"
            hint[unused-suppression] 1:31: `no-such-rule` is not a rule code (run `kep-ls rules` for the list): this suppression does nothing
              | # kep-ls: ignore[unknown-key, no-such-rule, invalid-date]
              |                               ^^^^^^^^^^^^
            hint[unused-suppression] 1:45: nothing to suppress: no `invalid-date` in this file; remove the suppression
              | # kep-ls: ignore[unknown-key, no-such-rule, invalid-date]
              |                                             ^^^^^^^^^^^^
        "#]]
        .assert_eq(&format!(
            "{}{}",
            check_code(fixture, "unknown-key"),
            check_code(fixture, "unused-suppression")
        ));
    }

    #[test]
    fn a_comment_alone_below_the_header_silences_the_next_line() {
        let fixture =
            "//- /ws/keps/sig-node/1-x/kep.yaml\ntitle: X\n# kep-ls: ignore[unknown-key]\n\nsee_also: []\nfoo_bar: 1\n";
        expect![[r#"
            error[unknown-key] 5:1: unknown key `foo_bar`; expected one of `title`, `kep-number`, `authors`, `owning-sig`, `participating-sigs`, `status`, `creation-date`, `last-updated`, `reviewers`, `approvers`, `editor`, `see-also`, `replaces`, `superseded-by`, `stage`, `latest-milestone`, `milestone`, `feature-gates`, `disable-supported`, `metrics`
              | foo_bar: 1
              | ^^^^^^^
        "#]]
        .assert_eq(&check_code(fixture, "unknown-key"));
    }

    /// The "ignore" fix, applied, silences the diagnostic it was made for, and only it.
    #[test]
    fn the_ignore_fix_silences_its_diagnostic() {
        use crate::ide::fixtures::world;
        for (fixture, code) in [
            ("//- /ws/keps/sig-node/1-x/kep.yaml\ntitle: X\nsee_also: []\nfoo_bar: 1\n", "unknown-key"),
            (
                "//- /ws/keps/sig-node/1-x/kep.yaml\ntitle: X\nsee_also: [] # kep-ls: ignore[invalid-date]\n",
                "unknown-key",
            ),
            (
                "//- /ws/keps/sig-a/1-x/README.md\n# T\n\nSome text\n<<[UNRESOLVED a ]>>\n<<[/UNRESOLVED]>>\n",
                "unresolved-block",
            ),
        ] {
            let (world, paths) = world(fixture);
            let path = &paths[0];
            let file = world.file(path).unwrap();
            let before: Vec<_> =
                crate::ide::features::diagnostics(&world, path).into_iter().filter(|d| d.code == code).collect();
            let markdown = path.extension().is_some_and(|e| e == "md");
            let fix = super::ignore_fix(path, &file.text, file.line_index(), markdown, &before[0]).unwrap();
            let text = crate::ide::fixes::apply(&file.text, &fix.edits);
            let mut after = crate::ide::world::World::default();
            after.set_file(path.clone(), text.as_str());
            let left: Vec<_> =
                crate::ide::features::diagnostics(&after, path).into_iter().filter(|d| d.code == code).collect();
            assert_eq!(left.len(), before.len() - 1, "{text}");
            let unused: Vec<_> = crate::ide::features::diagnostics(&after, path)
                .into_iter()
                .filter(|d| d.code == "unused-suppression")
                .collect();
            // The second fixture's `invalid-date` suppression was unused before and still is.
            assert_eq!(unused.len(), usize::from(text.contains("invalid-date")), "{text}");
        }
    }

    #[test]
    fn a_markdown_comment_silences_the_next_block() {
        let fixture = "//- /ws/keps/sig-a/1-x/README.md\n# T\n\n<!-- kep-ls-ignore unresolved-block -->\n<<[UNRESOLVED a ]>>\n<<[/UNRESOLVED]>>\n\n<<[UNRESOLVED b ]>>\n<<[/UNRESOLVED]>>\n";
        expect![[r#"
            info[unresolved-block] 7:1: unresolved: b
              | <<[UNRESOLVED b ]>>
              | ^^^^^^^^^^^^^^^^^^^
        "#]]
        .assert_eq(&check_code(fixture, "unresolved-block"));
    }
}
