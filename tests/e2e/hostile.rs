//! Over stdio: hostile and broken input produces diagnostics or a clean refusal, in bounded time
//! (the client's timeout), and the server keeps serving.

use serde_json::{json, Value};

use crate::client::{Client, Start};
use crate::workspace::TempDir;

/// Opens `text` as `rel`, waits for its diagnostics, checks `expect` among their codes (when
/// given), then checks that the server still answers.
fn survive(rel: &str, text: &str, expect: Option<&str>) {
    let dir = TempDir::new("hostile");
    let path = dir.write(rel, "");
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let language = if rel.ends_with(".md") { "markdown" } else { "yaml" };
    let uri = client.open(&path, language, text, 1);
    let published = client.diagnostics(&uri, Some(1));
    let codes: Vec<&str> =
        published["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    if let Some(code) = expect {
        assert!(codes.contains(&code), "{rel}: expected {code} in {codes:?}");
    }
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    let symbols = client.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } }));
    assert!(symbols.get("error").is_none(), "{symbols}");
    assert!(client.shutdown_and_exit().success());
}

const KEP: &str = "keps/sig-a/1-x/kep.yaml";
const README: &str = "keps/sig-a/1-x/README.md";

/// 20,000 arbitrary characters (proptest favours the odd ones: controls, the ends of planes) as a
/// kep.yaml and as a README; a server per case: 1 case by default, 5 with `PROPTEST_CASES=256`.
#[test]
fn binary_junk() {
    let junk = proptest::collection::vec(proptest::prelude::any::<char>(), 20_000);
    kep_ls_testkit::property::check(1.0 / 48.0, junk, |junk| {
        let junk: String = junk.into_iter().collect();
        survive(KEP, &junk, None);
        survive(README, &junk, None);
        Ok(())
    });
}

#[test]
fn a_ten_megabyte_kep_yaml() {
    let mut text = String::from("title: Big\nkep-number: 1\nauthors:\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("  - \"@someone-with-a-long-handle\"\n");
    }
    survive(KEP, &text, Some("missing-required"));
}

#[test]
fn a_five_megabyte_readme() {
    let mut text = String::from("# KEP-1: Big\n\n<!-- toc -->\n<!-- /toc -->\n\n");
    let mut i = 0;
    while text.len() < 5 * 1024 * 1024 {
        text.push_str(&format!("## Section {i} with `code`\n\nSee [the previous one](#section-{}).\n\n", i.max(1) - 1));
        i += 1;
    }
    survive(README, &text, Some("toc-out-of-date"));
}

#[test]
fn nesting_ten_thousand_levels_deep() {
    survive(KEP, &format!("title: {}\n", "[".repeat(10_000)), Some("yaml-syntax"));
    // Block sequences nest on one line: `- - - x` is three levels deep.
    survive(KEP, &format!("authors:\n  {}x\n", "- ".repeat(10_000)), Some("yaml-syntax"));
}

#[test]
fn an_alias_bomb() {
    let mut text =
        String::from("title: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..40 {
        let previous = if i == 1 { "a".to_string() } else { format!("b{}", i - 1) };
        text.push_str(&format!("b{i}: &b{i} [{}]\n", vec![format!("*{previous}"); 9].join(", ")));
    }
    survive(KEP, &text, Some("unknown-key"));
}

#[test]
fn lines_of_a_megabyte() {
    let text = format!("title: {}\nsee-also:\n  - {}\n", "x".repeat(1 << 20), "/keps/".repeat(200_000));
    survive(KEP, &text, Some("missing-required"));
    survive(README, &format!("# T\n\n{}\n", "word [l](#x) ".repeat(100_000)), Some("toc-missing"));
}

#[test]
fn an_unterminated_code_fence() {
    survive(README, "# KEP-1: X\n\n<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n\n```yaml\n## A\nnever closed\n", None);
}

#[test]
fn files_that_vanish_or_turn_unreadable_after_indexing() {
    let dir = TempDir::new("vanish");
    let kept = dir.write("keps/sig-a/1-kept/kep.yaml", "title: Kept\nkep-number: 1\n");
    let gone = dir.write("keps/sig-a/2-gone/kep.yaml", "title: Gone\nkep-number: 2\n");
    let broken = dir.write("keps/sig-a/3-broken/kep.yaml", "title: Broken\nkep-number: 3\n");
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    std::fs::remove_dir_all(gone.parent().unwrap()).unwrap();
    std::fs::write(&broken, b"title: \xff\xfe broken\n").unwrap();
    let uri = |p: &std::path::Path| crate::client::uri(p);
    // Events that arrive late or wrong: a change for a file that is gone, a change to invalid UTF-8.
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uri(&gone), "type": 2 }, { "uri": uri(&broken), "type": 2 }] }),
    );
    let names = |client: &mut Client| -> Vec<String> {
        let symbols = client.request("workspace/symbol", json!({ "query": "" }));
        symbols["result"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(names(&mut client), ["KEP-1: Kept"], "the vanished and the unreadable KEP are no longer offered");
    let opened = client.open(&kept, "yaml", "title: Kept\nkep-number: 1\n", 1);
    let published = client.diagnostics(&opened, Some(1));
    assert!(published["diagnostics"].is_array());
    let value: Value = client.request("workspace/symbol", json!({ "query": "kept" }));
    assert!(value.get("error").is_none());
    assert!(client.shutdown_and_exit().success());
}
