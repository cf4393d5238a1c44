//! `kep-ls check`: finds the `keps/` trees of the given paths, loads them, runs every rule and
//! prints the diagnostics sorted by path, like a compiler, or as JSON.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::config::{self, ConfigFile};
use super::{output, Format};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::fixes;
use crate::ide::kep::usage::Release;
use crate::ide::layout::{self, FileKind};
use crate::ide::settings::{RuleLevel, Settings};
use crate::ide::text::Encoding;
use crate::ide::world::World;
use crate::safe_write;
use crate::vfs;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, KEP directories, `keps/` trees or repositories to check (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Use this OWNERS_ALIASES for the PRR approver and SIG Node tech-lead checks instead of the one at the repository root.
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
    /// The upcoming Kubernetes release, for SIG Node's tech-lead rule and `release-readiness`, over
    /// `upcoming-release` of .kep-ls.toml (default: the highest `latest-milestone` of the checked trees).
    #[arg(long, value_name = "RELEASE", value_parser = config::parse_release)]
    pub upcoming_release: Option<Release>,
    /// Apply every safe fix (tables of contents, renames that cannot be wrong, ...) and report what is left.
    /// Files with YAML syntax errors are never touched.
    #[arg(long)]
    pub fix: bool,
    /// Report only diagnostics of this severity or worse (error, warning, info, hint); the summary
    /// and the exit status still count every one.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity, default_value = "hint")]
    pub min_severity: Severity,
    /// Exit with 1 when there is an error (`error`, the default) or an error or a warning (`warning`).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Print only the summary (human and github formats).
    #[arg(long, short)]
    pub quiet: bool,
    /// Also check `keps/NNNN-kep-template` (skipped by default, unless named: it is full of placeholders).
    #[arg(long)]
    pub include_template: bool,
    /// Report the authoring advice (template-section-missing, title-number-missing, stage-fields-missing,
    /// reference-form) on implemented, withdrawn, rejected, replaced and deferred KEPs too.
    #[arg(long)]
    pub all_advice: bool,
}

/// What makes `check` exit with 1.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Any error.
    #[default]
    Error,
    /// Any error or warning.
    Warning,
}

fn parse_severity(word: &str) -> Result<Severity, String> {
    Severity::parse(word).ok_or_else(|| format!("expected error, warning, info or hint, found `{word}`"))
}

/// One printed diagnostic.
#[derive(Serialize)]
pub(super) struct Reported {
    pub(super) path: String,
    pub(super) line: u32,
    pub(super) column: u32,
    pub(super) end_line: u32,
    pub(super) end_column: u32,
    pub(super) severity: &'static str,
    pub(super) code: &'static str,
    pub(super) message: String,
    #[serde(skip)]
    pub(super) level: Severity,
    /// The safe fixes (only gathered for SARIF).
    #[serde(skip)]
    pub(super) fixes: Vec<ReportedFix>,
}

/// A safe fix, its edits in printed coordinates.
pub(super) struct ReportedFix {
    pub(super) title: String,
    /// (path as printed, start line, start column, end line, end column, new text); 1-based, end exclusive.
    pub(super) edits: Vec<(String, u32, u32, u32, u32, String)>,
}

#[derive(Serialize, Default)]
pub(super) struct Summary {
    pub(super) files: usize,
    pub(super) keps: usize,
    pub(super) errors: usize,
    pub(super) warnings: usize,
    pub(super) infos: usize,
    pub(super) hints: usize,
    pub(super) elapsed_ms: u128,
}

