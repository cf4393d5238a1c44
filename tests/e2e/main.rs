//! End-to-end tests: the real `kep-ls` binary, driven over stdio as an editor drives it, and the
//! `check` command run as CI runs it.

mod check_ci;
mod check_cli;
mod client;
mod code_actions;
mod confinement;
mod corpus;
mod editing;
mod editors;
mod files_cli;
mod folder_settings;
mod graph;
mod hostile;
mod incremental;
mod list_cli;
mod lsp_sync;
mod node_approvers;
mod readme;
mod release;
mod robustness;
mod settings;
mod soak;
mod spelling;
mod trust;
mod workspace;
mod yaml_parity;
