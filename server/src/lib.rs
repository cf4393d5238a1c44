//! kep-ls: a language server and linter for Kubernetes Enhancement Proposals.
//!
//! `ide` is the core (no LSP, no IO); `vfs` reads the workspace from disk into it; `lsp` is the
//! language server adapter; `cli` holds the command-line commands.

pub mod cli;
pub mod clock;
pub mod ide;
pub mod logging;
pub mod lsp;
pub mod parallel;
pub mod safe_write;
#[cfg(test)]
pub(crate) mod test_data;
pub mod vfs;
