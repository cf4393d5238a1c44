//! The file-system side: finds `keps/` trees, walks them like upstream (never following a
//! symlink, never leaving the tree), reads files, and hands their texts to the core. This is the
//! only module besides the adapters that touches the disk.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::ide::groups::Groups;
use crate::ide::layout::{self, FileKind};
use crate::ide::world::{SourceFile, World};

/// Files larger than this are not read: no KEP file comes near it (the largest real README is
/// 170 KB), and a huge file would only cost memory and time.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Directories never worth descending into when looking for `keps/` trees.
const SKIPPED_DIRS: &[&str] = &[".git", "node_modules", "target", ".cache"];

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Missing,
    TooLarge(u64),
    NotUtf8,
    NotAFile,
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Missing => write!(f, "the file does not exist"),
            ReadError::TooLarge(size) => {
                write!(f, "the file is {size} bytes, more than the {MAX_FILE_BYTES} bytes kep-ls reads")
            }
            ReadError::NotUtf8 => write!(f, "the file is not UTF-8 text"),
            ReadError::NotAFile => write!(f, "not a regular file (a directory, a symlink or a device)"),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a regular file (not through a symlink) as UTF-8 text, up to [`MAX_FILE_BYTES`]. A file
/// below a `keps/` directory reached through a linked directory does not exist for kep-ls, as for
/// the walk (and upstream's): `check` and the server then agree on what the tree holds.
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    if reached_through_link(path) {
        return Err(ReadError::Missing);
    }
    read_regular(path)
}

/// Whether a directory between the repository root of `path` (the parent of its `keps/`) and the
/// file is a symbolic link. Outside a `keps/` tree (sigs.yaml, OWNERS_ALIASES, a config) links are
/// the user's own business.
pub fn reached_through_link(path: &Path) -> bool {
    let Some(place) = layout::place(path) else { return false };
    let Some(dir) = path.parent() else { return false };
    let Ok(rel) = dir.strip_prefix(&place.root) else { return false };
    let mut at = place.root.clone();
    rel.components().any(|component| {
        at.push(component);
        std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink())
    })
}

/// [`read_text`] for a path a walk found (no link on the way, by construction).
fn read_regular(path: &Path) -> Result<String, ReadError> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(ReadError::Io(e.to_string())),
    };
    if !meta.file_type().is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    // The file may have grown since the metadata was read: never read more than the limit.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8)
}

/// How deep below a given directory (a workspace folder, a command-line path) to look for
/// `keps/` trees.
pub const SEARCH_DEPTH: usize = 3;

/// The repository roots of every path (each is in or holds them, see [`find_roots`]), sorted,
/// each once: what the server's folders and the command line's paths open.
pub fn roots_of<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = paths.into_iter().flat_map(|p| find_roots(p, SEARCH_DEPTH)).collect();
    roots.sort();
    roots.dedup();
    roots
}

/// The repository roots (parents of `keps/`) that `path` is in or holds, searching at most
/// `depth` levels below it.
pub fn find_roots(path: &Path, depth: usize) -> Vec<PathBuf> {
    if let Some(place) = layout::place(path) {
        return vec![place.root];
    }
    if path.file_name().is_some_and(|n| n == layout::KEPS) {
        return vec![path.parent().map(Path::to_path_buf).unwrap_or_default()];
    }
    let mut roots = Vec::new();
    search_roots(path, depth, &mut roots);
    roots.sort();
    roots
}

fn search_roots(dir: &Path, depth: usize, roots: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if !kind.is_dir() {
            continue;
        }
        let name = entry.file_name();
        if name == layout::KEPS {
            roots.push(dir.to_path_buf());
        } else if depth > 0 && !SKIPPED_DIRS.iter().any(|s| name == *s) {
            search_roots(&entry.path(), depth - 1, roots);
        }
    }
}

/// What a walk finds: the files kep-ls reads, and the symbolic links among them (recorded with
/// their target as written, never followed).
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub symlinks: Vec<(PathBuf, String)>,
}

