//! Latency and memory on the real corpus (or a synthetic one when `../shared` is absent):
//! a. one keystroke → diagnostics, in process (analysis only) and end to end over stdio, on the
//!    largest README and the largest kep.yaml, p50/p99 over 1,000 edits typed into the middle;
//! a'. with the default debounce (75 ms), on the largest README: an edit that removes a problem →
//!    the cleared diagnostic (published at once), and an edit that adds one → its diagnostic
//!    (published after the debounce), p50/p99 over 300 of each;
//! c. `kep-ls check` on the corpus against its floor (reading the files and running the YAML
//!    parser and pulldown-cmark alone over them, on all cores);
//! d. requests on the indexed corpus over stdio, p50/p99 over 1,000 each;
//! e. resident memory with the corpus indexed and ten large documents open, and after 10,000 edits;
//! f. a pathological 8.3 MB one-line kep.yaml of 500,000 keys open beside a small one: a keystroke
//!    on it → its diagnostics, and meanwhile a keystroke on the small one → the small one's
//!    diagnostics (the huge file is parsed off the protocol thread), and the peak memory.
//! (b, cold start, is `benches/index.rs`.)
//!
//! Run: `cargo bench --bench latency` (`-- cleared` for a'. alone; also keystroke, check,
//! requests, memory, huge). The server runs with `--debounce-ms 0`, so the end-to-end numbers are
//! edit sent → publish received with no debounce to subtract.

#[path = "support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kep_ls::ide::layout::{self, FileKind};
use kep_ls::ide::world::World;
use kep_ls::vfs;
use serde_json::{json, Value};
use support::{corpus_root, mb, ms, percentile, synthetic_corpus, us, Client};

const EDITS: usize = 1_000;
const REQUESTS: usize = 1_000;
const TYPED: &str = "the quick brown fox jumps over the lazy dog ";

fn main() {
    let synthetic;
    let root = match corpus_root() {
        Some(root) => root,
        None => {
            eprintln!("../shared/corpus is absent: measuring a synthetic corpus");
            synthetic = synthetic_corpus(656);
            synthetic.path().to_path_buf()
        }
    };
    let walked = vfs::walk_repository(&root);
    let largest = |kind: FileKind| -> PathBuf {
        walked
            .files
            .iter()
            .filter(|f| layout::classify(f) == kind)
            .max_by_key(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
            .cloned()
            .expect("a file of that kind")
    };
    let readme = largest(FileKind::Readme);
    let kep_yaml = largest(FileKind::KepYaml);
    // `cargo bench --bench latency -- cleared` runs only the measurements whose name has `cleared`.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let wanted = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    println!("| measurement | p50 | p99 |\n|---|---|---|");
    if wanted("keystroke") {
        keystroke_in_process(&root, &readme);
        keystroke_in_process(&root, &kep_yaml);
        keystroke_over_stdio(&root, &readme);
        keystroke_over_stdio(&root, &kep_yaml);
    }
    if wanted("cleared") {
        cleared_and_added_over_stdio(&root, &readme);
    }
    if wanted("check") {
        check_against_floor(&root);
    }
    if wanted("requests") {
        requests(&root);
    }
    if wanted("memory") {
        memory(&root, &walked.files);
    }
    if wanted("huge") {
        huge_beside_small();
    }
}

fn row(name: &str, samples: &mut [Duration]) {
    println!("| {name} | {} µs | {} µs |", us(percentile(samples, 50)), us(percentile(samples, 99)));
}

fn size(path: &Path) -> String {
    format!("{} KB", std::fs::metadata(path).map(|m| m.len() / 1024).unwrap_or(0))
}

/// Where the typing happens: the start of the line in the middle of the file.
fn middle(text: &str) -> (usize, u32) {
    let line = text.lines().count() as u32 / 2;
    let offset = text.split_inclusive('\n').take(line as usize).map(str::len).sum();
    (offset, line)
}

fn keystroke_in_process(root: &Path, path: &Path) {
    let mut world = World::default();
    vfs::load(&mut world, &vfs::walk_repository(root));
    let mut text = std::fs::read_to_string(path).expect("read");
    let (mut at, _) = middle(&text);
    let mut samples = Vec::with_capacity(EDITS);
    for c in TYPED.chars().cycle().take(EDITS) {
        text.insert(at, c);
        at += c.len_utf8();
        let started = Instant::now();
        world.set_file(path.to_path_buf(), text.as_str());
        let diagnostics = kep_ls::ide::features::diagnostics(&world, path);
        samples.push(started.elapsed());
        std::hint::black_box(diagnostics);
    }
    row(&format!("keystroke, analysis only: {} ({})", short(path), size(path)), &mut samples);
}

fn short(path: &Path) -> String {
    layout::place(path).map_or_else(|| path.display().to_string(), |p| p.rel)
}

fn indexed_server(root: &Path) -> Client {
    let mut server = support::start(root, &["--debounce-ms", "0"]);
    support::initialize(&mut server, root, json!({}));
    server
}

fn open(server: &mut Client, path: &Path) -> String {
    let uri = ls_types::Uri::from_file_path(path).expect("absolute path").as_str().to_string();
    let text = std::fs::read_to_string(path).expect("read");
    let language = if path.extension().is_some_and(|e| e == "md") { "markdown" } else { "yaml" };
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
    );
    let wanted = uri.clone();
    server.read_until(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == wanted.as_str()
            && m["params"]["version"] == 1
    });
    uri
}

