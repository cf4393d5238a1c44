//! What the benchmarks share: the corpus, generated corpora, a minimal stdio driver for the real
//! server, and statistics.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The repository root of the real corpus (the parent of `keps/`), when `../shared` is present.
pub fn corpus_root() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    path.join("keps").is_dir().then(|| path.canonicalize().ok()).flatten()
}

/// A directory removed when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("kep-ls-bench-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir.canonicalize().expect("canonical scratch dir"))
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `times` copies of the real corpus's `keps/` in one tree: every group directory appears as
/// `<group>-<i>` (PRR files follow), so the copies are distinct KEPs.
pub fn generated_corpus(real: &Path, times: usize) -> Scratch {
    let scratch = Scratch::new(&format!("x{times}"));
    let keps = real.join("keps");
    for i in 0..times {
        for entry in std::fs::read_dir(&keps).expect("read corpus").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "prod-readiness" {
                for sig in std::fs::read_dir(entry.path()).expect("read prr").flatten() {
                    let sig_name = sig.file_name().to_string_lossy().into_owned();
                    copy(&sig.path(), &scratch.0.join("keps/prod-readiness").join(format!("{sig_name}-{i}")));
                }
            } else if entry.path().is_dir() {
                copy(&entry.path(), &scratch.0.join("keps").join(format!("{name}-{i}")));
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(real.join("OWNERS_ALIASES")) {
        let _ = std::fs::write(scratch.0.join("OWNERS_ALIASES"), text);
    }
    scratch
}

fn copy(from: &Path, to: &Path) {
    let _ = std::fs::create_dir_all(to);
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            copy(&entry.path(), &to.join(entry.file_name()));
        } else if kind.is_file() {
            let _ = std::fs::copy(entry.path(), to.join(entry.file_name()));
        }
    }
}

/// A corpus of `keps` small generated KEPs, for machines without `../shared`.
pub fn synthetic_corpus(keps: usize) -> Scratch {
    let scratch = Scratch::new(&format!("synthetic-{keps}"));
    let body: String = (0..40)
        .map(|i| format!("## Section {i}\n\nSome text about the design, with a [link](#section-{i}).\n\n"))
        .collect();
    for n in 0..keps {
        let sig = format!("sig-{}", n % 20);
        let dir = scratch.0.join(format!("keps/{sig}/{n}-generated-kep"));
        std::fs::create_dir_all(&dir).expect("create kep dir");
        let yaml = format!(
            "title: Generated KEP {n}\nkep-number: {n}\nauthors:\n  - \"@author{n}\"\nowning-sig: {sig}\nstatus: provisional\napprovers:\n  - TBD\nsee-also:\n  - \"/keps/sig-{}/{}-generated-kep\"\n",
            (n + 1) % 20,
            n + 1
        );
        std::fs::write(dir.join("kep.yaml"), yaml).expect("write kep.yaml");
        let mut readme = format!("# KEP-{n}: Generated KEP {n}\n\n<!-- toc -->\n<!-- /toc -->\n\n{body}");
        if let Some((range, toc)) = kep_ls::ide::markdown::toc::fix(&readme) {
            readme.replace_range(range.start..range.end, &toc);
        }
        std::fs::write(dir.join("README.md"), readme).expect("write README.md");
    }
    scratch
}

pub fn percentile(samples: &mut [Duration], p: usize) -> Duration {
    if samples.is_empty() {
        return Duration::ZERO;
    }
    samples.sort();
    let index = ((samples.len() - 1) * p) / 100;
    samples[index]
}

pub fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1e3)
}

pub fn us(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1e6)
}

pub fn mb(kb: u64) -> String {
    format!("{:.1}", kb as f64 / 1024.0)
}

/// The real server over stdio.
pub struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
    /// When the last byte of the last message read arrived (before it was parsed).
    last_arrival: Instant,
}

impl Server {
    pub fn start(cwd: &Path) -> Server {
        Server::start_binary(Path::new(env!("CARGO_BIN_EXE_kep-ls")), cwd)
    }

    pub fn start_with_args(cwd: &Path, args: &[&str]) -> Server {
        Server::spawn(Path::new(env!("CARGO_BIN_EXE_kep-ls")), cwd, args)
    }

    pub fn start_binary(binary: &Path, cwd: &Path) -> Server {
        Server::spawn(binary, cwd, &[])
    }

    fn spawn(binary: &Path, cwd: &Path, args: &[&str]) -> Server {
        let mut child = Command::new(binary)
            .args(args)
            .current_dir(cwd)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start kep-ls");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Server { child, stdin, stdout, next_id: 1, last_arrival: Instant::now() }
    }

    pub fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body);
        let _ = self.stdin.flush();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.read_until(|m| m["id"] == id && m.get("method").is_none())
    }

    /// When the last byte of the last message read arrived.
    pub fn last_arrival(&self) -> Instant {
        self.last_arrival
    }

    /// A request and its latency: from just before it is written to the arrival of the last byte
    /// of its reply (the client's own JSON parsing left out: it is not the server's time).
    pub fn request_timed(&mut self, method: &str, params: Value) -> (Value, Duration) {
        let started = Instant::now();
        let reply = self.request(method, params);
        (reply, self.last_arrival.duration_since(started))
    }

    /// Reads messages (answering the server's own requests) until one matches.
    pub fn read_until(&mut self, predicate: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.read().expect("the server closed its output");
            if let (Some(id), Some(_)) = (message.get("id"), message.get("method")) {
                let reply = json!({ "jsonrpc": "2.0", "id": id, "result": null });
                self.send(&reply);
            }
            if predicate(&message) {
                return message;
            }
        }
    }

    fn read(&mut self) -> Option<Value> {
        let mut length = None;
        loop {
            let mut line = String::new();
            if self.stdout.read_line(&mut line).ok()? == 0 {
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
        self.stdout.read_exact(&mut body).ok()?;
        self.last_arrival = Instant::now();
        serde_json::from_slice(&body).ok()
    }

    pub fn initialize(&mut self, root: &Path) {
        self.initialize_with(root, json!({}));
    }

    /// `initialize` with the capabilities every bench client has, plus `extra` at the top level
    /// (`{ "workspace": ... }`), then `initialized`.
    pub fn initialize_with(&mut self, root: &Path, extra: Value) {
        let uri = ls_types::Uri::from_file_path(root).expect("absolute root").as_str().to_string();
        let mut capabilities =
            json!({ "window": { "workDoneProgress": true }, "general": { "positionEncodings": ["utf-16"] } });
        if let (Some(capabilities), Some(extra)) = (capabilities.as_object_mut(), extra.as_object()) {
            capabilities.extend(extra.clone());
        }
        self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{ "uri": uri, "name": "bench" }],
                "capabilities": capabilities
            }),
        );
        self.notify("initialized", json!({}));
    }

    pub fn wait_for_indexing(&mut self) {
        self.read_until(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    }

    /// Peak resident set size in KiB (`VmHWM`), 0 where `/proc` is not available.
    pub fn peak_rss(&self) -> u64 {
        proc_status_kb(self.child.id(), "VmHWM:")
    }

    pub fn rss(&self) -> u64 {
        proc_status_kb(self.child.id(), "VmRSS:")
    }

    pub fn exit(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
    }
}

pub fn proc_status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}
