//! Settings per workspace folder: each file is judged with the settings of the folder holding it,
//! pulled with that folder's `scopeUri` and layered over that folder's `.kep-ls.toml`; files
//! outside every folder get the unscoped settings; folders added and removed, and a settings
//! change, re-pull; a client that cannot be asked gets its pushed settings in every folder.

use std::path::Path;

use serde_json::{json, Value};

use crate::client::{uri, Client, Start};
use crate::workspace::TempDir;

/// Two faults: an unknown key (`see_also`, `replace`; an error) and an invalid status (a warning).
const KEP: &str = "title: X\nkep-number: 12\nauthors:\n  - \"@jane\"\nowning-sig: sig-node\nstatus: implementabl\ncreation-date: 2025-01-01\nreviewers: []\napprovers: []\nsee_also: []\nreplace: []\n";

const KEP_PATH: &str = "keps/sig-node/12-x/kep.yaml";

/// The severity `code` is published with (LSP numbers: 1 error ... 4 hint), `None` when absent.
fn severity(published: &Value, code: &str) -> Option<i64> {
    published["diagnostics"].as_array()?.iter().find(|d| d["code"] == code).and_then(|d| d["severity"].as_i64())
}

/// Starts the server on `folders` (named by their last component) with `capabilities`, the
/// scoped answers already set, and waits for the end of indexing.
fn start(folders: &[&Path], options: Value, capabilities: Value, by_scope: Vec<(String, Value)>) -> Client {
    let mut client = Client::start(folders[0]);
    client.configuration_by_scope = by_scope;
    let workspace: Vec<Value> =
        folders.iter().map(|f| json!({ "uri": uri(f), "name": f.file_name().unwrap().to_str().unwrap() })).collect();
    let response = client.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(folders[0]), "workspaceFolders": workspace,
                "initializationOptions": options, "capabilities": capabilities }),
    );
    assert!(response["result"]["capabilities"].is_object(), "{response}");
    client.notify("initialized", json!({}));
    client.wait_until("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    client
}

/// Waits until `uri` is published with `code` at `expected` (`None`: absent) and every other
/// expectation too, so that a publish from before the settings arrived is never taken.
fn wait_levels(client: &mut Client, uri: &str, what: &str, expected: &[(&str, Option<i64>)]) -> Value {
    client.diagnostics_where(uri, what, |p| {
        p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
            && expected.iter().all(|(code, level)| severity(p, code) == *level)
    })
}

