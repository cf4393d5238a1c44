//! The event parser of gopkg.in/yaml.v3 (its `parserc.go`, a port of libyaml's), ported state for
//! state over [`super::scanner`], plus the one check its composer adds: an alias must name an
//! anchor defined before it. Comment bookkeeping is left out: it never changes a verdict.

// Ported from gopkg.in/yaml.v3 (scannerc.go / parserc.go), itself a port of libyaml; that code is
// under the MIT license, whose notice follows as it requires:
//
// Copyright (c) 2011-2019 Canonical Ltd
// Copyright (c) 2006-2010 Kirill Simonov
//
// Permission is hereby granted, free of charge, to any person obtaining a copy of
// this software and associated documentation files (the "Software"), to deal in
// the Software without restriction, including without limitation the rights to
// use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
// of the Software, and to permit persons to whom the Software is furnished to do
// so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all
// copies or substantial portions of the Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
// IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
// FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
// AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
// LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
// OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
// SOFTWARE.

use super::scanner::{Mark, ScalarStyle, Scanner, Token, TokenKind, YamlError};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias,
    Scalar { value: String, style: ScalarStyle, tag: Option<String> },
    SequenceStart { flow: bool, tag: Option<String> },
    SequenceEnd,
    MappingStart { flow: bool, tag: Option<String> },
    MappingEnd,
}

/// An event and the source range of its content (a node's anchor and tag are not included).
#[derive(Clone, Debug)]
pub struct Event {
    pub kind: EventKind,
    pub start: Mark,
    pub end: Mark,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

type Parse<T = Event> = Result<T, YamlError>;

pub struct Parser<'a> {
    pub scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<(String, String)>,
    /// Anchors defined so far in the document (yaml.v3's composer refuses an alias to any other).
    anchors: std::collections::HashSet<String>,
    failed: bool,
}

fn parser_error(problem: &str, mark: Mark) -> YamlError {
    YamlError { context: None, problem: problem.to_string(), problem_mark: mark }
}