/// Runs the command; returns the process exit code (0 clean, 1 errors found, 2 bad usage).
pub fn run(args: CheckArgs) -> i32 {
    let started = Instant::now();
    let typed = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    // Paths as people type them (`README.md` inside a KEP, `../x`, `a/../b`) are made absolute with `..`
    // resolved, so the `keps/` tree above them is found; a link is refused first (see below).
    let mut paths = Vec::new();
    for path in &typed {
        match std::fs::symlink_metadata(path) {
            Err(_) => {
                eprintln!("kep-ls check: {}: no such file or directory", path.display());
                return 2;
            }
            Ok(meta) if meta.file_type().is_symlink() => {
                // Upstream's tools read the link itself, as git stores it, not its target: checking the
                // target instead would pass what CI rejects, and checking nothing would say "0 files".
                let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
                eprintln!(
                    "kep-ls check: {} is a symbolic link (to {}): kep-ls never follows links; check the file itself",
                    output::escape(&path.display().to_string()),
                    output::escape(&target)
                );
                return 2;
            }
            Ok(meta) if meta.is_file() && vfs::reached_through_link(path) => {
                eprintln!(
                    "kep-ls check: {} is reached through a symbolic link to a directory: kep-ls never follows links; \
                     check the file itself",
                    output::escape(&path.display().to_string())
                );
                return 2;
            }
            Ok(_) => match std::fs::canonicalize(path) {
                Ok(path) => paths.push(path),
                Err(_) => {
                    eprintln!("kep-ls check: {}: no such file or directory", path.display());
                    return 2;
                }
            },
        }
    }
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).unwrap_or_default();
    let roots = vfs::roots_of(paths.iter().map(PathBuf::as_path));
    if roots.is_empty() {
        eprintln!("kep-ls check: no keps/ directory found in {}", display_list(&typed));
        return 2;
    }
    let config = match load_config(&roots) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("kep-ls check: {e}");
            return 2;
        }
    };
    let mut settings = Settings {
        all_advice: args.all_advice || config.all_advice,
        overrides: config.overrides,
        ..Settings::default()
    };
    settings.rules.extend(config.rules);
    settings.rules.extend(args.rules.iter().cloned());
    settings.upcoming_release = args.upcoming_release.or(config.upcoming_release);
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

    let mut checked: Vec<&PathBuf> = files
        .iter()
        .filter(|f| paths.iter().any(|p| f.starts_with(p)))
        .filter(|f| args.include_template || !in_template(f) || paths.iter().any(|p| in_template(p)))
        .collect();
    checked.sort();
    let mut fix_failed = false;
    if args.fix {
        for path in &checked {
            let root = roots.iter().filter(|r| path.starts_with(r)).max_by_key(|r| r.components().count());
            let Some(root) = root else { continue };
            if let Err(e) = fix_file(&mut world, root, path) {
                eprintln!("kep-ls check: {}", output::escape(&e.to_string()));
                fix_failed = true;
            }
        }
    }
    let mut summary = Summary { files: checked.len(), ..Summary::default() };
    summary.keps = checked.iter().filter(|p| layout::classify(p) == FileKind::KepYaml).count();
    let mut reported = diagnose_all(&world, &checked, &cwd, args.format == Format::Sarif);
    for r in &reported {
        count(&mut summary, r.level);
    }
    let failed = match args.fail_on {
        FailOn::Error => summary.errors > 0,
        FailOn::Warning => summary.errors + summary.warnings > 0,
    };
    let by_rule = per_rule(&reported);
    reported.retain(|r| r.level <= args.min_severity);
    summary.elapsed_ms = started.elapsed().as_millis();
    let failed = failed || fix_failed;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Human => print_human(&mut out, if args.quiet { &[] } else { &reported }, &by_rule, &summary),
        Format::Github => {
            super::github::print(&mut out, if args.quiet { &[] } else { &reported }, &summary_line(&summary))
        }
        Format::Sarif => super::sarif::print(&mut out, &reported),
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "diagnostics": reported, "summary": summary }))
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
    }
    .and_then(|()| out.flush());
    // The process ends here: freeing the whole world (every file, tree and outline) would take
    // longer than the rest of the output (~35 ms on the real corpus), and the system reclaims it.
    std::mem::forget(world);
    if let Err(e) = written {
        return output::report_failure("check", &e);
    }
    i32::from(failed)
}

