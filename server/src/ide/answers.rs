//! The plain answers of the editor features (byte ranges, no protocol): what the feature modules
//! build and the facade (`features`) returns, kept apart so that the modules below the facade do
//! not import the facade above them.

use std::path::PathBuf;

use super::diagnostic::FileEdit;
use super::text::TextRange;

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

/// Completion items, and whether the list was cut short: the client then asks again as the user
/// types, and the server filters by what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompletionList {
    pub items: Vec<CompletionItem>,
    pub incomplete: bool,
}
