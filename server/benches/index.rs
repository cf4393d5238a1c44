//! Cold indexing: the real corpus (`../shared/corpus`, when present) and a generated corpus ten
//! times larger, loaded in process and by the real server over stdio (process start →
//! `initialize` → end of `$/progress`), with the server's peak resident memory.
//!
//! Run: `cargo bench --bench index` (release build). Prints one table.

#[path = "support/mod.rs"]
mod support;

use std::path::Path;
use std::time::Instant;

use serde_json::json;

use kep_ls::ide::world::World;
use kep_ls::vfs;
use support::{corpus_root, generated_corpus, mb, ms, percentile};

const RUNS: usize = 5;

fn main() {
    let Some(real) = corpus_root() else {
        eprintln!("generating a synthetic corpus instead");
        let synthetic = support::synthetic_corpus(656);
        report("synthetic (656 KEPs)", synthetic.path());
        return;
    };
    report("real corpus", &real);
    let tenfold = generated_corpus(&real, 10);
    report("generated, 10× the real corpus", tenfold.path());
}

fn report(name: &str, root: &Path) {
    let walked = vfs::walk_repository(root);
    let bytes: u64 = walked.files.iter().filter_map(|f| std::fs::metadata(f).ok()).map(|m| m.len()).sum();
    let mut in_process = Vec::new();
    let mut keps = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut world = World::default();
        vfs::load(&mut world, &vfs::walk_repository(root));
        in_process.push(started.elapsed());
        keps = world.kep_files().count();
    }
    let mut cold = Vec::new();
    let mut peak = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut server = support::start(root, &[]);
        support::initialize(&mut server, root, json!({}));
        cold.push(started.elapsed());
        peak = peak.max(server.peak_rss_kb());
        server.shutdown_and_exit();
    }
    println!("{name}: {keps} KEPs, {} files, {:.1} MB", walked.files.len(), bytes as f64 / 1e6);
    println!("  load into the core (walk + read + parse, both cores): p50 {} ms", ms(percentile(&mut in_process, 50)));
    println!(
        "  server cold start → indexed (over stdio):            p50 {} ms, max {} ms",
        ms(percentile(&mut cold, 50)),
        ms(percentile(&mut cold, 100))
    );
    println!("  server peak resident memory:                          {} MB", mb(peak));
}
