//! Soak: a scripted client sends random incremental edits and requests over stdio. The server
//! answers every request, ends in the state of a fresh open of the final texts, and its memory
//! does not grow with the number of edits. CI runs a few thousand operations; the long run is
//! `KEP_LS_SOAK_OPS=100000 cargo test --release --test e2e soak -- --nocapture`.

use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Value};

use crate::client::{apply_edits, Client, Start};
use crate::workspace::{copy_tree, TempDir};

const DEFAULT_OPS: usize = 2_000;
const FRAGMENTS: &[&str] = &[
    "a",
    "é",
    "🎉",
    " ",
    "\n",
    "\r\n",
    "status: ",
    "- ",
    "\"",
    "[",
    "]",
    "#",
    "## H\n",
    "see-also:\n  - /keps/sig-node/1001-pod-readiness-hints\n",
    "→",
    ": ",
];
const REQUESTS: &[&str] = &[
    "textDocument/hover",
    "textDocument/completion",
    "textDocument/definition",
    "textDocument/documentSymbol",
    "textDocument/codeAction",
    "textDocument/references",
    "workspace/symbol",
];

/// A place in a document, resolved against its text when the operation runs: any line up to one
/// past the last, any column up to three past the line's end.
#[derive(Debug, Clone)]
struct Spot {
    line: Index,
    column: Index,
}

#[derive(Debug, Clone)]
enum Op {
    /// Replaces the text at a point (`end` absent) or between two spots with a fragment or nothing.
    Edit {
        doc: Index,
        start: Spot,
        end: Option<Spot>,
        text: Option<&'static str>,
    },
    Request {
        doc: Index,
        method: &'static str,
        at: Spot,
    },
}

fn spot() -> impl Strategy<Value = Spot> {
    (any::<Index>(), any::<Index>()).prop_map(|(line, column)| Spot { line, column })
}

/// Two edits for every request; half the edits at a point, a quarter of them deletions.
fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (any::<Index>(), spot(), proptest::option::of(spot()), proptest::option::weighted(0.75, select(FRAGMENTS)))
            .prop_map(|(doc, start, end, text)| Op::Edit { doc, start, end, text }),
        1 => (any::<Index>(), select(REQUESTS), spot()).prop_map(|(doc, method, at)| Op::Request { doc, method, at }),
    ]
}

/// The LSP position of `spot` in `text` (UTF-16 columns), sometimes past the end of a line or the file.
fn position(spot: &Spot, text: &str) -> Value {
    let lines: Vec<&str> = text.split('\n').collect();
    let line = spot.line.index(lines.len() + 1);
    let width = lines.get(line).map_or(0, |l| l.encode_utf16().count());
    json!({ "line": line, "character": spot.column.index(width + 3) })
}

fn ordered(a: Value, b: Value) -> (Value, Value) {
    let key = |p: &Value| (p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap());
    if key(&a) <= key(&b) {
        (a, b)
    } else {
        (b, a)
    }
}

/// The client's model of an edit: the LSP edit applied to the text (clamped like the server).
fn model_apply(text: &str, range: &Value, new_text: &str) -> String {
    apply_edits(text, &[json!({ "range": range, "newText": new_text })])
}

fn soak_ops() -> usize {
    std::env::var("KEP_LS_SOAK_OPS").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_OPS)
}

/// One long run per case (a server each): 1 case by default, 5 with `PROPTEST_CASES=256`.
#[test]
fn random_edits_and_requests_leave_the_server_consistent_and_flat() {
    kep_ls_testkit::property::check(1.0 / 48.0, proptest::collection::vec(op(), soak_ops()), |ops| {
        soak(&ops);
        Ok(())
    });
}

fn soak(ops: &[Op]) {
    let dir = TempDir::new("soak");
    copy_tree(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples"), dir.path());
    let files = [
        "keps/sig-apps/1002-job-retry-budget/kep.yaml",
        "keps/sig-node/1001-pod-readiness-hints/README.md",
        "keps/prod-readiness/sig-node/1001.yaml",
    ];
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let mut docs: Vec<(String, String, i64)> = files
        .iter()
        .map(|rel| {
            let path = dir.path().join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            let language = if rel.ends_with(".md") { "markdown" } else { "yaml" };
            (client.open(&path, language, &text, 1), text, 1)
        })
        .collect();
    let start_rss = client.rss_kb();
    let mut middle_rss = 0;
    let mut answered = 0;
    for (n, op) in ops.iter().enumerate() {
        if n == ops.len() / 2 {
            middle_rss = client.rss_kb();
        }
        match op {
            Op::Edit { doc, start, end, text: fragment } => {
                let (uri, text, version) = &mut docs[doc.index(files.len())];
                let (start, end) = match end {
                    None => {
                        let p = position(start, text);
                        (p.clone(), p)
                    }
                    Some(end) => ordered(position(start, text), position(end, text)),
                };
                let range = json!({ "start": start, "end": end });
                let new_text = fragment.unwrap_or_default();
                *text = model_apply(text, &range, new_text);
                *version += 1;
                let (uri, v) = (uri.clone(), *version);
                client.change(&uri, v, json!([{ "range": range, "text": new_text }]));
            }
            Op::Request { doc, method, at } => {
                let (uri, text, _) = &docs[doc.index(files.len())];
                let at = position(at, text);
                let params = match *method {
                    "workspace/symbol" => json!({ "query": "pod" }),
                    "textDocument/documentSymbol" => json!({ "textDocument": { "uri": uri } }),
                    "textDocument/codeAction" => {
                        json!({ "textDocument": { "uri": uri }, "range": { "start": at, "end": at }, "context": { "diagnostics": [] } })
                    }
                    "textDocument/references" => {
                        json!({ "textDocument": { "uri": uri }, "position": at, "context": { "includeDeclaration": true } })
                    }
                    _ => json!({ "textDocument": { "uri": uri }, "position": at }),
                };
                let reply = client.request(method, params);
                assert!(reply["error"]["code"] != -32603, "{method} failed inside the server: {reply}");
                answered += 1;
            }
        }
    }
    let ops = ops.len();
    let end_rss = client.rss_kb();
    eprintln!("soak: {ops} operations, {answered} requests answered; resident memory start {start_rss} KiB, middle {middle_rss} KiB, end {end_rss} KiB");

    // The final state equals a fresh open of the final texts.
    let mut finals = Vec::new();
    for (uri, _, version) in &docs {
        finals.push(client.diagnostics(uri, Some(*version))["diagnostics"].clone());
    }
    let mut fresh = Client::start(dir.path());
    fresh.initialize(dir.path(), &["utf-16"]);
    for ((uri, text, _), published) in docs.iter().zip(&finals) {
        let path = crate::client::path(uri);
        let language = if uri.ends_with(".md") { "markdown" } else { "yaml" };
        fresh.open(&path, language, text, 1);
        let expected = fresh.diagnostics(uri, Some(1))["diagnostics"].clone();
        assert_eq!(published, &expected, "{uri}: the soaked server disagrees with a fresh open of the final text");
    }
    assert!(fresh.shutdown_and_exit().success());
    assert!(client.is_running(), "the server stayed up");
    if middle_rss > 0 {
        assert!(
            end_rss <= middle_rss + middle_rss / 2 + 20 * 1024,
            "memory grew with the number of edits: {middle_rss} → {end_rss} KiB"
        );
    }
    assert!(client.shutdown_and_exit().success());
}
