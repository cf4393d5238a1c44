//! `misspelling`: upstream's `hack/verify-spelling.sh` (misspell v0.3.4), re-done on the
//! dictionary of crate-ci/typos (`typos-dict`).
//!
//! misspell's algorithm, kept exactly (its word list may not ship here, typos' holds 99.9% of it):
//! the text is cut into lines; in each line URLs, paths, e-mail addresses, host-like words and
//! backslash escapes are blanked (in that order, each on the previous one's output); what is left
//! is cut into words, runs of `[A-Za-z0-9']`; a word whose ASCII-lower-cased form is a key of the
//! dictionary, written lower-case, Title-case or UPPER-case, is reported, with the correction in the
//! same style. No Markdown awareness: code, comments and link text are checked as CI checks them.
//!
//! The dictionary is read in place from tables that `server/build.rs` writes from typos' word list
//! at build time (`key.rs` holds what both sides share): nothing is relocated or built at run time.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::layout::FileKind;
use crate::ide::text::TextRange;

mod key;

use key::{is_word_byte, word_hash};

pub const RULE: Rule = Rule {
    code: "misspelling",
    severity: Severity::Warning,
    scope: Scope::MarkdownAndOwners,
    check: Some(check),
    ci: false,
    summary: "A commonly misspelled word (typos' dictionary), found the way upstream's `hack/verify-spelling.sh` (misspell) finds them: whole words, lower/Title/UPPER case, in code and comments too, URLs, paths, e-mail addresses and host names left out.",
    why: "Upstream CI runs misspell on every `.md` and `OWNERS` file and rejects the PR on a hit. kep-ls may not ship misspell's list, so it uses typos' larger one (99.9% of misspell's words): a warning, because some of its words CI lets pass. Terms that are right in Kubernetes (`AKS`, ...) are allowed; add your own with `[spelling] allow` in `.kep-ls.toml` or the `kep.spelling.allow` setting.",
    example: "The kubelet will recieve the update.",
    fix: "Apply the correction (a quick fix; fix-all applies it when it is the only one and the word is in prose, not in a heading, the table of contents, a link target, code or an OWNERS file), or allow the word.",
};

/// Words typos knows as misspellings that are right in KEPs: names, abbreviations and terms of
/// Kubernetes and its ecosystem. An entry in lower case allows the word in any case; one with
/// capitals allows exactly that spelling (`AKS` stays allowed, `aks` is still "asks").
///
/// Each one was found on the real corpus (kubernetes/enhancements' `keps/`), where CI passes:
pub const ALLOWED: &[&str] = &[
    // Aggregated API server, in sequence diagrams (typos: "as").
    "AAS",
    // Azure Kubernetes Service, also in names: `my-aks-cluster`, `aks-engine` (typos: "ask").
    "aks",
    // COSI's prefix for BucketAccess names (`ba-<uid>`), and table labels (typos: "by", "be").
    "ba",
    // "Does not exist" (typos: "done").
    "DNE",
    // British spelling, as valid as "focuses".
    "focusses",
    // The prefix in `mis-scheduled`, `mis-set`, `mis-use` (typos: "miss").
    "mis",
    // OpenTelemetry, in "OT Collector" (typos: "to"); lower-case `ot` stays a typo.
    "OT",
    // A symbol in complexity tables, `O(PN)` (typos: "on").
    "PN",
    // Kubernetes' spelling (scheduling queue, workqueue), beside "queueing" (typos: "requeuing").
    "requeueing",
    // British spelling of "uncataloged".
    "uncatalogued",
    // A persona, `UserA`, as its heading's anchor `#usera-...` writes it (typos: "users").
    "usera",
    // `who's` in a heading's anchor (`#...-whos-getting-...`: GitHub drops the apostrophe).
    "whos",
];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if cx.file.symlink {
        // The link's text is its target's path; the target is checked as a file of its own.
        return;
    }
    if cx.settings().severity(RULE.code, RULE.severity).is_none() {
        // Switched off: the scan of every word is not done for nothing.
        return;
    }
    let allow = &cx.settings().spelling_allow;
    let mut not_prose = None;
    for hit in find_in_file(cx.text(), &cx.file.path) {
        if allowed(hit.word, allow) {
            continue;
        }
        let range = TextRange::new(hit.start, hit.start + hit.word.len());
        let list = hit.corrections.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" or ");
        let message = format!("`{}` is a misspelling of {list}", hit.word);
        let mut diagnostic = Diagnostic::new(RULE.code, range, message);
        if cx.with_fixes {
            let not_prose = not_prose.get_or_insert_with(|| not_prose_ranges(cx));
            // Fix-all takes a correction only when it is the only one, and only in prose: elsewhere
            // a change can break a link, an anchor, the table of contents, code or a name.
            let in_prose = !not_prose.iter().any(|r| r.start < range.end && range.start < r.end);
            let safe = hit.corrections.len() == 1 && in_prose;
            diagnostic = diagnostic.with_fixes(hit.corrections.iter().map(|correction| {
                let title = format!("Change to `{correction}`");
                let fix = Fix::replace(title, cx.file.path.clone(), range, correction.clone());
                if safe {
                    fix.preferred().safe()
                } else {
                    fix
                }
            }));
        }
        out.push(diagnostic);
    }
}

