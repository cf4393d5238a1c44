//! Release readiness end to end: the lens, the hover and the `release-readiness` diagnostics over
//! stdio, live as the kep.yaml and the README change; `kep-ls release` in every format.

use std::path::Path;
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{binary, Client, Start};
use crate::workspace::TempDir;

/// A beta KEP targeting v1.37 without `milestone.beta` and without its PRR file.
const KEP: &str = "title: Example feature\nkep-number: 1234\nauthors: [\"@a\"]\nowning-sig: sig-node\nstatus: implementable\nstage: beta\nlatest-milestone: \"v1.37\"\nmilestone:\n  alpha: \"v1.36\"\n";

/// A stable KEP targeting v1.37 with everything in place but its README's sections.
const READY_KEP: &str = "title: Ready feature\nkep-number: 77\nauthors: [\"@a\"]\nowning-sig: sig-apps\nstatus: implementable\nstage: alpha\nlatest-milestone: \"v1.37\"\nmilestone:\n  alpha: \"v1.37\"\n";

/// A KEP of an older release: never listed for v1.37.
const OLD_KEP: &str = "title: Old feature\nkep-number: 55\nauthors: [\"@a\"]\nowning-sig: sig-node\nstatus: implemented\nstage: stable\nlatest-milestone: \"v1.30\"\n";

const README: &str = "# KEP-1234: Example feature

## Design Details

### Test Plan

[ ] I/we understand the owners of the involved components may require updates to
existing tests.

##### Unit tests

- `pkg/kubelet`: 2026-01-01 - 80%

##### Integration tests

- test/integration/example

##### e2e tests

- test/e2e/example

### Graduation Criteria

#### Beta

- Enabled by default.

## Production Readiness Review Questionnaire

### Feature Enablement and Rollback

###### How can this feature be enabled / disabled in a live cluster?

- Feature gate `Example`.

### Rollout, Upgrade and Rollback Planning

###### How can a rollout or rollback fail?

It cannot.

### Monitoring Requirements

###### How can an operator determine if the feature is in use by workloads?

A metric.

### Dependencies

###### Does this feature depend on any specific services running in the cluster?

No.

### Scalability

###### Will enabling / using this feature result in any new API calls?

No.

### Troubleshooting

###### What are other known failure modes?

None.
";

fn workspace(dir: &TempDir) {
    dir.write("keps/sig-node/1234-example/kep.yaml", KEP);
    dir.write("keps/sig-node/1234-example/README.md", README);
    dir.write("keps/sig-apps/77-ready/kep.yaml", READY_KEP);
    dir.write(
        "keps/sig-apps/77-ready/README.md",
        &README.replace("1234: Example", "77: Ready").replace("[ ] I/we", "[x] I/we"),
    );
    dir.write("keps/prod-readiness/sig-apps/77.yaml", "kep-number: 77\nalpha:\n  approver: \"@wojtek-t\"\n");
    dir.write("keps/sig-node/55-old/kep.yaml", OLD_KEP);
}

/// The LSP position of the `nth` byte after `needle` (ASCII texts).
fn position(text: &str, needle: &str, nth: usize) -> Value {
    let at = text.find(needle).unwrap() + nth;
    let line = text[..at].matches('\n').count();
    let character = at - text[..at].rfind('\n').map_or(0, |n| n + 1);
    json!({ "line": line, "character": character })
}

