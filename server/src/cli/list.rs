//! `kep-ls list`: the workspace's KEPs as a table (or JSON, or CSV), filtered by SIG, status, stage
//! or author: the query side of upstream's kepctl.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{output, workspace};
use crate::ide::kep::query::{self, Filter, KepRow};

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ListFormat {
    /// Aligned columns, one KEP a line.
    #[default]
    Table,
    /// A JSON array of objects.
    Json,
    /// Comma-separated values with a header line.
    Csv,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Repositories, `keps/` trees or directories in them (default: the current directory).
    pub paths: Vec<PathBuf>,
    /// Only KEPs owned by this group.
    #[arg(long)]
    pub sig: Option<String>,
    /// Only KEPs with this status.
    #[arg(long)]
    pub status: Option<String>,
    /// Only KEPs at this stage.
    #[arg(long)]
    pub stage: Option<String>,
    /// Only KEPs with this author (`@name` or `name`).
    #[arg(long)]
    pub author: Option<String>,
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
    let filter = Filter { sig: args.sig, status: args.status, stage: args.stage, author: args.author };
    let rows = query::rows(&world, &filter);
    let text = match args.format {
        ListFormat::Table => table(&rows),
        ListFormat::Json => serde_json::to_string_pretty(&rows).map(|j| j + "\n").unwrap_or_default(),
        ListFormat::Csv => csv(&rows),
    };
    match output::emit("list", &text) {
        Ok(()) => 0,
        Err(code) => code,
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
    let mut lines: Vec<[String; 12]> = vec![HEADER.map(str::to_string)];
    for row in rows {
        // Text from kep.yaml reaches a terminal: control characters are shown escaped.
        let mut cells = cells(row).map(|c| output::escape(&c).into_owned());
        cells[1] = cut(&cells[1], TITLE_CHARS);
        cells[9] = cut(&cells[9], AUTHORS_CHARS);
        lines.push(cells);
    }
    let mut widths = [0usize; 12];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for line in &lines {
        let mut text = String::new();
        for (i, (cell, width)) in line.iter().zip(widths).enumerate() {
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