/// The `.kep-ls.toml` of the first repository root that has one. Its `sigs-file` must lie in the
/// repository or beside it (below the repository's parent, like `../community/sigs.yaml`): a
/// repository someone else wrote must not make kep-ls read any file on the disk.
pub(crate) fn load_config(roots: &[PathBuf]) -> Result<ConfigFile, String> {
    for root in roots {
        let path = root.join(config::FILE_NAME);
        match vfs::read_text(&path) {
            Ok(text) => {
                let config = ConfigFile::parse(&text, &path)?;
                if let Some(sigs) = &config.sigs_file {
                    config::confine(sigs, root).map_err(|e| format!("{}: sigs-file: {e}", path.display()))?;
                }
                return Ok(config);
            }
            Err(vfs::ReadError::Missing) => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(ConfigFile::default())
}

/// The diagnostics of every path as they are printed, computed on all cores (the world is only
/// read), in path order.
fn diagnose_all(world: &World, paths: &[&PathBuf], cwd: &Path, with_fixes: bool) -> Vec<Reported> {
    let per_path = crate::parallel::map_in_order(paths, |path| {
        let diagnostics = if with_fixes {
            crate::ide::features::diagnostics(world, path)
        } else {
            crate::ide::features::diagnostics_for_display(world, path)
        };
        diagnostics.iter().map(|d| report(world, path, d, cwd)).collect::<Vec<_>>()
    });
    per_path.into_iter().flatten().collect()
}

/// Passes of fixing per file: a fix can reveal another (a renamed key, then its value).
const FIX_PASSES: usize = 3;

/// Applies the safe fixes of one file, writes it (atomically, never through a link, never over a
/// file that changed since it was read), and says on stderr what changed and what was left.
fn fix_file(world: &mut World, root: &Path, path: &Path) -> Result<(), safe_write::WriteError> {
    let shown = || output::escape(&shown(path)).into_owned();
    let Some(original) = world.file(path).map(|f| f.text.clone()) else { return Ok(()) };
    let mut text = original.to_string();
    let mut applied: Vec<&'static str> = Vec::new();
    for _ in 0..FIX_PASSES {
        let diagnostics = crate::ide::features::diagnostics(world, path);
        if diagnostics.iter().any(|d| d.code == "yaml-syntax" || d.code == "unreadable-file") {
            if applied.is_empty() {
                eprintln!("not fixed: {} (it does not parse; fix the syntax error first)", shown());
            }
            break;
        }
        let edits = fixes::safe_edits(path, &diagnostics);
        if edits.is_empty() {
            break;
        }
        applied.extend(diagnostics.iter().filter(|d| d.fixes.iter().any(|f| f.safe)).map(|d| d.code));
        text = fixes::apply(&text, &edits);
        world.set_file(path.to_path_buf(), text.as_str());
    }
    for d in crate::ide::features::diagnostics(world, path)
        .iter()
        .filter(|d| d.code == "toc-out-of-date" && d.fixes.is_empty())
    {
        eprintln!("not fixed: {} ({}: {})", shown(), d.code, output::escape(&d.message));
    }
    if applied.is_empty() {
        return Ok(());
    }
    if crate::ide::features::diagnostics(world, path).iter().any(|d| d.code == "yaml-syntax") {
        // A safe fix must never be what breaks a file: then none is written.
        eprintln!("not fixed: {} (the fixes would break its syntax; nothing was written)", shown());
        world.set_file(path.to_path_buf(), original);
        return Ok(());
    }
    if let Err(e) = safe_write::replace(root, path, Some(&original), &text) {
        // The world goes back to what is on disk: the rest of the report is about the file as it is.
        world.set_file(path.to_path_buf(), original);
        return Err(e);
    }
    applied.sort_unstable();
    applied.dedup();
    eprintln!("fixed: {} ({})", shown(), applied.join(", "));
    Ok(())
}

/// `path` as [`relative`] to the current directory shows it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().and_then(std::fs::canonicalize).unwrap_or_default();
    relative(path, &cwd)
}

/// Whether `path` is in `keps/NNNN-kep-template` (or is it).
fn in_template(path: &Path) -> bool {
    layout::place(path).is_some_and(|p| p.rel.split('/').next() == Some(layout::TEMPLATE_DIR))
}

/// `path` relative to the current directory (`../x` included), as people type it; absolute when
/// they share nothing but the filesystem root.
pub(super) fn relative(path: &Path, cwd: &Path) -> String {
    let common = path.components().zip(cwd.components()).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return path.display().to_string();
    }
    let mut out = PathBuf::new();
    for _ in cwd.components().skip(common) {
        out.push("..");
    }
    out.extend(path.components().skip(common));
    if out.as_os_str().is_empty() {
        return ".".into();
    }
    out.display().to_string()
}

