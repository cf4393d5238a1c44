//! The workspace on disk: indexing every `keps/` tree of the workspace folders in the background
//! (with `$/progress`), keeping the index fresh from `workspace/didChangeWatchedFiles` and folder
//! changes. Open documents always win over the disk.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use ls_types::*;
use tower_lsp_server::Client;

use super::server::State;
use super::{background, convert};
use crate::ide::world::SourceFile;
use crate::vfs;

/// Files read and parsed per step of indexing (a progress report each; the world's lock is
/// taken once per step, so requests are answered between steps).
const BATCH: usize = 1000;

type Ongoing = tower_lsp_server::OngoingProgress<tower_lsp_server::Bounded, tower_lsp_server::NotCancellable>;

/// The globs of the files whose changes matter.
pub const WATCHED: &[&str] = &[
    "**/keps/**/kep.yaml",
    "**/keps/**/*.md",
    "**/keps/prod-readiness/**/*.yaml",
    "**/OWNERS_ALIASES",
    "**/keps/**/OWNERS",
    "**/sigs.yaml",
];

/// The folders of `initialize`: `workspaceFolders`, else `rootUri`.
#[allow(deprecated)]
pub fn initial_folders(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        return folders.iter().filter_map(|f| convert::path(&f.uri)).collect();
    }
    params.root_uri.as_ref().and_then(convert::path).into_iter().collect()
}

/// Indexes `folders` in a background task; reports progress when the client supports it, then
/// republishes the diagnostics of the open documents.
pub fn index_folders(
    client: Client,
    state: Arc<State>,
    folders: Vec<PathBuf>,
    on_done: impl FnOnce() + Send + 'static,
) {
    // Counted before the task starts, so that a request arriving next already waits for it.
    let run = state.indexing_run();
    tokio::spawn(async move {
        let _run = run;
        let started = Instant::now();
        // The progress bar is asked for in a task of its own: indexing never waits for the
        // client's answer to `window/workDoneProgress/create` (a client that never answers once
        // left the index unbuilt). Reports go out only once the bar has begun.
        let progress: Arc<std::sync::Mutex<Option<Ongoing>>> = Arc::default();
        let begin = state.supports_progress().then(|| {
            let (client, progress) = (client.clone(), progress.clone());
            tokio::spawn(async move {
                let token = NumberOrString::String(format!("kep-ls/index/{}", started.elapsed().as_nanos()));
                match client.create_work_done_progress(token.clone()).await {
                    Ok(()) => {
                        let begun = client.progress(token, "Indexing KEPs").with_percentage(0).begin().await;
                        *progress.lock().unwrap_or_else(|p| p.into_inner()) = Some(begun);
                    }
                    Err(e) => tracing::debug!("no progress token: {e}"),
                }
            })
        });
        let take = || progress.lock().unwrap_or_else(|p| p.into_inner()).take();
        let walked = tokio::task::spawn_blocking(move || walk_folders(&folders)).await.unwrap_or_default();
        let total = walked.files.len();
        let mut done = 0;
        for batch in walked.files.chunks(BATCH) {
            let batch = batch.to_vec();
            let parsed = tokio::task::spawn_blocking(move || vfs::read_parsed(&batch, vfs::Prepare::References))
                .await
                .unwrap_or_default();
            done += parsed.len();
            state.insert_from_disk(
                parsed.into_iter().map(|r| r.unwrap_or_else(|u| SourceFile::unreadable(u.path, u.error.to_string()))),
            );
            if let Some(ongoing) = take() {
                let percentage = (done * 100 / total.max(1)) as u32;
                ongoing.report_with_message(format!("{done}/{total} files"), percentage).await;
                *progress.lock().unwrap_or_else(|p| p.into_inner()) = Some(ongoing);
            }
        }
        state.insert_symlinks(&walked.symlinks);
        let keps = state.world().kep_files().count();
        let elapsed = started.elapsed().as_millis();
        tracing::info!("indexed {keps} KEPs ({total} files) in {elapsed} ms");
        let summary = format!("{keps} KEPs ({total} files) in {elapsed} ms");
        match begin {
            // The client has not answered yet: the bar ends as soon as it has begun, in a task
            // of its own, so that a bar once begun is always ended and nothing waits here.
            Some(begin) if !begin.is_finished() => {
                let progress = progress.clone();
                tokio::spawn(async move {
                    let _ = begin.await;
                    let ongoing = progress.lock().unwrap_or_else(|p| p.into_inner()).take();
                    if let Some(ongoing) = ongoing {
                        ongoing.finish_with_message(summary).await;
                    }
                });
            }
            _ => {
                if let Some(ongoing) = take() {
                    ongoing.finish_with_message(summary).await;
                }
            }
        }
        on_done();
    });
}

fn walk_folders(folders: &[PathBuf]) -> vfs::Walked {
    let roots = vfs::roots_of(folders.iter().map(PathBuf::as_path));
    let mut walked = vfs::Walked::default();
    for root in roots {
        let found = vfs::walk_repository(&root);
        walked.files.extend(found.files);
        walked.symlinks.extend(found.symlinks);
    }
    walked
}

