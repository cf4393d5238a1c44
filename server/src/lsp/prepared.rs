//! Answers whose JSON kep-ls writes itself, spliced into tower-lsp-server's reply by the framing layer.
//!
//! Why: tower-lsp-server turns every result into a `serde_json::Value` and then into text. For a
//! completion list of 100 KEPs (42 KB) that costs ~260 µs of allocations and frees, against ~60 µs
//! to write the same JSON straight from the typed list, and completion is the request an author
//! waits on at every keystroke (workspace symbols, up to 200 KEPs, are the other large answer).
//! So a handler serializes its answer here and returns a placeholder that names it;
//! `transport::pump_server_frames`, which reads each of the server's frames whole anyway, swaps
//! the placeholder's `result` for the prepared bytes. tower-lsp-server still routes the request,
//! so its checks (initialized, shut down, cancelled) hold as for any other request.
//!
//! This breaks the rule that only tower-lsp-server writes responses: the splice is limited to
//! frames that are a response whose result is exactly one placeholder this store handed out, so
//! any other frame, even one quoting the marker, passes through unchanged. Without the framing
//! layer (`serve_stdio` always has it) a client would see the placeholder item.

use std::collections::VecDeque;
use std::sync::Mutex;

use ls_types::{
    CompletionItem, CompletionResponse, OneOf, SymbolKind, Uri, WorkspaceLocation, WorkspaceSymbol,
    WorkspaceSymbolResponse,
};
use serde::{Deserialize, Serialize};

/// Starts the name of a placeholder item. The NUL makes it a name no real item can have.
const MARKER: &str = "\u{0}kep-ls:prepared:";
/// How a response whose result is an array of objects starts as tower-lsp-server writes it (its
/// `Response` fields in declaration order: the result before the id).
const ARRAY_RESPONSE_START: &[u8] = b"{\"jsonrpc\":\"2.0\",\"result\":[{";
/// The marker as serde_json writes it (the NUL escaped), and how far into a frame it is looked
/// for: a placeholder item is a few fields (their order depends on serde_json's map, which may or
/// may not keep insertion order), and the id, whatever its length, comes after them.
const MARKER_IN_JSON: &[u8] = b"\\u0000kep-ls:prepared:";
const PLACEHOLDER_ITEM_MAX: usize = 256;
/// Prepared answers kept for splicing. A few are waiting at a time (tower-lsp-server runs up to four
/// handlers, and may write a few answers before the framing layer reads them: two at most in a
/// burst of 300 requests, `a_burst_of_completions_gets_every_answer_whole`); the bound only keeps
/// memory in check should a placeholder never come back, which no path of tower-lsp-server does.
const KEPT: usize = 256;

/// The answers prepared by handlers and not yet spliced, by token.
#[derive(Default)]
pub struct PreparedAnswers {
    state: Mutex<Store>,
}

#[derive(Default)]
struct Store {
    next_token: u64,
    ready: VecDeque<(u64, Vec<u8>)>,
}

impl PreparedAnswers {
    /// A completion answer for tower-lsp-server to pass on: a placeholder for `answer`, prepared here.
    pub fn completion(&self, answer: &impl Serialize) -> CompletionResponse {
        CompletionResponse::Array(vec![CompletionItem { label: self.prepare(answer), ..Default::default() }])
    }

    /// A workspace symbol answer for tower-lsp-server to pass on: a placeholder for `answer`.
    pub fn workspace_symbols(&self, answer: &impl Serialize) -> WorkspaceSymbolResponse {
        let uri: Uri = "file:///".parse().expect("a constant, valid URI");
        WorkspaceSymbolResponse::Nested(vec![WorkspaceSymbol {
            name: self.prepare(answer),
            kind: SymbolKind::FILE,
            tags: None,
            container_name: None,
            location: OneOf::Right(WorkspaceLocation { uri }),
            data: None,
        }])
    }

    /// Serializes `result` and returns the name of the placeholder item that stands for it.
    fn prepare(&self, result: &impl Serialize) -> String {
        // Our answer types are plain structs (string keys only): serializing them cannot fail.
        let json = serde_json::to_vec(result).unwrap_or_else(|_| b"null".to_vec());
        let mut store = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let token = store.next_token;
        store.next_token += 1;
        if store.ready.len() == KEPT {
            tracing::warn!("a prepared answer was never sent; dropping the oldest of {KEPT}");
            store.ready.pop_front();
        }
        store.ready.push_back((token, json));
        format!("{MARKER}{token}")
    }

