//! Over stdio: initialize, encodings, incremental sync, versioned diagnostics, close, exit codes.

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{Client, Start};
use crate::workspace::TempDir;

/// A valid kep.yaml except for one unknown key that follows non-ASCII text on its line.
const KEP: &str = "title: \"Café → 🎉 support\"\nkep-number: 1234\nauthors:\n  - \"@jane\"\nowning-sig: sig-node\nstatus: provisional\napprovers:\n  - TBD\nfeature-gates: [{name: \"é→🎉\", componets: [kubelet]}]\n";

fn workspace() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new("sync");
    let path = dir.write("keps/sig-node/1234-example/kep.yaml", KEP);
    (dir, path)
}

fn codes(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({ "start": { "line": line, "character": start }, "end": { "line": line, "character": end } })
}

#[test]
fn utf16_ranges_after_non_ascii_text_and_an_incremental_fix() {
    let (dir, path) = workspace();
    let mut client = Client::start(dir.path());
    let init = client.initialize(dir.path(), &["utf-16"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(init["result"]["capabilities"]["textDocumentSync"]["change"], 2, "incremental sync");
    let uri = client.open(&path, "yaml", KEP, 1);

    let published = client.diagnostics(&uri, Some(1));
    assert_eq!(codes(&published), ["unknown-key"]);
    // `feature-gates: [{name: "` is 24 units, é and → one each, 🎉 two, then `", ` three.
    assert_eq!(published["diagnostics"][0]["range"], range(8, 31, 40));
    expect!["unknown key `componets`: did you mean `components`?"]
        .assert_eq(published["diagnostics"][0]["message"].as_str().unwrap());

    // Insert the missing `n` of `componets`: the diagnostics clear for version 2.
    client.change(&uri, 2, json!([{ "range": range(8, 38, 38), "text": "n" }]));
    let published = client.diagnostics(&uri, Some(2));
    assert_eq!(published["diagnostics"], json!([]));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn utf8_ranges_when_the_client_offers_utf8() {
    let (dir, path) = workspace();
    let mut client = Client::start(dir.path());
    let init = client.initialize(dir.path(), &["utf-8", "utf-16"]);
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    let uri = client.open(&path, "yaml", KEP, 1);
    let published = client.diagnostics(&uri, Some(1));
    // In bytes: é is 2, → 3, 🎉 4.
    assert_eq!(published["diagnostics"][0]["range"], range(8, 36, 45));
    client.change(&uri, 2, json!([{ "range": range(8, 43, 43), "text": "n" }]));
    assert_eq!(client.diagnostics(&uri, Some(2))["diagnostics"], json!([]));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn twenty_back_to_back_changes_apply_in_order() {
    let (dir, path) = workspace();
    let text = KEP.replace("componets", "components").to_string() + "k: v\n";
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "yaml", &text, 1);
    let last_line = text.lines().count() as u32 - 1;
    // Insert t, s, r, ... a at the start of the last line: in order they spell a..t before `k`.
    let letters: Vec<char> = ('a'..='t').rev().collect();
    for (i, letter) in letters.iter().enumerate() {
        client.change(&uri, i as i64 + 2, json!([{ "range": range(last_line, 0, 0), "text": letter.to_string() }]));
    }
    let published = client.diagnostics(&uri, Some(21));
    assert_eq!(codes(&published), ["unknown-key"]);
    let message = published["diagnostics"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("unknown key `abcdefghijklmnopqrstk`"), "{message}");
    assert_eq!(published["diagnostics"][0]["range"], range(last_line, 0, 21));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn a_burst_of_completions_gets_every_answer_whole() {
    let (dir, path) = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let text = format!("{KEP}status: ");
    let uri = client.open(&path, "yaml", &text, 1);
    let line = text.lines().count() as u32 - 1;
    let params = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": 8 } });
    // Sent without waiting: the answers are prepared faster than the framing layer takes them.
    let ids: Vec<i64> = (0..300).map(|_| client.request_async("textDocument/completion", params.clone())).collect();
    for id in ids {
        let reply = client.wait_for("a completion answer", |m| m["id"] == id && m.get("method").is_none());
        let labels: Vec<&str> =
            reply["result"]["items"].as_array().unwrap().iter().filter_map(|i| i["label"].as_str()).collect();
        assert!(labels.contains(&"implementable"), "answer {id}: {labels:?}");
    }
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn closing_a_document_clears_its_diagnostics() {
    let (dir, path) = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &[]);
    let uri = client.open(&path, "yaml", KEP, 1);
    assert_eq!(codes(&client.diagnostics(&uri, Some(1))), ["unknown-key"]);
    client.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    // The clearing publish carries no version: the document is gone.
    let cleared =
        client.diagnostics_where(&uri, "the clearing publish", |p| p.get("version").is_none_or(Value::is_null));
    assert_eq!(cleared["diagnostics"], json!([]));
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn exit_without_shutdown_exits_with_1() {
    let (dir, _) = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &[]);
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(1));
}

#[test]
fn shutdown_then_exit_exits_with_0() {
    let (dir, _) = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &[]);
    assert_eq!(client.shutdown_and_exit().code(), Some(0));
}

#[test]
fn closing_stdin_ends_the_server() {
    let (dir, _) = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &[]);
    client.close_stdin();
    assert_eq!(client.wait().code(), Some(1), "no shutdown came first");
}

#[test]
fn a_malformed_message_does_not_stop_the_server() {
    let (dir, path) = workspace();
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &[]);
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let error = client.wait_for("a parse error", |m| m["error"]["code"] == -32700);
    assert_eq!(error["id"], Value::Null);
    client.send_raw(b"Content-Length: 2\r\n\r\n[]");
    assert_eq!(client.wait_for("invalid request", |m| m.get("error").is_some())["error"]["code"], -32600);
    client.send_raw(b"Content-Length: x\r\n\r\n");
    let uri = client.open(&path, "yaml", KEP, 1);
    assert_eq!(codes(&client.diagnostics(&uri, Some(1))), ["unknown-key"]);
    assert!(client.is_running());
    assert!(client.shutdown_and_exit().success());
}
