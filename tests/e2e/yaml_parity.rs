//! Parity with upstream's YAML parser: every real kep.yaml, mutated in many ways, is judged by
//! gopkg.in/yaml.v3 (the small Go program in `tests/yamlv3/`, run once over all mutants) and by
//! kep-ls's `yaml-syntax` rule. The verdicts must agree: no false error, no miss.
//!
//! Needs `go` and Debian's `golang-gopkg-yaml.v3-dev` (yaml.v3 3.0.1 under /usr/share/gocode) and
//! the corpus; skips with a message when one is absent. `KEP_LS_PARITY_DUMP=DIR` writes every
//! disagreeing mutant there, for debugging; `KEP_LS_PARITY_MUTANTS=N` makes N mutants per file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kep_ls::ide::world::World;
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, TestRng};

use crate::workspace::{checked, corpus, TempDir};

/// Mutants made from each corpus kep.yaml (656 files: 10,496 mutants).
const MUTANTS_PER_FILE: usize = 16;
/// Where Debian's golang-gopkg-yaml.v3-dev puts yaml.v3 (a GOPATH).
const GOPATH: &str = "/usr/share/gocode";

/// Builds the oracle into the test's temporary directory; `Err` says why it cannot.
fn build_oracle() -> Result<PathBuf, String> {
    match Command::new("go").arg("version").output() {
        Ok(out) if out.status.success() => {}
        _ => return Err("`go` is not installed (apt-get install golang-go golang-gopkg-yaml.v3-dev)".into()),
    }
    if !Path::new(GOPATH).join("src/gopkg.in/yaml.v3").is_dir() {
        return Err(format!("yaml.v3 is not under {GOPATH} (apt-get install golang-gopkg-yaml.v3-dev)"));
    }
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let binary = tmp.join("yamlv3-oracle");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/yamlv3");
    let out = Command::new("go")
        .args(["build", "-o"])
        .arg(&binary)
        .arg(".")
        .current_dir(&source)
        .env("GO111MODULE", "off")
        .env("GOPATH", GOPATH)
        .env("GOFLAGS", "")
        .env("GOPROXY", "off")
        .env("GOCACHE", tmp.join("go-cache"))
        .output()
        .map_err(|e| format!("running go build: {e}"))?;
    if !out.status.success() {
        // Go and yaml.v3 are there: a failing build is a real failure, not a skip.
        panic!("go build of tests/yamlv3 failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(binary)
}

/// yaml.v3's verdict on each file: `Ok(())` accepted, `Err(message)` rejected.
fn oracle_verdicts(oracle: &Path, files: &[PathBuf]) -> Vec<Result<(), String>> {
    let mut child =
        Command::new(oracle).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("run the yaml.v3 oracle");
    let list: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(list.as_bytes()).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "the oracle failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let verdicts: Vec<_> = text
        .lines()
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("accept"), Some(_), _) => Ok(()),
                (Some("reject"), Some(_), message) => Err(message.unwrap_or_default().to_string()),
                _ => panic!("unexpected oracle line {line:?}"),
            }
        })
        .collect();
    assert_eq!(verdicts.len(), files.len(), "one verdict per file");
    verdicts
}

/// kep-ls's verdict: the `yaml-syntax` messages for the text as a kep.yaml.
fn kep_ls_verdict(world: &mut World, text: &str) -> Result<(), String> {
    let path = PathBuf::from("/ws/keps/sig-node/1234-mutant/kep.yaml");
    world.set_file(path.clone(), text);
    let messages: Vec<_> = kep_ls::ide::features::diagnostics_for_display(world, &path)
        .into_iter()
        .filter(|d| d.code == "yaml-syntax")
        .map(|d| d.message)
        .collect();
    if messages.is_empty() {
        Ok(())
    } else {
        Err(messages.join("; "))
    }
}

