//! Editor features in core terms (byte ranges, plain data): one entry point per feature, which
//! hands the request to the module that knows the kind of file (kep.yaml, README, PRR file).
//! The LSP adapter converts these results; nothing here knows the protocol.

use std::path::Path;

pub use super::answers::*;
use super::diagnostic::{Diagnostic, FileEdit, Fix};
use super::layout::FileKind;
use super::text::TextRange;
use super::world::World;
use super::{graph, kep, markdown, nodeapprovers, release, rules};

/// The diagnostics of one file with all their fixes, sorted by position.
pub fn diagnostics(world: &World, path: &Path) -> Vec<Diagnostic> {
    world.file(path).map(|file| rules::check_file(world, file, true)).unwrap_or_default()
}

/// The diagnostics of one file without the fixes that are costly to prepare: what publishing and
/// reporting need (a code action asks [`diagnostics`] for the fixes).
pub fn diagnostics_for_display(world: &World, path: &Path) -> Vec<Diagnostic> {
    world.file(path).map(|file| rules::check_file(world, file, false)).unwrap_or_default()
}

pub fn definition(world: &World, path: &Path, offset: usize) -> Vec<NavTarget> {
    let mut out = graph::definition(world, path, offset);
    if world.settings_for(path).features.markdown_anchor_links {
        out.extend(markdown::features::definition(world, path, offset));
    }
    out
}

pub fn references(world: &World, path: &Path, offset: usize, include_declaration: bool) -> Vec<Location> {
    let mut out = graph::references(world, path, offset, include_declaration);
    if world.settings_for(path).features.markdown_anchor_links {
        out.extend(markdown::features::references(world, path, offset, include_declaration));
    }
    out
}

/// The first provider that has something to say wins; the documentation of the rules whose
/// diagnostics cover the offset is appended (an LSP hover request carries no diagnostic code).
pub fn hover(world: &World, path: &Path, offset: usize) -> Option<Hover> {
    let found = graph::hover(world, path, offset)
        .or_else(|| markdown::features::hover(world, path, offset))
        .or_else(|| {
            world
                .settings_for(path)
                .features
                .markdown_anchor_links
                .then(|| markdown::features::anchor_hover(world, path, offset))
                .flatten()
        })
        .or_else(|| kep::editing::hover(world, path, offset));
    // On `latest-milestone` of a KEP targeting the upcoming release: its readiness checklist first.
    let found = match (release::view::hover(world, path, offset), found) {
        (Some(mut readiness), Some(other)) => {
            readiness.contents = format!("{}\n---\n\n{}", readiness.contents, other.contents);
            Some(readiness)
        }
        (readiness, other) => readiness.or(other),
    };
    with_rule_docs(world, path, offset, found)
}

/// Appends to `hover` the doc of each rule with a diagnostic at `offset` (once per code); a hover
/// made only of rule docs covers the first such diagnostic.
fn with_rule_docs(world: &World, path: &Path, offset: usize, hover: Option<Hover>) -> Option<Hover> {
    let diagnostics = diagnostics_for_display(world, path);
    let mut codes: Vec<&'static str> = Vec::new();
    let mut first_range = None;
    for d in diagnostics.iter().filter(|d| d.range.touches(offset)) {
        if !codes.contains(&d.code) {
            codes.push(d.code);
        }
        first_range.get_or_insert(d.range);
    }
    let docs: Vec<String> = codes.iter().filter_map(|code| rules::lookup(code)).map(|rule| rule.doc()).collect();
    if docs.is_empty() {
        return hover;
    }
    let docs = docs.join("\n---\n\n");
    match hover {
        Some(mut hover) => {
            hover.contents = format!("{}\n\n---\n\n{docs}", hover.contents.trim_end());
            Some(hover)
        }
        None => Some(Hover { contents: docs, range: first_range.unwrap_or(TextRange::empty(offset)) }),
    }
}

pub fn completion(world: &World, path: &Path, offset: usize) -> Vec<CompletionItem> {
    completion_list(world, path, offset).items
}

pub fn completion_list(world: &World, path: &Path, offset: usize) -> CompletionList {
    let graph = graph::completion(world, path, offset);
    let mut items = graph.items;
    if world.settings_for(path).features.markdown_anchor_links {
        items.extend(markdown::features::completion(world, path, offset));
    }
    let editing = kep::editing::completion(world, path, offset);
    items.extend(editing.items);
    items.extend(node_marker_completion(world, path, offset));
    let narrowed =
        world.file(path).is_some_and(|file| super::completion_filter::narrow(&file.text, offset, &mut items));
    CompletionList { items, incomplete: graph.incomplete || editing.incomplete || narrowed }
}

/// The SIG Node marker comment after `#` on a `reviewers:`/`approvers:` item line of a kep.yaml
/// or an OWNERS file (see `rules/sig_node_owners_mismatch.rs`).
fn node_marker_completion(world: &World, path: &Path, offset: usize) -> Option<CompletionItem> {
    let file = world.file(path).filter(|f| matches!(f.kind, FileKind::KepYaml | FileKind::Owners))?;
    let (range, role) = nodeapprovers::marker_slot(&file.text, offset)?;
    let text = format!("# {}", role.marker());
    Some(CompletionItem {
        label: role.marker().to_string(),
        kind: CompletionKind::Value,
        detail: Some(format!("SIG Node assigned {}", role.word())),
        documentation: Some(format!(
            "Marks this {} as assigned by SIG Node: the `OWNERS` file beside kep.yaml must list them under `{}` (`sig-node-owners-mismatch`).",
            role.word(),
            role.key()
        )),
        edit_range: range,
        insert_text: text.clone(),
        snippet: false,
        sort_text: None,
        filter_text: Some(text),
    })
}