/// Where a corrected word could change more than prose: everything of an `OWNERS` file (names);
/// in Markdown, headings (their anchors), the table of contents (mdtoc's copy of the headings),
/// link destinations, HTML anchors, code spans and code blocks.
fn not_prose_ranges(cx: &Cx) -> Vec<TextRange> {
    if cx.file.kind == FileKind::Owners {
        return vec![TextRange::new(0, cx.text().len())];
    }
    let outline = cx.file.outline();
    let mut ranges: Vec<TextRange> = outline.headings.iter().map(|h| h.range).collect();
    ranges.extend(outline.toc.map(|m| TextRange::new(m.start.start, m.end.end)));
    ranges.extend(outline.all_links.iter().map(|l| l.dest_range));
    ranges.extend(outline.html_anchors.iter().map(|a| a.range));
    ranges.extend(outline.code_spans.iter().chain(&outline.code_blocks).copied());
    ranges
}

/// Whether the allow lists (built-in, then the user's) accept `word`.
fn allowed(word: &str, user: &[String]) -> bool {
    let matches = |entry: &str| {
        if entry.bytes().any(|b| b.is_ascii_uppercase()) {
            entry == word
        } else {
            entry.eq_ignore_ascii_case(word)
        }
    };
    ALLOWED.iter().any(|e| matches(e)) || user.iter().any(|e| matches(e))
}

/// A misspelled word found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit<'t> {
    /// Byte offset of the word in the text.
    pub start: usize,
    pub word: &'t str,
    /// The dictionary's corrections, in the word's case style.
    pub corrections: Vec<String>,
}

/// Every misspelled word of `text`, in order, as misspell finds them (without any allow list).
pub fn find(text: &str) -> Vec<Hit<'_>> {
    find_lines(text)
}

/// [`find`], for a file the editor may send again after a keystroke: only the lines that differ
/// from its previous version are scanned (see [`LastScan`]). Same result as [`find`].
pub fn find_in_file<'t>(text: &'t str, path: &Path) -> Vec<Hit<'t>> {
    // A memo in use by another thread (the CLI checks files in parallel) is not waited for.
    let Ok(mut memo) = MEMO.try_lock() else { return find(text) };
    if memo.path.as_deref() != Some(path) {
        // A file seen for the first time (every file of `kep-ls check`): a plain scan, and the memo
        // follows this file from its next version on, so that a one-off check pays nothing for it.
        memo.path = Some(path.to_path_buf());
        memo.last = None;
        drop(memo);
        return find(text);
    }
    let hits = match &memo.last {
        Some(last) => last.rescan(text),
        None => find(text),
    };
    let words = hits.iter().map(|h| (h.start, h.start + h.word.len())).collect();
    memo.last = Some(LastScan { text: text.to_string(), words });
    hits
}

/// The scan: line by line, each `\n` kept with its line. Blanking only shortens or removes words,
/// except where a blanked escape, URL scheme or e-mail address ends inside a word (`\nrecieve`): a
/// line with no dictionary word and none of `\`, `@`, `://` cannot have a finding, so only the
/// other lines are blanked and checked.
fn find_lines(text: &str) -> Vec<Hit<'_>> {
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    let mut scratch = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        if suspect(&bytes[start..end]) {
            check_line(text, start, end, &mut scratch, &mut hits);
        }
        start = end;
    }
    hits
}

/// Whether `line` may have a finding: it has a dictionary word, or one of `\`, `@`, `://`.
fn suspect(line: &[u8]) -> bool {
    let mut at = 0;
    while at < line.len() {
        let b = line[at];
        if is_word_byte(b) {
            let start = at;
            while at < line.len() && is_word_byte(line[at]) {
                at += 1;
            }
            if corrections(&line[start..at]).is_some() {
                return true;
            }
            continue;
        }
        if b == b'\\' || b == b'@' || (b == b':' && line[at + 1..].starts_with(b"//")) {
            return true;
        }
        at += 1;
    }
    false
}

/// The last version of the file being edited and where its findings are, so that the next
/// version, one keystroke away, scans only the lines that differ: a large README's scan drops from
/// ~0.6 ms to two comparisons of its bytes. One file at a time (the one being edited; analysing
/// another file in between starts it over). A static rather than world state: analysis takes the
/// world by `&`, and the memo holds nothing but facts about text, never read from anywhere but
/// the caller.
struct LineMemo {
    path: Option<PathBuf>,
    last: Option<LastScan>,
}

static MEMO: Mutex<LineMemo> = Mutex::new(LineMemo { path: None, last: None });

struct LastScan {
    text: String,
    /// The byte ranges of its misspelled words, in order.
    words: Vec<(usize, usize)>,
}

