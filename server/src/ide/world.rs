//! The core's picture of a workspace: every file it has been given (path, text, parse), and the
//! questions answered from it. The server and the `check` command fill it; nothing here reads the
//! disk, so a file that was never given is a file that does not exist.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::change::Change;
use super::folder_settings::FolderSettings;
use super::graph::{self, KepCard, OutRef};
use super::groups::Groups;
use super::index::NumberIndex;
use super::kep::usage::Release;
use super::kep::usage::UsageIndex;
use super::kep::YamlFile;
use super::layout::{self, FileKind, Place};
use super::markdown::links::{self, MdLink};
use super::markdown::outline::Outline;
use super::markdown::toc::{self, TocStatus};
use super::nodeapprovers::OwnersFile;
use super::owners::OwnersAliases;
use super::settings::Settings;
use super::text::LineIndex;

/// How many files have been parsed since the process started: a keystroke must cost one parse,
/// whatever the size of the workspace (tests and `kep-ls/stats` read it).
static PARSES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

pub fn parse_count() -> u64 {
    PARSES.load(std::sync::atomic::Ordering::Relaxed)
}

/// One file and what the core derived from it.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub kind: FileKind,
    pub place: Option<Place>,
    pub text: Arc<str>,
    pub syntax: Syntax,
    /// Why the file could not be read (it then has no text).
    pub unreadable: Option<String>,
    /// A symbolic link: its text is the link's target, as written.
    pub symlink: bool,
    line_index: OnceLock<LineIndex>,
    references: OnceLock<Vec<OutRef>>,
    toc: OnceLock<TocStatus>,
    card: OnceLock<Option<KepCard>>,
    /// Markdown's analysis, computed on first use and kept for this version of the text.
    outline: OnceLock<Outline>,
}

#[derive(Debug)]
pub enum Syntax {
    /// kep.yaml and PRR files.
    Yaml(YamlFile),
    Owners(OwnersAliases),
    /// A per-KEP `OWNERS` file.
    KepOwners(OwnersFile),
    /// Markdown and anything else: analysed on demand from the text.
    Text,
}

impl SourceFile {
    /// Parses `text` as the kind of file its path says it is.
    pub fn new(path: PathBuf, text: Arc<str>) -> Self {
        PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let kind = layout::classify(&path);
        let place = layout::place(&path);
        let syntax = match kind {
            FileKind::KepYaml | FileKind::Prr => Syntax::Yaml(YamlFile::parse(&text)),
            FileKind::OwnersAliases => Syntax::Owners(OwnersAliases::parse(&text)),
            FileKind::Owners => Syntax::KepOwners(OwnersFile::parse(&text)),
            _ => Syntax::Text,
        };
        SourceFile {
            path,
            kind,
            place,
            text,
            syntax,
            unreadable: None,
            symlink: false,
            line_index: OnceLock::new(),
            references: OnceLock::new(),
            toc: OnceLock::new(),
            card: OnceLock::new(),
            outline: OnceLock::new(),
        }
    }

    /// A file that exists but could not be read: it has no text, only the reason.
    pub fn unreadable(path: PathBuf, reason: String) -> Self {
        let mut file = SourceFile::new(path, Arc::from(""));
        file.syntax = Syntax::Text;
        file.unreadable = Some(reason);
        file
    }

    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// The links of a Markdown file: from its outline when one was built, else from a scan of the
    /// links alone (a workspace index keeps references, not outlines).
    pub fn markdown_links(&self) -> std::borrow::Cow<'_, [MdLink]> {
        match self.kind {
            FileKind::Readme | FileKind::Markdown if !self.symlink => match self.outline.get() {
                Some(outline) => std::borrow::Cow::Borrowed(&outline.all_links),
                None => std::borrow::Cow::Owned(links::scan(&self.text)),
            },
            _ => std::borrow::Cow::Borrowed(&[]),
        }
    }

    /// The references this file makes to KEPs (computed once per version of the file).
    pub fn references(&self) -> &[OutRef] {
        self.references.get_or_init(|| graph::parse_outgoing(self))
    }

    /// How a kep.yaml's KEP shows in lists (computed once per version).
    pub fn card(&self) -> Option<&KepCard> {
        self.card.get_or_init(|| if self.kind == FileKind::KepYaml { KepCard::of(self) } else { None }).as_ref()
    }

    /// Whether the table of contents is what mdtoc would write (computed once per version: the
    /// two TOC rules both ask).
    pub fn toc_status(&self) -> &TocStatus {
        self.toc.get_or_init(|| toc::check(&self.text))
    }

    /// The Markdown outline of the text (headings, links, comments, ...), computed once per version.
    pub fn outline(&self) -> &Outline {
        self.outline.get_or_init(|| Outline::of(&self.text))
    }

    pub fn yaml(&self) -> Option<&YamlFile> {
        match &self.syntax {
            Syntax::Yaml(file) => Some(file),
            _ => None,
        }
    }

    pub fn owners(&self) -> Option<&OwnersAliases> {
        match &self.syntax {
            Syntax::Owners(owners) => Some(owners),
            _ => None,
        }
    }

    /// A per-KEP `OWNERS` file, as upstream's node-approver check decodes it.
    pub fn kep_owners(&self) -> Option<&OwnersFile> {
        match &self.syntax {
            Syntax::KepOwners(owners) => Some(owners),
            _ => None,
        }
    }

    /// The KEP directory of a kep.yaml or README.md.
    pub fn dir(&self) -> Option<&Path> {
        self.path.parent()
    }
}

