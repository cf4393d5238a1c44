//! What the handlers share: the core's world (a copy-on-write snapshot), the open documents,
//! the negotiated encoding, the client's capabilities, settings, roots, and the counters of
//! indexing runs and diagnostics tickets.
//!
//! Lock order is always `world` then `documents`, and no guard is held across an `.await`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ls_types::*;

use super::background;
use super::config::Config;
use super::convert;
use super::documents::Document;
use super::edits::EditSupport;
use super::prepared::PreparedAnswers;
use crate::ide::text::Encoding;
use crate::ide::world::{SourceFile, World};
use crate::vfs;

/// Everything the handlers share.
pub struct State {
    /// The core's world, copied on write while a snapshot is out (see [`WorldMut`]).
    pub(super) world: RwLock<Arc<World>>,
    /// Large texts being parsed off the protocol thread.
    pub parsing: background::Parsing,
    /// The open documents by file (an alias URI of an open file is not a second document: see
    /// [`State::path_of`]).
    pub documents: Mutex<HashMap<PathBuf, Document>>,
    pub(super) encoding: AtomicU8,
    pub shutdown_requested: AtomicBool,
    /// Whether the user was told that this editor cannot create files, so quick fixes that
    /// create one are left out (said once per session: see `code_actions`).
    pub told_cannot_create: AtomicBool,
    /// How many times diagnostics were computed for a document (`kep-ls/stats`).
    pub diagnostic_runs: std::sync::atomic::AtomicU64,
    /// How many times the group list was looked for (`kep-ls/stats`).
    pub group_loads: std::sync::atomic::AtomicU64,
    /// Numbers the diagnostics runs scheduled: a run goes ahead only if it is still the newest
    /// scheduled for its document, so a burst of events costs one run per document.
    pub(super) tickets: std::sync::atomic::AtomicU64,
    /// Serialises publishing so a stale result can never overtake a newer one.
    pub(super) publish: tokio::sync::Mutex<()>,
    /// What was last published for each open document, as (code, message): an edit whose
    /// diagnostics are among these only removed problems and is published without the debounce.
    pub(super) published: Mutex<HashMap<PathBuf, Vec<(String, String)>>>,
    pub debounce: Duration,
    /// The default configuration (files outside every workspace folder; the group list): each
    /// folder's own is in the world (see `folder_config`).
    pub(super) config: RwLock<Config>,
    /// What was pushed, and which problems were shown (see `folder_config::Remembered`).
    pub(super) settings_memory: Mutex<super::folder_config::Remembered>,
    pub(super) client_caps: RwLock<ClientCapabilities>,
    /// The workspace folders being indexed.
    pub(super) folders: Mutex<Vec<PathBuf>>,
    /// Repository roots (parents of `keps/`) seen so far: the workspace folders and the roots of
    /// opened files. A sigs.yaml beside one of them is the group list when no setting names one.
    pub(super) roots: RwLock<Vec<PathBuf>>,
    /// How many indexing runs are in flight (see `workspace_ready`).
    pub(super) indexing: tokio::sync::watch::Sender<usize>,
    /// Answers serialized by the handlers, for the framing layer to splice in (see `prepared`).
    pub prepared: Arc<PreparedAnswers>,
}

/// Write access to the world. Readers hold snapshots (`Arc<World>`): a diagnostics run on the
/// blocking pool keeps its own while the protocol thread applies the next keystroke. A write
/// copies the world only while such a snapshot is out; the files are shared `Arc`s, so the copy
/// is of the maps (about a millisecond with the real corpus indexed), never of the texts.
pub struct WorldMut<'a>(std::sync::RwLockWriteGuard<'a, Arc<World>>);

impl std::ops::Deref for WorldMut<'_> {
    type Target = World;
    fn deref(&self) -> &World {
        &self.0
    }
}

impl std::ops::DerefMut for WorldMut<'_> {
    fn deref_mut(&mut self) -> &mut World {
        Arc::make_mut(&mut self.0)
    }
}

/// How many repository roots are remembered for finding a sigs.yaml beside them.
const MAX_ROOTS: usize = 64;

/// The longest a request waits for indexing: ten times the real corpus indexes in under a second.
const INDEX_WAIT: Duration = Duration::from_secs(5);

/// One indexing run in flight, counted by `State::indexing_run`.
pub struct IndexingRun(Arc<State>);