/// Every file below `root/keps` that kep-ls reads (kep.yaml, Markdown, PRR files, OWNERS), in sorted
/// order, plus `root/OWNERS_ALIASES` when it exists.
pub fn walk_repository(root: &Path) -> Walked {
    let mut walked = walk_tree(&root.join(layout::KEPS));
    let owners = root.join(layout::OWNERS_ALIASES);
    if std::fs::symlink_metadata(&owners).is_ok_and(|m| m.is_file()) {
        walked.files.push(owners);
    }
    walked
}

/// Every file kep-ls reads below `dir`, in sorted order. A directory reached through a symlink
/// is never entered, so a link loop or a link out of the workspace cannot be followed.
pub fn walk_tree(dir: &Path) -> Walked {
    let mut walked = Walked::default();
    walk_dir(dir, &mut walked);
    walked
}

fn walk_dir(dir: &Path, walked: &mut Walked) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        if kind.is_dir() {
            walk_dir(&path, walked);
        } else if kind.is_file() && wanted(&path) {
            walked.files.push(path);
        } else if kind.is_symlink() && wanted(&path) {
            if let Ok(target) = std::fs::read_link(&path) {
                walked.symlinks.push((path, target.to_string_lossy().into_owned()));
            }
        }
    }
}

/// The kinds of file the core analyses.
pub fn wanted(path: &Path) -> bool {
    matches!(
        layout::classify(path),
        FileKind::KepYaml
            | FileKind::Readme
            | FileKind::Markdown
            | FileKind::Prr
            | FileKind::OwnersAliases
            | FileKind::Owners
    )
}

/// A file that could not be read, and why.
#[derive(Debug, Clone)]
pub struct Unreadable {
    pub path: PathBuf,
    pub error: ReadError,
}

/// Reads and parses `paths` on all cores, with what `prepare` asks for derived there too (so that
/// later queries across the workspace never parse Markdown again); results in the order of `paths`.
pub fn read_parsed(paths: &[PathBuf], prepare: Prepare) -> Vec<Result<SourceFile, Unreadable>> {
    crate::parallel::map_in_order(paths, |path| read_one(path, prepare))
}

/// What to derive from each file while it is read, on the reading threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prepare {
    /// References only: what a workspace index needs (the server).
    References,
    /// The README outline too, then references from it: what checking every rule needs (`check`).
    Outline,
}

fn read_one(path: &Path, prepare: Prepare) -> Result<SourceFile, Unreadable> {
    match read_regular(path) {
        Ok(text) => {
            let file = SourceFile::new(path.to_path_buf(), text.into());
            if prepare == Prepare::Outline && matches!(file.kind, FileKind::Readme | FileKind::Markdown) {
                file.outline();
            }
            file.references();
            Ok(file)
        }
        Err(error) => Err(Unreadable { path: path.to_path_buf(), error }),
    }
}

/// Reads, parses (outlines included: this is for checking every rule) and adds to `world` what a
/// walk found; returns what could not be read (also recorded in the world, as unreadable files).
pub fn load(world: &mut World, walked: &Walked) -> Vec<Unreadable> {
    let mut unreadable = Vec::new();
    for result in read_parsed(&walked.files, Prepare::Outline) {
        match result {
            Ok(file) => world.insert(file),
            Err(u) => {
                world.set_unreadable(u.path.clone(), u.error.to_string());
                unreadable.push(u);
            }
        }
    }
    for (path, target) in &walked.symlinks {
        world.set_symlink(path.clone(), target.clone());
    }
    unreadable
}

/// Where a kubernetes/community checkout beside the enhancements checkout at `root` keeps its
/// group list: `<root>/../community/sigs.yaml`.
pub fn sigs_beside(root: &Path) -> Option<PathBuf> {
    Some(root.parent()?.join("community").join("sigs.yaml"))
}