impl LastScan {
    /// The findings of `text`, which differs from the last version between a common prefix and a
    /// common suffix. Findings are line-local: the whole lines around the difference are scanned,
    /// the findings before them kept, those after them moved by the change in length.
    fn rescan<'t>(&self, text: &'t str) -> Vec<Hit<'t>> {
        let (old, new) = (self.text.as_bytes(), text.as_bytes());
        let prefix = common_prefix(old, new);
        let room = old.len().min(new.len()) - prefix;
        let suffix = common_suffix(&old[old.len() - room..], &new[new.len() - room..]);
        // From the start of the line where the texts part, to past the first line break of the
        // common suffix (a line start in both versions).
        let start = memchr::memrchr(b'\n', &new[..prefix]).map_or(0, |i| i + 1);
        let changed_end = new.len() - suffix;
        let end = memchr::memchr(b'\n', &new[changed_end..]).map_or(new.len(), |i| changed_end + i + 1);
        let old_end = end + old.len() - new.len();
        let mut hits: Vec<Hit<'t>> =
            self.words.iter().take_while(|(_, e)| *e <= start).filter_map(|&(s, e)| hit(text, s, e)).collect();
        hits.extend(find(&text[start..end]).into_iter().map(|h| Hit { start: h.start + start, ..h }));
        let moved = |at: usize| at - old_end + end;
        hits.extend(
            self.words.iter().filter(|(s, _)| *s >= old_end).filter_map(|&(s, e)| hit(text, moved(s), moved(e))),
        );
        hits
    }
}

/// How many leading bytes `a` and `b` share: whole blocks compared at once (`memcmp`), then bytes.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 128;
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= n && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    while at < n && a[at] == b[at] {
        at += 1;
    }
    at
}

/// How many trailing bytes `a` and `b` share, as [`common_prefix`] from the end.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 128;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut at = 0;
    while at + BLOCK <= n && a[n - at - BLOCK..n - at] == b[n - at - BLOCK..n - at] {
        at += BLOCK;
    }
    while at < n && a[n - at - 1] == b[n - at - 1] {
        at += 1;
    }
    at
}

/// misspell's check of one line (`text[start..end]`, its `\n` included): blank what is not words,
/// then report each word of what is left that the dictionary knows, in a known case style.
fn check_line<'t>(text: &'t str, start: usize, end: usize, scratch: &mut Vec<u8>, hits: &mut Vec<Hit<'t>>) {
    scratch.clear();
    scratch.extend_from_slice(&text.as_bytes()[start..end]);
    blank_not_words(scratch);
    hits.extend(words(scratch).filter_map(|(a, b)| hit(text, start + a, start + b)));
}

/// The finding for the word `text[start..end]`, if it is a misspelling in a case style misspell reports.
fn hit(text: &str, start: usize, end: usize) -> Option<Hit<'_>> {
    let word = &text[start..end];
    let style = Style::of(word.as_bytes())?;
    let found = corrections(word.as_bytes())?;
    Some(Hit { start, word, corrections: found.iter().map(|c| style.apply(c)).collect() })
}

/// The `[A-Za-z0-9']+` runs of `line`, as byte ranges.
fn words(line: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < line.len() && !is_word_byte(line[at]) {
            at += 1;
        }
        if at == line.len() {
            return None;
        }
        let start = at;
        while at < line.len() && is_word_byte(line[at]) {
            at += 1;
        }
        Some((start, at))
    })
}

/// misspell's case styles; other mixes (`ReCieve`, camelCase) are never reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Lower,
    Title,
    Upper,
}

impl Style {
    /// Counts ASCII letters only, as misspell does: `RECIEVE2` is upper, `Recieve's` title.
    fn of(word: &[u8]) -> Option<Style> {
        let upper = word.iter().filter(|b| b.is_ascii_uppercase()).count();
        let lower = word.iter().filter(|b| b.is_ascii_lowercase()).count();
        match (upper, lower) {
            (0, 0) => None,
            (_, 0) => Some(Style::Upper),
            (0, _) => Some(Style::Lower),
            (1, _) if word[0].is_ascii_uppercase() => Some(Style::Title),
            _ => None,
        }
    }

    fn apply(self, correction: &str) -> String {
        match self {
            Style::Lower => correction.to_string(),
            Style::Upper => correction.to_uppercase(),
            Style::Title => {
                let mut chars = correction.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }
        }
    }
}

/// The dictionary's corrections of `word`, a run of `[A-Za-z0-9']` (ASCII case-insensitive), if it
/// is a known misspelling. Most words are not: the length bounds and two bits of the Bloom filter
/// (one cache line) answer them; the rest are looked up in their bucket of the hash table.
pub fn corrections(word: &[u8]) -> Option<Corrections> {
    if word.len() < tables::SHORTEST || word.len() > tables::LONGEST {
        return None;
    }
    let hash = word_hash(word);
    if !key::bloom_bits(hash).iter().all(|bit| BLOOM.0[bit / 8] & (1 << (bit % 8)) != 0) {
        return None;
    }
    let bucket = key::bucket(hash);
    let mut entries = u32_at(&BUCKETS.0, bucket)..u32_at(&BUCKETS.0, bucket + 1);
    let entry = entries.find(|entry| u64_at(&HASHES.0, *entry) == hash)?;
    let record = RECORDS.get(u32_at(&OFFSETS.0, entry)..u32_at(&OFFSETS.0, entry + 1))?;
    let (key, corrections) = record.split_at(record.find('\0').unwrap_or(record.len()));
    key.as_bytes().eq_ignore_ascii_case(word).then_some(Corrections(corrections))
}

/// A misspelling's corrections, in typos' order: the end of its record in the table, each
/// correction after a `\0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corrections(&'static str);

impl Corrections {
    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        self.0.split('\0').skip(1)
    }
}

