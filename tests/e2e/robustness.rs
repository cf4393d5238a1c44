//! Over stdio: the server survives what editors and hostile input can send.

use serde_json::{json, Value};

use crate::client::{Client, Start};
use crate::workspace::TempDir;

const KEP: &str = "title: Robust\nkep-number: 1\nauthors: []\nowning-sig: sig-node\nstatus: provisional\napprovers: []\nsee_also: []\n";

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

#[test]
fn a_panic_in_one_request_is_an_error_reply_and_the_server_goes_on() {
    let dir = TempDir::new("panic");
    let poisoned = dir.write("keps/sig-node/1-a/kep.yaml", KEP);
    let healthy_text = KEP.replace("kep-number: 1", "kep-number: 2");
    let healthy = dir.write("keps/sig-node/2-b/kep.yaml", &healthy_text);
    // The first hover panics (a trigger of debug builds only: see `lsp::guard`).
    let mut client = Client::start_with_env(dir.path(), &[("KEP_LS_TEST_PANIC_IN", "textDocument/hover")]);
    client.initialize(dir.path(), &["utf-16"]);
    let poisoned_uri = client.open(&poisoned, "yaml", KEP, 1);
    let healthy_uri = client.open(&healthy, "yaml", &healthy_text, 1);
    let position = json!({ "line": 0, "character": 1 });

    let reply =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": poisoned_uri }, "position": position }));
    assert_eq!(reply["error"]["code"], -32603, "{reply}");
    assert!(reply["error"]["message"].as_str().unwrap().contains("test panic"), "{reply}");

    // The same document and the others are still served, the hover too.
    let again =
        client.request("textDocument/hover", json!({ "textDocument": { "uri": poisoned_uri }, "position": position }));
    assert!(again.get("error").is_none(), "{again}");
    assert_eq!(codes(&client.diagnostics(&healthy_uri, Some(1))), ["unknown-key"]);
    assert_eq!(codes(&client.diagnostics(&poisoned_uri, Some(1))), ["unknown-key"]);
    let symbols = client.request("workspace/symbol", json!({ "query": "" }));
    assert!(symbols.get("error").is_none(), "{symbols}");
    client.change(&healthy_uri, 2, json!([{ "text": healthy_text.replace("see_also", "see-also") }]));
    assert!(codes(&client.diagnostics(&healthy_uri, Some(2))).is_empty());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn the_server_survives_every_kind_of_odd_message_in_one_session() {
    let dir = TempDir::new("protocol");
    let path = dir.write("keps/sig-node/1-a/kep.yaml", KEP);
    let mut client = Client::start(dir.path());

    // A request before `initialize` is refused with ServerNotInitialized.
    let early = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": "file:///x" }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.initialize(dir.path(), &["utf-16"]);

    // Unknown methods: requests get MethodNotFound, notifications are ignored.
    assert_eq!(client.request("kep/doesNotExist", json!({}))["error"]["code"], -32601);
    client.notify("kep/unknownNotification", json!({ "x": 1 }));
    client.notify("$/somethingOptional", json!({}));

    // Broken framing and bodies are answered with errors, and reading goes on.
    client.send_raw(b"Content-Length: 5\r\n\r\n{\"a\":");
    assert_eq!(client.wait_for("parse error", |m| m["error"]["code"] == -32700)["id"], Value::Null);
    client.send_raw(b"Content-Type: application/json\r\n\r\n");
    client.wait_for("missing length", |m| m["error"]["code"] == -32700);

    // didChange for a document never opened, then a normal open.
    client.change("file:///never/opened/kep.yaml", 3, json!([{ "text": "x" }]));
    let uri = client.open(&path, "yaml", KEP, 5);
    assert_eq!(codes(&client.diagnostics(&uri, Some(5))), ["unknown-key"]);

    // A version going backwards is applied (the editor's text is the truth) and published as sent.
    client.change(&uri, 4, json!([{ "range": { "start": { "line": 6, "character": 3 }, "end": { "line": 6, "character": 4 } }, "text": "-" }]));
    assert!(codes(&client.diagnostics(&uri, Some(4))).is_empty());

    // A range past the end is clamped to the end of the text.
    client.change(&uri, 6, json!([{ "range": { "start": { "line": 99, "character": 0 }, "end": { "line": 120, "character": 7 } }, "text": "bogus_key: 1\n" }]));
    let published = client.diagnostics(&uri, Some(6));
    assert_eq!(codes(&published), ["unknown-key"]);
    assert_eq!(published["diagnostics"][0]["range"]["start"]["line"], 7);

    // Cancelling a request in flight: exactly one answer, a result or RequestCancelled.
    let id = client.request_async("workspace/symbol", json!({ "query": "" }));
    client.notify("$/cancelRequest", json!({ "id": id }));
    let answer = client.wait_for("the cancelled request's answer", |m| m["id"] == id);
    assert!(answer.get("result").is_some() || answer["error"]["code"] == -32800, "{answer}");

    // After shutdown, requests are refused; exit then ends the process with 0.
    assert!(client.request("shutdown", Value::Null).get("error").is_none());
    let late = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert_eq!(late["error"]["code"], -32600, "{late}");
    client.notify("exit", Value::Null);
    assert_eq!(client.wait().code(), Some(0));
}
