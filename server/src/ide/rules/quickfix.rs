//! Building blocks of the quick fixes on kep.yaml: a value rewritten in its own quoting style, a
//! missing key inserted where the template puts it, and the nearest valid word for a wrong one.

use std::path::PathBuf;

use super::Cx;
use crate::ide::diagnostic::{Diagnostic, FileEdit, Fix, Severity};
use crate::ide::suggest;
use crate::ide::text::TextRange;
use crate::ide::yaml::{Node, ScalarStyle};

/// `new` written as a YAML scalar in the style of `node`: the same quotes, or plain when the old
/// value was plain and `new` stays a plain word. `None` for block scalars (`|`, `>`).
pub fn in_style_of(node: &Node, new: &str) -> Option<String> {
    let style = node.as_scalar()?.style;
    Some(match style {
        ScalarStyle::DoubleQuoted => double_quoted(new),
        ScalarStyle::SingleQuoted => format!("'{}'", new.replace('\'', "''")),
        ScalarStyle::Plain if is_plain_word(new) => new.to_string(),
        ScalarStyle::Plain => double_quoted(new),
        ScalarStyle::Literal | ScalarStyle::Folded => return None,
    })
}

pub fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text YAML reads back unchanged as a plain scalar: letters, digits, `.`, `_`, `/` and inner `-`.
fn is_plain_word(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '/'))
}

/// A fix that rewrites the scalar `node` of the file under check to `new`, keeping its quoting.
pub fn set_value(cx: &Cx, title: String, node: &Node, new: &str) -> Option<Fix> {
    let text = in_style_of(node, new)?;
    Some(Fix::replace(title, path(cx), node.range, text))
}

fn path(cx: &Cx) -> PathBuf {
    cx.file.path.clone()
}

/// An edit that adds `key:` with `value` (YAML text after the colon, e.g. ` stable` or
/// `\n  - TBD`) on a line of its own: after the keys the template puts before it (after the last
/// of them in the file), else at the top.
pub fn insert_key(cx: &Cx, key: &str, value: &str) -> FileEdit {
    let text = cx.text();
    let line = format!("{key}:{value}\n");
    let before: Vec<&str> = cx.schema().iter().map(|f| f.key).take_while(|k| *k != key).collect();
    let previous = cx.yaml().and_then(|y| y.root()).and_then(|root| root.as_map()).and_then(|entries| {
        entries
            .iter()
            .filter(|e| e.key_str().is_some_and(|k| before.contains(&k)))
            .max_by_key(|e| e.value.range.end.max(e.key.range.end))
    });
    let Some(previous) = previous else {
        return FileEdit { path: path(cx), range: TextRange::empty(0), new_text: line };
    };
    let end = previous.value.range.end.max(previous.key.range.end).min(text.len());
    match text.get(end..).and_then(|rest| rest.find('\n')) {
        Some(newline) => FileEdit { path: path(cx), range: TextRange::empty(end + newline + 1), new_text: line },
        None => FileEdit { path: path(cx), range: TextRange::empty(text.len()), new_text: format!("\n{line}") },
    }
}

/// The valid word `text` most likely means: the nearest spelling, a synonym, or the valid word it
/// starts with (`implemented (alpha)` → `implemented`).
pub fn nearest<'a>(text: &str, valid: &[&'a str], synonyms: &[(&str, &'a str)]) -> Option<&'a str> {
    if let Some(near) = suggest::closest(text, valid.iter().copied()) {
        return Some(near);
    }
    let normalized = suggest::normalize(text);
    if let Some((_, word)) = synonyms.iter().find(|(synonym, _)| *synonym == normalized) {
        return Some(word);
    }
    let first: String = normalized.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    valid.iter().copied().find(|v| *v == first)
}

/// Whether a fix replacing `old` by `new` cannot be wrong: they differ only in case, `_` or spaces.
pub fn same_word(old: &str, new: &str) -> bool {
    suggest::normalize(old) == suggest::normalize(new)
}

/// The diagnostic an enabled rule (a CI rule, usually) already made at `range`: a warning rule adds
/// its fix there instead of saying the same thing twice.
pub fn reported<'o>(cx: &Cx, out: &'o mut [Diagnostic], code: &str, range: TextRange) -> Option<&'o mut Diagnostic> {
    cx.settings().severity(code, Severity::Error)?;
    out.iter_mut().find(|d| d.code == code && d.range == range)
}

/// `a`, `b` and `c` as "`a`, `b`, `c`".
pub fn list(words: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    words.into_iter().map(|w| format!("`{}`", w.as_ref())).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::yaml;

    fn value(text: &str) -> Node {
        yaml::parse(text).root.unwrap().as_map().unwrap()[0].value.clone()
    }

    #[test]
    fn values_keep_their_quotes() {
        assert_eq!(in_style_of(&value("a: x\n"), "stable").as_deref(), Some("stable"));
        assert_eq!(in_style_of(&value("a: \"x\"\n"), "st\"able").as_deref(), Some("\"st\\\"able\""));
        assert_eq!(in_style_of(&value("a: 'x'\n"), "it's").as_deref(), Some("'it''s'"));
        assert_eq!(in_style_of(&value("a: x\n"), "@me").as_deref(), Some("\"@me\""));
        assert_eq!(in_style_of(&value("a: |\n  x\n"), "y"), None);
    }

    #[test]
    fn nearest_words() {
        let statuses = ["implementable", "implemented", "replaced"];
        assert_eq!(nearest("imlpemented", &statuses, &[]), Some("implemented"));
        assert_eq!(nearest("implemented (alpha)", &statuses, &[]), Some("implemented"));
        assert_eq!(nearest("Superseded", &statuses, &[("superseded", "replaced")]), Some("replaced"));
        assert_eq!(nearest("whatever", &statuses, &[]), None);
        assert_eq!(nearest("", &statuses, &[]), None);
    }
}
