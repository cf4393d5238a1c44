//! `workspace/executeCommand`: `kep.newKep`, `kep.promote` and `kep.updateToc`. Each computes its
//! change from the core under the world's read lock, releases it, then asks the client to apply
//! the change (`workspace/applyEdit`, sent from a task of its own) and answers with the command's
//! result. The argument objects are the VS Code extension's contract (`editors/vscode/src/commands.ts`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use ls_types::*;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::Client;

use super::convert;
use super::edits;
use super::server::State;
use crate::ide::diagnostic::{FileEdit, Fix};
use crate::ide::kep::{promote, scaffold};
use crate::ide::layout::FileKind;
use crate::ide::markdown::toc;

pub const NEW_KEP: &str = "kep.newKep";
pub const PROMOTE: &str = "kep.promote";
pub const UPDATE_TOC: &str = "kep.updateToc";
pub const ALL: &[&str] = &[NEW_KEP, PROMOTE, UPDATE_TOC];

/// How long a command waits for the client to apply its edit before answering anyway: a client
/// that never answers must not hold the request forever.
const APPLY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewKepArgs {
    sig: String,
    title: String,
    number: Option<u64>,
    authors: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PromoteArgs {
    uri: String,
    stage: String,
    milestone: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateTocArgs {
    uri: String,
}

/// What a command wants applied, and what it answers.
struct Outcome {
    edit: Option<WorkspaceEdit>,
    result: Value,
}

pub async fn execute(client: &Client, state: &State, params: ExecuteCommandParams) -> Result<Value, String> {
    let argument = params.arguments.into_iter().next().unwrap_or(Value::Null);
    let today = crate::clock::today();
    let outcome = match params.command.as_str() {
        NEW_KEP => new_kep(state, parse(NEW_KEP, argument)?, &today)?,
        PROMOTE => promote(state, parse(PROMOTE, argument)?, &today)?,
        UPDATE_TOC => update_toc(state, parse(UPDATE_TOC, argument)?)?,
        other => return Err(format!("unknown command `{other}`; this server runs {}", ALL.join(", "))),
    };
    if let Some(edit) = outcome.edit {
        apply(client, edit).await?;
    }
    Ok(outcome.result)
}

fn parse<T: for<'de> Deserialize<'de>>(command: &str, argument: Value) -> Result<T, String> {
    serde_json::from_value(argument).map_err(|e| format!("{command}: bad arguments: {e}"))
}

/// Sends `workspace/applyEdit` from a task (never from under a lock) and waits for the answer.
async fn apply(client: &Client, edit: WorkspaceEdit) -> Result<(), String> {
    let client = client.clone();
    let request = tokio::spawn(async move { client.apply_edit(edit).await });
    match tokio::time::timeout(APPLY_TIMEOUT, request).await {
        Ok(Ok(Ok(response))) if response.applied => Ok(()),
        Ok(Ok(Ok(response))) => Err(format!(
            "the editor did not apply the change{}",
            response.failure_reason.map(|r| format!(": {r}")).unwrap_or_default()
        )),
        Ok(Ok(Err(e))) => Err(format!("workspace/applyEdit failed: {e}")),
        Ok(Err(e)) => Err(format!("workspace/applyEdit failed: {e}")),
        Err(_) => {
            tracing::warn!("the client has not answered workspace/applyEdit after {APPLY_TIMEOUT:?}");
            Ok(())
        }
    }
}

fn path_of(uri: &str) -> Result<PathBuf, String> {
    let uri: Uri = uri.parse().map_err(|_| format!("`{uri}` is not a URI"))?;
    convert::path(&uri).ok_or_else(|| format!("`{}` is not a file URI", uri.as_str()))
}

fn uri_of(path: &Path) -> Result<String, String> {
    convert::uri(path).map(|u| u.as_str().to_string()).ok_or_else(|| format!("{} has no file URI", path.display()))
}

/// The repository root a new KEP goes to: the first `keps/` tree of the first workspace folder
/// that has one.
fn new_kep_root(state: &State) -> Result<PathBuf, String> {
    let mut known: Vec<PathBuf> = {
        let world = state.world();
        world.kep_files().filter_map(|f| f.place.as_ref().map(|p| p.root.clone())).collect()
    };
    known.sort();
    known.dedup();
    for folder in state.folders() {
        if let Some(root) = known.iter().find(|r| r.starts_with(&folder) || folder.starts_with(r)) {
            return Ok(root.clone());
        }
        if let Some(root) = crate::vfs::find_roots(&folder, 3).into_iter().next() {
            return Ok(root);
        }
    }
    known.into_iter().next().ok_or_else(|| "no keps/ directory in the workspace".to_string())
}

fn new_kep(state: &State, args: NewKepArgs, today: &str) -> Result<Outcome, String> {
    let support = state.edit_support();
    if !support.can_create_files() {
        return Err("this editor cannot create files through the language server (it lacks workspace edits \
                    with resource operations): run `kep-ls new` in a terminal instead"
            .into());
    }
    let root = new_kep_root(state)?;
    let request = scaffold::NewKep {
        sig: args.sig,
        title: args.title,
        number: args.number,
        authors: args.authors.unwrap_or_default(),
    };
    let world = state.world();
    let new = scaffold::scaffold(&world, &root, &request, today)?;
    if new.dir.exists() {
        return Err(format!("{} already exists", new.dir.display()));
    }
    let fix = Fix {
        title: format!("New KEP-{}", new.number),
        creates: vec![new.kep_yaml.clone(), new.readme.clone()],
        ..Fix::default()
    };
    let edit = edits::workspace_edit(state, &world, &fix).map(refuse_existing_files);
    Ok(Outcome {
        edit,
        result: json!({
            "kepYaml": uri_of(&new.kep_yaml.path)?,
            "readme": uri_of(&new.readme.path)?,
            "number": new.number,
            "numberPicked": new.number_picked,
            "fromTemplate": new.from_template,
        }),
    })
}

/// New files must not replace anything: a create fails when its file exists.
fn refuse_existing_files(mut edit: WorkspaceEdit) -> WorkspaceEdit {
    if let Some(DocumentChanges::Operations(operations)) = &mut edit.document_changes {
        for operation in operations {
            if let DocumentChangeOperation::Op(ResourceOp::Create(create)) = operation {
                create.options = Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) });
            }
        }
    }
    edit
}

