//! Logging through `tracing` to stderr (stdout carries LSP only), and optionally to a file.

use std::path::Path;

use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::EnvFilter;

/// Sets up the global subscriber. The level comes from `level`, else `RUST_LOG`, else `info`.
pub fn init(level: Option<&str>, file: Option<&Path>) -> Result<(), String> {
    let filter = match level {
        Some(level) => EnvFilter::try_new(level).map_err(|e| format!("invalid --log-level `{level}`: {e}"))?,
        None => EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_target(false);
    match file {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| format!("cannot open --log-file {}: {e}", path.display()))?;
            builder.with_writer(std::io::stderr.and(std::sync::Mutex::new(file))).try_init()
        }
        None => builder.with_writer(std::io::stderr).try_init(),
    }
    .map_err(|e| e.to_string())
}
