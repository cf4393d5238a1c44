//! Table of contents for KEP Markdown files, byte for byte as `mdtoc --inplace --max-depth=5` (v1.4.0) writes it.
//!
//! mdtoc parses with gomarkdown (not CommonMark), so the block and inline rules below are a port of
//! `shared/tools/mdtoc_reference.py`, the Python model of mdtoc that reproduces every real KEP TOC. Where the
//! model is only an approximation of gomarkdown the port still follows the model (it is the version verified
//! on the corpus), and says so. The deliberate departures, each marked `DEPARTURE` where it is made:
//! - block quotes nested 16 deep are not parsed (gomarkdown's `maxNesting`; the model has no limit);
//! - a TOC whose headings are all deeper than the maximum depth is `""` (what mdtoc writes), not the model's `"\n"`;
//! - `</tag>` is matched ASCII case-insensitively (the model's `re.I` also folds `ſ` and the Kelvin sign).
//!
//! Line breaks: `\r\n` and a lone `\r` count as `\n`, like the model (Python's universal newlines) does;
//! ranges always point into the text as given. Everything is linear in the size of the text.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::ide::text::TextRange;

pub const MAX_DEPTH: usize = 5;
pub const START_MARKER: &str = "<!-- toc -->";
pub const END_MARKER: &str = "<!-- /toc -->";

/// One heading as mdtoc sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TocHeading {
    pub level: usize,
    /// The heading rendered as inline HTML, as the TOC entry shows it.
    pub html: String,
    /// The text the anchor is made from (text and code spans, link text included).
    pub plain: String,
    pub anchor: String,
    /// Byte range of the heading's line(s) (both lines of a setext heading), line breaks excluded.
    pub range: TextRange,
    /// Byte range of the heading's text as written: without the `#`s, a closing `#` run, a `{#id}` suffix or
    /// the setext underline. What a rename replaces.
    pub content: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerProblem {
    MissingStart,
    MissingEnd,
    EndBeforeStart,
}

impl MarkerProblem {
    /// mdtoc's own error message for the problem.
    pub fn message(self) -> &'static str {
        match self {
            MarkerProblem::MissingStart => "missing opening TOC tag",
            MarkerProblem::MissingEnd => "missing closing TOC tag",
            MarkerProblem::EndBeforeStart => "TOC closing tag before start tag",
        }
    }
}

/// Byte ranges of the two marker comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Markers {
    pub start: TextRange,
    pub end: TextRange,
}

/// The first occurrence of each marker, case-insensitively, checked in mdtoc's order.
pub fn find_markers(text: &str) -> Result<Markers, MarkerProblem> {
    let start = find_ignore_ascii_case(text, START_MARKER).ok_or(MarkerProblem::MissingStart)?;
    let end = find_ignore_ascii_case(text, END_MARKER).ok_or(MarkerProblem::MissingEnd)?;
    if end < start {
        return Err(MarkerProblem::EndBeforeStart);
    }
    Ok(Markers {
        start: TextRange::new(start, start + START_MARKER.len()),
        end: TextRange::new(end, end + END_MARKER.len()),
    })
}

/// Headings of a whole document as mdtoc sees them (for outlines and anchors): all headings of the text, any
/// level, in order, with anchors de-duplicated (`-1`, `-2`) over the whole list.
pub fn headings(text: &str) -> Vec<TocHeading> {
    let scan = scan_document(text);
    let mut anchors = Numbering::default();
    scan.headings
        .iter()
        .map(|heading| {
            let rendered = render_inline(heading.content, &scan.refs);
            TocHeading {
                level: heading.level,
                anchor: anchors.next(anchor_base(&rendered.plain)),
                html: rendered.html,
                plain: rendered.plain,
                range: heading.range,
                content: subslice_range(text, heading.content),
            }
        })
        .collect()
}

/// The list mdtoc generates for `text`: pass the text from the end marker on (what mdtoc scans), or a whole
/// document. Levels deeper than `max_depth` (0: no limit) are left out, but the base level is the minimum over all
/// headings. Ends with `"\n"` when it has entries, `""` otherwise (DEPARTURE: the model gives `"\n"` when there
/// are headings but all are too deep; mdtoc writes nothing).
pub fn generate(text: &str, max_depth: usize) -> String {
    let scan = scan_document(text);
    let Some(base) = scan.headings.iter().map(|heading| heading.level).min() else {
        return String::new();
    };
    let mut anchors = Numbering::default();
    let mut toc = String::new();
    for heading in &scan.headings {
        if max_depth > 0 && heading.level > max_depth {
            continue;
        }
        let rendered = render_inline(heading.content, &scan.refs);
        let anchor = anchors.next(anchor_base(&rendered.plain));
        for _ in base..heading.level {
            toc.push_str("  ");
        }
        toc.push_str("- [");
        toc.push_str(&rendered.html);
        toc.push_str("](#");
        toc.push_str(&anchor);
        toc.push_str(")\n");
    }
    toc
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TocStatus {
    UpToDate,
    Missing(MarkerProblem),
    Stale {
        /// From the start of the start marker to the end of the end marker.
        block: TextRange,
        /// What `block` should hold, markers included: exactly what `fix` writes there.
        expected: String,
        /// Short human text saying what differs.
        summary: String,
    },
}

/// Whether the TOC between the markers is what mdtoc would write (compared trimmed, as mdtoc does).
pub fn check(text: &str) -> TocStatus {
    let markers = match find_markers(text) {
        Ok(markers) => markers,
        Err(problem) => return TocStatus::Missing(problem),
    };
    let Some(toc) = stale_toc(text, &markers) else { return TocStatus::UpToDate };
    TocStatus::Stale {
        block: block_range(&markers),
        expected: rewritten_block(text, &markers, &toc),
        summary: summarize_difference(slice(text, markers.start.end, markers.end.start), &toc),
    }
}

/// The edit that makes the TOC up to date: replaces the marker block (as mdtoc does, keeping both marker
/// comments as written), or, when both markers are missing, inserts a new block after the first top-level ATX H1
/// line (at the top when there is none). None when already up to date or when the markers cannot be fixed
/// safely (only one of them, end before start, or a generated entry that would itself contain a marker).
pub fn fix(text: &str) -> Option<(TextRange, String)> {
    match find_markers(text) {
        Ok(markers) => {
            let toc = stale_toc(text, &markers).filter(|toc| !contains_marker(toc))?;
            Some((block_range(&markers), rewritten_block(text, &markers, &toc)))
        }
        Err(MarkerProblem::MissingStart) if find_ignore_ascii_case(text, END_MARKER).is_none() => {
            insert_new_block(text)
        }
        Err(_) => None,
    }
}

// ------------------------------------------------------------------------------------------ check and fix

/// The TOC mdtoc would write, when it differs from the one between the markers. mdtoc compares
/// `strings.TrimSpace(oldTOC) == strings.TrimSpace(toc)`; this follows the model, which strips Python whitespace
/// and reads the file with universal newlines.
fn stale_toc(text: &str, markers: &Markers) -> Option<String> {
    let toc = generate(slice(text, markers.end.start, text.len()), MAX_DEPTH);
    let current = normalize_line_breaks(slice(text, markers.start.end, markers.end.start));
    (py_strip(&current) != py_strip(&toc)).then_some(toc)
}

fn block_range(markers: &Markers) -> TextRange {
    TextRange::new(markers.start.start, markers.end.end)
}

/// mdtoc writes `raw[:end of start marker] + "\n" + toc + raw[start of end marker:]`.
fn rewritten_block(text: &str, markers: &Markers, toc: &str) -> String {
    let start_marker = slice(text, markers.start.start, markers.start.end);
    let end_marker = slice(text, markers.end.start, markers.end.end);
    let mut block = String::with_capacity(start_marker.len() + toc.len() + end_marker.len() + 1);
    block.push_str(start_marker);
    block.push('\n');
    block.push_str(toc);
    block.push_str(end_marker);
    block
}

/// Inserts `\n<!-- toc -->\n...<!-- /toc -->\n` after the first top-level ATX H1 line, or
/// `<!-- toc -->\n...<!-- /toc -->\n\n` at the very top when there is no such line.
fn insert_new_block(text: &str) -> Option<(TextRange, String)> {
    let scan = scan_document(text);
    let h1_line_end = scan
        .headings
        .iter()
        .find(|heading| heading.level == 1 && heading.top_level_atx)
        .map(|heading| heading.range.end);
    let (at, before, after) = match h1_line_end {
        Some(end) => {
            let at = end + line_break_len(text, end);
            let before = if at == end { "\n\n" } else { "\n" };
            (at, before, "\n")
        }
        None => (0, "", if text.is_empty() { "\n" } else { "\n\n" }),
    };
    // The new block's TOC is what mdtoc will scan once it is in place: the end marker and all that follows.
    let mut scanned = String::with_capacity(END_MARKER.len() + after.len() + text.len().saturating_sub(at));
    scanned.push_str(END_MARKER);
    scanned.push_str(after);
    scanned.push_str(slice(text, at, text.len()));
    let toc = generate(&scanned, MAX_DEPTH);
    if contains_marker(&toc) {
        return None;
    }
    let insertion = format!("{before}{START_MARKER}\n{toc}{END_MARKER}{after}");
    Some((TextRange::new(at, at), insertion))
}

fn line_break_len(text: &str, at: usize) -> usize {
    let rest = text.as_bytes().get(at..).unwrap_or_default();
    match rest {
        [b'\r', b'\n', ..] => 2,
        [b'\r' | b'\n', ..] => 1,
        _ => 0,
    }
}

/// A generated entry can only hold a marker through raw text mdtoc copies (an image's alt text); writing it
/// would move the marker mdtoc finds, so such a TOC is never written.
fn contains_marker(toc: &str) -> bool {
    find_ignore_ascii_case(toc, START_MARKER).is_some() || find_ignore_ascii_case(toc, END_MARKER).is_some()
}

fn normalize_line_breaks(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn summarize_difference(current: &str, toc: &str) -> String {
    let current = normalize_line_breaks(current);
    let found = entry_lines(&current);
    let wanted = entry_lines(toc);
    if found.is_empty() {
        return match wanted.as_slice() {
            [only] => format!("table of contents is empty; missing entry {}", quote_entry(only)),
            _ => format!("table of contents is empty; missing {} entries", wanted.len()),
        };
    }
    // The differing middle, between the longest common prefix and the longest common suffix.
    let prefix = found.iter().zip(&wanted).take_while(|(a, b)| a == b).count();
    let max_suffix = found.len().min(wanted.len()).saturating_sub(prefix);
    let suffix = found.iter().rev().zip(wanted.iter().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    let (found_mid, wanted_mid) = (between(&found, prefix, suffix), between(&wanted, prefix, suffix));
    match (found_mid, wanted_mid) {
        ([], []) => "table of contents differs".to_string(),
        ([], [missing]) => format!("missing entry {}", quote_entry(missing)),
        ([], [first, ..]) => format!("missing {} entries, first {}", wanted_mid.len(), quote_entry(first)),
        ([extra], []) => format!("extra entry {}", quote_entry(extra)),
        ([first, ..], []) => format!("{} extra entries, first {}", found_mid.len(), quote_entry(first)),
        ([old], [new]) => {
            format!("entry {} differs: expected {}, found {}", prefix + 1, quote_entry(new), quote_entry(old))
        }
        ([old, ..], [new, ..]) => format!(
            "{} entries differ, from entry {}: expected {}, found {}",
            found_mid.len().max(wanted_mid.len()),
            prefix + 1,
            quote_entry(new),
            quote_entry(old)
        ),
    }
}

/// `entries` without the first `prefix` and the last `suffix` ones.
fn between<'e, 'x>(entries: &'e [&'x str], prefix: usize, suffix: usize) -> &'e [&'x str] {
    entries.len().checked_sub(suffix).and_then(|end| entries.get(prefix..end)).unwrap_or_default()
}

fn entry_lines(block: &str) -> Vec<&str> {
    let trimmed = py_strip(block);
    if trimmed.is_empty() {
        return Vec::new();
    }
    trimmed.split('\n').collect()
}

fn quote_entry(entry: &str) -> String {
    const LIMIT: usize = 100;
    match entry.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("\"{}…\"", slice(entry, 0, cut)),
        None => format!("\"{entry}\""),
    }
}

