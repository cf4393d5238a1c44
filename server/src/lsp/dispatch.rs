//! The one path every LSP method takes: the `LanguageServer` impl hands each message, with its
//! method name, to [`Backend::request`] or [`Backend::notification`], which wait for the index
//! where asked (and, for requests, for large texts being parsed in the background), contain a
//! panic (an `InternalError` reply, or for a notification an error logged and shown in the
//! client's log), and turn a handler's refusal into an error reply with its reason.
//! Containment is structural: a handler cannot be reached any other way.

use ls_types::*;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use super::server::Backend;
use super::{convert, guard};

/// Whether a request waits for indexing to end (answers that read other files) or not (answers
/// about the document alone, and the lifecycle).
pub enum Index {
    Wait,
    Now,
}

impl Backend {
    /// Runs a request's handler; `Err(reason)` from it is a failed request shown to the user.
    pub(super) async fn request<P: Subject, T>(
        &self,
        method: &'static str,
        index: Index,
        params: P,
        handler: impl FnOnce(&Backend, P) -> std::result::Result<T, String>,
    ) -> Result<T> {
        if let Index::Wait = index {
            self.state.workspace_ready().await;
        }
        // A large text being parsed in the background: answer from it, not from the one before.
        match params.document().and_then(convert::path) {
            Some(path) => self.state.parsing.settled_for(&path).await,
            None => self.state.parsing.settled().await,
        }
        guard::catch(method, || {
            guard::maybe_test_panic_in(method);
            handler(self, params)
        })?
        .map_err(request_failed)
    }

    /// Runs a notification's handler; a panic drops the notification, is logged, and is reported
    /// in the client's log (`window/logMessage`), and the server goes on.
    pub(super) fn notification(&self, method: &'static str, handler: impl FnOnce(&Backend)) {
        let outcome = guard::catch(method, || {
            guard::maybe_test_panic_in(method);
            handler(self)
        });
        if let Err(e) = outcome {
            let client = self.client.clone();
            tokio::spawn(async move { client.log_message(MessageType::ERROR, e.message).await });
        }
    }
}

/// What a request is about, for the wait on background parses: a query waits for its document's
/// parse only; a request that builds edits (code actions, rename, commands) or reads the whole
/// workspace waits for every parse, so that no edit is built from text older than the editor's.
pub trait Subject {
    fn document(&self) -> Option<&Uri> {
        None
    }
}

macro_rules! about_the_document {
    ($($params:ty => |$p:ident| $uri:expr;)*) => {
        $(impl Subject for $params {
            fn document(&self) -> Option<&Uri> {
                let $p = self;
                Some(&$uri)
            }
        })*
    };
}

about_the_document! {
    GotoDefinitionParams => |p| p.text_document_position_params.text_document.uri;
    HoverParams => |p| p.text_document_position_params.text_document.uri;
    ReferenceParams => |p| p.text_document_position.text_document.uri;
    CompletionParams => |p| p.text_document_position.text_document.uri;
    DocumentSymbolParams => |p| p.text_document.uri;
    SelectionRangeParams => |p| p.text_document.uri;
    FoldingRangeParams => |p| p.text_document.uri;
    CodeLensParams => |p| p.text_document.uri;
    InlayHintParams => |p| p.text_document.uri;
    DocumentLinkParams => |p| p.text_document.uri;
    TextDocumentPositionParams => |p| p.text_document.uri;
}

impl Subject for () {}
impl Subject for InitializeParams {}
impl Subject for CodeActionParams {}
impl Subject for RenameParams {}
impl Subject for ExecuteCommandParams {}
impl Subject for WorkspaceSymbolParams {}
impl Subject for WorkspaceSymbol {}

/// A request the server cannot carry out, with the reason shown to the user.
pub fn request_failed(message: String) -> Error {
    Error { code: ErrorCode::ServerError(-32803), message: message.into(), data: None }
}
