//! One pass over a KEP Markdown file for everything the README features and rules read: headings (as mdtoc
//! sees them, with their sections and anchors), `#anchor` links, HTML comments and `id`s, code, task items,
//! `<<[UNRESOLVED]>>` blocks and the TOC block. Computed once per request or per check (`Outline::of`).

use std::collections::HashMap;

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::links;

use super::anchors::{self, Numbering};
use super::toc::{self, Markers};
use crate::ide::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: usize,
    /// The text the anchor is made from.
    pub plain: String,
    /// The heading's line(s).
    pub range: TextRange,
    /// The heading's text as written.
    pub content: TextRange,
    /// From the heading to the next heading of the same or a higher level, trailing blank lines excluded.
    pub section: TextRange,
    /// mdtoc's spelling, repeats numbered over the whole document (as GitHub numbers them).
    pub anchor: String,
    /// Other accepted spellings: GitHub's (non-ASCII letters kept), and the TOC's numbering when it differs.
    pub other_anchors: Vec<String>,
}

/// `[text](#anchor)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorLink {
    /// The whole link.
    pub range: TextRange,
    /// The fragment after `#`, as written.
    pub anchor: TextRange,
    /// Inside the TOC block.
    pub in_toc: bool,
}

/// An HTML `id="…"` or `name="…"`: a place a fragment can point to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HtmlAnchor {
    pub name: String,
    /// The attribute's value.
    pub range: TextRange,
}

/// A `- [ ]` / `- [x]` item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Task {
    /// The `[ ]` marker.
    pub range: TextRange,
    pub done: bool,
}

/// `<<[UNRESOLVED context ]>>` … `<<[/UNRESOLVED]>>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    /// From the opening marker to the end of the closing one (to the end of the text when never closed).
    pub range: TextRange,
    /// The opening marker.
    pub opener: TextRange,
    pub context: String,
    pub closed: bool,
}

/// Where a fragment leads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Heading(usize),
    Html(usize),
}

#[derive(Debug, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    /// Links to an anchor of this file (`[text](#anchor)`).
    pub links: Vec<AnchorLink>,
    /// Every inline link and autolink, anchors included, with where its destination is written.
    pub all_links: Vec<links::MdLink>,
    pub html_anchors: Vec<HtmlAnchor>,
    /// HTML comments (blocks and inline), in order.
    pub comments: Vec<TextRange>,
    /// Fenced and indented code blocks, in order.
    pub code_blocks: Vec<TextRange>,
    pub code_spans: Vec<TextRange>,
    pub tasks: Vec<Task>,
    pub unresolved: Vec<Unresolved>,
    pub toc: Option<Markers>,
    /// Code and comments merged, sorted: where markers and links are not what they look like.
    hidden: Vec<TextRange>,
    /// Every accepted spelling → its target (the first target wins a spelling two share).
    targets: HashMap<String, Target>,
    /// The same, lower-cased: GitHub finds `#Summary` too.
    targets_folded: HashMap<String, Target>,
}

const UNRESOLVED_OPEN: &str = "<<[UNRESOLVED";
const UNRESOLVED_CLOSE: &str = "<<[/UNRESOLVED]>>";

impl Outline {
    pub fn of(text: &str) -> Outline {
        let mut outline = Outline { toc: toc::find_markers(text).ok(), ..Outline::default() };
        outline.headings = headings(text, outline.toc);
        outline.scan_events(text);
        outline.hidden = merged(outline.code_blocks.iter().chain(&outline.code_spans).chain(&outline.comments));
        // The template shows its UNRESOLVED example in a code fence, and authors copy the fence: a block in a
        // fence is an open question; one in an HTML comment (the template's guidance) or a code span is not.
        outline.unresolved = unresolved_blocks(text, &merged(outline.code_spans.iter().chain(&outline.comments)));
        outline.index_targets();
        outline
    }