// ------------------------------------------------------------------------------------------ lines

/// A line without its line break. Inside a block quote, `text` is what is left after the `>` prefix; `span`
/// still covers the whole source line.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    text: &'a str,
    span: TextRange,
}

/// Splits on `\n`, `\r\n` and lone `\r`, keeping the empty line after a final break (like `str.split("\n")`).
fn split_lines(text: &str) -> Vec<Line<'_>> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let break_len = match byte {
            b'\n' => 1,
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => 2,
            b'\r' => 1,
            _ => {
                i += 1;
                continue;
            }
        };
        lines.push(Line { text: slice(text, start, i), span: TextRange::new(start, i) });
        i += break_len;
        start = i;
    }
    lines.push(Line { text: slice(text, start, text.len()), span: TextRange::new(start, text.len()) });
    lines
}

// ------------------------------------------------------------------------------------------ block scan

/// A heading found by the block scan, before inline rendering.
struct RawHeading<'a> {
    level: usize,
    content: &'a str,
    range: TextRange,
    /// An ATX heading outside any block quote (where `fix` may insert a TOC after it).
    top_level_atx: bool,
}

struct Scan<'a> {
    headings: Vec<RawHeading<'a>>,
    refs: Refs,
}

fn scan_document(text: &str) -> Scan<'_> {
    let mut lines = split_lines(text);
    // Before the block scan, which strips block quote prefixes in place.
    let refs = Refs::collect(&lines);
    let mut headings = Vec::new();
    BlockScanner::new(&mut lines, 1).scan(&mut headings);
    Scan { headings, refs }
}

/// gomarkdown's `maxNesting`: `Parser.block` returns at once when called 16 deep, so the content of a block
/// quote nested 16 deep is not parsed. DEPARTURE: the Python model has no such limit. It also bounds the work.
const MAX_BLOCK_NESTING: usize = 16;

/// Scans one sequence of lines (the document, or a block quote's content) for headings, block by block.
/// Searches that could scan to the end of the lines are memoised so the scan stays linear. A scanner never
/// looks back before the block it is at, so a nested block quote strips its prefixes in place (copies would
/// cost 16 times the document on deeply nested quotes with lazy lines).
struct BlockScanner<'l, 'a> {
    lines: &'l mut [Line<'a>],
    depth: usize,
    /// (fence char, fence length) -> indices of the lines that close such a fence, ascending.
    fence_closers: Option<HashMap<(u8, usize), Vec<usize>>>,
    comment_close: Memo,
    tag_close: HashMap<&'static str, Memo>,
    next_non_blank: Memo,
}

impl<'l, 'a> BlockScanner<'l, 'a> {
    fn new(lines: &'l mut [Line<'a>], depth: usize) -> Self {
        BlockScanner {
            lines,
            depth,
            fence_closers: None,
            comment_close: Memo::default(),
            tag_close: HashMap::new(),
            next_non_blank: Memo::default(),
        }
    }

    fn scan(mut self, out: &mut Vec<RawHeading<'a>>) {
        let mut i = 0;
        while i < self.lines.len() {
            i = self.block_at(i, out).max(i + 1);
        }
    }

    fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |line| line.text)
    }

    /// Consumes the block starting at line `i` and returns the index of the line after it. The order of the
    /// tests is the model's (`parse_blocks`).
    fn block_at(&mut self, i: usize, out: &mut Vec<RawHeading<'a>>) -> usize {
        let Some(&line) = self.lines.get(i) else { return i + 1 };
        if let Some(atx) = atx_heading(line.text) {
            if let Some(content) = atx.content {
                let top_level_atx = self.depth == 1;
                out.push(RawHeading { level: atx.level, content, range: line.span, top_level_atx });
            }
            return i + 1;
        }
        if line.text.starts_with('<') {
            if let Some(next) = self.html_comment_end(i) {
                return next;
            }
            if let Some(next) = self.html_block_end(i) {
                return next;
            }
        }
        if is_blank(line.text) {
            return i + 1;
        }
        if is_indented(line.text) {
            return self.indented_code_end(i);
        }
        if let Some(next) = self.fenced_code_end(i) {
            return next;
        }
        if is_thematic_break(line.text) {
            return i + 1;
        }
        if line.text.starts_with('>') || line.text.starts_with(" >") {
            return self.block_quote(i, out);
        }
        if is_list_item(line.text) {
            return self.list_end(i);
        }
        self.paragraph(i, out)
    }

    /// `<!--` at column 0 up to the first `-->` (looked for from column 3), which must end its line
    /// (gomarkdown's `htmlComment`).
    fn html_comment_end(&mut self, i: usize) -> Option<usize> {
        let first = self.text(i);
        if !first.starts_with("<!--") {
            return None;
        }
        let (close_line, close_col) = match find_from(first, 3, "-->") {
            Some(col) => (i, col),
            None => {
                let lines = &*self.lines;
                let j = self.comment_close.first(i + 1, |from| {
                    (from..lines.len()).find(|&j| lines.get(j).is_some_and(|line| line.text.contains("-->")))
                })?;
                (j, self.text(j).find("-->")?)
            }
        };
        let tail = self.text(close_line).get(close_col + 3..)?;
        is_blank(tail).then_some(close_line + 1)
    }

    /// A block-level HTML tag at column 0 up to the first line whose first `</tag>` ends the line and is followed
    /// by a blank line or the end (gomarkdown's `htmlFindEnd`). Without such a line it is not an HTML block.
    fn html_block_end(&mut self, i: usize) -> Option<usize> {
        let tag = block_tag_name(self.text(i))?;
        let lines = &*self.lines;
        let memo = self.tag_close.entry(tag).or_default();
        let close = memo.first(i, |from| (from..lines.len()).find(|&j| closes_html_block(lines, j, tag)))?;
        Some(close + 1)
    }

    fn indented_code_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.lines.len() && (is_indented(self.text(j)) || is_blank(self.text(j))) {
            j += 1;
        }
        j
    }

    /// A fence opening line up to the next line that closes it; without a closing fence before the end it is
    /// not a code block at all (gomarkdown's `fencedCodeBlock`).
    fn fenced_code_end(&mut self, i: usize) -> Option<usize> {
        let fence = fence_opening(self.text(i))?;
        let lines = &*self.lines;
        let closers = self.fence_closers.get_or_insert_with(|| fence_closers(lines));
        let closing = closers.get(&fence)?;
        let after = closing.partition_point(|&j| j <= i);
        closing.get(after).map(|&j| j + 1)
    }

    /// The lines up to the next blank one, each without one `>` prefix, scanned as a nested document.
    fn block_quote(&mut self, i: usize, out: &mut Vec<RawHeading<'a>>) -> usize {
        let mut j = i;
        while let Some(line) = self.lines.get_mut(j).filter(|line| !is_blank(line.text)) {
            line.text = strip_quote_prefix(line.text);
            j += 1;
        }
        if self.depth < MAX_BLOCK_NESTING {
            if let Some(inner) = self.lines.get_mut(i..j) {
                BlockScanner::new(inner, self.depth + 1).scan(out);
            }
        }
        j
    }

    /// Skips a list. gomarkdown parses (tight) list items inline, so headings inside list items are not
    /// headings; the model does not descend into items, which matches every TOC in the corpus.
    fn list_end(&mut self, i: usize) -> usize {
        let mut j = i;
        while j < self.lines.len() {
            let line = self.text(j);
            if is_list_item(line) {
                j += 1;
            } else if is_blank(line) {
                let lines = &*self.lines;
                let next = self.next_non_blank.first(j + 1, |from| {
                    (from..lines.len()).find(|&k| lines.get(k).is_some_and(|line| !is_blank(line.text)))
                });
                let continues = next.is_some_and(|k| {
                    let next_line = self.text(k);
                    next_line.starts_with("  ") || next_line.starts_with('\t') || is_list_item(next_line)
                });
                if !continues {
                    break;
                }
                j += 1;
            } else if line.starts_with(' ') || line.starts_with('\t') {
                j += 1;
            } else {
                let after_blank = j > 0 && is_blank(self.text(j - 1));
                if atx_heading(line).is_some()
                    || fence_opening(line).is_some()
                    || is_thematic_break(line)
                    || after_blank
                {
                    break;
                }
                j += 1;
            }
        }
        j
    }

    /// A paragraph runs to a blank line or to a line that interrupts it; a `===`/`---` line under it makes its
    /// last line a setext heading (the model keeps only that line as the heading text).
    fn paragraph(&mut self, i: usize, out: &mut Vec<RawHeading<'a>>) -> usize {
        let mut j = i;
        while let Some(&line) = self.lines.get(j) {
            if is_blank(line.text) {
                break;
            }
            if j > i {
                if let Some(level) = setext_underline_level(line.text) {
                    if let Some(&title) = self.lines.get(j - 1) {
                        out.push(RawHeading {
                            level,
                            content: title.text.trim_matches(' '),
                            range: TextRange::new(title.span.start, line.span.end),
                            top_level_atx: false,
                        });
                    }
                    return j + 1;
                }
                if atx_heading(line.text).is_some()
                    || is_thematic_break(line.text)
                    || line.text.starts_with('>')
                    || self.fenced_code_end(j).is_some()
                {
                    break;
                }
            }
            j += 1;
        }
        j
    }
}

