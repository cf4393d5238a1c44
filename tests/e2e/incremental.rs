//! A keystroke costs one parse, and re-checks only the documents it can affect (`kep-ls/stats`).

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::client::{Client, Start};
use crate::workspace::{copy_tree, TempDir};

fn stats(client: &mut Client) -> (u64, u64) {
    let reply = client.request("kep-ls/stats", Value::Null);
    (reply["result"]["parses"].as_u64().unwrap(), reply["result"]["diagnosticRuns"].as_u64().unwrap())
}

/// Polls until the counters stop moving (the debounce is 0 here), then returns them.
fn settled(client: &mut Client) -> (u64, u64) {
    let mut last = stats(client);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        std::thread::sleep(Duration::from_millis(150));
        let now = stats(client);
        if now == last || Instant::now() > deadline {
            return now;
        }
        last = now;
    }
}

#[test]
fn a_keystroke_reparses_one_file_and_rechecks_only_what_depends_on_it() {
    let dir = TempDir::new("incremental");
    copy_tree(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), dir.path());
    let mut client = Client::start_with_args(dir.path(), &["--debounce-ms", "0"]);
    client.initialize(dir.path(), &["utf-16"]);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let open = |client: &mut Client, rel: &str| {
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        (client.open(&path, if rel.ends_with(".md") { "markdown" } else { "yaml" }, &text, 1), text)
    };
    let (kep, kep_text) = open(&mut client, "keps/sig-node/1001-pod-readiness-hints/kep.yaml");
    let (readme, _) = open(&mut client, "keps/sig-node/1001-pod-readiness-hints/README.md");
    let (other, _) = open(&mut client, "keps/sig-apps/1002-job-retry-budget/kep.yaml");
    let base = settled(&mut client);

    // A keystroke in the README body: one parse; the README and its kep.yaml (whose release
    // readiness reads the README) are re-checked.
    client.change(&readme, 2, json!([{ "range": { "start": { "line": 60, "character": 0 }, "end": { "line": 60, "character": 0 } }, "text": "x" }]));
    let after_readme = settled(&mut client);
    assert_eq!((after_readme.0 - base.0, after_readme.1 - base.1), (1, 2), "README keystroke");

    // A keystroke in a kep.yaml field other KEPs cannot see: one parse; the kep.yaml and its own
    // README (whose rules read the kep.yaml beside it) are re-checked, the other KEP is not.
    let reviewers = kep_text.lines().position(|l| l.contains("@grace-hopper")).unwrap() as u64;
    client.change(&kep, 2, json!([{ "range": { "start": { "line": reviewers, "character": 5 }, "end": { "line": reviewers, "character": 5 } }, "text": "y" }]));
    let after_field = settled(&mut client);
    assert_eq!((after_field.0 - after_readme.0, after_field.1 - after_readme.1), (1, 2), "reviewer keystroke");

    // A keystroke in the title, which other KEPs show: one parse, every open document re-checked.
    client.change(&kep, 3, json!([{ "range": { "start": { "line": 0, "character": 7 }, "end": { "line": 0, "character": 7 } }, "text": "z" }]));
    let after_title = settled(&mut client);
    assert_eq!((after_title.0 - after_field.0, after_title.1 - after_field.1), (1, 3), "title keystroke");
    let _ = other;
    assert!(client.shutdown_and_exit().success());
}

/// The debounce is for problems an edit adds: an edit that only removes problems is published at
/// once. With a debounce of a minute, the fix's diagnostics arrive while the debounce runs, and the
/// edit that brings a problem back gets none until it ends.
#[test]
fn a_fix_clears_its_diagnostic_without_waiting_for_the_debounce() {
    let dir = TempDir::new("clearfast");
    copy_tree(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), dir.path());
    let mut client = Client::start_with_args(dir.path(), &["--debounce-ms", "60000"]);
    client.initialize(dir.path(), &["utf-16"]);
    let path = dir.path().join("keps/sig-node/1001-pod-readiness-hints/kep.yaml");
    let good = std::fs::read_to_string(&path).unwrap();
    let bad = good.replace("status: implementable", "status: implementabl");
    let uri = client.open(&path, "yaml", &bad, 1);
    let codes = |params: &Value| -> Vec<String> {
        params["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
    };
    let opened = client.diagnostics(&uri, Some(1));
    assert!(!codes(&opened).is_empty(), "the misspelt status is flagged: {opened}");

    client.change(&uri, 2, json!([{ "text": good }]));
    let fixed = client.diagnostics(&uri, Some(2));
    assert!(codes(&fixed).len() < codes(&opened).len(), "{opened} then {fixed}");

    client.change(&uri, 3, json!([{ "text": bad }]));
    let early = client.try_wait_for(
        |m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == 3,
        Duration::from_secs(2),
    );
    assert!(early.is_none(), "an added problem waits for the debounce: {early:?}");
    assert!(client.shutdown_and_exit().success());
}

/// An edit that adds a problem is analysed once: the diagnostics computed to see whether it only
/// removed problems are the ones published after the debounce (nothing changed in between).
#[test]
fn an_added_problem_is_analysed_once() {
    let dir = TempDir::new("addedonce");
    copy_tree(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), dir.path());
    let mut client = Client::start_with_args(dir.path(), &["--debounce-ms", "50"]);
    client.initialize(dir.path(), &["utf-16"]);
    let path = dir.path().join("keps/sig-node/1001-pod-readiness-hints/kep.yaml");
    let good = std::fs::read_to_string(&path).unwrap();
    let uri = client.open(&path, "yaml", &good, 1);
    client.diagnostics(&uri, Some(1));
    let (_, runs_before) = stats(&mut client);
    client.change(&uri, 2, json!([{ "text": good.replace("status: implementable", "status: implementabl") }]));
    let added = client.diagnostics(&uri, Some(2));
    assert!(added["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "invalid-status"), "{added}");
    let (_, runs_after) = stats(&mut client);
    assert_eq!(runs_after - runs_before, 1, "one analysis for one keystroke");
    assert!(client.shutdown_and_exit().success());
}
