//! Text edits that change one value of a kep.yaml in place, keeping its comments and layout (the
//! file is never re-serialised).

use super::YamlFile;
use crate::ide::diagnostic::FileEdit;
use crate::ide::text::TextRange;
use crate::ide::world::SourceFile;
use crate::ide::yaml::{Entry, Node, Value};

/// Adds `"value"` to the top-level list `key`: after its last block item, inside `[...]`, in
/// place of a null value, or as a new key at the end of the file.
pub fn add_list_item(file: &SourceFile, key: &str, value: &str) -> Option<FileEdit> {
    let yaml: &YamlFile = file.yaml()?;
    let text: &str = &file.text;
    let quoted = format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""));
    let edit = |range: TextRange, new_text: String| FileEdit { path: file.path.clone(), range, new_text };
    let Some(entry) = yaml.entry(key) else {
        let at = text.len();
        let newline = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
        return Some(edit(TextRange::empty(at), format!("{newline}{key}:\n  - {quoted}\n")));
    };
    match &entry.value.value {
        Value::Seq(items) if !items.is_empty() => {
            let last = items.last()?;
            let flow = text.get(entry.value.range.start..entry.value.range.start + 1) == Some("[");
            if flow {
                let close = entry.value.range.end.checked_sub(1)?;
                return Some(edit(TextRange::empty(close), format!(", {quoted}")));
            }
            // A new line after the last item's line (its comment stays), with the same prefix (`  - `).
            let line_start = text[..last.range.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[last.range.end..].find(['\n', '\r']).map_or(text.len(), |i| last.range.end + i);
            let prefix = &text[line_start..last.range.start];
            Some(edit(TextRange::empty(line_end), format!("\n{prefix}{quoted}")))
        }
        _ => {
            // `key:`, `key: ~` or `key: []`: replace the value up to the end of the line.
            let start = entry.key.range.end + 1;
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            Some(edit(TextRange::new(start.min(end), end), format!("\n  - {quoted}")))
        }
    }
}

/// A change to one text: replace `range` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub range: TextRange,
    pub text: String,
}

impl Splice {
    pub fn apply(&self, text: &str) -> String {
        let (Some(before), Some(after)) = (text.get(..self.range.start), text.get(self.range.end..)) else {
            return text.to_string();
        };
        format!("{before}{}{after}", self.text)
    }
}

/// `text` changed by `change` when it applies, unchanged otherwise: for building a file in steps.
pub fn step(text: String, change: Option<Splice>) -> String {
    match change {
        Some(change) => change.apply(&text),
        None => text,
    }
}

/// The one edit that turns `old` into `new`: the changed middle, between their common prefix and suffix.
pub fn diff(old: &str, new: &str) -> Option<Splice> {
    if old == new {
        return None;
    }
    let mut prefix = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let max_suffix = (old.len() - prefix).min(new.len() - prefix);
    let mut suffix = old.bytes().rev().zip(new.bytes().rev()).take(max_suffix).take_while(|(a, b)| a == b).count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    Some(Splice {
        range: TextRange::new(prefix, old.len() - suffix),
        text: new.get(prefix..new.len() - suffix).unwrap_or_default().to_string(),
    })
}

/// `text` as a YAML scalar: plain when YAML reads it back as the same string, else double-quoted.
pub fn yaml_string(text: &str) -> String {
    const RESERVED: &[&str] = &["~", "null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| c.is_control() || is_yaml_break(c))
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        return text.to_string();
    }
    let quoted = serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace(['"', '\\'], "")));
    if !quoted.contains(is_yaml_break) {
        return quoted;
    }
    // JSON leaves these raw; YAML 1.1 readers (yaml.v3, upstream's) take them for line breaks,
    // even inside quotes. Escaped, every reader gets the character back.
    quoted.chars().fold(String::with_capacity(quoted.len() + 8), |mut out, c| {
        if is_yaml_break(c) {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
        out
    })
}

/// Characters some YAML readers take for a line break or drop as a byte order mark: U+0085,
/// U+2028, U+2029, U+FEFF.
fn is_yaml_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}')
}

