//! Workspace notifications: watched files changed on disk, workspace folders added or removed,
//! settings changed.

use std::path::PathBuf;

use ls_types::*;

use crate::ide::change::Affected;
use crate::ide::layout;
use crate::lsp::background::Origin;
use crate::lsp::server::Backend;
use crate::lsp::{convert, workspace};

impl Backend {
    pub(crate) fn on_watched_files(&self, params: DidChangeWatchedFilesParams) {
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

    pub(crate) fn on_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
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

    pub(crate) fn on_configuration(&self, params: DidChangeConfigurationParams) {
        if self.state.supports_configuration_pull() {
            self.pull_configuration();
        } else {
            self.apply_settings(&params.settings);
            self.schedule_diagnostics(&Affected::Everything);
        }
    }
}