/// Where a kep.yaml sorts among the KEPs: the number of its directory, then its path.
fn number_key(file: &SourceFile) -> (u64, PathBuf) {
    let number = file.place.as_ref().and_then(|p| crate::ide::refs::dir_number(p.dir_rel()));
    (number.unwrap_or(u64::MAX), file.path.clone())
}

#[derive(Clone, Debug, Default)]
pub struct World {
    files: HashMap<PathBuf, Arc<SourceFile>>,
    numbers: NumberIndex,
    /// The kep.yaml files by path (also in `files`): every KEP, in order, without scanning all
    /// files or hashing a path per KEP (hashing a `Path` is slow: it is done component by component).
    kep_files: std::collections::BTreeMap<PathBuf, Arc<SourceFile>>,
    /// The same files by the number of their directory (`u64::MAX` for none), then path: lists of
    /// KEPs in number order (see-also completion) take the first ones without sorting them all.
    keps_by_number: std::collections::BTreeMap<(u64, PathBuf), Arc<SourceFile>>,
    /// Counts of people, releases and components per `keps/` tree, for completion.
    usage: UsageIndex,
    /// The default settings: those of files outside every workspace folder with settings of its
    /// own (all files, for `check` and for editors that cannot scope settings).
    pub settings: Settings,
    /// The settings of workspace folders that have their own (see [`World::settings_for`]).
    folder_settings: FolderSettings,
    /// The groups KEPs may name: the built-in list until the IO layer hands over a sigs.yaml.
    groups: Arc<Groups>,
}

impl World {
    pub fn new(settings: Settings) -> Self {
        World { settings, ..World::default() }
    }

    /// The settings a file is judged with: those of the innermost workspace folder containing it
    /// that has settings of its own, else the default [`World::settings`]. Every rule and feature
    /// reads the settings of the file it works on through this.
    pub fn settings_for(&self, path: &Path) -> &Settings {
        self.folder_settings.innermost(path).unwrap_or(&self.settings)
    }

    /// Replaces the settings of every workspace folder (see [`World::settings_for`]).
    pub fn set_folder_settings(&mut self, folders: impl IntoIterator<Item = (PathBuf, Settings)>) {
        self.folder_settings.replace(folders);
    }

    /// Forgets a workspace folder's settings: its files take an enclosing folder's, or the default.
    pub fn remove_folder_settings(&mut self, folder: &Path) {
        self.folder_settings.remove(folder);
    }

    /// Replaces the group list (read from a sigs.yaml by the caller).
    pub fn set_groups(&mut self, groups: Groups) {
        self.groups = Arc::new(groups);
    }

    pub fn groups(&self) -> &Groups {
        &self.groups
    }

    /// Adds or replaces a file, parsing it: [`World::apply`] of a [`Change::Text`], for callers
    /// that need no invalidation (tests, the command line).
    pub fn set_file(&mut self, path: PathBuf, text: impl Into<Arc<str>>) -> Arc<SourceFile> {
        self.apply(Change::Text { path: path.clone(), text: text.into() });
        self.files[&path].clone()
    }

