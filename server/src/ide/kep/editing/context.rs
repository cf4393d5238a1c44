//! Where the cursor is in a kep.yaml or PRR file that may be half-typed (`status: imp`, `- sig-`, a
//! new line under `milestone:`): read from the text of the line and of the lines above it
//! (indentation, `- ` items, parent keys), never from the YAML tree, which is broken while typing.

use crate::ide::text::{floor_char_boundary, TextRange};

/// One step of the path from the root to the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// The value of this key.
    Key(String),
    /// An item of the list above.
    Item,
}

/// What the cursor stands on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Slot {
    /// A key of the map at `path` (partly typed, or an empty line where one goes).
    Key,
    /// The value of `key` in the map at `path`.
    Value { key: String },
    /// The value of a `- ` item of the list at `path` (the path ends with the list's key). An empty
    /// line below a list is a `Key` slot whose path names the list: completion adds the `- `.
    Item,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CursorContext {
    pub path: Vec<Seg>,
    pub slot: Slot,
    /// What a completion replaces: the partial key, or the whole value with its quotes.
    pub range: TextRange,
    /// The quote the value opens with (kept by completions).
    pub quote: Option<char>,
    /// The column a key at this place starts at (multi-line inserts indent from it).
    pub column: usize,
    /// On a key: a `:` already follows it, so only the name is to be inserted.
    pub has_colon: bool,
    /// The value (or item) starts right after the `:` (or `-`) with no blank: an insert needs one.
    pub needs_space: bool,
    /// Keys already present in the same map (the cursor's line excluded).
    pub siblings: Vec<String>,
    /// The file has no key at all outside the cursor's line.
    pub file_is_empty: bool,
}

impl CursorContext {
    /// The keys of the path (items left out): `["feature-gates", "components"]`.
    pub fn keys(&self) -> Vec<&str> {
        self.path
            .iter()
            .filter_map(|s| match s {
                Seg::Key(k) => Some(k.as_str()),
                Seg::Item => None,
            })
            .collect()
    }

    /// Whether the path is `pattern`, list items written `[]`: `["feature-gates", "[]", "components"]`.
    pub fn path_is(&self, pattern: &[&str]) -> bool {
        self.path.len() == pattern.len()
            && self.path.iter().zip(pattern).all(|(seg, want)| match seg {
                Seg::Key(k) => k == want,
                Seg::Item => *want == "[]",
            })
    }
}

/// One line of the file, split the way block YAML reads it.
#[derive(Clone, Debug)]
struct Line<'a> {
    /// Byte offset of the line's first character.
    start: usize,
    text: &'a str,
    indent: usize,
    /// Column of a leading `- `.
    dash: Option<usize>,
    /// Column where the content (after indentation and `- `) starts.
    content_col: usize,
    /// A `key:` at `content_col`: its length in bytes.
    key_len: Option<usize>,
}

impl<'a> Line<'a> {
    fn parse(start: usize, text: &'a str) -> Line<'a> {
        let indent = text.len() - text.trim_start_matches(' ').len();
        let rest = &text[indent..];
        let (dash, content_col) = if rest == "-" {
            (Some(indent), indent + 2)
        } else if let Some(after) = rest.strip_prefix("- ") {
            (Some(indent), indent + 2 + (after.len() - after.trim_start_matches(' ').len()))
        } else {
            (None, indent)
        };
        let content = text.get(content_col..).unwrap_or("");
        Line { start, text, indent, dash, content_col, key_len: key_len(content) }
    }

    fn content(&self) -> &'a str {
        self.text.get(self.content_col..).unwrap_or("")
    }

    fn key(&self) -> Option<&'a str> {
        self.content().get(..self.key_len?)
    }

    /// Blank, or only a comment: not part of the structure.
    fn is_filler(&self) -> bool {
        let trimmed = self.text.trim();
        self.dash.is_none() && (trimmed.is_empty() || trimmed.starts_with('#'))
    }
}