fn keystroke_over_stdio(root: &Path, path: &Path) {
    let mut server = indexed_server(root);
    let uri = open(&mut server, path);
    let text = std::fs::read_to_string(path).expect("read");
    let (_, line) = middle(&text);
    let mut samples = Vec::with_capacity(EDITS);
    for (i, c) in TYPED.chars().cycle().take(EDITS).enumerate() {
        let version = i as i64 + 2;
        let position = json!({ "line": line, "character": i });
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "range": { "start": position, "end": position }, "text": c.to_string() }] }),
        );
        let wanted = uri.clone();
        server.read_until(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == wanted.as_str()
                && m["params"]["version"] == version
        });
        samples.push(server.last_arrival().duration_since(started));
    }
    row(&format!("keystroke → diagnostics over stdio: {} ({})", short(path), size(path)), &mut samples);
    server.shutdown_and_exit();
}

/// A broken anchor link typed into the middle of the README and deleted again, 300 times, with the
/// server's default debounce: the time to the publish of each version, split by what the edit did.
fn cleared_and_added_over_stdio(root: &Path, path: &Path) {
    const ROUNDS: usize = 300;
    const BROKEN: &str = "[x](#no-such-heading-kep-ls-bench) ";
    let mut server = support::start(root, &[]);
    support::initialize(&mut server, root, json!({}));
    let uri = open(&mut server, path);
    let text = std::fs::read_to_string(path).expect("read");
    let (_, line) = middle(&text);
    let start = json!({ "line": line, "character": 0 });
    let end = json!({ "line": line, "character": BROKEN.len() });
    let (mut added, mut cleared) = (Vec::with_capacity(ROUNDS), Vec::with_capacity(ROUNDS));
    let mut version = 1;
    let mut problems = None;
    for round in 0..ROUNDS * 2 {
        version += 1;
        let adds = round % 2 == 0;
        let change = if adds {
            json!({ "range": { "start": start, "end": start }, "text": BROKEN })
        } else {
            json!({ "range": { "start": start, "end": end }, "text": "" })
        };
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
        let wanted = uri.clone();
        let published = server.read_until(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == wanted.as_str()
                && m["params"]["version"] == version
        });
        let elapsed = server.last_arrival().duration_since(started);
        let count = published["params"]["diagnostics"].as_array().map_or(0, Vec::len);
        match problems {
            Some(before) if adds => assert!(count > before, "the broken link is flagged"),
            _ => {}
        }
        problems = Some(count);
        if adds {
            added.push(elapsed);
        } else {
            cleared.push(elapsed);
        }
    }
    let name = format!("{} ({}), debounce 75 ms", short(path), size(path));
    row(&format!("edit removing a problem → cleared diagnostic: {name}"), &mut cleared);
    row(&format!("edit adding a problem → its diagnostic: {name}"), &mut added);
    server.shutdown_and_exit();
}

fn check_against_floor(root: &Path) {
    let keps = root.join("keps");
    let mut check = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_kep-ls"))
            .args(["check", "--format", "json"])
            .arg(&keps)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run check");
        std::hint::black_box(status);
        check.push(started.elapsed());
    }
    let mut floor = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        parse_only(root);
        floor.push(started.elapsed());
    }
    let (check, floor) = (percentile(&mut check, 50), percentile(&mut floor, 50));
    println!("| `kep-ls check` on the corpus (whole process) | {} ms | |", ms(check));
    println!("| floor: walk + read + YAML parser + pulldown-cmark, all cores | {} ms | |", ms(floor));
    println!("| ratio check / floor | {:.2} | |", check.as_secs_f64() / floor.as_secs_f64());
}

