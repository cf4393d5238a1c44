//! Loading the workspace for the commands that write or list KEPs: the `keps/` trees a path is in
//! or holds (as `check` finds them), read into a World.

use std::path::{Path, PathBuf};

use crate::ide::settings::Settings;
use crate::ide::world::World;
use crate::vfs;

/// The repository roots (parents of `keps/`) of `paths`, each made absolute.
pub fn roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let absolute = paths
        .iter()
        .map(|path| std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display())))
        .collect::<Result<Vec<_>, _>>()?;
    let roots = vfs::roots_of(absolute.iter().map(PathBuf::as_path));
    if roots.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!("no keps/ directory found in {}", shown.join(", ")));
    }
    Ok(roots)
}

/// The one repository root of `path`.
pub fn single_root(path: &Path) -> Result<PathBuf, String> {
    let mut found = roots(&[path.to_path_buf()])?;
    if found.len() > 1 {
        let shown: Vec<String> = found.iter().map(|r| r.display().to_string()).collect();
        return Err(format!("several keps/ trees below {}: {}; name one", path.display(), shown.join(", ")));
    }
    found.pop().ok_or_else(|| format!("no keps/ directory found in {}", path.display()))
}

/// Every file kep-ls reads below the roots, parsed, with the group list `check` would use (the
/// `sigs-file` of .kep-ls.toml, else sigs.yaml beside the checkout, else the built-in list).
pub fn load(roots: &[PathBuf]) -> World {
    let mut world = World::new(Settings::default());
    let sigs = super::check::load_config(roots).ok().and_then(|c| c.sigs_file);
    if let Ok((Some(groups), _)) = vfs::find_groups(sigs.as_deref(), roots) {
        world.set_groups(groups);
    }
    let mut walked = vfs::Walked::default();
    for root in roots {
        let found = vfs::walk_repository(root);
        walked.files.extend(found.files);
        walked.symlinks.extend(found.symlinks);
    }
    vfs::load(&mut world, &walked);
    world
}

/// `path` relative to the current directory when it is below it, for messages.
pub fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}
