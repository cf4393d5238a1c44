//! Over stdio: writing a KEP — completion, hover, outline and selection ranges in kep.yaml and PRR
//! files, the `kep.newKep`, `kep.promote` and `kep.updateToc` commands (answered with
//! `workspace/applyEdit`), and the `new`, `promote` and `list` subcommands on copies of the examples
//! and of a real KEP. Results are checked with `kep-ls check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{apply_edits, binary, uri, Client, Start};
use crate::workspace::{checked, copy_tree, corpus, shared_data, TempDir};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A copy of `examples/` without its KEPs with deliberate faults: `kep-ls check` passes on it.
fn clean_examples(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    copy_tree(&repo_root().join("examples"), dir.path());
    for faulty in ["keps/sig-cli", "keps/sig-network", "keps/prod-readiness/sig-network"] {
        std::fs::remove_dir_all(dir.path().join(faulty)).unwrap();
    }
    dir
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).args(args).output().expect("run kep-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `kep-ls check` on a directory: its exit code and output.
fn check(dir: &Path) -> (Option<i32>, String) {
    let output = run(dir, &["check"]);
    (output.status.code(), stdout(&output))
}

/// A server on `dir`, initialized, with indexing done.
fn server(dir: &Path) -> Client {
    let mut client = Client::start(dir);
    client.initialize(dir, &["utf-16"]);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    client
}

fn position_of(text: &str, needle: &str) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} in {text}")) + needle.len();
    let line = text[..at].matches('\n').count();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": text[line_start..at].encode_utf16().count() })
}

fn completion(client: &mut Client, uri: &str, position: Value) -> Vec<Value> {
    let response = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position, "context": { "triggerKind": 1 } }),
    );
    response["result"]["items"].as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|i| i["label"].as_str()).collect()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items.iter().find(|i| i["label"] == label).unwrap_or_else(|| panic!("no {label} in {:?}", labels(items)))
}

/// The text an item's edit replaces and what it inserts, applied to `text`.
fn accept(text: &str, item: &Value) -> String {
    apply_edits(text, &[json!({ "range": item["textEdit"]["range"], "newText": item["textEdit"]["newText"] })])
}

const KEP: &str = "keps/sig-node/1001-pod-readiness-hints/kep.yaml";

#[test]
fn completion_in_half_typed_kep_yaml_over_stdio() {
    let dir = clean_examples("complete");
    let mut client = server(dir.path());
    let path = dir.path().join(KEP);
    let original = std::fs::read_to_string(&path).unwrap();

    // `status: ` with the value still to type: every status, `implementable` among them.
    let text = original.replace("status: implementable", "status: ");
    let uri = client.open(&path, "yaml", &text, 1);
    let items = completion(&mut client, &uri, position_of(&text, "status: "));
    assert_eq!(labels(&items)[..3], ["provisional", "implementable", "implemented"]);
    assert_eq!(accept(&text, item(&items, "implementable")), original);

    // A quoted partial value: replaced quotes included, filtered with the quote.
    let text = original.replace("status: implementable", "status: \"imp\"");
    client.change(&uri, 2, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "status: \"imp"));
    let implementable = item(&items, "implementable");
    assert_eq!(implementable["filterText"], "\"implementable");
    assert_eq!(accept(&text, implementable), original.replace("status: implementable", "status: \"implementable\""));

    // A new line at the top level: the keys not yet present, with docs, in template order.
    let text = original.replace("disable-supported: true\n", "");
    let text = format!("{text}dis");
    client.change(&uri, 3, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "\ndis"));
    assert_eq!(labels(&items), ["disable-supported"], "narrowed to what is typed");
    let key = item(&items, "disable-supported");
    assert_eq!(key["kind"], 10, "property");
    assert!(key["documentation"]["value"].as_str().unwrap().contains("Whether the feature can be turned off"));
    assert_eq!(accept(&text, key), format!("{}disable-supported: ", &text[..text.len() - 3]));

    // Releases inside `milestone:` around the newest latest-milestone of the other KEPs (v1.32).
    let text = original.replace("  beta: \"v1.33\"", "  beta: v1.3");
    client.change(&uri, 4, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "beta: v1.3"));
    assert_eq!(labels(&items), ["v1.30", "v1.31", "v1.32", "v1.33", "v1.34"]);
    assert_eq!(accept(&text, item(&items, "v1.33")), original);

    // People in a list item, quoted; components of a feature gate.
    let text = original.replace("  - \"@grace-hopper\"", "  - \"@gr");
    client.change(&uri, 5, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "- \"@gr"));
    assert_eq!(item(&items, "@grace-hopper")["textEdit"]["newText"], "\"@grace-hopper\"");
    assert!(!labels(&items).contains(&"TBD"), "narrowed to what is typed");
    let text = original.replace("      - kube-apiserver", "      - kube-c");
    client.change(&uri, 6, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "- kube-c"));
    let expected = original.replace("      - kube-apiserver", "      - kube-controller-manager");
    assert_eq!(accept(&text, item(&items, "kube-controller-manager")), expected, "used in another KEP");

    // A snippet for a feature-gates item, with its indentation as written.
    let text = original.replace("  - name: PodReadinessHints", "  - ");
    client.change(&uri, 7, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "feature-gates:\n  - "));
    let snippet = item(&items, "feature gate (name, components)");
    assert_eq!(snippet["insertTextFormat"], 2);
    assert_eq!(snippet["insertTextMode"], 1, "as is: the server wrote the indentation");

    // PRR approvers of the example OWNERS_ALIASES, with `@`.
    let prr = dir.path().join("keps/prod-readiness/sig-node/1001.yaml");
    let prr_text = "kep-number: 1001\nbeta:\n  approver: ";
    let prr_uri = client.open(&prr, "yaml", prr_text, 1);
    let items = completion(&mut client, &prr_uri, position_of(prr_text, "approver: "));
    assert_eq!(labels(&items), ["@margaret-hamilton", "@barbara-liskov", "@frances-allen"]);

    // Positions after non-ASCII text are UTF-16 columns: `é🎉` is 3 units (and 6 bytes).
    let text = original.replace("  - \"@grace-hopper\"", "  - é🎉");
    client.change(&uri, 8, json!([{ "text": text }]));
    // Asked at the start of the value (nothing typed, so nothing is narrowed away), the edit
    // replaces the whole value.
    let end = position_of(&text, "- é🎉");
    assert_eq!(end["character"], 7);
    let start = json!({ "line": end["line"], "character": 4 });
    let items = completion(&mut client, &uri, start);
    assert_eq!(item(&items, "TBD")["textEdit"]["range"]["end"], end);
    assert_eq!(item(&items, "TBD")["textEdit"]["range"]["start"]["character"], 4);
    assert!(client.shutdown_and_exit().success());
}

