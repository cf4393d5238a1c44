//! The end-to-end tests' LSP client: the shared one (`kep-ls-testkit`) started on this package's
//! `kep-ls` binary.

use std::path::Path;

pub use kep_ls_testkit::client::{apply_edits, edits_for, has_code, path, uri, Client};

/// The binary under test (only a test or bench of this package knows where cargo built it).
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_kep-ls")
}

/// Starting the binary under test: `Client::start(dir)` and its variants.
pub trait Start {
    /// Starts the server in `cwd`.
    fn start(cwd: &Path) -> Client {
        Self::start_with_env(cwd, &[])
    }

    /// Starts the server in `cwd` with extra environment variables.
    fn start_with_env(cwd: &Path, env: &[(&str, &str)]) -> Client;

    /// Starts the server in `cwd` with extra command-line arguments.
    fn start_with_args(cwd: &Path, args: &[&str]) -> Client;
}

impl Start for Client {
    fn start_with_env(cwd: &Path, env: &[(&str, &str)]) -> Client {
        Client::spawn(Path::new(binary()), cwd, &[], env)
    }

    fn start_with_args(cwd: &Path, args: &[&str]) -> Client {
        Client::spawn(Path::new(binary()), cwd, args, &[])
    }
}
