//! Completion latency on the real corpus (`../shared/corpus`, 656 KEPs): each completion case of
//! kep.yaml and PRR files timed 1,000 times through the core's dispatcher (p50/p99/max), a few
//! hovers, then completion over stdio against the real binary. Skips cleanly without the corpus.
//!
//! Run: `cargo bench --bench completion` (add `-- --quick` for 100 iterations).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kep_ls::ide::features;
use kep_ls::ide::settings::Settings;
use kep_ls::ide::world::World;
use kep_ls::vfs;

#[path = "support/mod.rs"]
mod support;

use support::Client;

/// A real KEP with every kind of key, edited into each case.
const KEP: &str = "keps/sig-node/2400-node-swap/kep.yaml";
const PRR: &str = "keps/prod-readiness/sig-node/2400.yaml";

struct Case {
    name: &'static str,
    /// The file's text with `$0` at the cursor.
    text: String,
    path: &'static str,
}

fn cases(original: &str) -> Vec<Case> {
    let kep = |name, text: String| Case { name, text, path: KEP };
    let replace = |from: &str, to: &str| {
        assert!(original.contains(from), "{from}");
        original.replacen(from, to, 1)
    };
    vec![
        kep("new top-level key", replace("disable-supported: false\n", "$0")),
        kep("partial key `stag`", replace("stage: stable", "stag$0")),
        kep("status: imp", replace("status: implemented", "status: imp$0")),
        kep("status: \"imp\" (quoted)", replace("status: implemented", "status: \"imp$0\"")),
        kep("owning-sig: (groups)", replace("owning-sig: sig-node", "owning-sig: $0")),
        kep("participating-sigs - sig-", replace("  - sig-node\nstatus", "  - sig-$0\nstatus")),
        kep("latest-milestone:", replace("latest-milestone: \"v1.34\"", "latest-milestone: $0")),
        kep("milestone.beta: v1.", replace("  beta: \"v1.30\"", "  beta: v1.$0")),
        kep("new key in milestone", replace("  stable: \"v1.34\"\n", "  $0\n")),
        kep("authors - \"@", replace("  - \"@kannon92\"", "  - \"@$0")),
        kep("reviewers - (empty)", replace("  - \"@harche\"\napprovers", "  - $0\napprovers")),
        kep("feature-gates - (item)", replace("  - name: NodeSwap", "  - $0")),
        kep("components - kube", replace("      - kubelet", "      - kube$0")),
        kep("disable-supported:", replace("disable-supported: false", "disable-supported: $0")),
        kep("see-also - /keps/ (graph)", format!("{original}see-also:\n  - /keps/sig-node/$0\n")),
        kep("empty file (skeleton)", "$0".into()),
        Case { name: "PRR approver:", text: "kep-number: 2400\nbeta:\n  approver: $0\n".into(), path: PRR },
    ]
}

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |q: usize| samples[(samples.len() * q / 100).min(samples.len() - 1)];
    (at(50), at(99), samples[samples.len() - 1])
}

