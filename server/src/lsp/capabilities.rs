//! What the server tells the client it can do. A capability is advertised only once its feature
//! works end to end (the handlers in `handlers.rs` exist for every method; the core providers fill in).

use ls_types::*;

use crate::ide::features;
use crate::ide::text::Encoding;

pub fn server_capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(if encoding == Encoding::Utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            // No `save`: nothing happens on save (the disk is read through the file watcher).
            ..Default::default()
        })),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            // `/` and `-` for paths and list items, `"` for quoted values, ` ` after `key:`, `#` for anchors.
            trigger_characters: Some(["/", "-", "\"", " ", "#"].iter().map(|c| c.to_string()).collect()),
            ..Default::default()
        }),
        workspace_symbol_provider: Some(OneOf::Right(WorkspaceSymbolOptions {
            work_done_progress_options: WorkDoneProgressOptions::default(),
            resolve_provider: Some(true),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: super::handlers::commands::ALL.iter().map(|c| c.to_string()).collect(),
            work_done_progress_options: Default::default(),
        }),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        inlay_hint_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions { resolve_provider: Some(false) }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE,
                CodeActionKind::new(super::handlers::code_actions::FIX_ALL),
                CodeActionKind::new(features::UPDATE_TOC_ACTION),
            ]),
            ..Default::default()
        })),
        // README anchors and outline. The kep.markdown.* switches can change at run time, so they act per request
        // (an empty answer) and the capabilities stay advertised.
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        ..Default::default()
    }
}
