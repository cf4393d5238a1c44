//! Where tests and benchmarks find the real KEP corpus and data: `../shared` beside the repository,
//! read in place at run time, never copied in. When it is absent a test skips with the one message
//! printed here; when a test did read the corpus it says how much with [`checked`], a line that
//! `tests/all.sh` looks for.

use std::path::{Path, PathBuf};

/// `../shared` beside the repository root (this crate lives in `tests/support`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// `../shared/<rel>` when it exists; otherwise prints that the calling test is skipped.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = root().join(rel);
    if path.exists() {
        Some(path.canonicalize().unwrap_or(path))
    } else {
        eprintln!("skipped: ../shared/{rel} is absent");
        None
    }
}

/// The real corpus's `keps/` directory (656 KEPs).
pub fn corpus_keps() -> Option<PathBuf> {
    shared("corpus/keps")
}

/// The real corpus's repository root, the parent of its `keps/`.
pub fn corpus_root() -> Option<PathBuf> {
    corpus_keps().and_then(|keps| keps.parent().map(Path::to_path_buf))
}

/// A file of `../shared/data` (`sigs.yaml`, `OWNERS_ALIASES`).
pub fn data(name: &str) -> Option<PathBuf> {
    shared(&format!("data/{name}"))
}

/// Prints the proof that a corpus test ran, `corpus: <count> <what> checked (<test>)` (`what`:
/// `KEPs`, `READMEs`, `files`), which `tests/all.sh` requires, with every count above 0, when
/// `../shared/corpus` exists. Call it after the test's assertions. Written to the process's stderr
/// directly, past the test harness's capture (which holds only `print!`/`eprint!` output), so that
/// it shows in a plain `cargo test` run.
pub fn checked(test: &str, count: usize, what: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "corpus: {count} {what} checked ({test})");
}