fn promote(state: &State, args: PromoteArgs, today: &str) -> Result<Outcome, String> {
    let dir = promote::kep_dir_of(&path_of(&args.uri)?);
    let world = state.world();
    let promotion = promote::promote(&world, &dir, &args.stage, args.milestone.as_deref(), today)?;
    if promotion.fix.creates.iter().any(|c| c.path.exists()) {
        return Err(format!("{} exists but is not indexed yet: try again in a moment", promotion.prr.display()));
    }
    let edit = edits::workspace_edit(state, &world, &promotion.fix).ok_or(
        "this editor cannot create the PRR approval file through the language server: run `kep-ls promote` instead",
    )?;
    Ok(Outcome {
        edit: Some(refuse_existing_files(edit)),
        result: json!({
            "kepYaml": uri_of(&promotion.kep_yaml)?,
            "prr": uri_of(&promotion.prr)?,
            "stage": promotion.stage,
            "milestone": promotion.milestone,
            "notes": promotion.notes,
        }),
    })
}

fn update_toc(state: &State, args: UpdateTocArgs) -> Result<Outcome, String> {
    let path = path_of(&args.uri)?;
    let world = state.world();
    let file = world.file(&path).ok_or_else(|| format!("{} is not open or indexed", path.display()))?;
    if !matches!(file.kind, FileKind::Readme | FileKind::Markdown) {
        return Err(format!("{} is not a Markdown file of a KEP tree", path.display()));
    }
    let Some((range, new_text)) = toc::fix(&file.text) else {
        return Ok(Outcome { edit: None, result: json!({ "changed": false }) });
    };
    let fix = Fix {
        title: "Update table of contents".into(),
        edits: vec![FileEdit { path: path.clone(), range, new_text }],
        ..Fix::default()
    };
    let edit = edits::workspace_edit(state, &world, &fix).ok_or("the change cannot be expressed for this editor")?;
    Ok(Outcome { edit: Some(edit), result: json!({ "changed": true }) })
}