/// Memoised "first index >= q that satisfies a fixed predicate". For non-decreasing queries each index is
/// searched at most once, which keeps the scans that look ahead to the end linear overall.
#[derive(Default)]
struct Memo {
    searched_from: Option<usize>,
    found: Option<usize>,
}

impl Memo {
    fn first(&mut self, q: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        if self.searched_from.is_some_and(|from| from <= q) {
            match self.found {
                None => return None,
                Some(x) if x >= q => return Some(x),
                Some(_) => {}
            }
        }
        let found = search(q);
        self.searched_from = Some(q);
        self.found = found;
        found
    }
}

struct Atx<'a> {
    level: usize,
    /// None for a heading with no text (`#` alone), which gomarkdown drops.
    content: Option<&'a str>,
}

/// `#`..`######` at column 0 followed by a space (SpaceHeadings); `{#id}` (HeadingIDs) and closing `#`s are
/// removed.
fn atx_heading(line: &str) -> Option<Atx<'_>> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) || line.as_bytes().get(level) != Some(&b' ') {
        return None;
    }
    let mut body = slice(line, level, line.len()).trim_start_matches(' ');
    if let Some(id_start) = body.find("{#") {
        if slice(body, id_start, body.len()).contains('}') {
            body = slice(body, 0, id_start).trim_end_matches(' ');
        }
    }
    let bytes = body.as_bytes();
    let mut end = bytes.len();
    while end > 0 && bytes.get(end - 1) == Some(&b'#') {
        if end >= 2 && bytes.get(end - 2) == Some(&b'\\') {
            break;
        }
        end -= 1;
    }
    let body = slice(body, 0, end).trim_end_matches(' ');
    Some(Atx { level, content: (!body.is_empty()).then_some(body) })
}

/// `===` (level 1) or `---` (level 2) at column 0, then only spaces.
fn setext_underline_level(line: &str) -> Option<usize> {
    let level = match line.as_bytes().first()? {
        b'=' => 1,
        b'-' => 2,
        _ => return None,
    };
    let marker = if level == 1 { '=' } else { '-' };
    only_spaces(line.trim_start_matches(marker)).then_some(level)
}

/// `^ {0,3}((\* *){3,}|(- *){3,}|(_ *){3,})$`
fn is_thematic_break(line: &str) -> bool {
    let rest = strip_up_to_three_spaces(line);
    let Some(&marker) = rest.as_bytes().first() else { return false };
    if !matches!(marker, b'*' | b'-' | b'_') {
        return false;
    }
    rest.bytes().all(|b| b == marker || b == b' ') && rest.bytes().filter(|&b| b == marker).count() >= 3
}

/// `^ {0,3}[*+-][ \t]` or `^ {0,3}\d+\.[ \t]`. `\d` is Python's (any Unicode decimal digit), as in the model;
/// gomarkdown only takes ASCII digits.
fn is_list_item(line: &str) -> bool {
    let rest = strip_up_to_three_spaces(line);
    let after_marker = match rest.as_bytes().first() {
        Some(b'*' | b'+' | b'-') => slice(rest, 1, rest.len()),
        _ => {
            let digits_end = rest.char_indices().find(|&(_, c)| !is_decimal_digit(c)).map_or(rest.len(), |(at, _)| at);
            if digits_end == 0 || rest.as_bytes().get(digits_end) != Some(&b'.') {
                return false;
            }
            slice(rest, digits_end + 1, rest.len())
        }
    };
    matches!(after_marker.as_bytes().first(), Some(b' ' | b'\t'))
}

fn is_indented(line: &str) -> bool {
    line.starts_with("    ") || line.starts_with('\t')
}

/// The model's `^ ?> ?` prefix; a lazy line without it is kept as it is.
fn strip_quote_prefix(line: &str) -> &str {
    let after_space = line.strip_prefix(' ').unwrap_or(line);
    match after_space.strip_prefix('>') {
        Some(rest) => rest.strip_prefix(' ').unwrap_or(rest),
        None => line,
    }
}

/// `^ {0,3}(`{3,}|~{3,}) *(\{[^}]*\}|[^ \t]*) *$` -> (fence char, fence length). Backtracking never shortens
/// the fence (a shorter one would leave a fence char to start the info string), so the fence is the whole run.
fn fence_opening(line: &str) -> Option<(u8, usize)> {
    let (fence, rest) = fence_run(line)?;
    let info = rest.trim_start_matches(' ');
    if info.starts_with('{') {
        if let Some(close) = info.find('}') {
            if only_spaces(slice(info, close + 1, info.len())) {
                return Some(fence);
            }
        }
    }
    let word_end = info.find([' ', '\t']).unwrap_or(info.len());
    only_spaces(slice(info, word_end, info.len())).then_some(fence)
}

/// `^ {0,3}FENCE *$`: closes only a fence of the same char and exactly the same length.
fn fence_closing(line: &str) -> Option<(u8, usize)> {
    let (fence, rest) = fence_run(line)?;
    only_spaces(rest).then_some(fence)
}

/// Up to three spaces, then three or more of one fence char: ((char, count), the rest of the line).
fn fence_run(line: &str) -> Option<((u8, usize), &str)> {
    let rest = strip_up_to_three_spaces(line);
    let &fence_char = rest.as_bytes().first()?;
    if fence_char != b'`' && fence_char != b'~' {
        return None;
    }
    let count = rest.bytes().take_while(|&b| b == fence_char).count();
    (count >= 3).then(|| ((fence_char, count), slice(rest, count, rest.len())))
}

fn fence_closers(lines: &[Line<'_>]) -> HashMap<(u8, usize), Vec<usize>> {
    let mut closers: HashMap<(u8, usize), Vec<usize>> = HashMap::new();
    for (index, line) in lines.iter().enumerate() {
        if let Some(fence) = fence_closing(line.text) {
            closers.entry(fence).or_default().push(index);
        }
    }
    closers
}

/// The model's block-level tags (gomarkdown's `blockTags`).
const BLOCK_TAGS: &[&str] = &[
    "blockquote",
    "del",
    "div",
    "dl",
    "fieldset",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "iframe",
    "ins",
    "math",
    "noscript",
    "ol",
    "pre",
    "p",
    "script",
    "style",
    "table",
    "ul",
    "address",
    "article",
    "aside",
    "canvas",
    "details",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "nav",
    "output",
    "progress",
    "section",
    "video",
];

/// `^<([A-Za-z][A-Za-z0-9]*)` naming a block tag, case-insensitively.
fn block_tag_name(line: &str) -> Option<&'static str> {
    let name = line.strip_prefix('<')?;
    if !name.as_bytes().first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = name.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = slice(name, 0, len);
    BLOCK_TAGS.iter().copied().find(|tag| tag.eq_ignore_ascii_case(name))
}

/// Line `j` ends an HTML block of `tag`: its first `</tag>` (ASCII case-insensitive; DEPARTURE: the model's `re.I`
/// would also fold `ſ` and the Kelvin sign, which gomarkdown does not) has only whitespace after it, and the next
/// line is blank or there is none.
fn closes_html_block(lines: &[Line<'_>], j: usize, tag: &str) -> bool {
    let Some(line) = lines.get(j) else { return false };
    let Some(close_end) = find_close_tag(line.text, tag) else { return false };
    py_strip(slice(line.text, close_end, line.text.len())).is_empty()
        && lines.get(j + 1).is_none_or(|next| is_blank(next.text))
}

/// The end of the first `</tag>` in `text`, ASCII case-insensitively.
fn find_close_tag(text: &str, tag: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = find_from(text, from, "</") {
        let name_start = at + 2;
        let name_end = name_start + tag.len();
        let name_matches =
            bytes.get(name_start..name_end).is_some_and(|name| name.eq_ignore_ascii_case(tag.as_bytes()));
        if name_matches && bytes.get(name_end) == Some(&b'>') {
            return Some(name_end + 1);
        }
        from = at + 1;
    }
    None
}

fn strip_up_to_three_spaces(line: &str) -> &str {
    let spaces = line.bytes().take(3).take_while(|&b| b == b' ').count();
    slice(line, spaces, line.len())
}

/// The model's `is_blank`: only spaces and tabs.
fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| b == b' ' || b == b'\t')
}

fn only_spaces(text: &str) -> bool {
    text.bytes().all(|b| b == b' ')
}

// ------------------------------------------------------------------------------------------ link references

/// Link reference definitions (`[label]: url`), first definition of a label winning, from every line of the
/// scanned text (the model does not care whether a line is in a code block).
#[derive(Default)]
struct Refs {
    urls: HashMap<String, String>,
}

