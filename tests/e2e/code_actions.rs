//! Over stdio: quick fixes with their diagnostic, `source.fixAll.kep`, and rule settings.

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{apply_edits, edits_for, Client, Start};
use crate::workspace::TempDir;

const KEP: &str = "title: Fixable\nkep-number: 12\nauthors: []\nowning-sig: sig-node\nstatus: provisional\napprovers: []\nsee_also: []\nKep_Number_: 12\n";

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn code_actions(client: &mut Client, uri: &str, line: u32, only: Option<&str>) -> Vec<Value> {
    code_actions_at(client, uri, line, 0, only)
}

fn code_actions_at(client: &mut Client, uri: &str, line: u32, character: u32, only: Option<&str>) -> Vec<Value> {
    let mut context = json!({ "diagnostics": [] });
    if let Some(kind) = only {
        context["only"] = json!([kind]);
    }
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": line, "character": character }, "end": { "line": line, "character": character } },
            "context": context
        }),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_quick_fix_carries_its_diagnostic_and_applying_it_clears_it() {
    let dir = TempDir::new("actions");
    let path = dir.write("keps/sig-node/12-fixable/kep.yaml", KEP);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "yaml", KEP, 1);
    assert_eq!(codes(&client.diagnostics(&uri, Some(1))), ["unknown-key", "unknown-key"]);

    let actions = code_actions(&mut client, &uri, 6, None);
    let fix = actions.iter().find(|a| a["kind"] == "quickfix").expect("a quick fix");
    assert_eq!(fix["title"], "Rename to `see-also`");
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["diagnostics"][0]["code"], "unknown-key");
    assert_eq!(fix["diagnostics"][0]["range"]["start"]["line"], 6);
    let fixed = apply_edits(KEP, &edits_for(&fix["edit"], &uri));
    assert!(fixed.contains("\nsee-also: []\n"), "{fixed}");

    client.change(&uri, 2, json!([{ "text": fixed }]));
    assert_eq!(codes(&client.diagnostics(&uri, Some(2))), ["unknown-key"], "only the other key is left");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn fix_all_applies_every_safe_fix_of_the_file() {
    let dir = TempDir::new("fixall");
    let path = dir.write("keps/sig-node/12-fixable/kep.yaml", KEP);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "yaml", KEP, 1);
    client.diagnostics(&uri, Some(1));

    let actions = code_actions(&mut client, &uri, 0, Some("source.fixAll"));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.kep");
    let fixed = apply_edits(KEP, &edits_for(&actions[0]["edit"], &uri));
    client.change(&uri, 2, json!([{ "text": fixed }]));
    let published = client.diagnostics(&uri, Some(2));
    // `Kep_Number_` normalises to `kep-number-`, not a key: its rename is offered but not safe.
    assert_eq!(codes(&published), ["unknown-key"]);
    expect!["unknown key `Kep_Number_`: did you mean `kep-number`?"]
        .assert_eq(published["diagnostics"][0]["message"].as_str().unwrap());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn rules_can_be_switched_off_and_reclassified() {
    let dir = TempDir::new("settings");
    let path = dir.write("keps/sig-node/12-fixable/kep.yaml", KEP);
    let mut client = Client::start(dir.path());
    client.initialize_with(dir.path(), &["utf-16"], json!({ "rules": { "unknown-key": "off" } }));
    let uri = client.open(&path, "yaml", KEP, 1);
    assert_eq!(client.diagnostics(&uri, Some(1))["diagnostics"], json!([]));

    // Through workspace/configuration: the server pulls when told the settings changed.
    client.configuration = json!({ "rules": { "unknown-key": "hint" } });
    client.notify("workspace/didChangeConfiguration", json!({ "settings": null }));
    let published = client.diagnostics_where(&uri, "diagnostics under the new settings", |p| {
        p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    assert_eq!(codes(&published), ["unknown-key", "unknown-key"]);
    assert_eq!(published["diagnostics"][0]["severity"], 4, "hint");
    assert!(client.shutdown_and_exit().success());
}

/// A kep.yaml with one fault for each authoring rule whose fix is safe, plus one whose fix is not.
const AUTHORING: &str = "title: Authoring faults\nkep-number: 12\nauthors:\n  - \"@jane\"\nowning-sig: SIG-Node\nstatus: Provisional\ncreation-date: 2025-10-9\nreviewers:\n  - “@sjenning”\n  - \"@seans3 \"\napprovers:\n  - TBD\nlatest-milestone: 1.30\nmilestone:\n  alpha: '1.30'\nparticipating-sigs:\n  - sig-apimachinery\n";

#[test]
fn each_authoring_diagnostic_offers_its_fix_and_applying_it_clears_the_diagnostic() {
    let dir = TempDir::new("authoring");
    let path = dir.write("keps/sig-node/12-authoring/kep.yaml", AUTHORING);
    let mut client = Client::start(dir.path());
    // A lone KEP targets the newest release: its readiness items are not what this test is about.
    client.initialize_with(dir.path(), &["utf-16"], json!({ "rules": { "release-readiness": "off" } }));
    let uri = client.open(&path, "yaml", AUTHORING, 1);
    let published = client.diagnostics(&uri, Some(1));
    let mut expected = [
        "unknown-group",
        "invalid-status",
        "invalid-date",
        "invalid-handle",
        "invalid-handle",
        "milestone-format",
        "milestone-format",
        "unknown-group",
    ];
    assert_eq!(codes(&published), expected, "{published:#}");

    // The misspelled participating group (line 16): its fix is offered, preferred, not safe.
    let actions = code_actions_at(&mut client, &uri, 16, 6, Some("quickfix"));
    // Every diagnostic also has its "Ignore `code` on this line" action, last.
    assert_eq!(actions.len(), 2, "{actions:#?}");
    assert_eq!(actions[1]["title"], "Ignore `unknown-group` on this line (kep-ls: ignore comment)");
    assert_eq!(actions[0]["title"], "Change to `sig-api-machinery`");
    assert_eq!(actions[0]["isPreferred"], true);
    assert_eq!(actions[0]["diagnostics"][0]["code"], "unknown-group");
    assert_eq!(actions[0]["diagnostics"][0]["severity"], 2, "warning");
    let fixed = apply_edits(AUTHORING, &edits_for(&actions[0]["edit"], &uri));
    assert!(fixed.ends_with("participating-sigs:\n  - sig-api-machinery\n"), "{fixed}");
    client.change(&uri, 2, json!([{ "text": fixed }]));
    expected[7] = "";
    let left = codes(&client.diagnostics(&uri, Some(2)));
    assert_eq!(left, expected[..7], "only the fixed diagnostic is gone");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn fix_all_clears_every_authoring_fault_with_a_safe_fix() {
    let dir = TempDir::new("authoring-all");
    let path = dir.write("keps/sig-node/12-authoring/kep.yaml", AUTHORING);
    let mut client = Client::start(dir.path());
    // A lone KEP targets the newest release: its readiness items are not what this test is about.
    client.initialize_with(dir.path(), &["utf-16"], json!({ "rules": { "release-readiness": "off" } }));
    let uri = client.open(&path, "yaml", AUTHORING, 1);
    client.diagnostics(&uri, Some(1));

    let actions = code_actions(&mut client, &uri, 0, Some("source.fixAll"));
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.kep");
    let fixed = apply_edits(AUTHORING, &edits_for(&actions[0]["edit"], &uri));
    assert_eq!(
        fixed,
        "title: Authoring faults\nkep-number: 12\nauthors:\n  - \"@jane\"\nowning-sig: sig-node\nstatus: provisional\ncreation-date: 2025-10-09\nreviewers:\n  - \"@sjenning\"\n  - \"@seans3\"\napprovers:\n  - TBD\nlatest-milestone: \"v1.30\"\nmilestone:\n  alpha: 'v1.30'\nparticipating-sigs:\n  - sig-apimachinery\n"
    );
    client.change(&uri, 2, json!([{ "text": fixed }]));
    // Only the fault whose fix is a guess is left: fix-all never guesses.
    assert_eq!(codes(&client.diagnostics(&uri, Some(2))), ["unknown-group"]);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn groups_come_from_the_sigs_file_setting() {
    let dir = TempDir::new("sigsfile");
    let kep = "title: x\nkep-number: 12\nauthors: []\nowning-sig: sig-new\nstatus: provisional\napprovers: []\n";
    let path = dir.write("keps/sig-new/12-x/kep.yaml", kep);
    dir.write("sigs.yaml", "sigs:\n  - dir: sig-new\n    name: New\n");

    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "yaml", kep, 1);
    assert_eq!(codes(&client.diagnostics(&uri, Some(1))), ["unknown-group"], "the built-in list");
    assert!(client.shutdown_and_exit().success());

    let mut client = Client::start(dir.path());
    client.initialize_with(dir.path(), &["utf-16"], json!({ "sigsFile": "sigs.yaml" }));
    let uri = client.open(&path, "yaml", kep, 1);
    assert_eq!(client.diagnostics(&uri, Some(1))["diagnostics"], json!([]), "relative to the workspace root");
    assert!(client.shutdown_and_exit().success());
}

/// Issue 17: a client that cannot create files (no `create` among its resource operations) is
/// not offered the fix that creates the missing PRR file, and is told why, once per session:
/// two requests that would offer it bring exactly one warning naming what to do instead.
#[test]
fn a_client_that_cannot_create_files_is_told_once_why_a_fix_is_missing() {
    let dir = TempDir::new("cannot-create");
    crate::workspace::copy_tree(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), dir.path());
    let mut client = Client::start(dir.path());
    let mut capabilities = Client::capabilities(&["utf-16"]);
    capabilities["workspace"]["workspaceEdit"] = json!({ "documentChanges": true });
    client.initialize_with_capabilities(dir.path(), Value::Null, capabilities);
    let path = dir.path().join("keps/sig-cli/1004-kubectl-explain-examples/kep.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, "yaml", &text, 1);
    client.diagnostics_with_code(&uri, "prr-file-missing");
    let line = text.lines().position(|l| l.starts_with("status:")).unwrap() as u32;
    let warning = |m: &Value| {
        m["method"] == "window/showMessage"
            && m["params"]["message"].as_str().is_some_and(|t| t.contains("cannot create files"))
    };
    for _ in 0..2 {
        let actions = code_actions_at(&mut client, &uri, line, 9, None);
        let creating = actions
            .iter()
            .filter(|a| {
                a["edit"]["documentChanges"].as_array().is_some_and(|c| c.iter().any(|c| c["kind"] == "create"))
            })
            .count();
        assert_eq!(creating, 0, "{actions:#?}");
    }
    let told = client.wait_for("the cannot-create warning", warning);
    assert_eq!(told["params"]["type"], 2, "a warning: {told}");
    let message = told["params"]["message"].as_str().unwrap();
    expect!["kep-ls: this editor cannot create files through the language server (it does not announce `create` in workspaceEdit.resourceOperations), so quick fixes that create a file (such as the PRR approval file keps/prod-readiness/<sig>/<number>.yaml) are not offered. Create the file yourself (the problem's message names it), or run `kep-ls new` in a terminal for a new KEP."].assert_eq(message);
    // A third request's answer comes after anything the first two sent; no second warning is among them.
    code_actions_at(&mut client, &uri, line, 9, None);
    assert!(client.try_wait_for(warning, std::time::Duration::from_millis(500)).is_none(), "said once");
    assert!(client.shutdown_and_exit().success());
}