/// Each item's edit as a client applies it: its own `textEdit`, else the list's default range with
/// `textEditText` or the label (LSP 3.17, `CompletionList.itemDefaults`).
fn effective_edits(list: &Value) -> Vec<(String, Value)> {
    let items = list["items"].as_array().expect("a completion list");
    items
        .iter()
        .map(|item| {
            let edit = match item.get("textEdit") {
                Some(edit) => edit.clone(),
                None => json!({
                    "range": list["itemDefaults"]["editRange"],
                    "newText": item.get("textEditText").unwrap_or(&item["label"]),
                }),
            };
            (item["label"].as_str().unwrap().to_string(), edit)
        })
        .collect()
}

#[test]
fn list_defaults_give_every_item_the_edit_it_has_without_them() {
    let dir = clean_examples("defaults");
    let mut plain = server(dir.path());
    let mut defaults = Client::start(dir.path());
    let mut capabilities = Client::capabilities(&["utf-16"]);
    capabilities["textDocument"]["completion"]["completionList"] = json!({ "itemDefaults": ["editRange", "data"] });
    defaults.initialize_with_capabilities(dir.path(), Value::Null, capabilities);

    let path = dir.path().join(KEP);
    let original = std::fs::read_to_string(&path).unwrap();
    let cases = [
        ("status: ", original.replace("status: implementable", "status: ")),
        ("status: \"imp", original.replace("status: implementable", "status: \"imp\"")),
        ("- \"@gr", original.replace("  - \"@grace-hopper\"", "  - \"@gr")),
        ("feature-gates:\n  - ", original.replace("  - name: PodReadinessHints", "  - ")),
        ("/keps/sig-", format!("{original}see-also:\n  - /keps/sig-\n")),
        ("\ndis", format!("{}dis", original.replace("disable-supported: true\n", ""))),
    ];
    let mut own_edits_per_case = Vec::new();
    for (version, (needle, text)) in cases.iter().enumerate() {
        let mut lists = Vec::new();
        for client in [&mut plain, &mut defaults] {
            let uri = if version == 0 {
                client.open(&path, "yaml", text, 1)
            } else {
                client.change(&uri(&path), version as i64 + 1, json!([{ "text": text }]));
                uri(&path)
            };
            let params = json!({ "textDocument": { "uri": uri }, "position": position_of(text, needle) });
            lists.push(client.request("textDocument/completion", params)["result"].clone());
        }
        let (without, with) = (&lists[0], &lists[1]);
        assert!(without.get("itemDefaults").is_none(), "{needle}: not offered to a client without them");
        assert!(!effective_edits(without).is_empty(), "{needle}: items");
        assert_eq!(effective_edits(with), effective_edits(without), "{needle}: the same edits");
        let own_edits = with["items"].as_array().unwrap().iter().filter(|i| i.get("textEdit").is_some()).count();
        let has_defaults = with.get("itemDefaults").is_some();
        own_edits_per_case.push((*needle, has_defaults, own_edits, with["items"].as_array().unwrap().len()));
    }
    // Inserting the label over the shared range needs no edit of its own; a quoted value does,
    // and a list where every item keeps its own comes without defaults.
    assert_eq!(own_edits_per_case[0], ("status: ", true, 0, 7), "{own_edits_per_case:?}");
    // `"imp` keeps the two statuses that match it.
    assert_eq!(own_edits_per_case[1], ("status: \"imp", false, 2, 2), "{own_edits_per_case:?}");
    assert!(plain.shutdown_and_exit().success());
    assert!(defaults.shutdown_and_exit().success());
}