impl Refs {
    fn collect(lines: &[Line<'_>]) -> Refs {
        let mut refs = Refs::default();
        for line in lines {
            if let Some((label, url)) = reference_definition(line.text) {
                refs.urls.entry(label.to_lowercase()).or_insert_with(|| url.to_string());
            }
        }
        refs
    }

    fn url(&self, label: &str) -> Option<&str> {
        self.urls.get(&label.to_lowercase()).map(String::as_str)
    }
}

/// `^ {0,3}\[([^\]]+)\]:[ \t]*<?([^\s>]+)>?` -> (label, url).
fn reference_definition(line: &str) -> Option<(&str, &str)> {
    let rest = strip_up_to_three_spaces(line).strip_prefix('[')?;
    let label_end = rest.find(']')?;
    if label_end == 0 {
        return None;
    }
    let label = slice(rest, 0, label_end);
    let after = slice(rest, label_end + 1, rest.len()).strip_prefix(':')?;
    let after = after.trim_start_matches([' ', '\t']);
    let is_url_char = |c: char| !is_py_space(c) && c != '>';
    // `<?` is optional: when what follows `<` cannot start a URL, the `<` itself is the URL's first char.
    let url_start = match after.strip_prefix('<') {
        Some(inner) if inner.chars().next().is_some_and(is_url_char) => inner,
        _ => after,
    };
    let url_len = url_start.find(|c: char| !is_url_char(c)).unwrap_or(url_start.len());
    (url_len > 0).then(|| (label, slice(url_start, 0, url_len)))
}

// ------------------------------------------------------------------------------------------ inline rendering

/// A heading's text as the TOC entry shows it, and the text its anchor is made from.
struct Rendered {
    html: String,
    plain: String,
}

/// The model's inline grammar nests at most four deep (link text holds no `]`, strong text no second `**`);
/// this guard only protects the stack.
const MAX_INLINE_NESTING: usize = 8;

fn render_inline(text: &str, refs: &Refs) -> Rendered {
    render_nested(text, refs, 0)
}

/// Renders like the model's `INLINE_RE.finditer` loop: at each position the first alternative that matches
/// wins (code, reference link, link, HTML tag, strong, emphasis, autolink, escape); the rest is escaped text.
/// The HTML is stripped of surrounding whitespace, at every nesting level, as the model does.
fn render_nested(text: &str, refs: &Refs, nesting: usize) -> Rendered {
    let mut html = String::with_capacity(text.len() + 16);
    let mut plain = String::with_capacity(text.len());
    if nesting >= MAX_INLINE_NESTING {
        push_escaped(&mut html, text);
        return Rendered { html: py_strip(&html).to_string(), plain: text.to_string() };
    }
    let mut scanner = InlineScanner::new(text);
    let bytes = text.as_bytes();
    let mut copied_up_to = 0;
    let mut at = 0;
    // Every alternative starts with an ASCII byte, so stepping bytewise only ever tries char boundaries.
    while let Some(&byte) = bytes.get(at) {
        let found = if is_inline_trigger(byte) { scanner.match_at(at) } else { None };
        let Some((span, end)) = found else {
            at += 1;
            continue;
        };
        let literal = slice(text, copied_up_to, at);
        push_escaped(&mut html, literal);
        plain.push_str(literal);
        emit_span(&span, slice(text, at, end), refs, nesting, &mut html, &mut plain);
        at = end;
        copied_up_to = end;
    }
    let literal = slice(text, copied_up_to, text.len());
    push_escaped(&mut html, literal);
    plain.push_str(literal);
    Rendered { html: py_strip(&html).to_string(), plain }
}

fn is_inline_trigger(byte: u8) -> bool {
    matches!(byte, b'`' | b'[' | b'!' | b'<' | b'*' | b'_' | b'h' | b'\\')
}

fn emit_span(span: &Span<'_>, whole: &str, refs: &Refs, nesting: usize, html: &mut String, plain: &mut String) {
    match *span {
        Span::Code(body) => {
            let body = body.trim_matches(' ');
            html.push_str("<code>");
            push_escaped(html, body);
            html.push_str("</code>");
            plain.push_str(body);
        }
        Span::RefLink { text, label } => {
            let label = if label.is_empty() { text } else { label };
            match refs.url(label) {
                Some(url) => {
                    let inner = render_nested(text, refs, nesting + 1);
                    push_anchor(html, url, &inner.html);
                    plain.push_str(&inner.plain);
                }
                None => {
                    push_escaped(html, whole);
                    plain.push_str(whole);
                }
            }
        }
        Span::Link { text, url } => {
            let inner = render_nested(text, refs, nesting + 1);
            push_anchor(html, url, &inner.html);
            plain.push_str(&inner.plain);
        }
        Span::Image { alt, url } => {
            // The model's approximation: URL and alt text copied raw, nothing added to the anchor text.
            html.push_str("<img src=\"");
            html.push_str(url);
            html.push_str("\" alt=\"");
            html.push_str(alt);
            html.push_str("\" />");
        }
        Span::Html(tag) => html.push_str(tag),
        Span::Strong(inner) | Span::Emphasis(inner) => {
            let element = if matches!(span, Span::Strong(_)) { "strong" } else { "em" };
            let inner = render_nested(inner, refs, nesting + 1);
            html.push('<');
            html.push_str(element);
            html.push('>');
            html.push_str(&inner.html);
            html.push_str("</");
            html.push_str(element);
            html.push('>');
            plain.push_str(&inner.plain);
        }
        Span::AutoLink(url) => {
            html.push_str("<a href=\"");
            html.push_str(url);
            html.push_str("\">");
            // The model escapes only this text with a plain `html.escape`, which also turns `'` into `&#x27;`.
            for part in url.split_inclusive('\'') {
                match part.strip_suffix('\'') {
                    Some(before) => {
                        push_escaped(html, before);
                        html.push_str("&#x27;");
                    }
                    None => push_escaped(html, part),
                }
            }
            html.push_str("</a>");
            plain.push_str(url);
        }
        Span::Escaped(literal) => {
            push_escaped(html, literal);
            plain.push_str(literal);
        }
    }
}

fn push_anchor(html: &mut String, url: &str, inner_html: &str) {
    html.push_str("<a href=\"");
    html.push_str(url);
    html.push_str("\">");
    html.push_str(inner_html);
    html.push_str("</a>");
}

/// Python's `html.escape(s, quote=True)` with `'` left alone, as the model does.
fn push_escaped(html: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            _ => html.push(c),
        }
    }
}

