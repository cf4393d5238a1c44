//! A minimal LSP client for the end-to-end tests and the benchmarks: starts the real `kep-ls`
//! binary, frames JSON-RPC over its stdio, answers the server's own requests, and collects what it
//! sends back with the arrival time of each message (for latencies measured from outside).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long a test waits for one message before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// How long the end of indexing may take (a benchmark's corpus ten times the real one, a loaded
/// machine).
pub const INDEXING_TIMEOUT: Duration = Duration::from_secs(300);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    /// Each message with the arrival of its last byte (before parsing).
    incoming: Receiver<(Value, Instant)>,
    /// Messages read but not yet asked for.
    pending: Vec<Value>,
    /// When the message last returned by `try_wait_for` arrived, if it had not been read before.
    last_arrival: Option<Instant>,
    next_id: i64,
    /// What `workspace/configuration` answers for the `kep` section.
    pub configuration: Value,
    /// What it answers instead for an item whose `scopeUri` is one of these (a workspace folder
    /// with settings of its own).
    pub configuration_by_scope: Vec<(String, Value)>,
    /// The edits of the `workspace/applyEdit` requests the server sent, in order (each answered
    /// `{applied: true}`).
    pub applied_edits: Vec<Value>,
    /// What `workspace/applyEdit` is answered with.
    pub apply_answer: Value,
    /// Methods of server requests this client never answers (an editor that hangs).
    pub unanswered: Vec<&'static str>,
}

impl Client {
    /// Starts `binary` in `cwd` with `args` and extra environment variables (`RUST_LOG` is `debug`
    /// unless `env` says otherwise; the server's stderr is discarded).
    pub fn spawn(binary: &Path, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Client {
        let mut child = Command::new(binary)
            .args(args)
            .current_dir(cwd)
            .env("RUST_LOG", "debug")
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kep-ls");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        Client {
            child,
            stdin,
            incoming: rx,
            pending: Vec::new(),
            last_arrival: None,
            next_id: 1,
            configuration: Value::Null,
            configuration_by_scope: Vec::new(),
            applied_edits: Vec::new(),
            apply_answer: json!({ "applied": true }),
            unanswered: Vec::new(),
        }
    }