/// The dictionary's sizes, written by `build.rs` with the tables below (their layout is described
/// there): typos' word list, kept as the rule reads it, in tables without a pointer, so that the
/// loader has nothing to relocate and nothing is built at run time.
mod tables {
    include!(concat!(env!("OUT_DIR"), "/misspelling.rs"));
}

/// The tables' bytes at an alignment of 64: a Bloom block is one cache line, and no number of the
/// other tables straddles two.
#[repr(C, align(64))]
struct Aligned<T>(T);

static BLOOM: Aligned<[u8; key::BLOOM_BYTES]> =
    Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/misspelling-bloom.bin")));
static HASHES: Aligned<[u8; tables::ENTRIES * 8]> =
    Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/misspelling-hashes.bin")));
static BUCKETS: Aligned<[u8; (key::BUCKETS + 1) * 4]> =
    Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/misspelling-buckets.bin")));
static OFFSETS: Aligned<[u8; (tables::ENTRIES + 1) * 4]> =
    Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/misspelling-offsets.bin")));
const RECORDS: &str = include_str!(concat!(env!("OUT_DIR"), "/misspelling-records.txt"));

/// The little-endian `u32` at `index` of a table of them (0 past its end, which the tables' own
/// numbers never reach).
fn u32_at(table: &[u8], index: usize) -> usize {
    let bytes = table.get(index * 4..index * 4 + 4).and_then(|b| b.try_into().ok());
    bytes.map_or(0, |b| u32::from_le_bytes(b) as usize)
}

/// The little-endian `u64` at `index` of a table of them (0 past its end).
fn u64_at(table: &[u8], index: usize) -> u64 {
    let bytes = table.get(index * 8..index * 8 + 8).and_then(|b| b.try_into().ok());
    bytes.map_or(0, u64::from_le_bytes)
}

/// misspell's `RemoveNotWords`, in place: URLs, then paths, e-mail addresses, hosts and backslash
/// escapes become blanks, each step working on the previous one's output. Byte offsets are kept.
fn blank_not_words(line: &mut [u8]) {
    blank_urls(line);
    blank_paths(line);
    blank_emails(line);
    blank_hosts(line);
    blank_backslash_escapes(line);
}

fn blank(line: &mut [u8], from: usize, to: usize) {
    line[from..to].fill(b' ');
}

/// Go's `\s`: ASCII blanks only.
fn is_go_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// `(?i)(https?|ftp)://(-\.)?([^\s/?.#]+\.?)+(/\S*)?`: a scheme, a host of dot-separated
/// labels, and a path up to the next blank. A query or fragment right after the host ends it.
fn blank_urls(line: &mut [u8]) {
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&line[from..], b"://").map(|i| from + i) {
        let before = &line[from..at];
        let scheme = [&b"https"[..], b"http", b"ftp"]
            .into_iter()
            .find(|s| before.len() >= s.len() && before[before.len() - s.len()..].eq_ignore_ascii_case(s));
        let Some(scheme) = scheme else {
            from = at + 3;
            continue;
        };
        // The optional `-.` after `://` is also a label with its dot: parsing labels covers it.
        let mut end = at + 3;
        let mut labels = 0;
        loop {
            let start = end;
            while end < line.len() && !is_go_space(line[end]) && !matches!(line[end], b'/' | b'?' | b'.' | b'#') {
                end += 1;
            }
            if end == start {
                break;
            }
            labels += 1;
            if end < line.len() && line[end] == b'.' {
                end += 1;
            }
        }
        if labels == 0 {
            from = at + 3;
            continue;
        }
        if end < line.len() && line[end] == b'/' {
            while end < line.len() && !is_go_space(line[end]) {
                end += 1;
            }
        }
        blank(line, at - scheme.len(), end);
        from = end;
    }
}

/// misspell's `RemovePath`: a `/` at the start or after a blank or a `/` starts a path that ends
/// at the next blank; after `(` it ends at `)`, after `[` at `]` (or the line's end). Paths that
/// are never closed on the line, and relative ones (`docs/x`), stay.
fn blank_paths(line: &mut [u8]) {
    // `rest` is where misspell's remaining string starts: it never looks back before it.
    let mut rest = 0;
    while let Some(slash) = memchr::memchr(b'/', &line[rest..]).map(|i| rest + i) {
        let idx = if slash > rest { slash - 1 } else { slash };
        let ends: &[u8] = match line[idx] {
            b'/' | b' ' | b'\n' | b'\t' | b'\r' => b" \n\r\t",
            b'[' => b"]\n",
            b'(' => b")\n",
            _ => {
                rest = idx + 2;
                continue;
            }
        };
        let Some(len) = line[idx + 1..].iter().position(|b| ends.contains(b)) else { break };
        blank(line, idx + 1, idx + 1 + len);
        rest = idx + 1 + len;
    }
}

/// `[a-zA-Z0-9_.%+-]+@[a-zA-Z0-9-.]+\.[a-zA-Z]{2,6}[^a-zA-Z]`, leftmost-first as Go matches it.
fn blank_emails(line: &mut [u8]) {
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'%' | b'+' | b'-');
    let mut from = 0;
    while from < line.len() {
        let Some(start) = line[from..].iter().position(|b| local(*b)).map(|i| from + i) else { return };
        let mut at = start;
        while at < line.len() && local(line[at]) {
            at += 1;
        }
        // Every start inside this run needs the same `@` and domain after it.
        if at < line.len() && line[at] == b'@' {
            if let Some(end) = email_domain_end(line, at + 1) {
                blank(line, start, end);
                from = end;
                continue;
            }
        }
        from = at + 1;
    }
}

