//! Over stdio: the KEP graph — indexing with progress, definition, references, hover, completion,
//! workspace symbols, document links, inlay hints, and diagnostics that follow renamed targets.

use std::path::Path;

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{uri, Client, Start};
use crate::workspace::TempDir;

const TARGET_KEP: &str = "title: Pod Readiness Hints\nkep-number: 1001\nauthors: []\nowning-sig: sig-node\nstatus: implementable\nstage: beta\nlatest-milestone: \"v1.33\"\napprovers: []\n";
const TARGET_README: &str = "# KEP-1001: Pod Readiness Hints\n\n## Summary\n\nPods tell the kubelet why they are not ready. The reason shows in kubectl.\n";
const REFERRER: &str = "title: Job Retry Budget\nkep-number: 1002\nauthors: []\nowning-sig: sig-apps\nstatus: provisional\napprovers: []\nsee-also:\n  - \"/keps/sig-node/1001-pod-readiness-hints\"\n  - \"/keps/sig-node/999-gone\"\n";
const REFERRER_README: &str =
    "# KEP-1002: Job Retry Budget\n\nBuilds on [hints](../../sig-node/1001-pod-readiness-hints/README.md).\n";

struct Fixture {
    dir: TempDir,
    client: Client,
    referrer: String,
}

fn start() -> Fixture {
    let dir = TempDir::new("graph");
    dir.write("keps/sig-node/1001-pod-readiness-hints/kep.yaml", TARGET_KEP);
    dir.write("keps/sig-node/1001-pod-readiness-hints/README.md", TARGET_README);
    let referrer_path = dir.write("keps/sig-apps/1002-job-retry-budget/kep.yaml", REFERRER);
    dir.write("keps/sig-apps/1002-job-retry-budget/README.md", REFERRER_README);
    dir.write("keps/sig-cli/1003-other/kep.yaml", "title: Other\nkep-number: 1003\nsee-also:\n  - KEP-1001\n");
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let end = client
        .wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert!(end["params"]["value"]["message"].as_str().unwrap().starts_with("3 KEPs (5 files)"), "{end}");
    let referrer = client.open(&referrer_path, "yaml", REFERRER, 1);
    Fixture { dir, client, referrer }
}

fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

fn target_readme(dir: &Path) -> String {
    uri(&dir.join("keps/sig-node/1001-pod-readiness-hints/README.md"))
}

