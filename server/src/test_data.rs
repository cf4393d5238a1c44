//! Where the unit tests find the real KEP corpus and data: `../shared` beside the repository,
//! read at run time, never copied in. Absent, a test skips with the one message printed here.

use std::path::{Path, PathBuf};

/// `../shared/<rel>` when it exists; otherwise prints that the calling test is skipped.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared").join(rel);
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
