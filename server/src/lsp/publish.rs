//! Diagnostics of the open documents: scheduled for the documents a change affects (one ticket per
//! document, so a burst costs one run), debounced when an edit adds a problem, published at once
//! when it only removes some, computed off the protocol thread for large texts, and published in
//! order (a stale result never overtakes a newer one).

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use ls_types::*;
use tower_lsp_server::Client;

use super::background;
use super::guard;
use super::server::Backend;
use super::state::State;
use crate::ide::change::Affected;

impl Backend {
    /// Schedules diagnostics, after the debounce, for the open documents a change affected
    /// (the core decides: see `ide::change`).
    pub(super) fn schedule_diagnostics(&self, affected: &Affected) {
        self.schedule_diagnostics_after(affected, self.state.debounce);
    }

    /// [`Backend::schedule_diagnostics`] with another delay: an opened document is analysed at once
    /// (nobody is typing yet), changes wait for the debounce.
    pub(super) fn schedule_diagnostics_after(&self, affected: &Affected, delay: Duration) {
        let targets: Vec<(PathBuf, u64)> = {
            let world = self.state.world();
            let mut documents = self.state.documents();
            documents
                .iter_mut()
                .filter_map(|(path, doc)| {
                    if !affected.covers(&world, path) {
                        return None;
                    }
                    doc.ticket = self.state.tickets.fetch_add(1, Ordering::Relaxed) + 1;
                    Some((path.clone(), doc.ticket))
                })
                .collect()
        };
        for (path, ticket) in targets {
            let client = self.client.clone();
            let state = self.state.clone();
            tokio::spawn(async move {
                let mut held = None;
                // A zero delay must not go through the timer, which rounds up to a millisecond.
                if !delay.is_zero() {
                    // The debounce is for problems an edit adds (a half-typed word is not flagged
                    // mid-word); when it only removes some, the squiggle goes with the keystroke.
                    match publish_if_only_removed(&client, &state, &path, ticket).await {
                        Early::Published => return,
                        Early::Held(computed) => held = computed,
                    }
                    tokio::time::sleep(delay).await;
                }
                publish(&client, &state, &path, ticket, held).await;
            });
        }
    }
}

/// Computes and publishes the diagnostics of an open document, unless a newer run was scheduled
/// for it since `ticket` (that run publishes; a change always schedules one, so the client
/// always ends up with diagnostics tagged with the text it has) or it closed. `held`: what was
/// computed for this same ticket before the debounce; still true, since any change that could
/// alter it (an edit, a dependency, settings, the disk) schedules a newer ticket.
async fn publish(client: &Client, state: &Arc<State>, path: &Path, ticket: u64, held: Option<Computed>) {
    let computed = match held {
        Some(held) if state.is_current(path, ticket) => Some(held),
        _ => analyse(state, path, ticket).await,
    };
    let Some((uri, version, diagnostics)) = computed else { return };
    let _in_order = state.publish.lock().await;
    // Computed outside the lock: a run scheduled meanwhile publishes instead (the newest wins).
    if !state.is_current(path, ticket) {
        return;
    }
    state.record_published(path, &diagnostics);
    client.publish_diagnostics(uri, diagnostics, Some(version)).await;
}

/// A document's diagnostics with the URI and version they were computed for.
type Computed = (Uri, i32, Vec<ls_types::Diagnostic>);

/// What [`publish_if_only_removed`] did.
enum Early {
    Published,
    /// Not published (the edit adds a problem, or nothing was published yet): the diagnostics
    /// if they were computed, for the publish after the debounce to reuse.
    Held(Option<Computed>),
}