    /// Sends raw bytes (for framing tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, message: &Value) {
        let body = serde_json::to_string(message).unwrap();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{}", body.len(), body).as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and returns its id without waiting.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        id
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        self.request_timed(method, params).0
    }

    /// A request and its latency: from just before it is written to the arrival of the last byte
    /// of its reply (this client's JSON parsing and thread hand-off left out: not the server's time).
    pub fn request_timed(&mut self, method: &str, params: Value) -> (Value, Duration) {
        let started = Instant::now();
        let id = self.request_async(method, params);
        let reply =
            self.wait_for(&format!("response {id}"), |m| m.get("id") == Some(&json!(id)) && m.get("method").is_none());
        // A reply found among the messages read earlier has no arrival of its own: count it as now.
        let arrival = self.last_arrival.unwrap_or_else(Instant::now);
        (reply, arrival.duration_since(started))
    }

    /// When the message last returned by a wait arrived (now, for one read before the wait).
    pub fn last_arrival(&self) -> Instant {
        self.last_arrival.unwrap_or_else(Instant::now)
    }

    /// Reads messages until one matches `predicate`, dropping the others (a benchmark's loop of
    /// thousands of messages keeps nothing); fails after [`TIMEOUT`].
    pub fn read_until(&mut self, predicate: impl Fn(&Value) -> bool) -> Value {
        let found = self.try_wait_for(&predicate, TIMEOUT);
        self.pending.clear();
        found.expect("timed out reading until a message")
    }

    /// Waits for the end of indexing (the `$/progress` end), taking it.
    pub fn wait_for_indexing(&mut self) {
        let end = |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end";
        self.try_wait_for(end, INDEXING_TIMEOUT).expect("timed out waiting for the end of indexing");
    }

    /// Waits for the first message matching `predicate`, keeping the others.
    pub fn wait_for(&mut self, what: &str, predicate: impl Fn(&Value) -> bool) -> Value {
        self.try_wait_for(predicate, TIMEOUT)
            .unwrap_or_else(|| panic!("timed out waiting for {what}; saw {:#?}", self.pending))
    }

    pub fn try_wait_for(&mut self, predicate: impl Fn(&Value) -> bool, timeout: Duration) -> Option<Value> {
        self.last_arrival = None;
        if let Some(i) = self.pending.iter().position(&predicate) {
            return Some(self.pending.remove(i));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok((message, arrival)) => {
                    self.answer_server_request(&message);
                    if predicate(&message) {
                        self.last_arrival = Some(arrival);
                        return Some(message);
                    }
                    self.pending.push(message);
                }
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// The messages received so far (and not yet waited for) that match `predicate`.
    pub fn pending_where(&self, predicate: impl Fn(&Value) -> bool) -> Vec<Value> {
        self.pending.iter().filter(|m| predicate(m)).cloned().collect()
    }

    /// Answers requests the server sends (configuration, registration, progress) with defaults.
    fn answer_server_request(&mut self, message: &Value) {
        let (Some(id), Some(method)) = (message.get("id"), message.get("method").and_then(Value::as_str)) else {
            return;
        };
        if self.unanswered.contains(&method) {
            if method == "workspace/applyEdit" {
                self.applied_edits.push(message["params"]["edit"].clone());
            }
            return;
        }
        let result = match method {
            "workspace/configuration" => {
                let items = message["params"]["items"].as_array().cloned().unwrap_or_default();
                let answer = |item: &Value| {
                    let scoped = self.configuration_by_scope.iter().find(|(scope, _)| item["scopeUri"] == **scope);
                    scoped.map_or_else(|| self.configuration.clone(), |(_, value)| value.clone())
                };
                Value::Array(items.iter().map(answer).collect())
            }
            "workspace/applyEdit" => {
                self.applied_edits.push(message["params"]["edit"].clone());
                self.apply_answer.clone()
            }
            _ => Value::Null,
        };
        let id = id.clone();
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "result": result }));
    }

    /// Waits until the server has sent `count` `workspace/applyEdit` requests (a command answers
    /// before its edit is applied) and returns the last edit.
    pub fn wait_applied(&mut self, count: usize) -> Value {
        while self.applied_edits.len() < count {
            self.wait_for("workspace/applyEdit", |m| m["method"] == "workspace/applyEdit");
        }
        self.applied_edits[count - 1].clone()
    }

    /// Waits for `textDocument/publishDiagnostics` for `uri` with `version` (any when `None`).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        self.wait_for(&format!("diagnostics of {uri} v{version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        })["params"]
            .clone()
    }

    /// `initialize` (offering `encodings`) then `initialized`.
    pub fn initialize(&mut self, root: &Path, encodings: &[&str]) -> Value {
        self.initialize_with(root, encodings, Value::Null)
    }

    /// `initialize` with `initializationOptions`, then `initialized`.
    pub fn initialize_with(&mut self, root: &Path, encodings: &[&str], options: Value) -> Value {
        self.initialize_with_capabilities(root, options, Self::capabilities(encodings))
    }

    /// The capabilities this client offers: an editor that supports what the server can use.
    pub fn capabilities(encodings: &[&str]) -> Value {
        json!({
            "general": { "positionEncodings": encodings },
            "workspace": {
                "configuration": true,
                "workspaceFolders": true,
                "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] }
            },
            "window": { "workDoneProgress": true },
            "textDocument": {
                "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
                "completion": { "completionItem": { "snippetSupport": true } }
            }
        })
    }

    /// `initialize` with the given capabilities, then `initialized`.
    pub fn initialize_with_capabilities(&mut self, root: &Path, options: Value, capabilities: Value) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "initializationOptions": options,
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "ws" }],
                "capabilities": capabilities
            }),
        );
        self.notify("initialized", json!({}));
        // Documents opened before indexing ends get a second publish when it ends: wait for the
        // end (without taking the message, which some tests read) so that tests see one world.
        let end = |m: &Value| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end";
        let message = self.try_wait_for(end, INDEXING_TIMEOUT).expect("timed out waiting for the end of indexing");
        self.pending.insert(0, message);
        response
    }

    /// Waits until a message matching `predicate` has arrived, leaving it to be read.
    pub fn wait_until(&mut self, what: &str, predicate: impl Fn(&Value) -> bool) {
        let message = self.wait_for(what, &predicate);
        self.pending.insert(0, message);
    }

    /// Waits for the diagnostics of `uri` that satisfy `predicate`.
    pub fn diagnostics_where(&mut self, uri: &str, what: &str, predicate: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(what, |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && predicate(&m["params"])
        })["params"]
            .clone()
    }

    /// Waits for a publish of `uri`'s diagnostics that carries `code`; returns its params.
    pub fn diagnostics_with_code(&mut self, uri: &str, code: &str) -> Value {
        self.diagnostics_where(uri, code, |p| has_code(p, code))
    }

    pub fn open(&mut self, path: &Path, language: &str, text: &str, version: i64) -> String {
        let uri = uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
        uri
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// `shutdown` then `exit`; returns the exit status.
    pub fn shutdown_and_exit(mut self) -> ExitStatus {
        let response = self.request("shutdown", Value::Null);
        assert!(response.get("error").is_none(), "{response}");
        self.notify("exit", Value::Null);
        self.wait()
    }

    pub fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// Waits for the process to end (at most [`TIMEOUT`]).
    pub fn wait(mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("kep-ls did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Resident memory of the server in KiB (`VmRSS`), 0 where `/proc` is absent.
    pub fn rss_kb(&self) -> u64 {
        proc_status_kb(self.child.id(), "VmRSS:")
    }

    /// Peak resident memory of the server in KiB (`VmHWM`), 0 where `/proc` is absent.
    pub fn peak_rss_kb(&self) -> u64 {
        proc_status_kb(self.child.id(), "VmHWM:")
    }

    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A field of `/proc/<pid>/status` in KiB, 0 where `/proc` is absent.
fn proc_status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

pub fn uri(path: &Path) -> String {
    ls_types::Uri::from_file_path(path).expect("absolute path").as_str().to_string()
}

/// The path of a `file://` URI.
pub fn path(uri: &str) -> std::path::PathBuf {
    let uri: ls_types::Uri = uri.parse().expect("a URI");
    uri.to_file_path().expect("a file URI").into_owned()
}

fn read_message(reader: &mut impl BufRead) -> Option<(Value, Instant)> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrival = Instant::now();
    Some((serde_json::from_slice(&body).ok()?, arrival))
}

/// `text` with LSP text edits (UTF-16 positions) applied, positions resolved as the server does:
/// lines end at `\n`, `\r\n` or a lone `\r` (LSP's three line endings); a column inside a
/// character (half a surrogate pair) means that character's start; past the end of a line or of
/// the text means that end.
pub fn apply_edits(text: &str, edits: &[Value]) -> String {
    // Where each line starts and where its content ends (before its line break).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let (mut start, mut i) = (0, 0);
    let bytes = text.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push((start, i));
                i += 1;
                start = i;
            }
            b'\r' => {
                lines.push((start, i));
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                start = i;
            }
            _ => i += 1,
        }
    }
    lines.push((start, text.len()));
    let offset = |position: &Value| -> usize {
        let (line, character) =
            (position["line"].as_u64().unwrap() as usize, position["character"].as_u64().unwrap() as usize);
        let Some(&(start, end)) = lines.get(line) else { return text.len() };
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units + c.len_utf16() > character {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    };
    let mut ranges: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| (offset(&e["range"]["start"]), offset(&e["range"]["end"]), e["newText"].as_str().unwrap()))
        .collect();
    ranges.sort_by_key(|r| std::cmp::Reverse(r.0));
    let mut out = text.to_string();
    for (start, end, new) in ranges {
        out.replace_range(start..end, new);
    }
    out
}