#[test]
fn kep_ls_accepts_exactly_what_yaml_v3_accepts() {
    let Some(keps) = corpus() else { return };
    let oracle = match build_oracle() {
        Ok(oracle) => oracle,
        Err(why) => {
            eprintln!("skipped: {why}");
            return;
        }
    };
    let mut sources: Vec<PathBuf> = walk_kep_yamls(&keps);
    sources.sort();
    assert_eq!(sources.len(), 656);

    let per_file: usize =
        std::env::var("KEP_LS_PARITY_MUTANTS").ok().and_then(|n| n.parse().ok()).unwrap_or(MUTANTS_PER_FILE);
    let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[15; 32]);
    let dir = TempDir::new("yaml-parity");
    let mut mutants: Vec<Mutant> = Vec::new();
    for source in &sources {
        let text = std::fs::read_to_string(source).unwrap();
        for _ in 0..per_file {
            mutants.push(mutate(&text, &mut rng));
        }
    }
    let files: Vec<PathBuf> =
        mutants.iter().enumerate().map(|(i, m)| dir.write(&format!("{i}.yaml"), &m.text)).collect();
    let upstream = oracle_verdicts(&oracle, &files);

    let mut world = World::default();
    let mut per_kind: BTreeMap<&str, [usize; 3]> = BTreeMap::new();
    let mut disagreements = Vec::new();
    for (i, mutant) in mutants.iter().enumerate() {
        let ours = kep_ls_verdict(&mut world, &mutant.text);
        let counts = per_kind.entry(mutant.kind).or_default();
        counts[0] += 1;
        counts[1] += usize::from(upstream[i].is_err());
        if ours.is_ok() != upstream[i].is_ok() {
            counts[2] += 1;
            disagreements.push((i, ours));
        }
    }
    let rejected = upstream.iter().filter(|v| v.is_err()).count();
    eprintln!(
        "{} mutants, {rejected} rejected by yaml.v3; per kind [mutants, rejected, disagreements]:",
        mutants.len()
    );
    for (kind, counts) in &per_kind {
        eprintln!("  {kind:<28} {counts:?}");
    }
    if let Some(dump) = std::env::var_os("KEP_LS_PARITY_DUMP") {
        let dump = PathBuf::from(dump);
        std::fs::create_dir_all(&dump).unwrap();
        for (i, ours) in &disagreements {
            let name = format!("{i}-{}", mutants[*i].kind);
            std::fs::write(dump.join(format!("{name}.yaml")), &mutants[*i].text).unwrap();
            let m = &mutants[*i];
            let note = format!("yaml.v3: {:?}\nkep-ls: {ours:?}\n{}\n", upstream[*i], excerpt(&m.text, m.at));
            std::fs::write(dump.join(format!("{name}.txt")), note).unwrap();
        }
    }
    let examples: Vec<String> = disagreements
        .iter()
        .take(10)
        .map(|(i, ours)| {
            format!(
                "--- mutant {i} ({}):\n{}\n    yaml.v3: {:?}\n    kep-ls:  {ours:?}",
                mutants[*i].kind,
                excerpt(&mutants[*i].text, mutants[*i].at),
                upstream[*i]
            )
        })
        .collect();
    assert!(mutants.len() >= 10_000 || per_file < MUTANTS_PER_FILE, "{} mutants", mutants.len());
    assert!(rejected > 1_000 && rejected < mutants.len() - 1_000, "both verdicts well represented: {rejected}");
    assert!(disagreements.is_empty(), "{} disagreements, first ones:\n{}", disagreements.len(), examples.join("\n"));
    checked("yaml_parity::kep_ls_accepts_exactly_what_yaml_v3_accepts", sources.len(), "KEPs");
}

fn walk_kep_yamls(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(walk_kep_yamls(&entry.path()));
        } else if kind.is_file() && entry.file_name() == "kep.yaml" {
            out.push(entry.path());
        }
    }
    out
}

/// The lines around byte `at`, for a readable failure message.
fn excerpt(text: &str, at: usize) -> String {
    let at = at.min(text.len());
    let line = text[..at].matches('\n').count();
    text.lines()
        .enumerate()
        .skip(line.saturating_sub(2))
        .take(5)
        .map(|(n, l)| format!("    {:>3} | {l:?}", n + 1))
        .collect::<Vec<_>>()
        .join("\n")
}

struct Mutant {
    text: String,
    kind: &'static str,
    /// Where the (last) mutation happened.
    at: usize,
}

/// One mutant of `text`: a targeted mutation (a style where yaml.v3 and YAML 1.2 or kep-ls's
/// parser may differ) or one to three generic edits. Never contains `---`: upstream treats such a
/// line as a document separator (the `document-separator` rule's business, not this test's).
fn mutate(text: &str, rng: &mut TestRng) -> Mutant {
    loop {
        let mutant = if rng.random_bool(0.6) { targeted(text, rng) } else { generic(text, rng) };
        if let Some(m) = mutant {
            if !m.text.contains("---") && m.text != text {
                return m;
            }
        }
    }
}

/// `(start, end)` of every line, without its `\n`.
fn line_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches('\n').len();
        spans.push((start, end));
        start += line.len();
    }
    spans
}

fn pick<T: Copy>(items: &[T], rng: &mut TestRng) -> Option<T> {
    (!items.is_empty()).then(|| items[rng.random_range(0..items.len())])
}

