//! Byte ranges into a text, and the line index that turns byte offsets into line/column pairs
//! (and back) in the three encodings clients use: UTF-8 bytes, UTF-16 code units, and characters.
//!
//! Line breaks are those of the LSP specification: `\n`, `\r\n` and a lone `\r`. Nothing else
//! (U+2028, U+0085) ends a line.

/// A half-open byte range `start..end` into a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub fn new(start: usize, end: usize) -> Self {
        TextRange { start, end }
    }
    pub fn empty(at: usize) -> Self {
        TextRange { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `offset` lies inside the range or touches its end (a cursor right after a word).
    pub fn touches(&self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn contains_range(&self, other: TextRange) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// This range moved by `delta` bytes (for ranges computed on a slice of a larger text).
    pub fn shifted(&self, delta: usize) -> Self {
        TextRange::new(self.start + delta, self.end + delta)
    }
    pub fn cover(&self, other: TextRange) -> Self {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 code units (bytes).
    Utf8,
    /// UTF-16 code units: the LSP default.
    #[default]
    Utf16,
    /// Unicode scalar values (characters): what compilers print and people count.
    Utf32,
}

/// A zero-based line and a zero-based column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// The start offset of every line of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
    /// On lines longer than [`LONG_LINE`]: every [`CHECKPOINT_STEP`] bytes, how many UTF-16 units
    /// and characters lie between the line's start and that byte, so that a column on a megabyte
    /// line is measured from the nearest checkpoint, not from the start of the line.
    checkpoints: Vec<Checkpoint>,
}

const LONG_LINE: usize = 4096;
const CHECKPOINT_STEP: usize = 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Checkpoint {
    byte: usize,
    utf16: usize,
    chars: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        // memchr finds the breaks with SIMD: the whole corpus (21 MB) is indexed when checked.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                // The `\n` of a `\r\n` pair: its line was started at the `\r`, moved here.
                b'\n' if i > 0 && bytes[i - 1] == b'\r' => {
                    if let Some(last) = line_starts.last_mut() {
                        *last = i + 1;
                    }
                }
                _ => line_starts.push(i + 1),
            }
        }
        let checkpoints = checkpoints(text, &line_starts);
        LineIndex { line_starts, len: text.len(), checkpoints }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of a line's content, without its line break. Lines past the end give an
    /// empty range at the end of the text.
    pub fn line_content(&self, text: &str, line: usize) -> TextRange {
        let Some(&start) = self.line_starts.get(line) else {
            return TextRange::empty(self.len);
        };
        let next = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = next;
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        TextRange::new(start, end)
    }

    /// The byte range of a whole line, its line break included.
    pub fn line_full(&self, line: usize) -> TextRange {
        let Some(&start) = self.line_starts.get(line) else {
            return TextRange::empty(self.len);
        };
        let next = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        TextRange::new(start, next)
    }

    /// The zero-based line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// The line and column of `offset`. Offsets past the end are clamped to the end and offsets
    /// inside a character or a `\r\n` pair move back to its start.
    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let content = self.line_content(text, line);
        let within = offset.min(content.end);
        let (from, before) = self.checkpoint_before(content.start, within, encoding);
        let col = before + text.get(from..within).map_or(0, |rest| measure(rest, encoding));
        LineCol { line: line as u32, col: col as u32 }
    }

    /// The last checkpoint at or before `offset` on the line starting at `line_start`, as the byte
    /// it sits at and the column it counts; the line start itself when there is none.
    fn checkpoint_before(&self, line_start: usize, offset: usize, encoding: Encoding) -> (usize, usize) {
        let at = self.checkpoints.partition_point(|c| c.byte <= offset);
        match at.checked_sub(1).map(|i| self.checkpoints[i]) {
            Some(c) if c.byte > line_start => {
                let col = match encoding {
                    Encoding::Utf8 => c.byte - line_start,
                    Encoding::Utf16 => c.utf16,
                    Encoding::Utf32 => c.chars,
                };
                (c.byte, col)
            }
            _ => (line_start, 0),
        }
    }

    /// The byte offset of a line and column. A line past the end gives the end of the text; a
    /// column past the end of its line gives the end of the line's content (as LSP asks); a column
    /// inside a character (half a surrogate pair, a byte inside a UTF-8 sequence) gives its start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return self.len;
        }
        let content = self.line_content(text, line);
        let Some(line_text) = text.get(content.start..content.end) else {
            return content.start;
        };
        content.start + byte_of_col(line_text, pos.col as usize, encoding)
    }
}

