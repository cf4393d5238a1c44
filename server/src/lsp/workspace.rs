//! The workspace on disk: indexing every `keps/` tree of the workspace folders in the background
//! (with `$/progress`), keeping the index fresh from `workspace/didChangeWatchedFiles` and folder
//! changes. Open documents always win over the disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use ls_types::*;
use tower_lsp_server::Client;

use super::convert;
use super::server::State;
use crate::ide::world::SourceFile;
use crate::vfs;

/// How deep below a workspace folder to look for `keps/` trees.
const SEARCH_DEPTH: usize = 3;
/// Files read and parsed per step of indexing (a progress report each; the world's lock is
/// taken once per step, so requests are answered between steps).
const BATCH: usize = 1000;

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
    // The spelling dictionary is built once per process: on a thread of its own, beside the walk.
    tokio::task::spawn_blocking(crate::ide::rules::misspelling::warm);
    tokio::spawn(async move {
        let _run = run;
        let started = Instant::now();
        let progress = if state.supports_progress() {
            let token = NumberOrString::String(format!("kep-ls/index/{}", started.elapsed().as_nanos()));
            match client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(client.progress(token, "Indexing KEPs").with_percentage(0).begin().await),
                Err(e) => {
                    tracing::debug!("no progress token: {e}");
                    None
                }
            }
        } else {
            None
        };
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
            if let Some(progress) = &progress {
                let percentage = (done * 100 / total.max(1)) as u32;
                progress.report_with_message(format!("{done}/{total} files"), percentage).await;
            }
        }
        state.insert_symlinks(&walked.symlinks);
        let keps = state.world().kep_files().count();
        let elapsed = started.elapsed().as_millis();
        tracing::info!("indexed {keps} KEPs ({total} files) in {elapsed} ms");
        if let Some(progress) = progress {
            progress.finish_with_message(format!("{keps} KEPs ({total} files) in {elapsed} ms")).await;
        }
        on_done();
    });
}

fn walk_folders(folders: &[PathBuf]) -> vfs::Walked {
    let mut roots: Vec<PathBuf> = folders.iter().flat_map(|f| vfs::find_roots(f, SEARCH_DEPTH)).collect();
    roots.sort();
    roots.dedup();
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

/// Applies watched-file events to the world: re-reads what was created or changed (a whole
/// directory when a directory appears), forgets what was deleted (everything below a deleted
/// directory). Open documents are left alone.
pub fn apply_file_events(state: &State, events: &[FileEvent]) {
    for event in events {
        let Some(path) = convert::path(&event.uri) else { continue };
        if event.typ == FileChangeType::DELETED {
            state.remove_from_disk(&path);
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                let walked = vfs::walk_tree(&path);
                let parsed = vfs::read_parsed(&walked.files, vfs::Prepare::References);
                state.insert_from_disk(
                    parsed
                        .into_iter()
                        .map(|r| r.unwrap_or_else(|u| SourceFile::unreadable(u.path, u.error.to_string()))),
                );
                state.insert_symlinks(&walked.symlinks);
            }
            Ok(meta) if meta.is_file() && vfs::wanted(&path) => match vfs::read_text(&path) {
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
}

/// Whether `path` lies in one of `folders`.
pub fn inside(path: &Path, folders: &[PathBuf]) -> bool {
    folders.iter().any(|f| path.starts_with(f))
}
