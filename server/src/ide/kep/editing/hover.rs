//! Hover in kep.yaml and PRR files: a key's documentation (meaning, required or not, allowed
//! values, an example), the meaning of a status or stage value, and a group's name and kind.

use super::context::{self, Slot};
use super::docs;
use super::groups::{self, KUBERNETES_WIDE};
use crate::ide::answers::Hover;
use crate::ide::groups::Group;
use crate::ide::kep::schema;
use crate::ide::layout::FileKind;
use crate::ide::text::TextRange;
use crate::ide::world::SourceFile;

pub fn hover(file: &SourceFile, offset: usize, groups: &[Group]) -> Option<Hover> {
    if !matches!(file.kind, FileKind::KepYaml | FileKind::Prr) {
        return None;
    }
    let text: &str = &file.text;
    let cx = context::at(text, offset)?;
    match &cx.slot {
        Slot::Key if cx.has_colon => {
            let key = text.get(cx.range.start..cx.range.end)?;
            let field = docs::fields_at(file.kind, &cx.path)?.iter().find(|f| f.key == key)?;
            Some(Hover { contents: docs::field(field, &cx.path), range: cx.range })
        }
        Slot::Value { key } => {
            let range = unquoted(text, cx.range);
            let value = text.get(range.start..range.end)?;
            if !range.touches(offset) || file.kind != FileKind::KepYaml || !cx.path.is_empty() {
                return None;
            }
            let contents = match key.as_str() {
                "status" => meaning(key, value, schema::STATUSES)?,
                "stage" => meaning(key, value, schema::STAGES)?,
                "owning-sig" => docs::group(groups::find(groups, value)?),
                _ => return None,
            };
            Some(Hover { contents, range })
        }
        Slot::Item if file.kind == FileKind::KepYaml && cx.path_is(&["participating-sigs"]) => {
            let range = unquoted(text, cx.range);
            let value = text.get(range.start..range.end)?;
            if !range.touches(offset) {
                return None;
            }
            let contents = if value == KUBERNETES_WIDE {
                docs::KUBERNETES_WIDE_DOC.to_string()
            } else {
                docs::group(groups::find(groups, value)?)
            };
            Some(Hover { contents, range })
        }
        _ => None,
    }
}

fn meaning(key: &str, value: &str, values: &[(&str, &str)]) -> Option<String> {
    let (value, meaning) = values.iter().find(|(v, _)| *v == value)?;
    Some(docs::value(key, value, meaning))
}

/// The range without its quotes.
fn unquoted(text: &str, range: TextRange) -> TextRange {
    let Some(value) = text.get(range.start..range.end) else { return range };
    let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else { return range };
    let inner_end = if value.len() > 1 && value.ends_with(quote) { range.end - 1 } else { range.end };
    TextRange::new(range.start + 1, inner_end.max(range.start + 1))
}
