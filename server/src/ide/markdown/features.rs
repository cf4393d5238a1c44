//! Editor features of KEP READMEs: anchors (definition, references, completion, rename), the
//! outline (symbols, folding), the signoff checklist lens, and the "Update table of contents" action.
//! Reached only through the dispatchers in `ide::features`, which honour the feature switches.

use std::path::Path;
use std::sync::Arc;

use super::outline::{fragment, Outline, Target};
use super::{edit, link_stub_target, needs_toc, toc};
use crate::ide::answers::{
    CompletionItem, CompletionKind, Fold, FoldKind, Hover, Lens, Location, NavTarget, SourceAction, Symbol, SymbolKind,
};
use crate::ide::diagnostic::FileEdit;
use crate::ide::fixes;
use crate::ide::layout::FileKind;
use crate::ide::text::TextRange;
use crate::ide::world::{SourceFile, World};

/// The code action kind of "Update table of contents".
pub const UPDATE_TOC: &str = "source.updateToc.kep";

/// A KEP Markdown file with text (not a link stub, not unreadable).
fn markdown_file<'w>(world: &'w World, path: &Path) -> Option<&'w Arc<SourceFile>> {
    let file = world.file(path)?;
    let is_markdown = matches!(file.kind, FileKind::Readme | FileKind::Markdown);
    (is_markdown && file.unreadable.is_none() && !file.symlink && link_stub_target(world, file).is_none())
        .then_some(file)
}

pub fn definition(world: &World, path: &Path, offset: usize) -> Vec<NavTarget> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    let outline = file.outline();
    let Some(link) = outline.link_at(offset) else { return Vec::new() };
    let target = match outline.resolve(fragment(&file.text, link)) {
        Some(Target::Heading(index)) => outline.headings.get(index).map(|h| (h.section, h.range)),
        Some(Target::Html(index)) => outline.html_anchors.get(index).map(|a| (a.range, a.range)),
        None => None,
    };
    target.map(|(range, focus)| NavTarget { path: path.to_path_buf(), range, focus }).into_iter().collect()
}

/// The heading at `offset`, or the one the link at `offset` leads to.
fn heading_at_or_linked(text: &str, outline: &Outline, offset: usize) -> Option<usize> {
    outline.heading_at(offset).or_else(|| outline.resolve_heading(fragment(text, outline.link_at(offset)?)))
}

pub fn references(world: &World, path: &Path, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    let outline = file.outline();
    let Some(index) = heading_at_or_linked(&file.text, outline, offset) else { return Vec::new() };
    let declaration = outline.headings.get(index).filter(|_| include_declaration).map(|h| h.range);
    declaration
        .into_iter()
        .chain(outline.links_to(&file.text, index).into_iter().map(|link| link.range))
        .map(|range| Location { path: path.to_path_buf(), range })
        .collect()
}

/// The signoff checklist's progress on its heading.
pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let file = markdown_file(world, path)?;
    let outline = file.outline();
    let index = outline.heading_at(offset)?;
    let (done, total) = checklist_progress(outline, index)?;
    let heading = outline.headings.get(index)?;
    let open: Vec<String> = open_tasks(&file.text, outline, index).into_iter().take(20).collect();
    let mut contents = format!("**{}**: {done} of {total} done", heading.plain.trim());
    if !open.is_empty() {
        contents.push_str("\n\nStill open:\n");
        for item in open {
            contents.push_str(&format!("- {item}\n"));
        }
    }
    Some(Hover { contents, range: heading.range })
}

/// Where an anchor link leads (a heading and its first lines), or that it leads nowhere.
pub fn anchor_hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let file = markdown_file(world, path)?;
    let outline = file.outline();
    let link = outline.link_at(offset)?;
    let written = fragment(&file.text, link);
    let contents = match outline.resolve(written) {
        Some(Target::Heading(index)) => {
            let heading = outline.headings.get(index)?;
            let line = file.line_index().line_of(heading.range.start) + 1;
            format!("`{}` (line {line})", heading_line(&file.text, heading.range))
        }
        Some(Target::Html(index)) => {
            let anchor = outline.html_anchors.get(index)?;
            format!("HTML anchor `{}` (line {})", anchor.name, file.line_index().line_of(anchor.range.start) + 1)
        }
        None => format!("No heading has the anchor `#{written}`."),
    };
    Some(Hover { contents, range: link.range })
}