/// Asks the client to report changes of the KEP files (a task of its own: awaiting a client
/// request inside a handler can deadlock tower-lsp-server's queue).
pub fn register_watchers(client: Client) {
    tokio::spawn(async move {
        let watchers = WATCHED
            .iter()
            .map(|glob| FileSystemWatcher { glob_pattern: GlobPattern::String((*glob).to_string()), kind: None })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = Registration {
            id: "kep-ls-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = client.register_capability(vec![registration]).await {
            tracing::warn!(
                "the client refused file watching ({e}): changes on disk are seen when documents are saved or reopened"
            );
        }
    });
}

/// What [`apply_file_events`] did at once.
#[derive(Default)]
pub struct EventsApplied {
    /// Files were re-read or forgotten: diagnostics are due.
    pub applied: bool,
    /// The sigs.yaml in use (or one that could be) changed: the group list is due for a re-read.
    pub sigs_changed: bool,
    /// Large texts read (or texts of files with a parse in flight), for the caller to parse in
    /// the background (see `background`).
    pub large: Vec<(PathBuf, String)>,
}

/// Applies watched-file events to the world: re-reads what was created or changed, forgets what
/// was deleted (everything below a deleted directory). Open documents are left alone. Events for
/// paths outside the workspace folders and the repositories of open files are ignored (a client
/// reporting `/` must not index the disk). A directory that appeared is walked and read on the
/// blocking pool, off the protocol thread; `on_walked` runs when its files are in the world.
pub fn apply_file_events(
    state: &Arc<State>,
    events: &[FileEvent],
    on_walked: impl FnOnce(bool) + Send + 'static,
) -> EventsApplied {
    let mut outcome = EventsApplied::default();
    let scope = watched_scope(state);
    let sigs_files = sigs_candidates(state);
    let mut dirs = Vec::new();
    for event in events {
        let Some(path) = convert::path(&event.uri) else { continue };
        if sigs_files.contains(&path) {
            outcome.sigs_changed = true;
            continue;
        }
        if !scope.iter().any(|dir| path.starts_with(dir)) {
            tracing::debug!("ignoring a file event outside the workspace: {}", path.display());
            continue;
        }
        outcome.applied = true;
        if event.typ == FileChangeType::DELETED {
            state.remove_from_disk(&path);
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => dirs.push(path),
            Ok(meta) if meta.is_file() && vfs::wanted(&path) => match vfs::read_text(&path) {
                Ok(text) if background::is_large(&text) || state.parsing.is_pending(&path) => {
                    outcome.large.push((path, text))
                }
                Ok(text) => state.insert_from_disk(std::iter::once(SourceFile::new(path, text.into()))),
                Err(e) => state.insert_from_disk(std::iter::once(SourceFile::unreadable(path, e.to_string()))),
            },
            Ok(meta) if meta.file_type().is_symlink() && vfs::wanted(&path) => {
                if let Ok(target) = std::fs::read_link(&path) {
                    state.insert_symlinks(&[(path, target.to_string_lossy().into_owned())]);
                }
            }
            // Gone again, or not a file kep-ls reads.
            _ => state.remove_from_disk(&path),
        }
    }
    if !dirs.is_empty() {
        let state = state.clone();
        let run = state.indexing_run();
        let sigs_changed = outcome.sigs_changed;
        tokio::spawn(async move {
            let _run = run;
            let read = tokio::task::spawn_blocking(move || {
                dirs.iter()
                    .map(|dir| {
                        let walked = vfs::walk_tree(dir);
                        let parsed = vfs::read_parsed(&walked.files, vfs::Prepare::References);
                        (parsed, walked.symlinks)
                    })
                    .collect::<Vec<_>>()
            })
            .await
            .unwrap_or_default();
            for (parsed, symlinks) in read {
                state.insert_from_disk(
                    parsed
                        .into_iter()
                        .map(|r| r.unwrap_or_else(|u| SourceFile::unreadable(u.path, u.error.to_string()))),
                );
                state.insert_symlinks(&symlinks);
            }
            on_walked(sigs_changed);
        });
    }
    outcome
}

/// The directories whose file events are applied: the workspace folders and the repository roots
/// of opened files (not the file system's root, should a file there be opened).
fn watched_scope(state: &State) -> Vec<PathBuf> {
    let mut scope = state.folders();
    scope.extend(state.roots());
    scope.retain(|dir| dir.parent().is_some());
    scope
}

/// The sigs.yaml files the group list may come from: the `kep.sigsFile` setting and the
/// `../community/sigs.yaml` beside each repository root.
fn sigs_candidates(state: &State) -> Vec<PathBuf> {
    let roots = state.roots();
    let mut candidates: Vec<PathBuf> = roots.iter().filter_map(|root| vfs::sigs_beside(root)).collect();
    if let Some(path) = state.config().sigs_file {
        candidates.push(match roots.first() {
            Some(root) if path.is_relative() => root.join(path),
            _ => path,
        });
    }
    let canonical: Vec<PathBuf> = candidates.iter().filter_map(|c| std::fs::canonicalize(c).ok()).collect();
    candidates.extend(canonical);
    candidates
}