    /// Adds a file parsed elsewhere: [`World::apply`] of a [`Change::Parsed`].
    pub fn insert(&mut self, file: SourceFile) {
        self.apply(Change::Parsed(Box::new(file)));
    }

    /// Where files enter the world (only through [`World::apply`]): keeps the index in step.
    pub(super) fn put(&mut self, file: Arc<SourceFile>) {
        if let Some(old) = self.files.get(&file.path).filter(|old| old.kind == FileKind::KepYaml) {
            self.numbers.remove(old);
            self.usage.remove(old);
        }
        if file.kind == FileKind::KepYaml {
            self.numbers.add(&file);
            self.usage.add(&file);
            self.kep_files.insert(file.path.clone(), file.clone());
            self.keps_by_number.insert(number_key(&file), file.clone());
        }
        self.files.insert(file.path.clone(), file);
    }

    /// The number index of every `keps/` tree.
    pub fn numbers(&self) -> &NumberIndex {
        &self.numbers
    }

    /// What the KEPs of every `keps/` tree use (people, releases, components).
    pub fn usage(&self) -> &UsageIndex {
        &self.usage
    }

    /// Records a symbolic link (never followed): [`World::apply`] of a [`Change::Symlink`].
    pub fn set_symlink(&mut self, path: PathBuf, target: String) {
        self.apply(Change::Symlink { path, target });
    }

    /// Records a file that exists but could not be read: [`World::apply`] of a
    /// [`Change::Unreadable`].
    pub fn set_unreadable(&mut self, path: PathBuf, reason: String) {
        self.apply(Change::Unreadable { path, reason });
    }

    /// Forgets a file: [`World::apply`] of a [`Change::Removed`].
    pub fn remove(&mut self, path: &Path) {
        self.apply(Change::Removed(path.to_path_buf()));
    }

    /// Where files leave the world (only through [`World::apply`]): keeps the index in step.
    pub(super) fn take(&mut self, path: &Path) -> Option<Arc<SourceFile>> {
        let old = self.files.remove(path)?;
        if old.kind == FileKind::KepYaml {
            self.numbers.remove(&old);
            self.usage.remove(&old);
            self.kep_files.remove(path);
            self.keps_by_number.remove(&number_key(&old));
        }
        Some(old)
    }

    pub fn file(&self, path: &Path) -> Option<&Arc<SourceFile>> {
        self.files.get(path)
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// The paths of the files at or below `prefix`.
    pub fn paths_under(&self, prefix: &Path) -> Vec<PathBuf> {
        self.files.keys().filter(|p| p.starts_with(prefix)).cloned().collect()
    }

    pub fn files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.files.values()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every kep.yaml of the workspace, in path order.
    pub fn kep_files(&self) -> impl Iterator<Item = &Arc<SourceFile>> {
        self.kep_files.values()
    }

    /// Every kep.yaml of the workspace by the number of its directory, then path; those without
    /// a number last.
    pub fn kep_files_by_number(&self) -> impl Iterator<Item = (u64, &Arc<SourceFile>)> {
        self.keps_by_number.iter().map(|((number, _), file)| (*number, file))
    }

    /// `OWNERS_ALIASES` of the repository holding `root`, if it was given.
    pub fn owners_aliases(&self, root: &Path) -> Option<&OwnersAliases> {
        self.file(&root.join(layout::OWNERS_ALIASES))?.owners()
    }

    /// The upcoming Kubernetes release, which decides whether an alpha KEP is "actively alpha"
    /// for SIG Node's tech-lead rule (and what release readiness is judged against): the
    /// `upcoming-release` setting, else the highest `latest-milestone` of every KEP in the
    /// workspace. `None` when neither is known.
    pub fn effective_upcoming_release(&self) -> Option<Release> {
        self.settings.upcoming_release.or_else(|| self.usage.newest_release())
    }

    /// [`World::effective_upcoming_release`] for the file at `path`: the `upcoming-release` of its
    /// folder's settings (see [`World::settings_for`]), else the newest `latest-milestone`.
    pub fn effective_upcoming_release_at(&self, path: &Path) -> Option<Release> {
        self.settings_for(path).upcoming_release.or_else(|| self.usage.newest_release())
    }
}
