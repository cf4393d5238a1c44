//! Editor features in core terms (byte ranges, plain data): one entry point per feature, which
//! hands the request to the module that knows the kind of file (kep.yaml, README, PRR file).
//! The LSP adapter converts these results; nothing here knows the protocol.

use std::path::{Path, PathBuf};

use super::diagnostic::FileEdit;
use super::layout::FileKind;
use super::text::TextRange;
use super::world::World;
use super::{graph, kep, markdown, nodeapprovers, release, rules};

/// A place to go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NavTarget {
    pub path: PathBuf,
    /// The whole target (a heading's section, a KEP's title line).
    pub range: TextRange,
    /// The part to select and reveal.
    pub focus: TextRange,
}

/// A place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Markdown.
    pub contents: String,
    /// The text the hover is about.
    pub range: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A key of kep.yaml.
    Key,
    /// An allowed value (status, stage, boolean).
    Value,
    /// A SIG, working group or committee.
    Group,
    /// A GitHub handle.
    Person,
    /// A release (`v1.33`).
    Milestone,
    /// Another KEP.
    Kep,
    /// A heading anchor.
    Anchor,
    /// A template with placeholders.
    Snippet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// The text the item replaces (the partial word, its quotes included when it has them).
    pub edit_range: TextRange,
    pub insert_text: String,
    /// `insert_text` uses snippet syntax (`${1:placeholder}`).
    pub snippet: bool,
    /// Orders items where the label alone would not (`0001`, `0002`, ...).
    pub sort_text: Option<String>,
    pub filter_text: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Heading,
    Key,
    List,
    Value,
    /// An `<<[UNRESOLVED]>>` block.
    Unresolved,
    Kep,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

/// A workspace-wide symbol: a KEP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub location: Location,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Comment,
    Region,
}

/// A foldable range; the adapter turns it into lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

/// A line of information above a range (a code lens without an action).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    pub range: TextRange,
    pub title: String,
}

/// Text shown after a position (an inlay hint).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
    pub tooltip: Option<String>,
}

/// A range that links to a file or a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub range: TextRange,
    pub target: LinkTarget,
    pub tooltip: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    File(PathBuf),
    Url(String),
}

/// A source action: a whole-file change offered without a diagnostic ("Update table of contents").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceAction {
    /// The LSP code action kind below `source`, e.g. `source.updateToc.kep`.
    pub kind: &'static str,
    pub title: String,
    pub edits: Vec<FileEdit>,
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
    let diagnostics = world.diagnostics_for_display(path);
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

/// Completion items, and whether the list was cut short: the client then asks again as the user
/// types, and the server filters by what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompletionList {
    pub items: Vec<CompletionItem>,
    pub incomplete: bool,
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
