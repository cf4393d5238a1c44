//! Over stdio: the README features (symbols, folding, anchors, completion, rename, the TOC source action,
//! the checklist lens) and one of their switches.

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{apply_edits, edits_for, Client, Start};
use crate::workspace::TempDir;

const KEP: &str = "title: Anchors\nkep-number: 12\nauthors: [\"@a\"]\nowning-sig: sig-node\nstatus: provisional\napprovers: [\"@b\"]\n";

const README: &str = "# KEP-12: Anchors

<!-- toc -->
- [Release Signoff Checklist](#release-signoff-checklist)
- [Über uns](#ber-uns)
- [Goals](#goals)
<!-- /toc -->

## Release Signoff Checklist

- [x] (R) Enhancement issue
- [ ] (R) KEP approvers

## Über uns

See [the goals](#goals) and [us](#über-uns).

## Goals

<!--
A comment.
-->

```
code
```
";

/// The LSP position (UTF-16) of the `nth` byte after the start of `needle` in `text`.
fn position(text: &str, needle: &str, nth: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the text")) + nth;
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let line = text[..at].matches('\n').count();
    let character: usize = text[line_start..at].chars().map(char::len_utf16).sum();
    json!({ "line": line, "character": character })
}

fn start(dir: &TempDir, options: Value) -> (Client, String) {
    dir.write("keps/sig-node/12-anchors/kep.yaml", KEP);
    let path = dir.write("keps/sig-node/12-anchors/README.md", README);
    let mut client = Client::start(dir.path());
    client.initialize_with(dir.path(), &["utf-16"], options);
    let uri = client.open(&path, "markdown", README, 1);
    client.diagnostics(&uri, Some(1));
    (client, uri)
}

fn at(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

/// (name, children) of document symbols, as nested tuples in JSON.
fn symbol_tree(symbols: &Value) -> Value {
    Value::Array(symbols.as_array().unwrap().iter().map(|s| json!([s["name"], symbol_tree(&s["children"])])).collect())
}

#[test]
fn symbols_folding_and_the_checklist_lens() {
    let dir = TempDir::new("readme-outline");
    let (mut client, uri) = start(&dir, Value::Null);
    let doc = json!({ "textDocument": { "uri": uri } });

    let symbols = client.request("textDocument/documentSymbol", doc.clone())["result"].clone();
    assert_eq!(
        symbol_tree(&symbols),
        json!([["KEP-12: Anchors", [["Release Signoff Checklist", []], ["Über uns", []], ["Goals", []]]]])
    );
    assert_eq!(symbols[0]["children"][1]["selectionRange"]["start"], position(README, "Über uns\n\nSee", 0));

    let folds = client.request("textDocument/foldingRange", doc.clone())["result"].clone();
    let lines: Vec<(u64, u64, &str)> = folds
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_u64().unwrap(), f["endLine"].as_u64().unwrap(), f["kind"].as_str().unwrap()))
        .collect();
    // The document, the TOC, three sections, the comment, the code fence.
    assert_eq!(
        lines,
        [
            (0, 25, "region"),
            (2, 6, "region"),
            (8, 11, "region"),
            (13, 15, "region"),
            (17, 25, "region"),
            (19, 21, "comment"),
            (23, 25, "region")
        ]
    );

    let lenses = client.request("textDocument/codeLens", doc)["result"].clone();
    assert_eq!(lenses.as_array().unwrap().len(), 1, "{lenses}");
    assert_eq!(lenses[0]["command"]["title"], "1 of 2 done");
    assert_eq!(lenses[0]["range"]["start"]["line"], 8);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn definition_references_completion_and_rename_of_anchors() {
    let dir = TempDir::new("readme-anchors");
    let (mut client, uri) = start(&dir, Value::Null);

    // Definition from the GitHub spelling of a non-ASCII heading.
    let definition = client.request("textDocument/definition", at(&uri, position(README, "(#über-uns)", 5)));
    assert_eq!(definition["result"][0]["range"]["start"], position(README, "## Über uns", 0));

    // References of `## Goals`: the heading, the TOC entry and the link in the text.
    let mut params = at(&uri, position(README, "## Goals", 4));
    params["context"] = json!({ "includeDeclaration": true });
    let references = client.request("textDocument/references", params)["result"].clone();
    let starts: Vec<Value> = references.as_array().unwrap().iter().map(|l| l["range"]["start"].clone()).collect();
    assert_eq!(
        starts,
        [position(README, "## Goals", 0), position(README, "[Goals]", 0), position(README, "[the goals]", 0)]
    );

    // Completion after `](#`, mdtoc's spelling first.
    let typed = format!("{README}\nAlso [see](#");
    client.change(&uri, 2, json!([{ "text": typed }]));
    let end = json!({ "line": typed.matches('\n').count(), "character": "Also [see](#".len() });
    let completion = client.request("textDocument/completion", at(&uri, end));
    let labels: Vec<&str> =
        completion["result"]["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["kep-12-anchors", "release-signoff-checklist", "ber-uns", "über-uns", "goals"]);
    client.change(&uri, 3, json!([{ "text": README }]));

    // Rename `## Goals`: the link and the TOC follow.
    let heading = position(README, "## Goals", 5);
    let prepared = client.request("textDocument/prepareRename", at(&uri, heading.clone()));
    assert_eq!(prepared["result"]["start"], position(README, "## Goals", 3), "{prepared}");
    let mut params = at(&uri, heading);
    params["newName"] = json!("Aims");
    let renamed = client.request("textDocument/rename", params);
    let text = apply_edits(README, &edits_for(&renamed["result"], &uri));
    expect![[r#"
        # KEP-12: Anchors

        <!-- toc -->
        - [Release Signoff Checklist](#release-signoff-checklist)
        - [Über uns](#ber-uns)
        - [Aims](#aims)
        <!-- /toc -->

        ## Release Signoff Checklist

        - [x] (R) Enhancement issue
        - [ ] (R) KEP approvers

        ## Über uns

        See [the goals](#aims) and [us](#über-uns).

        ## Aims

        <!--
        A comment.
        -->

        ```
        code
        ```
    "#]]
    .assert_eq(&text);
    client.change(&uri, 4, json!([{ "text": text }]));
    // The TOC is up to date (no action to offer) and the renamed link leads to the renamed heading.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.updateToc.kep"] }
        }),
    );
    assert_eq!(actions["result"], json!([]), "{actions}");
    let definition = client.request("textDocument/definition", at(&uri, position(&text, "(#aims) and", 3)));
    assert_eq!(definition["result"][0]["range"]["start"], position(&text, "## Aims", 0));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn the_toc_source_action_inserts_the_table_after_the_title() {
    let dir = TempDir::new("readme-toc");
    dir.write("keps/sig-node/12-anchors/kep.yaml", KEP);
    let text = "# KEP-12: Anchors\n\n## Summary\n\n### Goals\n";
    let path = dir.write("keps/sig-node/12-anchors/README.md", text);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "markdown", text, 1);
    client.diagnostics(&uri, Some(1));
    for only in ["source.updateToc.kep", "source"] {
        let response = client.request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [], "only": [only] }
            }),
        );
        let actions = response["result"].as_array().unwrap();
        let action = actions.iter().find(|a| a["kind"] == "source.updateToc.kep").expect("the TOC action");
        assert_eq!(action["title"], "Update table of contents");
        assert_eq!(
            apply_edits(text, &edits_for(&action["edit"], &uri)),
            "# KEP-12: Anchors\n\n<!-- toc -->\n- [Summary](#summary)\n  - [Goals](#goals)\n<!-- /toc -->\n\n## Summary\n\n### Goals\n"
        );
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn document_symbols_can_be_switched_off_by_initialization_options() {
    let dir = TempDir::new("readme-switch");
    let (mut client, uri) = start(&dir, json!({ "markdown": { "documentSymbols": false } }));
    let doc = json!({ "textDocument": { "uri": uri } });
    assert_eq!(client.request("textDocument/documentSymbol", doc.clone())["result"], json!([]));
    let folds = client.request("textDocument/foldingRange", doc)["result"].clone();
    assert!(!folds.as_array().unwrap().is_empty(), "other features stay on");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_title_fix_can_edit_kep_yaml() {
    let dir = TempDir::new("readme-title");
    let kep = dir.write("keps/sig-node/12-anchors/kep.yaml", KEP);
    let text = README.replace("# KEP-12: Anchors", "# KEP-12: Anchors and links");
    let path = dir.write("keps/sig-node/12-anchors/README.md", &text);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "markdown", &text, 1);
    let published = client.diagnostics(&uri, Some(1));
    let title = published["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "title-mismatch");
    assert_eq!(title.expect("a title-mismatch")["severity"], 2, "a warning");
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 4 }, "end": { "line": 0, "character": 4 } },
            "context": { "diagnostics": [], "only": ["quickfix"] }
        }),
    );
    let actions = response["result"].as_array().unwrap();
    let to_yaml = actions.iter().find(|a| a["title"] == "Set kep.yaml's title to `Anchors and links`").expect("fix");
    let kep_uri = crate::client::uri(&kep);
    assert_eq!(
        apply_edits(KEP, &edits_for(&to_yaml["edit"], &kep_uri)),
        KEP.replace("title: Anchors", "title: Anchors and links")
    );
    let to_heading = actions.iter().find(|a| a["title"] == "Change the heading to `KEP-12: Anchors`").expect("fix");
    assert_eq!(apply_edits(&text, &edits_for(&to_heading["edit"], &uri)), README);
    assert!(client.shutdown_and_exit().success());
}
