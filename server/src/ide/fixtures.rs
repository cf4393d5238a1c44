//! Test fixtures for the whole core: a workspace written as one string (`//- /path` starts a
//! file), `$0` marking the cursor in a file's text, and diagnostics rendered as caret snapshots
//! under the lines they flag.

use std::path::{Path, PathBuf};

use crate::ide::diagnostic::Diagnostic;
use crate::ide::text::{Encoding, LineIndex};
use crate::ide::world::World;

/// Where a fixture without a `//- ` header puts its single file.
pub const DEFAULT_PATH: &str = "/ws/keps/sig-node/1234-example/kep.yaml";

/// Builds a world from a fixture; returns it with the files' paths in order.
pub fn world(fixture: &str) -> (World, Vec<PathBuf>) {
    let mut world = World::default();
    // `release-readiness` reports on every KEP targeting the newest release of its world, which a
    // one-KEP fixture always is: only its own tests (through `world_with_readiness`) switch it on.
    world.settings.rules.insert("release-readiness".into(), crate::ide::settings::RuleLevel::Off);
    let mut paths = Vec::new();
    for (path, text) in files(fixture) {
        world.set_file(path.clone(), text);
        paths.push(path);
    }
    (world, paths)
}

/// A fixture's world with `release-readiness` at its default level.
pub fn world_with_readiness(fixture: &str) -> (World, Vec<PathBuf>) {
    let (mut world, paths) = world(fixture);
    world.settings.rules.remove("release-readiness");
    (world, paths)
}

/// `$0` marks the cursor in a fixture's text: [`cursor`] removes it and gives its offset (the
/// completion benchmark reads its cases with the same function).
pub use kep_ls_testkit::cursor;

/// The files of a fixture, in order: each `//- /path` line starts one; a fixture without such a
/// header is one file at [`DEFAULT_PATH`].
pub fn files(fixture: &str) -> Vec<(PathBuf, String)> {
    let fixture = fixture.strip_prefix('\n').unwrap_or(fixture);
    if !fixture.starts_with("//- ") {
        return vec![(PathBuf::from(DEFAULT_PATH), fixture.to_string())];
    }
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for line in fixture.split_inclusive('\n') {
        if let Some(header) = line.strip_prefix("//- ") {
            files.push((PathBuf::from(header.trim()), String::new()));
        } else if let Some((_, text)) = files.last_mut() {
            text.push_str(line);
        }
    }
    files
}

/// The diagnostics of the fixture's first file, rendered.
pub fn check(fixture: &str) -> String {
    let (world, paths) = world(fixture);
    render(&world, &paths[0], &crate::ide::features::diagnostics(&world, &paths[0]))
}

/// The diagnostics with one code of the fixture's first file, rendered.
pub fn check_code(fixture: &str, code: &str) -> String {
    let (world, paths) = world(fixture);
    let diagnostics: Vec<_> =
        crate::ide::features::diagnostics(&world, &paths[0]).into_iter().filter(|d| d.code == code).collect();
    render(&world, &paths[0], &diagnostics)
}

/// `severity[code] line:col: message`, then the flagged line with carets under the range
/// (1-based lines and character columns, as `kep-ls check` prints them).
pub fn render(world: &World, path: &Path, diagnostics: &[Diagnostic]) -> String {
    let Some(file) = world.file(path) else { return String::new() };
    let text: &str = &file.text;
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let start = index.line_col(text, d.range.start, Encoding::Utf32);
        let end = index.line_col(text, d.range.end, Encoding::Utf32);
        out.push_str(&format!(
            "{}[{}] {}:{}: {}\n",
            d.severity.label(),
            d.code,
            start.line + 1,
            start.col + 1,
            d.message
        ));
        let line = index.line_content(text, start.line as usize);
        out.push_str(&format!("  | {}\n", &text[line.start..line.end]));
        let width = if end.line == start.line { (end.col - start.col).max(1) } else { 1 };
        out.push_str(&format!("  | {}{}\n", " ".repeat(start.col as usize), "^".repeat(width as usize)));
        for related in &d.related {
            out.push_str(&format!("  = {}: {}\n", related.path.display(), related.message));
        }
        for fix in &d.fixes {
            out.push_str(&format!("  fix{}: {}\n", if fix.preferred { " (preferred)" } else { "" }, fix.title));
        }
    }
    out
}

/// Applies every edit of a diagnostic's first fix to the fixture's first file; returns its text.
pub fn apply_first_fix(fixture: &str, code: &str) -> String {
    apply_fix(fixture, code, None)
}

/// Applies the fix titled `title` (the first fix when `None`) of the first diagnostic with `code`
/// that has one, to the fixture's first file; returns its text.
pub fn apply_fix(fixture: &str, code: &str, title: Option<&str>) -> String {
    let (world, paths) = world(fixture);
    let diagnostics = crate::ide::features::diagnostics(&world, &paths[0]);
    let fix = diagnostics
        .iter()
        .filter(|d| d.code == code)
        .flat_map(|d| &d.fixes)
        .find(|f| title.is_none_or(|t| f.title == t));
    let Some(fix) = fix else { panic!("no {code} diagnostic with the fix {title:?}") };
    let mut text = world.file(&paths[0]).map(|f| f.text.to_string()).unwrap_or_default();
    let mut edits: Vec<_> = fix.edits.iter().filter(|e| e.path == paths[0]).collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for edit in edits {
        text.replace_range(edit.range.start..edit.range.end, &edit.new_text);
    }
    text
}
