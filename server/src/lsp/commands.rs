//! `workspace/executeCommand`: the commands the server carries out.

pub const ALL: &[&str] = &[];

pub async fn execute(
    client: &tower_lsp_server::Client,
    state: &super::server::State,
    params: ls_types::ExecuteCommandParams,
) -> Result<serde_json::Value, String> {
    let _ = (client, state);
    Err(format!("unknown command `{}`", params.command))
}