/// The length of the `key` in `key: value` / `key:` (plain keys only; a quoted or flow start is not a key).
fn key_len(content: &str) -> Option<usize> {
    let first = content.chars().next()?;
    if "\"'[{#|>&*!%@`-?,".contains(first) && !(first == '-' && content.len() > 1 && !content.starts_with("- ")) {
        return None;
    }
    let bytes = content.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        if b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t') {
            let key = content[..i].trim_end();
            return (!key.is_empty()).then_some(key.len());
        }
    }
    None
}

/// The lines of `text` (any of `\n`, `\r\n`, `\r` ends one).
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(Line::parse(start, &text[start..i]));
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push(Line::parse(start, &text[start..]));
    out
}

/// The value part of a line from `from`: its range without a trailing comment or blanks, and its
/// opening quote.
fn value_range(line: &Line, from: usize) -> (TextRange, Option<char>) {
    let rest = line.text.get(from..).unwrap_or("");
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
    let mut end = rest.len();
    if quote.is_none() {
        if let Some(i) = rest.find(" #") {
            end = i;
        }
    } else if let Some(close) = quote.and_then(|q| rest[1..].find(q)) {
        // Past the closing quote only a comment can follow.
        end = 1 + close + 1;
    }
    let value = rest[..end].trim_end();
    (TextRange::new(line.start + from, line.start + from + value.len()), quote)
}

/// The context at `offset`, or `None` in a comment or a place no completion or hover applies to.
pub fn at(text: &str, offset: usize) -> Option<CursorContext> {
    let offset = floor_char_boundary(text, offset);
    let all = lines(text);
    let index = all.iter().rposition(|l| l.start <= offset)?;
    let line = all.get(index)?;
    let col = offset - line.start;
    let above = all.get(..index).unwrap_or_default();
    let before_cursor = line.text.get(..col).unwrap_or("");
    if before_cursor.trim_start().starts_with('#') || (before_cursor.contains(" #") && !before_cursor.contains('"')) {
        return None;
    }
    let mut cx = CursorContext {
        path: Vec::new(),
        slot: Slot::Key,
        range: TextRange::empty(offset),
        quote: None,
        column: col,
        has_colon: false,
        needs_space: false,
        siblings: Vec::new(),
        file_is_empty: false,
    };
    let map: MapStart;
    if let Some(dash) = line.dash {
        if col <= dash {
            return None;
        }
        let (list_path, list_map) = parents(above, dash, true)?;
        cx.path = list_path;
        if let Some(key_len) = line.key_len.filter(|_| col >= line.content_col) {
            // `- name: x`: a key of the item's map.
            cx.path.push(Seg::Item);
            key_or_value(&mut cx, line, key_len, col);
            cx.column = line.content_col;
            map = MapStart { line: index, dash: Some(dash) };
        } else {
            cx.slot = Slot::Item;
            let (range, quote) = value_range(line, line.content_col.min(line.text.len()));
            cx.range = range;
            cx.quote = quote;
            cx.needs_space = line.text.len() == dash + 1;
            cx.column = line.content_col;
            map = list_map;
        }
    } else if let Some(key_len) = line.key_len.filter(|_| col >= line.indent) {
        let (path, parent_map) = parents(above, line.indent, false)?;
        cx.path = path;
        key_or_value(&mut cx, line, key_len, col);
        cx.column = line.indent;
        map = parent_map;
    } else {
        // A key being typed, or an empty line: the column of the cursor (or of the text) decides the parent.
        let content = line.text.trim();
        if content.starts_with(['"', '\'', '[', '{']) {
            return None;
        }
        let column = if content.is_empty() { col } else { line.indent };
        if col < column {
            return None;
        }
        let (path, parent_map) = parents(above, column, false)?;
        cx.path = path;
        let end = line.start + line.text.trim_end().len();
        cx.range = TextRange::new(line.start + column, end.max(line.start + column));
        cx.column = column;
        map = parent_map;
    }
    if cx.slot == Slot::Key {
        cx.siblings = siblings(&all, map, cx.column, index);
        cx.file_is_empty = all.iter().enumerate().all(|(i, l)| i == index || l.is_filler());
    }
    Some(cx)
}

/// Where a map's lines start: after its parent key's line, or at the `- ` line of a list item.
#[derive(Clone, Copy, Debug)]
struct MapStart {
    line: usize,
    /// The column of the item's `- ` (for a map that is a list item).
    dash: Option<usize>,
}