fn heading_line(text: &str, range: TextRange) -> &str {
    let line = text.get(range.start..range.end).unwrap_or_default();
    line.lines().next().unwrap_or_default().trim()
}

/// Anchors after `](#`.
pub fn completion(world: &World, path: &Path, offset: usize) -> Vec<CompletionItem> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    let text: &str = &file.text;
    let outline = file.outline();
    let Some(edit_range) = fragment_being_typed(text, offset) else { return Vec::new() };
    if outline.is_hidden(offset) {
        return Vec::new();
    }
    let mut items = Vec::new();
    for (index, heading) in outline.headings.iter().enumerate() {
        let title = format!("{} {}", "#".repeat(heading.level), heading.plain.trim());
        let item = |label: &str, detail: String, rank: usize| CompletionItem {
            label: label.to_string(),
            kind: CompletionKind::Anchor,
            detail: Some(detail),
            documentation: None,
            edit_range,
            insert_text: label.to_string(),
            snippet: false,
            sort_text: Some(format!("{rank}{index:05}")),
            filter_text: Some(format!("{label} {}", heading.plain.trim())),
        };
        items.push(item(&heading.anchor, title.clone(), 0));
        // GitHub's spelling of a heading with non-ASCII letters, after mdtoc's (which the TOC uses).
        if let Some(github) = heading.other_anchors.first().filter(|a| !a.is_ascii()) {
            items.push(item(github, format!("{title} (GitHub's spelling)"), 1));
        }
    }
    for (index, anchor) in outline.html_anchors.iter().enumerate() {
        items.push(CompletionItem {
            label: anchor.name.clone(),
            kind: CompletionKind::Anchor,
            detail: Some("HTML anchor".into()),
            documentation: None,
            edit_range,
            insert_text: anchor.name.clone(),
            snippet: false,
            sort_text: Some(format!("2{index:05}")),
            filter_text: None,
        });
    }
    items
}

/// The fragment typed after `](#` on the line of `offset`, through the end of the fragment after the cursor.
fn fragment_being_typed(text: &str, offset: usize) -> Option<TextRange> {
    let before = text.get(..offset)?;
    let line_start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
    let line = before.get(line_start..)?;
    let open = line.rfind("](#")? + 3;
    let typed = line.get(open..)?;
    if typed.contains(|c: char| c == ')' || c.is_whitespace()) {
        return None;
    }
    let after = text.get(offset..)?;
    let rest = after.find(|c: char| c == ')' || c.is_whitespace()).unwrap_or(after.len());
    Some(TextRange::new(line_start + open, offset + rest))
}

pub fn document_symbols(world: &World, path: &Path) -> Vec<Symbol> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    let outline = file.outline();
    // Headings and UNRESOLVED blocks in document order, each with the depth it nests at.
    let mut items: Vec<(usize, Symbol)> = Vec::with_capacity(outline.headings.len() + outline.unresolved.len());
    for heading in &outline.headings {
        let selection = if heading.content.is_empty() { heading.range } else { heading.content };
        let symbol = Symbol {
            name: heading.plain.trim().to_string(),
            detail: Some("#".repeat(heading.level)),
            kind: SymbolKind::Heading,
            range: heading.section,
            selection,
            children: Vec::new(),
        };
        items.push((heading.level, symbol));
    }
    for block in &outline.unresolved {
        let name =
            if block.context.is_empty() { "UNRESOLVED".to_string() } else { format!("UNRESOLVED: {}", block.context) };
        let symbol = Symbol {
            name,
            detail: (!block.closed).then(|| "not closed".to_string()),
            kind: SymbolKind::Unresolved,
            range: block.range,
            selection: block.opener,
            children: Vec::new(),
        };
        items.push((usize::MAX, symbol));
    }
    items.sort_by_key(|(_, s)| (s.range.start, std::cmp::Reverse(s.range.end)));
    nest(items)
}

/// Builds the tree: each item goes below the nearest earlier item of a lower depth whose range contains it.
fn nest(items: Vec<(usize, Symbol)>) -> Vec<Symbol> {
    let mut roots: Vec<Symbol> = Vec::new();
    let mut open: Vec<(usize, Symbol)> = Vec::new();
    fn close(open: &mut Vec<(usize, Symbol)>, roots: &mut Vec<Symbol>) {
        if let Some((_, done)) = open.pop() {
            match open.last_mut() {
                Some((_, parent)) => parent.children.push(done),
                None => roots.push(done),
            }
        }
    }
    for (depth, symbol) in items {
        while open.last().is_some_and(|(d, parent)| *d >= depth || !parent.range.contains_range(symbol.range)) {
            close(&mut open, &mut roots);
        }
        open.push((depth, symbol));
    }
    while !open.is_empty() {
        close(&mut open, &mut roots);
    }
    roots
}

