//! `kep-ls check` as CI runs it: on the shipped examples, on the real corpus, and on single
//! faults injected into a temporary copy of a real KEP.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::Value;

use crate::client::binary;
use crate::workspace::{checked, copy_tree, corpus, shared_data, TempDir};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).arg("check").args(args).output().expect("run kep-ls check")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The diagnostic lines: before the per-rule table (after a blank line) and the summary (whose time varies).
fn lines(output: &Output) -> Vec<String> {
    stdout(output)
        .lines()
        .take_while(|l| !l.is_empty())
        .filter(|l| !l.starts_with("checked "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_examples_report_their_deliberate_faults() {
    let output = check(&repo_root(), &["examples/keps"]);
    assert_eq!(output.status.code(), Some(1), "errors exit with 1");
    let expected = [
        "examples/keps/prod-readiness/sig-network/1005.yaml:3:13: error[prr-approver-unknown]: `grace-hopper` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: margaret-hamilton, barbara-liskov, frances-allen)",
        "examples/keps/sig-cli/1004-kubectl-explain-examples/kep.yaml:6:9: error[prr-file-missing]: no PRR approval file: `status: implementable` from v1.21 on needs keps/prod-readiness/sig-cli/1004.yaml",
        "examples/keps/sig-cli/1004-kubectl-explain-examples/kep.yaml:12:1: error[unknown-key]: unknown key `see_also`: did you mean `see-also`?",
        "examples/keps/sig-network/1005-service-topology-labels/kep.yaml:12:8: error[prr-approver-unknown]: the `alpha` approver in keps/prod-readiness/sig-network/1005.yaml: `grace-hopper` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: margaret-hamilton, barbara-liskov, frances-allen)",
        "examples/keps/sig-network/1005-service-topology-labels/kep.yaml:13:1: error[duplicate-key]: duplicate key `status`: it is already defined above",
    ];
    assert_eq!(lines(&output), expected);
    let summary = stdout(&output).lines().last().unwrap_or_default().to_string();
    assert!(summary.starts_with("checked 13 files (5 KEPs): 5 errors, 0 warnings"), "{summary}");
}

#[test]
fn json_output_carries_every_diagnostic_and_the_summary() {
    let output = check(&repo_root(), &["examples/keps", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 5);
    assert_eq!(diagnostics[2]["code"], "unknown-key");
    assert_eq!(diagnostics[2]["line"], 12);
    assert_eq!(diagnostics[2]["column"], 1);
    assert_eq!(diagnostics[2]["end_column"], 9);
    assert_eq!(json["summary"]["errors"], 5);
    assert_eq!(json["summary"]["keps"], 5);
}

#[test]
fn a_clean_tree_exits_with_0_and_columns_count_characters() {
    let dir = TempDir::new("clean");
    copy_tree(&repo_root().join("examples"), dir.path());
    for faulty in ["keps/sig-cli", "keps/sig-network", "keps/prod-readiness/sig-network"] {
        std::fs::remove_dir_all(dir.path().join(faulty)).unwrap();
    }
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(lines(&output).is_empty());

    // A fault after non-ASCII text: the column counts characters, not bytes.
    dir.write(
        "keps/sig-apps/1002-job-retry-budget/kep.yaml",
        &std::fs::read_to_string(dir.path().join("keps/sig-apps/1002-job-retry-budget/kep.yaml"))
            .unwrap()
            .replace("title: Job Retry Budget", "title: Job Retry Budget\nfeature-gates: [{name: \"é\", gamma: [x]}]"),
    );
    let output = check(dir.path(), &["keps/sig-apps"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(lines(&output), ["keps/sig-apps/1002-job-retry-budget/kep.yaml:2:29: error[unknown-key]: unknown key `gamma`; expected one of `name`, `components`"]);
}

#[test]
fn bad_usage_exits_with_2() {
    let dir = TempDir::new("usage");
    assert_eq!(check(dir.path(), &["no/such/path"]).status.code(), Some(2));
    assert_eq!(check(dir.path(), &[]).status.code(), Some(2), "no keps/ tree here");
    assert_eq!(check(dir.path(), &["--frobnicate"]).status.code(), Some(2));
    assert_eq!(check(dir.path(), &["--format", "xml"]).status.code(), Some(2));
}

#[test]
fn the_real_corpus_has_no_errors() {
    let (Some(keps), Some(aliases)) = (corpus(), shared_data("OWNERS_ALIASES")) else { return };
    let output = check(
        &repo_root(),
        &[keps.to_str().unwrap(), "--owners-aliases", aliases.to_str().unwrap(), "--format", "json"],
    );
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let errors: Vec<&Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["severity"] == "error").collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // 656 KEPs but the template, skipped by default.
    assert_eq!(json["summary"]["keps"], 655);
    assert_eq!(output.status.code(), Some(0));
    checked("check_cli::the_real_corpus_has_no_errors", json["summary"]["keps"].as_u64().unwrap_or(0) as usize, "KEPs");
}

/// The authoring rules on the real corpus: the count of each, rule by rule, as kep-format.md §4
/// lists the real problems (where a count differs from §4, the reason is given).
#[test]
fn the_real_corpus_shows_each_authoring_problem_of_kep_format_md() {
    let (Some(keps), Some(aliases), Some(sigs)) = (corpus(), shared_data("OWNERS_ALIASES"), shared_data("sigs.yaml"))
    else {
        return;
    };
    let run = |extra: &[&str]| {
        let mut args = vec![
            keps.to_str().unwrap(),
            "--owners-aliases",
            aliases.to_str().unwrap(),
            "--sigs",
            sigs.to_str().unwrap(),
        ];
        args.extend(["--format", "json"]);
        args.extend(extra);
        let output = check(&repo_root(), &args);
        let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
        let mut counts = std::collections::BTreeMap::<String, (String, usize)>::new();
        for d in json["diagnostics"].as_array().unwrap() {
            let entry = counts.entry(d["code"].as_str().unwrap().to_string()).or_default();
            entry.0 = d["severity"].as_str().unwrap().to_string();
            entry.1 += 1;
        }
        assert_eq!(json["summary"]["errors"], 0);
        counts.into_iter().map(|(c, (s, n))| (c, s, n)).collect::<Vec<(String, String, usize)>>()
    };
    let owned = |list: &[(&str, &str, usize)]| -> Vec<(String, String, usize)> {
        list.iter().map(|(c, s, n)| (c.to_string(), s.to_string(), *n)).collect()
    };
    // With every piece of advice and the template: the whole corpus as §4 describes it.
    let everything: Vec<(&str, &str, usize)> = vec![
        // 27 KEPs; some name two or three of their authors as approvers.
        ("approver-is-author", "info", 33),
        // README rules (kep-format.md §7): renamed headings, typos, `##Alternatives`; checked by hand on a sample.
        ("broken-anchor", "warning", 73),
        // 2133 twice, 0000 four times.
        ("duplicate-kep-number", "warning", 6),
        ("implemented-not-stable", "warning", 6),
        // 2023-14-05, 2025-30-01, 2025-10-9, 2024-2-1, 2023-9-18 and four releases (v1.27 ...); the
        // five `yyyy-mm-dd` are template-placeholder's.
        ("invalid-date", "warning", 9),
        // 16 entries in 10 KEPs: curly quotes, a trailing space, free text, groups, `@quinton_hoole`.
        ("invalid-handle", "warning", 16),
        // §4 counts 3: two are the template's `alpha|beta|stable` (template-placeholder).
        ("invalid-stage", "warning", 1),
        // §4 counts 6: two are the template's `provisional|implementable|...` (template-placeholder).
        ("invalid-status", "warning", 4),
        ("kep-number-mismatch", "warning", 1),
        ("latest-milestone-behind", "warning", 10),
        // 99 `0.0`, 54 without `v`, 37 `TBD`, 26 `""`, `x.y`, `never`, `TODO`, `v1.21, v1.37`.
        ("milestone-format", "warning", 220),
        // Misspellings misspell's list lacks (CI passes them), all real; the rule's own test reviews them per word.
        ("misspelling", "warning", 642),
        // §4 counts 10: 6 KEPs under provider-aws/ and the template have no group folder.
        ("owning-sig-mismatch", "hint", 3),
        // §5 counts 4: 752.yaml holds `0752`, the same number.
        ("prr-kep-number-mismatch", "warning", 3),
        // Resolved references written as URLs, Markdown links, `/kep/` typos or path variants.
        ("reference-form", "hint", 74),
        // §6: none of the 6 replaced KEPs has a superseded-by.
        ("replaced-without-superseded-by", "warning", 6),
        // §6 counts 8 one-sided `replaces`; the ninth is the reverse (2377 superseded by 2386).
        ("replaces-reciprocity", "warning", 9),
        ("stage-fields-missing", "hint", 209),
        // 16 KEPs, the two templates among them.
        ("template-placeholder", "warning", 35),
        // In 435 READMEs; 219 of 654 have every non-optional section (§7.2 counts 184 with the `######` PRR
        // questions, which this rule leaves out: their wording changed between template versions).
        ("template-section-missing", "info", 2307),
        // 169 reworded titles, 7 wrong or placeholder numbers, 6 READMEs without a title (§7.3 says 5 numbers).
        ("title-mismatch", "warning", 178),
        // §7.3 counts 229 without a number; `KEP 3000:`, `KEP-0752 Title` and `[KEP-5027](...)` count as numbered here.
        ("title-number-missing", "hint", 218),
        // §4 counts 19 KEPs: the two templates' `sig-xyz`/`sig-aaa`/`sig-bbb` are template-placeholder's.
        ("unknown-group", "warning", 17),
        // In 21 READMEs; §7.3's 158 files count the marker inside the template's guidance comment too.
        ("unresolved-block", "info", 56),
        // 74 kep.yaml entries (40 legacy, 14 moved, 20 missing: §6 counts 73) and 72 README links.
        ("unresolved-reference", "warning", 146),
    ];
    assert_eq!(run(&["--all-advice", "--include-template"]), owned(&everything));
    // By default: no authoring advice on the 3xx settled KEPs (implemented, withdrawn, rejected,
    // replaced, deferred), and the template (16 placeholders, 3 links to KEPs that are examples) skipped.
    let quiet: Vec<(&str, &str, usize)> = everything
        .iter()
        .map(|&(code, severity, n)| match code {
            "misspelling" => (code, severity, 321),
            "reference-form" => (code, severity, 44),
            "stage-fields-missing" => (code, severity, 92),
            "template-placeholder" => (code, severity, 19),
            "template-section-missing" => (code, severity, 1025),
            "title-number-missing" => (code, severity, 94),
            "unresolved-reference" => (code, severity, 143),
            _ => (code, severity, n),
        })
        .collect();
    assert_eq!(run(&[]), owned(&quiet));
    checked(
        "check_cli::the_real_corpus_shows_each_authoring_problem_of_kep_format_md",
        everything.len(),
        "rule counts",
    );
}

/// A temporary repository holding one real KEP (sig-api-machinery/1965, implementable, beta,
/// v1.26), its PRR file and OWNERS_ALIASES.
struct OneKep {
    dir: TempDir,
    kep: PathBuf,
    prr: PathBuf,
}

const KEP_DIR: &str = "keps/sig-api-machinery/1965-kube-apiserver-identity";
const PRR_FILE: &str = "keps/prod-readiness/sig-api-machinery/1965.yaml";

impl OneKep {
    fn new(corpus: &Path, aliases: &Path) -> OneKep {
        let dir = TempDir::new("fault");
        copy_tree(&corpus.join(KEP_DIR.trim_start_matches("keps/")), &dir.path().join(KEP_DIR));
        let prr =
            dir.write(PRR_FILE, &std::fs::read_to_string(corpus.join(PRR_FILE.trim_start_matches("keps/"))).unwrap());
        std::fs::copy(aliases, dir.path().join("OWNERS_ALIASES")).unwrap();
        OneKep { kep: dir.path().join(KEP_DIR).join("kep.yaml"), prr, dir }
    }

    fn readme(&self) -> PathBuf {
        self.kep.with_file_name("README.md")
    }

    fn edit(path: &Path, from: &str, to: &str) {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from:?} not in {}", path.display());
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// `(path, line, code)` of every diagnostic `check` reports, but `unresolved-reference`: the
    /// copy holds one KEP, so its links to other KEPs rightly lead nowhere.
    fn reported(&self) -> Vec<(String, usize, String)> {
        // The lone copied KEP targets the newest release of its tree: its release readiness is
        // tested in `release.rs`, not here.
        let output = check(self.dir.path(), &["--format", "json", "--rule", "release-readiness=off"]);
        let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] != "unresolved-reference")
            .map(|d| {
                (
                    d["path"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap() as usize,
                    d["code"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

#[test]
fn every_rule_reports_a_fault_injected_into_a_real_kep() {
    let (Some(corpus), Some(aliases)) = (corpus(), shared_data("OWNERS_ALIASES")) else { return };
    let kep_yaml = format!("{KEP_DIR}/kep.yaml");
    let prr_yaml = PRR_FILE.to_string();
    // (fault, how to inject it, every diagnostic it must produce: file, line, code)
    type Fault = (&'static str, fn(&OneKep), Vec<(&'static str, usize, &'static str)>);
    let faults: Vec<Fault> = vec![
        ("none", |_| {}, vec![]),
        (
            "syntax",
            |k| OneKep::edit(&k.kep, "title: kube-apiserver identity", "title: [kube-apiserver identity"),
            vec![("kep", 2, "yaml-syntax")],
        ),
        (
            "separator",
            |k| OneKep::edit(&k.kep, "kep-number: 1965\n", "kep-number: 1965\n# --- identity ---\n"),
            vec![("kep", 3, "document-separator")],
        ),
        ("unknown key", |k| OneKep::edit(&k.kep, "see-also:", "see_also:"), vec![("kep", 18, "unknown-key")]),
        (
            "duplicate key",
            |k| OneKep::edit(&k.kep, "status: implementable\n", "status: implementable\nstatus: implemented\n"),
            vec![("kep", 9, "duplicate-key")],
        ),
        (
            "type",
            |k| OneKep::edit(&k.kep, "disable-supported: true", "disable-supported: sometimes"),
            vec![("kep", 40, "type-mismatch")],
        ),
        (
            "required",
            |k| OneKep::edit(&k.kep, "title: kube-apiserver identity\n", ""),
            vec![("kep", 1, "missing-required")],
        ),
        (
            "milestone missing",
            |k| OneKep::edit(&k.kep, "latest-milestone: \"v1.26\"\n", ""),
            vec![("kep", 8, "prr-latest-milestone-missing")],
        ),
        ("stage missing", |k| OneKep::edit(&k.kep, "stage: beta\n", ""), vec![("kep", 8, "prr-stage-missing")]),
        (
            "milestone unparsable",
            |k| OneKep::edit(&k.kep, "latest-milestone: \"v1.26\"", "latest-milestone: TBD"),
            vec![("kep", 27, "prr-milestone-unparsable")],
        ),
        ("prr file missing", |k| std::fs::remove_file(&k.prr).unwrap(), vec![("kep", 8, "prr-file-missing")]),
        (
            "prr file invalid",
            |k| OneKep::edit(&k.prr, "beta:", "bogus: 1\nbeta:"),
            vec![("kep", 8, "prr-file-invalid"), ("prr", 2, "unknown-key")],
        ),
        (
            "stage not approved",
            |k| OneKep::edit(&k.kep, "stage: beta", "stage: stable"),
            vec![("kep", 22, "prr-stage-not-approved"), ("prr", 1, "prr-stage-not-approved")],
        ),
        (
            "approver empty",
            |k| OneKep::edit(&k.prr, "approver: \"@deads2k\"", "approver: \"\""),
            vec![("kep", 22, "prr-approver-empty"), ("prr", 3, "prr-approver-empty")],
        ),
        (
            "approver unknown",
            |k| OneKep::edit(&k.prr, "approver: \"@deads2k\"", "approver: \"@nobody\""),
            vec![("kep", 22, "prr-approver-unknown"), ("prr", 3, "prr-approver-unknown")],
        ),
        (
            "readme alone",
            |k| {
                k.dir.write("keps/sig-api-machinery/9999-orphan/README.md", "# Orphan\n<!-- toc -->\n<!-- /toc -->\n");
            },
            vec![("keps/sig-api-machinery/9999-orphan/README.md", 1, "readme-without-kep-yaml")],
        ),
        (
            "toc stale",
            |k| OneKep::edit(&k.readme(), "## Summary", "## Summary of it"),
            // `Summary of it` is not the template's `Summary` either.
            vec![("readme", 3, "toc-out-of-date"), ("readme", 64, "template-section-missing")],
        ),
        (
            "toc missing",
            |k| OneKep::edit(&k.readme(), "<!-- toc -->", "<!-- contents -->"),
            vec![("readme", 1, "toc-missing")],
        ),
        ("not utf-8", |k| std::fs::write(&k.kep, b"title: \xff\xfe\n").unwrap(), vec![("kep", 1, "unreadable-file")]),
        (
            "title number",
            |k| OneKep::edit(&k.readme(), "# KEP-1965: ", "# KEP-1956: "),
            vec![("readme", 1, "title-mismatch")],
        ),
        (
            "title without number",
            |k| OneKep::edit(&k.readme(), "# KEP-1965: ", "# "),
            vec![("readme", 1, "title-number-missing")],
        ),
        (
            "template section",
            |k| OneKep::edit(&k.readme(), "### Goals\n", "### Aims\n"),
            vec![("readme", 3, "toc-out-of-date"), ("readme", 83, "template-section-missing")],
        ),
        (
            "broken anchor",
            |k| OneKep::edit(&k.readme(), "availability of kube-apiserver", "availability of [it](#nowhere)"),
            vec![("readme", 89, "broken-anchor")],
        ),
        (
            "unresolved",
            |k| OneKep::edit(&k.readme(), "* improving", "* <<[UNRESOLVED]>> improving"),
            vec![("readme", 89, "unresolved-block")],
        ),
    ];
    // The real README lacks three template sections (information): they are reported whatever the fault.
    let baseline = OneKep::new(&corpus, &aliases).reported();
    let readme = format!("{KEP_DIR}/README.md");
    assert_eq!(
        baseline,
        [
            (readme.clone(), 102, "template-section-missing".to_string()),
            (readme.clone(), 180, "template-section-missing".into()),
            (readme, 332, "template-section-missing".into())
        ]
    );
    let injected = faults.len();
    for (name, inject, expected) in faults {
        let kep = OneKep::new(&corpus, &aliases);
        inject(&kep);
        let mut reported = kep.reported();
        reported.retain(|r| !baseline.contains(r));
        reported.sort();
        let mut expected: Vec<(String, usize, String)> = expected
            .into_iter()
            .map(|(file, line, code)| {
                let file = match file {
                    "kep" => kep_yaml.clone(),
                    "prr" => prr_yaml.clone(),
                    "readme" => format!("{KEP_DIR}/README.md"),
                    other => other.to_string(),
                };
                (file, line, code.to_string())
            })
            .collect();
        expected.sort();
        assert_eq!(reported, expected, "fault `{name}`");
    }
    checked("check_cli::every_rule_reports_a_fault_injected_into_a_real_kep", injected, "faults");
}

#[test]
fn fix_updates_stale_tables_of_contents_and_never_touches_broken_yaml() {
    let dir = TempDir::new("fix");
    copy_tree(&repo_root().join("examples"), dir.path());
    let readme = dir.path().join("keps/sig-apps/1002-job-retry-budget/README.md");
    let original = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, original.replace("## Alternatives", "## Alternatives Considered")).unwrap();
    let broken = dir.write("keps/sig-apps/1002-job-retry-budget/kep.yaml", "title: [broken\nsee_also: []\n");

    let output = check(dir.path(), &["--fix"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    expect![[r#"
        fixed: keps/sig-apps/1002-job-retry-budget/README.md (toc-out-of-date)
        not fixed: keps/sig-apps/1002-job-retry-budget/kep.yaml (it does not parse; fix the syntax error first)
        fixed: keps/sig-cli/1004-kubectl-explain-examples/kep.yaml (unknown-key)
    "#]]
    .assert_eq(&stderr);
    let fixed = std::fs::read_to_string(&readme).unwrap();
    assert!(fixed.contains("- [Alternatives Considered](#alternatives-considered)\n<!-- /toc -->"), "{fixed}");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "title: [broken\nsee_also: []\n",
        "a file that does not parse is left alone"
    );
    let left = lines(&output);
    assert!(left.iter().all(|l| !l.contains("toc-out-of-date") && !l.contains("[unknown-key]")), "{left:?}");
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Codes of the diagnostics, with their severities.
fn reported_codes(output: &Output) -> Vec<String> {
    lines(output).iter().filter_map(|l| l.split(": ").nth(1).map(str::to_string)).collect()
}

#[test]
fn settings_come_from_kep_ls_toml_then_flags() {
    let dir = TempDir::new("config");
    dir.write(
        "keps/sig-new/12-x/kep.yaml",
        "title: x\nkep-number: 12\nauthors: []\nowning-sig: sig-new\nstatus: provisional\napprovers: []\ncreation-date: 2025-1-2\n",
    );
    dir.write("sigs.yaml", "sigs:\n  - dir: sig-new\n    name: New\n");
    dir.write("other-sigs.yaml", "sigs:\n  - dir: sig-other\n");

    let output = check(dir.path(), &[]);
    assert_eq!(reported_codes(&output), ["warning[unknown-group]", "warning[invalid-date]"]);
    assert_eq!(output.status.code(), Some(0), "warnings do not fail");

    dir.write(".kep-ls.toml", "sigs-file = \"sigs.yaml\"\n\n[rules]\ninvalid-date = \"error\"\n");
    let output = check(dir.path(), &[]);
    assert_eq!(reported_codes(&output), ["error[invalid-date]"]);
    assert_eq!(output.status.code(), Some(1));

    let output = check(dir.path(), &["--rule", "invalid-date=off", "--sigs", "other-sigs.yaml"]);
    assert_eq!(reported_codes(&output), ["warning[unknown-group]"], "flags win over the file");
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_bad_configuration_is_a_clear_error_with_exit_code_2() {
    let dir = TempDir::new("badconfig");
    dir.write("keps/sig-node/12-x/kep.yaml", "title: x\n");
    let mut errors = String::new();
    for config in [
        "[rules]\ninvalid-date = \"loud\"\n",
        "[rules]\nno-such-rule = \"off\"\n",
        "sigs_file = \"x\"\n",
        "[rules\n",
        "sigs-file = \"absent.yaml\"\n",
    ] {
        dir.write(".kep-ls.toml", config);
        let output = check(dir.path(), &[]);
        assert_eq!(output.status.code(), Some(2), "{config}");
        errors.push_str(&stderr(&output));
    }
    expect![[r#"
        kep-ls check: $TMP/.kep-ls.toml: [rules] `invalid-date`: expected off, error, warning, info or hint, found `loud`
        kep-ls check: $TMP/.kep-ls.toml: [rules] no rule `no-such-rule` (run `kep-ls rules` for the list)
        kep-ls check: $TMP/.kep-ls.toml: TOML parse error at line 1, column 1
          |
        1 | sigs_file = "x"
          | ^^^^^^^^^
        unknown field `sigs_file`, expected one of `rules`, `sigs-file`, `upcoming-release`, `all-advice`, `overrides`, `spelling`
        kep-ls check: $TMP/.kep-ls.toml: TOML parse error at line 1, column 7
          |
        1 | [rules
          |       ^
        unclosed table, expected `]`
        kep-ls check: $TMP/absent.yaml: the file does not exist
    "#]].assert_eq(&dir.redact(&errors));
    std::fs::remove_file(dir.path().join(".kep-ls.toml")).unwrap();
    for args in [&["--rule", "invalid-date"][..], &["--rule", "nope=off"], &["--sigs", "absent.yaml"]] {
        let output = check(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn fix_applies_the_safe_authoring_fixes_and_says_what_it_changed() {
    let dir = TempDir::new("fixauthoring");
    let kep = dir.write(
        "keps/sig-node/12-x/kep.yaml",
        "title: x\nkep-number: 12\nauthors:\n  - “@jane”\nowning-sig: sig-node\nstatus: Provisional\napprovers: []\ncreation-date: 2025-1-2\nlatest-milestone: 1.30\nparticipating-sigs:\n  - sig-apimachinery\n",
    );
    // A lone KEP targets the newest release: its readiness items are not what this test is about.
    let output = check(dir.path(), &["--fix", "--rule", "release-readiness=off"]);
    assert!(
        stderr(&output).contains(
            "fixed: keps/sig-node/12-x/kep.yaml (invalid-date, invalid-handle, invalid-status, milestone-format)"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(&kep).unwrap(),
        "title: x\nkep-number: 12\nauthors:\n  - \"@jane\"\nowning-sig: sig-node\nstatus: provisional\napprovers: []\ncreation-date: 2025-01-02\nlatest-milestone: \"v1.30\"\nparticipating-sigs:\n  - sig-apimachinery\n"
    );
    assert_eq!(reported_codes(&output), ["warning[unknown-group]"], "a guess is left for a person to make");
}

/// `--fix` on a copy of the real corpus: only safe fixes are applied (54 milestones without `v`, 3
/// unpadded dates, 6 quoted or spaced handles, in 48 files; 530 misspellings with one correction, in
/// prose, in 250 files: 298 files in all); guesses are left for a person, and no fix makes an error.
#[test]
fn fix_on_the_real_corpus_applies_only_the_safe_fixes() {
    let (Some(keps), Some(aliases)) = (corpus(), shared_data("OWNERS_ALIASES")) else { return };
    let dir = TempDir::new("fixcorpus");
    copy_tree(&keps, &dir.path().join("keps"));
    std::fs::copy(aliases, dir.path().join("OWNERS_ALIASES")).unwrap();
    // Every file and all advice, settled KEPs included: this is about which fixes are safe.
    let output = check(dir.path(), &["--fix", "--format", "json", "--all-advice", "--include-template"]);
    let fixed: Vec<String> = stderr(&output).lines().filter(|l| l.starts_with("fixed: ")).map(str::to_string).collect();
    assert_eq!(fixed.len(), 298, "{fixed:#?}");
    assert_eq!(fixed.iter().filter(|f| f.contains("misspelling")).count(), 250);
    assert!(!stderr(&output).contains("not fixed"), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let count = |code: &str| json["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == code).count();
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!((count("milestone-format"), count("invalid-date"), count("invalid-handle")), (220 - 54, 9 - 3, 16 - 6));
    assert_eq!(count("unknown-group"), 17, "guesses are not applied");
    // Of 642: several corrections, or in a heading, the TOC, a link target or code.
    assert_eq!(count("misspelling"), 112);
    let curly =
        std::fs::read_to_string(dir.path().join("keps/sig-scheduling/986-resource-quota-scope-selectors/kep.yaml"));
    assert!(curly.unwrap().contains("  - \"@sjenning\"\n"));
    checked("check_cli::fix_on_the_real_corpus_applies_only_the_safe_fixes", fixed.len(), "fixed files");
}
