//! Writing kep.yaml and PRR files: completion of keys and values (in half-typed YAML), hover
//! documentation, the outline and selection ranges.

mod complete;
pub mod context;
mod docs;
pub mod groups;
mod hover;
mod outline;

use std::path::Path;

use crate::ide::answers::{CompletionList, Hover, Symbol};
use crate::ide::text::TextRange;
use crate::ide::world::World;

pub fn completion(world: &World, path: &Path, offset: usize) -> CompletionList {
    let Some(file) = world.file(path) else { return CompletionList::default() };
    complete::completion(world, file, offset)
}

pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    hover::hover(world.file(path)?, offset, &world.groups().groups)
}

pub fn document_symbols(world: &World, path: &Path) -> Vec<Symbol> {
    world.file(path).map(|file| outline::document_symbols(file)).unwrap_or_default()
}

pub fn selection_ranges(world: &World, path: &Path, offsets: &[usize]) -> Vec<Vec<TextRange>> {
    world.file(path).map(|file| outline::selection_ranges(file, offsets)).unwrap_or_default()
}

#[cfg(test)]
mod tests;
