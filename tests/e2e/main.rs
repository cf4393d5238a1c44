//! End-to-end tests: the real `kep-ls` binary, driven over stdio as an editor drives it, and the
//! `check` command run as CI runs it.

mod check_cli;
mod client;
mod code_actions;
mod editing;
mod graph;
mod lsp_sync;
mod workspace;