fn readiness_messages(diagnostics: &Value) -> Vec<String> {
    diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "release-readiness")
        .map(|d| {
            assert_eq!(d["severity"], 3, "information: {d}");
            d["message"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn lens_hover_and_diagnostics_follow_the_files_live() {
    let dir = TempDir::new("release-lsp");
    workspace(&dir);
    let kep_path = dir.path().join("keps/sig-node/1234-example/kep.yaml");
    let readme_path = dir.path().join("keps/sig-node/1234-example/README.md");
    let mut client = Client::start(dir.path());
    client.initialize_with(dir.path(), &["utf-16"], json!({ "kep": { "upcoming-release": "v1.37" } }));
    let kep = client.open(&kep_path, "yaml", KEP, 1);

    // Diagnostics in the kep.yaml: the missing `milestone.beta` (with its fix) and the PRR file.
    let diagnostics = client.diagnostics(&kep, Some(1));
    // The missing PRR file of an implementable KEP is the CI error, not said twice.
    let listed: Vec<String> = diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}: {}", d["severity"], d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    expect![[r#"
        1 missing-required: missing required key `approvers`: write a list (`[]` or `- TBD` while unknown)
        1 prr-file-missing: no PRR approval file: `status: implementable` from v1.21 on needs keps/prod-readiness/sig-node/1234.yaml
        4 stage-fields-missing: `stage: beta` expects `feature-gates`: the KEP template asks for it from alpha on (`[]` when there is none)
        4 stage-fields-missing: `stage: beta` expects `disable-supported`: the KEP template asks for it from alpha on (`[]` when there is none)
        4 stage-fields-missing: `stage: beta` expects `metrics`: the KEP template asks for it from beta on (`[]` when there is none)
        3 release-readiness: PRR freeze for v1.37: `milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to "v1.37""#]].assert_eq(&listed.join("\n"));
    let milestone = diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("milestone.beta"))
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": kep }, "range": milestone["range"], "context": { "diagnostics": [milestone] } }),
    );
    let titles: Vec<String> =
        actions["result"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect();
    assert!(titles.contains(&"Set `milestone.beta` to \"v1.37\"".to_string()), "{titles:?}");

    // The lens on the first line, with the command that lists what is missing.
    let lenses = client.request("textDocument/codeLens", json!({ "textDocument": { "uri": kep } }))["result"].clone();
    let lens = &lenses[0];
    assert!(lens.is_object(), "{lenses}");
    assert_eq!(lens["range"]["start"]["line"], 0);
    let title = lens["command"]["title"].as_str().unwrap();
    assert!(title.starts_with("v1.37 · beta · PRR freeze: 2 missing · Enhancements Freeze: "), "{title}");
    assert_eq!(lens["command"]["command"], "kep.releaseReadiness");
    let shown = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.releaseReadiness", "arguments": lens["command"]["arguments"] }),
    );
    let text = shown["result"]["text"].as_str().unwrap();
    expect![[r#"
        v1.37 · beta · PRR freeze: 2 missing · Enhancements Freeze: 13 missing
        - [PRR freeze] `milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to "v1.37"
        - [PRR freeze] no PRR approval file keps/prod-readiness/sig-node/1234.yaml
        - [Enhancements Freeze] missing template section `## Release Signoff Checklist`
        - [Enhancements Freeze] missing template section `## Summary`
        - [Enhancements Freeze] missing template section `## Motivation`
        - [Enhancements Freeze] missing template section `## Proposal`
        - [Enhancements Freeze] missing template section `### Upgrade / Downgrade Strategy`
        - [Enhancements Freeze] missing template section `### Version Skew Strategy`
        - [Enhancements Freeze] missing template section `## Implementation History`
        - [Enhancements Freeze] missing template section `## Drawbacks`
        - [Enhancements Freeze] missing template section `## Alternatives`
        - [Enhancements Freeze] the Test Plan's `I/we understand the owners...` checkbox is not ticked
        - [Enhancements Freeze] the Test Plan has no `Prerequisite testing updates` part"#]]
    .assert_eq(text);

    // The hover on `latest-milestone`: the whole checklist.
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": kep }, "position": position(KEP, "latest-milestone", 3) }),
    );
    expect![[r#"
        **Release readiness for v1.37** (v1.37 · beta · PRR freeze: 2 missing · Enhancements Freeze: 13 missing)

        **PRR freeze**

        - ✓ `stage` is set
        - ✗ `milestone.beta` is v1.37 or earlier
          - `milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to "v1.37" (kep.yaml)
        - ✗ PRR approval file keps/prod-readiness/sig-node/1234.yaml exists
          - no PRR approval file keps/prod-readiness/sig-node/1234.yaml (kep.yaml)
        - ✓ PRR questionnaire answered for beta

        **Enhancements Freeze**

        - ✗ the README has the template's non-optional sections
          - missing template section `## Release Signoff Checklist` (README.md)
          - missing template section `## Summary` (README.md)
          - missing template section `## Motivation` (README.md)
          - missing template section `## Proposal` (README.md)
          - missing template section `### Upgrade / Downgrade Strategy` (README.md)
          - missing template section `### Version Skew Strategy` (README.md)
          - missing template section `## Implementation History` (README.md)
          - missing template section `## Drawbacks` (README.md)
          - missing template section `## Alternatives` (README.md)
        - ✓ Graduation Criteria filled for beta
        - ✗ Test Plan: `[x] I/we understand the owners...` ticked
          - the Test Plan's `I/we understand the owners...` checkbox is not ticked (README.md)
        - ✗ Test Plan: unit, integration and e2e tests answered (and a prerequisite testing part)
          - the Test Plan has no `Prerequisite testing updates` part (README.md)
        - ✓ `status: implementable`

        _Not checked (outside the tree): the enhancement issue's milestone and `lead-opted-in` label, PR merge state, the PRR team's actual review._"#]]
    // The checklist (the key's own documentation follows, after a `---` rule).
    .assert_eq(hover["result"]["contents"]["value"].as_str().unwrap().split("\n\n---\n").next().unwrap());

    // The README: the unticked checkbox, where it is.
    let readme = client.open(&readme_path, "markdown", README, 1);
    let diagnostics = client.diagnostics(&readme, Some(1));
    let checkbox = diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "release-readiness" && d["message"].as_str().unwrap().contains("checkbox is not ticked"))
        .unwrap_or_else(|| panic!("{diagnostics}"))
        .clone();
    assert_eq!(checkbox["range"]["start"], position(README, "[ ] I/we", 0));

    // Live: `milestone.beta` added in the kep.yaml; the checkbox ticked in the README.
    let fixed = format!("{KEP}  beta: \"v1.37\"\n");
    client.change(&kep, 2, json!([{ "text": fixed }]));
    let diagnostics = client.diagnostics(&kep, Some(2));
    let messages = readiness_messages(&diagnostics);
    assert!(!messages.iter().any(|m| m.contains("milestone.beta")), "{messages:?}");
    assert!(messages.is_empty(), "{messages:?}");
    client.change(&readme, 2, json!([{ "text": README.replace("[ ] I/we", "[x] I/we") }]));
    let diagnostics = client.diagnostics(&readme, Some(2));
    assert!(!readiness_messages(&diagnostics).iter().any(|m| m.contains("checkbox")), "{diagnostics}");
    let lenses = client.request("textDocument/codeLens", json!({ "textDocument": { "uri": kep } }))["result"].clone();
    let title = lenses[0]["command"]["title"].as_str().unwrap();
    assert!(title.starts_with("v1.37 · beta · PRR freeze: 1 missing"), "{title}");
    assert!(client.shutdown_and_exit().success());
}

fn release(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).arg("release").args(args).output().expect("run kep-ls release")
}

fn stdout(output: &Output) -> String {
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_release_command_in_every_format() {
    let dir = TempDir::new("release-cli");
    workspace(&dir);
    let cwd = dir.path();

    let table = release(cwd, &["v1.37", "."]);
    assert_eq!(table.status.code(), Some(0), "at risk still exits 0");
    let table = stdout(&table);
    expect![[r#"
        Release readiness for v1.37: 2 KEPs target v1.37 · PRR freeze: 1 ready, 1 at risk · Enhancements Freeze: 0 ready, 2 at risk

        sig-apps
          KEP-77    alpha      PRR freeze: ready    Enhancements Freeze: at risk  Ready feature
              - [Enhancements Freeze] missing template section `## Release Signoff Checklist` (README.md:1)
              - [Enhancements Freeze] missing template section `## Summary` (README.md:1)
              - [Enhancements Freeze] missing template section `## Motivation` (README.md:1)
              - [Enhancements Freeze] missing template section `## Proposal` (README.md:1)
              - [Enhancements Freeze] missing template section `### Upgrade / Downgrade Strategy` (README.md:24)
              - [Enhancements Freeze] missing template section `### Version Skew Strategy` (README.md:24)
              - [Enhancements Freeze] missing template section `## Implementation History` (README.md:62)
              - [Enhancements Freeze] missing template section `## Drawbacks` (README.md:62)
              - [Enhancements Freeze] missing template section `## Alternatives` (README.md:62)
              - [Enhancements Freeze] Graduation Criteria says nothing about alpha (README.md:22)
              - [Enhancements Freeze] the Test Plan has no `Prerequisite testing updates` part (README.md:5)

        sig-node
          KEP-1234  beta       PRR freeze: at risk  Enhancements Freeze: at risk  Example feature
              - [PRR freeze] `milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to "v1.37" (kep.yaml:8)
              - [PRR freeze] no PRR approval file keps/prod-readiness/sig-node/1234.yaml (kep.yaml:5)
              - [Enhancements Freeze] missing template section `## Release Signoff Checklist` (README.md:1)
              - [Enhancements Freeze] missing template section `## Summary` (README.md:1)
              - [Enhancements Freeze] missing template section `## Motivation` (README.md:1)
              - [Enhancements Freeze] missing template section `## Proposal` (README.md:1)
              - [Enhancements Freeze] missing template section `### Upgrade / Downgrade Strategy` (README.md:24)
              - [Enhancements Freeze] missing template section `### Version Skew Strategy` (README.md:24)
              - [Enhancements Freeze] missing template section `## Implementation History` (README.md:62)
              - [Enhancements Freeze] missing template section `## Drawbacks` (README.md:62)
              - [Enhancements Freeze] missing template section `## Alternatives` (README.md:62)
              - [Enhancements Freeze] the Test Plan's `I/we understand the owners...` checkbox is not ticked (README.md:7)
              - [Enhancements Freeze] the Test Plan has no `Prerequisite testing updates` part (README.md:5)

        Not checked (outside the tree): the enhancement issue's milestone and `lead-opted-in` label, PR merge state, the PRR team's actual review.
    "#]].assert_eq(&table);

    let markdown = stdout(&release(cwd, &["v1.37", "--format", "markdown"]));
    expect![[r####"
        ### Release readiness for v1.37

        2 KEPs target v1.37 · PRR freeze: 1 ready, 1 at risk · Enhancements Freeze: 0 ready, 2 at risk

        #### sig-apps

        | KEP | Title | Stage | PRR freeze | Enhancements Freeze | Missing |
        |---|---|---|---|---|---|
        | [KEP-77](keps/sig-apps/77-ready) | Ready feature | alpha | ✅ ready | ⚠️ at risk | [Enhancements Freeze] missing template section `## Release Signoff Checklist` (README.md:1)<br>[Enhancements Freeze] missing template section `## Summary` (README.md:1)<br>[Enhancements Freeze] missing template section `## Motivation` (README.md:1)<br>[Enhancements Freeze] missing template section `## Proposal` (README.md:1)<br>[Enhancements Freeze] missing template section `### Upgrade / Downgrade Strategy` (README.md:24)<br>[Enhancements Freeze] missing template section `### Version Skew Strategy` (README.md:24)<br>[Enhancements Freeze] missing template section `## Implementation History` (README.md:62)<br>[Enhancements Freeze] missing template section `## Drawbacks` (README.md:62)<br>[Enhancements Freeze] missing template section `## Alternatives` (README.md:62)<br>[Enhancements Freeze] Graduation Criteria says nothing about alpha (README.md:22)<br>[Enhancements Freeze] the Test Plan has no `Prerequisite testing updates` part (README.md:5) |

        #### sig-node

        | KEP | Title | Stage | PRR freeze | Enhancements Freeze | Missing |
        |---|---|---|---|---|---|
        | [KEP-1234](keps/sig-node/1234-example) | Example feature | beta | ⚠️ at risk | ⚠️ at risk | [PRR freeze] `milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to "v1.37" (kep.yaml:8)<br>[PRR freeze] no PRR approval file keps/prod-readiness/sig-node/1234.yaml (kep.yaml:5)<br>[Enhancements Freeze] missing template section `## Release Signoff Checklist` (README.md:1)<br>[Enhancements Freeze] missing template section `## Summary` (README.md:1)<br>[Enhancements Freeze] missing template section `## Motivation` (README.md:1)<br>[Enhancements Freeze] missing template section `## Proposal` (README.md:1)<br>[Enhancements Freeze] missing template section `### Upgrade / Downgrade Strategy` (README.md:24)<br>[Enhancements Freeze] missing template section `### Version Skew Strategy` (README.md:24)<br>[Enhancements Freeze] missing template section `## Implementation History` (README.md:62)<br>[Enhancements Freeze] missing template section `## Drawbacks` (README.md:62)<br>[Enhancements Freeze] missing template section `## Alternatives` (README.md:62)<br>[Enhancements Freeze] the Test Plan's `I/we understand the owners...` checkbox is not ticked (README.md:7)<br>[Enhancements Freeze] the Test Plan has no `Prerequisite testing updates` part (README.md:5) |

        _Not checked (outside the tree): the enhancement issue's milestone and `lead-opted-in` label, PR merge state, the PRR team's actual review._
    "####]].assert_eq(&markdown);

    let csv = stdout(&release(cwd, &["v1.37", "--format", "csv"]));
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "sig,kep,title,stage,latest_milestone,prr_freeze,enhancements_freeze,missing,path");
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[1].starts_with("sig-apps,77,Ready feature,alpha,v1.37,ready,at risk,"), "{csv}");
    assert!(lines[2].starts_with("sig-node,1234,Example feature,beta,v1.37,at risk,at risk,"), "{csv}");

    let json: Value = serde_json::from_str(&stdout(&release(cwd, &["v1.37", "--format", "json"]))).unwrap();
    let node = &json[1];
    assert_eq!(node["number"], "1234");
    assert_eq!(node["path"], "keps/sig-node/1234-example");
    assert_eq!(node["owning_sig"], "sig-node");
    assert_eq!(node["stage"], "beta");
    assert_eq!(node["latest_milestone"], "v1.37");
    assert_eq!(node["prr_freeze"]["ready"], false);
    assert_eq!(
        node["prr_freeze"]["missing"][0],
        json!({ "code": "milestone", "message": "`milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to \"v1.37\"", "path": "keps/sig-node/1234-example/kep.yaml", "line": 8 })
    );
    assert_eq!(node["prr_freeze"]["missing"][1]["code"], "prr-file");
    assert_eq!(json[0]["prr_freeze"], json!({ "ready": true, "missing": [] }));
    assert_eq!(json[0]["enhancements_freeze"]["ready"], false);

    // Filters, the release from the workspace (v1.37 is its newest), and the script's exit code.
    let filtered: Value =
        serde_json::from_str(&stdout(&release(cwd, &["--sig", "sig-apps", "--format", "json"]))).unwrap();
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    let by_stage: Value =
        serde_json::from_str(&stdout(&release(cwd, &["--stage", "beta", "--format", "json"]))).unwrap();
    assert_eq!(by_stage[0]["number"], "1234");
    assert_eq!(by_stage.as_array().unwrap().len(), 1);
    let failing = release(cwd, &["--at-risk", "--fail-on-at-risk"]);
    assert_eq!(failing.status.code(), Some(1));
    let none = release(cwd, &["v1.37", "--sig", "sig-none", "--fail-on-at-risk"]);
    assert_eq!(none.status.code(), Some(0), "{}", stdout(&none));
    assert!(stdout(&none).starts_with("Release readiness for v1.37: 0 KEPs target v1.37"), "{}", stdout(&none));

    // One KEP, as its author checks it before pushing: the release is its own latest-milestone.
    let one = stdout(&release(cwd, &["--kep", "keps/sig-node/1234-example"]));
    expect![[r#"
        KEP-1234 Example feature (keps/sig-node/1234-example)
        v1.37 · beta · PRR freeze: 2 missing · Enhancements Freeze: 13 missing

        PRR freeze: at risk
          ✓ `stage` is set
          ✗ `milestone.beta` is v1.37 or earlier
              `milestone.beta` is not set: a KEP graduating to beta in v1.37 sets it to "v1.37" (keps/sig-node/1234-example/kep.yaml:8)
          ✗ PRR approval file keps/prod-readiness/sig-node/1234.yaml exists
              no PRR approval file keps/prod-readiness/sig-node/1234.yaml (keps/sig-node/1234-example/kep.yaml:5)
          ✓ PRR questionnaire answered for beta

        Enhancements Freeze: at risk
          ✗ the README has the template's non-optional sections
              missing template section `## Release Signoff Checklist` (keps/sig-node/1234-example/README.md:1)
              missing template section `## Summary` (keps/sig-node/1234-example/README.md:1)
              missing template section `## Motivation` (keps/sig-node/1234-example/README.md:1)
              missing template section `## Proposal` (keps/sig-node/1234-example/README.md:1)
              missing template section `### Upgrade / Downgrade Strategy` (keps/sig-node/1234-example/README.md:24)
              missing template section `### Version Skew Strategy` (keps/sig-node/1234-example/README.md:24)
              missing template section `## Implementation History` (keps/sig-node/1234-example/README.md:62)
              missing template section `## Drawbacks` (keps/sig-node/1234-example/README.md:62)
              missing template section `## Alternatives` (keps/sig-node/1234-example/README.md:62)
          ✓ Graduation Criteria filled for beta
          ✗ Test Plan: `[x] I/we understand the owners...` ticked
              the Test Plan's `I/we understand the owners...` checkbox is not ticked (keps/sig-node/1234-example/README.md:7)
          ✗ Test Plan: unit, integration and e2e tests answered (and a prerequisite testing part)
              the Test Plan has no `Prerequisite testing updates` part (keps/sig-node/1234-example/README.md:5)
          ✓ `status: implementable`

        Not checked (outside the tree): the enhancement issue's milestone and `lead-opted-in` label, PR merge state, the PRR team's actual review.
    "#]].assert_eq(&one);
    let wrong = release(cwd, &["v1.36", "--kep", "keps/sig-node/1234-example"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("does not target v1.36"));
}