fn insert(text: &str, at: usize, what: &str) -> String {
    format!("{}{what}{}", &text[..at], &text[at..])
}

fn replace(text: &str, start: usize, end: usize, what: &str) -> String {
    format!("{}{what}{}", &text[..start], &text[end..])
}

fn char_boundaries(text: &str) -> Vec<usize> {
    text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect()
}

/// Lines whose value is a quoted scalar closed at the line end: `(line start, opening quote,
/// closing quote)`.
fn quoted_lines(text: &str) -> Vec<(usize, usize, usize)> {
    line_spans(text)
        .into_iter()
        .filter_map(|(start, end)| {
            let line = &text[start..end];
            let trimmed = line.trim_end();
            let close = trimmed.chars().last().filter(|c| *c == '"' || *c == '\'')?;
            let open = if let Some(p) = line.find(": ") {
                p + 2
            } else {
                let t = line.trim_start();
                t.strip_prefix("- ")?;
                line.len() - t.len() + 2
            };
            let open_char = line[open..].chars().next()?;
            (open_char == close && open < trimmed.len() - 1).then_some((start, start + open, start + trimmed.len() - 1))
        })
        .collect()
}

const TARGETED: &[&str] = &[
    "comment-after-quoted",
    "quoted-continuation",
    "plain-continuation",
    "anchor",
    "alias",
    "special-char",
    "tab-after-dash",
    "explicit-key-tab",
    "unterminated-quote",
    "crlf",
];

fn targeted(text: &str, rng: &mut TestRng) -> Option<Mutant> {
    let kind = pick(TARGETED, rng)?;
    let lines = line_spans(text);
    let (text, at) = match kind {
        "comment-after-quoted" => {
            let (_, _, close) = pick(&quoted_lines(text), rng)?;
            let comment = pick(&["#note", "#sig-node-assigned-approver", "# x", "#", "#\"", "\t#x"], rng)?;
            (insert(text, close + 1, comment), close + 1)
        }
        "quoted-continuation" => {
            // A value with a blank, quoted (if it was not), broken at that blank: the rest goes on
            // a line of its own at some indentation, column 0 included (a real corpus style).
            let candidates: Vec<(usize, usize)> = lines
                .iter()
                .filter_map(|&(s, e)| {
                    let line = &text[s..e];
                    let value = line.find(": ").map(|c| c + 2)?;
                    (line[value..].trim().contains(' ')
                        && !line[value..].starts_with(['|', '>', '[', '{', '&', '*', '!']))
                    .then_some((s + value, s + line.trim_end().len()))
                })
                .collect();
            let (start, end) = pick(&candidates, rng)?;
            let mut value = text[start..end].to_string();
            if !value.starts_with(['"', '\'']) || !value.ends_with(['"', '\'']) || value.len() < 2 {
                let quote = pick(&["\"", "'"], rng)?;
                value = format!("{quote}{}{quote}", value.replace(quote, ""));
            }
            let blanks: Vec<usize> = value.match_indices(' ').map(|(i, _)| i).collect();
            let blank = pick(&blanks, rng)?;
            let indent = " ".repeat(pick(&[0, 0, 0, 1, 2, 4, 6], rng)?);
            let sep = pick(&["\n", "\n\n", "\n\t", "\r\n", "\u{2028}"], rng)?;
            let broken = format!("{}{sep}{indent}{}", &value[..blank], &value[blank + 1..]);
            (replace(text, start, end, &broken), start)
        }
        "plain-continuation" => {
            let candidates: Vec<(usize, usize)> = lines
                .iter()
                .filter_map(|&(s, e)| {
                    let line = &text[s..e];
                    let colon = line.find(": ")?;
                    let value = &line[colon + 2..];
                    let blank = value.find(' ')?;
                    (!value.starts_with(['"', '\''])).then_some((s, s + colon + 2 + blank))
                })
                .collect();
            let (_, blank) = pick(&candidates, rng)?;
            let indent = " ".repeat(pick(&[0, 1, 2, 4], rng)?);
            (replace(text, blank, blank + 1, &format!("\n{indent}")), blank)
        }
        "anchor" => {
            let anchor =
                pick(&["&a ", "&a", "&a1 ", "&a\t", "&x,y ", "&a\n", "&a &b ", "&a !!str ", "!!str &a "], rng)?;
            let spots = anchor_spots(text);
            let at = pick(&spots, rng)?;
            let mut out = insert(text, at, anchor);
            if rng.random_bool(0.3) {
                out.push_str("extra: *a\n");
            }
            (out, at)
        }
        "alias" => {
            // Replace a value with an alias, defined or not.
            let values: Vec<(usize, usize)> = lines
                .iter()
                .filter_map(|&(s, e)| {
                    let line = &text[s..e];
                    let v = line.find(": ").map(|c| c + 2).or_else(|| {
                        let t = line.trim_start();
                        t.starts_with("- ").then(|| line.len() - t.len() + 2)
                    })?;
                    (v < line.len()).then_some((s + v, e))
                })
                .collect();
            let (start, end) = pick(&values, rng)?;
            let alias = pick(&["*a", "*a ", "*b", "*a # c", "*a,"], rng)?;
            let mut out = replace(text, start, end, alias);
            if rng.random_bool(0.7) {
                let spots = anchor_spots(&out[..start]);
                let spot = pick(&spots, rng).unwrap_or(0);
                out = insert(&out, spot, "&a ");
            }
            (out, start)
        }
        "special-char" => {
            let c = pick(&["\u{feff}", "\u{2028}", "\u{2029}", "\u{85}", "\u{a0}", "\u{0}", "\u{7}", "\u{fffe}"], rng)?;
            let (s, e) = pick(&lines, rng)?;
            let spots: Vec<usize> = char_boundaries(&text[s..e]).into_iter().map(|i| s + i).collect();
            let at = pick(&spots, rng)?;
            (insert(text, at, c), at)
        }
        "tab-after-dash" => {
            let dashes: Vec<usize> = text.match_indices("- ").map(|(i, _)| i + 1).collect();
            let at = pick(&dashes, rng)?;
            let tab = pick(&["\t", "\t ", " \t"], rng)?;
            (replace(text, at, at + 1, tab), at)
        }
        "explicit-key-tab" => {
            // `key: value` becomes `? key` / `:<sep>value` at the same indentation.
            let candidates: Vec<(usize, usize, usize)> = lines
                .iter()
                .filter_map(|&(s, e)| {
                    let line = &text[s..e];
                    let indent = line.len() - line.trim_start_matches(' ').len();
                    let colon = line.find(": ")?;
                    (!line[indent..].starts_with(['-', '#'])).then_some((s, s + colon, e))
                })
                .collect();
            let (s, colon, _) = pick(&candidates, rng)?;
            let indent = &text[s..s + (text[s..].len() - text[s..].trim_start_matches(' ').len())];
            let key = &text[s + indent.len()..colon];
            let sep = pick(&["\t", " \t", "\t\t", " "], rng)?;
            let qsep = pick(&[" ", "\t"], rng)?;
            let new = format!("{indent}?{qsep}{key}\n{indent}:{sep}");
            (replace(text, s, colon + 2, &new), s)
        }
        "unterminated-quote" => {
            let (_, _, close) = pick(&quoted_lines(text), rng)?;
            (replace(text, close, close + 1, ""), close)
        }
        "crlf" => (text.replace('\n', "\r\n"), 0),
        _ => unreachable!(),
    };
    Some(Mutant { text, kind, at })
}

