//! Whether the server may propose an edit to a path: an edit is applied by the editor, which
//! follows symbolic links, so an edit to a link (or to a file below a linked directory) would
//! change a file outside the KEP tree, and an edit to a file whose text the server does not hold
//! (unreadable, or changed on disk since it was indexed) would land on the wrong lines.

use std::path::{Path, PathBuf};

use crate::safe_write;

/// Why an edit to a path is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The path, or a directory on the way to it, is a symbolic link, or it is not a regular file.
    Unsafe(String),
    /// The disk's text is not the text the edit was computed from (re-read it, then try again).
    Stale(PathBuf),
    /// The fix creates a file and the client cannot create files through the language server (no
    /// `create` among its `workspaceEdit.resourceOperations`).
    CannotCreate,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Unsafe(message) => message.clone(),
            Refusal::CannotCreate => "this editor cannot create files through the language server (it lacks \
                                      workspace edits with resource operations)"
                .to_string(),
            Refusal::Stale(path) => {
                format!("{} changed on disk since kep-ls read it; it has been re-read: try again", path.display())
            }
        }
    }
}

/// What is about to be written at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Write {
    /// An edit to a file on disk: it must exist and be a regular file.
    Edit,
    /// An edit to a document open in the editor: it may not be saved yet.
    EditOpen,
    /// A file to create: it must not exist.
    Create,
}

/// Checks `path` with the one path check of [`safe_write`] (inside the repository, no symbolic
/// link on the way, directories and a regular file where they exist), then what `write` needs: a
/// file to edit must exist (unless it is open), a file to create must not.
pub fn check(path: &Path, write: Write) -> Result<(), Refusal> {
    safe_write::check_path_in_repository(path).map_err(|e| Refusal::Unsafe(e.0))?;
    let exists = std::fs::symlink_metadata(path).is_ok();
    match write {
        Write::Create if exists => Err(Refusal::Unsafe(format!("{} already exists", path.display()))),
        Write::Edit if !exists => Err(Refusal::Unsafe(format!("{} cannot be read", path.display()))),
        _ => Ok(()),
    }
}

/// Checks that the disk holds `indexed`, the text an edit to `path` was computed from.
pub fn check_fresh(path: &Path, indexed: &str) -> Result<(), Refusal> {
    match crate::vfs::read_text(path) {
        Ok(text) if text == indexed => Ok(()),
        Ok(_) => Err(Refusal::Stale(path.to_path_buf())),
        Err(e) => Err(Refusal::Unsafe(format!("{}: {e}", path.display()))),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_anywhere_below_the_root_are_refused() {
        let dir = kep_ls_testkit::TempDir::new("write-target");
        let kep = dir.join("keps/sig-a/1-x");
        dir.write("keps/sig-a/1-x/kep.yaml", "title: X\n");
        dir.write("elsewhere/kep.yaml", "title: Y\n");
        std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("keps/sig-b")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere/kep.yaml"), kep.join("README.md")).unwrap();

        assert_eq!(check(&kep.join("kep.yaml"), Write::Edit), Ok(()));
        assert_eq!(check(&kep.join("new.md"), Write::Create), Ok(()));
        assert_eq!(check(&dir.join("keps/sig-a/2-new/kep.yaml"), Write::Create), Ok(()), "directories to create");
        for (path, existing) in [
            (kep.join("README.md"), Write::Edit),
            (kep.join("README.md"), Write::EditOpen),
            (dir.join("keps/sig-b/kep.yaml"), Write::Edit),
            (dir.join("keps/sig-b/2-new/kep.yaml"), Write::Create),
        ] {
            let refused = check(&path, existing).unwrap_err().message();
            assert!(refused.contains("symbolic link"), "{}: {refused}", path.display());
        }
        expect!["$TMP/keps/sig-a/1-x/kep.yaml already exists"]
            .assert_eq(&dir.redact(&check(&kep.join("kep.yaml"), Write::Create).unwrap_err().message()));
        expect!["$TMP/keps/sig-a/1-x/gone.md cannot be read"]
            .assert_eq(&dir.redact(&check(&kep.join("gone.md"), Write::Edit).unwrap_err().message()));
        assert_eq!(check(&kep.join("unsaved.md"), Write::EditOpen), Ok(()));
        assert_eq!(check_fresh(&kep.join("kep.yaml"), "title: X\n"), Ok(()));
        assert_eq!(check_fresh(&kep.join("kep.yaml"), "title: old\n"), Err(Refusal::Stale(kep.join("kep.yaml"))));
    }
}