    /// Where the first `<!-- toc -->` marker hides when it is not a marker of its own: inside a code
    /// block or span, or inside an HTML comment that starts before it (an example of the markers).
    /// mdtoc finds markers as plain text, so it would replace the example and what follows it.
    pub fn toc_marker_hidden(&self) -> Option<&'static str> {
        let at = self.toc?.start.start;
        let inside = |ranges: &[TextRange]| ranges.iter().any(|r| r.start <= at && at < r.end);
        if inside(&self.code_blocks) {
            Some("a code block")
        } else if inside(&self.code_spans) {
            Some("a code span")
        } else if self.comments.iter().any(|r| r.start < at && at < r.end) {
            Some("an HTML comment")
        } else {
            None
        }
    }

    /// The TOC block, markers included.
    pub fn toc_block(&self) -> Option<TextRange> {
        self.toc.map(|m| TextRange::new(m.start.start, m.end.end))
    }

    /// Where a fragment (as written in a link, without `#`) leads, in any accepted spelling.
    pub fn resolve(&self, fragment: &str) -> Option<Target> {
        let decoded = anchors::decode_fragment(fragment);
        self.targets.get(&decoded).or_else(|| self.targets_folded.get(&decoded.to_lowercase())).copied()
    }

    /// The heading a fragment leads to.
    pub fn resolve_heading(&self, fragment: &str) -> Option<usize> {
        match self.resolve(fragment)? {
            Target::Heading(index) => Some(index),
            Target::Html(_) => None,
        }
    }

    /// The link whose source covers `offset`.
    pub fn link_at(&self, offset: usize) -> Option<&AnchorLink> {
        self.links.iter().find(|link| link.range.touches(offset))
    }

    /// The heading whose line(s) cover `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        self.headings.iter().position(|heading| heading.range.touches(offset))
    }

    /// The links that lead to heading `index`, in order.
    pub fn links_to(&self, text: &str, index: usize) -> Vec<&AnchorLink> {
        self.links.iter().filter(|link| self.resolve_heading(fragment(text, link)) == Some(index)).collect()
    }

    /// Inside code (a block or a span) or an HTML comment.
    pub fn is_hidden(&self, offset: usize) -> bool {
        covers(&self.hidden, offset)
    }

    fn scan_events(&mut self, text: &str) {
        let toc_block = self.toc_block();
        let parser = Parser::new_ext(text, links::PARSE_OPTIONS);
        for (event, range) in parser.into_offset_iter() {
            let range = TextRange::new(range.start, range.end.min(text.len()));
            self.all_links.extend(links::link_of(text, &event, range));
            match event {
                Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, .. }) if dest_url.starts_with('#') => {
                    let dest = links::destination(text, range).filter(|d| slice(text, *d).starts_with('#'));
                    if let Some(dest) = dest {
                        let anchor = TextRange::new(dest.start + 1, dest.end);
                        let in_toc = toc_block.is_some_and(|block| block.contains_range(range));
                        self.links.push(AnchorLink { range, anchor, in_toc });
                    }
                }
                Event::Start(Tag::CodeBlock(_)) => self.code_blocks.push(range),
                Event::Start(Tag::HtmlBlock) if slice(text, range).trim_start().starts_with("<!--") => {
                    self.comments.push(range);
                }
                Event::Code(_) => self.code_spans.push(range),
                Event::InlineHtml(_) if slice(text, range).starts_with("<!--") => {
                    let end = text
                        .get(range.start + 4..)
                        .and_then(|rest| rest.find("-->"))
                        .map_or(text.len(), |at| range.start + 4 + at + 3);
                    self.comments.push(TextRange::new(range.start, end));
                }
                Event::Html(_) | Event::InlineHtml(_)
                    if !self.comments.last().is_some_and(|comment| comment.contains_range(range)) =>
                {
                    html_ids(text, range, &mut self.html_anchors);
                }
                Event::TaskListMarker(done) => self.tasks.push(Task { range, done }),
                _ => {}
            }
        }
    }

    fn index_targets(&mut self) {
        let mut targets = HashMap::new();
        // Preferred spellings first, so that another heading's alternative spelling never shadows one.
        for (index, heading) in self.headings.iter().enumerate() {
            targets.entry(heading.anchor.clone()).or_insert(Target::Heading(index));
        }
        for (index, heading) in self.headings.iter().enumerate() {
            for other in &heading.other_anchors {
                targets.entry(other.clone()).or_insert(Target::Heading(index));
            }
        }
        for (index, html) in self.html_anchors.iter().enumerate() {
            targets.entry(html.name.clone()).or_insert(Target::Html(index));
        }
        let mut folded = HashMap::new();
        for (name, target) in &targets {
            let lower = name.to_lowercase();
            let entry = folded.entry(lower).or_insert(*target);
            // Deterministic whatever the map's order: the earlier target wins.
            if order(*target) < order(*entry) {
                *entry = *target;
            }
        }
        self.targets = targets;
        self.targets_folded = folded;
    }
}

