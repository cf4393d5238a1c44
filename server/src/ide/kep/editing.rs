//! Writing kep.yaml: completion of keys and values (in half-typed YAML), hover documentation, and
//! the outline.

use std::path::Path;

use crate::ide::features::{CompletionItem, Hover, Symbol};
use crate::ide::world::World;

pub fn completion(world: &World, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let _ = (world, path, offset);
    Vec::new()
}

pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let _ = (world, path, offset);
    None
}

pub fn document_symbols(world: &World, path: &Path) -> Vec<Symbol> {
    let _ = (world, path);
    Vec::new()
}