/// On a `key: value` line: the key (cursor on it) or the value (cursor after the `:`).
fn key_or_value(cx: &mut CursorContext, line: &Line, key_len: usize, col: usize) {
    let key_start = line.content_col;
    let key_end = key_start + key_len;
    let key = line.key().unwrap_or_default().to_string();
    if col <= key_end {
        cx.slot = Slot::Key;
        cx.range = TextRange::new(line.start + key_start, line.start + key_end);
        cx.has_colon = true;
        return;
    }
    // After `key:`: the value starts at the first non-blank.
    let colon = line.text[key_end..].find(':').map_or(key_end, |i| key_end + i);
    let after = line.text.get(colon + 1..).unwrap_or("");
    let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
    let from = colon + 1 + blanks;
    let (range, quote) = value_range(line, from);
    cx.slot = Slot::Value { key };
    cx.range = if col < from { TextRange::empty(line.start + col) } else { range };
    cx.quote = if col < from { None } else { quote };
    cx.needs_space = blanks == 0;
}

/// The path of the map or list that a node starting at `column` belongs to, and where that map's
/// lines start. `item` says the node is a `- ` item, whose list key may sit at the same column.
fn parents(above: &[Line], column: usize, item: bool) -> Option<(Vec<Seg>, MapStart)> {
    let mut path = Vec::new();
    let mut threshold = column;
    let mut item = item;
    let mut innermost: Option<MapStart> = None;
    for (i, line) in above.iter().enumerate().rev() {
        if threshold == 0 && !item {
            break;
        }
        if line.is_filler() {
            continue;
        }
        let found = match line.dash {
            Some(dash) if line.content_col == threshold && !item && line.key_len.is_some() => {
                // The first key of the item map whose other keys we are among.
                path.push(Seg::Item);
                threshold = dash;
                item = true;
                Some(MapStart { line: i, dash: Some(dash) })
            }
            Some(dash) if dash == threshold && item => None,
            Some(dash) if dash < threshold => {
                if let Some(key) = line.key().filter(|_| line.content_col < threshold) {
                    path.push(Seg::Key(key.to_string()));
                }
                path.push(Seg::Item);
                threshold = dash;
                item = true;
                Some(MapStart { line: i + 1, dash: None })
            }
            Some(_) => None,
            None if line.indent < threshold || (item && line.indent == threshold) => {
                let key = line.key()?;
                path.push(Seg::Key(key.to_string()));
                threshold = line.indent;
                item = false;
                Some(MapStart { line: i + 1, dash: None })
            }
            None => None,
        };
        if innermost.is_none() {
            innermost = found;
        }
    }
    if item {
        // An item of a list whose key was never found: not something we know.
        return None;
    }
    path.reverse();
    Some((path, innermost.unwrap_or(MapStart { line: 0, dash: None })))
}

