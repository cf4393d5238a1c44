//! `kep-ls release`: the release team's view of release readiness. Every KEP targeting a release,
//! grouped by owning SIG, ready or at risk for PRR freeze and Enhancements Freeze, with what is
//! missing, as a table, Markdown (for an issue comment), CSV or JSON; `--kep` for one KEP.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::config;
use super::workspace;
use crate::ide::kep::usage::Release;
use crate::ide::layout::{self, FileKind};
use crate::ide::release::{self, view, Freeze, Readiness, OUT_OF_SCOPE};
use crate::ide::world::World;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReleaseFormat {
    /// KEPs by SIG, what is missing below each.
    #[default]
    Table,
    /// A summary and one table per SIG, to paste into an issue comment.
    Markdown,
    /// One line per KEP with a header line.
    Csv,
    /// A JSON array, one object per KEP.
    Json,
}

#[derive(Args, Debug)]
pub struct ReleaseArgs {
    /// The release (`v1.37`), then repositories, `keps/` trees or directories in them (default: the
    /// current directory). Without a release: `upcoming-release` of .kep-ls.toml, else the newest
    /// `latest-milestone` of the workspace.
    #[arg(value_name = "[RELEASE] [PATHS]")]
    pub args: Vec<String>,
    /// The release, as the first argument may give it.
    #[arg(long, value_name = "RELEASE", value_parser = config::parse_release)]
    pub upcoming_release: Option<Release>,
    /// One KEP (its directory, kep.yaml or README.md): its whole checklist. Without a release, the
    /// KEP's own `latest-milestone` is the one checked.
    #[arg(long, value_name = "PATH")]
    pub kep: Option<PathBuf>,
    /// Only KEPs owned by this group.
    #[arg(long)]
    pub sig: Option<String>,
    /// Only KEPs at this stage.
    #[arg(long)]
    pub stage: Option<String>,
    /// Only KEPs at risk for Enhancements Freeze (PRR freeze's items included).
    #[arg(long)]
    pub at_risk: bool,
    /// Exit with 1 when a listed KEP is at risk.
    #[arg(long)]
    pub fail_on_at_risk: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReleaseFormat::Table)]
    pub format: ReleaseFormat,
}

/// One missing item as JSON shows it.
#[derive(Serialize)]
struct MissingRow {
    code: &'static str,
    message: String,
    path: String,
    line: usize,
}

#[derive(Serialize)]
struct FreezeRow {
    ready: bool,
    missing: Vec<MissingRow>,
}

/// One KEP as JSON shows it.
#[derive(Serialize)]
struct KepRow {
    number: String,
    title: String,
    path: String,
    owning_sig: String,
    stage: String,
    latest_milestone: String,
    prr_freeze: FreezeRow,
    enhancements_freeze: FreezeRow,
}

/// Runs the command; returns the exit code (0 listed, 1 at risk with `--fail-on-at-risk`, 2 bad
/// usage or output error).
pub fn run(args: ReleaseArgs) -> i32 {
    match report(&args) {
        Ok((text, at_risk)) => {
            if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
                return 2;
            }
            i32::from(args.fail_on_at_risk && at_risk)
        }
        Err(e) => {
            eprintln!("kep-ls release: {e}");
            2
        }
    }
}