/// Reading every file and running the two parsers alone over them, on all cores.
fn parse_only(root: &Path) {
    let files = vfs::walk_repository(root).files;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = files.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in files.chunks(chunk) {
            scope.spawn(move || {
                for path in part {
                    let Ok(text) = std::fs::read_to_string(path) else { continue };
                    if path.extension().is_some_and(|e| e == "md") {
                        std::hint::black_box(pulldown_cmark::Parser::new(&text).count());
                    } else {
                        std::hint::black_box(kep_ls::ide::yaml::parse(&text));
                    }
                }
            });
        }
    });
}

fn requests(root: &Path) {
    let mut server = indexed_server(root);
    // A kep.yaml whose first see-also entry resolves, so hover and definition have a target.
    let referrer = first_with_resolving_see_also(root);
    let uri = open(&mut server, &referrer);
    let text = std::fs::read_to_string(&referrer).expect("read");
    let position_of = |needle: &str| -> Value {
        let (line, col) = text.lines().enumerate().find_map(|(i, l)| l.find(needle).map(|c| (i, c))).unwrap_or((0, 0));
        json!({ "line": line, "character": col + needle.len().min(3) })
    };
    let reference = text
        .lines()
        .skip_while(|l| !l.starts_with("see-also:"))
        .nth(1)
        .map(|l| l.trim_start_matches([' ', '-', '"']).chars().take(12).collect::<String>())
        .unwrap_or_default();
    let at_reference = position_of(&reference);
    let at_status = position_of("status: ");
    let cases: Vec<(&str, &str, Value)> = vec![
        (
            "completion of a status value",
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": { "line": at_status["line"], "character": 8 } }),
        ),
        (
            "completion in a see-also item (every KEP)",
            "textDocument/completion",
            json!({ "textDocument": { "uri": uri }, "position": at_reference }),
        ),
        (
            "hover on a see-also reference",
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at_reference }),
        ),
        (
            "definition of a see-also reference",
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri }, "position": at_reference }),
        ),
        (
            "references of a KEP",
            "textDocument/references",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 }, "context": { "includeDeclaration": true } }),
        ),
        ("workspace symbols `pod`", "workspace/symbol", json!({ "query": "pod" })),
    ];
    for (name, method, params) in cases {
        timed_requests(&mut server, name, method, &params);
    }
    server.shutdown_and_exit();
    // A client that resolves symbol ranges on demand, as VS Code does, gets each symbol's file only.
    let mut server = support::start(root, &["--debounce-ms", "0"]);
    support::initialize(
        &mut server,
        root,
        json!({ "workspace": { "symbol": { "resolveSupport": { "properties": ["location.range"] } } } }),
    );
    let name = "workspace symbols `pod`, ranges resolved on demand";
    timed_requests(&mut server, name, "workspace/symbol", &json!({ "query": "pod" }));
    server.shutdown_and_exit();
}

/// `REQUESTS` times the same request: one row with its p50 and p99.
fn timed_requests(server: &mut Client, name: &str, method: &str, params: &Value) {
    let mut samples = Vec::with_capacity(REQUESTS);
    let mut size = 0;
    for _ in 0..REQUESTS {
        let (reply, latency) = server.request_timed(method, params.clone());
        samples.push(latency);
        size = reply["result"]
            .as_array()
            .map(Vec::len)
            .or_else(|| reply["result"]["items"].as_array().map(Vec::len))
            .unwrap_or(usize::from(!reply["result"].is_null()));
    }
    row(&format!("{name} ({size} results)"), &mut samples);
}

fn first_with_resolving_see_also(root: &Path) -> PathBuf {
    let first_see_also = |text: &str| -> Option<String> {
        let line = text.lines().skip_while(|l| !l.starts_with("see-also:")).nth(1)?;
        Some(line.trim_start_matches([' ', '-']).trim_matches('"').to_string())
    };
    let mut files = vfs::walk_repository(root).files;
    files.sort();
    files
        .into_iter()
        .find(|f| {
            layout::classify(f) == FileKind::KepYaml
                && std::fs::read_to_string(f)
                    .ok()
                    .and_then(|t| first_see_also(&t))
                    .is_some_and(|target| target.starts_with("/keps/") && root.join(&target[1..]).is_dir())
        })
        .expect("a kep.yaml with a resolving see-also entry")
}