/// The checkpoints of the long lines of `text`.
fn checkpoints(text: &str, line_starts: &[usize]) -> Vec<Checkpoint> {
    let mut out = Vec::new();
    for (i, &start) in line_starts.iter().enumerate() {
        let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
        if end - start <= LONG_LINE {
            continue;
        }
        let (mut utf16, mut chars, mut next) = (0, 0, start + CHECKPOINT_STEP);
        for (offset, ch) in text[start..end].char_indices() {
            let byte = start + offset;
            if byte >= next {
                out.push(Checkpoint { byte, utf16, chars });
                next = byte + CHECKPOINT_STEP;
            }
            utf16 += ch.len_utf16();
            chars += 1;
        }
    }
    out
}

/// The length of `s` counted in `encoding`.
pub fn measure(s: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => s.len(),
        Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        Encoding::Utf32 => s.chars().count(),
    }
}

/// The byte offset inside one line (its content, without the line break) of the column `col`,
/// clamped to the line's length and moved back to the start of the character it falls in.
pub fn byte_of_col(line: &str, col: usize, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => floor_char_boundary(line, col.min(line.len())),
        Encoding::Utf16 | Encoding::Utf32 => {
            let mut units = 0;
            for (byte, ch) in line.char_indices() {
                let width = if encoding == Encoding::Utf16 { ch.len_utf16() } else { 1 };
                if units + width > col {
                    return byte;
                }
                units += width;
            }
            line.len()
        }
    }
}

/// The largest char boundary of `s` that is not after `offset`.
pub fn floor_char_boundary(s: &str, offset: usize) -> usize {
    let mut offset = offset.min(s.len());
    while offset > 0 && !s.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str, encoding: Encoding) {
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let lc = index.line_col(text, offset, encoding);
            let back = index.offset(text, lc, encoding);
            // A `\n` of a `\r\n` pair and the `\r` itself map to the end of the line's content.
            let content = index.line_content(text, lc.line as usize);
            assert_eq!(back, offset.min(content.end), "{text:?} offset {offset} via {lc:?}");
        }
    }

    #[test]
    fn line_breaks_are_lf_crlf_and_lone_cr_only() {
        let text = "a\nb\r\nc\rd\u{2028}e\u{85}f";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_col(text, text.find('d').unwrap(), Encoding::Utf16), LineCol { line: 3, col: 0 });
        assert_eq!(index.line_col(text, text.find('f').unwrap(), Encoding::Utf16), LineCol { line: 3, col: 4 });
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        let text = "title: \"Café → 🎉\" x";
        let index = LineIndex::new(text);
        let x = text.rfind('x').unwrap();
        assert_eq!(index.line_col(text, x, Encoding::Utf16).col, 19);
        assert_eq!(index.line_col(text, x, Encoding::Utf32).col, 18);
        assert_eq!(index.line_col(text, x, Encoding::Utf8).col as usize, x);
        assert_eq!(index.offset(text, LineCol { line: 0, col: 19 }, Encoding::Utf16), x);
    }

    #[test]
    fn a_column_inside_a_surrogate_pair_moves_to_its_start() {
        let text = "🎉x";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, LineCol { line: 0, col: 1 }, Encoding::Utf16), 0);
        assert_eq!(index.offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf16), 4);
        assert_eq!(index.offset(text, LineCol { line: 0, col: 2 }, Encoding::Utf8), 0);
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "ab\r\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16), 2);
        assert_eq!(index.offset(text, LineCol { line: 1, col: 99 }, Encoding::Utf16), 6);
        assert_eq!(index.offset(text, LineCol { line: 2, col: 5 }, Encoding::Utf16), 7);
        assert_eq!(index.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16), 7);
        assert_eq!(index.line_col(text, 99, Encoding::Utf16), LineCol { line: 2, col: 0 });
    }

    #[test]
    fn columns_on_long_lines_use_checkpoints_and_stay_exact() {
        let line: String = "é→🎉a".repeat(3000);
        let text = format!("x\n{line}\ny");
        let index = LineIndex::new(&text);
        assert!(!index.checkpoints.is_empty());
        for (offset, _) in text.char_indices().step_by(97) {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let lc = index.line_col(&text, offset, encoding);
                let line_start = index.line_full(lc.line as usize).start;
                assert_eq!(lc.col as usize, measure(&text[line_start..offset], encoding), "{offset} {encoding:?}");
                assert_eq!(index.offset(&text, lc, encoding), offset);
            }
        }
    }

    #[test]
    fn offsets_round_trip_in_every_encoding() {
        for text in ["", "a", "é\n🎉\r\nx\r", "→≥\r\r\n\n“q”", "\n\n"] {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                roundtrip(text, encoding);
            }
        }
    }
}
