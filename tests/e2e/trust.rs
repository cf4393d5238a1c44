//! Over stdio: the server never proposes an edit that would damage a file (through a symbolic
//! link, from stale text, over a file that appeared), never stalls on the client, never mixes the
//! text of two documents, and contains a panic in any handler (issue 14's language-server points).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{apply_edits, edits_for, has_code, uri, Client, Start};
use crate::workspace::{copy_tree, TempDir};

fn examples(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), dir.path());
    dir
}

fn server(dir: &Path) -> Client {
    let mut client = Client::start(dir);
    client.initialize(dir, &["utf-16"]);
    client
}

fn command(client: &mut Client, name: &str, argument: Value) -> Value {
    client.request("workspace/executeCommand", json!({ "command": name, "arguments": [argument] }))
}

fn code_actions(client: &mut Client, uri: &str, line: u32) -> Vec<Value> {
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 200 } },
            "context": { "diagnostics": [] }
        }),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

fn symbol_names(client: &mut Client) -> Vec<String> {
    let symbols = client.request("workspace/symbol", json!({ "query": "" }));
    symbols["result"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect()
}

const NODE_KEP: &str = "keps/sig-node/1001-pod-readiness-hints/kep.yaml";
const NODE_README: &str = "keps/sig-node/1001-pod-readiness-hints/README.md";
const CLI_KEP: &str = "keps/sig-cli/1004-kubectl-explain-examples/kep.yaml";

/// Replaces the file at `rel` by a symbolic link to a copy outside the tree; returns the copy.
#[cfg(unix)]
fn link_outside(dir: &Path, outside: &Path, rel: &str) -> PathBuf {
    let path = dir.join(rel);
    let target = outside.join(path.file_name().unwrap());
    std::fs::copy(&path, &target).unwrap();
    std::fs::remove_file(&path).unwrap();
    std::os::unix::fs::symlink(&target, &path).unwrap();
    target
}

/// Point 1: no command or quick fix builds an edit for a symlinked file or through a symlinked
/// directory; the refusal says why, and the files outside the tree stay as they were.
#[cfg(unix)]
#[test]
fn no_edit_through_a_symbolic_link() {
    let dir = examples("trust-links");
    let outside = TempDir::new("trust-links-outside");
    let kep_target = link_outside(dir.path(), outside.path(), NODE_KEP);
    let readme_target = link_outside(dir.path(), outside.path(), NODE_README);
    let readme_before = std::fs::read_to_string(&readme_target).unwrap();
    std::fs::write(&readme_target, format!("{readme_before}\n## Added Later\n")).unwrap();
    // The PRR directory of sig-cli is a link to a directory elsewhere.
    let prr_elsewhere = outside.path().join("prr-sig-cli");
    std::fs::create_dir_all(&prr_elsewhere).unwrap();
    std::os::unix::fs::symlink(&prr_elsewhere, dir.path().join("keps/prod-readiness/sig-cli")).unwrap();
    let kep_before = std::fs::read_to_string(&kep_target).unwrap();
    let mut client = server(dir.path());

    let promoted =
        command(&mut client, "kep.promote", json!({ "uri": uri(&dir.path().join(NODE_KEP)), "stage": "stable" }));
    let message = promoted["error"]["message"].as_str().unwrap_or_default();
    expect!["kep.promote: $TMP/keps/sig-node/1001-pod-readiness-hints/kep.yaml is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); replace the link with the file or directory itself"].assert_eq(&dir.redact(message));
    let toc = command(&mut client, "kep.updateToc", json!({ "uri": uri(&dir.path().join(NODE_README)) }));
    expect!["kep.updateToc: $TMP/keps/sig-node/1001-pod-readiness-hints/README.md is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); replace the link with the file or directory itself"].assert_eq(&dir.redact(toc["error"]["message"].as_str().unwrap_or_default()));

    // The PRR file of sig-cli/1004 would be created through the linked directory: no quick fix.
    let cli = dir.path().join(CLI_KEP);
    let text = std::fs::read_to_string(&cli).unwrap();
    let cli_uri = client.open(&cli, "yaml", &text, 1);
    client.diagnostics_with_code(&cli_uri, "prr-file-missing");
    let line = text.lines().position(|l| l.starts_with("status:")).unwrap() as u32;
    let creating: Vec<Value> = code_actions(&mut client, &cli_uri, line)
        .into_iter()
        .filter(|a| a["edit"]["documentChanges"].as_array().is_some_and(|c| c.iter().any(|c| c["kind"] == "create")))
        .collect();
    assert!(creating.is_empty(), "{creating:#?}");

    assert!(client.applied_edits.is_empty(), "{:#?}", client.applied_edits);
    assert_eq!(std::fs::read_to_string(&kep_target).unwrap(), kep_before);
    assert_eq!(std::fs::read_dir(&prr_elsewhere).unwrap().count(), 0);
    assert!(client.shutdown_and_exit().success());
}

/// Point 3: an edit to a file the editor does not have open is never computed from an indexed
/// copy the disk no longer holds (a `git pull` before the watcher's event): the fix is held back
/// until the file is re-read, then computed from the disk's text.
#[test]
fn no_edit_from_stale_text() {
    let dir = examples("trust-stale");
    let mut client = server(dir.path());
    let readme = dir.path().join(NODE_README);
    let text = std::fs::read_to_string(&readme).unwrap().replacen("Pod Readiness Hints", "Pod Readiness Signals", 1);
    let readme_uri = client.open(&readme, "markdown", &text, 1);
    client.diagnostics_with_code(&readme_uri, "title-mismatch");
    // kep.yaml changes on disk; no watcher event has arrived yet.
    let kep = dir.path().join(NODE_KEP);
    let pulled = format!("# pulled upstream\n# two lines longer\n{}", std::fs::read_to_string(&kep).unwrap());
    std::fs::write(&kep, &pulled).unwrap();
    let kep_uri = uri(&kep);
    let mut offered = 0;
    for _ in 0..2 {
        for action in code_actions(&mut client, &readme_uri, 0) {
            let edits = edits_for(&action["edit"], &kep_uri);
            if edits.is_empty() {
                continue;
            }
            offered += 1;
            let fixed = apply_edits(&pulled, &edits);
            assert!(
                fixed.starts_with("# pulled upstream\n# two lines longer\ntitle: Pod Readiness Signals\n"),
                "{fixed}"
            );
        }
    }
    assert!(offered > 0, "the fix is offered once kep.yaml was re-read");
    assert!(client.shutdown_and_exit().success());
}

/// Point 4: the `prr-file-missing` fix creates the file only if it does not exist (never
/// `ignoreIfExists` then an insert, which would prepend a second stub), and is not offered when
/// the file exists on disk though not indexed yet.
#[test]
fn the_prr_file_fix_never_prepends_to_an_existing_file() {
    let dir = examples("trust-prr");
    let mut client = server(dir.path());
    let cli = dir.path().join(CLI_KEP);
    let text = std::fs::read_to_string(&cli).unwrap();
    let cli_uri = client.open(&cli, "yaml", &text, 1);
    client.diagnostics_with_code(&cli_uri, "prr-file-missing");
    let line = text.lines().position(|l| l.starts_with("status:")).unwrap() as u32;
    let creates = |actions: Vec<Value>| -> Vec<Value> {
        actions
            .iter()
            .flat_map(|a| a["edit"]["documentChanges"].as_array().cloned().unwrap_or_default())
            .filter(|c| c["kind"] == "create")
            .collect()
    };
    let found = creates(code_actions(&mut client, &cli_uri, line));
    assert!(!found.is_empty(), "a fix creates the PRR file");
    for create in &found {
        assert_eq!(create["options"], json!({ "overwrite": false, "ignoreIfExists": false }), "{create}");
    }
    dir.write("keps/prod-readiness/sig-cli/1004.yaml", "kep-number: 1004\nalpha:\n  approver: \"@someone\"\n");
    assert_eq!(creates(code_actions(&mut client, &cli_uri, line)), Vec::<Value>::new());
    assert!(client.shutdown_and_exit().success());
}

/// Point 9: a directory event outside the workspace folders is ignored (an event for `/` once
/// indexed KEP trees from all over the disk); one inside is walked and indexed.
#[test]
fn watched_directories_outside_the_workspace_are_ignored() {
    let dir = examples("trust-watch");
    let elsewhere = TempDir::new("trust-watch-elsewhere");
    elsewhere.write("keps/sig-x/77-elsewhere/kep.yaml", "title: Elsewhere\nkep-number: 77\n");
    let mut client = server(dir.path());
    let before = symbol_names(&mut client);
    dir.write("keps/sig-apps/88-arrived/kep.yaml", "title: Arrived\nkep-number: 88\n");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": uri(elsewhere.path()), "type": 1 },
            { "uri": "file:///", "type": 2 },
            { "uri": uri(&dir.path().join("keps/sig-apps/88-arrived")), "type": 1 },
        ] }),
    );
    let started = Instant::now();
    let names = symbol_names(&mut client);
    assert!(started.elapsed() < Duration::from_secs(5), "answered in {:?}", started.elapsed());
    assert!(!names.iter().any(|n| n.contains("Elsewhere")), "{names:?}");
    assert!(names.iter().any(|n| n == "KEP-88: Arrived"), "the directory inside was indexed: {names:?}");
    assert_eq!(names.len(), before.len() + 1, "{names:?}");
    assert!(client.shutdown_and_exit().success());
}