fn order(target: Target) -> (u8, usize) {
    match target {
        Target::Heading(index) => (0, index),
        Target::Html(index) => (1, index),
    }
}

/// The fragment of a link, as written.
pub fn fragment<'t>(text: &'t str, link: &AnchorLink) -> &'t str {
    slice(text, link.anchor)
}

/// Headings with sections and every accepted anchor spelling.
fn headings(text: &str, markers: Option<Markers>) -> Vec<Heading> {
    // A byte order mark is not text (GitHub shows the `# Title` after it as a heading): read after it.
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let shift = |r: TextRange| TextRange::new(r.start + bom, r.end + bom);
    let found = toc::headings(&text[bom..]).into_iter().map(|mut h| {
        h.range = shift(h.range);
        h.content = shift(h.content);
        h
    });
    let mut github = Numbering::default();
    let mut in_toc = Numbering::default();
    let toc_from = markers.map(|m| m.end.start);
    let mut out: Vec<Heading> = Vec::with_capacity(found.len());
    for heading in found {
        let mut other_anchors = vec![github.next(anchors::github_base(&heading.plain))];
        // The TOC numbers repeats among the headings it lists only (after the end marker, 5 levels).
        if toc_from.is_some_and(|from| heading.range.start >= from) && heading.level <= toc::MAX_DEPTH {
            other_anchors.push(in_toc.next(anchors::mdtoc_base(&heading.plain)));
        }
        other_anchors.retain(|other| *other != heading.anchor);
        other_anchors.dedup();
        out.push(Heading {
            level: heading.level,
            plain: heading.plain,
            range: heading.range,
            content: heading.content,
            section: heading.range,
            anchor: heading.anchor,
            other_anchors,
        });
    }
    // A section ends where a heading of the same or a higher level starts.
    let mut open: Vec<usize> = Vec::new();
    let ends: Vec<usize> = {
        let mut ends = vec![text.len(); out.len()];
        for (index, heading) in out.iter().enumerate() {
            while let Some(&top) = open.last() {
                if out.get(top).is_some_and(|t| t.level >= heading.level) {
                    if let Some(end) = ends.get_mut(top) {
                        *end = heading.range.start;
                    }
                    open.pop();
                } else {
                    break;
                }
            }
            open.push(index);
        }
        ends
    };
    for (heading, end) in out.iter_mut().zip(ends) {
        let body = text.get(heading.range.start..end).unwrap_or_default();
        heading.section = TextRange::new(heading.range.start, heading.range.start + body.trim_end().len());
    }
    out
}

/// `id="…"` and `name="…"` attributes in a piece of HTML.
fn html_ids(text: &str, range: TextRange, out: &mut Vec<HtmlAnchor>) {
    let html = slice(text, range);
    for attribute in ["id=", "name="] {
        for (at, _) in html.match_indices(attribute) {
            let preceded_by_space =
                html.get(..at).and_then(|before| before.chars().last()).is_some_and(char::is_whitespace);
            let Some(quote) = html.get(at + attribute.len()..).and_then(|rest| rest.chars().next()) else { continue };
            if !preceded_by_space || !(quote == '"' || quote == '\'') {
                continue;
            }
            let value_start = at + attribute.len() + 1;
            let Some(len) = html.get(value_start..).and_then(|rest| rest.find(quote)) else { continue };
            let name = html.get(value_start..value_start + len).unwrap_or_default();
            if !name.is_empty() {
                let start = range.start + value_start;
                out.push(HtmlAnchor { name: name.to_string(), range: TextRange::new(start, start + len) });
            }
        }
    }
}