/// A block list of double-quoted items (`\n  - "a"`), or ` []` for none: the text after `key:`.
pub fn block_list(items: &[String]) -> String {
    if items.is_empty() {
        return " []".to_string();
    }
    items.iter().map(|item| format!("\n  - {}", yaml_string_quoted(item))).collect()
}

/// Items of people lists are written the way upstream's template writes them: `"@name"`, `TBD`.
fn yaml_string_quoted(item: &str) -> String {
    if item == "TBD" {
        item.to_string()
    } else {
        serde_json::to_string(item).unwrap_or_default()
    }
}

/// Sets the top-level `key` to the scalar `value` (written as given), keeping a trailing comment;
/// a missing key is inserted in template order.
pub fn set_scalar(text: &str, key: &str, value: &str) -> Option<Splice> {
    set_value(text, key, &format!(" {value}"))
}

/// Sets the top-level `key`'s whole value to `value_text`, the text that follows `key:` (` x`, ` []`,
/// or a block starting with a line break). A scalar is replaced in place; a missing key is inserted
/// after the keys that come before it in template order.
pub fn set_value(text: &str, key: &str, value_text: &str) -> Option<Splice> {
    let yaml = YamlFile::parse(text);
    let root = yaml.root();
    match yaml.entry(key) {
        Some(entry) => replace_value(text, entry, value_text),
        None => {
            let entries = root.and_then(Node::as_map).unwrap_or_default();
            let order: Vec<&str> = super::schema::KEP_FIELDS.iter().map(|f| f.key).collect();
            insert_entry(text, entries, &order, key, &format!("{key}:{value_text}"), 0)
        }
    }
}

/// Sets `milestone.<stage>` to `value` (written as given), creating the key or the map as needed.
pub fn set_milestone(text: &str, stage: &str, value: &str) -> Option<Splice> {
    let yaml = YamlFile::parse(text);
    let Some(entry) = yaml.entry("milestone") else {
        return set_value(text, "milestone", &format!("\n  {stage}: {value}"));
    };
    if entry.value.is_null() {
        return replace_value(text, entry, &format!("\n  {stage}: {value}"));
    }
    let entries = entry.value.as_map()?;
    if let Some(existing) = entries.iter().find(|e| e.key_str() == Some(stage)) {
        return replace_value(text, existing, &format!(" {value}"));
    }
    if text.get(entry.value.range.start..entry.value.range.start + 1) == Some("{") {
        let close = entry.value.range.end.checked_sub(1)?;
        let separator = if entries.is_empty() { "" } else { ", " };
        return Some(Splice { range: TextRange::empty(close), text: format!("{separator}{stage}: {value}") });
    }
    let indent = entries.first().map_or(2, |e| column(text, e.key.range.start));
    let order: Vec<&str> = super::schema::MILESTONE_FIELDS.iter().map(|f| f.key).collect();
    insert_entry(text, entries, &order, stage, &format!("{stage}: {value}"), indent)
}

/// The column of `offset` (bytes from its line's start).
fn column(text: &str, offset: usize) -> usize {
    let offset = crate::ide::text::floor_char_boundary(text, offset);
    offset - text[..offset].rfind('\n').map_or(0, |i| i + 1)
}

/// Replaces an entry's value with `value_text` (see [`set_value`]).
fn replace_value(text: &str, entry: &Entry, value_text: &str) -> Option<Splice> {
    let value = &entry.value;
    if value.as_scalar().is_some_and(|s| !s.is_null()) {
        return Some(Splice { range: value.range, text: value_text.trim_start_matches(' ').to_string() });
    }
    // Null or a collection: everything after the colon, up to the value's end (or the line's, keeping a comment).
    let colon = entry.key.range.end + text.get(entry.key.range.end..)?.find(':')?;
    let line_end = text[colon..].find(['\n', '\r']).map_or(text.len(), |i| colon + i);
    let end = if value.is_null() {
        text[colon..line_end].find(" #").map_or(line_end, |i| colon + i)
    } else {
        value.range.end.max(colon + 1)
    };
    Some(Splice { range: TextRange::new(colon + 1, end), text: value_text.to_string() })
}