/// Point 10: indexing never waits for the client's answer to `window/workDoneProgress/create`.
#[test]
fn indexing_does_not_wait_for_the_progress_token() {
    let dir = examples("trust-progress");
    let mut client = Client::start(dir.path());
    client.unanswered.push("window/workDoneProgress/create");
    let root = uri(dir.path());
    client.request(
        "initialize",
        json!({ "processId": null, "rootUri": root, "workspaceFolders": [{ "uri": root, "name": "ws" }],
                "capabilities": Client::capabilities(&["utf-16"]) }),
    );
    client.notify("initialized", json!({}));
    let (symbols, took) = client.request_timed("workspace/symbol", json!({ "query": "" }));
    assert!(symbols["result"].as_array().is_some_and(|s| s.len() >= 5), "the index is built: {symbols}");
    assert!(took < Duration::from_secs(4), "not held until the 5 s wait gives up: {took:?}");
    assert!(client.shutdown_and_exit().success());
}

/// Point 11: commands never wait for the client to apply their edit (four of them once stalled
/// every message for 30 s); an edit the editor refuses is reported to the user as a failure.
#[test]
fn commands_never_hold_the_pipeline_and_a_refused_edit_is_a_failure() {
    let dir = examples("trust-apply");
    let mut client = server(dir.path());
    client.unanswered.push("workspace/applyEdit");
    let readme = dir.path().join(NODE_README);
    let stale = format!("{}\n## Added Later\n", std::fs::read_to_string(&readme).unwrap());
    let readme_uri = client.open(&readme, "markdown", &stale, 1);
    let started = Instant::now();
    let ids: Vec<i64> = (0..6)
        .map(|_| {
            client.request_async(
                "workspace/executeCommand",
                json!({ "command": "kep.updateToc", "arguments": [{ "uri": readme_uri }] }),
            )
        })
        .collect();
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": readme_uri }, "position": { "line": 0, "character": 3 } }),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    for id in ids {
        let reply = client.wait_for("command reply", |m| m["id"] == id && m.get("method").is_none());
        assert_eq!(reply["result"], json!({ "changed": true }), "{reply}");
    }
    assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());

    // An editor that answers `applied: false`: the user is told.
    client.unanswered.clear();
    client.apply_answer = json!({ "applied": false, "failureReason": "the file is read-only" });
    command(&mut client, "kep.updateToc", json!({ "uri": readme_uri }));
    let shown = client.wait_for("an error message", |m| m["method"] == "window/showMessage");
    assert_eq!(shown["params"]["type"], 1, "{shown}");
    let message = shown["params"]["message"].as_str().unwrap();
    expect!["kep.updateToc failed: the editor did not apply the change: the file is read-only"].assert_eq(message);
    assert!(client.shutdown_and_exit().success());
}

