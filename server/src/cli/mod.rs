//! The command line: `kep-ls` (the language server, also `kep-ls serve`) and its subcommands.

pub mod check;
pub mod config;
pub mod diff;
pub mod github;
pub mod list;
pub mod list_formats;
pub mod new;
pub mod output;
pub mod promote;
pub mod release;
pub mod rules;
pub mod sarif;
pub mod workspace;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "kep-ls",
    version,
    about = "A language server and linter for Kubernetes Enhancement Proposals (KEPs)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Log level for the server's log on stderr: error, warn, info, debug, trace (default: $RUST_LOG, else info).
    #[arg(long, global = true, value_name = "LEVEL")]
    pub log_level: Option<String>,
    /// Also write the log to this file.
    #[arg(long, global = true, value_name = "FILE")]
    pub log_file: Option<PathBuf>,
    /// How long the server waits after a change before computing diagnostics (default 75).
    #[arg(long, global = true, value_name = "MS", default_value_t = 75)]
    pub debounce_ms: u64,
    /// Accepted for clients that pass it (the server always speaks LSP over stdio).
    #[arg(long, global = true, hide = true)]
    pub stdio: bool,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the language server over stdio (the default).
    Serve,
    /// Check KEP trees with the same rules as the editor and report like a compiler.
    Check(check::CheckArgs),
    /// Create a new KEP (kep.yaml and README.md) from the workspace's template.
    New(new::NewArgs),
    /// Promote a KEP to a stage: stage, latest-milestone, milestone, and its PRR approval file.
    Promote(promote::PromoteArgs),
    /// List the workspace's KEPs, optionally filtered.
    List(list::ListArgs),
    /// Release readiness: every KEP targeting a release, ready or at risk for PRR freeze and
    /// Enhancements Freeze, with what is missing.
    Release(release::ReleaseArgs),
    /// List the rules, or show one rule's documentation.
    Rules {
        /// A rule code, e.g. `unknown-key`.
        code: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    /// `path:line:col: severity[code]: message`, then a summary.
    #[default]
    Human,
    /// One JSON document with every diagnostic and the summary.
    Json,
    /// GitHub Actions workflow commands (`::error file=...::message`): annotations on the PR's lines.
    Github,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers): rules, results, safe fixes.
    Sarif,
}
