//! The KEP graph: every KEP of the workspace and the references between them (`see-also`,
//! `replaces`, `superseded-by`, README links): definition, references, hover, completion,
//! workspace symbols, document links and inlay hints over it.

use std::path::Path;

use super::features::{CompletionItem, Hover, InlayHint, Lens, Link, Location, NavTarget, WorkspaceSymbol};
use super::text::TextRange;
use super::world::World;

pub fn definition(world: &World, path: &Path, offset: usize) -> Vec<NavTarget> {
    let _ = (world, path, offset);
    Vec::new()
}

pub fn references(world: &World, path: &Path, offset: usize, include_declaration: bool) -> Vec<Location> {
    let _ = (world, path, offset, include_declaration);
    Vec::new()
}

pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let _ = (world, path, offset);
    None
}

pub fn completion(world: &World, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let _ = (world, path, offset);
    Vec::new()
}

pub fn workspace_symbols(world: &World, query: &str) -> Vec<WorkspaceSymbol> {
    let _ = (world, query);
    Vec::new()
}

pub fn code_lenses(world: &World, path: &Path) -> Vec<Lens> {
    let _ = (world, path);
    Vec::new()
}

pub fn inlay_hints(world: &World, path: &Path, range: TextRange) -> Vec<InlayHint> {
    let _ = (world, path, range);
    Vec::new()
}

pub fn document_links(world: &World, path: &Path) -> Vec<Link> {
    let _ = (world, path);
    Vec::new()
}