pub fn document_symbols(world: &World, path: &Path) -> Vec<Symbol> {
    let mut out = Vec::new();
    if world.settings_for(path).features.markdown_symbols {
        out.extend(markdown::features::document_symbols(world, path));
    }
    out.extend(kep::editing::document_symbols(world, path));
    out
}

/// For each offset, the ranges to grow a selection through, innermost first.
pub fn selection_ranges(world: &World, path: &Path, offsets: &[usize]) -> Vec<Vec<TextRange>> {
    kep::editing::selection_ranges(world, path, offsets)
}

pub fn workspace_symbols(world: &World, query: &str) -> Vec<WorkspaceSymbol> {
    graph::workspace_symbols(world, query)
}

pub fn workspace_symbol_range(world: &World, path: &Path) -> Option<TextRange> {
    graph::workspace_symbol_range(world, path)
}

pub fn folding_ranges(world: &World, path: &Path) -> Vec<Fold> {
    if !world.settings_for(path).features.markdown_folding {
        return Vec::new();
    }
    markdown::features::folding_ranges(world, path)
}

pub fn code_lenses(world: &World, path: &Path) -> Vec<Lens> {
    if !world.settings_for(path).features.code_lens {
        return Vec::new();
    }
    let mut out = markdown::features::code_lenses(world, path);
    out.extend(graph::code_lenses(world, path));
    out
}

/// The release-readiness lens of a kep.yaml targeting the upcoming release, and what its command
/// shows: the missing items, one a line.
pub fn readiness_lens(world: &World, path: &Path) -> Option<(Lens, String)> {
    if !world.settings_for(path).features.code_lens {
        return None;
    }
    let lens = release::view::lens(world, path)?;
    let readiness = release::of_file(world, path)?;
    Some((lens, release::view::missing_list(&readiness)))
}

pub fn inlay_hints(world: &World, path: &Path, range: TextRange) -> Vec<InlayHint> {
    if !world.settings_for(path).features.inlay_hints {
        return Vec::new();
    }
    graph::inlay_hints(world, path, range)
}

pub fn document_links(world: &World, path: &Path) -> Vec<Link> {
    graph::document_links(world, path)
}

pub fn source_actions(world: &World, path: &Path) -> Vec<SourceAction> {
    markdown::features::source_actions(world, path)
}

/// The range a rename at `offset` would change, or why nothing can be renamed there.
pub fn prepare_rename(world: &World, path: &Path, offset: usize) -> Result<TextRange, String> {
    if !world.settings_for(path).features.markdown_anchor_links {
        return Err("renaming headings is switched off (kep.markdown.anchorLinks)".into());
    }
    markdown::features::prepare_rename(world, path, offset)
}

pub fn rename(world: &World, path: &Path, offset: usize, new_name: &str) -> Result<Vec<FileEdit>, String> {
    if !world.settings_for(path).features.markdown_anchor_links {
        return Err("renaming headings is switched off (kep.markdown.anchorLinks)".into());
    }
    markdown::features::rename(world, path, offset, new_name)
}

// The commands: the edits behind `kep.newKep`, `kep.promote` and `kep.updateToc` and the text of
// `kep.releaseReadiness` (the command line calls the same modules).

pub use super::kep::promote::{kep_dir_of, promote, Promotion};
pub use super::kep::scaffold::{scaffold as new_kep, NewKep, Scaffold};
pub use super::markdown::features::UPDATE_TOC as UPDATE_TOC_ACTION;

/// The table of contents update of a Markdown file of a KEP tree: `Ok(None)` when it is up to date.
pub fn update_toc(world: &World, path: &Path) -> Result<Option<Fix>, String> {
    let file = world.file(path).ok_or_else(|| format!("{} is not open or indexed", path.display()))?;
    if !matches!(file.kind, FileKind::Readme | FileKind::Markdown) {
        return Err(format!("{} is not a Markdown file of a KEP tree", path.display()));
    }
    Ok(markdown::toc::fix(&file.text).map(|(range, new_text)| Fix {
        title: "Update table of contents".into(),
        edits: vec![FileEdit { path: path.to_path_buf(), range, new_text }],
        ..Fix::default()
    }))
}

/// What a KEP still misses for the freezes of the upcoming release, as a list for a message;
/// `None` when it does not target that release.
pub fn release_readiness_text(world: &World, path: &Path) -> Option<String> {
    release::of_file(world, path).map(|readiness| release::view::missing_list(&readiness))
}

/// Whether `code` names a rule (settings naming another are refused).
pub fn is_rule(code: &str) -> bool {
    rules::lookup(code).is_some()
}

/// The fix that silences diagnostic `d` with a `kep-ls: ignore[...]` comment, where one can go.
pub fn ignore_fix(world: &World, path: &Path, d: &Diagnostic) -> Option<Fix> {
    let file = world.file(path)?;
    let markdown = matches!(file.kind, FileKind::Readme | FileKind::Markdown);
    super::suppress::ignore_fix(path, &file.text, file.line_index(), markdown, d)
}

/// The safe fixes of `diagnostics` that can be applied together in `path` (fix all).
pub fn fix_all(path: &Path, diagnostics: &[Diagnostic]) -> Vec<FileEdit> {
    super::fixes::safe_edits(path, diagnostics)
}
