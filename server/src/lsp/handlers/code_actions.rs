//! `textDocument/codeAction`: the fixes of the diagnostics under the cursor (quick fixes, with the
//! diagnostic attached; the last one of each silences it with a suppression comment), and
//! `source.fixAll.kep` for every safe fix of the file.

use std::sync::atomic::Ordering;

use ls_types::*;
use tower_lsp_server::Client;

use crate::ide::diagnostic::Fix;
use crate::ide::features;
use crate::lsp::state::State;
use crate::lsp::write_target::Refusal;
use crate::lsp::{convert, diagnostics, edits};

pub const FIX_ALL: &str = "source.fixAll.kep";

/// Said once per session when a quick fix that creates a file is left out because the editor
/// cannot create files: otherwise the fix would silently never appear.
const CANNOT_CREATE: &str = "kep-ls: this editor cannot create files through the language server (it does not \
     announce `create` in workspaceEdit.resourceOperations), so quick fixes that create a file (such as the \
     PRR approval file keps/prod-readiness/<sig>/<number>.yaml) are not offered. Create the file yourself \
     (the problem's message names it), or run `kep-ls new` in a terminal for a new KEP.";

pub fn code_actions(client: &Client, state: &State, params: CodeActionParams) -> Option<CodeActionResponse> {
    let path = state.path_of(&params.text_document.uri)?;
    let world = state.world();
    let file = world.file(&path)?;
    let encoding = state.encoding();
    let range = convert::text_range(file.line_index(), &file.text, params.range, encoding);
    let wanted = |kind: &CodeActionKind| match &params.context.only {
        None => true,
        Some(only) => {
            only.iter().any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        }
    };
    let all = crate::ide::features::diagnostics(&world, &path);
    let mut actions = Vec::new();
    let mut stale = Vec::new();
    let mut cannot_create = false;
    if wanted(&CodeActionKind::QUICKFIX) {
        for d in all.iter().filter(|d| d.range.start <= range.end && range.start <= d.range.end) {
            let attached = diagnostics::to_lsp(&world, &path, std::slice::from_ref(d), encoding);
            let ignore = features::ignore_fix(&world, &path, d);
            for fix in d.fixes.iter().chain(ignore.as_ref()) {
                let edit = match edits::workspace_edit(state, &world, fix) {
                    Ok(edit) => edit,
                    Err(refusal) => {
                        match &refusal {
                            Refusal::Stale(path) => stale.push(path.clone()),
                            Refusal::CannotCreate => cannot_create = true,
                            Refusal::Unsafe(_) => {}
                        }
                        tracing::info!("quick fix `{}` not offered: {}", fix.title, refusal.message());
                        continue;
                    }
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(attached.clone()),
                    edit: Some(edit),
                    is_preferred: Some(fix.preferred),
                    ..Default::default()
                }));
            }
        }
    }
    for action in features::source_actions(&world, &path) {
        let kind = CodeActionKind::new(action.kind);
        if !wanted(&kind) {
            continue;
        }
        let fix = Fix { title: action.title.clone(), edits: action.edits, ..Fix::default() };
        if let Ok(edit) = edits::workspace_edit(state, &world, &fix) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: action.title,
                kind: Some(kind),
                edit: Some(edit),
                ..Default::default()
            }));
        }
    }
    let fix_all_kind = CodeActionKind::new(FIX_ALL);
    if wanted(&fix_all_kind) {
        let safe = features::fix_all(&path, &all);
        if !safe.is_empty() {
            let fix = Fix { title: "Fix all auto-fixable KEP problems".into(), edits: safe, ..Fix::default() };
            if let Ok(edit) = edits::workspace_edit(state, &world, &fix) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(fix_all_kind),
                    edit: Some(edit),
                    ..Default::default()
                }));
            }
        }
    }
    drop(world);
    // A fix refused because a file changed on disk is offered again once the file is re-read.
    state.refresh_from_disk(&stale);
    if cannot_create && !state.told_cannot_create.swap(true, Ordering::Relaxed) {
        let client = client.clone();
        tokio::spawn(async move { client.show_message(MessageType::WARNING, CANNOT_CREATE).await });
    }
    Some(actions)
}
