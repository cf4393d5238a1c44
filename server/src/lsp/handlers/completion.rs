//! `textDocument/completion`: the core's items as LSP items. To a client that accepts list
//! defaults (LSP 3.17 `itemDefaults`, as VS Code and Neovim do), the edit range the items share is
//! sent once instead of in every item: a third of a list of KEP references.

use ls_types::*;
use serde::Serialize;

use super::requests::locate;
use crate::ide::features::{self, CompletionKind};
use crate::lsp::state::State;

/// A completion answer as written to the client (see `prepared`). ls-types 0.0.6 does not model
/// `CompletionList.itemDefaults`, hence this type.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum CompletionAnswer {
    List(CompletionList),
    WithDefaults(ListWithDefaults),
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListWithDefaults {
    is_incomplete: bool,
    item_defaults: ItemDefaults,
    items: Vec<CompletionItem>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemDefaults {
    edit_range: Range,
}

pub fn completion(state: &State, params: CompletionParams) -> Option<CompletionAnswer> {
    let world = state.world();
    let (path, offset) = locate(&world, state, &params.text_document_position)?;
    let file = world.file(&path)?;
    let (snippets, encoding) = (state.supports_snippets(), state.encoding());
    let list = features::completion_list(&world, &path, offset);
    // The items of a list nearly always share one range: it is converted once.
    let mut last_range = None;
    let items: Vec<CompletionItem> = list
        .items
        .into_iter()
        .filter(|item| snippets || !item.snippet)
        .map(|item| {
            let range = match last_range {
                Some((core, lsp)) if core == item.edit_range => lsp,
                _ => crate::lsp::convert::range(file.line_index(), &file.text, item.edit_range, encoding),
            };
            last_range = Some((item.edit_range, range));
            CompletionItem {
                label: item.label,
                kind: Some(completion_kind(item.kind)),
                detail: item.detail,
                documentation: item
                    .documentation
                    .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
                // Plain text is the default when the field is absent: one key less per item.
                insert_text_format: item.snippet.then_some(InsertTextFormat::SNIPPET),
                // Multi-line inserts carry their own indentation: the editor must not add the line's.
                insert_text_mode: item.insert_text.contains('\n').then_some(InsertTextMode::AS_IS),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text: item.insert_text })),
                sort_text: item.sort_text,
                filter_text: item.filter_text,
                ..Default::default()
            }
        })
        .collect();
    let list = CompletionList { is_incomplete: list.incomplete, items };
    Some(if state.supports_default_edit_range() { with_default_edit_range(list) } else { CompletionAnswer::List(list) })
}

/// The list with the first item's range as the default edit range, left out of every item that
/// inserts its label over it (the others, quoted values for one, keep their own edit: the
/// 3.17 `textEditText` that would carry their text is not modelled by ls-types either). A list
/// where no item would leave its edit out is sent as it is.
fn with_default_edit_range(mut list: CompletionList) -> CompletionAnswer {
    let Some(edit_range) = list.items.iter().find_map(|item| match &item.text_edit {
        Some(CompletionTextEdit::Edit(edit)) => Some(edit.range),
        _ => None,
    }) else {
        return CompletionAnswer::List(list);
    };
    let served_by_default = |item: &CompletionItem| match &item.text_edit {
        Some(CompletionTextEdit::Edit(edit)) => edit.range == edit_range && edit.new_text == item.label,
        _ => false,
    };
    if !list.items.iter().any(served_by_default) {
        return CompletionAnswer::List(list);
    }
    for item in &mut list.items {
        if served_by_default(item) {
            item.text_edit = None;
        }
    }
    CompletionAnswer::WithDefaults(ListWithDefaults {
        is_incomplete: list.is_incomplete,
        item_defaults: ItemDefaults { edit_range },
        items: list.items,
    })
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::Key => CompletionItemKind::PROPERTY,
        CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Group => CompletionItemKind::MODULE,
        CompletionKind::Person => CompletionItemKind::CONSTANT,
        CompletionKind::Milestone => CompletionItemKind::VALUE,
        CompletionKind::Kep => CompletionItemKind::FILE,
        CompletionKind::Anchor => CompletionItemKind::REFERENCE,
        CompletionKind::Snippet => CompletionItemKind::SNIPPET,
    }
}
