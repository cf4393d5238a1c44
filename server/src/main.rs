//! The `kep-ls` binary: the language server (default) and the command-line commands.

use clap::Parser;
use kep_ls::cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Some(Command::Check(args)) => kep_ls::cli::check::run(args),
        Some(Command::New(args)) => kep_ls::cli::new::run(args),
        Some(Command::Promote(args)) => kep_ls::cli::promote::run(args),
        Some(Command::List(args)) => kep_ls::cli::list::run(args),
        Some(Command::Release(args)) => kep_ls::cli::release::run(args),
        Some(Command::Rules { code }) => kep_ls::cli::rules::run(code.as_deref()),
        Some(Command::Serve) | None => serve(cli.log_level.as_deref(), cli.log_file.as_deref(), cli.debounce_ms),
    };
    std::process::exit(code);
}

fn serve(level: Option<&str>, file: Option<&std::path::Path>, debounce_ms: u64) -> i32 {
    if let Err(e) = kep_ls::logging::init(level, file) {
        eprintln!("kep-ls: {e}");
        return 2;
    }
    // One thread runs the protocol: every handler is short and synchronous, and with one thread the
    // framing tasks and tower-lsp-server hand messages over without cross-thread wake-ups (small
    // requests answer in 0.22 ms instead of 0.32 at p50). The costly work, indexing, runs on the
    // blocking pool and its own threads, on every core.
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("kep-ls: cannot start the async runtime: {e}");
            return 1;
        }
    };
    let code = runtime.block_on(kep_ls::lsp::serve_stdio(std::time::Duration::from_millis(debounce_ms)));
    // Background tasks (debounced diagnostics) must not keep the process alive after `exit`.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    code
}