/// The text edits a workspace edit makes to `uri` (from `documentChanges` or `changes`).
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(changes) = edit["documentChanges"].as_array() {
        return changes
            .iter()
            .filter(|c| c["textDocument"]["uri"] == uri)
            .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
            .collect();
    }
    edit["changes"][uri].as_array().cloned().unwrap_or_default()
}

/// Whether the params of a `publishDiagnostics` carry a diagnostic with `code`.
pub fn has_code(params: &Value, code: &str) -> bool {
    params["diagnostics"].as_array().is_some_and(|ds| ds.iter().any(|d| d["code"] == code))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn edit(line: u64, character: u64, new_text: &str) -> serde_json::Value {
        let at = json!({ "line": line, "character": character });
        json!({ "range": { "start": at, "end": at }, "newText": new_text })
    }

    /// The positions the soak test found resolved differently by this model and the server.
    #[test]
    fn positions_resolve_as_the_server_resolves_them() {
        // Inside a surrogate pair: before the character.
        assert_eq!(super::apply_edits("🎉x", &[edit(0, 1, "a")]), "a🎉x");
        // A lone `\r` ends a line; past a line's end is before its line break.
        assert_eq!(super::apply_edits("ab\rcd\r\nef", &[edit(1, 9, "!")]), "ab\rcd!\r\nef");
        // Past the last line: the end of the text.
        assert_eq!(super::apply_edits("ab", &[edit(7, 0, "!")]), "ab!");
    }
}
