//! The LSP adapter: the only part of kep-ls that knows the protocol. Handlers convert positions
//! in, call the core, and convert results out.

pub mod background;
pub mod capabilities;
pub mod config;
pub mod convert;
pub mod diagnostics;
pub mod dispatch;
pub mod documents;
pub mod edits;
pub mod folder_config;
pub mod guard;
pub mod handlers;
pub mod prepared;
pub mod publish;
pub mod server;
pub mod settings;
pub mod state;
pub mod transport;
pub mod workspace;
pub mod write_target;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use tower_lsp_server::{LspService, Server};

/// Serves LSP over stdin/stdout until `exit` or the end of input. Returns the process exit code:
/// 0 when `shutdown` came before, 1 otherwise (as the specification asks).
pub async fn serve_stdio(debounce: std::time::Duration) -> i32 {
    let state = Arc::new(server::State::new(debounce));
    let (service, socket) = LspService::build({
        let state = state.clone();
        move |client| server::Backend::new(client, state)
    })
    .custom_method("kep-ls/stats", server::Backend::stats)
    .finish();
    // The editor talks to our framing layer, which talks to tower-lsp-server through two pipes.
    let (server_in, client_side_in) = tokio::io::duplex(1 << 16);
    let (client_side_out, server_out) = tokio::io::duplex(1 << 16);
    // One queue to stdout: the server's frames and our error replies, each whole.
    let (frames_tx, frames_rx) = tokio::sync::mpsc::unbounded_channel();
    // stdin and stdout are served by threads of their own (see `read_input` and `write_frames`).
    let (stdin_pipe, from_stdin) = tokio::io::duplex(1 << 16);
    let runtime = tokio::runtime::Handle::current();
    std::thread::spawn(move || transport::read_input(std::io::stdin().lock(), stdin_pipe, runtime));
    tokio::spawn(transport::pump_input(from_stdin, client_side_in, frames_tx.clone()));
    tokio::spawn(transport::pump_server_frames(server_out, frames_tx, state.prepared.clone()));
    let (output_done, output_finished) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        drop(transport::write_frames(unbuffered_stdout(), frames_rx));
        let _ = output_done.send(());
    });
    Server::new(server_in, client_side_out, socket).serve(service).await;
    // Let the last frames (the `shutdown` reply, final diagnostics) reach the editor.
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), output_finished).await;
    if state.shutdown_requested.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

/// Standard output without Rust's line buffering, which would split each frame into two writes
/// (header, then body) and wake the editor twice.
fn unbuffered_stdout() -> Box<dyn std::io::Write + Send> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        if let Ok(fd) = std::io::stdout().as_fd().try_clone_to_owned() {
            return Box::new(std::fs::File::from(fd));
        }
    }
    Box::new(std::io::stdout())
}
