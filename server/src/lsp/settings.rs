//! Settings as they arrive (pushed in `initializationOptions` or `didChangeConfiguration`, or pulled
//! per workspace folder with `workspace/configuration`), installed into the core with each
//! folder's `.kep-ls.toml` beneath them; and the group list (a sigs.yaml) they may name.

use std::path::Path;
use std::sync::atomic::Ordering;

use ls_types::*;

use super::server::Backend;
use crate::ide::change::Affected;
use crate::vfs;

impl Backend {
    /// Applies pushed settings (`initializationOptions`, or `didChangeConfiguration` from a client
    /// that cannot be asked): the same for every folder, each over its own repository's
    /// `.kep-ls.toml`.
    pub(super) fn apply_settings(&self, value: &serde_json::Value) {
        self.state.settings_memory().pushed = value.clone();
        let folders = self.state.folders();
        self.install_settings(super::folder_config::resolve(&folders, &[], value, &self.state.roots()));
    }

    /// Installs every folder's configuration; what is wrong is shown to the user once (as
    /// `kep-ls check` rejects it), and the rest applies.
    pub(super) fn install_settings(&self, resolved: super::folder_config::Resolved) {
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
    pub(super) fn refresh_settings(&self) {
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
    pub(super) fn load_groups_beside(&self, root: &Path) {
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
    pub(super) fn pull_configuration(&self) {
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