/// Point 13: a burst of watched-file notifications costs a few diagnostics runs, not one per
/// notification and open document; files from many `keps/` trees do not re-read the group list
/// for every tree seen.
#[test]
fn bursts_of_events_coalesce_and_roots_are_bounded() {
    let dir = examples("trust-burst");
    let mut client = Client::start_with_args(dir.path(), &["--debounce-ms", "100"]);
    client.initialize(dir.path(), &["utf-16"]);
    let mut uris = Vec::new();
    for rel in [NODE_KEP, NODE_README, CLI_KEP] {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let opened = client.open(&path, if rel.ends_with(".md") { "markdown" } else { "yaml" }, &text, 1);
        client.diagnostics(&opened, Some(1));
        uris.push(opened);
    }
    let runs = |client: &mut Client| client.request("kep-ls/stats", Value::Null)["result"]["diagnosticRuns"].as_u64();
    let before = runs(&mut client).expect("diagnosticRuns");
    let changed = uri(&dir.path().join("keps/sig-apps/1002-job-retry-budget/kep.yaml"));
    for _ in 0..2000 {
        client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": changed, "type": 2 }] }));
    }
    for opened in &uris {
        client.diagnostics(opened, Some(1));
    }
    let spent = runs(&mut client).unwrap() - before;
    assert!((3..=60).contains(&spent), "{spent} diagnostics runs for 2000 events and 3 documents");

    // 200 files from 200 different trees.
    let trees = TempDir::new("trust-trees");
    for n in 0..200 {
        let path = trees.write(&format!("t{n}/keps/sig-node/{n}-x/kep.yaml"), "");
        client.open(&path, "yaml", &format!("title: X\nkep-number: {n}\n"), 1);
    }
    let stats = client.request("kep-ls/stats", Value::Null);
    let loads = stats["result"]["groupLoads"].as_u64().expect("groupLoads");
    assert!(loads <= 70, "{loads} group list loads for 200 trees");
    assert!(client.shutdown_and_exit().success());
}

