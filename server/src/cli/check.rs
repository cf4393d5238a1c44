//! `kep-ls check`: finds the `keps/` trees of the given paths, loads them, runs every rule and
//! prints the diagnostics sorted by path, like a compiler, or as JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use serde::Serialize;

use super::config::{self, ConfigFile};
use super::Format;
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::fixes;
use crate::ide::layout::{self, FileKind};
use crate::ide::settings::{RuleLevel, Settings};
use crate::ide::text::Encoding;
use crate::ide::world::World;
use crate::vfs;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, KEP directories, `keps/` trees or repositories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Use this OWNERS_ALIASES for the PRR approver check instead of the one at the repository root.
    #[arg(long, value_name = "FILE")]
    pub owners_aliases: Option<PathBuf>,
    /// Read the groups (SIGs, working groups, ...) from this kubernetes/community sigs.yaml instead of
    /// `sigs-file` of .kep-ls.toml, `../community/sigs.yaml` beside the repository, or the built-in list.
    #[arg(long, value_name = "FILE")]
    pub sigs: Option<PathBuf>,
    /// Set a rule's level, over .kep-ls.toml: `--rule invalid-handle=off` (off, error, warning, info, hint).
    /// Repeatable.
    #[arg(long = "rule", value_name = "CODE=LEVEL", value_parser = config::parse_rule_flag)]
    pub rules: Vec<(String, RuleLevel)>,
    /// Apply every safe fix (tables of contents, renames that cannot be wrong, ...) and report what is left.
    /// Files with YAML syntax errors are never touched.
    #[arg(long)]
    pub fix: bool,
}

/// How deep below a given directory to look for `keps/` trees.
const SEARCH_DEPTH: usize = 3;

/// One printed diagnostic.
#[derive(Serialize)]
struct Reported {
    path: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    code: &'static str,
    message: String,
    #[serde(skip)]
    level: Severity,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    keps: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    hints: usize,
    elapsed_ms: u128,
}

/// Runs the command; returns the process exit code (0 clean, 1 errors found, 2 bad usage).
pub fn run(args: CheckArgs) -> i32 {
    let started = Instant::now();
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    for path in &paths {
        if std::fs::symlink_metadata(path).is_err() {
            eprintln!("kep-ls check: {}: no such file or directory", path.display());
            return 2;
        }
    }
    let mut roots: Vec<PathBuf> = paths.iter().flat_map(|p| vfs::find_roots(p, SEARCH_DEPTH)).collect();
    roots.sort();
    roots.dedup();
    if roots.is_empty() {
        eprintln!("kep-ls check: no keps/ directory found in {}", display_list(&paths));
        return 2;
    }
    let config = match load_config(&roots) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("kep-ls check: {e}");
            return 2;
        }
    };
    let mut settings = Settings::default();
    settings.rules.extend(config.rules);
    settings.rules.extend(args.rules.iter().cloned());
    settings.spelling_allow = config.spelling_allow;
    let mut world = World::new(settings);
    match vfs::find_groups(args.sigs.as_deref().or(config.sigs_file.as_deref()), &roots) {
        Ok((groups, warnings)) => {
            for warning in warnings {
                eprintln!("kep-ls check: {warning}");
            }
            if let Some(groups) = groups {
                world.set_groups(groups);
            }
        }
        Err(e) => {
            eprintln!("kep-ls check: {e}");
            return 2;
        }
    }
    let mut walked = vfs::Walked::default();
    for root in &roots {
        let found = vfs::walk_repository(root);
        walked.files.extend(found.files);
        walked.symlinks.extend(found.symlinks);
    }
    vfs::load(&mut world, &walked);
    let files = &walked.files;
    if let Some(aliases) = &args.owners_aliases {
        match vfs::read_text(aliases) {
            Ok(text) => {
                for root in &roots {
                    world.set_file(root.join(layout::OWNERS_ALIASES), text.as_str());
                }
            }
            Err(e) => {
                eprintln!("kep-ls check: {}: {e}", aliases.display());
                return 2;
            }
        }
    }

    let mut checked: Vec<&PathBuf> =
        files.iter().filter(|f| paths.iter().any(|p| f.starts_with(p) || is_same(f, p))).collect();
    checked.sort();
    if args.fix {
        for path in &checked {
            if let Err(e) = fix_file(&mut world, path) {
                eprintln!("kep-ls check: {}: {e}", path.display());
            }
        }
    }
    let mut summary = Summary { files: checked.len(), ..Summary::default() };
    summary.keps = checked.iter().filter(|p| layout::classify(p) == FileKind::KepYaml).count();
    let reported = diagnose_all(&world, &checked);
    for r in &reported {
        count(&mut summary, r.level);
    }
    summary.elapsed_ms = started.elapsed().as_millis();
    let failed = summary.errors > 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        Format::Human => print_human(&mut out, &reported, &summary),
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "diagnostics": reported, "summary": summary }))
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };
    // The process ends here: freeing the whole world (every file, tree and outline) would take
    // longer than the rest of the output (~35 ms on the real corpus), and the system reclaims it.
    std::mem::forget(world);
    if written.is_err() {
        return 2;
    }
    i32::from(failed)
}

