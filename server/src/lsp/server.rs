//! The language server: LSP methods as thin handlers over the core.
//!
//! Ordering (architecture invariant 5): tower-lsp-server runs up to four handlers at once, so
//! every notification that changes state does all of its work synchronously, before its first
//! `.await`; lock order is always `world` then `documents`, and no guard is held across an `.await`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use ls_types::*;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::{Client, LanguageServer};

use super::background::{self, Origin};
use super::config::Config;
use super::dispatch::Index;
use super::documents::Document;
use super::edits::EditSupport;
use super::prepared::PreparedAnswers;
use super::{code_actions, commands, completion, convert, guard, handlers, workspace};
use crate::ide::change::{Affected, Change};
use crate::ide::layout;
use crate::ide::text::Encoding;
use crate::ide::world::{SourceFile, World};
use crate::vfs;

#[derive(Clone)]
pub struct Backend {
    pub(super) client: Client,
    pub(super) state: Arc<State>,
}

/// Everything the handlers share.
pub struct State {
    /// The core's world, copied on write while a snapshot is out (see [`WorldMut`]).
    world: RwLock<Arc<World>>,
    /// Large texts being parsed off the protocol thread.
    pub parsing: background::Parsing,
    /// The open documents by file (an alias URI of an open file is not a second document: see
    /// [`State::path_of`]).
    pub documents: Mutex<HashMap<PathBuf, Document>>,
    encoding: AtomicU8,
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
    tickets: std::sync::atomic::AtomicU64,
    /// Serialises publishing so a stale result can never overtake a newer one.
    publish: tokio::sync::Mutex<()>,
    /// What was last published for each open document, as (code, message): an edit whose
    /// diagnostics are among these only removed problems and is published without the debounce.
    published: Mutex<HashMap<PathBuf, Vec<(String, String)>>>,
    pub debounce: Duration,
    /// The default configuration (files outside every workspace folder; the group list): each
    /// folder's own is in the world (see `folder_config`).
    config: RwLock<Config>,
    /// What was pushed, and which problems were shown (see `folder_config::Remembered`).
    settings_memory: Mutex<super::folder_config::Remembered>,
    client_caps: RwLock<ClientCapabilities>,
    /// The workspace folders being indexed.
    folders: Mutex<Vec<PathBuf>>,
    /// Repository roots (parents of `keps/`) seen so far: the workspace folders and the roots of
    /// opened files. A sigs.yaml beside one of them is the group list when no setting names one.
    roots: RwLock<Vec<PathBuf>>,
    /// How many indexing runs are in flight (see `workspace_ready`).
    indexing: tokio::sync::watch::Sender<usize>,
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