/// Point 12: a huge kep.yaml is parsed and analysed off the protocol thread. While its keystrokes
/// are parsed, another document's edit is diagnosed at once (not after the huge file's parses),
/// a burst of keystrokes on the huge file costs two parses (the first, and the newest), and the
/// huge file's diagnostics are those of its newest text.
#[test]
fn a_huge_file_never_holds_up_the_other_documents() {
    let dir = examples("trust-huge");
    let mut client = Client::start_with_args(dir.path(), &["--debounce-ms", "20"]);
    client.initialize(dir.path(), &["utf-16"]);
    let huge_path = dir.path().join("keps/sig-node/9999-huge/kep.yaml");
    std::fs::create_dir_all(huge_path.parent().unwrap()).unwrap();
    let mut huge_text = String::from("title: Huge\n");
    for n in 0..40_000 {
        huge_text.push_str(&format!("unknown-key-{n}: value\n"));
    }
    std::fs::write(&huge_path, &huge_text).unwrap();
    let huge = client.open(&huge_path, "yaml", &huge_text, 1);
    client.diagnostics(&huge, Some(1));
    let small_path = dir.path().join(NODE_KEP);
    let small_text = std::fs::read_to_string(&small_path).unwrap();
    let small = client.open(&small_path, "yaml", &small_text, 1);
    client.diagnostics(&small, Some(1));
    let parses = |client: &mut Client| client.request("kep-ls/stats", Value::Null)["result"]["parses"].as_u64();
    let before = parses(&mut client).expect("parses");

    let comment_at_top = json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "# edited\n" }]);
    for version in 2..=4 {
        client.change(&huge, version, comment_at_top.clone());
    }
    let bogus = small_text.replacen("status: implementable", "status: bogus", 1);
    assert_ne!(bogus, small_text, "the fixture has an implementable status");
    client.change(&small, 2, json!([{ "text": bogus }]));

    let small_diagnostics = client.diagnostics(&small, Some(2));
    assert!(has_code(&small_diagnostics, "invalid-status"), "{small_diagnostics:#}");
    let huge_published_first = client.pending_where(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == huge && m["params"]["version"] != 1
    });
    assert!(huge_published_first.is_empty(), "the huge file held up the other document: {huge_published_first:#?}");

    let huge_diagnostics = client.diagnostics(&huge, Some(4));
    let first_unknown_key = huge_diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unknown-key")
        .filter_map(|d| d["range"]["start"]["line"].as_u64())
        .min();
    assert_eq!(first_unknown_key, Some(4), "diagnostics of the newest text (three lines added above line 1)");
    let spent = parses(&mut client).unwrap() - before;
    assert!(spent <= 3, "{spent} parses for three keystrokes on the huge file and one on the other");
    let stale = client.pending_where(|m| {
        m["params"]["uri"] == huge && m["params"]["version"].as_i64().is_some_and(|v| v == 2 || v == 3)
    });
    assert!(stale.is_empty(), "diagnostics for superseded texts of the huge file: {stale:#?}");
    assert!(client.shutdown_and_exit().success());
}