#[test]
fn hover_outline_and_selection_over_stdio() {
    let dir = clean_examples("hover");
    let mut client = server(dir.path());
    let path = dir.path().join(KEP);
    let text = std::fs::read_to_string(&path).unwrap() + "stage: beta\n";
    let uri = client.open(&path, "yaml", &text, 1);
    client.diagnostics(&uri, Some(1));

    let hover = |client: &mut Client, needle: &str| {
        client.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": position_of(&text, needle) }),
        )
    };
    let key = hover(&mut client, "owning-s");
    let doc = key["result"]["contents"]["value"].as_str().unwrap();
    assert!(doc.starts_with("**`owning-sig`** · required · a string"), "{doc}");
    assert_eq!(
        key["result"]["range"],
        json!({ "start": { "line": 4, "character": 0 }, "end": { "line": 4, "character": 10 } })
    );
    let value = hover(&mut client, "status: implem");
    assert!(value["result"]["contents"]["value"].as_str().unwrap().starts_with("**`status: implementable`**"));
    // The second `stage:` is a duplicate key: its rule's doc follows the key's.
    let duplicate = hover(&mut client, "metrics:\n  - kubelet_pod_readiness_hint_total\nsta");
    let doc = duplicate["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        doc.starts_with("**`stage`**") && doc.contains("\n---\n\n`duplicate-key` (error, rejected by upstream CI)"),
        "{doc}"
    );

    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    let symbols = symbols["result"].as_array().unwrap();
    assert_eq!(symbols[0]["name"], "title");
    assert_eq!(symbols[0]["detail"], "Pod Readiness Hints");
    let gates = symbols.iter().find(|s| s["name"] == "feature-gates").unwrap();
    assert_eq!(gates["children"][0]["name"], "PodReadinessHints");

    let ranges = client.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": [position_of(&text, "alpha: \"v1.3")] }),
    );
    let innermost = &ranges["result"][0];
    assert_eq!(
        innermost["range"],
        json!({ "start": { "line": 16, "character": 10 }, "end": { "line": 16, "character": 15 } })
    );
    assert_eq!(innermost["parent"]["range"]["start"]["character"], 9, "the quoted value");
    assert_eq!(innermost["parent"]["parent"]["range"]["start"]["character"], 2, "the entry");
    assert!(client.shutdown_and_exit().success());
}

/// Applies a workspace edit the way an editor does: creates files, then edits them (on disk).
fn apply_to_disk(edit: &Value) {
    for change in edit["documentChanges"].as_array().expect("documentChanges") {
        if change["kind"] == "create" {
            let path = crate::client::path(change["uri"].as_str().unwrap());
            assert!(!path.exists(), "{} must not be replaced", path.display());
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "").unwrap();
        } else {
            let path = crate::client::path(change["textDocument"]["uri"].as_str().unwrap());
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, apply_edits(&text, change["edits"].as_array().unwrap())).unwrap();
        }
    }
}

