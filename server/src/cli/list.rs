//! `kep-ls list`: the workspace's KEPs as a table (or JSON, or CSV), filtered by SIG, status, stage
//! or author: the query side of upstream's kepctl.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{output, workspace};
use crate::ide::kep::query::{self, Filter, KepRow};
use crate::ide::kep::schema;
use crate::ide::world::World;

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ListFormat {
    /// Aligned columns, one KEP a line.
    #[default]
    Table,
    /// A JSON array of objects.
    Json,
    /// Comma-separated values with a header line.
    Csv,
    /// A YAML list of mappings (the JSON fields).
    Yaml,
    /// A Markdown table (the table's columns and the path).
    Markdown,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Repositories, `keps/` trees, SIG or KEP directories: only the KEPs in them are listed
    /// (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Only KEPs owned by this group (`sig-node`); repeatable: any of them.
    #[arg(long, value_name = "GROUP")]
    pub sig: Vec<String>,
    /// Only KEPs with this status; repeatable.
    #[arg(long)]
    pub status: Vec<String>,
    /// Only KEPs at this stage; repeatable.
    #[arg(long)]
    pub stage: Vec<String>,
    /// Only KEPs with this author (`@name` or `name`); repeatable.
    #[arg(long, value_name = "HANDLE")]
    pub author: Vec<String>,
    /// Only KEPs with this approver; repeatable.
    #[arg(long, value_name = "HANDLE")]
    pub approver: Vec<String>,
    /// Only KEPs with this reviewer; repeatable.
    #[arg(long, value_name = "HANDLE")]
    pub reviewer: Vec<String>,
    /// Only KEPs listing this group in participating-sigs; repeatable.
    #[arg(long, value_name = "GROUP")]
    pub participating_sig: Vec<String>,
    /// Only KEPs whose PRR file names this approver (for `--for-stage`, else any stage); repeatable.
    #[arg(long, value_name = "HANDLE")]
    pub prr_approver: Vec<String>,
    /// Only KEPs with a stage (`--for-stage`, else any) in this release: `v1.34` or `1.34`; repeatable.
    #[arg(long, value_name = "RELEASE")]
    pub milestone: Vec<String>,
    /// The stage `--milestone` and `--prr-approver` look at.
    #[arg(long, value_name = "STAGE", value_parser = ["alpha", "beta", "stable"])]
    pub for_stage: Option<String>,
    /// Only KEPs whose latest-milestone is this release; repeatable.
    #[arg(long, value_name = "RELEASE")]
    pub latest_milestone: Vec<String>,
    /// Only KEPs at alpha, beta or stable whose PRR file names no approver for that stage.
    #[arg(long)]
    pub missing_prr_approver: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Title and author columns of the table are cut to these many characters.
const TITLE_CHARS: usize = 60;
const AUTHORS_CHARS: usize = 40;

const HEADER: [&str; 12] =
    ["KEP", "TITLE", "SIG", "STATUS", "STAGE", "LATEST", "ALPHA", "BETA", "STABLE", "AUTHORS", "CREATED", "UPDATED"];

/// Runs the command; returns the exit code (0 listed, 2 bad usage or output error).
pub fn run(args: ListArgs) -> i32 {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let roots = match workspace::roots(&paths) {
        Ok(roots) => roots,
        Err(e) => {
            eprintln!("kep-ls list: {e}");
            return 2;
        }
    };
    let world = workspace::load(&roots);
    if let Err(e) = validate(&world, &args) {
        eprintln!("kep-ls list: {e}");
        return 2;
    }
    // The KEPs in (or holding) the given paths; `workspace::roots` has already checked they exist.
    let scopes: Vec<PathBuf> = paths.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    let filter = Filter {
        sig: args.sig,
        status: args.status,
        stage: args.stage,
        author: args.author,
        approver: args.approver,
        reviewer: args.reviewer,
        participating_sig: args.participating_sig,
        prr_approver: args.prr_approver,
        milestone: args.milestone,
        for_stage: args.for_stage,
        latest_milestone: args.latest_milestone,
        missing_prr_approver: args.missing_prr_approver,
    };
    let mut rows = query::rows(&world, &filter);
    rows.retain(|row| scopes.iter().any(|p| row.dir.starts_with(p) || p.starts_with(&row.dir)));
    let text = match args.format {
        ListFormat::Table => table_fitting(&rows, terminal_width()),
        ListFormat::Json => serde_json::to_string_pretty(&rows).map(|j| j + "\n").unwrap_or_default(),
        ListFormat::Csv => csv(&rows),
        ListFormat::Yaml => super::list_formats::yaml(&rows),
        ListFormat::Markdown => super::list_formats::markdown(&rows),
    };
    match output::emit("list", &text) {
        Ok(()) => 0,
        Err(code) => code,
    }
}

/// Values that can be checked are: a misspelt group, status, stage or release is an error with the
/// likely meant value, not an empty list.
fn validate(world: &World, args: &ListArgs) -> Result<(), String> {
    let groups = world.groups();
    // Groups the tree uses count as known too (a tree may be newer than the built-in list).
    let used: Vec<String> = world
        .kep_files()
        .filter_map(|f| f.yaml().and_then(|y| y.string("owning-sig")).map(|s| s.text.trim().to_string()))
        .collect();
    for (flag, values) in [("--sig", &args.sig), ("--participating-sig", &args.participating_sig)] {
        for value in values {
            let value = value.trim();
            if groups.contains(value) || used.iter().any(|u| u.eq_ignore_ascii_case(value)) {
                continue;
            }
            let hint = groups.suggest(value).map(|g| format!(": did you mean `{}`?", g.dir)).unwrap_or_default();
            return Err(format!(
                "{flag} {value}: no such group{hint} (groups are named as in sigs.yaml: sig-node, wg-batch, ...)"
            ));
        }
    }
    let known = |flag: &str, values: &[String], names: &[&str]| -> Result<(), String> {
        for value in values {
            if names.iter().any(|n| n.eq_ignore_ascii_case(value.trim())) {
                continue;
            }
            let hint = crate::ide::suggest::closest(value, names.iter().copied())
                .map(|n| format!(": did you mean `{n}`?"))
                .unwrap_or_else(|| format!(" (one of {})", names.join(", ")));
            return Err(format!("{flag} {value}: no such value{hint}"));
        }
        Ok(())
    };
    let statuses: Vec<&str> = schema::STATUSES.iter().map(|(s, _)| *s).collect();
    let stages: Vec<&str> = schema::STAGES.iter().map(|(s, _)| *s).collect();
    known("--status", &args.status, &statuses)?;
    known("--stage", &args.stage, &stages)?;
    for (flag, values) in [("--milestone", &args.milestone), ("--latest-milestone", &args.latest_milestone)] {
        if let Some(bad) = values.iter().find(|v| query::release(v).is_none()) {
            return Err(format!("{flag} {bad}: not a release; write it as v1.34 (or 1.34)"));
        }
    }
    Ok(())
}

/// The width of the terminal on stdout: `COLUMNS` when set, else the terminal's, else none (a
/// pipe or a file gets whole lines).
fn terminal_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()) {
        return Some(columns);
    }
    if !std::io::stdout().is_terminal() {
        return None;
    }
    tty_width()
}

