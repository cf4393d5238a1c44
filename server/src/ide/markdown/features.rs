//! Editor features of KEP READMEs: anchors (definition, references, completion, rename), the
//! outline (symbols, folding), the signoff checklist lens, and the "Update table of contents" action.

use std::path::Path;

use crate::ide::diagnostic::FileEdit;
use crate::ide::features::{CompletionItem, Fold, Hover, Lens, Location, NavTarget, SourceAction, Symbol};
use crate::ide::text::TextRange;
use crate::ide::world::World;

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

pub fn document_symbols(world: &World, path: &Path) -> Vec<Symbol> {
    let _ = (world, path);
    Vec::new()
}

pub fn folding_ranges(world: &World, path: &Path) -> Vec<Fold> {
    let _ = (world, path);
    Vec::new()
}

pub fn code_lenses(world: &World, path: &Path) -> Vec<Lens> {
    let _ = (world, path);
    Vec::new()
}

pub fn source_actions(world: &World, path: &Path) -> Vec<SourceAction> {
    let _ = (world, path);
    Vec::new()
}

pub fn prepare_rename(world: &World, path: &Path, offset: usize) -> Result<TextRange, String> {
    let _ = (world, path, offset);
    Err("nothing to rename here".into())
}

pub fn rename(world: &World, path: &Path, offset: usize, new_name: &str) -> Result<Vec<FileEdit>, String> {
    let _ = (world, path, offset, new_name);
    Err("nothing to rename here".into())
}