/// Per rule: (code, severity, count), worst severity first, then most frequent.
fn per_rule(reported: &[Reported]) -> Vec<(&'static str, Severity, usize)> {
    let mut counts: std::collections::BTreeMap<(&'static str, Severity), usize> = Default::default();
    for r in reported {
        *counts.entry((r.code, r.level)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().map(|((code, severity), n)| (code, severity, n)).collect();
    rows.sort_by(|a, b| (a.1, std::cmp::Reverse(a.2), a.0).cmp(&(b.1, std::cmp::Reverse(b.2), b.0)));
    rows
}

fn count(summary: &mut Summary, severity: Severity) {
    match severity {
        Severity::Error => summary.errors += 1,
        Severity::Warning => summary.warnings += 1,
        Severity::Information => summary.infos += 1,
        Severity::Hint => summary.hints += 1,
    }
}

/// 1-based (line, column, end line, end column) of a range of a file, columns in characters.
fn position(world: &World, path: &Path, range: crate::ide::text::TextRange) -> (u32, u32, u32, u32) {
    let (start, end) = match world.file(path) {
        Some(file) => {
            let index = file.line_index();
            (
                index.line_col(&file.text, range.start, Encoding::Utf32),
                index.line_col(&file.text, range.end, Encoding::Utf32),
            )
        }
        None => Default::default(),
    };
    (start.line + 1, start.col + 1, end.line + 1, end.col + 1)
}

fn report(world: &World, path: &Path, d: &Diagnostic, cwd: &Path) -> Reported {
    let (line, column, end_line, end_column) = position(world, path, d.range);
    // Fixes that only edit files kep-ls has read (new files are not SARIF replacements).
    let fixes = d
        .fixes
        .iter()
        .filter(|f| f.safe && f.creates.is_empty() && f.edits.iter().all(|e| world.file(&e.path).is_some()))
        .map(|f| ReportedFix {
            title: f.title.clone(),
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (l, c, el, ec) = position(world, &e.path, e.range);
                    (relative(&e.path, cwd), l, c, el, ec, e.new_text.clone())
                })
                .collect(),
        })
        .collect();
    Reported {
        fixes,
        path: relative(path, cwd),
        line,
        column,
        end_line,
        end_column,
        severity: d.severity.label(),
        level: d.severity,
        code: d.code,
        message: d.message.clone(),
    }
}

fn print_human(
    out: &mut impl Write,
    reported: &[Reported],
    by_rule: &[(&'static str, Severity, usize)],
    summary: &Summary,
) -> std::io::Result<()> {
    for r in reported {
        let (path, message) = (output::escape(&r.path), output::escape(&r.message));
        writeln!(out, "{path}:{}:{}: {}[{}]: {message}", r.line, r.column, r.severity, r.code)?;
    }
    if !by_rule.is_empty() {
        // The per-rule table: what to switch off, fix first or suppress, at a glance.
        let width = by_rule.iter().map(|(code, ..)| code.len()).max().unwrap_or(0).max("rule".len());
        writeln!(out)?;
        writeln!(out, "{:width$}  {:8}  {:>5}", "rule", "severity", "count")?;
        for (code, severity, n) in by_rule {
            writeln!(out, "{code:width$}  {:8}  {n:>5}", severity.label())?;
        }
    }
    writeln!(out, "{}", summary_line(summary))
}

/// `checked N files (K KEPs): ... in T ms`.
fn summary_line(summary: &Summary) -> String {
    format!(
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