#[test]
fn indexing_reports_progress_from_begin_to_end() {
    let dir = TempDir::new("progress");
    dir.write("keps/sig-node/1001-x/kep.yaml", TARGET_KEP);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let begin =
        client.wait_for("progress begin", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin");
    assert_eq!(begin["params"]["value"]["title"], "Indexing KEPs");
    // Indexing never waits for the bar (the client may answer late), so a one-file index can be done
    // before the bar begins: the steps' reports are then skipped, but the bar always ends, saying what
    // was indexed.
    let end = client.wait_for("progress end", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(end["params"]["token"], begin["params"]["token"]);
    let message = end["params"]["value"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("1 KEPs (1 files) in "), "{message}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn definition_leads_to_the_target_readme_title() {
    let mut f = start();
    let response = f.client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": f.referrer }, "position": position(7, 10) }),
    );
    let location = &response["result"][0];
    assert_eq!(location["uri"], target_readme(f.dir.path()));
    assert_eq!(location["range"]["start"], position(0, 0));
    assert_eq!(location["range"]["end"], position(0, 31));
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn a_definition_asked_while_indexing_waits_for_the_whole_workspace() {
    let dir = TempDir::new("early");
    dir.write("keps/sig-node/1001-pod-readiness-hints/kep.yaml", TARGET_KEP);
    dir.write("keps/sig-node/1001-pod-readiness-hints/README.md", TARGET_README);
    // Enough KEPs that indexing is still running when the request arrives.
    for n in 2000..2600 {
        dir.write(&format!("keps/sig-apps/{n}-filler/kep.yaml"), &format!("title: Filler\nkep-number: {n}\n"));
        dir.write(&format!("keps/sig-apps/{n}-filler/README.md"), &format!("# KEP-{n}: Filler\n\n## Summary\n"));
    }
    let referrer_path = dir.write("keps/sig-apps/1002-job-retry-budget/kep.yaml", REFERRER);
    let mut client = Client::start(dir.path());
    // `initialize` by hand: the client's helper waits for the end of indexing, an editor does not.
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": uri(dir.path()), "capabilities": Client::capabilities(&["utf-16"]) }),
    );
    client.notify("initialized", json!({}));
    let referrer = client.open(&referrer_path, "yaml", REFERRER, 1);
    let response = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": referrer }, "position": position(7, 10) }),
    );
    assert_eq!(response["result"][0]["uri"], target_readme(dir.path()), "{response}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn references_of_a_kep_come_from_kep_yaml_and_readmes() {
    let mut f = start();
    let target = f.dir.path().join("keps/sig-node/1001-pod-readiness-hints/kep.yaml");
    let target_uri = f.client.open(&target, "yaml", TARGET_KEP, 1);
    let ask = |client: &mut Client, declaration: bool| {
        let response = client.request(
            "textDocument/references",
            json!({ "textDocument": { "uri": target_uri }, "position": position(2, 0), "context": { "includeDeclaration": declaration } }),
        );
        let mut found: Vec<(String, u64)> = response["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["uri"].as_str().unwrap().rsplit("/keps/").next().unwrap().to_string(),
                    l["range"]["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect();
        found.sort();
        found
    };
    assert_eq!(
        ask(&mut f.client, false),
        [
            ("sig-apps/1002-job-retry-budget/README.md".to_string(), 2),
            ("sig-apps/1002-job-retry-budget/kep.yaml".to_string(), 7),
            ("sig-cli/1003-other/kep.yaml".to_string(), 3),
        ]
    );
    let with_declaration = ask(&mut f.client, true);
    assert_eq!(with_declaration.len(), 5);
    assert!(with_declaration.contains(&("sig-node/1001-pod-readiness-hints/kep.yaml".to_string(), 0)));
    assert!(with_declaration.contains(&("sig-node/1001-pod-readiness-hints/README.md".to_string(), 0)));
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn hover_describes_the_target_or_why_it_is_broken() {
    let mut f = start();
    let hover = f
        .client
        .request("textDocument/hover", json!({ "textDocument": { "uri": f.referrer }, "position": position(7, 12) }));
    let text = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**KEP-1001: Pod Readiness Hints**"), "{text}");
    assert!(
        text.contains("status `implementable` · stage `beta` · owned by `sig-node` · latest milestone `v1.33`"),
        "{text}"
    );
    expect![[r#"
        **KEP-1001: Pod Readiness Hints**

        status `implementable` · stage `beta` · owned by `sig-node` · latest milestone `v1.33`

        Pods tell the kubelet why they are not ready. The reason shows in kubectl.

        `keps/sig-node/1001-pod-readiness-hints`"#]]
    .assert_eq(text);
    let broken = f
        .client
        .request("textDocument/hover", json!({ "textDocument": { "uri": f.referrer }, "position": position(8, 12) }));
    let text = broken["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**Unresolved reference**") && text.contains("No KEP in this workspace"), "{text}");
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn completion_offers_every_kep_in_a_see_also_item() {
    let mut f = start();
    let text = format!("{REFERRER}  - \"/keps/sig-\n");
    f.client.change(&f.referrer, 2, json!([{ "text": text }]));
    let response = f.client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": f.referrer }, "position": position(9, 15) }),
    );
    let items = response["result"]["items"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(
        labels,
        ["/keps/sig-node/1001-pod-readiness-hints", "/keps/sig-cli/1003-other"],
        "ordered by KEP number"
    );
    assert_eq!(items[0]["detail"], "KEP-1001: Pod Readiness Hints (implementable)");
    assert_eq!(items[0]["textEdit"]["newText"], "\"/keps/sig-node/1001-pod-readiness-hints\"");
    assert_eq!(items[0]["textEdit"]["range"], json!({ "start": position(9, 4), "end": position(9, 15) }));
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn workspace_symbols_find_keps_by_number_and_title() {
    let mut f = start();
    for query in ["1001", "readiness hints", "podrdhints"] {
        let response = f.client.request("workspace/symbol", json!({ "query": query }));
        let names: Vec<&str> =
            response["result"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(names.first(), Some(&"KEP-1001: Pod Readiness Hints"), "query {query}: {names:?}");
    }
    let all = f.client.request("workspace/symbol", json!({ "query": "" }));
    assert_eq!(all["result"].as_array().unwrap().len(), 3);
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn symbol_ranges_come_on_demand_to_a_client_that_resolves_them() {
    let mut f = start();
    let mut lazy = Client::start(f.dir.path());
    let mut capabilities = Client::capabilities(&["utf-16"]);
    capabilities["workspace"]["symbol"] = json!({ "resolveSupport": { "properties": ["location.range"] } });
    let init = lazy.initialize_with_capabilities(f.dir.path(), Value::Null, capabilities);
    assert_eq!(init["result"]["capabilities"]["workspaceSymbolProvider"]["resolveProvider"], true);

    let full = f.client.request("workspace/symbol", json!({ "query": "" }))["result"].clone();
    let files_only = lazy.request("workspace/symbol", json!({ "query": "" }))["result"].clone();
    let (full, files_only) = (full.as_array().unwrap(), files_only.as_array().unwrap());
    assert_eq!(full.len(), 3);
    assert_eq!(files_only.len(), 3);
    for (with_range, without) in full.iter().zip(files_only) {
        assert_eq!(without["location"], json!({ "uri": with_range["location"]["uri"] }), "the file only");
        let resolved = lazy.request("workspaceSymbol/resolve", without.clone())["result"].clone();
        assert_eq!(resolved, *with_range, "resolved to what a client without resolve gets at once");
    }
    // A symbol whose file has gone comes back as it was sent.
    let gone = json!({ "name": "KEP-9: Gone", "kind": 1, "location": { "uri": uri(&f.dir.path().join("keps/sig-x/9-gone/kep.yaml")) } });
    assert_eq!(lazy.request("workspaceSymbol/resolve", gone.clone())["result"], gone);
    assert!(lazy.shutdown_and_exit().success());
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn document_links_and_inlay_hints_follow_resolved_references() {
    let mut f = start();
    let links = f.client.request("textDocument/documentLink", json!({ "textDocument": { "uri": f.referrer } }));
    let links = links["result"].as_array().unwrap();
    assert_eq!(links.len(), 1, "only the resolved reference: {links:?}");
    assert_eq!(links[0]["target"], target_readme(f.dir.path()));
    assert_eq!(links[0]["range"], json!({ "start": position(7, 5), "end": position(7, 44) }));
    let hints = f.client.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": f.referrer }, "range": { "start": position(0, 0), "end": position(10, 0) } }),
    );
    let hints = hints["result"].as_array().unwrap();
    assert_eq!(hints.len(), 1);
    assert_eq!(hints[0]["label"], "KEP-1001: Pod Readiness Hints (implementable)");
    assert_eq!(hints[0]["position"], position(7, 45));
    assert!(f.client.shutdown_and_exit().success());
}

#[test]
fn renaming_a_target_directory_turns_the_referrer_diagnostic_on_and_off() {
    let mut f = start();
    let codes = |published: &Value| -> Vec<String> {
        published["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{}:{}", d["code"].as_str().unwrap(), d["range"]["start"]["line"]))
            .collect()
    };
    assert_eq!(
        codes(&f.client.diagnostics(&f.referrer, Some(1))),
        ["unresolved-reference:8"],
        "only the deliberately broken entry"
    );
    let old = f.dir.path().join("keps/sig-node/1001-pod-readiness-hints");
    let new = f.dir.path().join("keps/sig-node/1001-readiness-hints");
    std::fs::rename(&old, &new).unwrap();
    let events =
        |a: &Path, b: &Path| json!({ "changes": [{ "uri": uri(a), "type": 3 }, { "uri": uri(b), "type": 1 }] });
    f.client.notify("workspace/didChangeWatchedFiles", events(&old, &new));
    let published = f.client.wait_for("the moved diagnostic", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == f.referrer.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| d.len() == 2)
    });
    let moved = &published["params"]["diagnostics"][0];
    assert_eq!(moved["range"]["start"]["line"], 7);
    expect!["`/keps/sig-node/1001-pod-readiness-hints` does not lead to a KEP: No KEP lives at this path. The same KEP number lives at `/keps/sig-node/1001-readiness-hints`: the KEP was renamed or moved to another SIG."].assert_eq(moved["message"].as_str().unwrap());
    std::fs::rename(&new, &old).unwrap();
    f.client.notify("workspace/didChangeWatchedFiles", events(&new, &old));
    f.client.wait_for("the cleared diagnostic", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == f.referrer.as_str()
            && m["params"]["diagnostics"].as_array().is_some_and(|d| d.len() == 1)
    });
    assert!(f.client.shutdown_and_exit().success());
}