/// The keys at `column` of the map starting at `map`, skipping line `skip`.
fn siblings(all: &[Line], map: MapStart, column: usize, skip: usize) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in all.iter().enumerate().skip(map.line) {
        if i == skip || line.is_filler() {
            continue;
        }
        let starts_at = line.dash.unwrap_or(line.indent);
        let ends_map = match map.dash {
            Some(dash) => i > map.line && starts_at <= dash,
            None => starts_at < column,
        };
        if ends_map {
            break;
        }
        let in_this_map = line.content_col == column && (line.dash.is_none() || Some(i) == Some(map.line));
        if in_this_map {
            if let Some(key) = line.key() {
                out.push(key.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixtures::cursor;

    /// The context at the `$0` marker.
    fn cx(fixture: &str) -> Option<CursorContext> {
        let (text, offset) = cursor(fixture);
        at(&text, offset.expect("a $0 marker"))
    }

    fn slice(fixture: &str, range: TextRange) -> String {
        cursor(fixture).0[range.start..range.end].to_string()
    }

    #[test]
    fn a_partial_top_level_key() {
        let f = "title: x\nsta$0\n";
        let c = cx(f).unwrap();
        assert_eq!((c.path.clone(), c.slot.clone()), (vec![], Slot::Key));
        assert_eq!(slice(f, c.range), "sta");
        assert_eq!(c.siblings, ["title"]);
        assert!(!c.has_colon);
    }

    #[test]
    fn a_value_with_or_without_quotes() {
        let f = "status: imp$0\n";
        let c = cx(f).unwrap();
        assert_eq!(c.slot, Slot::Value { key: "status".into() });
        assert_eq!(slice(f, c.range), "imp");
        let f = "status: \"imp$0\" # why\n";
        let c = cx(f).unwrap();
        assert_eq!(slice(f, c.range), "\"imp\"");
        assert_eq!(c.quote, Some('"'));
        let f = "owning-sig: $0\n";
        let c = cx(f).unwrap();
        assert_eq!(c.range, TextRange::empty(12));
        assert!(!c.needs_space);
        let c = cx("owning-sig:$0").unwrap();
        assert!(c.needs_space);
    }

    #[test]
    fn list_items_find_their_key() {
        let f = "participating-sigs:\n  - sig-a\n  # c\n  - sig-$0\nstatus: x\n";
        let c = cx(f).unwrap();
        assert_eq!(c.path, [Seg::Key("participating-sigs".into())]);
        assert_eq!(c.slot, Slot::Item);
        assert_eq!(slice(f, c.range), "sig-");
        let c = cx("authors:\n- \"@a\"\n- $0").unwrap();
        assert!(c.path_is(&["authors"]), "{:?}", c.path);
    }

    #[test]
    fn inside_milestone_and_feature_gates() {
        let c = cx("milestone:\n  alpha: \"v1.2\"\n  $0\nstatus: x\n").unwrap();
        assert!(c.path_is(&["milestone"]));
        assert_eq!(c.siblings, ["alpha"]);
        let c = cx("milestone:\n  beta: v1.$0\n").unwrap();
        assert!(c.path_is(&["milestone"]));
        assert_eq!(c.slot, Slot::Value { key: "beta".into() });
        let f = "feature-gates:\n  - name: A\n    components:\n      - kube$0\n";
        let c = cx(f).unwrap();
        assert!(c.path_is(&["feature-gates", "[]", "components"]), "{:?}", c.path);
        let c = cx("feature-gates:\n  - name: A\n    $0\n").unwrap();
        assert!(c.path_is(&["feature-gates", "[]"]), "{:?}", c.path);
        assert_eq!(c.siblings, ["name"]);
        let c = cx("feature-gates:\n  - na$0\n").unwrap();
        assert!(c.path_is(&["feature-gates"]));
        assert_eq!(c.slot, Slot::Item);
        let c = cx("feature-gates:\n  - name: $0\n").unwrap();
        assert!(c.path_is(&["feature-gates", "[]"]));
        assert_eq!(c.slot, Slot::Value { key: "name".into() });
    }

    #[test]
    fn a_new_line_at_the_top_level_after_a_nested_block() {
        let c = cx("milestone:\n  alpha: v1\n$0").unwrap();
        assert!(c.path.is_empty());
        assert_eq!(c.siblings, ["milestone"]);
        let c = cx("$0").unwrap();
        assert!(c.file_is_empty && c.path.is_empty());
        let c = cx("# comment only\n$0").unwrap();
        assert!(c.file_is_empty);
    }

    #[test]
    fn comments_and_odd_places_give_nothing() {
        assert!(cx("# sta$0").is_none());
        assert!(cx("title: x # sta$0").is_none());
        assert!(cx("  - a\n  - b$0").is_none(), "items without a list key");
    }

    #[test]
    fn on_a_key_with_its_colon() {
        let f = "stat$0us: x\n";
        let c = cx(f).unwrap();
        assert_eq!(c.slot, Slot::Key);
        assert!(c.has_colon);
        assert_eq!(slice(f, c.range), "status");
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in ["-", "- ", ":", " :", "a:\n -", "é: ü\n  - ö", "\r\n- x\r  y:", "- - a: b\n    c", "\"a\": b"] {
            for offset in 0..=text.len() + 1 {
                let _ = at(text, offset);
            }
        }
    }
}
