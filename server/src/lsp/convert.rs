//! The one place where LSP positions meet byte offsets, in the negotiated encoding: for the
//! core's texts (through their line index) and for the editor's ropes. Column arithmetic itself
//! lives in `ide::text`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use ls_types::{Position, Range, Uri};
use ropey::Rope;

use crate::ide::text::{self, Encoding, LineCol, LineIndex, TextRange};

pub fn position(index: &LineIndex, text: &str, offset: usize, encoding: Encoding) -> Position {
    let LineCol { line, col } = index.line_col(text, offset, encoding);
    Position { line, character: col }
}

pub fn range(index: &LineIndex, text: &str, range: TextRange, encoding: Encoding) -> Range {
    Range { start: position(index, text, range.start, encoding), end: position(index, text, range.end, encoding) }
}

pub fn offset(index: &LineIndex, text: &str, position: Position, encoding: Encoding) -> usize {
    index.offset(text, LineCol { line: position.line, col: position.character }, encoding)
}

pub fn text_range(index: &LineIndex, text: &str, range: Range, encoding: Encoding) -> TextRange {
    let start = offset(index, text, range.start, encoding);
    let end = offset(index, text, range.end, encoding);
    TextRange::new(start.min(end), start.max(end))
}

/// The char index in `rope` of an LSP position, clamped like [`LineIndex::offset`]: a line past
/// the end gives the end, a column past the line's end gives the end of its content.
pub fn rope_char(rope: &Rope, position: Position, encoding: Encoding) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start_byte = rope.line_to_byte(line);
    let slice = rope.line(line);
    let whole: Cow<str> = slice.into();
    let content = whole.trim_end_matches(['\n', '\r']);
    let byte = text::byte_of_col(content, position.character as usize, encoding);
    rope.byte_to_char(line_start_byte + byte)
}

/// The file a URI names: only `file:` URIs name files (`untitled:`, `git:`, `https:` documents
/// are the editor's own and never share a file's text). The path is normalised (`//` and `.`
/// dropped), so that every spelling of a file's URI gives the same path; a URI with `..` is refused.
pub fn path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    let raw = uri.to_file_path()?;
    let mut clean = PathBuf::new();
    for component in raw.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => return None,
            other => clean.push(other),
        }
    }
    clean.is_absolute().then_some(clean)
}

pub fn uri(path: &Path) -> Option<Uri> {
    Uri::from_file_path(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn rope_positions_follow_the_encoding_and_clamp() {
        let rope = Rope::from_str("é🎉x\r\nab\rc\n");
        assert_eq!(rope_char(&rope, pos(0, 3), Encoding::Utf16), 2, "after é and the emoji's two units");
        assert_eq!(rope_char(&rope, pos(0, 2), Encoding::Utf16), 1, "inside the surrogate pair: its start");
        assert_eq!(rope_char(&rope, pos(0, 6), Encoding::Utf8), 2, "é is 2 bytes, 🎉 4");
        assert_eq!(rope_char(&rope, pos(0, 99), Encoding::Utf16), 3, "past the end: before \\r\\n");
        assert_eq!(rope_char(&rope, pos(2, 1), Encoding::Utf16), 9, "a lone \\r ends a line");
        assert_eq!(rope_char(&rope, pos(9, 0), Encoding::Utf16), rope.len_chars());
    }

    #[test]
    fn ropes_do_not_break_lines_at_unicode_separators() {
        let rope = Rope::from_str("a\u{2028}b\u{85}c\nd");
        assert_eq!(rope.len_lines(), 2, "ropey must be built without the unicode_lines feature");
    }

    #[test]
    fn only_file_uris_name_files_and_every_spelling_names_the_same_one() {
        let parse = |s: &str| -> Uri { s.parse().unwrap() };
        for other in ["untitled:Untitled-1", "git:/ws/keps/a/kep.yaml?%7B%7D", "https://example.com/ws/keps/a/kep.yaml"]
        {
            assert_eq!(path(&parse(other)), None, "{other}");
        }
        let plain = path(&parse("file:///ws/keps/sig-a/1-x/kep.yaml")).unwrap();
        assert_eq!(path(&parse("file:///ws//keps/sig-a/./1-x/kep.yaml")).unwrap().as_os_str(), plain.as_os_str());
        assert_eq!(path(&parse("file:///ws/keps/sig-a/1-%78/kep.yaml")).unwrap().as_os_str(), plain.as_os_str());
        assert_eq!(path(&parse("file:///ws/keps/../etc/kep.yaml")), None);
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/tmp/keps/sig-node/1-a b/kep.yaml");
        assert_eq!(path(&uri(p).unwrap()).unwrap(), p);
    }
}