pub fn folding_ranges(world: &World, path: &Path) -> Vec<Fold> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    let outline = file.outline();
    let region = |range: TextRange| Fold { range, kind: FoldKind::Region };
    let mut folds: Vec<Fold> = outline.headings.iter().map(|h| region(h.section)).collect();
    folds.extend(outline.comments.iter().map(|&range| Fold { range, kind: FoldKind::Comment }));
    folds.extend(outline.code_blocks.iter().map(|&range| region(range)));
    folds.extend(outline.toc_block().map(region));
    folds.extend(outline.unresolved.iter().map(|block| region(block.range)));
    // A one-line range folds nothing (the TOC markers are one-line comments).
    let text: &str = &file.text;
    folds.retain(|fold| text.get(fold.range.start..fold.range.end).is_some_and(|s| s.trim_end().contains('\n')));
    folds.sort_by_key(|fold| (fold.range.start, std::cmp::Reverse(fold.range.end)));
    folds
}

/// "n of m done" above the Release Signoff Checklist.
pub fn code_lenses(world: &World, path: &Path) -> Vec<Lens> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    let outline = file.outline();
    (0..outline.headings.len())
        .filter_map(|index| {
            let (done, total) = checklist_progress(outline, index)?;
            let heading = outline.headings.get(index)?;
            Some(Lens { range: heading.range, title: format!("{done} of {total} done") })
        })
        .collect()
}

/// `(done, total)` of the task items in the section of heading `index`, when it is the signoff checklist and
/// has items.
fn checklist_progress(outline: &Outline, index: usize) -> Option<(usize, usize)> {
    let heading = outline.headings.get(index)?;
    if !is_signoff_checklist(&heading.plain) {
        return None;
    }
    let tasks = outline.tasks.iter().filter(|t| heading.section.contains_range(t.range));
    let (done, total) = tasks.fold((0, 0), |(done, total), t| (done + usize::from(t.done), total + 1));
    (total > 0).then_some((done, total))
}

/// The text of the unchecked items of the checklist's section.
fn open_tasks(text: &str, outline: &Outline, index: usize) -> Vec<String> {
    let Some(heading) = outline.headings.get(index) else { return Vec::new() };
    outline
        .tasks
        .iter()
        .filter(|t| !t.done && heading.section.contains_range(t.range))
        .map(|t| {
            let rest = text.get(t.range.end..).unwrap_or_default();
            rest.lines().next().unwrap_or_default().trim().to_string()
        })
        .collect()
}

pub fn is_signoff_checklist(plain: &str) -> bool {
    let letters: String = plain.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    letters == "releasesignoffchecklist"
}

/// "Update table of contents": exactly what mdtoc writes, markers inserted after the H1 when missing.
pub fn source_actions(world: &World, path: &Path) -> Vec<SourceAction> {
    let Some(file) = markdown_file(world, path) else { return Vec::new() };
    if !needs_toc(world, file) {
        return Vec::new();
    }
    let Some((range, new_text)) = toc::fix(&file.text) else { return Vec::new() };
    vec![SourceAction {
        kind: UPDATE_TOC,
        title: "Update table of contents".into(),
        edits: vec![FileEdit { path: path.to_path_buf(), range, new_text }],
    }]
}

pub fn prepare_rename(world: &World, path: &Path, offset: usize) -> Result<TextRange, String> {
    let file = markdown_file(world, path).ok_or("nothing to rename here")?;
    let outline = file.outline();
    if let Some(heading) = outline.heading_at(offset).and_then(|index| outline.headings.get(index)) {
        if outline.toc.is_some_and(|m| TextRange::new(m.start.end, m.end.start).contains_range(heading.range)) {
            return Err("this heading is inside the table of contents block, which mdtoc rewrites".into());
        }
        return Ok(heading.content);
    }
    if let Some(index) = outline.link_at(offset).and_then(|link| outline.resolve_heading(fragment(&file.text, link))) {
        if let Some(heading) = outline.headings.get(index) {
            let line = file.line_index().line_of(heading.range.start) + 1;
            return Err(format!(
                "rename the heading `{}` (line {line}): its links and the table of contents follow",
                heading_line(&file.text, heading.range)
            ));
        }
    }
    Err("put the cursor on a heading to rename it".into())
}