#[test]
fn commands_are_advertised_and_unknown_ones_refused() {
    let dir = clean_examples("advertised");
    let mut client = Client::start(dir.path());
    let init = client.initialize(dir.path(), &["utf-16"]);
    assert_eq!(
        init["result"]["capabilities"]["executeCommandProvider"]["commands"],
        json!(["kep.newKep", "kep.promote", "kep.updateToc", "kep.releaseReadiness"])
    );
    assert_eq!(init["result"]["capabilities"]["documentSymbolProvider"], true);
    assert_eq!(init["result"]["capabilities"]["selectionRangeProvider"], true);
    let response = client.request("workspace/executeCommand", json!({ "command": "kep.nope", "arguments": [] }));
    assert!(response["error"]["message"].as_str().unwrap().starts_with("unknown command `kep.nope`"), "{response}");
    let response = client
        .request("workspace/executeCommand", json!({ "command": "kep.newKep", "arguments": [{ "sig": "sig-node" }] }));
    expect!["kep.newKep: bad arguments: missing field `title`"]
        .assert_eq(response["error"]["message"].as_str().unwrap());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn new_kep_command_creates_both_files_and_they_pass_check() {
    let dir = clean_examples("newkep");
    let mut client = server(dir.path());
    let response = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.newKep", "arguments": [{ "sig": "sig-node", "title": "Pod restart budget", "authors": ["@ada-lovelace"] }] }),
    );
    let kep_dir = dir.path().join("keps/sig-node/1004-pod-restart-budget");
    let result = &response["result"];
    assert_eq!(result["kepYaml"], uri(&kep_dir.join("kep.yaml")), "{response}");
    assert_eq!(result["readme"], uri(&kep_dir.join("README.md")));
    assert_eq!((result["number"].clone(), result["numberPicked"].clone()), (json!(1004), json!(true)));
    let edit = client.wait_applied(1);
    assert_eq!(client.applied_edits.len(), 1, "one workspace/applyEdit");
    let creates: Vec<&Value> =
        edit["documentChanges"].as_array().unwrap().iter().filter(|c| c["kind"] == "create").collect();
    assert_eq!(creates.len(), 2);
    assert_eq!(creates[0]["options"], json!({ "overwrite": false, "ignoreIfExists": false }));
    apply_to_disk(&edit);
    let kep_yaml = std::fs::read_to_string(kep_dir.join("kep.yaml")).unwrap();
    assert!(
        kep_yaml.starts_with(
            "title: Pod restart budget\nkep-number: 1004\nauthors:\n  - \"@ada-lovelace\"\nowning-sig: sig-node\n"
        ),
        "{kep_yaml}"
    );
    assert!(kep_yaml.contains(&format!("creation-date: {}\n", kep_ls::clock::today())));
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    expect![[r#"
        keps/sig-node/1004-pod-restart-budget/README.md:61:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `[x] I/we understand the owners...` checkbox (latest template)
        keps/sig-node/1004-pod-restart-budget/README.md:65:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `Unit tests` is not answered
        keps/sig-node/1004-pod-restart-budget/README.md:67:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `Integration tests` is not answered
        keps/sig-node/1004-pod-restart-budget/README.md:69:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `e2e tests` is not answered
        keps/sig-node/1004-pod-restart-budget/README.md:71:1: info[release-readiness]: Enhancements Freeze for v1.33: Graduation Criteria is empty (or the template's example)
        keps/sig-node/1004-pod-restart-budget/README.md:79:1: info[release-readiness]: PRR freeze for v1.33: PRR `Feature Enablement and Rollback` is not answered (required for alpha)
        keps/sig-node/1004-pod-restart-budget/kep.yaml:7:9: info[release-readiness]: PRR freeze for v1.33: no PRR approval file keps/prod-readiness/sig-node/1004.yaml
        keps/sig-node/1004-pod-restart-budget/kep.yaml:7:9: info[release-readiness]: Enhancements Freeze for v1.33: `status: provisional`: Enhancements Freeze needs `status: implementable`

        rule               severity  count
        release-readiness  info          8
        checked 11 files (4 KEPs): 0 errors, 0 warnings, 8 info, 0 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&out));

    // A number in use is refused, with the reason.
    let response = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.newKep", "arguments": [{ "sig": "sig-apps", "title": "Again", "number": 1001 }] }),
    );
    assert_eq!(
        response["error"]["message"],
        "KEP number 1001 is already used by keps/sig-node/1001-pod-readiness-hints"
    );
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn new_kep_command_needs_file_creation_support() {
    let dir = clean_examples("nocreate");
    let mut client = Client::start(dir.path());
    let mut capabilities = Client::capabilities(&["utf-16"]);
    capabilities["workspace"]["workspaceEdit"] = json!({ "documentChanges": true });
    client.initialize_with_capabilities(dir.path(), Value::Null, capabilities);
    let response = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.newKep", "arguments": [{ "sig": "sig-node", "title": "X" }] }),
    );
    expect!["this editor cannot create files through the language server (it lacks workspace edits with resource operations): run `kep-ls new` in a terminal instead"].assert_eq(response["error"]["message"].as_str().unwrap());
    assert!(client.applied_edits.is_empty());
    assert!(client.shutdown_and_exit().success());
}

/// What a client that trusts the server's filtering (Neovim's omnifunc inserts the first item it
/// keeps) sees: only the values matching what is typed, best first, and KEP references whose
/// filter text starts with what is typed (a number, a title word) for prefix-matching clients.
#[test]
fn completion_is_narrowed_to_what_is_typed_for_every_client() {
    let dir = clean_examples("narrow");
    let mut client = server(dir.path());
    let path = dir.path().join(KEP);
    let original = std::fs::read_to_string(&path).unwrap();
    let text = original.replace("status: implementable", "status: imp");
    let uri = client.open(&path, "yaml", &text, 1);
    let response = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": position_of(&text, "status: imp") }),
    );
    let items = response["result"]["items"].as_array().cloned().unwrap();
    assert_eq!(labels(&items), ["implementable", "implemented"], "{response}");
    assert_eq!(response["result"]["isIncomplete"], true, "asked again as the typing goes on");

    let text = original.replace("owning-sig: sig-node", "owning-sig: sig-no");
    client.change(&uri, 2, json!([{ "text": text }]));
    let items = completion(&mut client, &uri, position_of(&text, "owning-sig: sig-no"));
    assert_eq!(labels(&items).first(), Some(&"sig-node"), "{:?}", labels(&items));

    for (typed, expected) in
        [("1002", "/keps/sig-apps/1002-job-retry-budget"), ("retry", "/keps/sig-apps/1002-job-retry-budget")]
    {
        let text = format!("{original}see-also:\n  - {typed}");
        client.change(&uri, 3, json!([{ "text": text }]));
        let items = completion(&mut client, &uri, position_of(&text, &format!("  - {typed}")));
        assert_eq!(labels(&items), [expected], "{typed}");
        let filter = items[0]["filterText"].as_str().unwrap();
        assert!(filter.starts_with(typed), "{typed}: {filter}");
    }
    assert!(client.shutdown_and_exit().success());
}