/// The text to print and whether a listed KEP is at risk.
fn report(args: &ReleaseArgs) -> Result<(String, bool), String> {
    let (mut release, mut paths) = (args.upcoming_release, Vec::new());
    for (i, arg) in args.args.iter().enumerate() {
        match Release::parse(arg) {
            Some(r) if i == 0 && release.is_none() && !Path::new(arg).exists() => release = Some(r),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    if let Some(kep) = &args.kep {
        paths.push(kep.clone());
    }
    if paths.is_empty() {
        paths.push(PathBuf::from("."));
    }
    let roots = workspace::roots(&paths)?;
    let config = super::check::load_config(&roots)?;
    let mut world = workspace::load(&roots);
    world.settings.upcoming_release = release.or(config.upcoming_release);
    let keps = match &args.kep {
        Some(kep) => vec![one_kep(&world, kep, release.is_some() || config.upcoming_release.is_some())?],
        None => {
            let release = world
                .effective_upcoming_release()
                .ok_or("no release given and no KEP with a `latest-milestone` to take it from")?;
            let scope: Vec<PathBuf> = paths.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
            release::report(&world, release)
                .into_iter()
                .filter(|r| scope.iter().any(|p| r.kep_yaml.starts_with(p) || roots.contains(p)))
                .collect()
        }
    };
    let keps: Vec<Readiness> = keps
        .into_iter()
        .filter(|r| args.sig.as_ref().is_none_or(|sig| &r.owning_sig == sig))
        .filter(|r| args.stage.as_ref().is_none_or(|stage| &r.stage == stage))
        .filter(|r| !args.at_risk || !r.ready(Freeze::Enhancements))
        .collect();
    let release = keps.first().map(|r| r.release).or(world.effective_upcoming_release());
    let release = release.map_or_else(String::new, |r| r.to_string());
    let at_risk = keps.iter().any(|r| !r.ready(Freeze::Enhancements));
    let text = match args.format {
        ReleaseFormat::Table if args.kep.is_some() => keps.iter().map(|r| plain_checklist(&world, r)).collect(),
        ReleaseFormat::Table => table(&world, &release, &keps),
        ReleaseFormat::Markdown => markdown(&world, &release, &keps),
        ReleaseFormat::Csv => csv(&world, &keps),
        ReleaseFormat::Json => {
            let rows: Vec<KepRow> = keps.iter().map(|r| row(&world, r)).collect();
            serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())? + "\n"
        }
    };
    Ok((text, at_risk))
}

/// The readiness of the KEP at `path`: for the release given, else its own `latest-milestone`.
fn one_kep(world: &World, path: &Path, release_given: bool) -> Result<Readiness, String> {
    let absolute = std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let kep_yaml =
        if absolute.is_dir() { absolute.join(layout::KEP_YAML) } else { absolute.with_file_name(layout::KEP_YAML) };
    let file = world
        .file(&kep_yaml)
        .filter(|f| f.kind == FileKind::KepYaml)
        .ok_or_else(|| format!("{}: no kep.yaml for this KEP", path.display()))?;
    let own = file.yaml().and_then(|y| y.string("latest-milestone")).map(|m| m.text.to_string());
    let release = match world.effective_upcoming_release().filter(|_| release_given) {
        Some(release) => release,
        None => own
            .as_deref()
            .and_then(Release::parse)
            .ok_or_else(|| format!("{}: no `latest-milestone` release to check against; give one", path.display()))?,
    };
    release::readiness(world, &kep_yaml, release).ok_or_else(|| {
        format!(
            "{}: `latest-milestone` is {}, not {release}: the KEP does not target {release}",
            path.display(),
            own.as_deref().unwrap_or("not set")
        )
    })
}

/// A path as printed: relative to its repository (`keps/sig-node/...`).
fn shown(path: &Path) -> String {
    layout::place(path).map_or_else(
        || path.display().to_string(),
        |p| path.strip_prefix(&p.root).unwrap_or(path).display().to_string(),
    )
}

/// The 1-based line of `missing` in its file.
fn line(world: &World, path: &Path, offset: usize) -> usize {
    world.file(path).map_or(1, |f| f.line_index().line_of(offset) + 1)
}

fn freeze_row(world: &World, r: &Readiness, freeze: Freeze) -> FreezeRow {
    let missing: Vec<MissingRow> = r
        .missing(freeze)
        .map(|(check, m)| MissingRow {
            code: check.code,
            message: m.message.clone(),
            path: shown(&m.path),
            line: line(world, &m.path, m.range.start),
        })
        .collect();
    FreezeRow { ready: missing.is_empty(), missing }
}

fn row(world: &World, r: &Readiness) -> KepRow {
    KepRow {
        number: r.number.clone(),
        title: r.title.clone(),
        path: shown(r.kep_yaml.parent().unwrap_or(&r.kep_yaml)),
        owning_sig: r.owning_sig.clone(),
        stage: r.stage.clone(),
        latest_milestone: r.latest_milestone.clone(),
        prr_freeze: freeze_row(world, r, Freeze::Prr),
        enhancements_freeze: freeze_row(world, r, Freeze::Enhancements),
    }
}

fn verdict(r: &Readiness, freeze: Freeze) -> &'static str {
    if r.ready(freeze) {
        "ready"
    } else {
        "at risk"
    }
}

/// `N KEPs target v1.37 · PRR freeze: a ready, b at risk · Enhancements Freeze: c ready, d at risk`.
fn counts(release: &str, keps: &[Readiness]) -> String {
    let ready = |freeze| keps.iter().filter(|r| r.ready(freeze)).count();
    let (prr, ef) = (ready(Freeze::Prr), ready(Freeze::Enhancements));
    format!(
        "{} KEP{} target{} {release} · PRR freeze: {prr} ready, {} at risk · Enhancements Freeze: {ef} ready, {} at risk",
        keps.len(),
        if keps.len() == 1 { "" } else { "s" },
        if keps.len() == 1 { "s" } else { "" },
        keps.len() - prr,
        keps.len() - ef
    )
}

