//! README.md and other KEP Markdown: the table of contents as mdtoc writes it, the outline the README
//! features and rules share, the template's sections, and the files that are only links to other Markdown files.

pub mod anchors;
pub mod edit;
pub mod features;
pub mod links;
pub mod outline;
pub mod template;
pub mod title;
pub mod toc;

use std::path::{Component, PathBuf};
use std::sync::Arc;

use super::layout::{self, FileKind};
use super::world::{SourceFile, World};

/// The file a Markdown link stub stands for. A stub is a symlink (the vfs records its target as the
/// text) or a symlink checked out as a plain file (`core.symlinks=false`), whose whole text is one
/// relative path to another `.md` file below the same `keps/` tree.
pub fn link_stub_target(world: &World, file: &SourceFile) -> Option<PathBuf> {
    if !matches!(file.kind, FileKind::Readme | FileKind::Markdown) || file.text.len() > 512 {
        return None;
    }
    let target = file.text.trim();
    if target.is_empty() || !target.ends_with(".md") || target.contains(char::is_whitespace) || target.starts_with('/')
    {
        return None;
    }
    let mut path = file.dir()?.to_path_buf();
    for component in std::path::Path::new(target).components() {
        match component {
            Component::Normal(name) => path.push(name),
            Component::ParentDir => {
                path.pop();
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    let keps = file.place.as_ref()?.keps_dir();
    (file.symlink || (path.starts_with(&keps) && world.contains(&path))).then_some(path)
}

/// Whether the TOC rules apply: every `.md` below `keps/` except upstream's exempt files and stubs.
pub fn needs_toc(world: &World, file: &SourceFile) -> bool {
    let Some(place) = &file.place else { return false };
    matches!(file.kind, FileKind::Readme | FileKind::Markdown)
        && !layout::NO_TOC.contains(&format!("keps/{}", place.rel).as_str())
        && link_stub_target(world, file).is_none()
}

/// The kep.yaml beside a KEP's README: the READMEs the template and title rules check (not the template's own,
/// not a link stub).
pub fn kep_yaml_of_readme<'w>(world: &'w World, file: &SourceFile) -> Option<&'w Arc<SourceFile>> {
    if file.kind != FileKind::Readme || file.symlink || file.unreadable.is_some() {
        return None;
    }
    let dir = file.dir()?;
    if dir.file_name()? == layout::TEMPLATE_DIR || link_stub_target(world, file).is_some() {
        return None;
    }
    world.file(&dir.join(layout::KEP_YAML)).filter(|kep| kep.kind == FileKind::KepYaml)
}
