//! The LSP adapter: the only part of kep-ls that knows the protocol. Handlers convert positions
//! in, call the core, and convert results out.

pub mod capabilities;
pub mod convert;
pub mod diagnostics;
pub mod documents;
pub mod server;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

/// Serves LSP over stdin/stdout until `exit` or the end of input. Returns the process exit code:
/// 0 when `shutdown` came before, 1 otherwise (as the specification asks).
pub async fn serve_stdio() -> i32 {
    let state = Arc::new(server::State::new(server::DEBOUNCE));
    let (service, socket) = LspService::new({
        let state = state.clone();
        move |client| server::Backend::new(client, state)
    });
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket).serve(service).await;
    if state.shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
