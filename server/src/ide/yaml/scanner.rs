//! The tokenizer of gopkg.in/yaml.v3 (its `scannerc.go`, a port of libyaml), ported rule for
//! rule so that kep-ls accepts exactly what upstream CI's parser accepts: a comment right after a
//! quoted scalar needs no blank, a quoted scalar may continue at column 0, U+0085/U+2028/U+2029
//! break lines, tabs are refused where yaml.v3 refuses them. Comments are kept only as ranges.
//!
//! Positions: `Mark::index` counts characters as yaml.v3 does (its 1024-character limit on simple
//! keys depends on it); `Mark::offset` is the byte offset kep-ls reports.

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

use std::collections::HashMap;

/// A position in the input.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Characters before this position.
    pub index: usize,
    pub line: usize,
    pub column: usize,
    /// Bytes before this position.
    pub offset: usize,
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
pub enum TokenKind {
    StreamStart,
    StreamEnd,
    VersionDirective { major: u8, minor: u8 },
    TagDirective { handle: String, prefix: String },
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    Tag { handle: String, suffix: String },
    Scalar { value: String, style: ScalarStyle },
}

#[derive(Clone, Debug)]
pub struct Token {
    pub kind: TokenKind,
    pub start: Mark,
    pub end: Mark,
}

/// A syntax error as yaml.v3 reports it: what went wrong where, and optionally what was being
/// scanned (and where that started).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub context: Option<(&'static str, Mark)>,
    pub problem: String,
    pub problem_mark: Mark,
}

#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

type Scan<T = ()> = Result<T, YamlError>;

const MAX_FLOW_LEVEL: usize = 10000;
const MAX_INDENTS: usize = 10000;