#[cfg(unix)]
fn tty_width() -> Option<usize> {
    let mut size = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct it is given, which lives on this stack frame.
    let status = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut size) };
    (status == 0 && size.ws_col > 0).then_some(usize::from(size.ws_col))
}

#[cfg(not(unix))]
fn tty_width() -> Option<usize> {
    None
}

/// Columns dropped, in this order, until the table fits the width (KEP, TITLE, SIG, STATUS, STAGE
/// and LATEST always stay; the title is cut down to 20 characters first).
const DROPPED: [usize; 6] = [11, 10, 9, 8, 7, 6];
const MIN_TITLE: usize = 20;

/// [`table`], fitted to `width` characters.
pub fn table_fitting(rows: &[KepRow], width: Option<usize>) -> String {
    let Some(width) = width else { return table(rows) };
    let mut shown: Vec<usize> = (0..HEADER.len()).collect();
    let mut title = TITLE_CHARS;
    loop {
        let out = table_of(rows, &shown, title);
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        if widest <= width {
            return out;
        }
        if title > MIN_TITLE {
            title = title.saturating_sub(widest - width).max(MIN_TITLE);
        } else if let Some(drop) = DROPPED.iter().find(|c| shown.contains(c)) {
            shown.retain(|c| c != drop);
        } else {
            return out;
        }
    }
}

fn cells(row: &KepRow) -> [String; 12] {
    [
        row.number.clone(),
        row.title.clone(),
        row.owning_sig.clone(),
        row.status.clone(),
        row.stage.clone(),
        row.latest_milestone.clone(),
        row.alpha.clone(),
        row.beta.clone(),
        row.stable.clone(),
        row.authors.join(", "),
        row.created.clone(),
        row.updated.clone(),
    ]
}

fn cut(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_string();
    }
    let kept: String = text.chars().take(limit.saturating_sub(1)).collect();
    format!("{kept}…")
}

