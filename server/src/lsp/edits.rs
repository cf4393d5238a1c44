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
    pub fn from_capabilities(caps: &ClientCapabilities) -> Self {
        let edit = caps.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref());
        EditSupport {
            document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false),
            create_files: edit
                .and_then(|e| e.resource_operations.as_ref())
                .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        }
    }
}

/// The edit of a fix, or `None` when the client cannot apply it (a new file without
/// resource-operation support) or a path cannot be expressed as a URI.
pub fn workspace_edit(state: &State, world: &World, fix: &Fix) -> Option<WorkspaceEdit> {
    let support = state.edit_support();
    let encoding = state.encoding();
    let can_create = support.document_changes && support.create_files;
    if !fix.creates.is_empty() && !can_create {
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
            options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
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