/// Each missing item in words with its place: `[PRR freeze] ... (README.md:120)`.
fn missing_lines(world: &World, r: &Readiness) -> Vec<String> {
    r.missing(Freeze::Enhancements)
        .map(|(check, m)| {
            let file = m.path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            format!("[{}] {} ({file}:{})", check.freeze.label(), m.message, line(world, &m.path, m.range.start))
        })
        .collect()
}

fn table(world: &World, release: &str, keps: &[Readiness]) -> String {
    let mut out = format!("Release readiness for {release}: {}\n", counts(release, keps));
    let mut sig = None;
    for r in keps {
        if sig != Some(&r.owning_sig) {
            sig = Some(&r.owning_sig);
            out.push_str(&format!("\n{}\n", if r.owning_sig.is_empty() { "(no owning-sig)" } else { &r.owning_sig }));
        }
        out.push_str(&format!(
            "  KEP-{:<5} {:<10} PRR freeze: {:<8} Enhancements Freeze: {:<8} {}\n",
            r.number,
            r.stage,
            verdict(r, Freeze::Prr),
            verdict(r, Freeze::Enhancements),
            r.title
        ));
        for line in missing_lines(world, r) {
            out.push_str(&format!("      - {line}\n"));
        }
    }
    out.push_str(&format!("\n{OUT_OF_SCOPE}\n"));
    out
}

/// A Markdown table cell: no line breaks, no unescaped pipes.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn markdown(world: &World, release: &str, keps: &[Readiness]) -> String {
    let mut out = format!("### Release readiness for {release}\n\n{}\n", counts(release, keps));
    let mut sig = None;
    for r in keps {
        if sig != Some(&r.owning_sig) {
            sig = Some(&r.owning_sig);
            out.push_str(&format!(
                "\n#### {}\n\n| KEP | Title | Stage | PRR freeze | Enhancements Freeze | Missing |\n|---|---|---|---|---|---|\n",
                if r.owning_sig.is_empty() { "(no owning-sig)" } else { &r.owning_sig }
            ));
        }
        let mark = |freeze| if r.ready(freeze) { "✅ ready" } else { "⚠️ at risk" };
        let missing: Vec<String> = missing_lines(world, r).iter().map(|l| cell(l)).collect();
        out.push_str(&format!(
            "| [KEP-{}]({}) | {} | {} | {} | {} | {} |\n",
            r.number,
            shown(r.kep_yaml.parent().unwrap_or(&r.kep_yaml)),
            cell(&r.title),
            cell(&r.stage),
            mark(Freeze::Prr),
            mark(Freeze::Enhancements),
            missing.join("<br>")
        ));
    }
    out.push_str(&format!("\n_{OUT_OF_SCOPE}_\n"));
    out
}

fn csv(world: &World, keps: &[Readiness]) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = "sig,kep,title,stage,latest_milestone,prr_freeze,enhancements_freeze,missing,path\n".to_string();
    for r in keps {
        let line = [
            r.owning_sig.clone(),
            r.number.clone(),
            r.title.clone(),
            r.stage.clone(),
            r.latest_milestone.clone(),
            verdict(r, Freeze::Prr).to_string(),
            verdict(r, Freeze::Enhancements).to_string(),
            missing_lines(world, r).join("; "),
            shown(r.kep_yaml.parent().unwrap_or(&r.kep_yaml)),
        ];
        out.push_str(&line.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// One KEP's checklist as plain text (`--kep`): each item ✓/✗ and where to fix what is missing.
fn plain_checklist(world: &World, r: &Readiness) -> String {
    let mut out = format!(
        "KEP-{} {} ({})\n{}\n",
        r.number,
        r.title,
        shown(r.kep_yaml.parent().unwrap_or(&r.kep_yaml)),
        view::summary(r)
    );
    for freeze in [Freeze::Prr, Freeze::Enhancements] {
        out.push_str(&format!("\n{}: {}\n", freeze.label(), verdict(r, freeze)));
        for check in r.checks.iter().filter(|c| c.freeze == freeze) {
            out.push_str(&format!("  {} {}\n", if check.done() { "✓" } else { "✗" }, check.label));
            for m in &check.missing {
                out.push_str(&format!(
                    "      {} ({}:{})\n",
                    m.message,
                    shown(&m.path),
                    line(world, &m.path, m.range.start)
                ));
            }
        }
    }
    out.push_str(&format!("\n{OUT_OF_SCOPE}\n"));
    out
}
