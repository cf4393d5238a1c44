//! One configuration for editor and CI: the server reads the repository's `.kep-ls.toml` and layers
//! the editor's settings over it; settings it cannot use are shown to the user; they are pulled
//! per workspace folder.

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{uri, Client, Start};
use crate::workspace::TempDir;

/// Two faults: an unknown key (twice) and an invalid status.
const KEP: &str = "title: X\nkep-number: 12\nauthors:\n  - \"@jane\"\nowning-sig: sig-node\nstatus: implementabl\ncreation-date: 2025-01-01\nreviewers: []\napprovers: []\nsee_also: []\nreplace: []\n";

fn codes(published: &Value) -> Vec<String> {
    let mut codes: Vec<String> =
        published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    codes.sort();
    codes.dedup();
    codes
}

#[test]
fn the_repository_file_applies_in_the_editor_and_editor_settings_layer_over_it() {
    let dir = TempDir::new("layered");
    dir.write(".kep-ls.toml", "[rules]\nunknown-key = \"off\"\ninvalid-status = \"off\"\n");
    let path = dir.write("keps/sig-node/12-x/kep.yaml", KEP);
    let mut client = Client::start(dir.path());
    client.configuration = json!({ "rules": { "invalid-status": "warning" } });
    client.initialize(dir.path(), &["utf-16"]);
    let request = client.wait_for("workspace/configuration", |m| m["method"] == "workspace/configuration");
    let folder = json!({ "scopeUri": uri(dir.path()), "section": "kep" });
    assert_eq!(request["params"]["items"], json!([folder, { "section": "kep" }]), "the folder's, then for loose files");
    let uri = client.open(&path, "yaml", KEP, 1);
    let published = client.diagnostics_where(&uri, "the layered settings", |p| {
        p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
    });
    let all = codes(&published);
    assert!(!all.contains(&"unknown-key".to_string()), "off in .kep-ls.toml: {all:?}");
    let status = published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "invalid-status");
    assert_eq!(status.map(|d| d["severity"].clone()), Some(json!(2)), "the editor's warning wins: {published}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn unknown_rule_codes_and_bad_levels_in_editor_settings_are_shown() {
    let dir = TempDir::new("badsettings");
    dir.write("keps/sig-node/12-x/kep.yaml", KEP);
    let mut client = Client::start(dir.path());
    client.initialize_with(
        dir.path(),
        &["utf-16"],
        json!({ "rules": { "owning-sig-folder": "off", "unknown-key": "loud" } }),
    );
    let shown = client.wait_for("window/showMessage", |m| m["method"] == "window/showMessage");
    let message = shown["params"]["message"].as_str().unwrap();
    expect![[r#"kep-ls settings: kep.rules: no rule `owning-sig-folder` (run `kep-ls rules` for the list); kep.rules.unknown-key: expected off, error, warning, info or hint, found "loud""#]].assert_eq(message);
    assert_eq!(shown["params"]["type"], 2, "a warning");
    assert!(client.shutdown_and_exit().success());
}