/// Neovim 0.11 declares `resourceOperations` and not `documentChanges` (it applies both): the
/// files are created all the same.
#[test]
fn new_kep_command_creates_files_in_a_client_shaped_like_neovim_0_11() {
    let dir = clean_examples("nvimcreate");
    let mut client = Client::start(dir.path());
    let mut capabilities = Client::capabilities(&["utf-16"]);
    capabilities["workspace"]["workspaceEdit"] = json!({ "resourceOperations": ["rename", "create", "delete"] });
    client.initialize_with_capabilities(dir.path(), Value::Null, capabilities);
    let response = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.newKep", "arguments": [{ "sig": "sig-node", "title": "Pod restart budget" }] }),
    );
    assert!(response["error"].is_null(), "{response}");
    // The command answers before its edit is applied (it never waits on the client).
    let edit = client.wait_applied(1);
    apply_to_disk(&edit);
    assert!(dir.path().join("keps/sig-node/1004-pod-restart-budget/kep.yaml").is_file());
    assert!(dir.path().join("keps/sig-node/1004-pod-restart-budget/README.md").is_file());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn promote_command_edits_kep_yaml_in_place_and_adds_the_prr_stage() {
    let dir = clean_examples("promote");
    let mut client = server(dir.path());
    let path = dir.path().join(KEP);
    let before = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, "yaml", &before, 3);
    let response = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.promote", "arguments": [{ "uri": uri, "stage": "stable" }] }),
    );
    let result = &response["result"];
    assert_eq!((result["stage"].as_str(), result["milestone"].as_str()), (Some("stable"), Some("v1.34")), "{response}");
    assert_eq!(result["prr"], crate::client::uri(&dir.path().join("keps/prod-readiness/sig-node/1001.yaml")));
    let edit = client.wait_applied(1);
    let kep_change =
        edit["documentChanges"].as_array().unwrap().iter().find(|c| c["textDocument"]["uri"] == uri).unwrap();
    assert_eq!(kep_change["textDocument"]["version"], 3, "the open document's version");
    apply_to_disk(&edit);
    let after = std::fs::read_to_string(&path).unwrap();
    let removed: Vec<&str> = before.lines().filter(|l| !after.lines().any(|a| a == *l)).collect();
    let added: Vec<&str> = after.lines().filter(|l| !before.lines().any(|b| b == *l)).collect();
    assert_eq!(removed, ["stage: beta", "latest-milestone: \"v1.33\""]);
    assert_eq!(added, ["stage: stable", "latest-milestone: \"v1.34\"", "  stable: \"v1.34\""]);
    assert!(after.contains("  beta: \"v1.33\"\n  stable: \"v1.34\"\nfeature-gates:"), "{after}");
    let prr = std::fs::read_to_string(dir.path().join("keps/prod-readiness/sig-node/1001.yaml")).unwrap();
    assert!(prr.ends_with("beta:\n  approver: \"@margaret-hamilton\"\nstable:\n  approver: \"\"\n"), "{prr}");

    // The empty approver is the one error left, as CI would say; a PRR approver fills it in.
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1));
    expect![[r#"
        keps/prod-readiness/sig-node/1001.yaml:7:13: error[prr-approver-empty]: the `stable` approver is empty: CI rejects a stage without an approver
        keps/sig-node/1001-pod-readiness-hints/README.md:96:1: info[release-readiness]: Enhancements Freeze for v1.34: Graduation Criteria says nothing about stable
        keps/sig-node/1001-pod-readiness-hints/kep.yaml:14:8: error[prr-approver-empty]: the `stable` approver in keps/prod-readiness/sig-node/1001.yaml is empty
        keps/sig-node/1001-pod-readiness-hints/kep.yaml:14:8: info[release-readiness]: PRR freeze for v1.34: the `stable` approver in keps/prod-readiness/sig-node/1001.yaml is empty

        rule                severity  count
        prr-approver-empty  error         2
        release-readiness   info          2
        checked 9 files (3 KEPs): 2 errors, 0 warnings, 2 info, 0 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&out));
    let filled = prr.replace("stable:\n  approver: \"\"", "stable:\n  approver: \"@barbara-liskov\"");
    std::fs::write(dir.path().join("keps/prod-readiness/sig-node/1001.yaml"), filled).unwrap();
    assert_eq!(check(dir.path()).0, Some(0), "{}", check(dir.path()).1);
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn update_toc_command_fixes_a_stale_table_of_contents() {
    let dir = clean_examples("toc");
    let mut client = server(dir.path());
    let path = dir.path().join("keps/sig-node/1001-pod-readiness-hints/README.md");
    let fresh = std::fs::read_to_string(&path).unwrap();
    let stale = format!("{fresh}\n## Added Later\n");
    let uri = client.open(&path, "markdown", &stale, 1);
    let response = client
        .request("workspace/executeCommand", json!({ "command": "kep.updateToc", "arguments": [{ "uri": uri }] }));
    assert_eq!(response["result"], json!({ "changed": true }), "{response}");
    let edits = crate::client::edits_for(&client.wait_applied(1), &uri);
    let fixed = apply_edits(&stale, &edits);
    assert!(fixed.contains("- [Added Later](#added-later)\n<!-- /toc -->"), "{fixed}");
    client.change(&uri, 2, json!([{ "text": fixed }]));
    let response = client
        .request("workspace/executeCommand", json!({ "command": "kep.updateToc", "arguments": [{ "uri": uri }] }));
    assert_eq!(response["result"], json!({ "changed": false }));
    assert_eq!(client.applied_edits.len(), 1, "nothing to apply the second time");
    assert!(client.shutdown_and_exit().success());
}

