//! End-to-end tests: the real `kep-ls` binary, driven over stdio as an editor drives it, and the
//! `check` command run as CI runs it.

mod check_cli;
mod client;
mod code_actions;
mod confinement;
mod corpus;
mod editing;
mod editors;
mod graph;
mod hostile;
mod incremental;
mod lsp_sync;
mod readme;
mod robustness;
mod soak;
mod spelling;
mod workspace;
