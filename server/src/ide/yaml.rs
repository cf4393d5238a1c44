//! A spanned YAML tree built from the events of [`parser`] (a port of gopkg.in/yaml.v3, the
//! parser upstream CI uses, so that kep-ls accepts exactly the files CI accepts): every key,
//! value, list item and nested map with its byte range, the raw text of scalars, and the syntax
//! errors. What parsed before a syntax error is kept (open collections are closed where the error
//! stopped them). Aliases are recorded, never expanded, so an alias bomb costs nothing.

mod parser;
mod scanner;

use parser::{Event, EventKind, Parser};
use scanner::YamlError;

/// How a scalar is written: the scanner's own style, kept as it is in the tree.
pub use scanner::ScalarStyle;

use super::text::TextRange;

/// Deeper nesting than this is not built (see [`Builder::too_deep`]): a kep.yaml needs three
/// levels, and the limit keeps a hostile file from exhausting the stack.
const NESTING_LIMIT: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlTree {
    /// The first document's root node; `None` for an empty file.
    pub root: Option<Node>,
    pub errors: Vec<SyntaxError>,
    /// Byte ranges of comments (from `#` to the end of the line).
    pub comments: Vec<TextRange>,
    /// Ranges of documents after the first (upstream reads only one).
    pub extra_documents: Vec<TextRange>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub range: TextRange,
    pub value: Value,
    /// An explicit tag such as `!!str`, as written after resolution (`tag:yaml.org,2002:str`).
    pub tag: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
    /// `*name`: a reference to an anchored node, not expanded.
    Alias,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The value after YAML escape processing.
    pub text: String,
    pub style: ScalarStyle,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }
    /// The scalar's text, unless it is null.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().filter(|s| !s.is_null()).map(|s| s.text.as_str())
    }
    /// `key:`, `~` and `null` mean "absent" to upstream's decoder.
    pub fn is_null(&self) -> bool {
        self.as_scalar().is_some_and(Scalar::is_null)
    }
    /// The first entry of a map with this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key_str() == Some(key))
    }
    /// What kind of YAML node this is, in the words of error messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar(s) if s.is_null() => "null",
            Value::Scalar(_) => "a scalar",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a map",
            Value::Alias => "an alias",
        }
    }
    /// Every node of this subtree, depth first, this one included.
    pub fn walk(&self, visit: &mut dyn FnMut(&Node)) {
        visit(self);
        match &self.value {
            Value::Seq(items) => items.iter().for_each(|n| n.walk(visit)),
            Value::Map(entries) => entries.iter().for_each(|e| {
                e.key.walk(visit);
                e.value.walk(visit);
            }),
            Value::Scalar(_) | Value::Alias => {}
        }
    }
    /// The innermost node whose range touches `offset`, with its ancestors (outermost first).
    pub fn path_to(&self, offset: usize) -> Vec<&Node> {
        let mut path = vec![self];
        let mut current = self;
        loop {
            let next = match &current.value {
                Value::Seq(items) => items.iter().find(|n| n.range.touches(offset)),
                Value::Map(entries) => entries.iter().find_map(|e| {
                    if e.key.range.touches(offset) {
                        Some(&e.key)
                    } else if e.value.range.touches(offset) {
                        Some(&e.value)
                    } else {
                        None
                    }
                }),
                _ => None,
            };
            match next {
                Some(n) if !std::ptr::eq(n, current) => {
                    path.push(n);
                    current = n;
                }
                _ => return path,
            }
        }
    }
}

