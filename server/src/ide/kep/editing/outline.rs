//! The outline of kep.yaml and PRR files (keys with their values as detail, lists and maps as
//! children) and selection ranges (value, entry, enclosing map, ..., whole file), from the YAML tree.

use crate::ide::answers::{Symbol, SymbolKind};
use crate::ide::text::TextRange;
use crate::ide::world::SourceFile;
use crate::ide::yaml::{Entry, Node, Value};

/// Details longer than this are cut: an outline shows a glimpse, not the text.
const DETAIL_CHARS: usize = 80;

/// Levels of symbols at most. A kep.yaml has four; a hostile file nested hundreds deep would make a
/// JSON answer deeper than clients decode (serde_json stops at 128).
const MAX_DEPTH: usize = 16;

/// Items of one list at most (then one "… and N more" entry): an outline of 300,000 authors is
/// no outline, and its answer would be tens of megabytes.
const MAX_ITEMS: usize = 1000;

pub fn document_symbols(file: &SourceFile) -> Vec<Symbol> {
    let Some(root) = file.yaml().and_then(|y| y.root()) else { return Vec::new() };
    match &root.value {
        Value::Map(entries) => map_symbols(entries, 0),
        _ => Vec::new(),
    }
}

fn map_symbols(entries: &[Entry], depth: usize) -> Vec<Symbol> {
    if depth >= MAX_DEPTH {
        return Vec::new();
    }
    entries.iter().map(|e| entry_symbol(e, depth)).collect()
}

fn item_symbols(items: &[Node], depth: usize) -> Vec<Symbol> {
    if depth >= MAX_DEPTH {
        return Vec::new();
    }
    let mut symbols: Vec<Symbol> =
        items.iter().take(MAX_ITEMS).enumerate().map(|(i, n)| item_symbol(n, i, depth)).collect();
    if let (Some(first), Some(last)) = (items.get(MAX_ITEMS), items.last()) {
        let range = first.range.cover(last.range);
        let name = format!("… and {} more", items.len() - MAX_ITEMS);
        symbols.push(Symbol {
            name,
            detail: None,
            kind: SymbolKind::Value,
            range,
            selection: range,
            children: Vec::new(),
        });
    }
    symbols
}

fn entry_symbol(entry: &Entry, depth: usize) -> Symbol {
    let name = entry.key_str().unwrap_or_default().to_string();
    let range = entry.key.range.cover(entry.value.range);
    let (kind, detail, children) = match &entry.value.value {
        Value::Scalar(s) if s.is_null() => (SymbolKind::Key, None, Vec::new()),
        Value::Scalar(s) => (SymbolKind::Key, Some(glimpse(&s.text)), Vec::new()),
        Value::Seq(items) => {
            let detail = match items.len() {
                1 => "1 item".to_string(),
                n => format!("{n} items"),
            };
            (SymbolKind::List, Some(detail), item_symbols(items, depth + 1))
        }
        Value::Map(entries) => (SymbolKind::Key, None, map_symbols(entries, depth + 1)),
        Value::Alias => (SymbolKind::Key, Some("alias".into()), Vec::new()),
    };
    Symbol { name, detail, kind, range, selection: entry.key.range, children }
}

fn item_symbol(node: &Node, index: usize, depth: usize) -> Symbol {
    let (name, kind, children) = match &node.value {
        Value::Scalar(s) => (glimpse(&s.text), SymbolKind::Value, Vec::new()),
        Value::Map(entries) => {
            // A feature gate is best known by its name.
            let name = entries
                .iter()
                .find_map(|e| e.value.as_str().filter(|_| e.key_str() == Some("name")))
                .map_or_else(|| format!("[{index}]"), glimpse);
            (name, SymbolKind::Key, map_symbols(entries, depth + 1))
        }
        Value::Seq(items) => (format!("[{index}]"), SymbolKind::List, item_symbols(items, depth + 1)),
        Value::Alias => (format!("[{index}]"), SymbolKind::Value, Vec::new()),
    };
    Symbol { name, detail: None, kind, range: node.range, selection: node.range, children }
}

/// The first line of a value, at most [`DETAIL_CHARS`] characters.
fn glimpse(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    if line.chars().count() > DETAIL_CHARS {
        let cut: String = line.chars().take(DETAIL_CHARS).collect();
        format!("{cut}…")
    } else {
        line.to_string()
    }
}

/// For each offset, the ranges around it from the innermost out to the whole file; each contains
/// the one before. Empty for files without a YAML tree.
pub fn selection_ranges(file: &SourceFile, offsets: &[usize]) -> Vec<Vec<TextRange>> {
    let Some(root) = file.yaml().and_then(|y| y.root()) else { return Vec::new() };
    let whole = TextRange::new(0, file.text.len());
    offsets
        .iter()
        .map(|&offset| {
            let mut chain = outer_to_inner(&file.text, root, offset);
            chain.insert(0, whole);
            chain.reverse();
            chain.dedup();
            // Keep each range inside the next (the protocol requires it).
            let mut out: Vec<TextRange> = Vec::with_capacity(chain.len());
            for range in chain {
                if out.last().is_none_or(|inner: &TextRange| range.contains_range(*inner) && range != *inner) {
                    out.push(range);
                }
            }
            if out.is_empty() {
                out.push(TextRange::empty(offset.min(file.text.len())));
            }
            out
        })
        .collect()
}

/// The ranges from the root node down to the innermost node at `offset`: for each map entry the
/// whole entry, then its key or value; for quoted scalars, the text inside the quotes too.
fn outer_to_inner(text: &str, root: &Node, offset: usize) -> Vec<TextRange> {
    let mut out = vec![root.range];
    let mut current = root;
    loop {
        let next = match &current.value {
            Value::Map(entries) => {
                let Some(entry) = entries.iter().find(|e| e.key.range.cover(e.value.range).touches(offset)) else {
                    break;
                };
                out.push(entry.key.range.cover(entry.value.range));
                if entry.key.range.touches(offset) {
                    out.push(entry.key.range);
                    break;
                }
                if entry.value.range.is_empty() || !entry.value.range.touches(offset) {
                    break;
                }
                &entry.value
            }
            Value::Seq(items) => {
                let Some(item) = items.iter().find(|n| n.range.touches(offset)) else { break };
                item
            }
            _ => break,
        };
        out.push(next.range);
        current = next;
    }
    if let Some(last) = out.last().copied() {
        let raw = text.get(last.start..last.end).unwrap_or_default();
        let quoted = raw.len() >= 2
            && (raw.starts_with('"') && raw.ends_with('"') || raw.starts_with('\'') && raw.ends_with('\''));
        if quoted && current.as_scalar().is_some() {
            out.push(TextRange::new(last.start + 1, last.end - 1));
        }
    }
    out
}
