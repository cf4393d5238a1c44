//! The language server: LSP methods as thin handlers over the core.
//!
//! Ordering (architecture invariant 5): tower-lsp-server runs up to four handlers at once, so
//! every notification that changes state does all of its work synchronously, before its first
//! `.await` (see `handlers`); lock order is always `world` then `documents`, and no guard is held
//! across an `.await` (see `state`).

use std::sync::atomic::Ordering;
use std::sync::Arc;

use ls_types::*;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::{Client, LanguageServer};

use super::dispatch::Index;
use super::handlers::{code_actions, commands, completion, requests};
pub use super::state::State;

#[derive(Clone)]
pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client, state: Arc<State>) -> Self {
        Backend { client, state }
    }

    /// `kep-ls/stats`: what the server has done so far (files parsed, diagnostic runs, files
    /// held), so that tests and benchmarks can see the cost of a keystroke.
    pub async fn stats(&self) -> Result<serde_json::Value> {
        let files = self.state.world().len();
        Ok(serde_json::json!({
            "parses": crate::ide::world::parse_count(),
            "diagnosticRuns": self.state.diagnostic_runs.load(Ordering::Relaxed),
            "groupLoads": self.state.group_loads.load(Ordering::Relaxed),
            "files": files,
        }))
    }
}

/// Every method is one line: the method's name, whether it waits for the index, and its handler,
/// through [`Backend::request`] or [`Backend::notification`] (see `dispatch`), which contain panics.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.request("initialize", Index::Now, params, |b, params| Ok(b.on_initialize(params))).await
    }

    async fn initialized(&self, _: InitializedParams) {
        self.notification("initialized", Backend::on_initialized)
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.notification("workspace/didChangeWatchedFiles", |b| b.on_watched_files(params))
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.notification("workspace/didChangeWorkspaceFolders", |b| b.on_workspace_folders(params))
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.notification("workspace/didChangeConfiguration", |b| b.on_configuration(params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.request("textDocument/codeAction", Index::Wait, params, |b, params| {
            Ok(code_actions::code_actions(&b.client, &b.state, params))
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.request("textDocument/definition", Index::Wait, params, |b, params| {
            Ok(requests::definition(&b.state, params))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.request("textDocument/references", Index::Wait, params, |b, params| {
            Ok(requests::references(&b.state, params))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.request("textDocument/hover", Index::Wait, params, |b, params| Ok(requests::hover(&b.state, params))).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.request("textDocument/completion", Index::Wait, params, |b, params| {
            Ok(completion::completion(&b.state, params).map(|answer| b.state.prepared.completion(&answer)))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.request("textDocument/documentSymbol", Index::Now, params, |b, params| {
            Ok(requests::document_symbols(&b.state, params))
        })
        .await
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        self.request("textDocument/selectionRange", Index::Now, params, |b, params| {
            Ok(requests::selection_ranges(&b.state, params))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<serde_json::Value>> {
        self.request("workspace/executeCommand", Index::Wait, params, |b, params| {
            commands::execute(&b.client, &b.state, params).map(Some)
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.request("workspace/symbol", Index::Wait, params, |b, params| {
            Ok(requests::workspace_symbols(&b.state, params).map(|answer| b.state.prepared.workspace_symbols(&answer)))
        })
        .await
    }

    async fn symbol_resolve(&self, params: WorkspaceSymbol) -> Result<WorkspaceSymbol> {
        self.request("workspaceSymbol/resolve", Index::Now, params, |b, params| {
            Ok(requests::resolve_workspace_symbol(&b.state, params))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.request("textDocument/foldingRange", Index::Now, params, |b, params| {
            Ok(requests::folding_ranges(&b.state, params))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.request("textDocument/codeLens", Index::Wait, params, |b, params| {
            Ok(requests::code_lenses(&b.state, params))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.request("textDocument/inlayHint", Index::Wait, params, |b, params| {
            Ok(requests::inlay_hints(&b.state, params))
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.request("textDocument/documentLink", Index::Wait, params, |b, params| {
            Ok(requests::document_links(&b.state, params))
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.request("textDocument/prepareRename", Index::Wait, params, |b, params| {
            requests::prepare_rename(&b.state, params)
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.request("textDocument/rename", Index::Wait, params, |b, params| requests::rename(&b.state, params)).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.request("shutdown", Index::Now, (), |b, ()| {
            b.state.shutdown_requested.store(true, Ordering::SeqCst);
            Ok(())
        })
        .await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.notification("textDocument/didOpen", |b| b.on_open(params))
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.notification("textDocument/didChange", |b| b.on_change(params))
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.notification("textDocument/didClose", |b| b.on_close(params))
    }
}