impl Scalar {
    pub fn is_null(&self) -> bool {
        self.style == ScalarStyle::Plain && matches!(self.text.as_str(), "" | "~" | "null" | "Null" | "NULL")
    }
    pub fn is_quoted(&self) -> bool {
        matches!(self.style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
    }
}

impl Entry {
    pub fn key_str(&self) -> Option<&str> {
        self.key.as_scalar().map(|s| s.text.as_str())
    }
}

/// Parses the first YAML document of `text`, as yaml.v3's `Unmarshal` does. Never fails: errors
/// are returned in the tree.
pub fn parse(text: &str) -> YamlTree {
    // yaml.v3's reader refuses control characters before the scanner sees them: parse what comes
    // before the first one, then report it.
    let refused = refused_character(text);
    let readable = refused.map_or(text, |(at, _)| &text[..at]);
    let mut parser = Parser::new(readable);
    let mut builder = Builder::default();
    let mut first_document_done = false;
    while let Some(next) = parser.next_event() {
        match next {
            Ok(event) => {
                if event.kind == EventKind::DocumentEnd {
                    // Upstream decodes one document and reads no further.
                    first_document_done = true;
                }
                if builder.event(event, text.len()) == Flow::Stop {
                    break;
                }
            }
            Err(error) => {
                if !first_document_done {
                    let open = parser.open_collection().map(|mark| mark.offset);
                    builder.errors.push(syntax_error(&error, readable, open));
                }
                break;
            }
        }
    }
    if let Some((at, c)) = refused {
        // An error the scanner met only because the text was cut short is the reader's.
        builder.errors.retain(|e| e.offset < at && !cut_short(e));
        if builder.errors.is_empty() {
            builder.errors.push(SyntaxError {
                offset: at,
                message: format!(
                    "YAML syntax error: the character U+{:04X} is not allowed in YAML (control characters are refused)",
                    c as u32
                ),
            });
        }
    }
    let mut comments: Vec<TextRange> =
        parser.scanner.comments.iter().map(|&(start, end)| TextRange::new(start, end)).collect();
    comments.sort_by_key(|r| r.start);
    comments.dedup();
    builder.comments = comments;
    builder.finish(text.len())
}

/// The first character yaml.v3's reader refuses: anything but tab, line feed, carriage return,
/// printable ASCII, U+0085 and the printable Unicode ranges.
fn refused_character(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        !matches!(c as u32,
            0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
    })
}

/// Whether an error is one that text cut short would give (an unclosed quote, an early end).
fn cut_short(error: &SyntaxError) -> bool {
    error.message.contains("never closed") || error.message.contains("end of stream")
}

/// A yaml.v3 error as kep-ls reports it: where the trouble is, in words an author can act on.
/// `open` is where the innermost collection still open started.
fn syntax_error(error: &YamlError, text: &str, open: Option<usize>) -> SyntaxError {
    let problem = error.problem.as_str();
    let context = error.context.map(|(what, _)| what);
    let context_offset = error.context.map(|(_, mark)| mark.offset);
    let at = error.problem_mark.offset.min(text.len());
    let (offset, message) = match (context, problem) {
        (Some("while scanning a quoted scalar"), "found unexpected end of stream") => (
            context_offset.unwrap_or(at),
            "this quoted string is never closed: its closing quote is missing".to_string(),
        ),
        (Some("while scanning a quoted scalar"), "found unexpected document indicator") => {
            (context_offset.unwrap_or(at), "this quoted string is never closed before the document marker".to_string())
        }
        (Some("while scanning a simple key"), _) => {
            let key = context_offset.unwrap_or(at).min(text.len());
            match text[..key].chars().next_back().filter(|c| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')) {
                // Editors show no break there, yaml.v3 sees one.
                Some(c) => (
                    key,
                    format!(
                        "U+{:04X} before this text is a line break for YAML, so this reads as a key without ':'",
                        c as u32
                    ),
                ),
                None => (key, format!("{problem} after this key (a key must end on its own line)")),
            }
        }
        (_, "found character that cannot start any token") if text[at..].starts_with('\t') => (
            at,
            "a tab cannot separate tokens here: yaml.v3 refuses a tab at the start of a line and after `-`, `?` or `:`"
                .to_string(),
        ),
        // Nothing left but blanks: the construct that was never finished is the place to show.
        _ if text[at..].trim().is_empty() => {
            let unfinished = context_offset.filter(|&c| c < at).or(open).unwrap_or(at);
            (unfinished, problem.to_string())
        }
        _ => (at, problem.to_string()),
    };
    SyntaxError { offset: offset.min(text.len()), message: format!("YAML syntax error: {message}") }
}

#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// An open collection while events stream in.
enum Frame {
    Seq { start: usize, flow: bool, items: Vec<Node>, tag: Option<String> },
    Map { start: usize, flow: bool, entries: Vec<Entry>, pending_key: Option<Node>, tag: Option<String> },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    errors: Vec<SyntaxError>,
    comments: Vec<TextRange>,
    extra_documents: Vec<TextRange>,
    documents_seen: usize,
}

