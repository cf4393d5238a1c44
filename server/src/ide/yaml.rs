//! A spanned YAML tree built from granit-parser's events: every key, value, list item and
//! nested map with its byte range, the raw text of scalars, and the syntax errors. What parsed
//! before a syntax error is kept (open collections are closed where the error stopped them).
//! Aliases are recorded, never expanded, so an alias bomb costs nothing.

use std::borrow::Cow;

use granit_parser::{Event, Options, Parser, ScalarStyle as ParserStyle, Span, StructureStyle};

use super::text::TextRange;

/// Deeper nesting than this is refused as a syntax error (the parser's own guard): a kep.yaml
/// needs three levels, and the limit keeps a hostile file from exhausting the stack.
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
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

/// Parses the first YAML document of `text`. Never fails: errors are returned in the tree.
pub fn parse(text: &str) -> YamlTree {
    let mut options = Options::default();
    options.block_nesting_limit = NESTING_LIMIT;
    options.flow_nesting_limit = NESTING_LIMIT;
    let mut parser = Parser::new_from_str_with_options(text, options);
    let mut builder = Builder::default();
    loop {
        match parser.next_event() {
            None => break,
            Some(Ok((event, span))) => {
                if builder.event(event, span, text.len()) == Flow::Stop {
                    break;
                }
            }
            Some(Err(error)) => {
                let offset = error.marker().byte_offset().unwrap_or(text.len()).min(text.len());
                builder.errors.push(SyntaxError { offset, message: error_message(&error.to_string()) });
                break;
            }
        }
    }
    builder.finish(text.len())
}

/// granit's messages end with "at char N line L column C": the diagnostic's range says that.
fn error_message(full: &str) -> String {
    let message = match full.find(" at char ") {
        Some(cut) => &full[..cut],
        None => full,
    };
    format!("YAML syntax error: {message}")
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
    fn event(&mut self, event: Event<'_>, span: Span, len: usize) -> Flow {
        let range = span_range(&span, len);
        match event {
            Event::DocumentStart(..) => {
                self.documents_seen += 1;
                if self.documents_seen > 1 {
                    self.extra_documents.push(TextRange::new(range.start, len));
                    return Flow::Stop;
                }
            }
            Event::Comment(..) => self.comments.push(range),
            Event::Scalar(text, style, _, tag) => {
                let node = Node {
                    range,
                    value: Value::Scalar(Scalar { text: text.into_owned(), style: convert_style(style) }),
                    tag: tag.map(|t| t.original()),
                };
                self.push_node(node);
            }
            Event::Alias(_) | Event::UnresolvedAlias(_) => {
                self.push_node(Node { range, value: Value::Alias, tag: None });
            }
            Event::SequenceStart(style, _, tag) => self.stack.push(Frame::Seq {
                start: range.start,
                flow: style == StructureStyle::Flow,
                items: Vec::new(),
                tag: tag_text(tag),
            }),
            Event::MappingStart(style, _, tag) => self.stack.push(Frame::Map {
                start: range.start,
                flow: style == StructureStyle::Flow,
                entries: Vec::new(),
                pending_key: None,
                tag: tag_text(tag),
            }),
            Event::SequenceEnd | Event::MappingEnd => self.close(range.end),
            _ => {}
        }
        Flow::Continue
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

fn tag_text(tag: Option<Cow<'_, granit_parser::Tag>>) -> Option<String> {
    tag.map(|t| t.original())
}

fn span_range(span: &Span, len: usize) -> TextRange {
    let start = span.start.byte_offset().unwrap_or(len).min(len);
    let end = span.end.byte_offset().unwrap_or(start).clamp(start, len);
    TextRange::new(start, end)
}

fn convert_style(style: ParserStyle) -> ScalarStyle {
    match style {
        ParserStyle::SingleQuoted => ScalarStyle::SingleQuoted,
        ParserStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
        ParserStyle::Literal => ScalarStyle::Literal,
        ParserStyle::Folded => ScalarStyle::Folded,
        _ => ScalarStyle::Plain,
    }
}

#[cfg(test)]
mod tests {
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
        let text: String = (0..10_000).map(|i| format!("{}- \n", "  ".repeat(i))).collect();
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

    #[test]
    fn path_to_finds_the_innermost_node() {
        let text = "authors:\n  - \"@a\"\n  - b\n";
        let root = parse(text).root.unwrap();
        let path = root.path_to(text.find('b').unwrap());
        assert_eq!(path.len(), 3);
        assert_eq!(path[2].as_str(), Some("b"));
    }
}