fn micros(d: Duration) -> String {
    format!("{:>8.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let Some(root) = support::corpus_root() else { return };
    let iterations = if std::env::args().any(|a| a == "--quick") { 100 } else { 1000 };
    let started = Instant::now();
    let mut world = World::new(Settings::default());
    vfs::load(&mut world, &vfs::walk_repository(&root));
    if let Ok(owners) = std::fs::read_to_string(root.join("../data/OWNERS_ALIASES")) {
        world.set_file(root.join("OWNERS_ALIASES"), owners);
    }
    let keps = world.kep_files().count();
    println!(
        "loaded {} files ({keps} KEPs) in {:?}; {iterations} iterations per case\n",
        world.len(),
        started.elapsed()
    );

    let original_kep = world.file(&root.join(KEP)).map(|f| f.text.to_string()).expect("the sample KEP");
    let original_prr = world.file(&root.join(PRR)).map(|f| f.text.to_string());
    println!("{:<30} {:>6} {:>11} {:>11} {:>11}", "completion case", "items", "p50", "p99", "max");
    let mut worst_p99 = Duration::ZERO;
    for case in cases(&original_kep) {
        let (text, offset) = kep_ls_testkit::cursor(&case.text);
        let offset = offset.expect("a cursor");
        let path: PathBuf = root.join(case.path);
        world.set_file(path.clone(), text);
        let items = features::completion(&world, &path, offset).len();
        let samples: Vec<Duration> = (0..iterations)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(features::completion(&world, &path, offset));
                t.elapsed()
            })
            .collect();
        let (p50, p99, max) = percentiles(samples);
        worst_p99 = worst_p99.max(p99);
        println!("{:<30} {items:>6} {} {} {}", case.name, micros(p50), micros(p99), micros(max));
    }
    world.set_file(root.join(KEP), original_kep.clone());
    if let Some(text) = original_prr {
        world.set_file(root.join(PRR), text);
    }
    println!("\nworst p99 over the completion cases: {}\n", micros(worst_p99).trim());

    println!("{:<30} {:>6} {:>11} {:>11} {:>11}", "hover", "", "p50", "p99", "max");
    for (name, needle) in
        [("key `owning-sig`", "owning-s"), ("value `implemented`", "status: implem"), ("key `milestone`", "milest")]
    {
        let path = root.join(KEP);
        let offset = original_kep.find(needle).expect("needle") + needle.len();
        let samples: Vec<Duration> = (0..iterations)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(features::hover(&world, &path, offset));
                t.elapsed()
            })
            .collect();
        let (p50, p99, max) = percentiles(samples);
        println!("{name:<30} {:>6} {} {} {}", "", micros(p50), micros(p99), micros(max));
    }

    // VS Code and Neovim 0.11 take the items' shared edit range once (`itemDefaults`); a client
    // that does not declare them gets an edit in every item.
    over_stdio(&root, &original_kep, iterations, "with list defaults (VS Code, Neovim)", true);
    over_stdio(&root, &original_kep, iterations, "without list defaults", false);
}

/// Completion requests to the real binary over stdio (JSON-RPC framing, conversion, pipes included),
/// from a client that declares `completionList.itemDefaults` or not.
fn over_stdio(root: &Path, original: &str, iterations: usize, client_kind: &str, item_defaults: bool) {
    let mut client = support::start(root, &[]);
    let started = Instant::now();
    let mut capabilities = Client::capabilities(&["utf-16"]);
    if item_defaults {
        capabilities["textDocument"]["completion"]["completionList"] =
            serde_json::json!({ "itemDefaults": ["editRange"] });
    }
    client.initialize_with_capabilities(root, serde_json::Value::Null, capabilities);
    println!("\nover stdio, {client_kind}: server indexed the corpus in {:?}", started.elapsed());
    println!("{:<30} {:>6} {:>7} {:>11} {:>11} {:>11}", "completion over stdio", "items", "bytes", "p50", "p99", "max");
    let path = root.join(KEP);
    let uri = client.open(&path, "yaml", original, 1);
    let mut version = 1;
    for case in cases(original).into_iter().filter(|c| c.path == KEP) {
        let (text, offset) = kep_ls_testkit::cursor(&case.text);
        let offset = offset.expect("a cursor");
        let line = text[..offset].matches('\n').count();
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let character = text[line_start..offset].encode_utf16().count();
        version += 1;
        client.change(&uri, version, serde_json::json!([{ "text": text }]));
        // Let the debounced diagnostics of the change run first (they are not published when unchanged).
        let published = |m: &serde_json::Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        };
        let _ = client.try_wait_for(published, Duration::from_millis(500));
        let params = serde_json::json!({
            "textDocument": { "uri": uri },
            "position": { "line": line, "character": character }
        });
        let (mut items, mut bytes) = (0, 0);
        let samples: Vec<Duration> = (0..iterations)
            .map(|_| {
                let (response, elapsed) = client.request_timed("textDocument/completion", params.clone());
                items = response["result"]["items"].as_array().map_or(0, Vec::len);
                bytes = response["result"].to_string().len();
                elapsed
            })
            .collect();
        let (p50, p99, max) = percentiles(samples);
        println!("{:<30} {items:>6} {bytes:>7} {} {} {}", case.name, micros(p50), micros(p99), micros(max));
    }
    let _ = client.shutdown_and_exit();
}