/// Point 14: only `file:` URIs name files, and another spelling of an open file's URI neither
/// shares nor replaces the editor's text; a command on a non-file URI is refused.
#[test]
fn aliases_never_share_or_clobber_an_open_document() {
    let dir = examples("trust-alias");
    let mut client = server(dir.path());
    let kep = dir.path().join(NODE_KEP);
    let unsaved = std::fs::read_to_string(&kep).unwrap().replace("status: implementable", "status: bogus");
    assert!(unsaved.contains("status: bogus"));
    let main = client.open(&kep, "yaml", &unsaved, 1);
    let has_bogus = |p: &Value| has_code(p, "invalid-status");
    client.diagnostics_where(&main, "invalid-status", has_bogus);
    let disk = std::fs::read_to_string(&kep).unwrap();
    let doubled = main.replacen("/keps/", "//keps/", 1);
    let escaped = main.replacen("/sig-node/", "/sig-%6Eode/", 1);
    let https = main.replacen("file://", "https://example.com", 1);
    let untitled = "untitled:Untitled-1".to_string();
    for alias in [&doubled, &escaped, &https, &untitled] {
        client.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": alias, "languageId": "yaml", "version": 1, "text": disk } }),
        );
        client.notify("textDocument/didClose", json!({ "textDocument": { "uri": alias } }));
    }
    // The editor's text still rules: the outline is read from the server's copy.
    let outline = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": main } }));
    assert!(outline["result"].to_string().contains("bogus"), "the unsaved `status: bogus` is kept: {outline}");
    client.change(&main, 2, json!([{ "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } }, "text": "" }]));
    let published = client.diagnostics(&main, Some(2));
    assert!(has_bogus(&published), "{published}");
    // Answers for an alias are not served from the open document's text.
    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": doubled } }));
    assert_eq!(symbols["result"], Value::Null, "{symbols}");
    let refused = command(&mut client, "kep.promote", json!({ "uri": https, "stage": "stable" }));
    expect!["`https://example.com$TMP/keps/sig-node/1001-pod-readiness-hints/kep.yaml` is not a file URI: kep-ls edits files only"].assert_eq(&dir.redact(refused["error"]["message"].as_str().unwrap_or_default()));
    assert!(client.shutdown_and_exit().success());
}

/// Point 15: removing a workspace folder keeps the KEPs another folder covers; a change of the
/// sigs.yaml in use is re-read.
#[test]
fn folders_and_sigs_yaml_follow_the_workspace() {
    let top = TempDir::new("trust-folders");
    let enhancements = top.path().join("enhancements");
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), &enhancements);
    top.write("community/sigs.yaml", "sigs:\n  - dir: sig-node\n  - dir: sig-apps\n");
    let mut client = Client::start(&enhancements);
    client.initialize(&enhancements, &["utf-16"]);
    let all = symbol_names(&mut client);
    assert_eq!(all.len(), 5, "{all:?}");
    // A second folder inside the repository covers all of it (its repository is indexed).
    let end = |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end";
    client.wait_for("the first indexing", end);
    let node = enhancements.join("keps/sig-node");
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [{ "uri": uri(&node), "name": "node" }], "removed": [] } }),
    );
    client.wait_for("the second indexing", end);
    client.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({ "event": { "added": [], "removed": [{ "uri": uri(&enhancements), "name": "ws" }] } }),
    );
    assert_eq!(symbol_names(&mut client), all, "the KEPs the remaining folder covers stay");

    let kep = enhancements.join("keps/sig-storage/1003-volume-health-events/kep.yaml");
    let text = std::fs::read_to_string(&kep).unwrap();
    let opened = client.open(&kep, "yaml", &text, 1);
    let unknown = |p: &Value| has_code(p, "unknown-group");
    client.diagnostics_where(&opened, "unknown-group for sig-storage", unknown);
    let sigs = top.write("community/sigs.yaml", "sigs:\n  - dir: sig-node\n  - dir: sig-apps\n  - dir: sig-storage\n");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": uri(&sigs), "type": 2 }] }));
    client.diagnostics_where(&opened, "sig-storage known", |p| !unknown(p));
    assert!(client.shutdown_and_exit().success());
}

