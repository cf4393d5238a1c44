//! Text edits that change one value of a kep.yaml in place, keeping its comments and layout (the
//! file is never re-serialised).

use super::YamlFile;
use crate::ide::diagnostic::FileEdit;
use crate::ide::text::TextRange;
use crate::ide::world::SourceFile;
use crate::ide::yaml::Value;

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
}