impl Builder {
    fn event(&mut self, event: Event, len: usize) -> Flow {
        let start = event.start.offset.min(len);
        let range = TextRange::new(start, event.end.offset.clamp(start, len));
        match event.kind {
            EventKind::DocumentStart => {
                self.documents_seen += 1;
                if self.documents_seen > 1 {
                    self.extra_documents.push(TextRange::new(range.start, len));
                    return Flow::Stop;
                }
            }
            EventKind::Scalar { value, style, tag } => {
                let scalar = Scalar { text: value, style };
                self.push_node(Node { range, value: Value::Scalar(scalar), tag });
            }
            EventKind::Alias => self.push_node(Node { range, value: Value::Alias, tag: None }),
            EventKind::SequenceStart { flow, tag } => {
                if self.too_deep(range.start) {
                    return Flow::Stop;
                }
                self.stack.push(Frame::Seq { start: range.start, flow, items: Vec::new(), tag })
            }
            EventKind::MappingStart { flow, tag } => {
                if self.too_deep(range.start) {
                    return Flow::Stop;
                }
                self.stack.push(Frame::Map { start: range.start, flow, entries: Vec::new(), pending_key: None, tag })
            }
            EventKind::SequenceEnd | EventKind::MappingEnd => self.close(range.end),
            EventKind::StreamStart | EventKind::StreamEnd | EventKind::DocumentEnd => {}
        }
        Flow::Continue
    }

    /// kep-ls stops building below [`NESTING_LIMIT`] levels: the tree's walks recurse, and a
    /// kep.yaml this deep fails upstream's decoding anyway (no field takes such a value).
    fn too_deep(&mut self, at: usize) -> bool {
        if self.stack.len() < NESTING_LIMIT {
            return false;
        }
        self.errors.push(SyntaxError {
            offset: at,
            message: format!("YAML syntax error: nesting deeper than {NESTING_LIMIT} levels (kep-ls stops here)"),
        });
        true
    }

    fn push_node(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, pending_key, .. }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => entries.push(Entry { key, value: node }),
            },
        }
    }

    /// Closes the innermost collection; `end` is where its end event sits.
    fn close(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else { return };
        let node = match frame {
            Frame::Seq { start, flow, items, tag } => {
                let last = items.last().map(|n| n.range.end);
                let end = collection_end(start, flow, end, last);
                Node { range: TextRange::new(start, end), value: Value::Seq(items), tag }
            }
            Frame::Map { start, flow, mut entries, pending_key, tag } => {
                // A key whose value never came (cut off by an error) still counts, with a null value.
                if let Some(key) = pending_key {
                    let at = key.range.end;
                    entries.push(Entry { key, value: null_at(at) });
                }
                let last = entries.last().map(|e| e.value.range.end.max(e.key.range.end));
                let end = collection_end(start, flow, end, last);
                Node { range: TextRange::new(start, end), value: Value::Map(entries), tag }
            }
        };
        self.push_node(node);
    }

    fn finish(mut self, len: usize) -> YamlTree {
        while !self.stack.is_empty() {
            self.close(len);
        }
        YamlTree {
            root: self.root,
            errors: self.errors,
            comments: self.comments,
            extra_documents: self.extra_documents,
        }
    }
}

/// A block collection ends where its last child ends (its end event sits at the next token); a
/// flow collection `[...]` ends after its bracket, which the end event's span covers.
fn collection_end(start: usize, flow: bool, end_event: usize, last_child: Option<usize>) -> usize {
    let end = match (flow, last_child) {
        (false, Some(last)) => last,
        (true, Some(last)) => end_event.max(last),
        (_, None) => end_event,
    };
    end.max(start)
}