fn memory(root: &Path, files: &[PathBuf]) {
    let mut server = indexed_server(root);
    let indexed = server.rss_kb();
    let mut readmes: Vec<&PathBuf> = files.iter().filter(|f| layout::classify(f) == FileKind::Readme).collect();
    readmes.sort_by_key(|f| std::cmp::Reverse(std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)));
    let uris: Vec<String> = readmes.iter().take(10).map(|f| open(&mut server, f)).collect();
    let opened = server.rss_kb();
    let text = std::fs::read_to_string(readmes[0]).expect("read");
    let (_, line) = middle(&text);
    let mut version = 1;
    let mut after_1000 = 0;
    for i in 0..10_000 {
        version += 1;
        let position = json!({ "line": line, "character": i % 200 });
        let change = if i % 2 == 0 {
            json!({ "range": { "start": position, "end": position }, "text": "x" })
        } else {
            json!({ "range": { "start": position, "end": { "line": line, "character": i % 200 + 1 } }, "text": "" })
        };
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uris[0], "version": version }, "contentChanges": [change] }),
        );
        if i == 999 {
            let wanted = (uris[0].clone(), version);
            server.read_until(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == wanted.0.as_str()
                    && m["params"]["version"] == wanted.1
            });
            after_1000 = server.rss_kb();
        }
    }
    let wanted = (uris[0].clone(), version);
    server.read_until(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == wanted.0.as_str()
            && m["params"]["version"] == wanted.1
    });
    let after = server.rss_kb();
    println!("| resident memory: corpus indexed | {} MB | |", mb(indexed));
    println!("| resident memory: + 10 largest READMEs open | {} MB | |", mb(opened));
    println!("| resident memory: after 1,000 / 10,000 edits | {} MB / {} MB | |", mb(after_1000), mb(after));
    println!("| peak resident memory | {} MB | |", mb(server.peak_rss_kb()));
    server.shutdown_and_exit();
}

/// f.: the huge file's keystrokes must not hold up the small file's.
fn huge_beside_small() {
    const ROUNDS: usize = 5;
    let scratch = support::TempDir::new("huge");
    let huge_path = scratch.path().join("keps/sig-node/1-huge/kep.yaml");
    let small_path = scratch.path().join("keps/sig-node/2-small/kep.yaml");
    let mut huge_text = String::from("{");
    for n in 0..500_000 {
        huge_text.push_str(&format!("k{n}: {n}, "));
    }
    huge_text.push('}');
    let small_text = "title: Small\nkep-number: 2\nstatus: provisional\n";
    for (path, text) in [(&huge_path, huge_text.as_str()), (&small_path, small_text)] {
        std::fs::create_dir_all(path.parent().expect("a directory")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let mut server = indexed_server(scratch.path());
    let started = Instant::now();
    let huge = open(&mut server, &huge_path);
    let opened = started.elapsed();
    let small = open(&mut server, &small_path);
    let published = |server: &mut support::Client, uri: &str, version: i64| {
        server.read_until(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        server.last_arrival()
    };
    let (mut small_samples, mut huge_samples) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let version = round as i64 + 2;
        let at = json!({ "line": 0, "character": 1 });
        let started = Instant::now();
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": huge, "version": version }, "contentChanges": [{ "range": { "start": at, "end": at }, "text": " " }] }),
        );
        server.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": small, "version": version }, "contentChanges": [{ "range": { "start": at, "end": at }, "text": "x" }] }),
        );
        small_samples.push(published(&mut server, &small, version).duration_since(started));
        huge_samples.push(published(&mut server, &huge, version).duration_since(started));
    }
    let name = format!("{} KB one-line kep.yaml", huge_text.len() / 1000);
    println!("| open → diagnostics: {name} | {} ms | |", ms(opened));
    row(&format!("keystroke → diagnostics: {name}"), &mut huge_samples);
    row("keystroke on a small kep.yaml meanwhile → its diagnostics", &mut small_samples);
    let peak = server.peak_rss_kb();
    println!(
        "| peak resident memory with the {name} | {} MB ({:.0}× the file) | |",
        mb(peak),
        peak as f64 * 1024.0 / huge_text.len() as f64
    );
    server.shutdown_and_exit();
}