#[test]
fn each_folder_is_judged_with_its_own_settings_and_loose_files_with_the_unscoped_ones() {
    let top = TempDir::new("folders");
    let (a, b) = (top.path().join("a"), top.path().join("b"));
    // b's repository turns `unknown-key` down for CI; its editor settings change another rule.
    top.write("b/.kep-ls.toml", "[rules]\nunknown-key = \"warning\"\n");
    let paths: Vec<_> = ["a", "b", "loose"].iter().map(|repo| top.write(&format!("{repo}/{KEP_PATH}"), KEP)).collect();
    let by_scope = vec![
        (uri(&a), json!({ "rules": { "unknown-key": "off" } })),
        (uri(&b), json!({ "rules": { "invalid-status": "hint", "owning-sig-folder": "off" } })),
    ];
    let mut client = start(&[&a, &b], Value::Null, Client::capabilities(&["utf-16"]), by_scope);
    client.configuration = json!({ "rules": { "unknown-key": "info" } });
    // The folders' answers were given at start-up; the new unscoped one is pulled on the change.
    client.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    let request = client.wait_for("the pull", |m| m["method"] == "workspace/configuration");
    let scopes: Vec<Value> =
        request["params"]["items"].as_array().unwrap().iter().map(|i| i["scopeUri"].clone()).collect();
    assert_eq!(scopes, [json!(uri(&a)), json!(uri(&b)), Value::Null], "one item per folder, then an unscoped one");
    let shown = client.wait_for("the bad setting of folder b", |m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(message.contains("in folder `b`: kep.rules: no rule `owning-sig-folder`"), "{message}");

    let uris: Vec<String> = paths.iter().map(|p| client.open(p, "yaml", KEP, 1)).collect();
    wait_levels(
        &mut client,
        &uris[0],
        "folder a: unknown-key off",
        &[("unknown-key", None), ("invalid-status", Some(2))],
    );
    wait_levels(
        &mut client,
        &uris[1],
        "folder b: its file's warning, its editor's hint",
        &[("unknown-key", Some(2)), ("invalid-status", Some(4))],
    );
    wait_levels(
        &mut client,
        &uris[2],
        "a loose file: the unscoped settings",
        &[("unknown-key", Some(3)), ("invalid-status", Some(2))],
    );
    assert!(
        client.try_wait_for(|m| m["method"] == "window/showMessage", std::time::Duration::from_millis(300)).is_none(),
        "the same bad setting is shown once, not at each pull"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn folders_added_and_removed_and_a_settings_change_move_the_diagnostics() {
    let top = TempDir::new("folder-change");
    let (a, b) = (top.path().join("a"), top.path().join("b"));
    let in_a = top.write(&format!("a/{KEP_PATH}"), KEP);
    let in_b = top.write(&format!("b/{KEP_PATH}"), KEP);
    let by_scope = vec![
        (uri(&a), json!({ "rules": { "unknown-key": "off" } })),
        (uri(&b), json!({ "rules": { "invalid-status": "off" } })),
    ];
    let mut client = start(&[&a], Value::Null, Client::capabilities(&["utf-16"]), by_scope);
    let in_a = client.open(&in_a, "yaml", KEP, 1);
    let in_b = client.open(&in_b, "yaml", KEP, 1);
    wait_levels(&mut client, &in_a, "a's settings", &[("unknown-key", None), ("invalid-status", Some(2))]);
    wait_levels(&mut client, &in_b, "b not a folder yet", &[("unknown-key", Some(1)), ("invalid-status", Some(2))]);

    let b_folder = json!([{ "uri": uri(&b), "name": "b" }]);
    client.notify("workspace/didChangeWorkspaceFolders", json!({ "event": { "added": b_folder, "removed": [] } }));
    let asks_for_b = |m: &Value| {
        m["method"] == "workspace/configuration"
            && m["params"]["items"].as_array().is_some_and(|items| items.iter().any(|i| i["scopeUri"] == uri(&b)))
    };
    client.wait_for("a pull with the new folder's scopeUri", asks_for_b);
    wait_levels(
        &mut client,
        &in_b,
        "b's own settings once added",
        &[("unknown-key", Some(1)), ("invalid-status", None)],
    );

    // A settings change re-pulls every folder.
    client.configuration_by_scope[0].1 = json!({ "rules": { "unknown-key": "hint" } });
    client.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    wait_levels(&mut client, &in_a, "a's new settings", &[("unknown-key", Some(4)), ("invalid-status", Some(2))]);

    client.notify("workspace/didChangeWorkspaceFolders", json!({ "event": { "added": [], "removed": b_folder }}));
    wait_levels(&mut client, &in_b, "b's settings dropped", &[("unknown-key", Some(1)), ("invalid-status", Some(2))]);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_client_that_cannot_be_asked_gets_its_pushed_settings_over_each_folders_file() {
    let top = TempDir::new("folder-push");
    let (a, b) = (top.path().join("a"), top.path().join("b"));
    top.write("a/.kep-ls.toml", "[rules]\nunknown-key = \"off\"\n");
    let in_a = top.write(&format!("a/{KEP_PATH}"), KEP);
    let in_b = top.write(&format!("b/{KEP_PATH}"), KEP);
    let mut capabilities = Client::capabilities(&["utf-16"]);
    capabilities["workspace"]["configuration"] = json!(false);
    let pushed = json!({ "rules": { "invalid-status": "hint" } });
    let mut client = start(&[&a, &b], pushed, capabilities, Vec::new());
    let in_a = client.open(&in_a, "yaml", KEP, 1);
    let in_b = client.open(&in_b, "yaml", KEP, 1);
    wait_levels(&mut client, &in_a, "pushed over a's file", &[("unknown-key", None), ("invalid-status", Some(4))]);
    wait_levels(&mut client, &in_b, "pushed, b has no file", &[("unknown-key", Some(1)), ("invalid-status", Some(4))]);
    client.notify("workspace/didChangeConfiguration", json!({ "settings": { "kep": { "rules": {} } } }));
    wait_levels(&mut client, &in_a, "the new push in a", &[("unknown-key", None), ("invalid-status", Some(2))]);
    wait_levels(&mut client, &in_b, "the new push in b", &[("unknown-key", Some(1)), ("invalid-status", Some(2))]);
    assert!(
        client.try_wait_for(|m| m["method"] == "workspace/configuration", std::time::Duration::ZERO).is_none(),
        "never asked"
    );
    assert!(client.shutdown_and_exit().success());
}
