//! Core fixes as LSP workspace edits: versioned document edits and file creation when the client
//! supports them, plain `changes` otherwise.

use std::collections::HashMap;

use ls_types::*;

use super::convert;
use super::server::State;
use super::write_target::{self, Refusal, Write};
use crate::ide::diagnostic::Fix;
use crate::ide::world::World;

/// What the client can apply.
#[derive(Clone, Copy, Debug, Default)]
pub struct EditSupport {
    pub document_changes: bool,
    pub create_files: bool,
}

impl EditSupport {
    /// Decided by what the client can apply: resource operations exist only inside
    /// `documentChanges`, so a client that declares any (Neovim 0.11 declares
    /// `resourceOperations = {rename, create, delete}` and not `documentChanges`, yet applies them)
    /// applies `documentChanges` too.
    pub fn from_capabilities(caps: &ClientCapabilities) -> Self {
        let edit = caps.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref());
        let operations = edit.and_then(|e| e.resource_operations.as_deref()).unwrap_or_default();
        EditSupport {
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false) || !operations.is_empty(),
            create_files: operations.contains(&ResourceOperationKind::Create),
        }
    }

    /// Whether a fix or command that writes a new file can be sent to this client.
    pub fn can_create_files(self) -> bool {
        self.document_changes && self.create_files
    }
}

/// The edit of a fix, or why it cannot be offered: the client cannot apply it (a new file
/// without resource-operation support), a path cannot be expressed as a URI, a path is a symbolic
/// link or lies below one, a file is unreadable, or a file the editor does not have open changed
/// on disk since it was indexed (the edit would land on the wrong lines). Files open in the
/// editor are edited as the editor has them, with their version; a new file is created only if
/// it does not exist (never `ignoreIfExists`: a file that appeared meanwhile is not prepended to).
pub fn workspace_edit(state: &State, world: &World, fix: &Fix) -> Result<WorkspaceEdit, Refusal> {
    let support = state.edit_support();
    let encoding = state.encoding();
    if !fix.creates.is_empty() && !support.can_create_files() {
        return Err(Refusal::CannotCreate);
    }
    let no_uri = |path: &std::path::Path| Refusal::Unsafe(format!("{} has no file URI", path.display()));
    let mut per_file: Vec<(Uri, Option<i32>, Vec<TextEdit>)> = Vec::new();
    let mut checked = std::collections::HashSet::new();
    for edit in &fix.edits {
        let file =
            world.file(&edit.path).ok_or_else(|| Refusal::Unsafe(format!("{} is not indexed", edit.path.display())))?;
        if let Some(reason) = &file.unreadable {
            return Err(Refusal::Unsafe(format!("{} cannot be read: {reason}", edit.path.display())));
        }
        if file.symlink {
            return Err(Refusal::Unsafe(format!(
                "{} is a symbolic link: kep-ls never edits through one",
                edit.path.display()
            )));
        }
        let open = state.open_document(&edit.path);
        if checked.insert(edit.path.as_path()) {
            if open.is_some() {
                write_target::check(&edit.path, Write::EditOpen)?;
            } else {
                write_target::check(&edit.path, Write::Edit)?;
                write_target::check_fresh(&edit.path, &file.text)?;
            }
        }
        let (uri, version) = match open {
            Some((uri, version)) => (uri, Some(version)),
            None => (convert::uri(&edit.path).ok_or_else(|| no_uri(&edit.path))?, None),
        };
        let text_edit = TextEdit {
            range: convert::range(file.line_index(), &file.text, edit.range, encoding),
            new_text: edit.new_text.clone(),
        };
        match per_file.iter_mut().find(|(u, _, _)| *u == uri) {
            Some((_, _, edits)) => edits.push(text_edit),
            None => per_file.push((uri, version, vec![text_edit])),
        }
    }
    for create in &fix.creates {
        write_target::check(&create.path, Write::Create)?;
    }
    if !support.document_changes {
        return Ok(WorkspaceEdit {
            changes: Some(per_file.into_iter().map(|(uri, _, edits)| (uri, edits)).collect::<HashMap<_, _>>()),
            ..Default::default()
        });
    }
    let mut operations = Vec::new();
    for create in &fix.creates {
        let uri = convert::uri(&create.path).ok_or_else(|| no_uri(&create.path))?;
        operations.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
            uri: uri.clone(),
            // A file that exists by now is not touched: the create fails, and with it the edit
            // (`ignoreIfExists` would let the stub be written into it; Neovim 0.11 also reads it
            // as "create nothing on disk" and leaves the new file an unsaved buffer).
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
            annotation_id: None,
        })));
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
            edits: vec![OneOf::Left(TextEdit { range: Range::default(), new_text: create.text.clone() })],
        }));
    }
    for (uri, version, edits) in per_file {
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    Ok(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(operations)), ..Default::default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn support(edit: serde_json::Value) -> EditSupport {
        let caps: ClientCapabilities =
            serde_json::from_value(serde_json::json!({ "workspace": { "workspaceEdit": edit } })).unwrap();
        EditSupport::from_capabilities(&caps)
    }

    #[test]
    fn resource_operations_alone_mean_document_changes_are_applied() {
        // Neovim 0.11's capabilities.
        let nvim = support(serde_json::json!({ "resourceOperations": ["rename", "create", "delete"] }));
        assert!(nvim.document_changes && nvim.can_create_files());
    }

    #[test]
    fn a_client_without_create_cannot_create_files() {
        let plain = support(serde_json::json!({ "documentChanges": true }));
        assert!(plain.document_changes && !plain.can_create_files());
        let rename_only = support(serde_json::json!({ "resourceOperations": ["rename"] }));
        assert!(rename_only.document_changes && !rename_only.can_create_files());
        let nothing = support(serde_json::json!({}));
        assert!(!nothing.document_changes && !nothing.can_create_files());
    }
}