/// Renames the heading at `offset`: its text, every link to it (anchors change, and so may the numbers of
/// repeated anchors), and the table of contents, in one edit.
pub fn rename(world: &World, path: &Path, offset: usize, new_name: &str) -> Result<Vec<FileEdit>, String> {
    prepare_rename(world, path, offset)?;
    let file = markdown_file(world, path).ok_or("nothing to rename here")?;
    let text: &str = &file.text;
    let outline = file.outline();
    let index = outline.heading_at(offset).ok_or("put the cursor on a heading to rename it")?;
    let heading = outline.headings.get(index).ok_or("no heading here")?;
    let new_name = new_name.trim();
    if new_name.is_empty() || new_name.contains(['\n', '\r']) {
        return Err("a heading is one non-empty line".into());
    }
    let renamed = FileEdit { path: path.to_path_buf(), range: heading.content, new_text: new_name.to_string() };
    let after = Outline::of(&fixes::apply(text, std::slice::from_ref(&renamed)));
    if after.headings.len() != outline.headings.len() {
        return Err(format!("`{new_name}` would change which lines are headings"));
    }
    let mut edits = vec![renamed];
    for link in &outline.links {
        let written = fragment(text, link);
        let Some(target) = outline.resolve_heading(written) else { continue };
        if after.resolve_heading(written) == Some(target) {
            continue;
        }
        if let Some(moved) = after.headings.get(target) {
            edits.push(FileEdit { path: path.to_path_buf(), range: link.anchor, new_text: moved.anchor.clone() });
        }
    }
    Ok(edit::with_toc_update(text, path, edits))
}

#[cfg(test)]
mod tests;

/// The "Update table of contents" action over the real corpus: every checked file, its TOC lines removed,
/// is restored by the action exactly as `toc::fix` restores it (see `toc.rs`'s corpus test).
#[cfg(test)]
mod corpus_tests {
    use std::path::{Path, PathBuf};

    use crate::ide::layout::NO_TOC;
    use crate::ide::markdown::toc::{self, TocStatus};
    use crate::ide::world::World;

    fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }

    #[test]
    fn the_source_action_restores_every_real_toc() {
        let Some(root) = crate::test_data::corpus_root() else { return };
        let mut files = Vec::new();
        markdown_files(&root.join("keps"), &mut files);
        files.sort();
        let (mut checked, mut restored, mut normalized) = (0, 0, 0);
        for path in &files {
            let relative = path.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            if NO_TOC.contains(&relative.as_str()) {
                continue;
            }
            let mut text = std::fs::read_to_string(path).unwrap();
            // A legacy symlink checked out as a file holding its target: mdtoc reads through it.
            if !text.contains('\n') && text.ends_with(".md") {
                text = std::fs::read_to_string(path.parent().unwrap().join(&text)).unwrap();
            }
            checked += 1;
            let markers = toc::find_markers(&text).unwrap();
            let emptied = format!("{}\n{}", &text[..markers.start.end], &text[markers.end.start..]);
            let mut world = World::default();
            world.set_file(path.clone(), emptied.as_str());
            let actions = super::source_actions(&world, path);
            assert!(actions.len() <= 1, "{relative}");
            let fixed = match actions.first() {
                Some(action) => crate::ide::fixes::apply(&emptied, &action.edits),
                None => emptied.clone(),
            };
            assert_eq!(toc::check(&fixed), TocStatus::UpToDate, "{relative}");
            if fixed == text {
                restored += 1;
            } else {
                // As in toc.rs: a few real blocks keep blank lines or a trailing space mdtoc would not write.
                let between = text[markers.start.end..markers.end.start].trim();
                let canonical = format!("{}\n{between}\n{}", &text[..markers.start.end], &text[markers.end.start..]);
                assert_eq!(fixed, canonical, "{relative}");
                normalized += 1;
            }
        }
        eprintln!("corpus: {checked} checked, {restored} restored byte for byte, {normalized} normalized");
        assert_eq!((checked, restored, normalized), (671, 663, 8));
        crate::test_data::checked("markdown::features::the_source_action_restores_every_real_toc", checked, "READMEs");
    }
}
