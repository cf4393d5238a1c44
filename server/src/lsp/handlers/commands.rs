//! `workspace/executeCommand`: `kep.newKep`, `kep.promote`, `kep.updateToc` and
//! `kep.releaseReadiness` (the readiness lens's command: shows what is missing). Each computes its
//! change from the core under the world's read lock, releases it, asks the client to apply the
//! change (`workspace/applyEdit`, from a task of its own) and answers with the command's result at
//! once: waiting for the client's answer would hold one of tower-lsp-server's four handler slots
//! (four such commands stalled every message). A refusal, a failure or no answer within
//! [`APPLY_TIMEOUT`] is shown to the user as an error (`window/showMessage`). The argument objects
//! are the VS Code extension's contract (`editors/vscode/src/commands.ts`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use ls_types::*;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::Client;

use crate::ide::diagnostic::Fix;
use crate::ide::features;
use crate::lsp::convert;
use crate::lsp::edits;
use crate::lsp::state::State;
use crate::lsp::write_target::{self, Refusal, Write};

pub const NEW_KEP: &str = "kep.newKep";
pub const PROMOTE: &str = "kep.promote";
pub const UPDATE_TOC: &str = "kep.updateToc";
pub const RELEASE_READINESS: &str = "kep.releaseReadiness";
pub const ALL: &[&str] = &[NEW_KEP, PROMOTE, UPDATE_TOC, RELEASE_READINESS];

/// How long the task that applies a command's edit waits for the client's answer before telling
/// the user the change was not confirmed.
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

/// The lens passes the list it was made with too; the command computes it again from the world.
#[derive(Deserialize)]
struct ReleaseReadinessArgs {
    uri: String,
}

/// What a command wants applied, and what it answers.
struct Outcome {
    edit: Option<WorkspaceEdit>,
    result: Value,
}

pub fn execute(client: &Client, state: &State, params: ExecuteCommandParams) -> Result<Value, String> {
    let argument = params.arguments.into_iter().next().unwrap_or(Value::Null);
    let today = crate::clock::today();
    let command = params.command;
    let outcome = match command.as_str() {
        NEW_KEP => new_kep(state, parse(NEW_KEP, argument)?, &today),
        PROMOTE => promote(state, parse(PROMOTE, argument)?, &today),
        UPDATE_TOC => update_toc(state, parse(UPDATE_TOC, argument)?),
        RELEASE_READINESS => release_readiness(state, client, parse(RELEASE_READINESS, argument)?),
        other => return Err(format!("unknown command `{other}`; this server runs {}", ALL.join(", "))),
    };
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(Failure::Refused(refusal)) => {
            if let Refusal::Stale(path) = &refusal {
                state.refresh_from_disk(std::slice::from_ref(path));
            }
            return Err(format!("{command}: {}", refusal.message()));
        }
        Err(Failure::Message(message)) => return Err(message),
    };
    if let Some(edit) = outcome.edit {
        apply(client, command, edit);
    }
    Ok(outcome.result)
}

/// `kep.releaseReadiness`: shows what the KEP still misses for the freezes of the upcoming release.
fn release_readiness(state: &State, client: &Client, args: ReleaseReadinessArgs) -> Result<Outcome, Failure> {
    let path = path_of(state, &args.uri)?;
    let text = {
        features::release_readiness_text(&state.world(), &path)
            .ok_or_else(|| format!("{} does not target the upcoming release", path.display()))?
    };
    let (client, message) = (client.clone(), text.clone());
    tokio::spawn(async move { client.show_message(MessageType::INFO, message).await });
    Ok(Outcome { edit: None, result: json!({ "text": text }) })
}

/// Why a command does nothing.
enum Failure {
    Message(String),
    /// An edit kep-ls will not build (see `edits::workspace_edit`).
    Refused(Refusal),
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Message(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Message(message.to_string())
    }
}

impl From<Refusal> for Failure {
    fn from(refusal: Refusal) -> Self {
        Failure::Refused(refusal)
    }
}

fn parse<T: for<'de> Deserialize<'de>>(command: &str, argument: Value) -> Result<T, String> {
    serde_json::from_value(argument).map_err(|e| format!("{command}: bad arguments: {e}"))
}

