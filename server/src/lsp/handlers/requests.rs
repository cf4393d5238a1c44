//! The feature handlers: convert the request in, ask the core, convert the answer out. Each is
//! synchronous (no `.await`), so no handler can hold a lock across a suspension point.

use std::path::PathBuf;

use ls_types::*;

use crate::ide::features::{self, FoldKind, LinkTarget, SymbolKind as CoreSymbolKind};
use crate::ide::text::TextRange;
use crate::ide::world::World;
use crate::lsp::convert;
use crate::lsp::state::State;

/// The file and byte offset of a text document position, if the file is known.
pub(super) fn locate(world: &World, state: &State, params: &TextDocumentPositionParams) -> Option<(PathBuf, usize)> {
    let path = state.path_of(&params.text_document.uri)?;
    let file = world.file(&path)?;
    let offset = convert::offset(file.line_index(), &file.text, params.position, state.encoding());
    Some((path, offset))
}

/// An LSP location for a core range in any file the world holds.
fn location(world: &World, state: &State, path: &std::path::Path, range: TextRange) -> Option<ls_types::Location> {
    let file = world.file(path)?;
    Some(ls_types::Location {
        uri: convert::uri(path)?,
        range: convert::range(file.line_index(), &file.text, range, state.encoding()),
    })
}

fn lsp_range(world: &World, state: &State, path: &std::path::Path, range: TextRange) -> Option<Range> {
    let file = world.file(path)?;
    Some(convert::range(file.line_index(), &file.text, range, state.encoding()))
}

pub fn definition(state: &State, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let world = state.world();
    let (path, offset) = locate(&world, state, &params.text_document_position_params)?;
    let links: Vec<LocationLink> = features::definition(&world, &path, offset)
        .into_iter()
        .filter_map(|target| {
            let file = world.file(&target.path)?;
            let encoding = state.encoding();
            Some(LocationLink {
                origin_selection_range: None,
                target_uri: convert::uri(&target.path)?,
                target_range: convert::range(file.line_index(), &file.text, target.range, encoding),
                target_selection_range: convert::range(file.line_index(), &file.text, target.focus, encoding),
            })
        })
        .collect();
    if links.is_empty() {
        return None;
    }
    if state.supports_definition_links() {
        Some(GotoDefinitionResponse::Link(links))
    } else {
        let locations = links
            .into_iter()
            .map(|l| ls_types::Location { uri: l.target_uri, range: l.target_selection_range })
            .collect();
        Some(GotoDefinitionResponse::Array(locations))
    }
}

pub fn references(state: &State, params: ReferenceParams) -> Option<Vec<ls_types::Location>> {
    let world = state.world();
    let (path, offset) = locate(&world, state, &params.text_document_position)?;
    let found = features::references(&world, &path, offset, params.context.include_declaration);
    Some(found.iter().filter_map(|l| location(&world, state, &l.path, l.range)).collect())
}

pub fn hover(state: &State, params: HoverParams) -> Option<ls_types::Hover> {
    let world = state.world();
    let (path, offset) = locate(&world, state, &params.text_document_position_params)?;
    let hover = features::hover(&world, &path, offset)?;
    Some(ls_types::Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: hover.contents }),
        range: lsp_range(&world, state, &path, hover.range),
    })
}

fn symbol_kind(kind: CoreSymbolKind) -> SymbolKind {
    match kind {
        CoreSymbolKind::Heading => SymbolKind::STRING,
        CoreSymbolKind::Key => SymbolKind::KEY,
        CoreSymbolKind::List => SymbolKind::ARRAY,
        CoreSymbolKind::Value => SymbolKind::STRING,
        CoreSymbolKind::Unresolved => SymbolKind::EVENT,
        CoreSymbolKind::Kep => SymbolKind::FILE,
    }
}

/// At most this many symbols in an outline, and folding ranges in a file: an editor's outline of
/// 500,000 keys helps nobody, and the answer would be tens of megabytes.
pub const MAX_OUTLINE: usize = 5000;