pub fn table(rows: &[KepRow]) -> String {
    table_of(rows, &(0..HEADER.len()).collect::<Vec<_>>(), TITLE_CHARS)
}

/// The table with the columns `shown` (indices into [`HEADER`]) and titles cut to `title_chars`.
fn table_of(rows: &[KepRow], shown: &[usize], title_chars: usize) -> String {
    let pick = |cells: [String; 12]| -> Vec<String> { shown.iter().map(|&i| cells[i].clone()).collect() };
    let mut lines: Vec<Vec<String>> = vec![pick(HEADER.map(str::to_string))];
    for row in rows {
        // Text from kep.yaml reaches a terminal: control characters are shown escaped.
        let mut cells = cells(row).map(|c| output::escape(&c).into_owned());
        cells[1] = cut(&cells[1], title_chars);
        cells[9] = cut(&cells[9], AUTHORS_CHARS);
        lines.push(pick(cells));
    }
    let mut widths = vec![0usize; shown.len()];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (i, (cell, &width)) in line.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.push_str(&" ".repeat(width - cell.chars().count()));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out.push_str(&format!("{} KEP{}\n", rows.len(), if rows.len() == 1 { "" } else { "s" }));
    out
}

pub fn csv(rows: &[KepRow]) -> String {
    let field = |text: &str| {
        // A spreadsheet runs a cell that starts like a formula: a leading `'` makes it text.
        let guarded;
        let text = if text.starts_with(['=', '+', '-', '@']) {
            guarded = format!("'{text}");
            guarded.as_str()
        } else {
            text
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_string()
        }
    };
    let mut out = HEADER.iter().map(|h| h.to_ascii_lowercase()).collect::<Vec<_>>().join(",");
    out.push_str(",path\n");
    for row in rows {
        let mut line: Vec<String> = cells(row).iter().map(|c| field(c)).collect();
        line.push(field(&row.path));
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(number: &str, title: &str) -> KepRow {
        KepRow {
            number: number.into(),
            title: title.into(),
            owning_sig: "sig-node".into(),
            authors: vec!["@a".into(), "@b".into()],
            path: "keps/sig-node/x".into(),
            ..KepRow::default()
        }
    }

    #[test]
    fn the_table_aligns_columns_and_cuts_long_titles() {
        let out = table(&[row("1", "Short"), row("1234", &"Long title ".repeat(10))]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("KEP   TITLE"), "{out}");
        assert!(lines[1].starts_with("1     Short"), "{out}");
        assert!(lines[2].contains("Long title Long title") && lines[2].contains('…'), "{out}");
        assert_eq!(lines[3], "2 KEPs");
    }

    #[test]
    fn the_table_fits_the_width_by_cutting_titles_then_dropping_columns() {
        let rows = [row("1", &"Long title ".repeat(10))];
        let full = table_fitting(&rows, None);
        assert!(full.lines().next().unwrap().contains("UPDATED"));
        for width in [80, 60] {
            let out = table_fitting(&rows, Some(width));
            assert!(out.lines().all(|l| l.chars().count() <= width), "{width}:\n{out}");
            assert!(out.starts_with("KEP  TITLE"), "{out}");
        }
        assert!(!table_fitting(&rows, Some(60)).contains("AUTHORS"));
    }

    #[test]
    fn csv_quotes_what_needs_it() {
        let out = csv(&[row("1", "A, \"quoted\" title")]);
        assert_eq!(
            out.lines().nth(1).unwrap(),
            "1,\"A, \"\"quoted\"\" title\",sig-node,,,,,,,\"'@a, @b\",,,keps/sig-node/x"
        );
        assert!(out.starts_with("kep,title,sig,status,stage,latest,alpha,beta,stable,authors,created,updated,path\n"));
    }

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_guarded() {
        let out = csv(&[row("1", "=HYPERLINK(\"http://x\")"), row("2", "+1"), row("3", "-2"), row("4", "@SUM(A1)")]);
        let titles: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').nth(1).unwrap()).collect();
        assert_eq!(titles, ["\"'=HYPERLINK(\"\"http://x\"\")\"", "'+1", "'-2", "'@SUM(A1)"]);
    }

    #[test]
    fn the_table_shows_control_characters_escaped() {
        let out = table(&[row("1", "Evil\u{1b}[2K\rtitle\nnext")]);
        assert!(out.lines().nth(1).unwrap().contains("Evil\\u{1b}[2K\\rtitle\\nnext"), "{out}");
        assert_eq!(out.lines().count(), 3, "one line per KEP: {out}");
        assert!(!out.contains('\u{1b}'));
    }
}
