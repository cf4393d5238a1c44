//! SIG Node's assigned reviewers and approvers (issue 15, `hack/verify-node-approvers.sh`) as an
//! editor and CI see them: OWNERS edits re-check the open kep.yaml, the fix and the marker
//! completion over stdio, and `kep-ls check` with the upcoming release from each source.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::client::{binary, edits_for, Client, Start};
use crate::workspace::TempDir;

const KEP: &str = "title: Assigned\nkep-number: 12\nowning-sig: sig-node\nstatus: implementable\nstage: beta\nlatest-milestone: \"v1.36\"\nreviewers:\n  - \"@a\" # sig-node-assigned-reviewer\n  - \"@b\" # sig-node-assigned-reviewer\napprovers:\n  - \"@lead\"\n  - \"@c\" \n";
const ALIASES: &str = "aliases:\n  sig-node-tech-leads:\n    - lead\n";

fn node_codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("sig-node-"))
        .map(|d| format!("{}:{}", d["code"].as_str().unwrap(), d["range"]["start"]["line"]))
        .collect()
}

#[test]
fn owners_edits_recheck_the_open_kep_and_the_fix_and_completion_work() {
    let dir = TempDir::new("nodeapprovers");
    dir.write("OWNERS_ALIASES", ALIASES);
    let kep = dir.write("keps/sig-node/12-assigned/kep.yaml", KEP);
    let owners = dir.write("keps/sig-node/12-assigned/OWNERS", "reviewers:\n  - a\n");
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let kep_uri = client.open(&kep, "yaml", KEP, 1);
    let published = client.diagnostics(&kep_uri, Some(1));
    assert_eq!(node_codes(&published), ["sig-node-owners-mismatch:8"], "{published:#}");
    let d =
        published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "sig-node-owners-mismatch").unwrap();
    assert_eq!(d["severity"], 1);
    assert_eq!(d["relatedInformation"][0]["location"]["uri"], crate::client::uri(&owners));

    // The fix adds `b` to OWNERS.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": kep_uri },
            "range": { "start": { "line": 8, "character": 4 }, "end": { "line": 8, "character": 4 } },
            "context": { "diagnostics": [] }
        }),
    );
    let fix = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Add `b` to reviewers in OWNERS")
        .unwrap_or_else(|| panic!("{actions:#}"))
        .clone();
    let owners_uri = crate::client::uri(&owners);
    let fixed = crate::client::apply_edits("reviewers:\n  - a\n", &edits_for(&fix["edit"], &owners_uri));
    assert_eq!(fixed, "reviewers:\n  - a\n  - b # sig-node-assigned-reviewer\n");

    // OWNERS changed on disk: the open kep.yaml is checked again.
    std::fs::write(&owners, &fixed).unwrap();
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": owners_uri, "type": 2 }] }));
    client.diagnostics_where(&kep_uri, "kep.yaml clean after the OWNERS change", |p| node_codes(p).is_empty());

    // OWNERS edited in the editor: both files are checked again, within the debounce.
    client.open(&owners, "plaintext", &fixed, 1);
    client.diagnostics_where(&owners_uri, "OWNERS clean", |p| node_codes(p).is_empty());
    client.change(&owners_uri, 2, json!([{ "text": "reviewers:\n  - a\n  - b\n  - x\n" }]));
    let on_owners = client.diagnostics(&owners_uri, Some(2));
    assert_eq!(node_codes(&on_owners), ["sig-node-owners-mismatch:3"], "{on_owners:#}");
    client.change(&owners_uri, 3, json!([{ "text": "reviewers:\n  - a\n" }]));
    client.diagnostics_where(&kep_uri, "kep.yaml flagged again", |p| node_codes(p) == ["sig-node-owners-mismatch:8"]);

    // The marker is offered after `#` on an approvers item.
    client.change(&kep_uri, 2, json!([{ "text": KEP.replace("\"@c\" \n", "\"@c\" #\n") }]));
    client.diagnostics(&kep_uri, Some(2));
    let completion = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": kep_uri }, "position": { "line": 11, "character": 10 } }),
    );
    let items = completion["result"]["items"].as_array().or_else(|| completion["result"].as_array()).unwrap().clone();
    let marker =
        items.iter().find(|i| i["label"] == "sig-node-assigned-approver").unwrap_or_else(|| panic!("{completion:#}"));
    assert_eq!(marker["textEdit"]["newText"], "# sig-node-assigned-approver");
    assert!(client.shutdown_and_exit().success());
}

fn check(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).arg("check").args(args).output().expect("run kep-ls check")
}

fn codes(output: &Output) -> Vec<String> {
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| panic!("{output:?}"));
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("sig-node-"))
        .map(|d| format!("{}:{}", d["code"].as_str().unwrap(), d["line"]))
        .collect()
}

#[test]
fn check_takes_the_upcoming_release_from_the_flag_the_config_or_the_workspace() {
    let dir = TempDir::new("upcoming");
    dir.write("OWNERS_ALIASES", ALIASES);
    // Alpha at v1.36 with a marked approver: fine unless v1.36 is the upcoming release.
    dir.write(
        "keps/sig-node/12-alpha/kep.yaml",
        "title: Alpha\nkep-number: 12\nstage: alpha\nlatest-milestone: \"v1.36\"\napprovers:\n  - \"@lead\"\n  - \"@c\" # sig-node-assigned-approver\n",
    );
    dir.write("keps/sig-node/12-alpha/OWNERS", "approvers:\n  - c\n");
    // The workspace's newest latest-milestone, hence the default upcoming release.
    dir.write("keps/sig-apps/13-other/kep.yaml", "title: Other\nkep-number: 13\nlatest-milestone: \"v1.37\"\n");
    let json = ["--format", "json"];
    assert_eq!(codes(&check(dir.path(), &json)), Vec::<String>::new());
    let flagged = ["sig-node-tech-lead:7".to_string()];
    assert_eq!(codes(&check(dir.path(), &[&json[..], &["--upcoming-release", "v1.36"]].concat())), flagged);
    dir.write(".kep-ls.toml", "upcoming-release = \"v1.36\"\n");
    let output = check(dir.path(), &json);
    assert_eq!(codes(&output), flagged);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        codes(&check(dir.path(), &[&json[..], &["--upcoming-release", "v1.37"]].concat())),
        Vec::<String>::new()
    );
    assert_eq!(check(dir.path(), &["--upcoming-release", "soon"]).status.code(), Some(2));
    dir.write(".kep-ls.toml", "upcoming-release = \"soon\"\n");
    assert_eq!(check(dir.path(), &json).status.code(), Some(2));
}