pub struct Scanner<'a> {
    input: &'a [u8],
    /// Where the content starts (after a UTF-8 byte order mark, which yaml.v3's reader drops).
    content_start: usize,
    mark: Mark,
    tokens: Vec<Token>,
    tokens_head: usize,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: i64,
    indents: Vec<i64>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    simple_keys_by_tok: HashMap<usize, usize>,
    flow_level: usize,
    newlines: usize,
    error: Option<YamlError>,
    /// Byte ranges of comments, `#` to the end of the line.
    pub comments: Vec<(usize, usize)>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        let input = text.as_bytes();
        let content_start = if input.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        Scanner {
            input,
            content_start,
            mark: Mark { offset: content_start, ..Mark::default() },
            tokens: Vec::new(),
            tokens_head: 0,
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            simple_keys_by_tok: HashMap::new(),
            flow_level: 0,
            newlines: 0,
            error: None,
            comments: Vec::new(),
        }
    }

    // ---- Character classes at byte `k` after the current position (0 past the end, as yaml.v3's
    // buffer is padded with NULs).

    fn b(&self, k: usize) -> u8 {
        self.input.get(self.mark.offset + k).copied().unwrap_or(0)
    }
    fn is_z(&self, k: usize) -> bool {
        self.mark.offset + k >= self.input.len()
    }
    fn is_blank(&self, k: usize) -> bool {
        matches!(self.b(k), b' ' | b'\t')
    }
    fn is_space(&self, k: usize) -> bool {
        self.b(k) == b' '
    }
    fn is_tab(&self, k: usize) -> bool {
        self.b(k) == b'\t'
    }
    fn is_break(&self, k: usize) -> bool {
        let (c0, c1, c2) = (self.b(k), self.b(k + 1), self.b(k + 2));
        c0 == b'\r'
            || c0 == b'\n'
            || (c0 == 0xC2 && c1 == 0x85)
            || (c0 == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9))
    }
    fn is_crlf(&self, k: usize) -> bool {
        self.b(k) == b'\r' && self.b(k + 1) == b'\n'
    }
    fn is_breakz(&self, k: usize) -> bool {
        self.is_break(k) || self.is_z(k)
    }
    fn is_blankz(&self, k: usize) -> bool {
        self.is_blank(k) || self.is_breakz(k)
    }
    fn is_alpha(&self, k: usize) -> bool {
        let c = self.b(k);
        c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
    }
    fn is_digit(&self, k: usize) -> bool {
        self.b(k).is_ascii_digit()
    }
    fn is_hex(&self, k: usize) -> bool {
        self.b(k).is_ascii_hexdigit()
    }
    fn as_hex(&self, k: usize) -> u32 {
        (self.b(k) as char).to_digit(16).unwrap_or(0)
    }
    fn is_bom(&self) -> bool {
        // yaml.v3's is_bom looks at the start of its buffer, which in practice is the start of the
        // content: a second byte order mark right at the beginning is skipped.
        self.mark.offset == self.content_start && self.input[self.mark.offset..].starts_with(b"\xEF\xBB\xBF")
    }

    fn width(&self) -> usize {
        match self.b(0) {
            c if c & 0x80 == 0 => 1,
            c if c & 0xE0 == 0xC0 => 2,
            c if c & 0xF0 == 0xE0 => 3,
            c if c & 0xF8 == 0xF0 => 4,
            _ => 1,
        }
    }

    // ---- Moving forward.

    fn skip(&mut self) {
        if self.is_z(0) {
            return;
        }
        if !self.is_blank(0) {
            self.newlines = 0;
        }
        self.mark.index += 1;
        self.mark.column += 1;
        self.mark.offset += self.width();
    }

    fn skip_line(&mut self) {
        if self.is_crlf(0) {
            self.mark.index += 2;
            self.mark.offset += 2;
        } else if self.is_break(0) {
            self.mark.index += 1;
            self.mark.offset += self.width();
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
        self.newlines += 1;
    }

    fn read(&mut self, s: &mut Vec<u8>) {
        let start = self.mark.offset;
        self.skip();
        s.extend_from_slice(&self.input[start..self.mark.offset]);
    }

    fn read_line(&mut self, s: &mut Vec<u8>) {
        let (c0, c1) = (self.b(0), self.b(1));
        if c0 == b'\r' && c1 == b'\n' {
            s.push(b'\n');
            self.mark.offset += 2;
            self.mark.index += 1;
        } else if c0 == b'\r' || c0 == b'\n' {
            s.push(b'\n');
            self.mark.offset += 1;
        } else if c0 == 0xC2 && c1 == 0x85 {
            s.push(b'\n');
            self.mark.offset += 2;
        } else if self.is_break(0) {
            s.extend_from_slice(&self.input[self.mark.offset..self.mark.offset + 3]);
            self.mark.offset += 3;
        } else {
            return;
        }
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
        self.newlines += 1;
    }

    fn error(&mut self, context: &'static str, context_mark: Mark, problem: impl Into<String>) -> YamlError {
        let context = (!context.is_empty()).then_some((context, context_mark));
        let error = YamlError { context, problem: problem.into(), problem_mark: self.mark };
        self.error = Some(error.clone());
        error
    }

    // ---- The token queue.

    fn insert_token(&mut self, position: Option<usize>, token: Token) {
        match position {
            None => self.tokens.push(token),
            // yaml.v3 never inserts before the head; clamping keeps a bug here from panicking.
            Some(p) => self.tokens.insert((self.tokens_head + p).min(self.tokens.len()), token),
        }
    }

    /// The next token without consuming it.
    pub fn peek(&mut self) -> Scan<&Token> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        Ok(&self.tokens[self.tokens_head])
    }

    /// Consumes the token [`Scanner::peek`] returned.
    pub fn skip_token(&mut self) {
        self.token_available = false;
        self.tokens_parsed += 1;
        self.stream_end_produced = self.tokens[self.tokens_head].kind == TokenKind::StreamEnd;
        self.tokens_head += 1;
        // Keep the queue short: consumed tokens are never looked at again.
        if self.tokens_head > 64 && self.tokens_head * 2 > self.tokens.len() {
            self.tokens.drain(..self.tokens_head);
            self.tokens_head = 0;
        }
    }

    pub fn stream_end_produced(&self) -> bool {
        self.stream_end_produced
    }

    fn fetch_more_tokens(&mut self) -> Scan {
        loop {
            // yaml.v3 keeps a lookahead of two tokens (for its comment placement): errors in them
            // surface as early as upstream's.
            if self.tokens.len() >= 2 && self.tokens_head < self.tokens.len() - 2 {
                match self.simple_keys_by_tok.get(&self.tokens_parsed).copied() {
                    None => break,
                    Some(i) => {
                        let mut key = self.simple_keys[i];
                        let valid = self.simple_key_is_valid(&mut key)?;
                        self.simple_keys[i] = key;
                        if !valid {
                            break;
                        }
                    }
                }
            }
            if self.stream_end_produced_in_queue() {
                break;
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    /// Nothing follows the stream end: yaml.v3 stops fetching there too (its buffer is all NULs).
    fn stream_end_produced_in_queue(&self) -> bool {
        self.tokens.last().is_some_and(|t| t.kind == TokenKind::StreamEnd) && self.tokens_head < self.tokens.len()
    }

    fn fetch_next_token(&mut self) -> Scan {
        if !self.stream_start_produced {
            return self.fetch_stream_start();
        }
        let scan_mark = self.mark;
        self.scan_to_next_token()?;
        self.unroll_indent(self.mark.column as i64, scan_mark);
        if self.is_z(0) {
            return self.fetch_stream_end();
        }
        let c = self.b(0);
        if self.mark.column == 0 && c == b'%' {
            return self.fetch_directive();
        }
        if self.mark.column == 0 && c == b'-' && self.b(1) == b'-' && self.b(2) == b'-' && self.is_blankz(3) {
            return self.fetch_document_indicator(TokenKind::DocumentStart);
        }
        if self.mark.column == 0 && c == b'.' && self.b(1) == b'.' && self.b(2) == b'.' && self.is_blankz(3) {
            return self.fetch_document_indicator(TokenKind::DocumentEnd);
        }
        let result = self.fetch_token_at(c);
        result?;
        // yaml.v3 reads a comment that follows a token on its line at once (no blank needed),
        // except after a block entry `-`.
        if self.tokens.last().is_some_and(|t| t.kind == TokenKind::BlockEntry) {
            return Ok(());
        }
        self.scan_line_comment();
        Ok(())
    }

    fn fetch_token_at(&mut self, c: u8) -> Scan {
        let flow = self.flow_level > 0;
        match c {
            b'[' => return self.fetch_flow_collection_start(TokenKind::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(TokenKind::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(TokenKind::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(TokenKind::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            _ => {}
        }
        if c == b'-' && self.is_blankz(1) {
            return self.fetch_block_entry();
        }
        if c == b'?' && (flow || self.is_blankz(1)) {
            return self.fetch_key();
        }
        if c == b':' && (flow || self.is_blankz(1)) {
            return self.fetch_value();
        }
        match c {
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if !flow => return self.fetch_block_scalar(true),
            b'>' if !flow => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = matches!(
            c,
            b'-' | b'?'
                | b':'
                | b','
                | b'['
                | b']'
                | b'{'
                | b'}'
                | b'#'
                | b'&'
                | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'\''
                | b'"'
                | b'%'
                | b'@'
                | b'`'
        );
        if !(self.is_blankz(0) || indicator)
            || (c == b'-' && !self.is_blank(1))
            || (!flow && (c == b'?' || c == b':') && !self.is_blankz(1))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.error("while scanning for the next token", self.mark, "found character that cannot start any token"))
    }

    fn simple_key_is_valid(&mut self, key: &mut SimpleKey) -> Scan<bool> {
        if !key.possible {
            return Ok(false);
        }
        if key.mark.line < self.mark.line || key.mark.index + 1024 < self.mark.index {
            if key.required {
                return Err(self.error("while scanning a simple key", key.mark, "could not find expected ':'"));
            }
            key.possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn save_simple_key(&mut self) -> Scan {
        let required = self.flow_level == 0 && self.indent == self.mark.column as i64;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + (self.tokens.len() - self.tokens_head),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            let last = self.simple_keys.len() - 1;
            self.simple_keys[last] = key;
            self.simple_keys_by_tok.insert(key.token_number, last);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Scan {
        let i = self.simple_keys.len() - 1;
        if self.simple_keys[i].possible {
            if self.simple_keys[i].required {
                let mark = self.simple_keys[i].mark;
                return Err(self.error("while scanning a simple key", mark, "could not find expected ':'"));
            }
            self.simple_keys[i].possible = false;
            self.simple_keys_by_tok.remove(&self.simple_keys[i].token_number);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Scan {
        self.simple_keys.push(SimpleKey {
            token_number: self.tokens_parsed + (self.tokens.len() - self.tokens_head),
            mark: self.mark,
            ..SimpleKey::default()
        });
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            let mark = self.mark;
            return Err(self.error(
                "while increasing flow level",
                mark,
                format!("exceeded max depth of {MAX_FLOW_LEVEL}"),
            ));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(key) = self.simple_keys.pop() {
                self.simple_keys_by_tok.remove(&key.token_number);
            }
        }
    }

    fn roll_indent(&mut self, column: i64, number: Option<usize>, kind: TokenKind, mark: Mark) -> Scan {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            if self.indents.len() > MAX_INDENTS {
                return Err(self.error(
                    "while increasing indent level",
                    mark,
                    format!("exceeded max depth of {MAX_INDENTS}"),
                ));
            }
            let token = Token { kind, start: mark, end: mark };
            self.insert_token(number.map(|n| n.saturating_sub(self.tokens_parsed)), token);
        }
        Ok(())
    }

    fn unroll_indent(&mut self, column: i64, scan_mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            let token = Token { kind: TokenKind::BlockEnd, start: scan_mark, end: scan_mark };
            self.insert_token(None, token);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn fetch_stream_start(&mut self) -> Scan {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        let mark = self.mark;
        self.insert_token(None, Token { kind: TokenKind::StreamStart, start: mark, end: mark });
        Ok(())
    }

    fn fetch_stream_end(&mut self) -> Scan {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1, self.mark);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let mark = self.mark;
        self.insert_token(None, Token { kind: TokenKind::StreamEnd, start: mark, end: mark });
        Ok(())
    }

    fn fetch_directive(&mut self) -> Scan {
        self.unroll_indent(-1, self.mark);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: TokenKind) -> Scan {
        self.unroll_indent(-1, self.mark);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        let end = self.mark;
        self.insert_token(None, Token { kind, start, end });
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: TokenKind) -> Scan {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        self.push_indicator(kind);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: TokenKind) -> Scan {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        self.push_indicator(kind);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Scan {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.push_indicator(TokenKind::FlowEntry);
        Ok(())
    }

    /// Consumes a one-character indicator and queues its token.
    fn push_indicator(&mut self, kind: TokenKind) {
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.insert_token(None, Token { kind, start, end });
    }

    fn fetch_block_entry(&mut self) -> Scan {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.error("", self.mark, "block sequence entries are not allowed in this context"));
            }
            self.roll_indent(self.mark.column as i64, None, TokenKind::BlockSequenceStart, self.mark)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.push_indicator(TokenKind::BlockEntry);
        Ok(())
    }

    fn fetch_key(&mut self) -> Scan {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.error("", self.mark, "mapping keys are not allowed in this context"));
            }
            self.roll_indent(self.mark.column as i64, None, TokenKind::BlockMappingStart, self.mark)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        self.push_indicator(TokenKind::Key);
        Ok(())
    }

    fn fetch_value(&mut self) -> Scan {
        let last = self.simple_keys.len() - 1;
        let mut key = self.simple_keys[last];
        let valid = self.simple_key_is_valid(&mut key)?;
        self.simple_keys[last] = key;
        if valid {
            let token = Token { kind: TokenKind::Key, start: key.mark, end: key.mark };
            self.insert_token(Some(key.token_number.saturating_sub(self.tokens_parsed)), token);
            self.roll_indent(key.mark.column as i64, Some(key.token_number), TokenKind::BlockMappingStart, key.mark)?;
            self.simple_keys[last].possible = false;
            self.simple_keys_by_tok.remove(&key.token_number);
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.error("", self.mark, "mapping values are not allowed in this context"));
                }
                self.roll_indent(self.mark.column as i64, None, TokenKind::BlockMappingStart, self.mark)?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        self.push_indicator(TokenKind::Value);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Scan {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Scan {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Scan {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Scan {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.insert_token(None, token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Scan {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.insert_token(None, token);
        Ok(())
    }

    fn scan_to_next_token(&mut self) -> Scan {
        loop {
            if self.mark.column == 0 && self.is_bom() {
                self.skip();
            }
            // Tabs separate tokens only in flow context and where a simple key may not start: not
            // at the beginning of a line, nor after `-`, `?` or a block `:`.
            while self.b(0) == b' ' || ((self.flow_level > 0 || !self.simple_key_allowed) && self.b(0) == b'\t') {
                self.skip();
            }
            if self.b(0) == b'#' {
                self.scan_comments();
            }
            if self.is_break(0) {
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return Ok(());
            }
        }
    }

    /// Records the comment at the current position, `#` to the end of its line.
    fn take_comment(&mut self) {
        let start = self.mark.offset;
        while !self.is_breakz(0) {
            self.skip();
        }
        if start < self.mark.offset {
            self.comments.push((start, self.mark.offset));
        }
    }

    /// yaml.v3's `scan_line_comment`: a comment after a token on the same line, blanks before it
    /// consumed (tabs included).
    fn scan_line_comment(&mut self) {
        if self.newlines > 0 {
            return;
        }
        for peek in 0..512 {
            if self.is_blank(peek) {
                continue;
            }
            if self.b(peek) == b'#' && !self.is_z(peek) {
                for _ in 0..peek {
                    self.skip();
                }
                self.take_comment();
            }
            break;
        }
    }

    /// yaml.v3's `scan_comments`: consumes a run of comment lines, with the blanks and line breaks
    /// between them (tabs at a line start included), looking at most 512 bytes ahead each time.
    fn scan_comments(&mut self) {
        let mut peek = 0;
        while peek < 512 {
            if self.is_z(peek) {
                break;
            }
            if self.is_blank(peek) {
                peek += 1;
                continue;
            }
            let c = self.b(peek);
            let close_flow = self.flow_level > 0 && (c == b']' || c == b'}');
            if close_flow || self.is_breakz(peek) {
                if !self.is_break(peek) {
                    break;
                }
                peek += 1;
                continue;
            }
            if c != b'#' {
                break;
            }
            // yaml.v3 counts `peek` in bytes but compares it with a character index.
            let seen = self.mark.index + peek;
            loop {
                if self.is_breakz(0) {
                    if self.mark.index >= seen || self.is_z(0) {
                        break;
                    }
                    self.skip_line();
                } else if self.mark.index >= seen {
                    self.take_comment();
                } else {
                    self.skip();
                }
            }
            peek = 0;
        }
    }

    fn scan_directive(&mut self) -> Scan<Token> {
        let start = self.mark;
        self.skip();
        let name = self.scan_directive_name(start)?;
        let kind = if name == "YAML" {
            let (major, minor) = self.scan_version_directive_value(start)?;
            TokenKind::VersionDirective { major, minor }
        } else if name == "TAG" {
            let (handle, prefix) = self.scan_tag_directive_value(start)?;
            TokenKind::TagDirective { handle, prefix }
        } else {
            return Err(self.error("while scanning a directive", start, "found unknown directive name"));
        };
        let end = self.mark;
        while self.is_blank(0) {
            self.skip();
        }
        if self.b(0) == b'#' {
            self.take_comment();
        }
        if !self.is_breakz(0) {
            return Err(self.error("while scanning a directive", start, "did not find expected comment or line break"));
        }
        if self.is_break(0) {
            self.skip_line();
        }
        Ok(Token { kind, start, end })
    }

    fn scan_directive_name(&mut self, start: Mark) -> Scan<String> {
        let mut s = Vec::new();
        while self.is_alpha(0) {
            self.read(&mut s);
        }
        if s.is_empty() {
            return Err(self.error("while scanning a directive", start, "could not find expected directive name"));
        }
        if !self.is_blankz(0) {
            return Err(self.error("while scanning a directive", start, "found unexpected non-alphabetical character"));
        }
        Ok(String::from_utf8_lossy(&s).into_owned())
    }

    fn scan_version_directive_value(&mut self, start: Mark) -> Scan<(u8, u8)> {
        while self.is_blank(0) {
            self.skip();
        }
        let major = self.scan_version_directive_number(start)?;
        if self.b(0) != b'.' {
            return Err(self.error(
                "while scanning a %YAML directive",
                start,
                "did not find expected digit or '.' character",
            ));
        }
        self.skip();
        let minor = self.scan_version_directive_number(start)?;
        Ok((major, minor))
    }

    fn scan_version_directive_number(&mut self, start: Mark) -> Scan<u8> {
        let mut value: u8 = 0;
        let mut length = 0;
        while self.is_digit(0) {
            length += 1;
            if length > 2 {
                return Err(self.error(
                    "while scanning a %YAML directive",
                    start,
                    "found extremely long version number",
                ));
            }
            value = value * 10 + (self.b(0) - b'0');
            self.skip();
        }
        if length == 0 {
            return Err(self.error("while scanning a %YAML directive", start, "did not find expected version number"));
        }
        Ok(value)
    }

    fn scan_tag_directive_value(&mut self, start: Mark) -> Scan<(String, String)> {
        while self.is_blank(0) {
            self.skip();
        }
        let handle = self.scan_tag_handle(true, start)?;
        if !self.is_blank(0) {
            return Err(self.error("while scanning a %TAG directive", start, "did not find expected whitespace"));
        }
        while self.is_blank(0) {
            self.skip();
        }
        let prefix = self.scan_tag_uri(true, None, start)?;
        if !self.is_blankz(0) {
            return Err(self.error(
                "while scanning a %TAG directive",
                start,
                "did not find expected whitespace or line break",
            ));
        }
        Ok((handle, prefix))
    }

    fn scan_anchor(&mut self, alias: bool) -> Scan<Token> {
        let start = self.mark;
        self.skip();
        let mut s = Vec::new();
        while self.is_alpha(0) {
            self.read(&mut s);
        }
        let end = self.mark;
        let followed_ok =
            self.is_blankz(0) || matches!(self.b(0), b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`');
        if s.is_empty() || !followed_ok {
            let context = if alias { "while scanning an alias" } else { "while scanning an anchor" };
            return Err(self.error(context, start, "did not find expected alphabetic or numeric character"));
        }
        let name = String::from_utf8_lossy(&s).into_owned();
        let kind = if alias { TokenKind::Alias(name) } else { TokenKind::Anchor(name) };
        Ok(Token { kind, start, end })
    }

    fn scan_tag(&mut self) -> Scan<Token> {
        let start = self.mark;
        let (handle, suffix);
        if self.b(1) == b'<' {
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(false, None, start)?;
            if self.b(0) != b'>' {
                return Err(self.error("while scanning a tag", start, "did not find the expected '>'"));
            }
            self.skip();
            handle = String::new();
        } else {
            let h = self.scan_tag_handle(false, start)?;
            if h.len() > 1 && h.starts_with('!') && h.ends_with('!') {
                suffix = self.scan_tag_uri(false, None, start)?;
                handle = h;
            } else {
                let s = self.scan_tag_uri(false, Some(&h), start)?;
                if s.is_empty() {
                    handle = String::new();
                    suffix = "!".to_string();
                } else {
                    handle = "!".to_string();
                    suffix = s;
                }
            }
        }
        if !self.is_blankz(0) {
            return Err(self.error("while scanning a tag", start, "did not find expected whitespace or line break"));
        }
        let end = self.mark;
        Ok(Token { kind: TokenKind::Tag { handle, suffix }, start, end })
    }

    fn tag_error(&mut self, directive: bool, start: Mark, problem: &str) -> YamlError {
        let context = if directive { "while parsing a %TAG directive" } else { "while parsing a tag" };
        self.error(context, start, problem)
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Scan<String> {
        if self.b(0) != b'!' {
            return Err(self.tag_error(directive, start, "did not find expected '!'"));
        }
        let mut s = Vec::new();
        self.read(&mut s);
        while self.is_alpha(0) {
            self.read(&mut s);
        }
        if self.b(0) == b'!' {
            self.read(&mut s);
        } else if directive && s != b"!" {
            return Err(self.tag_error(directive, start, "did not find expected '!'"));
        }
        Ok(String::from_utf8_lossy(&s).into_owned())
    }

    fn scan_tag_uri(&mut self, directive: bool, head: Option<&str>, start: Mark) -> Scan<String> {
        let mut s: Vec<u8> = Vec::new();
        let mut has_tag = head.is_some_and(|h| !h.is_empty());
        if let Some(h) = head.filter(|h| h.len() > 1) {
            s.extend_from_slice(&h.as_bytes()[1..]);
        }
        while self.is_alpha(0)
            || matches!(
                self.b(0),
                b';' | b'/'
                    | b'?'
                    | b':'
                    | b'@'
                    | b'&'
                    | b'='
                    | b'+'
                    | b'$'
                    | b','
                    | b'.'
                    | b'!'
                    | b'~'
                    | b'*'
                    | b'\''
                    | b'('
                    | b')'
                    | b'['
                    | b']'
                    | b'%'
            )
        {
            if self.b(0) == b'%' {
                self.scan_uri_escapes(directive, start, &mut s)?;
            } else {
                self.read(&mut s);
            }
            has_tag = true;
        }
        if !has_tag {
            return Err(self.tag_error(directive, start, "did not find expected tag URI"));
        }
        Ok(String::from_utf8_lossy(&s).into_owned())
    }

    fn scan_uri_escapes(&mut self, directive: bool, start: Mark, s: &mut Vec<u8>) -> Scan {
        let mut w = 1024;
        while w > 0 {
            if !(self.b(0) == b'%' && self.is_hex(1) && self.is_hex(2)) {
                return Err(self.tag_error(directive, start, "did not find URI escaped octet"));
            }
            let octet = ((self.as_hex(1) << 4) + self.as_hex(2)) as u8;
            if w == 1024 {
                w = match octet {
                    o if o & 0x80 == 0 => 1,
                    o if o & 0xE0 == 0xC0 => 2,
                    o if o & 0xF0 == 0xE0 => 3,
                    o if o & 0xF8 == 0xF0 => 4,
                    _ => return Err(self.tag_error(directive, start, "found an incorrect leading UTF-8 octet")),
                };
            } else if octet & 0xC0 != 0x80 {
                return Err(self.tag_error(directive, start, "found an incorrect trailing UTF-8 octet"));
            }
            s.push(octet);
            self.skip();
            self.skip();
            self.skip();
            w -= 1;
        }
        Ok(())
    }

    fn scan_block_scalar(&mut self, literal: bool) -> Scan<Token> {
        let start = self.mark;
        self.skip();
        let mut chomping = 0i8;
        let mut increment = 0i64;
        if self.b(0) == b'+' || self.b(0) == b'-' {
            chomping = if self.b(0) == b'+' { 1 } else { -1 };
            self.skip();
            if self.is_digit(0) {
                if self.b(0) == b'0' {
                    return Err(self.error(
                        "while scanning a block scalar",
                        start,
                        "found an indentation indicator equal to 0",
                    ));
                }
                increment = (self.b(0) - b'0') as i64;
                self.skip();
            }
        } else if self.is_digit(0) {
            if self.b(0) == b'0' {
                return Err(self.error(
                    "while scanning a block scalar",
                    start,
                    "found an indentation indicator equal to 0",
                ));
            }
            increment = (self.b(0) - b'0') as i64;
            self.skip();
            if self.b(0) == b'+' || self.b(0) == b'-' {
                chomping = if self.b(0) == b'+' { 1 } else { -1 };
                self.skip();
            }
        }
        while self.is_blank(0) {
            self.skip();
        }
        if self.b(0) == b'#' {
            self.scan_line_comment();
            if !self.is_breakz(0) {
                self.take_comment();
            }
        }
        if !self.is_breakz(0) {
            return Err(self.error(
                "while scanning a block scalar",
                start,
                "did not find expected comment or line break",
            ));
        }
        if self.is_break(0) {
            self.skip_line();
        }
        let mut end = self.mark;
        let mut indent: i64 = 0;
        if increment > 0 {
            indent = if self.indent >= 0 { self.indent + increment } else { increment };
        }
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.mark.column as i64 == indent && !self.is_z(0) {
            let trailing_blank = self.is_blank(0);
            if !literal && !leading_blank && !trailing_blank && leading_break.first() == Some(&b'\n') {
                if trailing_breaks.is_empty() {
                    s.push(b' ');
                }
            } else {
                s.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            s.append(&mut trailing_breaks);
            leading_blank = self.is_blank(0);
            while !self.is_breakz(0) {
                self.read(&mut s);
            }
            self.read_line(&mut leading_break);
            self.scan_block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            s.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            s.extend_from_slice(&trailing_breaks);
        }
        let style = if literal { ScalarStyle::Literal } else { ScalarStyle::Folded };
        Ok(Token { kind: TokenKind::Scalar { value: into_string(s), style }, start, end })
    }

    fn scan_block_scalar_breaks(
        &mut self,
        indent: &mut i64,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> Scan {
        *end = self.mark;
        let mut max_indent: i64 = 0;
        loop {
            while (*indent == 0 || (self.mark.column as i64) < *indent) && self.is_space(0) {
                self.skip();
            }
            if self.mark.column as i64 > max_indent {
                max_indent = self.mark.column as i64;
            }
            if (*indent == 0 || (self.mark.column as i64) < *indent) && self.is_tab(0) {
                return Err(self.error(
                    "while scanning a block scalar",
                    start,
                    "found a tab character where an indentation space is expected",
                ));
            }
            if !self.is_break(0) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Scan<Token> {
        let start = self.mark;
        self.skip();
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut whitespaces = Vec::new();
        loop {
            if self.mark.column == 0 && self.document_indicator_here() {
                return Err(self.error("while scanning a quoted scalar", start, "found unexpected document indicator"));
            }
            if self.is_z(0) {
                return Err(self.error("while scanning a quoted scalar", start, "found unexpected end of stream"));
            }
            let mut leading_blanks = false;
            while !self.is_blankz(0) {
                let c = self.b(0);
                if single && c == b'\'' && self.b(1) == b'\'' {
                    s.push(b'\'');
                    self.skip();
                    self.skip();
                } else if (single && c == b'\'') || (!single && c == b'"') {
                    break;
                } else if !single && c == b'\\' && self.is_break(1) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    let mut code_length = 0;
                    match self.b(1) {
                        b'0' => s.push(0),
                        b'a' => s.push(0x07),
                        b'b' => s.push(0x08),
                        b't' | b'\t' => s.push(0x09),
                        b'n' => s.push(0x0A),
                        b'v' => s.push(0x0B),
                        b'f' => s.push(0x0C),
                        b'r' => s.push(0x0D),
                        b'e' => s.push(0x1B),
                        b' ' => s.push(b' '),
                        b'"' => s.push(b'"'),
                        b'\'' => s.push(b'\''),
                        b'\\' => s.push(b'\\'),
                        b'N' => s.extend_from_slice("\u{85}".as_bytes()),
                        b'_' => s.extend_from_slice("\u{a0}".as_bytes()),
                        b'L' => s.extend_from_slice("\u{2028}".as_bytes()),
                        b'P' => s.extend_from_slice("\u{2029}".as_bytes()),
                        b'x' => code_length = 2,
                        b'u' => code_length = 4,
                        b'U' => code_length = 8,
                        _ => {
                            return Err(self.error(
                                "while parsing a quoted scalar",
                                start,
                                "found unknown escape character",
                            ))
                        }
                    }
                    self.skip();
                    self.skip();
                    if code_length > 0 {
                        let mut value: u32 = 0;
                        for k in 0..code_length {
                            if !self.is_hex(k) {
                                return Err(self.error(
                                    "while parsing a quoted scalar",
                                    start,
                                    "did not find expected hexdecimal number",
                                ));
                            }
                            value = (value << 4) + self.as_hex(k);
                        }
                        match char::from_u32(value) {
                            Some(ch) => {
                                let mut buf = [0; 4];
                                s.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                            }
                            None => {
                                return Err(self.error(
                                    "while parsing a quoted scalar",
                                    start,
                                    "found invalid Unicode character escape code",
                                ))
                            }
                        }
                        for _ in 0..code_length {
                            self.skip();
                        }
                    }
                } else {
                    self.read(&mut s);
                }
            }
            if (single && self.b(0) == b'\'') || (!single && self.b(0) == b'"') {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if !leading_blanks {
                        self.read(&mut whitespaces);
                    } else {
                        self.skip();
                    }
                } else if !leading_blanks {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                } else {
                    self.read_line(&mut trailing_breaks);
                }
            }
            if leading_blanks {
                if leading_break.first() == Some(&b'\n') {
                    if trailing_breaks.is_empty() {
                        s.push(b' ');
                    } else {
                        s.extend_from_slice(&trailing_breaks);
                    }
                } else {
                    s.extend_from_slice(&leading_break);
                    s.extend_from_slice(&trailing_breaks);
                }
                trailing_breaks.clear();
                leading_break.clear();
            } else {
                s.append(&mut whitespaces);
            }
        }
        self.skip();
        let end = self.mark;
        let style = if single { ScalarStyle::SingleQuoted } else { ScalarStyle::DoubleQuoted };
        Ok(Token { kind: TokenKind::Scalar { value: into_string(s), style }, start, end })
    }

    fn document_indicator_here(&self) -> bool {
        let (c0, c1, c2) = (self.b(0), self.b(1), self.b(2));
        ((c0 == b'-' && c1 == b'-' && c2 == b'-') || (c0 == b'.' && c1 == b'.' && c2 == b'.')) && self.is_blankz(3)
    }

    fn scan_plain_scalar(&mut self) -> Scan<Token> {
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut whitespaces = Vec::new();
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        loop {
            if self.mark.column == 0 && self.document_indicator_here() {
                break;
            }
            if self.b(0) == b'#' {
                break;
            }
            while !self.is_blankz(0) {
                let c = self.b(0);
                if (c == b':' && self.is_blankz(1))
                    || (self.flow_level > 0 && matches!(c, b',' | b'?' | b'[' | b']' | b'{' | b'}'))
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.first() == Some(&b'\n') {
                            if trailing_breaks.is_empty() {
                                s.push(b' ');
                            } else {
                                s.extend_from_slice(&trailing_breaks);
                            }
                        } else {
                            s.extend_from_slice(&leading_break);
                            s.extend_from_slice(&trailing_breaks);
                        }
                        trailing_breaks.clear();
                        leading_break.clear();
                        leading_blanks = false;
                    } else {
                        s.append(&mut whitespaces);
                    }
                }
                self.read(&mut s);
                end = self.mark;
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    if leading_blanks && (self.mark.column as i64) < indent && self.is_tab(0) {
                        return Err(self.error(
                            "while scanning a plain scalar",
                            start,
                            "found a tab character that violates indentation",
                        ));
                    }
                    if !leading_blanks {
                        self.read(&mut whitespaces);
                    } else {
                        self.skip();
                    }
                } else if !leading_blanks {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                } else {
                    self.read_line(&mut trailing_breaks);
                }
            }
            if self.flow_level == 0 && (self.mark.column as i64) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token { kind: TokenKind::Scalar { value: into_string(s), style: ScalarStyle::Plain }, start, end })
    }
}

fn into_string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