/// Where `[a-zA-Z0-9-.]+\.[a-zA-Z]{2,6}[^a-zA-Z]` starting at `from` ends, with the greediest
/// domain that works (Go prefers the longest `+`): the last `.` followed by 2 to 6 letters and a
/// non-letter character.
fn email_domain_end(line: &[u8], from: usize) -> Option<usize> {
    let mut run_end = from;
    while run_end < line.len() && is_host_byte(line[run_end]) {
        run_end += 1;
    }
    (from + 1..run_end).rev().filter(|k| line[*k] == b'.').find_map(|k| {
        let letters = line[k + 1..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let next = k + 1 + letters;
        ((2..=6).contains(&letters) && next < line.len()).then(|| next + utf8_len(line[next]))
    })
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

fn is_host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// `[a-zA-Z0-9-.]+\.[a-zA-Z]+`: in a run of host characters, from its start through the last `.`
/// that has characters before it and a letter after it, and the letters after that `.`.
fn blank_hosts(line: &mut [u8]) {
    let mut from = 0;
    while from < line.len() {
        let Some(start) = line[from..].iter().position(|b| is_host_byte(*b)).map(|i| from + i) else { return };
        let mut end = start;
        while end < line.len() && is_host_byte(line[end]) {
            end += 1;
        }
        let dot =
            (start + 1..end).rev().find(|k| line[*k] == b'.' && line.get(k + 1).is_some_and(u8::is_ascii_alphabetic));
        match dot {
            Some(dot) => {
                let letters = line[dot + 1..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
                let stop = dot + 1 + letters;
                blank(line, start, stop);
                from = stop;
            }
            None => from = end,
        }
    }
}

/// `\\[a-z]`: a backslash and the one lower-case letter after it (`\n` in `\nrecieve`).
fn blank_backslash_escapes(line: &mut [u8]) {
    let mut at = 0;
    while let Some(slash) = memchr::memchr(b'\\', &line[at..]).map(|i| at + i) {
        if line.get(slash + 1).is_some_and(u8::is_ascii_lowercase) {
            blank(line, slash, slash + 2);
            at = slash + 2;
        } else {
            at = slash + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    // The facts of misspell v0.3.4's algorithm, one test each, then the rule in a workspace, and the
    // comparison with misspell's own word list and the real corpus (both read at run time).

    use super::*;
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    /// The line memo changes no result: versions of one file, each one keystroke from the last,
    /// find what a plain scan finds, a misspelling typed into a clean line included.
    #[test]
    fn line_memo_finds_what_a_plain_scan_finds() {
        let path = Path::new("/memo-test/keps/sig-x/1-a/README.md");
        let versions = [
            "# Title\n\nThe kubelet will receive it.\nSee https://example.com/recieve.\nAn adress.\n",
            "# Title\n\nThe kubelet will recieve it.\nSee https://example.com/recieve.\nAn adress.\n",
            "# Title\n\nThe kubelet will recieve it.\nSee https://example.com/recieve.\nAn address.\n",
            "# Title\n\nThe kubelet will recieve it.\nSee https://example.com/recieve.\nAn address.",
            "# Title\n\nThe kubelet will recieve it.\nSee https://example.com/recieve.\nAn address.",
        ];
        for round in 0..2 {
            for text in versions {
                assert_eq!(find_in_file(text, path), find(text), "round {round}: {text:?}");
            }
        }
        assert_eq!(find(versions[1]).len(), 2);
        assert_eq!(find(versions[2]).len(), 1);
    }

    /// The memo changes no result under any sequence of edits: each version of a file, one random
    /// edit from the last (line breaks, misspellings, URLs, handles typed or deleted anywhere),
    /// finds what a plain scan finds.
    #[test]
    fn the_memo_follows_any_sequence_of_edits() {
        use proptest::prelude::*;
        let piece = prop::sample::select(vec![
            "recieve",
            "\n",
            " ",
            "teh ",
            "https://x.io/recieve ",
            "@adress",
            "é",
            "\\n",
            "ok",
        ]);
        let edit = (any::<prop::sample::Index>(), 0usize..12, prop::collection::vec(piece, 0..4));
        kep_ls_testkit::property::check(4.0, prop::collection::vec(edit, 1..24), |edits| {
            let path = Path::new("/memo-property/keps/sig-x/1-a/README.md");
            let mut text = String::from("# Title\n\nWe recieve it.\nSee https://x.io/a.\nAn adress @teh.\n");
            find_in_file("", Path::new("/memo-property/other.md"));
            for (at, cut, inserted) in edits {
                let mut start = at.index(text.len() + 1);
                while !text.is_char_boundary(start) {
                    start -= 1;
                }
                let mut end = (start + cut).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, &inserted.concat());
                let plain: Vec<(usize, String)> =
                    find(&text).into_iter().map(|h| (h.start, h.word.to_string())).collect();
                let memo: Vec<(usize, String)> =
                    find_in_file(&text, path).into_iter().map(|h| (h.start, h.word.to_string())).collect();
                prop_assert_eq!(memo, plain, "{:?}", text);
            }
            Ok(())
        });
    }

    /// The words `find` reports in `text`, with their first correction: `word→correction@column`.
    fn found(text: &str) -> Vec<String> {
        find(text).into_iter().map(|h| format!("{}→{}@{}", h.word, h.corrections[0], h.start)).collect()
    }

    fn flags(text: &str) -> bool {
        !find(text).is_empty()
    }

    /// A word's corrections, as a list.
    fn corrected(word: &str) -> Option<Vec<&'static str>> {
        corrections(word.as_bytes()).map(|c| c.iter().collect())
    }

    #[test]
    fn the_dictionary_is_typos() {
        assert_eq!(corrected("recieve"), Some(vec!["receive"]));
        assert_eq!(corrected("receive"), None);
        assert!(corrected("entrys").is_some_and(|c| c.contains(&"entries")));
    }

    /// The tables `build.rs` wrote hold typos' dictionary as the rule reads it: every key that can
    /// be a word is found, in lower and upper case, with typos' corrections in typos' order, and no
    /// two keys share a hash (each has an entry of its own).
    #[test]
    fn the_tables_hold_every_ascii_key_of_typos() {
        let mut keys = 0;
        for (key, expected) in typos_dict::WORD.map.entries {
            let key = key.into_inner();
            if !key.bytes().all(is_word_byte) {
                continue;
            }
            keys += 1;
            for spelling in [key.to_ascii_lowercase(), key.to_ascii_uppercase()] {
                assert_eq!(corrected(&spelling).as_deref(), Some(*expected), "{spelling}");
            }
        }
        assert!(keys > 90_000, "{keys}");
        assert_eq!(tables::ENTRIES, keys, "two keys share a hash");
        assert_eq!(corrections(b"\xd1\x81ontainer"), None, "typos' Cyrillic look-alikes are no words");
    }

    #[test]
    fn matching_is_ascii_case_insensitive_and_the_correction_keeps_the_style() {
        assert_eq!(found("recieve Recieve RECIEVE"), ["recieve→receive@0", "Recieve→Receive@8", "RECIEVE→RECEIVE@16"]);
    }

    #[test]
    fn mixed_case_words_are_ignored() {
        assert!(!flags("ReCieve reCieve recievE"));
        // misspell counts letters only: digits do not change a style.
        assert_eq!(Style::of(b"RECIEVE2"), Some(Style::Upper));
        assert_eq!(Style::of(b"Recieve's"), Some(Style::Title));
        assert_eq!(Style::of(b"2019"), None);
    }

    #[test]
    fn only_whole_words_that_are_keys_count() {
        // A word is a run of `[A-Za-z0-9']`: longer runs are other words.
        assert!(!flags("unrecieved recieve's recieve2 2recieve"));
        // `_`, `-`, brackets and quotes end a word.
        assert_eq!(
            found("foo_recieve (recieve) x-recieve \"recieve\""),
            ["recieve→receive@4", "recieve→receive@13", "recieve→receive@24", "recieve→receive@33"]
        );
    }

    #[test]
    fn urls_are_blanked() {
        assert!(!flags("see https://example.com/recieve/x and HTTP://recieve.io and ftp://h/recieve"));
        // A query or fragment right after the host is not part of misspell's URL.
        assert_eq!(found("https://example.com?recieve"), ["recieve→receive@20"]);
        // `://` without a scheme, or without a host, is no URL.
        assert_eq!(found("x://a recieve"), ["recieve→receive@6"]);
        // The scheme may start inside a word: what is left before it is a word of its own.
        assert_eq!(found("recievehttps://example.com"), ["recieve→receive@0"]);
    }

    #[test]
    fn email_addresses_are_blanked() {
        assert!(!flags("mail recieve@example.com now"));
        // The character after the domain is blanked too: a word after it is checked alone.
        assert_eq!(found("mail a@example.com1recieve"), ["recieve→receive@19"]);
        // The address needs a character after its domain: at the very end of a file it is none, and
        // only the host-like `example.com` is blanked.
        assert_eq!(found("mail recieve@example.com"), ["recieve→receive@5"]);
        // The top-level domain has 2 to 6 letters: with 7 it is no address (the host part still goes).
        assert_eq!(found("recieve@example.abcdefg "), ["recieve→receive@0"]);
    }

    #[test]
    fn host_like_words_are_blanked() {
        assert!(!flags("recieve.md e.g.recieve recieve.example.com"));
        // After the last dot with a letter the host ends: `x.md5` leaves `5`.
        assert!(!flags("x.md5recieve"));
        // A dot that starts the run needs something before it: `.recieve` stays a word.
        assert_eq!(found(".recieve"), ["recieve→receive@1"]);
        // A dot followed by a digit does not make a host.
        assert_eq!(found("recieve.2"), ["recieve→receive@0"]);
    }

    #[test]
    fn absolute_paths_are_blanked_relative_ones_are_not() {
        assert!(!flags("/recieve/x\n"));
        assert!(!flags("a /usr/recieve b\n"));
        assert!(!flags("a (/usr/recieve) b\n"));
        assert!(!flags("a [/recieve] b\n"));
        assert!(!flags("a//recieve b\n"));
        assert_eq!(found("./recieve/x docs/recieve\n"), ["recieve→receive@2", "recieve→receive@17"]);
        // misspell blanks a path only up to its end mark: one never closed on the line stays.
        assert_eq!(found("a (/recieve"), ["recieve→receive@4"]);
        assert_eq!(found("a /recieve"), ["recieve→receive@3"]);
    }

    #[test]
    fn backslash_escapes_are_blanked() {
        // `\n` goes: the word after it is checked on its own.
        assert_eq!(found("printf(\"\\nrecieve\")"), ["recieve→receive@10"]);
        // Only a lower-case letter makes an escape.
        assert!(!flags("\\Nrecieve"));
        // In `\\nrecieve` the first backslash escapes nothing, the second makes `\n`.
        assert_eq!(found("\\\\nrecieve"), ["recieve→receive@3"]);
    }

    #[test]
    fn markdown_is_not_special() {
        let text = "`recieve`\n```\nrecieve\n```\n<!-- recieve -->\n[recieve](#x)\n";
        assert_eq!(find(text).len(), 4);
    }

    #[test]
    fn lines_and_byte_columns() {
        let text = "é recieve\nok\n  teh\r\n";
        let hits = find(text);
        assert_eq!(hits.iter().map(|h| (h.word, h.start)).collect::<Vec<_>>(), [("recieve", 3), ("teh", 16)]);
    }

    #[test]
    fn the_rule_reports_with_fixes_and_honours_the_allow_lists() {
        let fixture = "//- /ws/keps/sig-a/1-x/README.md\n# T\n\nWe recieve an entrys list.\n";
        expect![[r#"
            warning[misspelling] 3:4: `recieve` is a misspelling of `receive`
              | We recieve an entrys list.
              |    ^^^^^^^
              fix (preferred): Change to `receive`
            warning[misspelling] 3:15: `entrys` is a misspelling of `entries` or `entry`
              | We recieve an entrys list.
              |               ^^^^^^
              fix: Change to `entries`
              fix: Change to `entry`
        "#]]
        .assert_eq(&check_code(fixture, "misspelling"));
        let (mut world, paths) = crate::ide::fixtures::world(fixture);
        let diagnostics = crate::ide::features::diagnostics(&world, &paths[0]);
        let unique = diagnostics.iter().find(|d| d.message.contains("recieve")).unwrap();
        assert_eq!(unique.fixes.len(), 1);
        assert!(unique.fixes[0].safe && unique.fixes[0].preferred);
        assert_eq!(unique.fixes[0].edits[0].new_text, "receive");
        let several = diagnostics.iter().find(|d| d.message.contains("entrys")).unwrap();
        assert!(several.fixes.len() >= 2 && several.fixes.iter().all(|f| !f.safe), "only guesses: {several:?}");

        world.settings.spelling_allow = vec!["Entrys".into(), "recieve".into()];
        let left: Vec<_> = crate::ide::features::diagnostics(&world, &paths[0])
            .into_iter()
            .filter(|d| d.code == "misspelling")
            .collect();
        assert_eq!(left.len(), 1, "`recieve` allowed in any case, `Entrys` only capitalised: {left:?}");
        expect!["`entrys` is a misspelling of `entries` or `entry`"].assert_eq(&left[0].message);
    }

    /// Fix-all (`safe`) takes a unique correction in prose only: in a heading, the table of contents,
    /// a link's destination, code or an OWNERS file a change can break an anchor, the TOC, a link, code
    /// or a name, so the correction is only offered there.
    #[test]
    fn only_prose_corrections_are_safe() {
        let text = "# Recieve\n\n<!-- toc -->\n- [Recieve](#recieve)\n<!-- /toc -->\n\nWe recieve [it](https://x.io/a/recieve) `recieve` [recieve](other.md#recieve).\n\n```\nrecieve\n```\n";
        let (world, paths) = crate::ide::fixtures::world(&format!("//- /ws/keps/sig-a/1-x/README.md\n{text}"));
        let safe: Vec<(usize, bool)> = crate::ide::features::diagnostics(&world, &paths[0])
            .iter()
            .filter(|d| d.code == "misspelling")
            .map(|d| (d.range.start, d.fixes.iter().all(|f| f.safe)))
            .collect();
        let at = |needle: &str| text.find(needle).unwrap();
        let prose = at("We recieve") + 3;
        let link_text = at("[recieve](other") + 1;
        assert!(safe.contains(&(prose, true)) && safe.contains(&(link_text, true)), "{safe:?}");
        assert_eq!(safe.iter().filter(|(_, s)| *s).count(), 2, "heading, TOC, anchors and code are not safe: {safe:?}");
        assert_eq!(safe.len(), 8, "the URL is blanked, the rest is flagged: {safe:?}");

        let (world, paths) = crate::ide::fixtures::world("//- /ws/keps/sig-a/1-x/OWNERS\napprovers:\n  - recieve\n");
        let diagnostics = crate::ide::features::diagnostics(&world, &paths[0]);
        assert_eq!(diagnostics.len(), 1);
        assert!(!diagnostics[0].fixes.is_empty() && diagnostics[0].fixes.iter().all(|f| !f.safe), "a name in OWNERS");
    }

    #[test]
    fn allow_entries_with_capitals_are_exact() {
        assert!(allowed("AKS", &[]) && allowed("aks", &[]));
        assert!(allowed("OT", &[]) && !allowed("ot", &[]) && !allowed("Ot", &[]));
        // Every built-in entry is a word the dictionary knows: an entry that is not is dead weight.
        for entry in ALLOWED {
            assert!(corrections(entry.as_bytes()).is_some(), "{entry} is not in typos' dictionary");
        }
        assert!(allowed("Foo", &["Foo".into()]));
        assert!(!allowed("foo", &["Foo".into()]));
        assert!(allowed("FOO", &["foo".into()]));
    }

    #[test]
    fn owners_files_and_yaml() {
        let owners = "//- /ws/keps/sig-a/1-x/OWNERS\napprovers:\n  - recieve # teh lead\n";
        assert_eq!(check_code(owners, "misspelling").matches("warning[misspelling]").count(), 2);
        let yaml = "//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: recieve\n";
        assert_eq!(check_code(yaml, "misspelling"), "", "CI does not run misspell on *.yaml");
    }

    /// misspell v0.3.4's own word list (test data outside the repository): how many of its one-word
    /// keys typos' dictionary, behind this rule, catches.
    #[test]
    fn coverage_of_misspells_word_list() {
        let Some(path) = crate::test_data::shared("data/misspell_words_v0.3.4.tsv") else { return };
        let text = std::fs::read_to_string(&path).unwrap();
        let mut keys = 0;
        let mut missed = Vec::new();
        // Columns: list (`main` is the one CI uses), typo, correction; `#` lines are the header.
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut columns = line.split('\t');
            let (Some("main"), Some(key)) = (columns.next(), columns.next()) else { continue };
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'\'') {
                continue;
            }
            keys += 1;
            if found(key).is_empty() {
                missed.push(key.to_string());
            }
        }
        let caught = keys - missed.len();
        let share = caught as f64 / keys.max(1) as f64;
        eprintln!("misspell's one-word keys: {keys}, caught {caught} ({:.2}%), missed: {missed:?}", share * 100.0);
        assert!(keys > 20_000, "the list has {keys} one-word keys: not the expected file?");
        assert!(share >= 0.998, "only {caught} of {keys} caught");
    }

    /// Every `.md` and `OWNERS` file below `dir`, symbolic links left out (their targets are files of
    /// their own), as CI's misspell sees them.
    fn corpus_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let Ok(kind) = entry.file_type() else { continue };
            let path = entry.path();
            let name = entry.file_name();
            if kind.is_dir() {
                corpus_files(&path, out);
            } else if kind.is_file() && (name == "OWNERS" || name.to_string_lossy().ends_with(".md")) {
                out.push(path);
            }
        }
    }

    /// How many files of the real corpus were scanned, and the rule's findings there per word
    /// (lower-cased), after the built-in allow list.
    fn corpus_counts() -> Option<(usize, std::collections::BTreeMap<String, usize>)> {
        let keps = crate::test_data::corpus_keps()?;
        let mut files = Vec::new();
        corpus_files(&keps, &mut files);
        let scanned = files.len();
        let mut counts = std::collections::BTreeMap::new();
        for path in files {
            let Ok(text) = std::fs::read_to_string(&path) else { continue };
            for hit in find(&text) {
                if !allowed(hit.word, &[]) {
                    *counts.entry(hit.word.to_ascii_lowercase()).or_insert(0) += 1;
                }
            }
        }
        Some((scanned, counts))
    }

    #[test]
    fn corpus_report() {
        let Some((scanned, counts)) = corpus_counts() else { return };
        for entry in ALLOWED {
            assert!(!counts.contains_key(&entry.to_ascii_lowercase()) || entry.bytes().any(|b| b.is_ascii_uppercase()));
        }
        let total: usize = counts.values().sum();
        let mut by_count: Vec<_> = counts.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        eprintln!("misspelling on the corpus: {total} findings, {} words", counts.len());
        for (word, n) in &by_count {
            eprintln!("{n:5} {word} → {}", corrected(word).unwrap_or_default().join(", "));
        }
        // Reviewed by hand: every word found three times or more is a real misspelling (the corpus
        // passes CI: misspell's list lacks them all). A new false finding among them fails here.
        let frequent: Vec<&str> = by_count.iter().filter(|(_, n)| **n >= 3).map(|(w, _)| w.as_str()).collect();
        assert_eq!(frequent, FREQUENT_CORPUS_MISSPELLINGS, "review the new words; allow-list the right ones");
        assert!(total >= 600, "the corpus has {total} findings: a regression in the scan?");
        crate::test_data::checked("rules::misspelling::corpus_report", scanned, "files");
    }

    /// The corpus' misspellings found three times or more, most frequent first (see `corpus_report`).
    const FREQUENT_CORPUS_MISSPELLINGS: &[&str] = &[
        "kubenetes",
        "informations",
        "lifecyle",
        "toplogy",
        "aformentioned",
        "programatically",
        "wil",
        "controler",
        "exisiting",
        "fileystem",
        "kuberentes",
        "partion",
        "presisted",
        "propogated",
        "varadic",
        "wether",
        "administators",
        "aligment",
        "bounaries",
        "contraints",
        "definitons",
        "enhancment",
        "experencing",
        "hasing",
        "implemention",
        "implmentation",
        "resouces",
        "schduler",
        "servies",
        "softwares",
        "validaton",
    ];
}