pub fn document_symbols(state: &State, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let world = state.world();
    let path = state.path_of(&params.text_document.uri)?;
    let file = world.file(&path)?;
    let encoding = state.encoding();
    /// Converts a symbol and its children while `budget` lasts (depth first, so what is shown is
    /// the start of the file).
    fn convert_symbol(
        symbol: features::Symbol,
        file: &crate::ide::world::SourceFile,
        encoding: crate::ide::text::Encoding,
        budget: &mut usize,
    ) -> Option<DocumentSymbol> {
        *budget = budget.checked_sub(1)?;
        let mut children = Vec::new();
        for child in symbol.children {
            match convert_symbol(child, file, encoding, budget) {
                Some(child) => children.push(child),
                None => break,
            }
        }
        #[allow(deprecated)]
        Some(DocumentSymbol {
            name: if symbol.name.is_empty() { " ".into() } else { symbol.name },
            detail: symbol.detail,
            kind: symbol_kind(symbol.kind),
            tags: None,
            deprecated: None,
            range: convert::range(file.line_index(), &file.text, symbol.range, encoding),
            selection_range: convert::range(file.line_index(), &file.text, symbol.selection, encoding),
            children: Some(children),
        })
    }
    let mut budget = MAX_OUTLINE;
    let symbols = features::document_symbols(&world, &path)
        .into_iter()
        .map_while(|s| convert_symbol(s, file, encoding, &mut budget))
        .collect();
    Some(DocumentSymbolResponse::Nested(symbols))
}

pub fn selection_ranges(state: &State, params: SelectionRangeParams) -> Option<Vec<SelectionRange>> {
    let world = state.world();
    let path = state.path_of(&params.text_document.uri)?;
    let file = world.file(&path)?;
    let encoding = state.encoding();
    let offsets: Vec<usize> =
        params.positions.iter().map(|p| convert::offset(file.line_index(), &file.text, *p, encoding)).collect();
    let chains = features::selection_ranges(&world, &path, &offsets);
    if chains.len() != offsets.len() {
        return None;
    }
    let ranges = chains
        .into_iter()
        .map(|chain| {
            // The core lists innermost first; the protocol nests each range in its parent.
            let mut nested: Option<Box<SelectionRange>> = None;
            for range in chain.into_iter().rev() {
                let range = convert::range(file.line_index(), &file.text, range, encoding);
                nested = Some(Box::new(SelectionRange { range, parent: nested }));
            }
            nested.map_or(SelectionRange { range: Range::default(), parent: None }, |innermost| *innermost)
        })
        .collect();
    Some(ranges)
}

pub fn workspace_symbols(state: &State, params: WorkspaceSymbolParams) -> Option<WorkspaceSymbolResponse> {
    let world = state.world();
    // A client that resolves ranges later gets each symbol's file only: no line index to build
    // for files that are usually not open, and a smaller answer.
    let ranges_later = state.resolves_symbol_ranges();
    let symbols = features::workspace_symbols(&world, &params.query)
        .into_iter()
        .filter_map(|s| {
            let location = if ranges_later {
                OneOf::Right(WorkspaceLocation { uri: convert::uri(&s.location.path)? })
            } else {
                OneOf::Left(location(&world, state, &s.location.path, s.location.range)?)
            };
            Some(ls_types::WorkspaceSymbol {
                name: s.name,
                kind: symbol_kind(s.kind),
                tags: None,
                container_name: s.detail,
                location,
                data: None,
            })
        })
        .collect();
    Some(WorkspaceSymbolResponse::Nested(symbols))
}

/// `workspaceSymbol/resolve`: the range of a symbol sent with its file only.
pub fn resolve_workspace_symbol(state: &State, mut symbol: ls_types::WorkspaceSymbol) -> ls_types::WorkspaceSymbol {
    if let OneOf::Right(WorkspaceLocation { uri }) = &symbol.location {
        let world = state.world();
        let resolved = convert::path(uri).and_then(|path| {
            let range = features::workspace_symbol_range(&world, &path)?;
            location(&world, state, &path, range)
        });
        if let Some(location) = resolved {
            symbol.location = OneOf::Left(location);
        }
    }
    symbol
}

