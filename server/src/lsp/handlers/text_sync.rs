//! Document notifications: `didOpen`, `didChange`, `didClose`. Each does all of its work before the
//! next message is read (synchronously, no `.await`): the document's rope is edited, the new text
//! goes to the core through `World::apply` (or, when large, to a parse off the protocol thread),
//! and the diagnostics of what the core says the change affected are scheduled.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ls_types::*;

use crate::ide::change::{Affected, Change};
use crate::ide::layout;
use crate::lsp::background::{self, Origin};
use crate::lsp::convert;
use crate::lsp::documents::Document;
use crate::lsp::server::Backend;
use crate::vfs;

/// Whether a new text is in the world already, or is being parsed in the background.
pub(super) enum Parsed {
    Now(Affected),
    Later,
}

impl Backend {
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

    pub(crate) fn on_open(&self, params: DidOpenTextDocumentParams) {
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
    pub(super) fn put_text(&self, path: PathBuf, text: Arc<str>, origin: Origin) -> Parsed {
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

    pub(crate) fn on_change(&self, params: DidChangeTextDocumentParams) {
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

    pub(crate) fn on_close(&self, params: DidCloseTextDocumentParams) {
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