/// The group list to use: the sigs.yaml named by the user (`explicit`; an error when it cannot be
/// read or parsed), else the first `../community/sigs.yaml` beside one of `roots` that parses (one
/// that does not is reported in the returned warnings and skipped), else `None`: the built-in list.
pub fn find_groups(explicit: Option<&Path>, roots: &[PathBuf]) -> Result<(Option<Groups>, Vec<String>), String> {
    if let Some(path) = explicit {
        let text = read_text(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let groups =
            Groups::parse(&text, &path.display().to_string()).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok((Some(groups), Vec::new()));
    }
    let mut warnings = Vec::new();
    // `..` of a relative root like `.` must be the real parent directory.
    let roots = roots.iter().map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| r.clone()));
    for path in roots.filter_map(|r| sigs_beside(&r)) {
        match read_text(&path) {
            Ok(text) => match Groups::parse(&text, &path.display().to_string()) {
                Ok(groups) => return Ok((Some(groups), warnings)),
                Err(e) => warnings.push(format!("{}: {e}; using the built-in group list", path.display())),
            },
            Err(ReadError::Missing) => {}
            Err(e) => warnings.push(format!("{}: {e}; using the built-in group list", path.display())),
        }
    }
    Ok((None, warnings))
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;

    fn temp(name: &str) -> kep_ls_testkit::TempDir {
        let dir = kep_ls_testkit::TempDir::new(&format!("vfs-{name}"));
        std::fs::create_dir_all(dir.join("enhancements/keps")).unwrap();
        dir
    }

    #[test]
    fn groups_come_from_the_setting_then_beside_the_checkout_then_built_in() {
        let dir = temp("groups");
        let root = dir.join("enhancements");
        assert_eq!(find_groups(None, std::slice::from_ref(&root)).unwrap(), (None, Vec::new()));

        std::fs::create_dir_all(dir.join("community")).unwrap();
        std::fs::write(dir.join("community/sigs.yaml"), "sigs:\n  - dir: sig-beside\n").unwrap();
        let (found, _) = find_groups(None, std::slice::from_ref(&root)).unwrap();
        assert!(found.unwrap().contains("sig-beside"));

        let mine = dir.join("mine.yaml");
        std::fs::write(&mine, "sigs:\n  - dir: sig-mine\n").unwrap();
        let (found, _) = find_groups(Some(&mine), std::slice::from_ref(&root)).unwrap();
        assert!(found.unwrap().contains("sig-mine"));

        std::fs::write(&mine, "sigs: [\n").unwrap();
        expect!["$TMP/mine.yaml: line 1: YAML syntax error: did not find expected node content"]
            .assert_eq(&dir.redact(&find_groups(Some(&mine), &[]).unwrap_err()));
        expect!["$TMP/absent.yaml: the file does not exist"]
            .assert_eq(&dir.redact(&find_groups(Some(&dir.join("absent.yaml")), &[]).unwrap_err()));

        std::fs::write(dir.join("community/sigs.yaml"), "nothing: here\n").unwrap();
        let (found, warnings) = find_groups(None, std::slice::from_ref(&root)).unwrap();
        assert!(found.is_none());
        expect!["$TMP/community/sigs.yaml: no groups found: expected `sigs` and `workinggroups` lists of entries with a `dir`; using the built-in group list"].assert_eq(&dir.redact(&warnings[0]));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_behind_a_linked_directory_of_the_tree_is_not_there() {
        let dir = temp("linked-dir");
        std::fs::create_dir_all(dir.join("elsewhere")).unwrap();
        std::fs::write(dir.join("elsewhere/12.yaml"), "kep-number: 12\n").unwrap();
        std::fs::create_dir_all(dir.join("enhancements/keps/prod-readiness")).unwrap();
        std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("enhancements/keps/prod-readiness/sig-node"))
            .unwrap();
        let through = dir.join("enhancements/keps/prod-readiness/sig-node/12.yaml");
        assert_eq!(read_text(&through), Err(ReadError::Missing));
        assert_eq!(read_text(&dir.join("elsewhere/12.yaml")).unwrap(), "kep-number: 12\n");
    }
}