/// Inserts the line `line` (indented by `indent`) among `entries` so that keys stay in `order`:
/// after the last entry that comes before it, else before the first that comes after it, else at the end.
fn insert_entry(text: &str, entries: &[Entry], order: &[&str], key: &str, line: &str, indent: usize) -> Option<Splice> {
    let rank = |k: &str| order.iter().position(|o| *o == k);
    let wanted = rank(key).unwrap_or(usize::MAX);
    let pad = " ".repeat(indent);
    let before = entries.iter().rev().find(|e| e.key_str().and_then(rank).is_some_and(|r| r < wanted));
    if let Some(before) = before {
        let end = before.value.range.end.max(before.key.range.end);
        let line_end = text[end..].find('\n').map(|i| end + i);
        return Some(match line_end {
            Some(at) => Splice { range: TextRange::empty(at + 1), text: format!("{pad}{line}\n") },
            None => Splice { range: TextRange::empty(text.len()), text: format!("\n{pad}{line}\n") },
        });
    }
    if let Some(after) = entries.iter().find(|e| e.key_str().and_then(rank).is_some_and(|r| r > wanted)) {
        let at = after.key.range.start - column(text, after.key.range.start);
        return Some(Splice { range: TextRange::empty(at), text: format!("{pad}{line}\n") });
    }
    let newline = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
    Some(Splice { range: TextRange::empty(text.len()), text: format!("{newline}{pad}{line}\n") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixes::apply;
    use std::path::PathBuf;

    fn add(text: &str, key: &str, value: &str) -> String {
        let file = SourceFile::new(PathBuf::from("/ws/keps/sig-a/1-x/kep.yaml"), text.into());
        let edit = add_list_item(&file, key, value).unwrap();
        apply(text, &[edit])
    }

    #[test]
    fn appends_to_every_shape_of_list() {
        assert_eq!(
            add("a: 1\nsuperseded-by:\n  - \"/keps/x\"\nb: 2\n", "superseded-by", "/keps/y"),
            "a: 1\nsuperseded-by:\n  - \"/keps/x\"\n  - \"/keps/y\"\nb: 2\n"
        );
        assert_eq!(
            add("superseded-by:\n- /keps/x # old\n", "superseded-by", "/keps/y"),
            "superseded-by:\n- /keps/x # old\n- \"/keps/y\"\n"
        );
        assert_eq!(add("superseded-by: [a, b]\n", "superseded-by", "/keps/y"), "superseded-by: [a, b, \"/keps/y\"]\n");
        assert_eq!(
            add("superseded-by: []\nb: 2\n", "superseded-by", "/keps/y"),
            "superseded-by:\n  - \"/keps/y\"\nb: 2\n"
        );
        assert_eq!(
            add("superseded-by:\nb: 2\n", "superseded-by", "/keps/y"),
            "superseded-by:\n  - \"/keps/y\"\nb: 2\n"
        );
        assert_eq!(add("title: x", "superseded-by", "/keps/y"), "title: x\nsuperseded-by:\n  - \"/keps/y\"\n");
    }

    fn set(text: &str, change: impl Fn(&str) -> Option<Splice>) -> String {
        step(text.to_string(), change(text))
    }

    #[test]
    fn scalars_are_replaced_in_place_or_inserted_in_template_order() {
        let text =
            "title: X\nstatus: provisional # not yet\nstage: alpha\nlatest-milestone:\nmilestone:\n  alpha: \"v1.1\"\n";
        assert_eq!(
            set(text, |t| set_scalar(t, "stage", "beta")),
            "title: X\nstatus: provisional # not yet\nstage: beta\nlatest-milestone:\nmilestone:\n  alpha: \"v1.1\"\n"
        );
        assert_eq!(
            set(text, |t| set_scalar(t, "status", "implementable")),
            "title: X\nstatus: implementable # not yet\nstage: alpha\nlatest-milestone:\nmilestone:\n  alpha: \"v1.1\"\n"
        );
        assert!(set(text, |t| set_scalar(t, "latest-milestone", "\"v1.2\""))
            .contains("\nlatest-milestone: \"v1.2\"\nmilestone:"));
        // `kep-number` comes after `title` in the template.
        assert!(set(text, |t| set_scalar(t, "kep-number", "12")).starts_with("title: X\nkep-number: 12\nstatus:"));
        // Nothing before it: above the first key that follows it.
        assert_eq!(set("status: x\n", |t| set_scalar(t, "title", "T")), "title: T\nstatus: x\n");
        assert_eq!(set("title: x", |t| set_scalar(t, "stage", "beta")), "title: x\nstage: beta\n");
    }

    #[test]
    fn whole_values_become_lists() {
        let text = "authors:\n  - \"@jane.doe\"\nowning-sig: x\nreviewers:\n  - TBD\n  - \"@alice.doe\"\napprovers:\n";
        let text = set(text, |t| set_value(t, "authors", &block_list(&["@me".into(), "@you".into()])));
        let text = set(&text, |t| set_value(t, "reviewers", &block_list(&["TBD".into()])));
        let text = set(&text, |t| set_value(t, "approvers", &block_list(&[])));
        assert_eq!(text, "authors:\n  - \"@me\"\n  - \"@you\"\nowning-sig: x\nreviewers:\n  - TBD\napprovers: []\n");
    }

    #[test]
    fn milestones_are_set_inside_the_map_in_stage_order() {
        let block = "stage: alpha\nmilestone:\n  alpha: \"v1.1\"\n  stable: \"v1.9\"\nfeature-gates: []\n";
        assert_eq!(
            set(block, |t| set_milestone(t, "beta", "\"v1.2\"")),
            "stage: alpha\nmilestone:\n  alpha: \"v1.1\"\n  beta: \"v1.2\"\n  stable: \"v1.9\"\nfeature-gates: []\n"
        );
        assert!(set(block, |t| set_milestone(t, "stable", "\"v1.3\"")).contains("  stable: \"v1.3\"\n"));
        assert_eq!(
            set("milestone: {alpha: v1.1}\n", |t| set_milestone(t, "beta", "\"v1.2\"")),
            "milestone: {alpha: v1.1, beta: \"v1.2\"}\n"
        );
        assert_eq!(set("milestone:\nx: 1\n", |t| set_milestone(t, "beta", "v")), "milestone:\n  beta: v\nx: 1\n");
        assert_eq!(
            set("title: x\nlatest-milestone: v1\n", |t| set_milestone(t, "beta", "v")),
            "title: x\nlatest-milestone: v1\nmilestone:\n  beta: v\n"
        );
    }

    #[test]
    fn strings_are_quoted_only_when_yaml_would_misread_them() {
        assert_eq!(yaml_string("Pod Readiness Hints"), "Pod Readiness Hints");
        assert_eq!(yaml_string("kubectl explain --examples"), "kubectl explain --examples");
        assert_eq!(yaml_string("a \"b\" c"), "a \"b\" c", "inner quotes are plain text");
        for odd in [
            "a\u{2028}b",
            "x\u{2029}\u{85}\u{feff}y",
            "@me",
            "a: b",
            "x # y",
            "- item",
            "null",
            "Yes",
            "",
            " pad",
            "[flow]",
            "\"quoted\"",
        ] {
            let quoted = yaml_string(odd);
            assert!(quoted.starts_with('"'), "{odd} -> {quoted}");
            assert!(!quoted.contains(is_yaml_break), "written escaped: {quoted}");
            let back = crate::ide::yaml::parse(&format!("k: {quoted}"));
            assert_eq!(back.root.unwrap().get("k").unwrap().value.as_scalar().unwrap().text, odd);
        }
    }

    #[test]
    fn the_diff_is_the_changed_middle_on_char_boundaries() {
        let d = diff("stage: alpha\nx: é\n", "stage: beta\nx: é\n").unwrap();
        // `alpha` and `beta` share their last letter.
        assert_eq!((d.range, d.text.as_str()), (TextRange::new(7, 11), "bet"));
        let d = diff("aé", "aè").unwrap();
        assert_eq!(d.apply("aé"), "aè");
        assert!(diff("same", "same").is_none());
        assert_eq!(diff("ab", "abab").unwrap().apply("ab"), "abab");
    }
}