    fn settings_memory(&self) -> std::sync::MutexGuard<'_, super::folder_config::Remembered> {
        self.settings_memory.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Records a repository root; true when it was not known yet. At most [`MAX_ROOTS`] are kept:
    /// opening files from thousands of `keps/` trees must not make each open slower.
    fn add_root(&self, root: PathBuf) -> bool {
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
    fn client_declares(&self, declared: impl FnOnce(&ClientCapabilities) -> Option<bool>) -> bool {
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

    fn supports_configuration_pull(&self) -> bool {
        self.client_declares(|caps| caps.workspace.as_ref()?.configuration)
    }

    pub fn supports_progress(&self) -> bool {
        self.client_declares(|caps| caps.window.as_ref()?.work_done_progress)
    }

    fn supports_watching(&self) -> bool {
        self.client_declares(|caps| caps.workspace.as_ref()?.did_change_watched_files.as_ref()?.dynamic_registration)
    }

    /// The paths of the open documents (they win over the disk).
    fn open_paths(&self) -> std::collections::HashSet<PathBuf> {
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

    fn set_encoding(&self, encoding: Encoding) {
        self.encoding.store(u8::from(encoding == Encoding::Utf8), Ordering::Relaxed);
    }

    /// A snapshot of the world: it stays as it is, whatever the protocol thread changes meanwhile.
    pub fn world(&self) -> Arc<World> {
        self.world.read().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    fn world_mut(&self) -> WorldMut<'_> {
        WorldMut(self.world.write().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    fn documents(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Document>> {
        self.documents.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Backend {
    pub fn new(client: Client, state: Arc<State>) -> Self {
        Backend { client, state }
    }

    /// Loads from disk the files `path`'s diagnostics read that the world does not have yet.
    /// Open documents are in the world already, so the disk never overrides the editor.
    fn load_dependencies(&self, path: &Path) {
        let missing: Vec<PathBuf> = {
            let world = self.state.world();
            world.dependencies(path).into_iter().filter(|p| !world.contains(p)).collect()
        };
        let mut loaded = Vec::new();
        for dep in missing {
            match vfs::read_text(&dep) {
                Ok(text) => loaded.push((dep, text)),
                Err(vfs::ReadError::Missing) => {}
                Err(e) => {
                    tracing::warn!("{}: {e}", dep.display());
                    loaded.push((dep.clone(), String::new()));
                }
            }
        }
        if loaded.is_empty() {
            return;
        }
        let mut world = self.state.world_mut();
        for (dep, text) in loaded {
            if !world.contains(&dep) {
                world.set_file(dep, text);
            }
        }
    }

    /// Schedules diagnostics, after the debounce, for the open documents a change affected
    /// (the core decides: see `ide::change`).
    fn schedule_diagnostics(&self, affected: &Affected) {
        self.schedule_diagnostics_after(affected, self.state.debounce);
    }

    /// [`Backend::schedule_diagnostics`] with another delay: an opened document is analysed at once
    /// (nobody is typing yet), changes wait for the debounce.
    fn schedule_diagnostics_after(&self, affected: &Affected, delay: Duration) {
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

/// Whether a new text is in the world already, or is being parsed in the background.
enum Parsed {
    Now(Affected),
    Later,
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
        super::diagnostics::to_lsp(&world, path, &world.diagnostics_for_display(path), state.encoding())
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
    fn record_published(&self, path: &Path, diagnostics: &[ls_types::Diagnostic]) {
        let mut published = self.published.lock().unwrap_or_else(|p| p.into_inner());
        published.insert(path.to_path_buf(), diagnostics.iter().map(identity).collect());
    }

    /// Whether every one of `diagnostics` was in the last publish for `path` (counted: two equal
    /// problems where one was published is an added problem).
    fn only_removed(&self, path: &Path, diagnostics: &[ls_types::Diagnostic]) -> bool {
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
    fn is_current(&self, path: &Path, ticket: u64) -> bool {
        self.documents().get(path).is_some_and(|doc| doc.ticket == ticket)
    }

    fn has_published(&self, path: &Path) -> bool {
        self.published.lock().unwrap_or_else(|p| p.into_inner()).contains_key(path)
    }

    fn forget_published(&self, path: &Path) {
        self.published.lock().unwrap_or_else(|p| p.into_inner()).remove(path);
    }
}

impl Backend {
    /// `kep-ls/stats`: what the server has done so far (files parsed, diagnostic runs, files
    /// held), so that tests and benchmarks can see the cost of a keystroke.
    pub async fn stats(&self) -> Result<serde_json::Value> {
        let files = self.state.world().len();
        Ok(serde_json::json!({
            "parses": crate::ide::world::parse_count(),
            "diagnosticRuns": self.state.diagnostic_runs.load(Ordering::Relaxed),
            "groupLoads": self.state.group_loads.load(Ordering::Relaxed),
            "files": files,
        }))
    }

    /// Applies pushed settings (`initializationOptions`, or `didChangeConfiguration` from a client
    /// that cannot be asked): the same for every folder, each over its own repository's
    /// `.kep-ls.toml`.
    fn apply_settings(&self, value: &serde_json::Value) {
        self.state.settings_memory().pushed = value.clone();
        let folders = self.state.folders();
        self.install_settings(super::folder_config::resolve(&folders, &[], value, &self.state.roots()));
    }

    /// Installs every folder's configuration; what is wrong is shown to the user once (as
    /// `kep-ls check` rejects it), and the rest applies.
    fn install_settings(&self, resolved: super::folder_config::Resolved) {
        for problem in &resolved.problems {
            tracing::warn!("settings: {problem}");
        }
        if let Some(message) = self.state.settings_memory().message_to_show(&resolved.problems) {
            let client = self.client.clone();
            tokio::spawn(async move { client.show_message(MessageType::WARNING, message).await });
        }
        self.state.set_config(resolved);
        self.load_groups();
    }

    /// Settings for the folders as they are now: pulled when the client can be asked, else what
    /// was pushed last, over each folder's `.kep-ls.toml`.
    fn refresh_settings(&self) {
        if self.state.supports_configuration_pull() {
            self.pull_configuration();
        } else {
            let pushed = self.state.settings_memory().pushed.clone();
            self.apply_settings(&pushed);
            self.schedule_diagnostics(&Affected::Everything);
        }
    }

    /// Reads the group list: `kep.sigsFile` (the first workspace folder's that names one, from
    /// that folder's root: see `folder_config::resolve`; else the unscoped one, relative to the
    /// first workspace root), else a
    /// `../community/sigs.yaml` beside a repository root, else the built-in list. A setting that
    /// cannot be used is shown to the user, and the next source is used.
    pub(super) fn load_groups(&self) {
        self.state.group_loads.fetch_add(1, Ordering::Relaxed);
        let roots = self.state.roots();
        let explicit = self.state.config().sigs_file.map(|path| match roots.first() {
            Some(root) if path.is_relative() => root.join(path),
            _ => path,
        });
        let found = match vfs::find_groups(explicit.as_deref(), &roots) {
            Ok(found) => found,
            Err(e) => {
                let message = format!("kep.sigsFile: {e}; using the next source of groups");
                tracing::warn!("{message}");
                let client = self.client.clone();
                tokio::spawn(async move { client.show_message(MessageType::WARNING, message).await });
                vfs::find_groups(None, &roots).unwrap_or_default()
            }
        };
        let (groups, warnings) = found;
        for warning in warnings {
            tracing::warn!("{warning}");
        }
        let groups = groups.unwrap_or_default();
        tracing::info!("groups: {} from {}", groups.groups.len(), groups.source);
        self.state.world_mut().set_groups(groups);
    }

    /// A new repository root was seen (a file opened outside the workspace folders): its
    /// `../community/sigs.yaml` is the group list if no earlier root had one. Only this root is
    /// looked at, so opening files from many trees costs one look each, not one per tree known.
    fn load_groups_beside(&self, root: &Path) {
        if self.state.world().groups().source != "built-in" {
            return; // an earlier root's list, which wins
        }
        self.state.group_loads.fetch_add(1, Ordering::Relaxed);
        if let Ok((Some(groups), _)) = vfs::find_groups(None, &[root.to_path_buf()]) {
            tracing::info!("groups: {} from {}", groups.groups.len(), groups.source);
            self.state.world_mut().set_groups(groups);
        }
    }

    /// Asks the client for the `kep` section, in a task of its own: awaiting a client request
    /// inside a handler can deadlock tower-lsp-server's bounded queue.
    fn pull_configuration(&self) {
        if !self.state.supports_configuration_pull() {
            return;
        }
        let client = self.client.clone();
        let backend = Backend { client: self.client.clone(), state: self.state.clone() };
        // Per workspace folder (the settings are resource-scoped in VS Code), and unscoped for
        // files outside every folder (see `folder_config`).
        let (folders, items) = super::folder_config::items(&self.state.folders());
        tokio::spawn(async move {
            match client.configuration(items).await {
                Ok(values) => {
                    let pushed = backend.state.settings_memory().pushed.clone();
                    let roots = backend.state.roots();
                    backend.install_settings(super::folder_config::resolve(&folders, &values, &pushed, &roots));
                    backend.schedule_diagnostics(&Affected::Everything);
                }
                Err(e) => tracing::warn!("workspace/configuration failed: {e}"),
            }
        });
    }
}

/// Every method is one line: the method's name, whether it waits for the index, and its handler,
/// through [`Backend::request`] or [`Backend::notification`] (see `dispatch`), which contain panics.
impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        self.request("initialize", Index::Now, params, |b, params| Ok(b.on_initialize(params))).await
    }

    async fn initialized(&self, _: InitializedParams) {
        self.notification("initialized", Backend::on_initialized)
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        self.notification("workspace/didChangeWatchedFiles", |b| b.on_watched_files(params))
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        self.notification("workspace/didChangeWorkspaceFolders", |b| b.on_workspace_folders(params))
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        self.notification("workspace/didChangeConfiguration", |b| b.on_configuration(params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        self.request("textDocument/codeAction", Index::Wait, params, |b, params| {
            Ok(code_actions::code_actions(&b.client, &b.state, params))
        })
        .await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        self.request("textDocument/definition", Index::Wait, params, |b, params| {
            Ok(handlers::definition(&b.state, params))
        })
        .await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        self.request("textDocument/references", Index::Wait, params, |b, params| {
            Ok(handlers::references(&b.state, params))
        })
        .await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        self.request("textDocument/hover", Index::Wait, params, |b, params| Ok(handlers::hover(&b.state, params))).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        self.request("textDocument/completion", Index::Wait, params, |b, params| {
            Ok(completion::completion(&b.state, params).map(|answer| b.state.prepared.completion(&answer)))
        })
        .await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        self.request("textDocument/documentSymbol", Index::Now, params, |b, params| {
            Ok(handlers::document_symbols(&b.state, params))
        })
        .await
    }

    async fn selection_range(&self, params: SelectionRangeParams) -> Result<Option<Vec<SelectionRange>>> {
        self.request("textDocument/selectionRange", Index::Now, params, |b, params| {
            Ok(handlers::selection_ranges(&b.state, params))
        })
        .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<serde_json::Value>> {
        self.request("workspace/executeCommand", Index::Wait, params, |b, params| {
            commands::execute(&b.client, &b.state, params).map(Some)
        })
        .await
    }

    async fn symbol(&self, params: WorkspaceSymbolParams) -> Result<Option<WorkspaceSymbolResponse>> {
        self.request("workspace/symbol", Index::Wait, params, |b, params| {
            Ok(handlers::workspace_symbols(&b.state, params).map(|answer| b.state.prepared.workspace_symbols(&answer)))
        })
        .await
    }

    async fn symbol_resolve(&self, params: WorkspaceSymbol) -> Result<WorkspaceSymbol> {
        self.request("workspaceSymbol/resolve", Index::Now, params, |b, params| {
            Ok(handlers::resolve_workspace_symbol(&b.state, params))
        })
        .await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.request("textDocument/foldingRange", Index::Now, params, |b, params| {
            Ok(handlers::folding_ranges(&b.state, params))
        })
        .await
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        self.request("textDocument/codeLens", Index::Wait, params, |b, params| {
            Ok(handlers::code_lenses(&b.state, params))
        })
        .await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        self.request("textDocument/inlayHint", Index::Wait, params, |b, params| {
            Ok(handlers::inlay_hints(&b.state, params))
        })
        .await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        self.request("textDocument/documentLink", Index::Wait, params, |b, params| {
            Ok(handlers::document_links(&b.state, params))
        })
        .await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        self.request("textDocument/prepareRename", Index::Wait, params, |b, params| {
            handlers::prepare_rename(&b.state, params)
        })
        .await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        self.request("textDocument/rename", Index::Wait, params, |b, params| handlers::rename(&b.state, params)).await
    }

    async fn shutdown(&self) -> Result<()> {
        self.request("shutdown", Index::Now, (), |b, ()| {
            b.state.shutdown_requested.store(true, Ordering::SeqCst);
            Ok(())
        })
        .await
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        self.notification("textDocument/didOpen", |b| b.on_open(params))
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        self.notification("textDocument/didChange", |b| b.on_change(params))
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        self.notification("textDocument/didClose", |b| b.on_close(params))
    }
}

/// The handlers of the lifecycle, workspace and document notifications: synchronous, so that each
/// does all of its work before the next message is read (see the module's ordering invariant).
impl Backend {
    fn on_initialize(&self, params: InitializeParams) -> InitializeResult {
        *self.state.client_caps.write().unwrap_or_else(|p| p.into_inner()) = params.capabilities.clone();
        #[allow(deprecated)] // `rootUri` is deprecated in favour of folders, but clients still send only it.
        let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri).chain(params.root_uri.as_ref());
        for folder in folders.filter_map(convert::path) {
            self.state.add_root(layout::place(&folder).map_or(folder, |place| place.root));
        }
        *self.state.folders.lock().unwrap_or_else(|p| p.into_inner()) = workspace::initial_folders(&params);
        // Also without options: the repositories' .kep-ls.toml apply.
        self.apply_settings(params.initialization_options.as_ref().unwrap_or(&serde_json::Value::Null));
        let offered = params.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        let encoding = if offered.is_some_and(|list| list.contains(&PositionEncodingKind::UTF8)) {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.state.set_encoding(encoding);
        tracing::info!("initialize: position encoding {encoding:?}");
        InitializeResult {
            capabilities: super::capabilities::server_capabilities(encoding),
            server_info: Some(ServerInfo { name: "kep-ls".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            ..Default::default()
        }
    }

    fn on_initialized(&self) {
        tracing::info!("initialized");
        self.pull_configuration();
        if self.state.supports_watching() {
            workspace::register_watchers(self.client.clone());
        }
        let folders = self.state.folders();
        let backend = self.clone();
        workspace::index_folders(self.client.clone(), self.state.clone(), folders, move || {
            backend.schedule_diagnostics(&Affected::Everything)
        });
    }

    fn on_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let backend = self.clone();
        let outcome = workspace::apply_file_events(&self.state, &params.changes, move |sigs_changed| {
            if sigs_changed {
                backend.load_groups();
            }
            backend.schedule_diagnostics(&Affected::Everything);
        });
        if outcome.sigs_changed {
            self.load_groups();
        }
        for (path, text) in outcome.large {
            if !self.state.documents().contains_key(&path) {
                self.put_text(path, text.into(), Origin::Disk);
            }
        }
        if outcome.applied || outcome.sigs_changed {
            self.schedule_diagnostics(&Affected::Everything);
        }
    }

    fn on_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(|f| convert::path(&f.uri)).collect();
        let added: Vec<PathBuf> = params.event.added.iter().filter_map(|f| convert::path(&f.uri)).collect();
        let remaining = {
            let mut folders = self.state.folders.lock().unwrap_or_else(|p| p.into_inner());
            folders.retain(|f| !removed.contains(f));
            folders.extend(added.iter().cloned());
            folders.clone()
        };
        {
            let mut world = self.state.world_mut();
            for folder in &removed {
                world.remove_folder_settings(folder);
            }
        }
        // What a remaining folder still covers stays: its own files, and the whole repository
        // when it lies inside a `keps/` tree (indexing such a folder reads its repository).
        let covered: Vec<PathBuf> = remaining
            .iter()
            .map(|folder| layout::place(folder).map_or_else(|| folder.clone(), |place| place.root))
            .collect();
        for folder in &removed {
            if covered.iter().any(|kept| folder.starts_with(kept)) {
                continue;
            }
            self.state.remove_from_disk_except(folder, &covered);
        }
        if !added.is_empty() {
            self.refresh_settings();
        }
        let backend = self.clone();
        workspace::index_folders(self.client.clone(), self.state.clone(), added, move || {
            backend.schedule_diagnostics(&Affected::Everything)
        });
        if !removed.is_empty() {
            self.schedule_diagnostics(&Affected::Everything);
        }
    }

    fn on_configuration(&self, params: DidChangeConfigurationParams) {
        if self.state.supports_configuration_pull() {
            self.pull_configuration();
        } else {
            self.apply_settings(&params.settings);
            self.schedule_diagnostics(&Affected::Everything);
        }
    }

    fn on_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = convert::path(&doc.uri) else {
            tracing::info!("didOpen: not a file: {} (kep-ls serves files only)", doc.uri.as_str());
            return;
        };
        {
            let mut documents = self.state.documents();
            if let Some(open) = documents.get(&path) {
                if open.uri != doc.uri {
                    // Another name of an open file: its text must not replace the open one's.
                    tracing::warn!("didOpen: {} is another name of the open {}", doc.uri.as_str(), open.uri.as_str());
                    return;
                }
            }
            documents.insert(path.clone(), Document::new(doc.uri.clone(), &doc.text, doc.version));
        }
        if let Some(place) = layout::place(&path) {
            if self.state.add_root(place.root.clone()) && self.state.config().sigs_file.is_none() {
                self.load_groups_beside(&place.root);
            }
        }
        if let Parsed::Now(affected) = self.put_text(path.clone(), doc.text.into(), Origin::Editor) {
            self.after_editor_text(&path, &affected, Duration::ZERO);
        }
    }

    /// What follows a new text of an open document in the world: its dependencies are loaded and
    /// the diagnostics it affects scheduled.
    fn after_editor_text(&self, path: &Path, affected: &Affected, delay: Duration) {
        self.load_dependencies(path);
        self.schedule_diagnostics_after(affected, delay);
    }

    /// Puts a file's new text into the world: at once when it is small, else parsed on the blocking
    /// pool (see `background`), after which the world takes it if its origin still holds and the
    /// diagnostics it affects are scheduled.
    fn put_text(&self, path: PathBuf, text: Arc<str>, origin: Origin) -> Parsed {
        if !background::is_large(&text) && !self.state.parsing.is_pending(&path) {
            return Parsed::Now(self.state.world_mut().apply(Change::Text { path, text }));
        }
        if self.state.parsing.queue(&path, text.clone(), origin) {
            let backend = self.clone();
            tokio::spawn(async move { backend.parse_in_background(path, text, origin).await });
        }
        Parsed::Later
    }

    async fn parse_in_background(&self, path: PathBuf, mut text: Arc<str>, mut origin: Origin) {
        loop {
            let parsed = background::parse(path.clone(), text).await;
            // On the protocol thread again: from here to the world's update nothing else runs.
            if let Some(newer) = self.state.parsing.next(&path) {
                (text, origin) = (newer.text, newer.origin);
                continue;
            }
            let Some(file) = parsed else { return };
            let open = self.state.documents().contains_key(&path);
            match origin {
                Origin::Editor if open => {
                    let affected = self.state.world_mut().apply(Change::Parsed(Box::new(file)));
                    self.after_editor_text(&path, &affected, self.state.debounce);
                }
                Origin::Disk if !open => {
                    let affected = self.state.world_mut().apply(Change::Parsed(Box::new(file)));
                    self.schedule_diagnostics(&affected);
                }
                // Closed (or opened) meanwhile: what the close (or open) put in the world stands.
                _ => {}
            }
            return;
        }
    }

    fn on_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(path) = convert::path(&uri) else { return };
        let text: Arc<str> = {
            let mut documents = self.state.documents();
            let Some(doc) = documents.get_mut(&path).filter(|doc| doc.uri == uri) else {
                tracing::warn!("didChange for a document that is not open: {}", uri.as_str());
                return;
            };
            if params.text_document.version <= doc.version {
                tracing::warn!(
                    "didChange: version {} after {} for {}",
                    params.text_document.version,
                    doc.version,
                    uri.as_str()
                );
            }
            doc.apply(&params.content_changes, params.text_document.version, self.state.encoding());
            doc.text().into()
        };
        if let Parsed::Now(affected) = self.put_text(path.clone(), text, Origin::Editor) {
            self.after_editor_text(&path, &affected, self.state.debounce);
        }
    }

    fn on_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(path) = convert::path(&uri) else { return };
        {
            let mut documents = self.state.documents();
            if documents.get(&path).is_none_or(|doc| doc.uri != uri) {
                // Not open, or another name of an open file: the open document stays as it is.
                return;
            }
            documents.remove(&path);
        }
        // The disk is the truth again for a closed document.
        let affected = match vfs::read_text(&path) {
            Ok(text) => match self.put_text(path.clone(), text.into(), Origin::Disk) {
                Parsed::Now(affected) => affected,
                // Scheduled when the parse lands.
                Parsed::Later => Affected::Nothing,
            },
            // A parse in flight of the editor's text is dropped when it lands (not open).
            Err(_) => self.state.world_mut().apply(Change::Removed(path.clone())),
        };
        self.state.forget_published(&path);
        let client = self.client.clone();
        let state = self.state.clone();
        tokio::spawn(async move {
            let _in_order = state.publish.lock().await;
            client.publish_diagnostics(uri, Vec::new(), None).await;
        });
        self.schedule_diagnostics(&affected);
    }
}
