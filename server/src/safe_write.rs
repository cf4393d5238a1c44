//! Writing an author's files safely: never through a symbolic link, never outside the repository,
//! never from stale text, and atomically (a temporary file in the same directory, flushed to disk,
//! then renamed over the old one, its permissions kept), so a full disk or a crash leaves either the
//! old file or the new one, never a cut one. Every command that writes (`check --fix`, `promote`,
//! `new`) goes through here; [`check_path`] is also what the language server asks before it builds
//! an edit for a file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::ide::layout;

/// Why a file was not written: says which path and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError(pub String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

fn io_error(path: &Path, e: &std::io::Error) -> WriteError {
    WriteError(format!("{}: {e}", path.display()))
}

/// Checks that `path` lies below `root` (named without `..`), and that neither the file nor any
/// directory between `root` and it is a symbolic link or something other than a directory (the
/// file, when it exists, must be a regular file). Components that do not exist yet are fine: they
/// are what a write creates. `root` itself is trusted (the user named it).
pub fn check_path(root: &Path, path: &Path) -> Result<(), WriteError> {
    let rel = path.strip_prefix(root).map_err(|_| {
        WriteError(format!(
            "{} is outside {}: kep-ls writes only inside the repository",
            path.display(),
            root.display()
        ))
    })?;
    let components: Vec<_> = rel.components().collect();
    if components.is_empty() || components.iter().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(WriteError(format!("{}: not a plain path below {}", path.display(), root.display())));
    }
    let mut at = root.to_path_buf();
    for (i, component) in components.iter().enumerate() {
        at.push(component);
        let last = i + 1 == components.len();
        let meta = match fs::symlink_metadata(&at) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error(&at, &e)),
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            return Err(WriteError(format!(
                "{} is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); \
                 replace the link with the file or directory itself",
                at.display()
            )));
        }
        if last && !kind.is_file() {
            return Err(WriteError(format!("{} is not a regular file", at.display())));
        }
        if !last && !kind.is_dir() {
            return Err(WriteError(format!("{} is not a directory", at.display())));
        }
    }
    Ok(())
}