/// One inline construct found by the scanner; the `&str`s are parts of the text being rendered.
enum Span<'t> {
    Code(&'t str),
    RefLink { text: &'t str, label: &'t str },
    Link { text: &'t str, url: &'t str },
    Image { alt: &'t str, url: &'t str },
    Html(&'t str),
    Strong(&'t str),
    Emphasis(&'t str),
    AutoLink(&'t str),
    Escaped(&'t str),
}

/// The model's `INLINE_RE`, one hand-written matcher per alternative. Each searches forward only through a
/// [`Memo`] whose queries grow with the position, so a whole line renders in linear time.
struct InlineScanner<'t> {
    text: &'t str,
    code_runs: Option<BacktickRuns>,
    ref_text_end: Memo,
    ref_label_end: Memo,
    link_text_end: Memo,
    link_url_end: Memo,
    title_start: Memo,
    title_end: Memo,
    tag_end: Memo,
    strong_close: Memo,
    emphasis_close: Memo,
    autolink_end: Memo,
}

impl<'t> InlineScanner<'t> {
    fn new(text: &'t str) -> Self {
        InlineScanner {
            text,
            code_runs: None,
            ref_text_end: Memo::default(),
            ref_label_end: Memo::default(),
            link_text_end: Memo::default(),
            link_url_end: Memo::default(),
            title_start: Memo::default(),
            title_end: Memo::default(),
            tag_end: Memo::default(),
            strong_close: Memo::default(),
            emphasis_close: Memo::default(),
            autolink_end: Memo::default(),
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn part(&self, start: usize, end: usize) -> &'t str {
        slice(self.text, start, end)
    }

    /// The first alternative matching at `at`, with the end of its match.
    fn match_at(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        match self.byte(at)? {
            b'`' => self.code_span(at),
            b'[' => self.reference_link(at).or_else(|| self.link(at)),
            b'!' => self.link(at),
            b'<' => self.html_tag(at),
            b'*' | b'_' => self.strong(at).or_else(|| self.emphasis(at)),
            b'h' => self.autolink(at),
            b'\\' => self.escape(at),
            _ => None,
        }
    }

    /// `` (`+)(.+?)\1 ``: the regex tries the longest opening first. An opening of `t` ticks can close iff some
    /// later run has at least `t` ticks, or the opening run itself has room for one body char and `t` more
    /// (`2t + 1 <= available`); it closes at the first such place.
    fn code_span(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        let runs = self.code_runs.get_or_insert_with(|| BacktickRuns::new(text));
        let (run_index, run_end) = runs.run_containing(at)?;
        let available = run_end - at;
        let longest_later = runs.longest_after(run_index);
        let ticks = available.min(longest_later).max((available - 1) / 2);
        if ticks == 0 {
            return None;
        }
        let close = if 2 * ticks < available { at + ticks + 1 } else { runs.first_later_start(run_index, ticks)? };
        Some((Span::Code(self.part(at + ticks, close)), close + ticks))
    }

    /// `\[([^\]]+)\](\[([^\]]*)\])?(?!\()`
    fn reference_link(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        let text_end = self.ref_text_end.first(at + 1, |from| find_byte_from(text, from, b']'))?;
        if text_end == at + 1 {
            return None;
        }
        let link_text = self.part(at + 1, text_end);
        let after = text_end + 1;
        let without_label = (Span::RefLink { text: link_text, label: "" }, after);
        match self.byte(after) {
            Some(b'(') => None,
            Some(b'[') => {
                let Some(label_end) = self.ref_label_end.first(after + 1, |from| find_byte_from(text, from, b']'))
                else {
                    return Some(without_label);
                };
                if self.byte(label_end + 1) == Some(b'(') {
                    // The lookahead fails after the label, so the regex backtracks to the form without it.
                    return Some(without_label);
                }
                let label = self.part(after + 1, label_end);
                Some((Span::RefLink { text: link_text, label }, label_end + 1))
            }
            _ => Some(without_label),
        }
    }

    /// `!?\[([^\]]*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)`
    fn link(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        let is_image = self.byte(at) == Some(b'!');
        let open = if is_image { at + 1 } else { at };
        if self.byte(open) != Some(b'[') {
            return None;
        }
        let text_end = self.link_text_end.first(open + 1, |from| find_byte_from(text, from, b']'))?;
        if self.byte(text_end + 1) != Some(b'(') {
            return None;
        }
        let url_start = text_end + 2;
        let url_end =
            self.link_url_end.first(url_start, |from| find_char_from(text, from, |c| c == ')' || is_py_space(c)))?;
        let end = if self.byte(url_end) == Some(b')') {
            url_end + 1
        } else {
            // Whitespace, then a `"title"`, then `)`.
            let quote = self.title_start.first(url_end, |from| find_char_from(text, from, |c| !is_py_space(c)))?;
            if self.byte(quote) != Some(b'"') {
                return None;
            }
            let quote_end = self.title_end.first(quote + 1, |from| find_byte_from(text, from, b'"'))?;
            if self.byte(quote_end + 1) != Some(b')') {
                return None;
            }
            quote_end + 2
        };
        let link_text = self.part(open + 1, text_end);
        let url = self.part(url_start, url_end);
        let span = if is_image { Span::Image { alt: link_text, url } } else { Span::Link { text: link_text, url } };
        Some((span, end))
    }

    /// `</?[A-Za-z][^>]*>`
    fn html_tag(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        let name = if self.byte(at + 1) == Some(b'/') { at + 2 } else { at + 1 };
        if !self.byte(name)?.is_ascii_alphabetic() {
            return None;
        }
        let close = self.tag_end.first(name + 1, |from| find_byte_from(text, from, b'>'))?;
        Some((Span::Html(self.part(at, close + 1)), close + 1))
    }

    /// `(\*\*|__)(.+?)(\*\*|__)`: closed by the first `**` or `__` (of either kind) after at least one char.
    fn strong(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        let marker = self.byte(at)?;
        if self.byte(at + 1) != Some(marker) {
            return None;
        }
        let close = self.strong_close.first(at + 3, |from| {
            let bytes = text.as_bytes();
            (from..bytes.len()).find(|&i| matches!(bytes.get(i), Some(b'*' | b'_')) && bytes.get(i + 1) == bytes.get(i))
        })?;
        Some((Span::Strong(self.part(at + 2, close)), close + 2))
    }

    /// `(?<![A-Za-z0-9])[*_]([^*_]+?)[*_](?![A-Za-z0-9])`
    fn emphasis(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        if at > 0 && self.byte(at - 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        if matches!(self.byte(at + 1), None | Some(b'*' | b'_')) {
            return None;
        }
        let close = self.emphasis_close.first(at + 2, |from| {
            let bytes = text.as_bytes();
            (from..bytes.len()).find(|&i| matches!(bytes.get(i), Some(b'*' | b'_')))
        })?;
        if self.byte(close + 1).is_some_and(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        Some((Span::Emphasis(self.part(at + 1, close)), close + 1))
    }

    /// `https?://[^\s<)]+`
    fn autolink(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let text = self.text;
        let rest = self.part(at, text.len());
        let prefix = if rest.starts_with("https://") {
            8
        } else if rest.starts_with("http://") {
            7
        } else {
            return None;
        };
        let url_end = self
            .autolink_end
            .first(at + prefix, |from| find_char_from(text, from, |c| c == '<' || c == ')' || is_py_space(c)))
            .unwrap_or(text.len());
        if url_end == at + prefix {
            return None;
        }
        Some((Span::AutoLink(self.part(at, url_end)), url_end))
    }

    /// `` \\[\\`*_{}\[\]()#+\-.!<>&"'|~] ``
    fn escape(&mut self, at: usize) -> Option<(Span<'t>, usize)> {
        let escaped = self.byte(at + 1)?;
        if !b"\\`*_{}[]()#+-.!<>&\"'|~".contains(&escaped) {
            return None;
        }
        Some((Span::Escaped(self.part(at + 1, at + 2)), at + 2))
    }
}

/// The maximal runs of backticks of one text, for code spans.
struct BacktickRuns {
    /// (start, length), in order.
    runs: Vec<(usize, usize)>,
    /// `longest_after[k]`: the longest of `runs[k + 1..]` (0 when none).
    longest_after: Vec<usize>,
    /// The run the last lookup was in (lookups come in increasing position order).
    cursor: usize,
}

impl BacktickRuns {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes.get(i) == Some(&b'`') {
                let len = bytes.get(i..).unwrap_or_default().iter().take_while(|&&b| b == b'`').count();
                runs.push((i, len));
                i += len;
            } else {
                i += 1;
            }
        }
        let mut longest_after = vec![0; runs.len()];
        let mut longest = 0;
        for (k, &(_, len)) in runs.iter().enumerate().rev() {
            if let Some(slot) = longest_after.get_mut(k) {
                *slot = longest;
            }
            longest = longest.max(len);
        }
        BacktickRuns { runs, longest_after, cursor: 0 }
    }

    /// (index, end) of the run that holds `at`.
    fn run_containing(&mut self, at: usize) -> Option<(usize, usize)> {
        if self.runs.get(self.cursor).is_some_and(|&(start, _)| start > at) {
            self.cursor = 0;
        }
        while self.runs.get(self.cursor).is_some_and(|&(start, len)| start + len <= at) {
            self.cursor += 1;
        }
        let &(start, len) = self.runs.get(self.cursor)?;
        (start <= at).then_some((self.cursor, start + len))
    }

    fn longest_after(&self, index: usize) -> usize {
        self.longest_after.get(index).copied().unwrap_or(0)
    }

    /// Start of the first run after `index` at least `len` long. The runs it passes lie inside the code span
    /// being matched, so the scanning stays linear overall.
    fn first_later_start(&self, index: usize, len: usize) -> Option<usize> {
        let later = self.runs.get(index + 1..)?;
        later.iter().find(|&&(_, run_len)| run_len >= len).map(|&(start, _)| start)
    }
}

// ------------------------------------------------------------------------------------------ anchors

/// Numbers repeated anchors the way both mdtoc (`anchorGen`) and GitHub do: the second `x` is `x-1`,
/// the third `x-2`.
#[derive(Default)]
pub struct Numbering {
    seen: HashMap<String, usize>,
}

impl Numbering {
    pub fn next(&mut self, base: String) -> String {
        let count = self.seen.entry(base.clone()).or_insert(0);
        let repeat = *count;
        *count += 1;
        if repeat == 0 {
            base
        } else {
            format!("{base}-{repeat}")
        }
    }
}

/// mdtoc's anchor for a heading's plain text, before repeats are numbered: lower-case, drop all but
/// ASCII `[0-9A-Za-z_]`, `-` and space (Go's RE2 `\w` is ASCII), spaces to `-`.
pub fn anchor_base(plain: &str) -> String {
    plain
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '_' || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

// ------------------------------------------------------------------------------------------ text helpers

/// Where `part`, a subslice of `whole` (every heading's content is one), sits in it; empty at 0 otherwise.
fn subslice_range(whole: &str, part: &str) -> TextRange {
    let start = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    match start.checked_add(part.len()) {
        Some(end) if end <= whole.len() && whole.get(start..end).is_some() => TextRange::new(start, end),
        _ => TextRange::empty(0),
    }
}

/// `text[start..end]`, or "" where that is not a valid char-boundary range (never expected).
fn slice(text: &str, start: usize, end: usize) -> &str {
    text.get(start..end).unwrap_or_default()
}

fn find_from(text: &str, from: usize, needle: &str) -> Option<usize> {
    text.get(from..)?.find(needle).map(|at| at + from)
}

fn find_byte_from(text: &str, from: usize, byte: u8) -> Option<usize> {
    text.as_bytes().get(from..)?.iter().position(|&b| b == byte).map(|at| at + from)
}

fn find_char_from(text: &str, from: usize, predicate: impl Fn(char) -> bool) -> Option<usize> {
    text.get(from..)?.char_indices().find(|&(_, c)| predicate(c)).map(|(at, _)| at + from)
}

fn find_ignore_ascii_case(text: &str, needle: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let needle = needle.as_bytes();
    let &first = needle.first()?;
    let mut from = 0;
    while let Some(offset) = bytes.get(from..)?.iter().position(|b| b.eq_ignore_ascii_case(&first)) {
        let at = from + offset;
        if bytes.get(at..at + needle.len()).is_some_and(|window| window.eq_ignore_ascii_case(needle)) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Python's `str.isspace` (what the model's `strip()` and `\s` use): Unicode White_Space plus U+001C..U+001F.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn py_strip(text: &str) -> &str {
    text.trim_matches(is_py_space)
}

/// Python's `\d`: Unicode category Nd (Python 3.11, Unicode 14).
fn is_decimal_digit(c: char) -> bool {
    if c.is_ascii_digit() {
        return true;
    }
    let code = u32::from(c);
    let after = DECIMAL_DIGIT_RANGES.partition_point(|&(_, last)| last < code);
    DECIMAL_DIGIT_RANGES.get(after).is_some_and(|&(first, _)| first <= code)
}

const DECIMAL_DIGIT_RANGES: &[(u32, u32)] = &[
    (0x30, 0x39),
    (0x660, 0x669),
    (0x6F0, 0x6F9),
    (0x7C0, 0x7C9),
    (0x966, 0x96F),
    (0x9E6, 0x9EF),
    (0xA66, 0xA6F),
    (0xAE6, 0xAEF),
    (0xB66, 0xB6F),
    (0xBE6, 0xBEF),
    (0xC66, 0xC6F),
    (0xCE6, 0xCEF),
    (0xD66, 0xD6F),
    (0xDE6, 0xDEF),
    (0xE50, 0xE59),
    (0xED0, 0xED9),
    (0xF20, 0xF29),
    (0x1040, 0x1049),
    (0x1090, 0x1099),
    (0x17E0, 0x17E9),
    (0x1810, 0x1819),
    (0x1946, 0x194F),
    (0x19D0, 0x19D9),
    (0x1A80, 0x1A89),
    (0x1A90, 0x1A99),
    (0x1B50, 0x1B59),
    (0x1BB0, 0x1BB9),
    (0x1C40, 0x1C49),
    (0x1C50, 0x1C59),
    (0xA620, 0xA629),
    (0xA8D0, 0xA8D9),
    (0xA900, 0xA909),
    (0xA9D0, 0xA9D9),
    (0xA9F0, 0xA9F9),
    (0xAA50, 0xAA59),
    (0xABF0, 0xABF9),
    (0xFF10, 0xFF19),
    (0x104A0, 0x104A9),
    (0x10D30, 0x10D39),
    (0x11066, 0x1106F),
    (0x110F0, 0x110F9),
    (0x11136, 0x1113F),
    (0x111D0, 0x111D9),
    (0x112F0, 0x112F9),
    (0x11450, 0x11459),
    (0x114D0, 0x114D9),
    (0x11650, 0x11659),
    (0x116C0, 0x116C9),
    (0x11730, 0x11739),
    (0x118E0, 0x118E9),
    (0x11950, 0x11959),
    (0x11C50, 0x11C59),
    (0x11D50, 0x11D59),
    (0x11DA0, 0x11DA9),
    (0x16A60, 0x16A69),
    (0x16AC0, 0x16AC9),
    (0x16B50, 0x16B59),
    (0x1D7CE, 0x1D7FF),
    (0x1E140, 0x1E149),
    (0x1E2F0, 0x1E2F9),
    (0x1E950, 0x1E959),
    (0x1FBF0, 0x1FBF9),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// (level, plain text) of every heading of `text`.
    fn outline(text: &str) -> Vec<(usize, String)> {
        headings(text).into_iter().map(|heading| (heading.level, heading.plain)).collect()
    }

    fn outline_of(entries: &[(usize, &str)]) -> Vec<(usize, String)> {
        entries.iter().map(|&(level, plain)| (level, plain.to_string())).collect()
    }

    fn only_heading(text: &str) -> TocHeading {
        let mut all = headings(text);
        assert_eq!(all.len(), 1, "headings of {text:?}: {all:?}");
        all.remove(0)
    }

    fn apply(text: &str, (range, replacement): &(TextRange, String)) -> String {
        format!("{}{}{}", &text[..range.start], replacement, &text[range.end..])
    }

    // ------------------------------------------------------------------ heading rules (kep-format §7.1)

    #[test]
    fn atx_heading_needs_hashes_at_column_zero_and_a_space() {
        let text = "#NoSpace\n\n# One\n\n###### Six\n\n####### Seven\n\n  # Indented\n\n#\tTab\n";
        assert_eq!(outline(text), outline_of(&[(1, "One"), (6, "Six")]));
    }

    #[test]
    fn atx_closing_hashes_are_removed_unless_escaped() {
        let text = "## Closing ##\n## Escaped \\#\n## Glued#\n#\n## ##\n";
        assert_eq!(outline(text), outline_of(&[(2, "Closing"), (2, "Escaped #"), (2, "Glued")]));
        assert_eq!(generate(text, 5), "- [Closing](#closing)\n- [Escaped #](#escaped-)\n- [Glued](#glued)\n");
    }

    #[test]
    fn heading_id_suffix_is_dropped() {
        let heading = only_heading("## Title {#custom-id}\n");
        assert_eq!((heading.html.as_str(), heading.anchor.as_str()), ("Title", "title"));
    }

    #[test]
    fn setext_headings_take_the_line_above_the_underline() {
        let text = "Title\n=====\n\nSub\n---\n\nfirst line\nsecond line\n---\n";
        assert_eq!(outline(text), outline_of(&[(1, "Title"), (2, "Sub"), (2, "second line")]));
        let ranges: Vec<_> = headings(text).iter().map(|heading| heading.range).collect();
        assert_eq!(ranges[0], TextRange::new(0, 11));
        assert_eq!(&text[ranges[2].start..ranges[2].end], "second line\n---");
    }

    #[test]
    fn content_ranges_cover_the_written_text_only() {
        let text = "## Über `x` ##\n> ### Quoted {#id}\n\n  Setext  \n---\n";
        let contents: Vec<_> = headings(text).iter().map(|h| &text[h.content.start..h.content.end]).collect();
        assert_eq!(contents, ["Über `x`", "Quoted", "Setext"]);
    }

    #[test]
    fn a_thematic_break_under_a_paragraph_is_not_an_underline() {
        assert_eq!(outline("Text\n***\n\nText\n - - -\n"), outline_of(&[]));
    }

    #[test]
    fn fenced_code_hides_headings_until_the_same_fence() {
        let text = "```\n# Not\n```\n# Yes\n~~~go\n# Not either\n~~~\n````\n```\n# Still code\n````\n# After\n";
        assert_eq!(outline(text), outline_of(&[(1, "Yes"), (1, "After")]));
    }

    #[test]
    fn a_fence_without_closing_fence_is_not_code() {
        assert_eq!(outline("Intro\n\n```yaml\n# Counted\nkey: value\n"), outline_of(&[(1, "Counted")]));
    }

    #[test]
    fn indented_code_hides_headings() {
        assert_eq!(outline("    # Not\n\t# Not\n\n# Yes\n"), outline_of(&[(1, "Yes")]));
    }

    #[test]
    fn html_comments_at_column_zero_hide_headings() {
        let text = "<!--\n# Hidden\n-->\n# Shown\n<!-- one line -->\n# Also\n <!--\n# Visible\n-->\n";
        assert_eq!(outline(text), outline_of(&[(1, "Shown"), (1, "Also"), (1, "Visible")]));
        // Text after `-->` on its line: not a comment block, so the heading below counts.
        assert_eq!(outline("<!-- x --> tail\n# Counted\n-->\n"), outline_of(&[(1, "Counted")]));
    }

    #[test]
    fn block_html_hides_headings_when_closed_before_a_blank_line() {
        assert_eq!(outline("<details>\n# Hidden\n</details>\n\n# Shown\n"), outline_of(&[(1, "Shown")]));
        assert_eq!(outline("<DIV>\n# Hidden\n</div>\n"), outline_of(&[]));
        // The closing tag is followed by a non-blank line: no HTML block.
        assert_eq!(outline("<details>\n# Counted\n</details>\nmore\n"), outline_of(&[(1, "Counted")]));
        // Not a block-level tag.
        assert_eq!(outline("<span>\n# Counted\n</span>\n"), outline_of(&[(1, "Counted")]));
    }

    #[test]
    fn headings_inside_list_items_do_not_count() {
        let text = "- item\n  # Not a heading\n\n# Heading\n1. one\n   ## Not\n\n   ## Not either\n* x\n- # Not\n";
        assert_eq!(outline(text), outline_of(&[(1, "Heading")]));
    }

    #[test]
    fn headings_inside_block_quotes_count() {
        let text = "> # Quoted\n> text\n\n>> ## Nested\n";
        assert_eq!(outline(text), outline_of(&[(1, "Quoted"), (2, "Nested")]));
        // The range covers the whole source line, prefix included.
        assert_eq!(headings(text)[1].range, TextRange::new(19, 31));
    }

    #[test]
    fn block_quotes_nested_sixteen_deep_are_not_parsed() {
        let fifteen = format!("{} # Fifteen\n", ">".repeat(15));
        let sixteen = format!("{} # Sixteen\n", ">".repeat(16));
        assert_eq!(outline(&fifteen), outline_of(&[(1, "Fifteen")]));
        assert_eq!(outline(&sixteen), outline_of(&[]));
    }

    #[test]
    fn levels_deeper_than_max_depth_are_dropped_but_count_for_the_base() {
        let text = "## Two\n### Three\n###### Six\n#### Four\n";
        assert_eq!(generate(text, 5), "- [Two](#two)\n  - [Three](#three)\n    - [Four](#four)\n");
        assert_eq!(generate(text, 0).lines().count(), 4);
        assert_eq!(generate("### A\n## B\n", 5), "  - [A](#a)\n- [B](#b)\n");
        // Only too-deep headings: a base level but no entries.
        assert_eq!(generate("###### Six\n", 5), "");
        assert_eq!(generate("no headings\n", 5), "");
    }

    // ------------------------------------------------------------------ inline rendering

    #[test]
    fn code_spans_ampersands_and_angle_brackets_are_rendered_as_html() {
        let heading = only_heading("## Use `kubectl` & <b>bold</b> > x\n");
        assert_eq!(heading.html, "Use <code>kubectl</code> &amp; <b>bold</b> &gt; x");
        assert_eq!(heading.anchor, "use-kubectl--bold--x");
        let heading = only_heading("## ``a ` b`` and \"quotes\" 'too'\n");
        assert_eq!(heading.html, "<code>a ` b</code> and &quot;quotes&quot; 'too'");
    }

    #[test]
    fn links_and_autolinks_are_rendered_as_anchors() {
        let heading = only_heading("## See [the docs](https://k8s.io/docs) and https://x.io/a\n");
        assert_eq!(
            heading.html,
            "See <a href=\"https://k8s.io/docs\">the docs</a> and <a href=\"https://x.io/a\">https://x.io/a</a>"
        );
        assert_eq!(heading.anchor, "see-the-docs-and-httpsxioa");
        let heading = only_heading("## ![logo](l.png) Title\n");
        assert_eq!(
            (heading.html.as_str(), heading.anchor.as_str()),
            ("<img src=\"l.png\" alt=\"logo\" /> Title", "-title")
        );
    }

    #[test]
    fn emphasis_and_strong_are_rendered() {
        let heading = only_heading("## *Em* and **Strong** and _u_ and __s__ but snake_case_name\n");
        assert_eq!(
            heading.html,
            "<em>Em</em> and <strong>Strong</strong> and <em>u</em> and <strong>s</strong> but snake_case_name"
        );
    }

    #[test]
    fn backslash_escapes_are_rendered_as_the_character() {
        let heading = only_heading("## \\*not em\\* and \\`tick\\` and \\<tag>\n");
        assert_eq!(heading.html, "*not em* and `tick` and &lt;tag&gt;");
        assert_eq!(heading.plain, "*not em* and `tick` and <tag>");
    }

    #[test]
    fn reference_links_use_the_document_definitions() {
        let text =
            "## Read [the KEP][kep], [Docs] and [nope]\n\n[kep]: https://kep.example\n[docs]: <https://docs.example>\n";
        let heading = &headings(text)[0];
        assert_eq!(
            heading.html,
            "Read <a href=\"https://kep.example\">the KEP</a>, <a href=\"https://docs.example\">Docs</a> and [nope]"
        );
        assert_eq!(heading.anchor, "read-the-kep-docs-and-nope");
    }

    // ------------------------------------------------------------------ anchors

    #[test]
    fn anchors_drop_non_ascii_and_punctuation() {
        let text =
            "### Story 1 — Cluster operator\n### Upgrade / Downgrade Strategy\n## Überblick (Ä)\n## snake_case-name\n";
        let anchors: Vec<_> = headings(text).into_iter().map(|heading| heading.anchor).collect();
        assert_eq!(
            anchors,
            ["story-1--cluster-operator", "upgrade--downgrade-strategy", "berblick-", "snake_case-name"]
        );
    }

    #[test]
    fn repeated_anchors_get_numbered() {
        let text = "## Goals\n## Goals\n### Goals\n## Non-Goals\n";
        let anchors: Vec<_> = headings(text).into_iter().map(|heading| heading.anchor).collect();
        assert_eq!(anchors, ["goals", "goals-1", "goals-2", "non-goals"]);
    }

    #[test]
    fn generate_numbers_repeats_among_kept_levels_only() {
        assert_eq!(generate("## A\n###### A\n## A\n", 5), "- [A](#a)\n- [A](#a-1)\n");
        let anchors: Vec<_> = headings("## A\n###### A\n## A\n").into_iter().map(|heading| heading.anchor).collect();
        assert_eq!(anchors, ["a", "a-1", "a-2"]);
    }

    // ------------------------------------------------------------------ markers, check and fix

    const KEP: &str = "# KEP-1: Title\n\n<!-- toc -->\n- [Summary](#summary)\n- [Motivation](#motivation)\n  - [Goals](#goals)\n<!-- /toc -->\n\n## Summary\n\n## Motivation\n\n### Goals\n";

    #[test]
    fn markers_are_found_case_insensitively_first_occurrence() {
        let text = "x <!-- TOC -->\n<!-- /Toc --> <!-- toc --> <!-- /toc -->";
        let markers = find_markers(text).expect("markers");
        assert_eq!(markers.start, TextRange::new(2, 14));
        assert_eq!(markers.end, TextRange::new(15, 28));
    }

    #[test]
    fn marker_problems_are_reported_in_mdtoc_order() {
        assert_eq!(find_markers("# T\n"), Err(MarkerProblem::MissingStart));
        assert_eq!(find_markers("<!-- /toc -->"), Err(MarkerProblem::MissingStart));
        assert_eq!(find_markers("<!-- toc -->"), Err(MarkerProblem::MissingEnd));
        assert_eq!(find_markers("<!-- /toc -->\n<!-- toc -->"), Err(MarkerProblem::EndBeforeStart));
        assert_eq!(check("<!-- toc -->"), TocStatus::Missing(MarkerProblem::MissingEnd));
        assert_eq!(MarkerProblem::EndBeforeStart.message(), "TOC closing tag before start tag");
    }

    #[test]
    fn an_up_to_date_toc_checks_and_needs_no_fix() {
        assert_eq!(check(KEP), TocStatus::UpToDate);
        assert_eq!(fix(KEP), None);
        // Surrounding whitespace inside the block does not matter.
        let spaced =
            KEP.replace("<!-- toc -->\n", "<!-- toc -->\n\n\n").replace("\n<!-- /toc -->", "\n  \n<!-- /toc -->");
        assert_eq!(check(&spaced), TocStatus::UpToDate);
    }

    #[test]
    fn the_h1_above_the_toc_is_not_listed() {
        let text = "# Title\n<!-- toc -->\n<!-- /toc -->\n## Summary\n";
        let TocStatus::Stale { expected, .. } = check(text) else { panic!("stale expected") };
        assert_eq!(expected, "<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->");
    }

    #[test]
    fn a_stale_toc_is_reported_and_fixed() {
        let stale = KEP.replace("  - [Goals](#goals)\n", "");
        let TocStatus::Stale { block, expected, summary } = check(&stale) else { panic!("stale expected") };
        let start = stale.find(START_MARKER).expect("start");
        let end = stale.find(END_MARKER).expect("end") + END_MARKER.len();
        assert_eq!(block, TextRange::new(start, end));
        assert_eq!(summary, "missing entry \"  - [Goals](#goals)\"");
        let edit = fix(&stale).expect("fix");
        assert_eq!(edit, (block, expected));
        assert_eq!(apply(&stale, &edit), KEP);
    }

    #[test]
    fn stale_summaries_say_what_differs() {
        let summary = |text: String| match check(&text) {
            TocStatus::Stale { summary, .. } => summary,
            other => panic!("stale expected, got {other:?}"),
        };
        assert_eq!(
            summary(KEP.replace("## Motivation\n", "## Motivation\n\n## Extra\n")),
            "missing entry \"- [Extra](#extra)\""
        );
        assert_eq!(summary(KEP.replace("\n### Goals\n", "\n")), "extra entry \"  - [Goals](#goals)\"");
        assert_eq!(
            summary(KEP.replace("## Summary\n", "## Overview\n")),
            "entry 1 differs: expected \"- [Overview](#overview)\", found \"- [Summary](#summary)\""
        );
        assert_eq!(
            summary(KEP.replace("## Summary\n", "## Overview\n").replace("## Motivation\n", "## Why\n")),
            "2 entries differ, from entry 1: expected \"- [Overview](#overview)\", found \"- [Summary](#summary)\""
        );
        let emptied = KEP.replace("- [Summary](#summary)\n- [Motivation](#motivation)\n  - [Goals](#goals)\n", "");
        assert_eq!(summary(emptied), "table of contents is empty; missing 3 entries");
    }

    #[test]
    fn fix_keeps_the_marker_spelling_like_mdtoc() {
        let text = "<!-- TOC -->\nold\n<!-- /TOC -->\n## New\n";
        let edit = fix(text).expect("fix");
        assert_eq!(apply(text, &edit), "<!-- TOC -->\n- [New](#new)\n<!-- /TOC -->\n## New\n");
    }

    #[test]
    fn fix_inserts_missing_markers_after_the_first_atx_h1() {
        let text = "```\n# Not the title\n```\n# KEP-2: Title\n\n## Summary\n\n## Summary\n";
        let edit = fix(text).expect("fix");
        let fixed = apply(text, &edit);
        assert_eq!(
            fixed,
            "```\n# Not the title\n```\n# KEP-2: Title\n\n<!-- toc -->\n- [Summary](#summary)\n- [Summary](#summary-1)\n<!-- /toc -->\n\n## Summary\n\n## Summary\n"
        );
        assert_eq!(check(&fixed), TocStatus::UpToDate);
        // The H1 as the last line, without a line break.
        let fixed = apply("# T", &fix("# T").expect("fix"));
        assert_eq!(fixed, "# T\n\n<!-- toc -->\n<!-- /toc -->\n");
        assert_eq!(check(&fixed), TocStatus::UpToDate);
    }

    #[test]
    fn fix_inserts_at_the_top_without_an_h1() {
        let text = "Title\n=====\n\n## Summary\n";
        let fixed = apply(text, &fix(text).expect("fix"));
        assert_eq!(
            fixed,
            "<!-- toc -->\n- [Title](#title)\n  - [Summary](#summary)\n<!-- /toc -->\n\nTitle\n=====\n\n## Summary\n"
        );
        assert_eq!(check(&fixed), TocStatus::UpToDate);
        assert_eq!(check(&apply("", &fix("").expect("fix"))), TocStatus::UpToDate);
    }

    #[test]
    fn fix_refuses_broken_markers() {
        assert_eq!(fix("# T\n<!-- toc -->\n## A\n"), None);
        assert_eq!(fix("# T\n<!-- /toc -->\n## A\n"), None);
        assert_eq!(fix("# T\n<!-- /toc -->\n<!-- toc -->\n## A\n"), None);
    }

    #[test]
    fn fix_refuses_a_toc_that_would_contain_a_marker() {
        let text = "<!-- toc -->\n<!-- /toc -->\n## ![<!-- /toc -->](x.png)\n";
        assert!(matches!(check(text), TocStatus::Stale { .. }));
        assert_eq!(fix(text), None);
    }

    #[test]
    fn crlf_and_lone_cr_count_as_line_breaks() {
        let text = KEP.replace('\n', "\r\n");
        assert_eq!(check(&text), TocStatus::UpToDate);
        assert_eq!(outline("# A\r## B\r\n```\r# C\r```\r"), outline_of(&[(1, "A"), (2, "B")]));
        let heading = &headings("x\r\n# A\r\n")[0];
        assert_eq!(heading.range, TextRange::new(3, 6));
        let stale = text.replace("## Summary", "## Overview");
        let fixed = apply(&stale, &fix(&stale).expect("fix"));
        assert_eq!(check(&fixed), TocStatus::UpToDate);
    }

    // ------------------------------------------------------------------ robustness

    use proptest::prelude::*;

    /// Pieces of Markdown syntax for the robustness property.
    const PIECES: &[&str] = &[
        "#",
        "# ",
        "\n",
        "\r",
        "\r\n",
        "`",
        "``",
        "```",
        "~~~",
        "<!--",
        "-->",
        "<!-- toc -->",
        "<!-- /TOC -->",
        "<div>",
        "</div>",
        "[",
        "]",
        "(",
        ")",
        "![",
        "*",
        "**",
        "_",
        "\\",
        "<",
        ">",
        "> ",
        "- ",
        "1. ",
        "    ",
        "\t",
        "===",
        "---",
        "{#",
        "}",
        "http://",
        "é",
        "—",
        "日本",
        "\u{a0}",
        "\u{1c}",
        "٣. ",
        "\"",
        "x",
        " ",
    ];

    /// Cheap cases: 64 times the costly properties' count (3072 by default).
    #[test]
    fn arbitrary_text_never_panics_and_fix_always_converges() {
        let text = proptest::collection::vec(proptest::sample::select(PIECES), 0..40).prop_map(|p| p.concat());
        kep_ls_testkit::property::check(64.0, text, |text| {
            let _ = headings(&text);
            let status = check(&text);
            if let Some(edit) = fix(&text) {
                let fixed = apply(&text, &edit);
                prop_assert_eq!(check(&fixed), TocStatus::UpToDate, "fixing {:?} gave {:?}", text, fixed);
            } else if matches!(status, TocStatus::Stale { .. }) {
                let end = find_markers(&text).expect("markers").end.start;
                prop_assert!(contains_marker(&generate(&text[end..], 5)));
            }
            Ok(())
        });
    }

    #[test]
    fn pathological_inputs_stay_linear() {
        let cases = [
            format!("# {}\n", "[](a ".repeat(50_000)),
            format!("# {}\n", "`a``b```c".repeat(30_000)),
            format!("# {}\n", "**a_*".repeat(50_000)),
            format!("# {}\n", "[[[[x](".repeat(40_000)),
            format!("# {}\n", "<a ![x]( \"".repeat(30_000)),
            "<!--\n".repeat(100_000),
            "<div>\n".repeat(100_000),
            "```\n````\n".repeat(50_000),
            format!("- a\n{}b\n", "\n".repeat(200_000)),
            format!("{}\n{}", ">".repeat(200_000), "a\n".repeat(100_000)),
            (3..2_000).map(|n| format!("{}\n", "`".repeat(n))).collect(),
        ];
        for text in &cases {
            let started = std::time::Instant::now();
            let _ = headings(text);
            let _ = check(text);
            // Generous: quadratic behaviour would take minutes here, linear takes milliseconds.
            assert!(started.elapsed().as_secs() < 20, "slow on input starting {:?}", &text[..20]);
        }
    }

    // ------------------------------------------------------------------ the real corpus

    /// upstream `hack/.notableofcontents`
    const NO_TOC: &[&str] = &[
        "keps/README.md",
        "keps/prod-readiness/README.md",
        "keps/sig-cli/FAQ.md",
        "keps/sig-cluster-lifecycle/clusterapi/FAQ.md",
        "keps/sig-cluster-lifecycle/kubeadm/970-kubeadm-config/documentation-for-images.md",
    ];

    use crate::test_data::corpus_root;

    /// Every `.md` below `dir`, without descending into symlinked directories.
    fn markdown_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else { continue };
            let path = entry.path();
            if kind.is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                out.push(path);
            }
        }
    }

    /// The file's Markdown. The corpus keeps upstream's 8 legacy `.md` symlinks; checked out without symlink
    /// support they are files holding only the target path, which upstream's `find | xargs mdtoc` reads through.
    fn read_markdown(path: &std::path::Path) -> String {
        let text = std::fs::read_to_string(path).expect("readable corpus file");
        let target = path.parent().map(|dir| dir.join(&text));
        match target {
            Some(target) if !text.contains('\n') && text.ends_with(".md") && target.is_file() => {
                std::fs::read_to_string(target).expect("readable symlink target")
            }
            _ => text,
        }
    }

    #[test]
    fn every_real_toc_is_up_to_date_and_restored_by_fix() {
        let Some(root) = corpus_root() else { return };
        let mut files = Vec::new();
        markdown_files(&root.join("keps"), &mut files);
        files.sort();
        let (mut checked, mut restored, mut normalized) = (0, 0, Vec::new());
        for path in &files {
            let relative = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
            if NO_TOC.contains(&relative.as_str()) {
                continue;
            }
            let text = read_markdown(path);
            assert_eq!(check(&text), TocStatus::UpToDate, "{relative}");
            checked += 1;

            // Delete the lines between the markers, then let `fix` write them back.
            let markers = find_markers(&text).expect("markers");
            let emptied = format!("{}\n{}", &text[..markers.start.end], &text[markers.end.start..]);
            // No edit means the emptied block is already up to date (one real TOC is empty).
            let fixed = fix(&emptied).map_or_else(|| emptied.clone(), |edit| apply(&emptied, &edit));
            assert_eq!(check(&fixed), TocStatus::UpToDate, "{relative}");
            if fixed == text {
                restored += 1;
            } else {
                // mdtoc leaves an up-to-date block alone, so a few real blocks keep extra blank lines or a
                // trailing space; what it writes is the block without them.
                let between = py_strip(&text[markers.start.end..markers.end.start]);
                let canonical = format!("{}\n{between}\n{}", &text[..markers.start.end], &text[markers.end.start..]);
                assert_eq!(fixed, canonical, "{relative}");
                normalized.push(relative);
            }
        }
        eprintln!(
            "corpus: {checked} checked, {restored} restored byte for byte, {} normalized: {normalized:?}",
            normalized.len()
        );
        assert_eq!(checked, 671);
        assert_eq!(restored + normalized.len(), 671);
        // 7 files, one of them also reached through a legacy symlink.
        assert_eq!(normalized.len(), 8, "{normalized:?}");
        crate::test_data::checked(
            "markdown::toc::every_real_toc_is_up_to_date_and_restored_by_fix",
            checked,
            "READMEs",
        );
    }

    // ------------------------------------------------------------------ differential test against the model

    const ORACLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/tools/mdtoc_reference.py");

    /// Runs the model's `toc FILE 5` on every file in one Python process (one process per file would take
    /// seconds); returns None when Python or the model is not available.
    fn oracle_tocs(files: &[std::path::PathBuf]) -> Option<Vec<String>> {
        let oracle = std::path::Path::new(ORACLE);
        if !oracle.is_file() {
            return None;
        }
        // The body of the model's `toc` subcommand, for many files; a NUL ends each TOC.
        let driver = "import sys\nsys.path.insert(0, sys.argv[1])\nimport mdtoc_reference as m\n\
            for path in sys.argv[2:]:\n    raw = open(path, encoding='utf-8').read()\n    e = m.END_RE.search(raw)\n    \
            toc = m.generate_toc(raw[e.start():] if e else raw, 5)\n    sys.stdout.buffer.write(toc.encode('utf-8') + b'\\0')\n";
        let output = std::process::Command::new("python3")
            .arg("-c")
            .arg(driver)
            .arg(oracle.parent()?)
            .args(files)
            .output()
            .ok()?;
        assert!(output.status.success(), "oracle failed: {}", String::from_utf8_lossy(&output.stderr));
        let stdout = String::from_utf8(output.stdout).expect("utf-8 from the oracle");
        let mut tocs: Vec<String> = stdout.split('\0').map(str::to_string).collect();
        tocs.pop();
        Some(tocs)
    }

    use proptest::sample::select;

    /// Single characters and fragments of inline syntax, for lines no word-level grammar would produce.
    const SOUP: &[&str] = &[
        "`", "``", "```", "[", "]", "(", ")", "\"", "'", "*", "**", "_", "__", "<", ">", "!", "\\", " ", "\t",
        "\u{a0}", "\u{1c}", "h", "http://", "https://", "x", "A1", "é", "—", "{#", "}", "#", "&", "/", "-", "]:",
    ];

    /// Words and inline constructs of heading text.
    const INLINE: &[&str] = &[
        "Goals",
        "Design Details",
        "Story 1 —",
        "Überblick",
        "日本語",
        "K",
        "Non-Goals",
        "a/b",
        "1.2",
        "x",
        "`code`",
        "``a`b``",
        "` spaced `",
        "`",
        "```x```",
        "&",
        "&amp;",
        "<",
        ">",
        "\"",
        "'",
        "(",
        ")",
        "#",
        "[link](http://k8s.io/x)",
        "[link](u \"title\")",
        "[a b](u v)",
        "[ref]",
        "[text][ref]",
        "[Ref][]",
        "[x][nope]",
        "[]",
        "[x](",
        "![img](i.png)",
        "*em*",
        "_em_",
        "**strong**",
        "__strong__",
        "a*b*c",
        "snake_case_x",
        "* x*",
        "**",
        "<b>",
        "</i>",
        "<br/>",
        "<a href=\"x\">",
        "\\*",
        "\\#",
        "\\\\",
        "\\q",
        "https://k8s.io/a",
        "http://x.y)",
        "{#id}",
        "~~del~~",
        "-",
        "_",
        "—",
        " ",
        "  ",
        "\u{a0}",
    ];

    fn soup() -> BoxedStrategy<String> {
        proptest::collection::vec(select(SOUP), 1..15).prop_map(|pieces| pieces.concat()).boxed()
    }

    /// Heading text: soup a third of the time, else one to five pieces, mostly space-separated.
    fn inline() -> BoxedStrategy<String> {
        let words =
            proptest::collection::vec((proptest::bool::weighted(2.0 / 3.0), select(INLINE)), 1..6).prop_map(|words| {
                let mut text = String::new();
                for (n, (space, word)) in words.into_iter().enumerate() {
                    if n > 0 && space {
                        text.push(' ');
                    }
                    text.push_str(word);
                }
                text
            });
        prop_oneof![1 => soup(), 2 => words].boxed()
    }

    fn picked(items: &'static [&'static str]) -> BoxedStrategy<String> {
        select(items).prop_map(str::to_string).boxed()
    }

    /// One line: ATX and setext headings of every shape, fences, comments, HTML blocks, list items,
    /// quotes, blank lines, indented code, link definitions, TOC markers.
    fn line() -> BoxedStrategy<String> {
        prop_oneof![
            6 => (1..8usize, inline()).prop_map(|(n, inline)| format!("{} {inline}", "#".repeat(n))),
            1 => inline().prop_map(|inline| format!("## {inline} ##")),
            1 => inline().prop_map(|inline| format!("#{inline}")),
            1 => picked(&["===", "---", "= =", "----  ", "  ---", "***", "* * *", "___", "- - -"]),
            2 => inline(),
            1 => picked(&["```", "````", "~~~", "```go", "``` {.x y}", "```` x y", "  ```", "    ```", "```\t"]),
            1 => picked(&["<!--", "<!-- x -->", "-->", "--> x", "<!-- a", " <!-- b -->", "<!-->", "<!--->"]),
            1 => picked(&["<details>", "</details>", "<div>", "</div>", "<DIV>", "<p>x</p>", "<span>", "</DIV> "]),
            2 => (select(&["- ", "* ", "+ ", "1. ", "12. ", "-", "  - ", "   1. ", "٣. "][..]), inline())
                .prop_map(|(bullet, inline)| format!("{bullet}{inline}")),
            2 => (select(&["> ", ">> ", ">", " > ", "> # ", "> ## "][..]), inline())
                .prop_map(|(quote, inline)| format!("{quote}{inline}")),
            2 => picked(&["", "", "  ", "\t"]),
            1 => (select(&["    ", "\t", "  "][..]), inline()).prop_map(|(indent, inline)| format!("{indent}# {inline}")),
            1 => picked(&["[ref]: http://r.io", "[Ref]: <http://b>", "[a b]: /u", "[nope]:", " [ref]: /dup"]),
            1 => picked(&["<!-- toc -->", "<!-- /toc -->", "<!-- TOC -->"]),
            1 => (1..4usize, inline()).prop_map(|(n, inline)| format!("{} {inline}", "#".repeat(n)).replace(' ', "  ")),
            6 => (2..4usize).prop_map(|n| format!("{} Goals", "#".repeat(n))),
        ]
        .boxed()
    }

    /// A document of 1 to 15 lines, with CRLF line breaks one time in ten.
    fn document() -> impl Strategy<Value = String> {
        (proptest::collection::vec(line(), 1..16), proptest::bool::weighted(0.1))
            .prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }))
    }

    /// Documents per proptest case: the model runs once per case, in one Python process (whose
    /// start costs more than the documents).
    const DOCUMENTS_PER_CASE: usize = 400;

    /// Each case is a batch of documents for one Python process: 1 case by default (400
    /// documents), 5 with `PROPTEST_CASES=256`.
    #[test]
    fn generate_agrees_with_the_python_model_on_random_documents() {
        let batches = proptest::collection::vec(document(), DOCUMENTS_PER_CASE);
        kep_ls_testkit::property::check(1.0 / 48.0, batches, |documents| agrees_with_the_model(&documents));
    }

    fn agrees_with_the_model(documents: &[String]) -> Result<(), TestCaseError> {
        let dir = kep_ls_testkit::TempDir::new("toc-diff");
        let files: Vec<_> = documents
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let path = dir.join(format!("{n}.md"));
                std::fs::write(&path, text).expect("write temp file");
                path
            })
            .collect();
        let expected = oracle_tocs(&files);
        drop(dir);
        let Some(expected) = expected else {
            static SKIPPED: std::sync::Once = std::sync::Once::new();
            SKIPPED.call_once(|| eprintln!("skipped: python3 or {ORACLE} is absent"));
            return Ok(());
        };
        prop_assert_eq!(expected.len(), documents.len());
        let mut differences = Vec::new();
        for (text, want) in documents.iter().zip(&expected) {
            let scanned = find_ignore_ascii_case(text, END_MARKER).map_or(text.as_str(), |end| &text[end..]);
            let got = generate(scanned, 5);
            // The model ends a TOC whose headings are all too deep with a lone "\n"; mdtoc writes nothing.
            let want = if want == "\n" { "" } else { want.as_str() };
            if got != want {
                differences.push(format!("document {text:?}\n  model: {want:?}\n  port:  {got:?}"));
            }
        }
        let with_entries = expected.iter().filter(|toc| toc.len() > 1).count();
        let cases = documents.len();
        eprintln!("differential: {cases} documents ({with_entries} with entries), {} differ", differences.len());
        prop_assert!(differences.is_empty(), "{} differ:\n{}", differences.len(), differences.join("\n"));
        Ok(())
    }
}