    /// The frame body with its placeholder result replaced by the prepared answer, or `None` when
    /// `body` is not a placeholder response of this store.
    pub fn splice(&self, body: &[u8]) -> Option<Vec<u8>> {
        let head = &body[..body.len().min(PLACEHOLDER_ITEM_MAX)];
        if !body.starts_with(ARRAY_RESPONSE_START) || !head.windows(MARKER_IN_JSON.len()).any(|w| w == MARKER_IN_JSON) {
            return None;
        }
        #[derive(Deserialize)]
        struct Placeholder {
            id: serde_json::Value,
            result: [PlaceholderItem; 1],
        }
        /// A completion item names itself by its label, a symbol by its name.
        #[derive(Deserialize)]
        struct PlaceholderItem {
            #[serde(alias = "name")]
            label: String,
        }
        let placeholder: Placeholder = serde_json::from_slice(body).ok()?;
        let [PlaceholderItem { label }] = placeholder.result;
        let token: u64 = label.strip_prefix(MARKER)?.parse().ok()?;
        let json = {
            let mut store = self.state.lock().unwrap_or_else(|p| p.into_inner());
            let at = store.ready.iter().position(|(t, _)| *t == token)?;
            store.ready.remove(at)?.1
        };
        let mut out = Vec::with_capacity(json.len() + 64);
        out.extend_from_slice(b"{\"jsonrpc\":\"2.0\",\"id\":");
        serde_json::to_writer(&mut out, &placeholder.id).ok()?;
        out.extend_from_slice(b",\"result\":");
        out.extend_from_slice(&json);
        out.push(b'}');
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};
    use tower_lsp_server::jsonrpc::{Id, Response};

    /// What tower-lsp-server writes for a handler that returned the placeholder item (its own
    /// type, so that a version writing it differently fails these tests).
    fn placeholder_response(id: Id, label: &str) -> Vec<u8> {
        serde_json::to_vec(&Response::from_ok(id, json!([{ "label": label }]))).unwrap()
    }

    #[test]
    fn a_placeholder_response_becomes_the_prepared_answer_once() {
        let answers = PreparedAnswers::default();
        let answer = json!({ "isIncomplete": true, "items": [{ "label": "/keps/sig-node/2400-node-swap" }] });
        let label = answers.prepare(&answer);
        let body = placeholder_response(Id::Number(7), &label);
        let spliced: Value = serde_json::from_slice(&answers.splice(&body).expect("spliced")).unwrap();
        assert_eq!(spliced, json!({ "jsonrpc": "2.0", "id": 7, "result": answer }));
        assert_eq!(answers.splice(&body), None, "an answer is spliced once");
    }

    #[test]
    fn a_symbol_placeholder_is_spliced_as_well() {
        let answers = PreparedAnswers::default();
        let answer = json!([{ "name": "KEP-2400: Node swap", "kind": 1, "location": { "uri": "file:///k" } }]);
        let WorkspaceSymbolResponse::Nested(placeholder) = answers.workspace_symbols(&answer) else { panic!() };
        let body =
            serde_json::to_vec(&Response::from_ok(Id::Number(3), serde_json::to_value(&placeholder).unwrap())).unwrap();
        let spliced: Value = serde_json::from_slice(&answers.splice(&body).expect("spliced")).unwrap();
        assert_eq!(spliced, json!({ "jsonrpc": "2.0", "id": 3, "result": answer }));
    }

    #[test]
    fn string_ids_are_kept() {
        let answers = PreparedAnswers::default();
        let label = answers.prepare(&json!([]));
        let spliced = answers.splice(&placeholder_response(Id::String("req-\"1\"".into()), &label)).unwrap();
        let spliced: Value = serde_json::from_slice(&spliced).unwrap();
        assert_eq!(spliced["id"], "req-\"1\"");
        assert_eq!(spliced["result"], json!([]));
    }

    #[test]
    fn other_frames_pass_through() {
        let answers = PreparedAnswers::default();
        let label = answers.prepare(&json!(null));
        // A notification quoting the marker, an unknown token, a result that is not one item.
        let notification = serde_json::to_vec(
            &json!({ "jsonrpc": "2.0", "method": "window/logMessage", "params": { "message": label } }),
        )
        .unwrap();
        assert_eq!(answers.splice(&notification), None);
        assert_eq!(answers.splice(&placeholder_response(Id::Number(1), &format!("{MARKER}999"))), None);
        let two = serde_json::to_vec(&Response::from_ok(Id::Number(1), json!([{ "label": label }, {}]))).unwrap();
        assert_eq!(answers.splice(&two), None);
        assert!(
            answers.splice(&placeholder_response(Id::Number(2), &label)).is_some(),
            "still there for its own reply"
        );
    }

    #[test]
    fn answers_never_collected_are_dropped_after_a_bound() {
        let answers = PreparedAnswers::default();
        let first = answers.prepare(&json!(0));
        let labels: Vec<String> = (1..=KEPT).map(|n| answers.prepare(&json!(n))).collect();
        assert_eq!(answers.splice(&placeholder_response(Id::Number(1), &first)), None);
        for label in &labels {
            assert!(answers.splice(&placeholder_response(Id::Number(1), label)).is_some());
        }
    }
}
