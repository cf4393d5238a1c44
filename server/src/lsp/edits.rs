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

/// The edit of a fix, or why it cannot be offered: the client cannot apply it (a new file
/// without resource-operation support), a path cannot be expressed as a URI, a path is a symbolic
/// link or lies below one, a file is unreadable, or a file the editor does not have open changed
/// on disk since it was indexed (the edit would land on the wrong lines). Files open in the
/// editor are edited as the editor has them, with their version; a new file is created only if
/// it does not exist (never `ignoreIfExists`: a file that appeared meanwhile is not prepended to).
pub fn workspace_edit(state: &State, world: &World, fix: &Fix) -> Result<WorkspaceEdit, Refusal> {
    let support = state.edit_support();
    let encoding = state.encoding();
    let can_create = support.document_changes && support.create_files;
    if !fix.creates.is_empty() && !can_create {
        return Err(Refusal::Unsafe(
            "this editor cannot create files through the language server (it lacks workspace edits with \
             resource operations)"
                .into(),
        ));
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