impl Drop for IndexingRun {
    fn drop(&mut self) {
        self.0.indexing.send_modify(|runs| *runs = runs.saturating_sub(1));
    }
}

impl State {
    pub fn new(debounce: Duration) -> Self {
        State {
            world: RwLock::default(),
            parsing: background::Parsing::default(),
            documents: Mutex::new(HashMap::new()),
            encoding: AtomicU8::new(0),
            shutdown_requested: AtomicBool::new(false),
            told_cannot_create: AtomicBool::new(false),
            publish: tokio::sync::Mutex::new(()),
            published: Mutex::new(HashMap::new()),
            diagnostic_runs: std::sync::atomic::AtomicU64::new(0),
            group_loads: std::sync::atomic::AtomicU64::new(0),
            tickets: std::sync::atomic::AtomicU64::new(0),
            debounce,
            config: RwLock::new(Config::default()),
            settings_memory: Mutex::default(),
            client_caps: RwLock::new(ClientCapabilities::default()),
            folders: Mutex::new(Vec::new()),
            roots: RwLock::new(Vec::new()),
            indexing: tokio::sync::watch::Sender::new(0),
            prepared: Arc::default(),
        }
    }

    /// Counts an indexing run until the returned guard is dropped (also when its task panics).
    pub fn indexing_run(self: &Arc<Self>) -> IndexingRun {
        self.indexing.send_modify(|runs| *runs += 1);
        IndexingRun(self.clone())
    }

    /// Waits, at most `INDEX_WAIT`, until no indexing run is in flight, so that a request sent
    /// right after start-up (go to definition as soon as the file shows) is answered from the
    /// whole workspace rather than from the part read so far.
    pub async fn workspace_ready(&self) {
        let mut runs = self.indexing.subscribe();
        let _ = tokio::time::timeout(INDEX_WAIT, runs.wait_for(|runs| *runs == 0)).await;
    }