fn null_at(at: usize) -> Node {
    Node {
        range: TextRange::empty(at),
        value: Value::Scalar(Scalar { text: String::new(), style: ScalarStyle::Plain }),
        tag: None,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.range.start..node.range.end]
    }

    #[test]
    fn keys_values_and_items_have_exact_ranges() {
        let text = "title: \"Café → 🎉\"\nauthors:\n  - \"@a\"\n  - b\nmilestone:\n  alpha: v1.2\nsee-also: []\n";
        let tree = parse(text);
        assert!(tree.errors.is_empty(), "{:?}", tree.errors);
        let root = tree.root.unwrap();
        let title = root.get("title").unwrap();
        assert_eq!(slice(text, &title.key), "title");
        assert_eq!(slice(text, &title.value), "\"Café → 🎉\"");
        assert_eq!(title.value.as_str(), Some("Café → 🎉"));
        let authors = root.get("authors").unwrap().value.as_seq().unwrap();
        assert_eq!(authors.iter().map(|n| slice(text, n)).collect::<Vec<_>>(), ["\"@a\"", "b"]);
        let milestone = &root.get("milestone").unwrap().value;
        assert_eq!(slice(text, &milestone.get("alpha").unwrap().value), "v1.2");
        assert_eq!(slice(text, &root.get("see-also").unwrap().value), "[]");
    }

    #[test]
    fn an_empty_value_is_null_and_placed_after_the_colon() {
        let text = "owning-sig:\nstatus: ~\n";
        let root = parse(text).root.unwrap();
        let owning = root.get("owning-sig").unwrap();
        assert!(owning.value.is_null());
        assert_eq!(owning.value.range, TextRange::empty(10), "right after the key");
        assert!(root.get("status").unwrap().value.is_null());
    }

    #[test]
    fn scalars_keep_their_raw_text() {
        let root = parse("kep-number: 0752\nlatest-milestone: 1.30\nd: yes\n").root.unwrap();
        assert_eq!(root.get("kep-number").unwrap().value.as_str(), Some("0752"));
        assert_eq!(root.get("latest-milestone").unwrap().value.as_str(), Some("1.30"));
        assert_eq!(root.get("d").unwrap().value.as_str(), Some("yes"));
    }

    #[test]
    fn what_parsed_before_a_syntax_error_is_kept() {
        let text = "title: x\nstatus: [a\nfoo: bar\n";
        let tree = parse(text);
        assert_eq!(tree.errors.len(), 1);
        assert!(tree.errors[0].message.starts_with("YAML syntax error: "), "{}", tree.errors[0].message);
        let root = tree.root.unwrap();
        assert_eq!(root.get("title").unwrap().value.as_str(), Some("x"));
        assert!(root.get("status").is_some());
    }

    #[test]
    fn duplicate_keys_are_both_kept_for_the_rules_to_report() {
        let root = parse("a: 1\na: 2\n").root.unwrap();
        assert_eq!(root.as_map().unwrap().len(), 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        let tree = parse(&text);
        assert!(!tree.errors.is_empty());
        // Block sequences 10,000 deep, written compactly (`- - - x`): the same depth as one item a
        // line indented two more each time, without a 100 MB text.
        let text = format!("{}x\n", "- ".repeat(10_000));
        let tree = parse(&text);
        assert!(!tree.errors.is_empty());
    }

    #[test]
    fn aliases_are_not_expanded() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..30 {
            text.push_str(&format!(
                "{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n",
                (b'a' + (i % 26) as u8) as char,
                i,
                i - 1,
                i - 1,
                i - 1,
                i - 1,
                i - 1,
                i - 1,
                i - 1,
                i - 1,
                i - 1,
                i - 1
            ));
        }
        let tree = parse(&text);
        let mut count = 0;
        if let Some(root) = &tree.root {
            root.walk(&mut |_| count += 1);
        }
        assert!(count < 1_000, "{count} nodes");
    }

    #[test]
    fn a_second_document_is_recorded() {
        let tree = parse("a: 1\n---\nb: 2\n");
        assert_eq!(tree.extra_documents.len(), 1);
        assert!(tree.root.unwrap().get("b").is_none());
    }

    /// Each case was checked against yaml.v3 3.0.1 (tests/yamlv3): `true` when it accepts.
    const YAML_V3_VERDICTS: &[(&str, bool)] = &[
        // A comment right after a quoted scalar needs no blank; after a plain one it is text.
        ("approvers:\n  - \"@a\"#sig-node-assigned-approver\n", true),
        ("approvers:\n  - 'a'#note\n", true),
        ("approvers:\n  - a#note\n", true),
        // A quoted scalar may continue at column 0, even in a nested map.
        ("milestone:\n  alpha: \"v1.2\nx\"\n", true),
        ("title: 'Foo\nbar'\n", true),
        // Anchors and aliases.
        ("a: &x b\nc: *x\n", true),
        ("a: &x\n  b: c\nd: *x\n", true),
        ("a: &x\n- b\n", true),
        ("&a a: b\n", true),
        ("a: *x\n", false),
        ("a: &x, b\n", false),
        ("a: &\n", false),
        // U+FEFF inside a value is a character like any other.
        ("title: Foo\u{feff}bar\n", true),
        // Tabs: fine after a simple key's `:` and in flow; not after `-`, nor after an explicit key's `:`.
        ("a:\t b\n", true),
        ("a: [b,\tc]\n", true),
        ("a:\n-\t\"@c\"\n", false),
        ("a:\n  - \t\"@c\"\n", false),
        ("? a\n:\tb\n", false),
        // U+0085, U+2028 and U+2029 break lines: inside a plain scalar the rest is a new line.
        ("a: x\u{2028}y\n", false),
        ("a: x\u{85}y\n", false),
        ("a: x\u{2029}# c\n", true),
        ("a: \"x\u{2028}y\"\n", true),
        // Control characters are refused by yaml.v3's reader.
        ("a: \u{7}\n", false),
        ("title: \"Foo\nstatus: implementable\n", false),
    ];

    #[test]
    fn verdicts_are_yaml_v3_s() {
        for (text, accepted) in YAML_V3_VERDICTS {
            let tree = parse(text);
            assert_eq!(tree.errors.is_empty(), *accepted, "{text:?}: {:?}", tree.errors);
        }
    }

    #[test]
    fn values_are_decoded_as_yaml_v3_does() {
        let root = parse("a: 'Foo\nbar'\nb: \"x\\u00e9\\ty\"\nc: |\n  l1\n  l2\nd: >-\n  f1\n  f2\n\ne: \"q\"#c\n")
            .root
            .unwrap();
        let value = |k: &str| root.get(k).unwrap().value.as_str().unwrap().to_string();
        assert_eq!(value("a"), "Foo bar");
        assert_eq!(value("b"), "xé\ty");
        assert_eq!(value("c"), "l1\nl2\n");
        assert_eq!(value("d"), "f1 f2");
        assert_eq!(value("e"), "q");
    }

    #[test]
    fn a_comment_after_a_quoted_scalar_is_a_comment() {
        let text = "approvers:\n  - \"@a\"#sig-node-assigned-approver\n";
        let tree = parse(text);
        assert_eq!(tree.comments.len(), 1);
        assert_eq!(&text[tree.comments[0].start..tree.comments[0].end], "#sig-node-assigned-approver");
        let items = tree.root.unwrap().get("approvers").unwrap().value.as_seq().unwrap().to_vec();
        assert_eq!(items[0].as_str(), Some("@a"));
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_the_quote() {
        let text = "title: \"Foo\nstatus: implementable\n";
        let tree = parse(text);
        assert_eq!(tree.errors.len(), 1);
        assert_eq!(tree.errors[0].offset, text.find('"').unwrap());
        expect!["YAML syntax error: this quoted string is never closed: its closing quote is missing"]
            .assert_eq(&tree.errors[0].message);
    }

    #[test]
    fn a_tab_after_a_dash_is_reported_at_the_tab() {
        let text = "approvers:\n  -\t\"@c\"\n";
        let tree = parse(text);
        assert_eq!(tree.errors.len(), 1);
        assert_eq!(tree.errors[0].offset, text.find('\t').unwrap());
        expect!["YAML syntax error: a tab cannot separate tokens here: yaml.v3 refuses a tab at the start of a line and after `-`, `?` or `:`"].assert_eq(&tree.errors[0].message);
    }

    #[test]
    fn path_to_finds_the_innermost_node() {
        let text = "authors:\n  - \"@a\"\n  - b\n";
        let root = parse(text).root.unwrap();
        let path = root.path_to(text.find('b').unwrap());
        assert_eq!(path.len(), 3);
        assert_eq!(path[2].as_str(), Some("b"));
    }
}
