//! The one path every LSP method takes: the `LanguageServer` impl hands each message, with its
//! method name, to [`Backend::request`] or [`Backend::notification`], which wait for the index
//! where asked, contain a panic (an `InternalError` reply, or for a notification an error logged
//! and shown in the client's log), and turn a handler's refusal into an error reply with its
//! reason. Containment is structural: a handler cannot be reached any other way.

use ls_types::MessageType;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};

use super::guard;
use super::server::Backend;

/// Whether a request waits for indexing to end (answers that read other files) or not (answers
/// about the document alone, and the lifecycle).
pub enum Index {
    Wait,
    Now,
}

impl Backend {
    /// Runs a request's handler; `Err(reason)` from it is a failed request shown to the user.
    pub(super) async fn request<T>(
        &self,
        method: &'static str,
        index: Index,
        handler: impl FnOnce(&Backend) -> std::result::Result<T, String>,
    ) -> Result<T> {
        if let Index::Wait = index {
            self.state.workspace_ready().await;
        }
        guard::catch(method, || {
            guard::maybe_test_panic_in(method);
            handler(self)
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

/// A request the server cannot carry out, with the reason shown to the user.
pub fn request_failed(message: String) -> Error {
    Error { code: ErrorCode::ServerError(-32803), message: message.into(), data: None }
}