    pub fn config(&self) -> Config {
        self.config.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Installs new settings: the default's and each folder's go into the world (a folder removed
    /// since they were asked for is left out).
    pub fn set_config(&self, resolved: super::folder_config::Resolved) {
        let folders = self.folders();
        let mut world = self.world_mut();
        world.settings = resolved.default.core.clone();
        world.set_folder_settings(
            resolved.folders.into_iter().filter(|(f, _)| folders.contains(f)).map(|(f, config)| (f, config.core)),
        );
        *self.config.write().unwrap_or_else(|p| p.into_inner()) = resolved.default;
    }

    pub(super) fn settings_memory(&self) -> std::sync::MutexGuard<'_, super::folder_config::Remembered> {
        self.settings_memory.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Records a repository root; true when it was not known yet. At most [`MAX_ROOTS`] are kept:
    /// opening files from thousands of `keps/` trees must not make each open slower.
    pub(super) fn add_root(&self, root: PathBuf) -> bool {
        let mut roots = self.roots.write().unwrap_or_else(|p| p.into_inner());
        if roots.len() >= MAX_ROOTS || roots.contains(&root) {
            return false;
        }
        roots.push(root);
        true
    }

    pub fn edit_support(&self) -> EditSupport {
        EditSupport::from_capabilities(&self.client_caps.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Whether the client declared what `declared` reads from its capabilities (absent: no).
    pub(super) fn client_declares(&self, declared: impl FnOnce(&ClientCapabilities) -> Option<bool>) -> bool {
        declared(&self.client_caps.read().unwrap_or_else(|p| p.into_inner())).unwrap_or(false)
    }

    pub fn supports_definition_links(&self) -> bool {
        self.client_declares(|caps| caps.text_document.as_ref()?.definition.as_ref()?.link_support)
    }

    /// Whether the client takes a completion list's default edit range (`itemDefaults.editRange`).
    pub fn supports_default_edit_range(&self) -> bool {
        self.client_declares(|caps| {
            let defaults = caps.text_document.as_ref()?.completion.as_ref()?.completion_list.as_ref()?;
            Some(defaults.item_defaults.as_ref()?.iter().any(|d| d == "editRange"))
        })
    }

    /// Whether the client takes workspace symbols without ranges and resolves them when needed.
    pub fn resolves_symbol_ranges(&self) -> bool {
        self.client_declares(|caps| {
            let resolve = caps.workspace.as_ref()?.symbol.as_ref()?.resolve_support.as_ref()?;
            Some(resolve.properties.iter().any(|p| p == "location.range"))
        })
    }

    pub fn supports_snippets(&self) -> bool {
        self.client_declares(|caps| {
            caps.text_document.as_ref()?.completion.as_ref()?.completion_item.as_ref()?.snippet_support
        })
    }

    /// The workspace folders, in the order the client gave them.
    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub(super) fn supports_configuration_pull(&self) -> bool {
        self.client_declares(|caps| caps.workspace.as_ref()?.configuration)
    }

    pub fn supports_progress(&self) -> bool {
        self.client_declares(|caps| caps.window.as_ref()?.work_done_progress)
    }

    pub(super) fn supports_watching(&self) -> bool {
        self.client_declares(|caps| caps.workspace.as_ref()?.did_change_watched_files.as_ref()?.dynamic_registration)
    }

    /// The paths of the open documents (they win over the disk).
    pub(super) fn open_paths(&self) -> std::collections::HashSet<PathBuf> {
        self.documents().keys().cloned().collect()
    }

    /// The file a request's URI names, if the server may answer for it: a `file:` URI, and not
    /// an alias (another spelling: `//`, percent-escapes) of a file the editor has open under
    /// another URI, whose text the server holds for that other document only.
    pub fn path_of(&self, uri: &Uri) -> Option<PathBuf> {
        let path = convert::path(uri)?;
        match self.documents().get(&path) {
            Some(doc) if doc.uri != *uri => {
                tracing::warn!("{} is another name of the open {}: not served", uri.as_str(), doc.uri.as_str());
                None
            }
            _ => Some(path),
        }
    }

    /// The URI and version of the open document of `path`, if it is open.
    pub fn open_document(&self, path: &Path) -> Option<(Uri, i32)> {
        self.documents().get(path).map(|d| (d.uri.clone(), d.version))
    }

    /// Re-reads files from disk (not open ones): after an edit was refused because the disk
    /// changed since indexing, so that the next try sees the disk's text.
    pub fn refresh_from_disk(&self, paths: &[PathBuf]) {
        for path in paths {
            match vfs::read_text(path) {
                Ok(text) => self.insert_from_disk(std::iter::once(SourceFile::new(path.clone(), text.into()))),
                Err(vfs::ReadError::Missing) => self.remove_from_disk(path),
                Err(e) => self.insert_from_disk(std::iter::once(SourceFile::unreadable(path.clone(), e.to_string()))),
            }
        }
    }

    /// Adds files read from disk, except those open in the editor.
    pub fn insert_from_disk(&self, files: impl IntoIterator<Item = crate::ide::world::SourceFile>) {
        let mut world = self.world_mut();
        let open = self.open_paths();
        for file in files {
            if !open.contains(&file.path) {
                world.insert(file);
            }
        }
    }

    pub fn insert_symlinks(&self, links: &[(PathBuf, String)]) {
        let mut world = self.world_mut();
        let open = self.open_paths();
        for (path, target) in links {
            if !open.contains(path) {
                world.set_symlink(path.clone(), target.clone());
            }
        }
    }

    /// Forgets a file, or every file below a directory, that is gone from disk (not open ones).
    pub fn remove_from_disk(&self, path: &Path) {
        self.remove_from_disk_except(path, &[]);
    }

    /// [`State::remove_from_disk`], keeping what lies in one of `kept` (folders still in the workspace).
    pub fn remove_from_disk_except(&self, path: &Path, kept: &[PathBuf]) {
        let mut world = self.world_mut();
        let open = self.open_paths();
        for gone in world.paths_under(path) {
            if !open.contains(&gone) && !kept.iter().any(|k| gone.starts_with(k)) {
                world.remove(&gone);
            }
        }
    }

    pub fn encoding(&self) -> Encoding {
        if self.encoding.load(Ordering::Relaxed) == 1 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        }
    }

    pub(super) fn set_encoding(&self, encoding: Encoding) {
        self.encoding.store(u8::from(encoding == Encoding::Utf8), Ordering::Relaxed);
    }

    /// A snapshot of the world: it stays as it is, whatever the protocol thread changes meanwhile.
    pub fn world(&self) -> Arc<World> {
        self.world.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    pub(super) fn world_mut(&self) -> WorldMut<'_> {
        WorldMut(self.world.write().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    pub(super) fn documents(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Document>> {
        self.documents.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