/// Publishes the diagnostics of an open document at once when each of them was already published
/// (the edit only removed problems, or changed none).
async fn publish_if_only_removed(client: &Client, state: &Arc<State>, path: &Path, ticket: u64) -> Early {
    // Nothing published yet (the document's first publish is on its way): nothing to compare with.
    if !state.has_published(path) {
        return Early::Held(None);
    }
    let Some((uri, version, diagnostics)) = analyse(state, path, ticket).await else { return Early::Held(None) };
    let _in_order = state.publish.lock().await;
    if !state.is_current(path, ticket) {
        return Early::Published;
    }
    if !state.only_removed(path, &diagnostics) {
        return Early::Held(Some((uri, version, diagnostics)));
    }
    state.record_published(path, &diagnostics);
    client.publish_diagnostics(uri, diagnostics, Some(version)).await;
    Early::Published
}

/// [`compute`], on the blocking pool when the document is large (see `background`).
async fn analyse(state: &Arc<State>, path: &Path, ticket: u64) -> Option<Computed> {
    if !state.world().file(path).is_some_and(|file| background::is_large(&file.text)) {
        return compute(state, path, ticket);
    }
    let (state, path) = (state.clone(), path.to_path_buf());
    tokio::task::spawn_blocking(move || compute(&state, &path, ticket)).await.ok().flatten()
}

/// The diagnostics of an open document with its URI and version, or `None` when it closed, a
/// newer run was scheduled for it since `ticket`, or its newest text is still being parsed (the
/// parse schedules a run when it lands).
fn compute(state: &State, path: &Path, ticket: u64) -> Option<Computed> {
    let world = state.world();
    let (uri, version) = {
        let documents = state.documents();
        let doc = documents.get(path).filter(|doc| doc.ticket == ticket)?;
        (doc.uri.clone(), doc.version)
    };
    if state.parsing.is_pending(path) {
        return None;
    }
    state.diagnostic_runs.fetch_add(1, Ordering::Relaxed);
    let computed = guard::catch("diagnostics", || {
        super::diagnostics::to_lsp(
            &world,
            path,
            &crate::ide::features::diagnostics_for_display(&world, path),
            state.encoding(),
        )
    });
    Some((uri, version, computed.ok()?))
}

/// A diagnostic as compared across edits: its place moves with the text, its code and message do not.
fn identity(d: &ls_types::Diagnostic) -> (String, String) {
    let code = match &d.code {
        Some(NumberOrString::String(code)) => code.clone(),
        Some(NumberOrString::Number(n)) => n.to_string(),
        None => String::new(),
    };
    (code, d.message.clone())
}

impl State {
    pub(super) fn record_published(&self, path: &Path, diagnostics: &[ls_types::Diagnostic]) {
        let mut published = self.published.lock().unwrap_or_else(|p| p.into_inner());
        published.insert(path.to_path_buf(), diagnostics.iter().map(identity).collect());
    }

    /// Whether every one of `diagnostics` was in the last publish for `path` (counted: two equal
    /// problems where one was published is an added problem).
    pub(super) fn only_removed(&self, path: &Path, diagnostics: &[ls_types::Diagnostic]) -> bool {
        let published = self.published.lock().unwrap_or_else(|p| p.into_inner());
        let Some(before) = published.get(path) else { return false };
        let mut left: Vec<&(String, String)> = before.iter().collect();
        diagnostics.iter().all(|d| {
            let id = identity(d);
            match left.iter().position(|b| **b == id) {
                Some(at) => {
                    left.swap_remove(at);
                    true
                }
                None => false,
            }
        })
    }

    /// Whether `path` is open and `ticket` is still its newest scheduled run.
    pub(super) fn is_current(&self, path: &Path, ticket: u64) -> bool {
        self.documents().get(path).is_some_and(|doc| doc.ticket == ticket)
    }

    pub(super) fn has_published(&self, path: &Path) -> bool {
        self.published.lock().unwrap_or_else(|p| p.into_inner()).contains_key(path)
    }

    pub(super) fn forget_published(&self, path: &Path) {
        self.published.lock().unwrap_or_else(|p| p.into_inner()).remove(path);
    }
}
