//! What the benchmarks share: the corpus, generated corpora, the real server over stdio (through
//! the tests' client, `kep-ls-testkit`), and statistics.

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

pub use kep_ls_testkit::shared::corpus_root;
pub use kep_ls_testkit::temp::copy_tree;
pub use kep_ls_testkit::{Client, TempDir};

/// `times` copies of the real corpus's `keps/` in one tree: every group directory appears as
/// `<group>-<i>` (PRR files follow), so the copies are distinct KEPs.
pub fn generated_corpus(real: &Path, times: usize) -> TempDir {
    let scratch = TempDir::new(&format!("x{times}"));
    let keps = real.join("keps");
    for i in 0..times {
        for entry in std::fs::read_dir(&keps).expect("read corpus").flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name == "prod-readiness" {
                // The SIG directories (prod-readiness/ also holds a README and a template).
                for sig in std::fs::read_dir(entry.path()).expect("read prr").flatten().filter(|e| e.path().is_dir()) {
                    let sig_name = sig.file_name().to_string_lossy().into_owned();
                    copy_tree(&sig.path(), &scratch.path().join("keps/prod-readiness").join(format!("{sig_name}-{i}")));
                }
            } else if entry.path().is_dir() {
                copy_tree(&entry.path(), &scratch.path().join("keps").join(format!("{name}-{i}")));
            }
        }
    }
    if let Ok(text) = std::fs::read_to_string(real.join("OWNERS_ALIASES")) {
        let _ = std::fs::write(scratch.path().join("OWNERS_ALIASES"), text);
    }
    scratch
}

/// A corpus of `keps` small generated KEPs, for machines without `../shared`.
pub fn synthetic_corpus(keps: usize) -> TempDir {
    let scratch = TempDir::new(&format!("synthetic-{keps}"));
    let body: String = (0..40)
        .map(|i| format!("## Section {i}\n\nSome text about the design, with a [link](#section-{i}).\n\n"))
        .collect();
    for n in 0..keps {
        let sig = format!("sig-{}", n % 20);
        let dir = scratch.path().join(format!("keps/{sig}/{n}-generated-kep"));
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

/// The real server in `cwd` over stdio (the tests' client), logging warnings only (its stderr is
/// discarded, but formatting debug lines would cost time in what is measured).
pub fn start(cwd: &Path, args: &[&str]) -> Client {
    Client::spawn(Path::new(env!("CARGO_BIN_EXE_kep-ls")), cwd, args, &[("RUST_LOG", "warn")])
}

/// `initialize` with the capabilities every bench client has, plus `extra` at the top level of
/// the capabilities (`{ "workspace": ... }`), then `initialized`; waits for the end of indexing.
pub fn initialize(server: &mut Client, root: &Path, extra: Value) {
    let mut capabilities =
        json!({ "window": { "workDoneProgress": true }, "general": { "positionEncodings": ["utf-16"] } });
    if let (Some(capabilities), Some(extra)) = (capabilities.as_object_mut(), extra.as_object()) {
        capabilities.extend(extra.clone());
    }
    server.initialize_with_capabilities(root, Value::Null, capabilities);
}