/// Sends `workspace/applyEdit` from a task of its own (the command's answer does not wait for it)
/// and shows the user an error when the editor refuses the change, fails, or does not answer.
fn apply(client: &Client, command: String, edit: WorkspaceEdit) {
    let client = client.clone();
    tokio::spawn(async move {
        let failure = match tokio::time::timeout(APPLY_TIMEOUT, client.apply_edit(edit)).await {
            Ok(Ok(response)) if response.applied => return,
            Ok(Ok(response)) => format!(
                "the editor did not apply the change{}",
                response.failure_reason.map(|r| format!(": {r}")).unwrap_or_default()
            ),
            Ok(Err(e)) => format!("workspace/applyEdit failed: {e}"),
            Err(_) => format!("the editor did not confirm the change within {} s", APPLY_TIMEOUT.as_secs()),
        };
        tracing::warn!("{command}: {failure}");
        client.show_message(MessageType::ERROR, format!("{command} failed: {failure}")).await;
    });
}

/// The file a command's `uri` argument names: a `file:` URI, and not another name of an open file.
fn path_of(state: &State, uri: &str) -> Result<PathBuf, String> {
    let uri: Uri = uri.parse().map_err(|_| format!("`{uri}` is not a URI"))?;
    convert::path(&uri).ok_or_else(|| format!("`{}` is not a file URI: kep-ls edits files only", uri.as_str()))?;
    state
        .path_of(&uri)
        .ok_or_else(|| format!("`{}` is another name of a document open under another URI", uri.as_str()))
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

fn new_kep(state: &State, args: NewKepArgs, today: &str) -> Result<Outcome, Failure> {
    let support = state.edit_support();
    if !support.can_create_files() {
        return Err("this editor cannot create files through the language server (it lacks workspace edits \
                    with resource operations): run `kep-ls new` in a terminal instead"
            .into());
    }
    let root = new_kep_root(state)?;
    let request = features::NewKep {
        sig: args.sig,
        title: args.title,
        number: args.number,
        authors: args.authors.unwrap_or_default(),
    };
    let world = state.world();
    let new = features::new_kep(&world, &root, &request, today)?;
    if new.dir.exists() {
        return Err(format!("{} already exists", new.dir.display()).into());
    }
    let fix = Fix {
        title: format!("New KEP-{}", new.number),
        creates: vec![new.kep_yaml.clone(), new.readme.clone()],
        ..Fix::default()
    };
    let edit = edits::workspace_edit(state, &world, &fix)?;
    Ok(Outcome {
        edit: Some(edit),
        result: json!({
            "kepYaml": uri_of(&new.kep_yaml.path)?,
            "readme": uri_of(&new.readme.path)?,
            "number": new.number,
            "numberPicked": new.number_picked,
            "fromTemplate": new.from_template,
        }),
    })
}

fn promote(state: &State, args: PromoteArgs, today: &str) -> Result<Outcome, Failure> {
    let dir = features::kep_dir_of(&path_of(state, &args.uri)?);
    // Said first and plainly: the index holds a link's target path, not a kep.yaml to promote.
    write_target::check(&dir.join("kep.yaml"), Write::EditOpen)?;
    let world = state.world();
    let promotion = features::promote(&world, &dir, &args.stage, args.milestone.as_deref(), today)?;
    if promotion.fix.creates.iter().any(|c| c.path.exists()) {
        return Err(format!("{} exists but is not indexed yet: try again in a moment", promotion.prr.display()).into());
    }
    let edit = edits::workspace_edit(state, &world, &promotion.fix)?;
    Ok(Outcome {
        edit: Some(edit),
        result: json!({
            "kepYaml": uri_of(&promotion.kep_yaml)?,
            "prr": uri_of(&promotion.prr)?,
            "stage": promotion.stage,
            "milestone": promotion.milestone,
            "notes": promotion.notes,
        }),
    })
}

fn update_toc(state: &State, args: UpdateTocArgs) -> Result<Outcome, Failure> {
    let path = path_of(state, &args.uri)?;
    write_target::check(&path, Write::EditOpen)?;
    let world = state.world();
    let Some(fix) = features::update_toc(&world, &path)? else {
        return Ok(Outcome { edit: None, result: json!({ "changed": false }) });
    };
    let edit = edits::workspace_edit(state, &world, &fix)?;
    Ok(Outcome { edit: Some(edit), result: json!({ "changed": true }) })
}