/// The UNRESOLVED blocks outside `hidden`; a closing marker closes the nearest open block.
fn unresolved_blocks(text: &str, hidden: &[TextRange]) -> Vec<Unresolved> {
    let visible = |at: usize| !covers(hidden, at);
    let mut markers: Vec<(usize, bool)> = text
        .match_indices(UNRESOLVED_OPEN)
        .map(|(at, _)| (at, true))
        .chain(text.match_indices(UNRESOLVED_CLOSE).map(|(at, _)| (at, false)))
        .filter(|&(at, _)| visible(at))
        .collect();
    markers.sort_unstable();
    let mut out: Vec<Unresolved> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (at, opening) in markers {
        if opening {
            let line_end = text.get(at..).and_then(|rest| rest.find(['\n', '\r'])).map_or(text.len(), |n| at + n);
            let line = text.get(at..line_end).unwrap_or_default();
            let opener_len = line.find(">>").map_or(line.len(), |n| n + 2);
            let inner = line.get(UNRESOLVED_OPEN.len()..opener_len).unwrap_or_default();
            let context = inner.trim_end_matches(">>").trim_matches(|c: char| c == ']' || c.is_whitespace());
            open.push(out.len());
            out.push(Unresolved {
                range: TextRange::new(at, text.len()),
                opener: TextRange::new(at, at + opener_len),
                context: context.to_string(),
                closed: false,
            });
        } else if let Some(block) = open.pop().and_then(|index| out.get_mut(index)) {
            block.range.end = at + UNRESOLVED_CLOSE.len();
            block.closed = true;
        }
    }
    out
}

