//! `kep-ls list` for the release team (issue 18): repeatable filters, values checked with a
//! suggestion, paths that scope the list, the formats, and the three questions of the README.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::Value;

use crate::client::binary;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn list(args: &[&str]) -> Output {
    Command::new(binary()).current_dir(repo_root()).arg("list").args(args).output().expect("run kep-ls list")
}

/// The KEP numbers of a JSON listing.
fn numbers(args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let output = list(&all);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let rows: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    rows.as_array().unwrap().iter().map(|r| r["number"].as_str().unwrap().to_string()).collect()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_three_release_team_questions_take_one_command_each() {
    // Which sig-node KEPs went beta in v1.33 (the examples' release)?
    assert_eq!(numbers(&["examples", "--sig", "sig-node", "--milestone", "v1.33", "--for-stage", "beta"]), ["1001"]);
    assert_eq!(
        numbers(&["examples", "--sig", "sig-node", "--milestone", "1.33", "--for-stage", "alpha"]),
        [] as [&str; 0]
    );
    // Which implementable KEPs have no PRR approver for their stage? 1004 has no PRR file at all.
    assert_eq!(numbers(&["examples", "--status", "implementable", "--missing-prr-approver"]), ["1004"]);
    // Which KEPs list me as approver?
    assert_eq!(numbers(&["examples", "--approver", "@grace-hopper"]), ["1001"]);
}

#[test]
fn filters_repeat_and_combine() {
    assert_eq!(numbers(&["examples", "--sig", "sig-node", "--sig", "sig-apps"]), ["1001", "1002"]);
    assert_eq!(numbers(&["examples", "--stage", "alpha", "--stage", "beta"]), ["1001", "1004", "1005"]);
    assert_eq!(numbers(&["examples", "--participating-sig", "sig-apps"]), ["1001"]);
    assert_eq!(numbers(&["examples", "--prr-approver", "grace-hopper"]), ["1005"]);
    assert_eq!(numbers(&["examples", "--prr-approver", "margaret-hamilton", "--for-stage", "beta"]), ["1001"]);
    assert_eq!(numbers(&["examples", "--latest-milestone", "v1.33"]), ["1001", "1005"]);
    assert_eq!(numbers(&["examples", "--reviewer", "grace-hopper"]), ["1001", "1003"]);
}

#[test]
fn wrong_values_are_errors_with_the_likely_value() {
    let output = list(&["examples", "--sig", "node"]);
    assert_eq!(output.status.code(), Some(2));
    expect![[r#"
        kep-ls list: --sig node: no such group: did you mean `sig-node`? (groups are named as in sigs.yaml: sig-node, wg-batch, ...)
    "#]].assert_eq(&stderr(&output));
    let output = list(&["examples", "--status", "implementd"]);
    expect![[r#"
        kep-ls list: --status implementd: no such value: did you mean `implemented`?
    "#]]
    .assert_eq(&stderr(&output));
    let output = list(&["examples", "--milestone", "TBD"]);
    expect![[r#"
        kep-ls list: --milestone TBD: not a release; write it as v1.34 (or 1.34)
    "#]]
    .assert_eq(&stderr(&output));
    assert_eq!(list(&["examples", "--for-stage", "gamma"]).status.code(), Some(2));
}

#[test]
fn paths_scope_the_list() {
    assert_eq!(numbers(&["examples/keps/sig-node"]), ["1001"]);
    assert_eq!(numbers(&["examples/keps/sig-network/1005-service-topology-labels/kep.yaml"]), ["1005"]);
    assert_eq!(numbers(&["examples/keps/sig-node", "examples/keps/sig-cli"]), ["1001", "1004"]);
    assert_eq!(numbers(&["examples"]).len(), 5);
}

#[test]
fn json_carries_people_milestones_prr_approvers_and_references() {
    let output = list(&["examples/keps/sig-node", "--format", "json"]);
    let rows: Value = serde_json::from_slice(&output.stdout).unwrap();
    let kep = &rows[0];
    assert_eq!(kep["approvers"][0], "@grace-hopper");
    assert_eq!(kep["reviewers"][0], "@grace-hopper");
    assert_eq!(kep["participating_sigs"][0], "sig-apps");
    assert_eq!(kep["milestones"]["beta"], "v1.33");
    assert_eq!(kep["prr_approvers"]["alpha"], "@margaret-hamilton");
    assert!(kep["references"]["see_also"].is_array());
}

#[test]
fn yaml_markdown_and_a_table_that_fits() {
    let output = list(&["examples/keps/sig-node", "--format", "yaml"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("- alpha: \"v1.32\"\n"), "{text}");
    assert!(text.contains("\n  number: \"1001\"\n"), "{text}");
    let output = list(&["examples/keps/sig-node", "--format", "markdown"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).lines().nth(2).unwrap(),
        "| 1001 | Pod Readiness Hints | sig-node | implementable | beta | v1.33 | @ada-lovelace | keps/sig-node/1001-pod-readiness-hints |"
    );
    let output = Command::new(binary())
        .current_dir(repo_root())
        .env("COLUMNS", "70")
        .args(["list", "examples"])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.lines().all(|l| l.chars().count() <= 70), "{table}");
    assert!(table.starts_with("KEP   TITLE"), "{table}");
}
