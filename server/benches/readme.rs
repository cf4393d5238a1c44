//! Benchmark of the README analysis on the largest real README (170 KB): every rule and the outline features
//! (symbols, folding, lenses, the TOC action) from a fresh parse, and after one keystroke. Run with
//! `cargo bench --bench readme`; skips cleanly when the corpus (`../shared/corpus`) is absent.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use kep_ls::ide::features;
use kep_ls::ide::markdown::{outline::Outline, toc};
use kep_ls::ide::rules::misspelling;
use kep_ls::ide::world::World;

const ITERATIONS: usize = 200;

/// `$KEP_CORPUS` (another corpus's `keps/`), else the real corpus beside the repository.
fn corpus_keps() -> Option<PathBuf> {
    match std::env::var_os("KEP_CORPUS") {
        Some(dir) => Some(PathBuf::from(dir)).filter(|d| d.is_dir()),
        None => kep_ls_testkit::shared::corpus_keps(),
    }
}

fn largest_readme(dir: &Path) -> Option<(PathBuf, u64)> {
    let mut best: Option<(PathBuf, u64)> = None;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).ok()?.flatten() {
            let path = entry.path();
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "README.md")
                && best.as_ref().is_none_or(|(_, size)| meta.len() > *size)
            {
                best = Some((path, meta.len()));
            }
        }
    }
    best
}

/// Everything an editor asks of a README after a change: diagnostics (all rules) and the outline features.
fn full_analysis(world: &World, path: &Path) -> usize {
    kep_ls::ide::features::diagnostics(world, path).len()
        + features::document_symbols(world, path).len()
        + features::folding_ranges(world, path).len()
        + features::code_lenses(world, path).len()
        + features::source_actions(world, path).len()
}

fn measure(name: &str, mut run: impl FnMut(usize) -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(ITERATIONS);
    let mut sink = 0;
    for i in 0..ITERATIONS {
        let started = Instant::now();
        sink += run(i);
        times.push(started.elapsed());
    }
    times.sort();
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{name:<52} median {:>8.0} µs   p95 {:>8.0} µs   min {:>8.0} µs   ({sink})",
        micros(times[ITERATIONS / 2]),
        micros(times[ITERATIONS * 95 / 100]),
        micros(times[0]),
    );
}

fn main() {
    let Some(keps) = corpus_keps() else { return };
    let Some((readme, size)) = largest_readme(&keps) else {
        println!("skipping: no README.md in {}", keps.display());
        return;
    };
    let text = std::fs::read_to_string(&readme).expect("readable README");
    let mut world = World::default();
    for path in [
        readme.with_file_name("kep.yaml"),
        keps.join("NNNN-kep-template/README.md"),
        keps.join("NNNN-kep-template/kep.yaml"),
    ] {
        if let Ok(other) = std::fs::read_to_string(&path) {
            world.set_file(path, other);
        }
    }
    println!("{} ({size} bytes), {ITERATIONS} runs each", readme.display());

    measure("outline only (Outline::of)", |_| Outline::of(&text).headings.len());
    measure("mdtoc headings only (toc::headings)", |_| toc::headings(&text).len());
    measure("TOC check only (toc::check)", |_| usize::from(toc::check(&text) == toc::TocStatus::UpToDate));
    measure("misspelling scan only (misspelling::find)", |_| misspelling::find(&text).len());
    measure("full analysis, fresh parse", |_| {
        world.set_file(readme.clone(), text.as_str());
        full_analysis(&world, &readme)
    });
    // One keystroke in the middle of the text: a new version of the file, analysed again.
    let middle = text.len() / 2;
    let middle = (middle..text.len()).find(|&i| text.is_char_boundary(i) && text[i..].starts_with('\n')).unwrap_or(0);
    let typed = format!("{}x{}", &text[..middle], &text[middle..]);
    measure("misspelling scan after a keystroke (find_in_file)", |i| {
        misspelling::find_in_file(if i % 2 == 0 { typed.as_str() } else { text.as_str() }, &readme).len()
    });
    measure("one keystroke: new version + full analysis", |i| {
        world.set_file(readme.clone(), if i % 2 == 0 { typed.as_str() } else { text.as_str() });
        full_analysis(&world, &readme)
    });
    measure("same version again (outline cached)", |_| full_analysis(&world, &readme));
}