/// The `.kep-ls.toml` of the first repository root that has one.
fn load_config(roots: &[PathBuf]) -> Result<ConfigFile, String> {
    for root in roots {
        let path = root.join(config::FILE_NAME);
        match vfs::read_text(&path) {
            Ok(text) => return ConfigFile::parse(&text, &path),
            Err(vfs::ReadError::Missing) => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(ConfigFile::default())
}

/// The diagnostics of every path as they are printed, computed on all cores (the world is only
/// read), in path order.
fn diagnose_all(world: &World, paths: &[&PathBuf]) -> Vec<Reported> {
    let per_path = crate::parallel::map_in_order(paths, |path| {
        world.diagnostics_for_display(path).iter().map(|d| report(world, path, d)).collect::<Vec<_>>()
    });
    per_path.into_iter().flatten().collect()
}

/// Passes of fixing per file: a fix can reveal another (a renamed key, then its value).
const FIX_PASSES: usize = 3;

/// Applies the safe fixes of one file, writes it, and says on stderr what changed.
fn fix_file(world: &mut World, path: &Path) -> std::io::Result<()> {
    let mut applied: Vec<&'static str> = Vec::new();
    for _ in 0..FIX_PASSES {
        let diagnostics = world.diagnostics(path);
        if diagnostics.iter().any(|d| d.code == "yaml-syntax" || d.code == "unreadable-file") {
            if applied.is_empty() {
                eprintln!("not fixed: {} (it does not parse; fix the syntax error first)", path.display());
            }
            break;
        }
        let edits = fixes::safe_edits(path, &diagnostics);
        if edits.is_empty() {
            break;
        }
        applied.extend(diagnostics.iter().filter(|d| d.fixes.iter().any(|f| f.safe)).map(|d| d.code));
        let Some(file) = world.file(path) else { break };
        let text = fixes::apply(&file.text, &edits);
        std::fs::write(path, &text)?;
        world.set_file(path.to_path_buf(), text);
    }
    if !applied.is_empty() {
        applied.sort_unstable();
        applied.dedup();
        eprintln!("fixed: {} ({})", path.display(), applied.join(", "));
    }
    Ok(())
}

fn is_same(a: &Path, b: &Path) -> bool {
    a.components().eq(b.components())
}

fn count(summary: &mut Summary, severity: Severity) {
    match severity {
        Severity::Error => summary.errors += 1,
        Severity::Warning => summary.warnings += 1,
        Severity::Information => summary.infos += 1,
        Severity::Hint => summary.hints += 1,
    }
}

fn report(world: &World, path: &Path, d: &Diagnostic) -> Reported {
    let (start, end) = match world.file(path) {
        Some(file) => {
            let index = file.line_index();
            (
                index.line_col(&file.text, d.range.start, Encoding::Utf32),
                index.line_col(&file.text, d.range.end, Encoding::Utf32),
            )
        }
        None => Default::default(),
    };
    Reported {
        path: path.display().to_string(),
        line: start.line + 1,
        column: start.col + 1,
        end_line: end.line + 1,
        end_column: end.col + 1,
        severity: d.severity.label(),
        level: d.severity,
        code: d.code,
        message: d.message.clone(),
    }
}

fn print_human(out: &mut impl Write, reported: &[Reported], summary: &Summary) -> std::io::Result<()> {
    for r in reported {
        writeln!(out, "{}:{}:{}: {}[{}]: {}", r.path, r.line, r.column, r.severity, r.code, r.message)?;
    }
    writeln!(
        out,
        "checked {} files ({} KEPs): {} {}, {} {}, {} info, {} {} in {} ms",
        summary.files,
        summary.keps,
        summary.errors,
        plural(summary.errors, "error"),
        summary.warnings,
        plural(summary.warnings, "warning"),
        summary.infos,
        summary.hints,
        plural(summary.hints, "hint"),
        summary.elapsed_ms
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn display_list(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}
