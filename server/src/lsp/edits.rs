//! Core fixes as LSP workspace edits: versioned document edits and file creation when the client
//! supports them, plain `changes` otherwise.

use std::collections::HashMap;

use ls_types::*;

use super::convert;
use super::server::State;
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

/// The edit of a fix, or `None` when the client cannot apply it (a new file without
/// resource-operation support) or a path cannot be expressed as a URI.
pub fn workspace_edit(state: &State, world: &World, fix: &Fix) -> Option<WorkspaceEdit> {
    let support = state.edit_support();
    let encoding = state.encoding();
    if !fix.creates.is_empty() && !support.can_create_files() {
        return None;
    }
    let mut per_file: Vec<(Uri, Vec<TextEdit>)> = Vec::new();
    for edit in &fix.edits {
        let file = world.file(&edit.path)?;
        let uri = convert::uri(&edit.path)?;
        let text_edit = TextEdit {
            range: convert::range(file.line_index(), &file.text, edit.range, encoding),
            new_text: edit.new_text.clone(),
        };
        match per_file.iter_mut().find(|(u, _)| *u == uri) {
            Some((_, edits)) => edits.push(text_edit),
            None => per_file.push((uri, vec![text_edit])),
        }
    }
    if !support.document_changes {
        return Some(WorkspaceEdit {
            changes: Some(per_file.into_iter().collect::<HashMap<_, _>>()),
            ..Default::default()
        });
    }
    let mut operations = Vec::new();
    for create in &fix.creates {
        let uri = convert::uri(&create.path)?;
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
    for (uri, edits) in per_file {
        let version = state.document_version(&uri);
        operations.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        }));
    }
    Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(operations)), ..Default::default() })
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