// ---------------------------------------------------------------------------------------- command line

#[test]
fn new_then_check_reports_no_error() {
    let dir = clean_examples("cli-new");
    let output = run(
        dir.path(),
        &[
            "new",
            "--sig",
            "sig-apps",
            "--title",
            "Job retry: budgets & limits",
            "--authors",
            "@ada-lovelace,grace-hopper",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let out = stdout(&output);
    assert!(out.starts_with("created keps/sig-apps/1004-job-retry-budgets-limits/kep.yaml\ncreated keps/sig-apps/1004-job-retry-budgets-limits/README.md\nKEP number 1004: no --number was given"), "{out}");
    let kep_yaml =
        std::fs::read_to_string(dir.path().join("keps/sig-apps/1004-job-retry-budgets-limits/kep.yaml")).unwrap();
    assert!(kep_yaml.starts_with("title: \"Job retry: budgets & limits\"\n"), "{kep_yaml}");
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    expect![[r#"
        keps/sig-apps/1004-job-retry-budgets-limits/README.md:61:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `[x] I/we understand the owners...` checkbox (latest template)
        keps/sig-apps/1004-job-retry-budgets-limits/README.md:65:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `Unit tests` is not answered
        keps/sig-apps/1004-job-retry-budgets-limits/README.md:67:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `Integration tests` is not answered
        keps/sig-apps/1004-job-retry-budgets-limits/README.md:69:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `e2e tests` is not answered
        keps/sig-apps/1004-job-retry-budgets-limits/README.md:71:1: info[release-readiness]: Enhancements Freeze for v1.33: Graduation Criteria is empty (or the template's example)
        keps/sig-apps/1004-job-retry-budgets-limits/README.md:79:1: info[release-readiness]: PRR freeze for v1.33: PRR `Feature Enablement and Rollback` is not answered (required for alpha)
        keps/sig-apps/1004-job-retry-budgets-limits/kep.yaml:8:9: info[release-readiness]: PRR freeze for v1.33: no PRR approval file keps/prod-readiness/sig-apps/1004.yaml
        keps/sig-apps/1004-job-retry-budgets-limits/kep.yaml:8:9: info[release-readiness]: Enhancements Freeze for v1.33: `status: provisional`: Enhancements Freeze needs `status: implementable`

        rule               severity  count
        release-readiness  info          8
        checked 11 files (4 KEPs): 0 errors, 0 warnings, 8 info, 0 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&out));

    // Nothing is ever replaced.
    let again = run(dir.path(), &["new", "--sig", "sig-apps", "--title", "Other", "--number", "1004"]);
    assert_eq!(again.status.code(), Some(1));
    expect![[r#"
        kep-ls new: KEP number 1004 is already used by keps/sig-apps/1004-job-retry-budgets-limits
    "#]]
    .assert_eq(&String::from_utf8_lossy(&again.stderr));
}

#[test]
fn new_fills_the_template_of_the_real_tree() {
    let Some(corpus) = corpus() else { return };
    let dir = TempDir::new("cli-template");
    copy_tree(&corpus.join("NNNN-kep-template"), &dir.path().join("keps/NNNN-kep-template"));
    copy_tree(&corpus.join("prod-readiness/template"), &dir.path().join("keps/prod-readiness/template"));
    let output = run(
        dir.path(),
        &["new", "--sig", "sig-node", "--title", "Swap budget", "--number", "7001", "--authors", "@me"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout(&output).contains("from the template keps/NNNN-kep-template"));
    let kep = dir.path().join("keps/sig-node/7001-swap-budget");
    let yaml = std::fs::read_to_string(kep.join("kep.yaml")).unwrap();
    assert!(
        yaml.contains("# The target maturity stage in the current dev cycle for this KEP."),
        "template comments are kept"
    );
    assert!(yaml.contains("title: Swap budget\nkep-number: 7001\nauthors:\n  - \"@me\"\nowning-sig: sig-node\nparticipating-sigs: []\nstatus: provisional\n"), "{yaml}");
    let readme = std::fs::read_to_string(kep.join("README.md")).unwrap();
    assert!(readme.contains("\n# KEP-7001: Swap budget\n"));
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    checked("editing::new_fills_the_template_of_the_real_tree", 1, "templates");
}

#[test]
fn promote_on_a_real_kep_changes_only_the_lines_it_must() {
    let Some(corpus) = corpus() else { return };
    let dir = TempDir::new("cli-promote");
    let rel = "sig-storage/1979-object-storage-support";
    copy_tree(&corpus.join(rel), &dir.path().join("keps").join(rel));
    let prr_rel = "keps/prod-readiness/sig-storage/1979.yaml";
    std::fs::create_dir_all(dir.path().join("keps/prod-readiness/sig-storage")).unwrap();
    std::fs::copy(corpus.join("prod-readiness/sig-storage/1979.yaml"), dir.path().join(prr_rel)).unwrap();
    if let Some(owners) = shared_data("OWNERS_ALIASES") {
        std::fs::copy(owners, dir.path().join("OWNERS_ALIASES")).unwrap();
    }
    let kep_yaml = dir.path().join("keps").join(rel).join("kep.yaml");
    let before = std::fs::read_to_string(&kep_yaml).unwrap();
    let output = run(dir.path(), &["promote", &format!("keps/{rel}"), "--stage", "beta"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout(&output).starts_with(&format!("promoted keps/{rel} to beta in v1.37\n")), "{}", stdout(&output));
    let after = std::fs::read_to_string(&kep_yaml).unwrap();
    let removed: Vec<&str> = before.lines().filter(|l| !after.lines().any(|a| a == *l)).collect();
    let added: Vec<&str> = after.lines().filter(|l| !before.lines().any(|b| b == *l)).collect();
    assert_eq!(removed, ["last-updated: 2025-09-04", "stage: alpha", "latest-milestone: v1.36"]);
    assert_eq!(
        added,
        [
            format!("last-updated: {}", kep_ls::clock::today()).as_str(),
            "stage: beta",
            "latest-milestone: v1.37",
            "  beta: \"v1.37\""
        ]
    );
    let prr = std::fs::read_to_string(dir.path().join(prr_rel)).unwrap();
    assert_eq!(prr, "kep-number: 1979\nalpha:\n  approver: \"@deads2k\"\nbeta:\n  approver: \"\"\n");
    // An empty approver fails CI, as it should; with a PRR approver in place, nothing does.
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(1));
    expect![[r#"
        keps/prod-readiness/sig-storage/1979.yaml:5:13: error[prr-approver-empty]: the `beta` approver is empty: CI rejects a stage without an approver
        keps/sig-storage/1979-object-storage-support/README.md:146:1: info[template-section-missing]: missing template section `### Risks and Mitigations`
        keps/sig-storage/1979-object-storage-support/README.md:383:90: warning[misspelling]: `Kuberentes` is a misspelling of `Kubernetes`
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[release-readiness]: Enhancements Freeze for v1.37: the Test Plan has no `[x] I/we understand the owners...` checkbox (latest template)
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[release-readiness]: Enhancements Freeze for v1.37: the Test Plan has no `Prerequisite testing updates` part
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[release-readiness]: Enhancements Freeze for v1.37: the Test Plan has no `Unit tests` part
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[release-readiness]: Enhancements Freeze for v1.37: the Test Plan has no `Integration tests` part
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[release-readiness]: Enhancements Freeze for v1.37: the Test Plan has no `e2e tests` part
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[template-section-missing]: missing template section `##### Prerequisite testing updates`
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[template-section-missing]: missing template section `##### Unit tests`
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[template-section-missing]: missing template section `##### Integration tests`
        keps/sig-storage/1979-object-storage-support/README.md:1437:1: info[template-section-missing]: missing template section `##### e2e tests`
        keps/sig-storage/1979-object-storage-support/README.md:1648:1: info[release-readiness]: PRR freeze for v1.37: the PRR questionnaire has no `Troubleshooting` part (required for beta)
        keps/sig-storage/1979-object-storage-support/README.md:1660:4: warning[misspelling]: `som` is a misspelling of `some`
        keps/sig-storage/1979-object-storage-support/README.md:1710:1: info[release-readiness]: PRR freeze for v1.37: PRR question not answered (`Feature Enablement and Rollback`, required for beta): What happens if we reenable the feature if it was previously rolled back?
        keps/sig-storage/1979-object-storage-support/README.md:1750:1: info[release-readiness]: PRR freeze for v1.37: PRR question not answered (`Rollout, Upgrade and Rollback Planning`, required for beta): What specific metrics should inform a rollback?
        keps/sig-storage/1979-object-storage-support/README.md:1757:1: info[release-readiness]: PRR freeze for v1.37: PRR question not answered (`Rollout, Upgrade and Rollback Planning`, required for beta): Were upgrade and rollback tested? Was the upgrade->downgrade->upgrade path tested?
        keps/sig-storage/1979-object-storage-support/README.md:1836:1: info[release-readiness]: PRR freeze for v1.37: PRR question not answered (`Monitoring Requirements`, required for beta): What are the reasonable SLOs (Service Level Objectives) for the enhancement?
        keps/sig-storage/1979-object-storage-support/README.md:1903:1: info[release-readiness]: PRR freeze for v1.37: PRR question not answered (`Monitoring Requirements`, required for beta): Are there any missing metrics that would be useful to have to improve observability of this feature?
        keps/sig-storage/1979-object-storage-support/README.md:2022:1: info[template-section-missing]: missing template section `### Troubleshooting`
        keps/sig-storage/1979-object-storage-support/README.md:2054:1: info[template-section-missing]: missing template section `## Drawbacks`
        keps/sig-storage/1979-object-storage-support/README.md:2054:1: info[template-section-missing]: missing template section `## Alternatives`
        keps/sig-storage/1979-object-storage-support/kep.yaml:26:8: error[prr-approver-empty]: the `beta` approver in keps/prod-readiness/sig-storage/1979.yaml is empty
        keps/sig-storage/1979-object-storage-support/kep.yaml:26:8: info[release-readiness]: PRR freeze for v1.37: the `beta` approver in keps/prod-readiness/sig-storage/1979.yaml is empty
        keps/sig-storage/1979-object-storage-support/kep.yaml:26:8: hint[stage-fields-missing]: `stage: beta` expects `feature-gates`: the KEP template asks for it from alpha on (`[]` when there is none)
        keps/sig-storage/1979-object-storage-support/kep.yaml:26:8: hint[stage-fields-missing]: `stage: beta` expects `metrics`: the KEP template asks for it from beta on (`[]` when there is none)

        rule                      severity  count
        prr-approver-empty        error         2
        misspelling               warning       2
        release-readiness         info         12
        template-section-missing  info          8
        stage-fields-missing      hint          2
        checked 4 files (1 KEPs): 2 errors, 2 warnings, 20 info, 2 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&out));
    std::fs::write(dir.path().join(prr_rel), prr.replace("approver: \"\"", "approver: \"@deads2k\"")).unwrap();
    let (code, out) = check(dir.path());
    assert_eq!(code, Some(0), "{out}");
    // Promoting again to the same stage in an earlier release is refused.
    let output =
        run(dir.path(), &["promote", &format!("keps/{rel}/README.md"), "--stage", "beta", "--milestone", "v1.30"]);
    assert_eq!(output.status.code(), Some(1));
    expect![[r#"
        kep-ls promote: v1.30 is before the KEP's latest-milestone v1.37
    "#]]
    .assert_eq(&String::from_utf8_lossy(&output.stderr));
    checked("editing::promote_on_a_real_kep_changes_only_the_lines_it_must", 1, "KEPs");
}

#[test]
fn list_shows_the_keps_as_table_json_and_csv() {
    let output = run(&repo_root(), &["list", "examples"]);
    assert_eq!(output.status.code(), Some(0));
    let table = stdout(&output);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 7, "{table}");
    assert!(lines[0].starts_with("KEP   TITLE"), "{table}");
    assert!(lines[1].starts_with("1001  Pod Readiness Hints"), "{table}");
    assert!(
        lines[1].contains("sig-node") && lines[1].contains("implementable") && lines[1].contains("v1.32"),
        "{table}"
    );
    assert_eq!(lines[6], "5 KEPs");

    let output = run(
        &repo_root(),
        &["list", "examples", "--status", "implementable", "--author", "ada-lovelace", "--format", "json"],
    );
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    let numbers: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["1001", "1005"]);
    assert_eq!(rows[0]["path"], "keps/sig-node/1001-pod-readiness-hints");

    let output = run(&repo_root(), &["list", "examples", "--stage", "stable", "--format", "csv"]);
    assert_eq!(
        stdout(&output),
        "kep,title,sig,status,stage,latest,alpha,beta,stable,authors,created,updated,path\n1003,Volume Health Events,sig-storage,implemented,stable,v1.32,v1.29,v1.30,v1.32,'@barbara-liskov,2023-05-20,2025-02-11,keps/sig-storage/1003-volume-health-events\n"
    );
    let output = run(&repo_root(), &["list", "no-such-dir"]);
    assert_eq!(output.status.code(), Some(2));
}