pub fn folding_ranges(state: &State, params: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
    let world = state.world();
    let path = state.path_of(&params.text_document.uri)?;
    let file = world.file(&path)?;
    let index = file.line_index();
    let folds = features::folding_ranges(&world, &path)
        .into_iter()
        .filter_map(|fold| {
            let start = index.line_of(fold.range.start) as u32;
            let end = index.line_of(fold.range.end.saturating_sub(1).max(fold.range.start)) as u32;
            (end > start).then_some(FoldingRange {
                start_line: start,
                end_line: end,
                kind: Some(match fold.kind {
                    FoldKind::Comment => FoldingRangeKind::Comment,
                    FoldKind::Region => FoldingRangeKind::Region,
                }),
                ..Default::default()
            })
        })
        .take(MAX_OUTLINE)
        .collect();
    Some(folds)
}

pub fn code_lenses(state: &State, params: CodeLensParams) -> Option<Vec<CodeLens>> {
    let world = state.world();
    let path = state.path_of(&params.text_document.uri)?;
    let mut lenses: Vec<CodeLens> = features::code_lenses(&world, &path)
        .into_iter()
        .filter_map(|lens| {
            Some(CodeLens {
                range: lsp_range(&world, state, &path, lens.range)?,
                // A lens that only informs: an empty command id is shown, not run.
                command: Some(Command { title: lens.title, command: String::new(), arguments: None }),
                data: None,
            })
        })
        .collect();
    // Release readiness: its command shows what is missing (`kep.releaseReadiness`).
    if let Some((lens, missing)) = features::readiness_lens(&world, &path) {
        if let Some(range) = lsp_range(&world, state, &path, lens.range) {
            lenses.insert(
                0,
                CodeLens {
                    range,
                    command: Some(Command {
                        title: lens.title,
                        command: super::commands::RELEASE_READINESS.to_string(),
                        arguments: Some(vec![
                            serde_json::json!({ "uri": params.text_document.uri.as_str(), "missing": missing }),
                        ]),
                    }),
                    data: None,
                },
            );
        }
    }
    Some(lenses)
}

pub fn inlay_hints(state: &State, params: InlayHintParams) -> Option<Vec<ls_types::InlayHint>> {
    let world = state.world();
    let path = state.path_of(&params.text_document.uri)?;
    let file = world.file(&path)?;
    let range = convert::text_range(file.line_index(), &file.text, params.range, state.encoding());
    let hints = features::inlay_hints(&world, &path, range)
        .into_iter()
        .map(|hint| ls_types::InlayHint {
            position: convert::position(file.line_index(), &file.text, hint.offset, state.encoding()),
            label: InlayHintLabel::String(hint.label),
            kind: None,
            text_edits: None,
            tooltip: hint.tooltip.map(InlayHintTooltip::String),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect();
    Some(hints)
}

pub fn document_links(state: &State, params: DocumentLinkParams) -> Option<Vec<DocumentLink>> {
    let world = state.world();
    let path = state.path_of(&params.text_document.uri)?;
    let links = features::document_links(&world, &path)
        .into_iter()
        .filter_map(|link| {
            let target = match &link.target {
                LinkTarget::File(file) => convert::uri(file)?,
                LinkTarget::Url(url) => url.parse().ok()?,
            };
            Some(DocumentLink {
                range: lsp_range(&world, state, &path, link.range)?,
                target: Some(target),
                tooltip: link.tooltip,
                data: None,
            })
        })
        .collect();
    Some(links)
}

pub fn prepare_rename(
    state: &State,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>, String> {
    let world = state.world();
    let Some((path, offset)) = locate(&world, state, &params) else { return Ok(None) };
    let range = features::prepare_rename(&world, &path, offset)?;
    Ok(lsp_range(&world, state, &path, range).map(PrepareRenameResponse::Range))
}

pub fn rename(state: &State, params: RenameParams) -> Result<Option<WorkspaceEdit>, String> {
    let world = state.world();
    let Some((path, offset)) = locate(&world, state, &params.text_document_position) else { return Ok(None) };
    let edits = features::rename(&world, &path, offset, &params.new_name)?;
    let fix = crate::ide::diagnostic::Fix { title: "rename".into(), edits, ..Default::default() };
    crate::lsp::edits::workspace_edit(state, &world, &fix).map(Some).map_err(|refusal| refusal.message())
}
