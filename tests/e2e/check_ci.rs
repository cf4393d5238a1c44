//! `kep-ls check` in CI pipelines (issue 18): paths as people type them, the github and SARIF
//! formats, severity filters and exit codes, the template skipped, quiet legacy KEPs, suppression
//! comments and `[[overrides]]`; and the "ignore" code action over stdio.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{apply_edits, binary, edits_for, Client, Start};
use crate::workspace::{copy_tree, TempDir};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn kep_ls(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).args(args).output().expect("run kep-ls")
}

fn check(cwd: &Path, args: &[&str]) -> Output {
    let mut all = vec!["check"];
    all.extend(args);
    kep_ls(cwd, &all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `(path, code)` of every diagnostic of a JSON report.
fn found(output: &Output) -> Vec<(String, String)> {
    let json: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        .collect()
}

/// A copy of the examples: five KEPs, three with deliberate errors.
fn examples() -> TempDir {
    let dir = TempDir::new("ci");
    copy_tree(&repo_root().join("examples"), dir.path());
    dir
}

#[test]
fn paths_are_taken_as_people_type_them() {
    let dir = examples();
    let kep = dir.path().join("keps/sig-cli/1004-kubectl-explain-examples");
    let sig_cli = ["error[prr-file-missing]".to_string(), "error[unknown-key]".to_string()];
    let codes = |output: &Output| -> Vec<String> {
        stdout(output)
            .lines()
            .take_while(|l| !l.is_empty())
            .filter(|l| !l.starts_with("checked "))
            .map(|l| l.split(": ").nth(1).unwrap_or_default().to_string())
            .collect()
    };
    // Inside a KEP directory: no path, `.`, `kep.yaml`; the paths are shown relative to it.
    for args in [&[][..], &["."], &["kep.yaml"]] {
        let output = check(&kep, args);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(codes(&output), sig_cli, "{args:?}");
        assert!(stdout(&output).starts_with("kep.yaml:6:9: error[prr-file-missing]"), "{}", stdout(&output));
    }
    // `README.md` of a clean KEP, `../x`, and `a/../b`.
    let output = check(&kep, &["README.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = check(&kep, &["../../sig-network"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).starts_with("../../sig-network/1005-service-topology-labels/kep.yaml:"),
        "{}",
        stdout(&output)
    );
    let output = check(dir.path(), &["keps/sig-apps/../sig-cli"]);
    assert_eq!(codes(&output), sig_cli);
    // Inside keps/: the whole tree.
    let output = check(&dir.path().join("keps"), &[]);
    expect![[r#"
        prod-readiness/sig-network/1005.yaml:3:13: error[prr-approver-unknown]: `grace-hopper` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: margaret-hamilton, barbara-liskov, frances-allen)
        sig-cli/1004-kubectl-explain-examples/kep.yaml:6:9: error[prr-file-missing]: no PRR approval file: `status: implementable` from v1.21 on needs keps/prod-readiness/sig-cli/1004.yaml
        sig-cli/1004-kubectl-explain-examples/kep.yaml:12:1: error[unknown-key]: unknown key `see_also`: did you mean `see-also`?
        sig-network/1005-service-topology-labels/kep.yaml:12:8: error[prr-approver-unknown]: the `alpha` approver in keps/prod-readiness/sig-network/1005.yaml: `grace-hopper` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: margaret-hamilton, barbara-liskov, frances-allen)
        sig-network/1005-service-topology-labels/kep.yaml:13:1: error[duplicate-key]: duplicate key `status`: it is already defined above

        rule                  severity  count
        prr-approver-unknown  error         2
        duplicate-key         error         1
        prr-file-missing      error         1
        unknown-key           error         1
        checked 13 files (5 KEPs): 5 errors, 0 warnings, 0 info, 0 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&stdout(&output)));
}

#[test]
fn the_github_format_writes_workflow_commands() {
    let output = check(&repo_root(), &["examples/keps/sig-cli", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "::error file=examples/keps/sig-cli/1004-kubectl-explain-examples/kep.yaml,line=6,col=9,endLine=6,endColumn=22,title=prr-file-missing::no PRR approval file: `status: implementable` from v1.21 on needs keps/prod-readiness/sig-cli/1004.yaml",
            "::error file=examples/keps/sig-cli/1004-kubectl-explain-examples/kep.yaml,line=12,col=1,endLine=12,endColumn=9,title=unknown-key::unknown key `see_also`: did you mean `see-also`?",
        ]
    );
    assert!(lines[2].starts_with("checked 2 files (1 KEPs): 2 errors"), "{text}");
}

/// Validates `document` against the SARIF 2.1.0 schema with Python's `jsonschema`; `Err` holds
/// the validator's complaint.
fn validate_sarif(schema: &Path, document: &str) -> Result<(), String> {
    use std::io::Write;
    let script = "import json, sys, jsonschema\nschema = json.load(open(sys.argv[1]))\ncls = jsonschema.validators.validator_for(schema)\nerrors = sorted(cls(schema).iter_errors(json.load(sys.stdin)), key=str)\nfor e in errors[:5]: print(list(e.absolute_path), e.message)\nsys.exit(1 if errors else 0)\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .arg(schema)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with jsonschema (see README: SARIF schema test)");
    child.stdin.take().unwrap().write_all(document.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

#[test]
fn the_sarif_format_is_sarif_2_1_0_with_rules_regions_and_safe_fixes() {
    let dir = examples();
    // A stale table of contents: a result with a safe fix.
    let readme = dir.path().join("keps/sig-apps/1002-job-retry-budget/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    std::fs::write(&readme, text.replace("## Alternatives", "## Alternatives Considered")).unwrap();
    let output = check(dir.path(), &["--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let mut ids: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "duplicate-key",
            "prr-approver-unknown",
            "prr-approver-unknown",
            "prr-file-missing",
            "template-section-missing",
            "toc-out-of-date",
            "unknown-key"
        ]
    );
    let unknown = results.iter().find(|r| r["ruleId"] == "unknown-key").unwrap();
    assert_eq!(unknown["level"], "error");
    let location = &unknown["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "keps/sig-cli/1004-kubectl-explain-examples/kep.yaml");
    assert_eq!(location["region"], json!({ "startLine": 12, "startColumn": 1, "endLine": 12, "endColumn": 9 }));
    let index = unknown["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "unknown-key");
    assert!(rules[index]["help"]["markdown"].as_str().unwrap().contains("kep-ls: ignore[unknown-key]"));
    let toc = results.iter().find(|r| r["ruleId"] == "toc-out-of-date").unwrap();
    assert_eq!(toc["level"], "error");
    let change = &toc["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "keps/sig-apps/1002-job-retry-budget/README.md");
    assert!(change["replacements"][0]["insertedContent"]["text"].as_str().unwrap().contains("Alternatives Considered"));

    // The schema check: in CI, tests/all.sh fetches the schema (npm package @microsoft/jest-sarif) and
    // names it in KEP_LS_SARIF_SCHEMA.
    let Some(schema) = std::env::var_os("KEP_LS_SARIF_SCHEMA").map(PathBuf::from) else {
        eprintln!("skipped the SARIF schema validation: KEP_LS_SARIF_SCHEMA is not set (tests/all.sh sets it)");
        return;
    };
    assert!(schema.is_file(), "KEP_LS_SARIF_SCHEMA={} is not a file", schema.display());
    validate_sarif(&schema, &stdout(&output)).expect("the SARIF output is valid");
    // The validator does reject what is not SARIF: the check can fail.
    let mut broken = sarif.clone();
    broken["runs"][0]["results"][0]["level"] = json!("fatal");
    assert!(validate_sarif(&schema, &broken.to_string()).is_err(), "the validator accepts a bad level");
}

#[test]
fn min_severity_fail_on_and_quiet() {
    let dir = examples();
    for faulty in ["keps/sig-cli", "keps/sig-network", "keps/prod-readiness/sig-network"] {
        std::fs::remove_dir_all(dir.path().join(faulty)).unwrap();
    }
    // One warning: a date that is no date.
    let kep = dir.path().join("keps/sig-apps/1002-job-retry-budget/kep.yaml");
    let text = std::fs::read_to_string(&kep).unwrap();
    std::fs::write(&kep, text.replace("creation-date: 2025-03-02", "creation-date: 2025-30-02")).unwrap();
    let output = check(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "warnings do not fail by default");
    expect![[r#"
        keps/sig-apps/1002-job-retry-budget/kep.yaml:7:16: warning[invalid-date]: `creation-date: 2025-30-02` is not a calendar date: there is no month 30 (the form is yyyy-mm-dd)

        rule          severity  count
        invalid-date  warning       1
        checked 9 files (3 KEPs): 0 errors, 1 warning, 0 info, 0 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&stdout(&output)));
    assert_eq!(check(dir.path(), &["--fail-on", "warning"]).status.code(), Some(1));
    let output = check(dir.path(), &["--min-severity", "error"]);
    expect![[r#"

        rule          severity  count
        invalid-date  warning       1
        checked 9 files (3 KEPs): 0 errors, 1 warning, 0 info, 0 hints in <t> ms
    "#]]
    .assert_eq(&kep_ls_testkit::without_timing(&stdout(&output)));
    expect![[r#"

        rule          severity  count
        invalid-date  warning       1
        checked 9 files (3 KEPs): 0 errors, 1 warning, 0 info, 0 hints in <t> ms
    "#]]
    .assert_eq(&kep_ls_testkit::without_timing(&stdout(&check(dir.path(), &["--quiet"]))));
    assert_eq!(check(dir.path(), &["--fail-on", "info"]).status.code(), Some(2));
    assert_eq!(check(dir.path(), &["--min-severity", "loud"]).status.code(), Some(2));
}

#[test]
fn the_template_is_skipped_unless_asked_for_or_named() {
    let dir = examples();
    dir.write("keps/NNNN-kep-template/kep.yaml", "title: KEP Template\nkep-number: NNNN\nowning-sig: sig-xyz\nstatus: provisional|implementable|implemented|deferred|rejected|withdrawn|replaced\n");
    let template = |output: &Output| found(output).iter().filter(|(p, _)| p.contains("NNNN-kep-template")).count();
    assert_eq!(template(&check(dir.path(), &["--format", "json"])), 0);
    assert!(template(&check(dir.path(), &["--format", "json", "--include-template"])) > 0);
    assert!(template(&check(dir.path(), &["keps/NNNN-kep-template", "--format", "json"])) > 0);
}

#[test]
fn settled_keps_get_no_authoring_advice_unless_asked() {
    let dir = examples();
    let kep = dir.path().join("keps/sig-node/1001-pod-readiness-hints/kep.yaml");
    let text = std::fs::read_to_string(&kep).unwrap();
    let readme = kep.with_file_name("README.md");
    // A README without most template sections.
    std::fs::write(&readme, "# KEP-1001: Pod Readiness Hints\n\n## Summary\n\nShort.\n").unwrap();
    let advice = |output: &Output| found(output).iter().filter(|(_, c)| c == "template-section-missing").count();
    let args = ["keps/sig-node", "--format", "json"];
    assert!(advice(&check(dir.path(), &args)) > 0, "implementable: advised");
    let status = text.lines().find(|l| l.starts_with("status:")).unwrap().to_string();
    std::fs::write(&kep, text.replace(&status, "status: implemented")).unwrap();
    assert_eq!(advice(&check(dir.path(), &args)), 0, "implemented: quiet");
    assert!(advice(&check(dir.path(), &["keps/sig-node", "--format", "json", "--all-advice"])) > 0);
    dir.write(".kep-ls.toml", "all-advice = true\n");
    assert!(advice(&check(dir.path(), &args)) > 0, "all-advice in .kep-ls.toml");
}

#[test]
fn suppression_comments_overrides_and_unused_suppressions() {
    let dir = examples();
    let kep = dir.path().join("keps/sig-cli/1004-kubectl-explain-examples/kep.yaml");
    let text = std::fs::read_to_string(&kep).unwrap();
    let see_also = text.lines().find(|l| l.starts_with("see_also")).unwrap().to_string();
    std::fs::write(&kep, text.replace(&see_also, &format!("{see_also} # kep-ls: ignore[unknown-key, invalid-date]")))
        .unwrap();
    dir.write(
        ".kep-ls.toml",
        "[[overrides]]\npaths = [\"keps/sig-network/**\", \"keps/prod-readiness/sig-network/*\"]\nrules = { prr-approver-unknown = \"off\", duplicate-key = \"warning\" }\n",
    );
    let output = check(dir.path(), &["--format", "json"]);
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let seen: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["code"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    let cli = "keps/sig-cli/1004-kubectl-explain-examples/kep.yaml".to_string();
    assert_eq!(
        seen,
        [
            (cli.clone(), "prr-file-missing".into(), "error".into()),
            (cli, "unused-suppression".into(), "hint".into()),
            ("keps/sig-network/1005-service-topology-labels/kep.yaml".into(), "duplicate-key".into(), "warning".into()),
        ]
    );
    expect!["nothing to suppress: no `invalid-date` on its line; remove the suppression"]
        .assert_eq(json["diagnostics"][1]["message"].as_str().unwrap());
}

#[test]
fn every_rule_says_how_to_silence_it() {
    let output = kep_ls(&repo_root(), &["rules", "broken-anchor"]);
    assert!(stdout(&output).contains("**Silence:** `<!-- kep-ls-ignore broken-anchor -->`"), "{}", stdout(&output));
    let output = kep_ls(&repo_root(), &["rules", "template-section-missing"]);
    assert!(stdout(&output).contains("--all-advice"), "{}", stdout(&output));
    let output = kep_ls(&repo_root(), &["rules", "invalid-date"]);
    assert!(stdout(&output).contains("`# kep-ls: ignore[invalid-date]`"), "{}", stdout(&output));
}

#[test]
fn the_ignore_code_action_silences_the_diagnostic_on_its_line() {
    let dir = TempDir::new("ignore-action");
    let text = "title: Ignored\nkep-number: 12\nauthors: []\nowning-sig: sig-node\nstatus: provisional\nsee_also: []\n";
    let path = dir.write("keps/sig-node/12-ignored/kep.yaml", text);
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "yaml", text, 1);
    let published = client.diagnostics(&uri, Some(1));
    assert!(published["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "unknown-key"));
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 5, "character": 0 }, "end": { "line": 5, "character": 0 } },
            "context": { "diagnostics": [] }
        }),
    );
    let actions = response["result"].as_array().cloned().unwrap_or_default();
    let ignore = actions
        .iter()
        .find(|a| a["title"] == "Ignore `unknown-key` on this line (kep-ls: ignore comment)")
        .unwrap_or_else(|| panic!("no ignore action in {actions:#?}"));
    assert_eq!(ignore["kind"], "quickfix");
    let fixed = apply_edits(text, &edits_for(&ignore["edit"], &uri));
    assert!(fixed.ends_with("see_also: [] # kep-ls: ignore[unknown-key]\n"), "{fixed}");
    client.change(&uri, 2, json!([{ "text": fixed }]));
    let published = client.diagnostics(&uri, Some(2));
    assert!(!published["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "unknown-key"), "{published}");
    assert!(client.shutdown_and_exit().success());
}