/// Places where an anchor or tag may go: before a value, a list item, a key, an empty value.
fn anchor_spots(text: &str) -> Vec<usize> {
    let mut spots = Vec::new();
    for (s, e) in line_spans(text) {
        let line = &text[s..e];
        let indent = line.len() - line.trim_start().len();
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        spots.push(s + indent);
        if let Some(dash) = line.trim_start().strip_prefix("- ") {
            let _ = dash;
            spots.push(s + indent + 2);
        }
        if let Some(colon) = line.find(": ") {
            spots.push(s + colon + 2);
        }
        if line.ends_with(':') {
            spots.push(e);
        }
    }
    spots
}

const GENERIC: &[&str] = &[
    "delete-char",
    "duplicate-char",
    "insert-char",
    "swap-chars",
    "delete-line",
    "duplicate-line",
    "reindent-line",
    "join-lines",
    "insert-line",
];

const INSERTED: &[&str] = &[
    ":", ": ", "#", " #", "-", "- ", "\"", "'", "\t", " ", "&", "*", "!", "|", ">", "[", "]", "{", "}", ",", "?", "? ",
    "%", "@", "`", "\n", "\\", "\r", ".", "\u{2028}", "\u{feff}", "\u{85}",
];

fn generic(text: &str, rng: &mut TestRng) -> Option<Mutant> {
    let mut text = text.to_string();
    let mut kind = "";
    let mut at = 0;
    for _ in 0..rng.random_range(1..=3) {
        kind = pick(GENERIC, rng)?;
        let bounds = char_boundaries(&text);
        let lines = line_spans(&text);
        let (new, pos) = match kind {
            "delete-char" => {
                let i = rng.random_range(0..bounds.len() - 1);
                (replace(&text, bounds[i], bounds[i + 1], ""), bounds[i])
            }
            "duplicate-char" => {
                let i = rng.random_range(0..bounds.len() - 1);
                (insert(&text, bounds[i], &text[bounds[i]..bounds[i + 1]]), bounds[i])
            }
            "insert-char" => {
                let at = pick(&bounds, rng)?;
                (insert(&text, at, pick(INSERTED, rng)?), at)
            }
            "swap-chars" => {
                if bounds.len() < 3 {
                    return None;
                }
                let i = rng.random_range(0..bounds.len() - 2);
                let (a, b, c) = (bounds[i], bounds[i + 1], bounds[i + 2]);
                (format!("{}{}{}{}", &text[..a], &text[b..c], &text[a..b], &text[c..]), a)
            }
            "delete-line" => {
                let (s, e) = pick(&lines, rng)?;
                (replace(&text, s, (e + 1).min(text.len()), ""), s)
            }
            "duplicate-line" => {
                let (s, e) = pick(&lines, rng)?;
                (insert(&text, s, &format!("{}\n", &text[s..e])), s)
            }
            "reindent-line" => {
                let (s, e) = pick(&lines, rng)?;
                let indent = text[s..e].len() - text[s..e].trim_start_matches(' ').len();
                let delta: i64 = pick(&[-2, -1, 1, 2, 3], rng)?;
                let new = (indent as i64 + delta).max(0) as usize;
                (replace(&text, s, s + indent, &" ".repeat(new)), s)
            }
            "join-lines" => {
                let (_, e) = pick(&lines, rng)?;
                if e >= text.len() {
                    return None;
                }
                (replace(&text, e, e + 1, pick(&[" ", ""], rng)?), e)
            }
            "insert-line" => {
                let (s, _) = pick(&lines, rng)?;
                let line =
                    pick(&["#c\n", "\n", "  # c\n", "x\n", "- x\n", "  - \"@x\"\n", "a: b\n", "\t\n", "  \n"], rng)?;
                (insert(&text, s, line), s)
            }
            _ => unreachable!(),
        };
        text = new;
        at = pos;
    }
    Some(Mutant { text, kind, at })
}