fn context_error(context: &'static str, context_mark: Mark, problem: &str, mark: Mark) -> YamlError {
    YamlError { context: Some((context, context_mark)), problem: problem.to_string(), problem_mark: mark }
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str) -> Self {
        Parser {
            scanner: Scanner::new(text),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
            anchors: Default::default(),
            failed: false,
        }
    }

    /// The next event; `None` after the stream end or an error.
    pub fn next_event(&mut self) -> Option<Parse> {
        if self.failed || self.state == State::End || self.scanner.stream_end_produced() {
            return None;
        }
        let result = self.state_machine();
        if result.is_err() {
            self.failed = true;
        }
        Some(result)
    }

    /// Where the innermost collection still open started (to place an error at the end of input).
    pub fn open_collection(&self) -> Option<Mark> {
        self.marks.last().copied()
    }

    fn peek(&mut self) -> Parse<Token> {
        self.scanner.peek().cloned()
    }

    fn skip(&mut self) {
        self.scanner.skip_token();
    }

    fn pop_state(&mut self) {
        self.state = self.states.pop().unwrap_or(State::End);
    }

    fn state_machine(&mut self) -> Parse {
        match self.state {
            State::StreamStart => self.parse_stream_start(),
            State::ImplicitDocumentStart => self.parse_document_start(true),
            State::DocumentStart => self.parse_document_start(false),
            State::DocumentContent => self.parse_document_content(),
            State::DocumentEnd => self.parse_document_end(),
            State::BlockNode => self.parse_node(true, false),
            State::BlockSequenceFirstEntry => self.parse_block_sequence_entry(true),
            State::BlockSequenceEntry => self.parse_block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.parse_indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.parse_block_mapping_key(true),
            State::BlockMappingKey => self.parse_block_mapping_key(false),
            State::BlockMappingValue => self.parse_block_mapping_value(),
            State::FlowSequenceFirstEntry => self.parse_flow_sequence_entry(true),
            State::FlowSequenceEntry => self.parse_flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.parse_flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.parse_flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.parse_flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.parse_flow_mapping_key(true),
            State::FlowMappingKey => self.parse_flow_mapping_key(false),
            State::FlowMappingValue => self.parse_flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.parse_flow_mapping_value(true),
            State::End => {
                let mark = self.peek().map(|t| t.start).unwrap_or_default();
                Ok(Event { kind: EventKind::StreamEnd, start: mark, end: mark })
            }
        }
    }

    fn parse_stream_start(&mut self) -> Parse {
        let token = self.peek()?;
        if token.kind != TokenKind::StreamStart {
            return Err(parser_error("did not find expected <stream-start>", token.start));
        }
        self.state = State::ImplicitDocumentStart;
        self.skip();
        Ok(Event { kind: EventKind::StreamStart, start: token.start, end: token.end })
    }

    fn parse_document_start(&mut self, implicit: bool) -> Parse {
        let mut token = self.peek()?;
        if !implicit {
            while token.kind == TokenKind::DocumentEnd {
                self.skip();
                token = self.peek()?;
            }
        }
        let directive_or_start = matches!(
            token.kind,
            TokenKind::VersionDirective { .. } | TokenKind::TagDirective { .. } | TokenKind::DocumentStart
        );
        if implicit && !directive_or_start && token.kind != TokenKind::StreamEnd {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            self.anchors.clear();
            Ok(Event { kind: EventKind::DocumentStart, start: token.start, end: token.end })
        } else if token.kind != TokenKind::StreamEnd {
            let start = token.start;
            self.process_directives()?;
            let token = self.peek()?;
            if token.kind != TokenKind::DocumentStart {
                return Err(parser_error("did not find expected <document start>", token.start));
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.anchors.clear();
            self.skip();
            Ok(Event { kind: EventKind::DocumentStart, start, end: token.end })
        } else {
            self.state = State::End;
            self.skip();
            Ok(Event { kind: EventKind::StreamEnd, start: token.start, end: token.end })
        }
    }

    fn parse_document_content(&mut self) -> Parse {
        let token = self.peek()?;
        if matches!(
            token.kind,
            TokenKind::VersionDirective { .. }
                | TokenKind::TagDirective { .. }
                | TokenKind::DocumentStart
                | TokenKind::DocumentEnd
                | TokenKind::StreamEnd
        ) {
            self.pop_state();
            return Ok(empty_scalar(token.start));
        }
        self.parse_node(true, false)
    }

    fn parse_document_end(&mut self) -> Parse {
        let token = self.peek()?;
        let start = token.start;
        let mut end = token.start;
        if token.kind == TokenKind::DocumentEnd {
            end = token.end;
            self.skip();
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        Ok(Event { kind: EventKind::DocumentEnd, start, end })
    }

    fn parse_node(&mut self, block: bool, indentless_sequence: bool) -> Parse {
        let mut token = self.peek()?;
        if let TokenKind::Alias(name) = &token.kind {
            if !self.anchors.contains(name) {
                return Err(parser_error(&format!("unknown anchor '{name}' referenced"), token.start));
            }
            self.pop_state();
            self.skip();
            return Ok(Event { kind: EventKind::Alias, start: token.start, end: token.end });
        }
        let start = token.start;
        let mut end = token.start;
        let mut anchor: Option<String> = None;
        let mut tag_token: Option<(String, String, Mark)> = None;
        if let TokenKind::Anchor(name) = &token.kind {
            anchor = Some(name.clone());
            end = token.end;
            self.skip();
            token = self.peek()?;
            if let TokenKind::Tag { handle, suffix } = &token.kind {
                tag_token = Some((handle.clone(), suffix.clone(), token.start));
                end = token.end;
                self.skip();
                token = self.peek()?;
            }
        } else if let TokenKind::Tag { handle, suffix } = &token.kind {
            tag_token = Some((handle.clone(), suffix.clone(), token.start));
            end = token.end;
            self.skip();
            token = self.peek()?;
            if let TokenKind::Anchor(name) = &token.kind {
                anchor = Some(name.clone());
                end = token.end;
                self.skip();
                token = self.peek()?;
            }
        }
        let mut tag: Option<String> = None;
        if let Some((handle, suffix, tag_mark)) = tag_token {
            if handle.is_empty() {
                tag = Some(suffix);
            } else {
                match self.tag_directives.iter().find(|(h, _)| *h == handle) {
                    Some((_, prefix)) => tag = Some(format!("{prefix}{suffix}")),
                    None => {
                        return Err(context_error(
                            "while parsing a node",
                            start,
                            "found undefined tag handle",
                            tag_mark,
                        ))
                    }
                }
            }
        }
        let tag = tag.filter(|t| !t.is_empty());
        if let Some(name) = anchor.clone() {
            // yaml.v3's composer registers an anchor when its node starts.
            self.anchors.insert(name);
        }
        let properties = anchor.is_some() || tag.is_some();
        let content_start = if properties { token.start } else { start };
        if indentless_sequence && token.kind == TokenKind::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok(Event {
                kind: EventKind::SequenceStart { flow: false, tag },
                start: content_start,
                end: token.end,
            });
        }
        match &token.kind {
            TokenKind::Scalar { value, style } => {
                self.pop_state();
                self.skip();
                Ok(Event {
                    kind: EventKind::Scalar { value: value.clone(), style: *style, tag },
                    start: token.start,
                    end: token.end,
                })
            }
            TokenKind::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                Ok(Event { kind: EventKind::SequenceStart { flow: true, tag }, start: token.start, end: token.end })
            }
            TokenKind::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                Ok(Event { kind: EventKind::MappingStart { flow: true, tag }, start: token.start, end: token.end })
            }
            TokenKind::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                Ok(Event { kind: EventKind::SequenceStart { flow: false, tag }, start: token.start, end: token.end })
            }
            TokenKind::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                Ok(Event { kind: EventKind::MappingStart { flow: false, tag }, start: token.start, end: token.end })
            }
            _ if properties => {
                // A node with properties and no content: an empty scalar right after them.
                self.pop_state();
                Ok(Event {
                    kind: EventKind::Scalar { value: String::new(), style: ScalarStyle::Plain, tag },
                    start: end,
                    end,
                })
            }
            _ => {
                let context = if block { "while parsing a block node" } else { "while parsing a flow node" };
                Err(context_error(context, start, "did not find expected node content", token.start))
            }
        }
    }

    fn parse_block_sequence_entry(&mut self, first: bool) -> Parse {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip();
        }
        let token = self.peek()?;
        if token.kind == TokenKind::BlockEntry {
            let mark = token.end;
            self.skip();
            let token = self.peek()?;
            if token.kind != TokenKind::BlockEntry && token.kind != TokenKind::BlockEnd {
                self.states.push(State::BlockSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::BlockSequenceEntry;
            return Ok(empty_scalar(mark));
        }
        if token.kind == TokenKind::BlockEnd {
            self.pop_state();
            self.marks.pop();
            self.skip();
            return Ok(Event { kind: EventKind::SequenceEnd, start: token.start, end: token.end });
        }
        let context_mark = self.marks.pop().unwrap_or_default();
        Err(context_error(
            "while parsing a block collection",
            context_mark,
            "did not find expected '-' indicator",
            token.start,
        ))
    }

    fn parse_indentless_sequence_entry(&mut self) -> Parse {
        let token = self.peek()?;
        if token.kind == TokenKind::BlockEntry {
            let mark = token.end;
            self.skip();
            let token = self.peek()?;
            if !matches!(token.kind, TokenKind::BlockEntry | TokenKind::Key | TokenKind::Value | TokenKind::BlockEnd) {
                self.states.push(State::IndentlessSequenceEntry);
                return self.parse_node(true, false);
            }
            self.state = State::IndentlessSequenceEntry;
            return Ok(empty_scalar(mark));
        }
        self.pop_state();
        Ok(Event { kind: EventKind::SequenceEnd, start: token.start, end: token.start })
    }

    fn parse_block_mapping_key(&mut self, first: bool) -> Parse {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip();
        }
        let token = self.peek()?;
        if token.kind == TokenKind::Key {
            let mark = token.end;
            self.skip();
            let token = self.peek()?;
            if !matches!(token.kind, TokenKind::Key | TokenKind::Value | TokenKind::BlockEnd) {
                self.states.push(State::BlockMappingValue);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingValue;
            return Ok(empty_scalar(mark));
        }
        if token.kind == TokenKind::BlockEnd {
            self.pop_state();
            self.marks.pop();
            self.skip();
            return Ok(Event { kind: EventKind::MappingEnd, start: token.start, end: token.end });
        }
        let context_mark = self.marks.pop().unwrap_or_default();
        Err(context_error("while parsing a block mapping", context_mark, "did not find expected key", token.start))
    }

    fn parse_block_mapping_value(&mut self) -> Parse {
        let token = self.peek()?;
        if token.kind == TokenKind::Value {
            // An empty value sits at its `:` (where kep-ls inserts a value).
            let mark = token.start;
            self.skip();
            let token = self.peek()?;
            if !matches!(token.kind, TokenKind::Key | TokenKind::Value | TokenKind::BlockEnd) {
                self.states.push(State::BlockMappingKey);
                return self.parse_node(true, true);
            }
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(mark));
        }
        self.state = State::BlockMappingKey;
        Ok(empty_scalar(token.start))
    }

    fn parse_flow_sequence_entry(&mut self, first: bool) -> Parse {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip();
        }
        let mut token = self.peek()?;
        if token.kind != TokenKind::FlowSequenceEnd {
            if !first {
                if token.kind == TokenKind::FlowEntry {
                    self.skip();
                    token = self.peek()?;
                } else {
                    let context_mark = self.marks.pop().unwrap_or_default();
                    return Err(context_error(
                        "while parsing a flow sequence",
                        context_mark,
                        "did not find expected ',' or ']'",
                        token.start,
                    ));
                }
            }
            if token.kind == TokenKind::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok(Event {
                    kind: EventKind::MappingStart { flow: true, tag: None },
                    start: token.start,
                    end: token.end,
                });
            } else if token.kind != TokenKind::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.skip();
        Ok(Event { kind: EventKind::SequenceEnd, start: token.start, end: token.end })
    }

    fn parse_flow_sequence_entry_mapping_key(&mut self) -> Parse {
        let token = self.peek()?;
        if !matches!(token.kind, TokenKind::Value | TokenKind::FlowEntry | TokenKind::FlowSequenceEnd) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.parse_node(false, false);
        }
        let mark = token.end;
        self.skip();
        self.state = State::FlowSequenceEntryMappingValue;
        Ok(empty_scalar(mark))
    }

    fn parse_flow_sequence_entry_mapping_value(&mut self) -> Parse {
        let mut token = self.peek()?;
        if token.kind == TokenKind::Value {
            self.skip();
            token = self.peek()?;
            if token.kind != TokenKind::FlowEntry && token.kind != TokenKind::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok(empty_scalar(token.start))
    }

    fn parse_flow_sequence_entry_mapping_end(&mut self) -> Parse {
        let token = self.peek()?;
        self.state = State::FlowSequenceEntry;
        Ok(Event { kind: EventKind::MappingEnd, start: token.start, end: token.start })
    }

    fn parse_flow_mapping_key(&mut self, first: bool) -> Parse {
        if first {
            let token = self.peek()?;
            self.marks.push(token.start);
            self.skip();
        }
        let mut token = self.peek()?;
        if token.kind != TokenKind::FlowMappingEnd {
            if !first {
                if token.kind == TokenKind::FlowEntry {
                    self.skip();
                    token = self.peek()?;
                } else {
                    let context_mark = self.marks.pop().unwrap_or_default();
                    return Err(context_error(
                        "while parsing a flow mapping",
                        context_mark,
                        "did not find expected ',' or '}'",
                        token.start,
                    ));
                }
            }
            if token.kind == TokenKind::Key {
                self.skip();
                token = self.peek()?;
                if !matches!(token.kind, TokenKind::Value | TokenKind::FlowEntry | TokenKind::FlowMappingEnd) {
                    self.states.push(State::FlowMappingValue);
                    return self.parse_node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok(empty_scalar(token.start));
            } else if token.kind != TokenKind::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.parse_node(false, false);
            }
        }
        self.pop_state();
        self.marks.pop();
        self.skip();
        Ok(Event { kind: EventKind::MappingEnd, start: token.start, end: token.end })
    }

    fn parse_flow_mapping_value(&mut self, empty: bool) -> Parse {
        let mut token = self.peek()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok(empty_scalar(token.start));
        }
        if token.kind == TokenKind::Value {
            self.skip();
            token = self.peek()?;
            if token.kind != TokenKind::FlowEntry && token.kind != TokenKind::FlowMappingEnd {
                self.states.push(State::FlowMappingKey);
                return self.parse_node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(token.start))
    }

    fn process_directives(&mut self) -> Parse<()> {
        let mut version_seen = false;
        let mut declared: Vec<(String, String)> = Vec::new();
        let mut token = self.peek()?;
        loop {
            match &token.kind {
                TokenKind::VersionDirective { major, minor } => {
                    if version_seen {
                        return Err(parser_error("found duplicate %YAML directive", token.start));
                    }
                    if *major != 1 || *minor != 1 {
                        return Err(parser_error("found incompatible YAML document", token.start));
                    }
                    version_seen = true;
                }
                TokenKind::TagDirective { handle, prefix } => {
                    if declared.iter().chain(&self.tag_directives).any(|(h, _)| h == handle) {
                        return Err(parser_error("found duplicate %TAG directive", token.start));
                    }
                    declared.push((handle.clone(), prefix.clone()));
                    self.tag_directives.push((handle.clone(), prefix.clone()));
                }
                _ => break,
            }
            self.skip();
            token = self.peek()?;
        }
        for (handle, prefix) in [("!", "!"), ("!!", "tag:yaml.org,2002:")] {
            if !self.tag_directives.iter().any(|(h, _)| h == handle) {
                self.tag_directives.push((handle.to_string(), prefix.to_string()));
            }
        }
        Ok(())
    }
}

fn empty_scalar(mark: Mark) -> Event {
    Event {
        kind: EventKind::Scalar { value: String::new(), style: ScalarStyle::Plain, tag: None },
        start: mark,
        end: mark,
    }
}