/// The union of some ranges, as sorted disjoint ranges.
fn merged<'r>(ranges: impl Iterator<Item = &'r TextRange>) -> Vec<TextRange> {
    let mut sorted: Vec<TextRange> = ranges.copied().collect();
    sorted.sort_unstable();
    let mut out: Vec<TextRange> = Vec::with_capacity(sorted.len());
    for range in sorted {
        match out.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// Whether one of `ranges` (sorted, disjoint) covers `offset`.
fn covers(ranges: &[TextRange], offset: usize) -> bool {
    let after = ranges.partition_point(|range| range.start <= offset);
    after.checked_sub(1).and_then(|last| ranges.get(last)).is_some_and(|range| offset < range.end)
}

fn slice(text: &str, range: TextRange) -> &str {
    text.get(range.start..range.end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors_of(text: &str) -> Vec<(String, Vec<String>)> {
        Outline::of(text).headings.into_iter().map(|h| (h.anchor, h.other_anchors)).collect()
    }

    #[test]
    fn sections_end_at_the_next_heading_of_the_same_or_higher_level() {
        let text = "# T\n\n## A\n\ntext\n\n### A1\n\nmore\n\n## B\n\nend\n\n";
        let outline = Outline::of(text);
        let sections: Vec<_> = outline.headings.iter().map(|h| slice(text, h.section)).collect();
        assert_eq!(sections, [text.trim_end(), "## A\n\ntext\n\n### A1\n\nmore", "### A1\n\nmore", "## B\n\nend"]);
    }

    #[test]
    fn non_ascii_headings_have_both_spellings() {
        assert_eq!(anchors_of("## Über uns\n"), [("ber-uns".to_string(), vec!["über-uns".to_string()])]);
        let outline = Outline::of("## Über uns\n");
        assert_eq!(outline.resolve("ber-uns"), Some(Target::Heading(0)));
        assert_eq!(outline.resolve("über-uns"), Some(Target::Heading(0)));
        assert_eq!(outline.resolve("%C3%BCber-uns"), Some(Target::Heading(0)));
        assert_eq!(outline.resolve("Über-Uns"), Some(Target::Heading(0)), "case does not matter");
        assert_eq!(outline.resolve("uber-uns"), None);
    }

    #[test]
    fn repeats_are_numbered_over_the_document_and_in_the_toc() {
        // The H1 above the TOC counts for GitHub but not for mdtoc's TOC.
        let text = "# Goals\n<!-- toc -->\n- [Goals](#goals)\n<!-- /toc -->\n## Goals\n## Goals\n";
        let outline = Outline::of(text);
        let anchors: Vec<_> = outline.headings.iter().map(|h| (h.anchor.as_str(), h.other_anchors.clone())).collect();
        assert_eq!(
            anchors,
            [("goals", vec![]), ("goals-1", vec!["goals".to_string()]), ("goals-2", vec!["goals-1".to_string()])]
        );
        // `#goals` is the H1 (preferred spellings win); the TOC's `#goals-1` still resolves.
        assert_eq!(outline.resolve("goals"), Some(Target::Heading(0)));
        assert_eq!(outline.resolve("goals-2"), Some(Target::Heading(2)));
    }

    #[test]
    fn links_in_code_and_comments_are_not_links() {
        let text =
            "## A\n\n[a](#a) `[b](#b)` <!-- [c](#c) -->\n\n```\n[d](#d)\n```\n\n<!--\n[e](#e)\n-->\n\n    [f](#f)\n";
        let outline = Outline::of(text);
        let fragments: Vec<_> = outline.links.iter().map(|l| fragment(text, l)).collect();
        assert_eq!(fragments, ["a"]);
        assert_eq!(outline.code_blocks.len(), 2);
        assert_eq!(outline.comments.len(), 2);
        assert!(outline.is_hidden(text.find("[b]").unwrap()));
        assert!(outline.is_hidden(text.find("[e]").unwrap()));
        assert!(!outline.is_hidden(text.find("[a]").unwrap()));
    }

    #[test]
    fn fragments_are_found_in_every_inline_form() {
        let text = "[x](#one) [y]( <#two> ) [`z`](#three \"title\") [![img](i.png)](#four) [r][ref]\n\n[ref]: #five\n";
        let outline = Outline::of(text);
        let fragments: Vec<_> = outline.links.iter().map(|l| fragment(text, l)).collect();
        assert_eq!(fragments, ["one", "two", "three", "four"]);
    }

    #[test]
    fn html_ids_are_targets() {
        let text = "<a name=\"old-name\"></a>\n\nSee <span id='here'>x</span> and [it](#old-name).\n";
        let outline = Outline::of(text);
        let names: Vec<_> = outline.html_anchors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["old-name", "here"]);
        assert!(matches!(outline.resolve("old-name"), Some(Target::Html(_))));
    }

    #[test]
    fn tasks_are_counted() {
        let outline = Outline::of("- [ ] one\n- [x] two\n- [X] three\n  - [ ] nested\n");
        let done: Vec<_> = outline.tasks.iter().map(|t| t.done).collect();
        assert_eq!(done, [false, true, true, false]);
    }

    #[test]
    fn unresolved_blocks_outside_comments_and_code_spans() {
        let text =
            "<!--\n```\n<<[UNRESOLVED in a comment ]>>\n<<[/UNRESOLVED]>>\n```\n-->\n\n`<<[UNRESOLVED span]>>`\n\n\
             ```\n<<[UNRESOLVED @alice: which API? ]>>\nText.\n<<[/UNRESOLVED]>>\n```\n\n<<[UNRESOLVED] inline form>>\n";
        let outline = Outline::of(text);
        let found: Vec<_> =
            outline.unresolved.iter().map(|u| (u.context.as_str(), u.closed, slice(text, u.opener))).collect();
        assert_eq!(
            found,
            [
                ("@alice: which API?", true, "<<[UNRESOLVED @alice: which API? ]>>"),
                ("inline form", false, "<<[UNRESOLVED] inline form>>")
            ]
        );
        assert!(slice(text, outline.unresolved[0].range).ends_with("Text.\n<<[/UNRESOLVED]>>"));
    }
}