/// Point 16: a panic in any handler, the lifecycle and workspace ones included, is contained:
/// a request gets an internal error, a notification is dropped and reported in the client's log,
/// and the server goes on serving. `KEP_LS_TEST_PANIC_IN` makes each named method panic once.
#[test]
fn a_panic_in_any_handler_is_contained() {
    let dir = examples("trust-panic");
    let notifications = [
        "initialized",
        "workspace/didChangeWorkspaceFolders",
        "workspace/didChangeConfiguration",
        "workspace/didChangeWatchedFiles",
        "textDocument/didOpen",
        "textDocument/didChange",
        "textDocument/didClose",
    ];
    let requests = ["initialize", "textDocument/selectionRange", "workspace/executeCommand", "textDocument/hover"];
    let armed = notifications.iter().chain(&requests).copied().collect::<Vec<_>>().join(",");
    let mut client = Client::start_with_env(dir.path(), &[("KEP_LS_TEST_PANIC_IN", &armed)]);
    let root = uri(dir.path());
    let init = json!({ "processId": null, "rootUri": root, "capabilities": Client::capabilities(&["utf-16"]) });
    let failed = client.request("initialize", init.clone());
    assert_eq!(failed["error"]["code"], -32603, "{failed}");
    let ok = client.request("initialize", init);
    assert!(ok["result"]["capabilities"].is_object(), "{ok}");
    let logged = |client: &mut Client, method: &str| {
        let log = client.wait_for(&format!("the panic of {method} in the log"), |m| {
            m["method"] == "window/logMessage" && m["params"]["message"].as_str().is_some_and(|s| s.contains(method))
        });
        assert_eq!(log["params"]["type"], 1, "{log}");
    };
    client.notify("initialized", json!({}));
    logged(&mut client, "initialized");
    let folder = json!({ "event": { "added": [{ "uri": root, "name": "ws" }], "removed": [] } });
    client.notify("workspace/didChangeWorkspaceFolders", folder);
    logged(&mut client, "workspace/didChangeWorkspaceFolders");
    client.notify("workspace/didChangeConfiguration", json!({ "settings": {} }));
    logged(&mut client, "workspace/didChangeConfiguration");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    logged(&mut client, "workspace/didChangeWatchedFiles");
    let kep = dir.path().join(NODE_KEP);
    let text = std::fs::read_to_string(&kep).unwrap();
    client.open(&kep, "yaml", &text, 1);
    logged(&mut client, "textDocument/didOpen");
    let opened = client.open(&kep, "yaml", &text, 1);
    client.diagnostics(&opened, Some(1));
    client.change(&opened, 2, json!([{ "text": text }]));
    logged(&mut client, "textDocument/didChange");
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": opened } }));
    logged(&mut client, "textDocument/didClose");
    let position = json!({ "line": 0, "character": 2 });
    for (method, params) in [
        ("textDocument/selectionRange", json!({ "textDocument": { "uri": opened }, "positions": [position] })),
        ("workspace/executeCommand", json!({ "command": "kep.updateToc", "arguments": [{ "uri": opened }] })),
        ("textDocument/hover", json!({ "textDocument": { "uri": opened }, "position": position })),
    ] {
        let reply = client.request(method, params.clone());
        assert_eq!(reply["error"]["code"], -32603, "{method}: {reply}");
        assert!(reply["error"]["message"].as_str().unwrap().contains("panic"), "{reply}");
        let again = client.request(method, params);
        assert_ne!(again["error"]["code"], -32603, "{method} once only: {again}");
    }
    assert!(client.is_running());
    assert!(client.shutdown_and_exit().success());
}