/// [`check_path`] with the repository root found from the path itself (the parent of its `keps/`
/// directory): for the language server, whose edits name files by URI. A path outside any `keps/`
/// tree is checked from its own directory (only the file itself, which the editor names).
pub fn check_path_in_repository(path: &Path) -> Result<(), WriteError> {
    let root = match layout::place(path) {
        Some(place) => place.root,
        None => path.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    check_path(&root, path)
}

/// Replaces the existing regular file `path` (below `root`) with `text`, atomically and keeping its
/// permissions. With `expected`, refuses when the file on disk is no longer that text (it changed
/// since it was read: an edit computed from the old text would land on the wrong lines).
pub fn replace(root: &Path, path: &Path, expected: Option<&str>, text: &str) -> Result<(), WriteError> {
    check_path(root, path)?;
    let meta = fs::symlink_metadata(path).map_err(|e| io_error(path, &e))?;
    if let Some(expected) = expected {
        let current = fs::read(path).map_err(|e| io_error(path, &e))?;
        if current != expected.as_bytes() {
            return Err(WriteError(format!(
                "{} changed on disk since kep-ls read it: not written (run the command again)",
                path.display()
            )));
        }
    }
    let temp = write_temp(path, text, Some(meta.permissions()))?;
    // The check again right before the rename: a link put in place meanwhile is not followed (the
    // rename replaces a link itself, never its target, but the user asked for no link to be touched).
    let renamed = check_path(root, path).and_then(|()| fs::rename(&temp, path).map_err(|e| io_error(path, &e)));
    if renamed.is_err() {
        let _ = fs::remove_file(&temp);
    }
    renamed?;
    sync_dir(path);
    Ok(())
}

/// Creates the new file `path` (below `root`) with `text`, and the directories it needs, one at a
/// time, none through a symbolic link. Refuses to replace anything that exists. The file appears
/// whole or not at all.
pub fn create(root: &Path, path: &Path, text: &str) -> Result<(), WriteError> {
    check_path(root, path)?;
    if fs::symlink_metadata(path).is_ok() {
        return Err(already_exists(path));
    }
    let dir = path.parent().ok_or_else(|| WriteError(format!("{}: no directory", path.display())))?;
    create_dirs(root, dir)?;
    let temp = write_temp(path, text, None)?;
    let placed = place_new(&temp, path);
    let _ = fs::remove_file(&temp);
    placed?;
    sync_dir(path);
    Ok(())
}

/// Gives the written file `temp` the name `path`, which must not exist (a file that appeared
/// since the caller looked is never replaced). A hard link does it in one step and fails when the
/// name exists; a file system without hard links gets the name claimed first (created empty, and
/// only if absent), then the whole file renamed over that claim.
fn place_new(temp: &Path, path: &Path) -> Result<(), WriteError> {
    match fs::hard_link(temp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(already_exists(path)),
        Err(_) => claim_then_rename(temp, path),
    }
}

/// [`place_new`] without hard links: the name is created empty, only if absent, then the whole
/// file is renamed over that claim.
fn claim_then_rename(temp: &Path, path: &Path) -> Result<(), WriteError> {
    match fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(_) => fs::rename(temp, path).map_err(|e| io_error(path, &e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(already_exists(path)),
        Err(e) => Err(io_error(path, &e)),
    }
}

fn already_exists(path: &Path) -> WriteError {
    WriteError(format!("{} already exists", path.display()))
}

/// Creates `dir` and its missing parents below `root`, refusing links on the way.
fn create_dirs(root: &Path, dir: &Path) -> Result<(), WriteError> {
    let rel =
        dir.strip_prefix(root).map_err(|_| WriteError(format!("{} is outside {}", dir.display(), root.display())))?;
    let mut at = root.to_path_buf();
    for component in rel.components() {
        at.push(component);
        match fs::create_dir(&at) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(io_error(&at, &e)),
        }
        let meta = fs::symlink_metadata(&at).map_err(|e| io_error(&at, &e))?;
        if !meta.file_type().is_dir() {
            return Err(WriteError(format!(
                "{} is a symbolic link or not a directory: kep-ls never writes through a link",
                at.display()
            )));
        }
    }
    Ok(())
}

/// A temporary file beside `path` holding `text`, flushed to the disk.
fn write_temp(path: &Path, text: &str, permissions: Option<fs::Permissions>) -> Result<PathBuf, WriteError> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp =
        dir.join(format!(".{name}.kep-ls-{}-{}.tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
    let result = (|| -> std::io::Result<()> {
        let mut file: File = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(text.as_bytes())?;
        file.flush()?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(WriteError(format!("{}: {e} (the file was left as it was)", path.display())))
        }
    }
}

/// Makes the rename itself durable; best effort (not every platform can sync a directory).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn temp(name: &str) -> kep_ls_testkit::TempDir {
        let dir = kep_ls_testkit::TempDir::new(&format!("safe-write-{name}"));
        fs::create_dir_all(dir.join("repo/keps/sig-a/1-x")).unwrap();
        fs::create_dir_all(dir.join("outside")).unwrap();
        dir
    }

    #[test]
    fn a_replacement_keeps_permissions_and_leaves_no_temporary_file() {
        let dir = temp("replace");
        let root = dir.join("repo");
        let file = root.join("keps/sig-a/1-x/kep.yaml");
        fs::write(&file, "old\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).unwrap();
        }
        replace(&root, &file, Some("old\n"), "new\n").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "new\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o640);
        }
        let left: Vec<_> = fs::read_dir(file.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, ["kep.yaml"]);
        let stale = replace(&root, &file, Some("old\n"), "newer\n").unwrap_err();
        expect!["$TMP/repo/keps/sig-a/1-x/kep.yaml changed on disk since kep-ls read it: not written (run the command again)"].assert_eq(&dir.redact(&stale.0));
        assert_eq!(fs::read_to_string(&file).unwrap(), "new\n");
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_written_through() {
        let dir = temp("links");
        let root = dir.join("repo");
        let outside = dir.join("outside/secret.yaml");
        fs::write(&outside, "mine\n").unwrap();
        let link = root.join("keps/sig-a/1-x/kep.yaml");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        expect!["$TMP/repo/keps/sig-a/1-x/kep.yaml is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); replace the link with the file or directory itself"].assert_eq(&dir.redact(&replace(&root, &link, None, "x").unwrap_err().0));
        std::os::unix::fs::symlink(dir.join("outside"), root.join("keps/sig-b")).unwrap();
        let through = root.join("keps/sig-b/2-y/kep.yaml");
        expect!["$TMP/repo/keps/sig-b is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); replace the link with the file or directory itself"].assert_eq(&dir.redact(&create(&root, &through, "x").unwrap_err().0));
        assert_eq!(fs::read_to_string(&outside).unwrap(), "mine\n");
        assert!(!dir.join("outside/2-y").exists());
        assert!(check_path(&root, &root.join("keps/../../outside/secret.yaml")).is_err());
        expect!["$TMP/outside/secret.yaml is outside $TMP/repo: kep-ls writes only inside the repository"]
            .assert_eq(&dir.redact(&check_path(&root, &dir.join("outside/secret.yaml")).unwrap_err().0));
        assert!(check_path_in_repository(&link).is_err());
        assert!(check_path_in_repository(&root.join("keps/sig-a/1-x/README.md")).is_ok());
    }

    #[test]
    fn creation_never_replaces_a_file() {
        let dir = temp("create");
        let root = dir.join("repo");
        let file = root.join("keps/prod-readiness/sig-a/1.yaml");
        create(&root, &file, "kep-number: 1\n").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "kep-number: 1\n");
        expect!["$TMP/repo/keps/prod-readiness/sig-a/1.yaml already exists"]
            .assert_eq(&dir.redact(&create(&root, &file, "other\n").unwrap_err().0));
        assert_eq!(fs::read_to_string(&file).unwrap(), "kep-number: 1\n");
        let left: Vec<_> = fs::read_dir(file.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, ["1.yaml"]);
    }

    /// The last step of a creation, when a file appeared after the caller looked: refused and the
    /// file that appeared kept, by the hard link and by the claim a file system without hard links
    /// gets; an absent name gets the whole file either way.
    #[test]
    fn a_file_that_appeared_meanwhile_is_never_replaced() {
        let dir = temp("appeared");
        let theirs = dir.write("repo/keps/theirs.md", "theirs\n");
        for (way, place) in [("hard link", place_new as fn(&Path, &Path) -> _), ("claim", claim_then_rename)] {
            let temp_file = dir.write("repo/keps/new.tmp", "mine\n");
            expect!["$TMP/repo/keps/theirs.md already exists"]
                .assert_eq(&dir.redact(&place(&temp_file, &theirs).unwrap_err().0));
            assert_eq!(fs::read_to_string(&theirs).unwrap(), "theirs\n", "{way}");
            let new = dir.join(format!("repo/keps/{}.md", way.replace(' ', "-")));
            place(&temp_file, &new).unwrap();
            assert_eq!(fs::read_to_string(&new).unwrap(), "mine\n", "{way}");
        }
    }
}
