//! Temporary directories for tests and benchmarks: one type, removed when dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A directory under the system temp dir, unique to this process and call, removed when dropped.
/// Its path is canonical, so that it matches the file URIs the server reports.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("kep-ls-test-{}-{name}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir.canonicalize().expect("a canonical temporary directory"))
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// `text` with this directory's path written `$TMP`, so that a snapshot of a message naming
    /// files in it holds from run to run.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.0.to_string_lossy().into_owned(), "$TMP")
    }

    /// Writes `text` at `rel`, creating directories; returns the file's path.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file path")).expect("create directories");
        std::fs::write(&path, text).expect("write a file");
        path
    }
}

/// A `TempDir` is used where its path is: `dir.join("keps")`, `fs::write(&dir, ..)`.
impl std::ops::Deref for TempDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies a directory tree (regular files and directories only; symlinks are left out).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directories");
    for entry in std::fs::read_dir(from).expect("read a directory").flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}
