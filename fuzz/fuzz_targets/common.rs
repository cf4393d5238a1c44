// Shared by the fuzz targets: the invariants every output range must keep.
#![allow(dead_code)]

use kep_ls::ide::text::TextRange;

pub fn assert_range(text: &str, range: TextRange, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what}: {range:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end), "{what}: {range:?} splits a character");
}

/// A world of `files` (path, text), then [`exercise`] on the first of them.
pub fn exercise_files(files: &[(&str, &str)]) {
    let mut world = kep_ls::ide::world::World::default();
    for (path, text) in files {
        world.set_file(std::path::PathBuf::from(path), *text);
    }
    if let Some((first, _)) = files.first() {
        exercise(&world, std::path::Path::new(first));
    }
}

/// Runs every feature of the file at `path` at a spread of offsets, checking ranges.
pub fn exercise(world: &kep_ls::ide::world::World, path: &std::path::Path) {
    use kep_ls::ide::features;
    let Some(file) = world.file(path) else { return };
    let text = &file.text;
    for d in kep_ls::ide::features::diagnostics(&world, path) {
        assert_range(text, d.range, d.code);
        for fix in &d.fixes {
            for edit in &fix.edits {
                if let Some(target) = world.file(&edit.path) {
                    assert_range(&target.text, edit.range, "fix");
                }
            }
        }
    }
    let step = (text.len() / 16).max(1);
    for offset in (0..=text.len()).step_by(step).filter(|o| text.is_char_boundary(*o)) {
        for item in features::completion(world, path, offset) {
            assert_range(text, item.edit_range, "completion");
        }
        if let Some(hover) = features::hover(world, path, offset) {
            assert_range(text, hover.range, "hover");
        }
        let _ = features::definition(world, path, offset);
        let _ = features::references(world, path, offset, true);
    }
    for symbol in features::document_symbols(world, path) {
        assert_range(text, symbol.range, "symbol");
    }
    for fold in features::folding_ranges(world, path) {
        assert_range(text, fold.range, "fold");
    }
}