/// `kep-ls check` on the styles where yaml.v3 and YAML 1.2 parsers part ways: no error on what
/// yaml.v3 accepts, an error placed where an author can fix it on what it rejects. (Runs without Go:
/// the verdicts were taken from yaml.v3 and are also in `ide/yaml.rs`'s unit tests.)
#[test]
fn check_follows_yaml_v3_where_parsers_differ() {
    let dir = TempDir::new("yaml-v3-styles");
    let head = "kep-number: 1\nowning-sig: sig-node\nstatus: provisional\n";
    let accepted = format!(
        "title: \"A long title\ncontinued at column 0\"\n{head}authors:\n  - \"@a\"#sig-node-assigned-approver\n  - &lead \"@b\"\napprovers:\n  - *lead\n  - \"@c\"#note\nlast-updated: 2024-01-01\u{feff}\n"
    );
    dir.write("keps/sig-node/1-accepted/kep.yaml", &accepted);
    dir.write("keps/sig-node/2-tab/kep.yaml", &format!("title: T\n{head}authors:\n  -\t\"@a\"\napprovers: []\n"));
    dir.write("keps/sig-node/3-quote/kep.yaml", &format!("title: \"Foo\n{head}authors: []\napprovers: []\n"));
    dir.write("keps/sig-node/4-separator/kep.yaml", &format!("title: T\u{2028}x\n{head}authors: []\napprovers: []\n"));

    let output = Command::new(crate::client::binary())
        .current_dir(dir.path())
        .args(["check", "keps", "--format", "json"])
        .output()
        .expect("run kep-ls check");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON output");
    let mut found: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "yaml-syntax")
        .map(|d| {
            format!("{}:{}:{}: {}", d["path"].as_str().unwrap(), d["line"], d["column"], d["message"].as_str().unwrap())
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "keps/sig-node/2-tab/kep.yaml:6:4: YAML syntax error: a tab cannot separate tokens here: yaml.v3 refuses a tab at the start of a line and after `-`, `?` or `:`",
            "keps/sig-node/3-quote/kep.yaml:1:8: YAML syntax error: this quoted string is never closed: its closing quote is missing",
            "keps/sig-node/4-separator/kep.yaml:1:10: YAML syntax error: U+2028 before this text is a line break for YAML, so this reads as a key without ':'",
        ]
    );
}
