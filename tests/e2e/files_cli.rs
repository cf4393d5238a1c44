//! The commands that write (`check --fix`, `promote`, `new`) and print, run as an author runs them,
//! against what an adversarial checkout can do: links out of the tree, a disk that fills up, YAML an
//! edit cannot keep valid, titles that break a README, output that cannot be written, text that
//! would drive the terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use expect_test::expect;

use crate::client::binary;
use crate::workspace::TempDir;

fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).args(args).output().expect("run kep-ls")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

const KEP_YAML: &str = "title: Swap budget\nkep-number: 12\nauthors:\n  - \"@ada\"\nowning-sig: sig-node\nstatus: implementable\ncreation-date: 2025-01-02\nreviewers:\n  - \"@bob\"\napprovers:\n  - \"@eve\"\nstage: alpha\nlatest-milestone: \"v1.33\"\nmilestone:\n  alpha: \"v1.33\"\n";

const README: &str =
    "# KEP-12: Swap budget\n\n<!-- toc -->\n- [Summary](#summary)\n<!-- /toc -->\n\n## Summary\n\nText.\n";

/// A repository with one KEP at alpha, `keps/sig-node/12-swap-budget`.
fn repository(name: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(name);
    dir.write("repo/keps/sig-node/12-swap-budget/kep.yaml", KEP_YAML);
    dir.write("repo/keps/sig-node/12-swap-budget/README.md", README);
    let repo = dir.path().join("repo");
    (dir, repo)
}

/// Every file below `dir`, relative, sorted: to show that nothing else was written.
fn listing(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(&path, base, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

// ----------------------------------------------------------------------------- 1. never through links

#[cfg(unix)]
#[test]
fn promote_never_writes_through_a_linked_prr_file_or_directory() {
    use std::os::unix::fs::symlink;
    let (dir, repo) = repository("link-prr-file");
    let outside = dir.write("outside.yaml", "kep-number: 12\nsecret: mine\n");
    std::fs::create_dir_all(repo.join("keps/prod-readiness/sig-node")).unwrap();
    symlink(&outside, repo.join("keps/prod-readiness/sig-node/12.yaml")).unwrap();
    let output = run(&repo, &["promote", "keps/sig-node/12-swap-budget", "--stage", "beta"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    expect![[r#"
        kep-ls promote: $TMP/repo/keps/prod-readiness/sig-node/12.yaml is a symbolic link: kep-ls never edits through a link (replace it with the file itself)
    "#]].assert_eq(&dir.redact(&stderr(&output)));
    assert_eq!(read(&outside), "kep-number: 12\nsecret: mine\n", "the link's target is untouched");
    assert_eq!(read(&repo.join("keps/sig-node/12-swap-budget/kep.yaml")), KEP_YAML, "nothing is written");

    // The PRR directory of the group is a link: the new PRR file would land outside.
    let (dir, repo) = repository("link-prr-dir");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::create_dir_all(repo.join("keps/prod-readiness")).unwrap();
    symlink(&elsewhere, repo.join("keps/prod-readiness/sig-node")).unwrap();
    let output = run(&repo, &["promote", "keps/sig-node/12-swap-budget", "--stage", "beta"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    expect![[r#"
        kep-ls promote: $TMP/repo/keps/prod-readiness/sig-node is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); replace the link with the file or directory itself; nothing was written
    "#]].assert_eq(&dir.redact(&stderr(&output)));
    assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));
    assert_eq!(read(&repo.join("keps/sig-node/12-swap-budget/kep.yaml")), KEP_YAML);
}

/// Over LSP too: `kep.promote` builds no edit for a PRR file that is a link.
#[cfg(unix)]
#[test]
fn the_promote_command_sends_no_edit_for_a_linked_prr_file() {
    use crate::client::{Client, Start};
    use serde_json::json;
    let (dir, repo) = repository("link-lsp");
    let outside = dir.write("outside.yaml", "kep-number: 12\n");
    std::fs::create_dir_all(repo.join("keps/prod-readiness/sig-node")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("keps/prod-readiness/sig-node/12.yaml")).unwrap();
    let mut client = Client::start(&repo);
    client.initialize(&repo, &["utf-16"]);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = client.open(&repo.join("keps/sig-node/12-swap-budget/kep.yaml"), "yaml", KEP_YAML, 1);
    let response = client.request(
        "workspace/executeCommand",
        json!({ "command": "kep.promote", "arguments": [{ "uri": uri, "stage": "beta" }] }),
    );
    let message = response["error"]["message"].as_str().unwrap_or_default().to_string();
    expect!["$TMP/repo/keps/prod-readiness/sig-node/12.yaml is a symbolic link: kep-ls never edits through a link (replace it with the file itself)"].assert_eq(&dir.redact(&message));
    assert!(client.applied_edits.is_empty(), "{:?}", client.applied_edits);
    assert!(client.shutdown_and_exit().success());
    assert_eq!(read(&outside), "kep-number: 12\n");
}

#[cfg(unix)]
#[test]
fn new_never_creates_files_through_a_linked_group_directory() {
    let (dir, repo) = repository("link-new");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, repo.join("keps/sig-auth")).unwrap();
    let output = run(&repo, &["new", "--sig", "sig-auth", "--title", "Tokens", "--number", "40"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    expect![[r#"
        kep-ls new: $TMP/repo/keps/sig-auth is a symbolic link: kep-ls never writes through a link (it could lead outside the repository); replace the link with the file or directory itself; nothing was written
    "#]].assert_eq(&dir.redact(&stderr(&output)));
    assert!(listing(&elsewhere).is_empty(), "{:?}", listing(&elsewhere));
}

// ----------------------------------------------------------------------------------- 2. atomic writes

/// The disk "fills up" (a file size limit, `ulimit -f`) while `check --fix` writes a large README:
/// the README stays whole, the failure is reported, no temporary file is left.
#[cfg(unix)]
#[test]
fn a_fix_that_cannot_be_written_leaves_the_file_whole() {
    let (_dir, repo) = repository("full-disk");
    let body = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n".repeat(3000);
    let readme_path = repo.join("keps/sig-node/12-swap-budget/README.md");
    let original = format!("{README}\n## Added Later\n\n{body}");
    std::fs::write(&readme_path, &original).unwrap();
    assert!(original.len() > 150_000);
    // SIGXFSZ ignored (kept across exec), so the write fails with EFBIG instead of killing the process.
    let output = Command::new("sh")
        .current_dir(&repo)
        .args(["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" check --fix", binary()])
        .output()
        .unwrap();
    assert_ne!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("README.md"), "{}", stderr(&output));
    assert!(
        read(&readme_path) == original,
        "the README is whole ({} of {} bytes)",
        read(&readme_path).len(),
        original.len()
    );
    assert_eq!(listing(&repo.join("keps/sig-node/12-swap-budget")), ["README.md", "kep.yaml"]);
    // With room on the disk, the same fix is written.
    let output = run(&repo, &["check", "--fix"]);
    assert!(
        stderr(&output).contains("fixed: keps/sig-node/12-swap-budget/README.md (toc-out-of-date)"),
        "{}",
        stderr(&output)
    );
    assert!(read(&readme_path).contains("- [Added Later](#added-later)\n<!-- /toc -->"));
}

// ------------------------------------------------------------------------ 5. promote keeps YAML valid

#[test]
fn promote_refuses_what_it_cannot_edit_safely_and_keeps_history() {
    let (_dir, repo) = repository("promote-safe");
    let kep = repo.join("keps/sig-node/12-swap-budget/kep.yaml");
    let promote = |args: &[&str]| {
        let mut all = vec!["promote", "keps/sig-node/12-swap-budget"];
        all.extend_from_slice(args);
        run(&repo, &all)
    };
    for (text, expected) in [
        (KEP_YAML.replace("stage: alpha", "stage: |\n  alpha"), "`stage` is a block scalar"),
        (
            KEP_YAML
                .replace("latest-milestone: \"v1.33\"", "latest-milestone: &m \"v1.33\"")
                .replace("alpha: \"v1.33\"", "alpha: *m"),
            "`latest-milestone` carries an anchor",
        ),
        (format!("{KEP_YAML}stage: alpha\n"), "duplicate-key"),
        (KEP_YAML.replace("stage: alpha", "stage: deprecated"), "only alpha → beta → stable is a promotion"),
    ] {
        std::fs::write(&kep, &text).unwrap();
        let output = promote(&["--stage", "beta"]);
        assert_eq!(output.status.code(), Some(1), "{text}");
        assert!(stderr(&output).contains(expected), "{text}: {}", stderr(&output));
        assert_eq!(read(&kep), text, "untouched");
        assert!(!repo.join("keps/prod-readiness").exists());
    }

    // A file with lone CR line endings stays so, and valid.
    std::fs::write(&kep, KEP_YAML.replace('\n', "\r")).unwrap();
    let output = promote(&["--stage", "beta"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let promoted = read(&kep);
    assert!(!promoted.contains('\n') && promoted.contains("\r  alpha: \"v1.33\"\r  beta: \"v1.34\"\r"), "{promoted:?}");
    std::fs::remove_dir_all(repo.join("keps/prod-readiness")).unwrap();

    // Again at the stage it is at: nothing changes; another release of a recorded stage needs the flag.
    std::fs::write(
        &kep,
        KEP_YAML
            .replace("stage: alpha", "stage: beta")
            .replace("  alpha: \"v1.33\"\n", "  alpha: \"v1.32\"\n  beta: \"v1.33\"\n"),
    )
    .unwrap();
    let before = read(&kep);
    let output = promote(&["--stage", "beta"]);
    assert_eq!(output.status.code(), Some(1));
    expect![[r#"
        kep-ls promote: the KEP is at `beta` already: nothing to change (pass a milestone to record the stage in another release)
    "#]].assert_eq(&stderr(&output));
    let output = promote(&["--stage", "beta", "--milestone", "v1.34"]);
    assert!(
        stderr(&output).contains("milestone.beta is already \"v1.33\"")
            || stderr(&output).contains("milestone.beta is already v1.33"),
        "{}",
        stderr(&output)
    );
    assert_eq!(read(&kep), before);
    let output = promote(&["--stage", "beta", "--milestone", "v1.34", "--overwrite-milestone", "--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(read(&kep), before, "a dry run writes nothing");
    assert!(!repo.join("keps/prod-readiness").exists());
    let diff = stdout(&output);
    assert!(
        diff.starts_with(
            "--- a/keps/sig-node/12-swap-budget/kep.yaml\n+++ b/keps/sig-node/12-swap-budget/kep.yaml\n@@ "
        ),
        "{diff}"
    );
    assert!(diff.contains("\n-latest-milestone: \"v1.33\"\n+latest-milestone: \"v1.34\"\n"), "{diff}");
    assert!(diff.contains("\n-  beta: \"v1.33\"\n+  beta: \"v1.34\"\n"), "{diff}");
    assert!(diff.contains("--- /dev/null\n+++ b/keps/prod-readiness/sig-node/12.yaml\n@@ -0,0 +1,3 @@\n+kep-number: 12\n+beta:\n+  approver: \"\"\n"), "{diff}");
}

// ---------------------------------------------------------------------- 6. new writes files that pass

#[test]
fn new_refuses_what_is_not_a_group_and_writes_titles_every_reader_reads_back() {
    let (_dir, repo) = repository("new-titles");
    let output = run(&repo, &["new", "--sig", "node", "--title", "Swap"]);
    assert_eq!(output.status.code(), Some(1));
    expect![[r#"
        kep-ls new: `node` is not a group: did you mean `sig-node`?
    "#]]
    .assert_eq(&stderr(&output));
    let output = run(&repo, &["new", "--sig", "keps", "--title", "Swap"]);
    expect![[r#"
        kep-ls new: `keps` is not a group directory name such as `sig-node` (see sigs.yaml)
    "#]]
    .assert_eq(&stderr(&output));
    for title in ["x <!-- toc --> y", "A [link](https://x.io)", "a --- b"] {
        let output = run(&repo, &["new", "--sig", "sig-node", "--title", title]);
        assert_eq!(output.status.code(), Some(1), "{title}");
    }
    let output = run(&repo, &["new", "--sig", "sig-node", "--title", "T", "--number", "1234567890123456789"]);
    expect![[r#"
        kep-ls new: KEP number 1234567890123456789 has more than 18 digits: kep-ls and the tools index no such number, so it could be given out again
    "#]].assert_eq(&stderr(&output));
    // The next number never wraps past a huge PRR file name.
    std::fs::create_dir_all(repo.join("keps/prod-readiness/sig-node")).unwrap();
    std::fs::write(repo.join("keps/prod-readiness/sig-node/18446744073709551615.yaml"), "kep-number: 12\n").unwrap();

    let title = "Line\u{2028}and paragraph\u{2029}separators";
    let output = run(&repo, &["new", "--sig", "sig-node", "--title", title, "--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("--- /dev/null\n+++ b/keps/sig-node/13-line-and-paragraph-separators/kep.yaml\n"),
        "{}",
        stdout(&output)
    );
    assert!(!repo.join("keps/sig-node/13-line-and-paragraph-separators").exists(), "a dry run writes nothing");
    let output = run(&repo, &["new", "--sig", "sig-node", "--title", title]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let yaml = read(&repo.join("keps/sig-node/13-line-and-paragraph-separators/kep.yaml"));
    assert!(yaml.starts_with("title: \"Line\\u2028and paragraph\\u2029separators\"\n"), "{yaml}");
    std::fs::remove_file(repo.join("keps/prod-readiness/sig-node/18446744073709551615.yaml")).unwrap();
    let created = repo.join("keps/sig-node/13-line-and-paragraph-separators");
    let output = run(&repo, &["check", created.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    expect![[r#"
        keps/sig-node/13-line-and-paragraph-separators/README.md:61:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `[x] I/we understand the owners...` checkbox (latest template)
        keps/sig-node/13-line-and-paragraph-separators/README.md:65:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `Unit tests` is not answered
        keps/sig-node/13-line-and-paragraph-separators/README.md:67:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `Integration tests` is not answered
        keps/sig-node/13-line-and-paragraph-separators/README.md:69:1: info[release-readiness]: Enhancements Freeze for v1.33: Test Plan: `e2e tests` is not answered
        keps/sig-node/13-line-and-paragraph-separators/README.md:71:1: info[release-readiness]: Enhancements Freeze for v1.33: Graduation Criteria is empty (or the template's example)
        keps/sig-node/13-line-and-paragraph-separators/README.md:79:1: info[release-readiness]: PRR freeze for v1.33: PRR `Feature Enablement and Rollback` is not answered (required for alpha)
        keps/sig-node/13-line-and-paragraph-separators/kep.yaml:7:9: info[release-readiness]: PRR freeze for v1.33: no PRR approval file keps/prod-readiness/sig-node/13.yaml
        keps/sig-node/13-line-and-paragraph-separators/kep.yaml:7:9: info[release-readiness]: Enhancements Freeze for v1.33: `status: provisional`: Enhancements Freeze needs `status: implementable`

        rule               severity  count
        release-readiness  info          8
        checked 2 files (1 KEPs): 0 errors, 0 warnings, 8 info, 0 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&stdout(&output)));
}

// ------------------------------------------------------------------------ 7. a safe fix is safe

#[test]
fn fix_leaves_a_duplicate_making_rename_and_a_toc_inside_an_example_alone() {
    let (_dir, repo) = repository("fix-safe");
    let kep = repo.join("keps/sig-node/12-swap-budget/kep.yaml");
    let text = format!("{KEP_YAML}see_also:\n  - \"/keps/sig-node/1-x\"\nsee-also: []\n");
    std::fs::write(&kep, &text).unwrap();
    let readme = repo.join("keps/sig-node/12-swap-budget/README.md");
    let example = "# KEP-12: Swap budget\n\nWrite the markers like this:\n\n```\n<!-- toc -->\n- [Old](#old)\n<!-- /toc -->\n```\n\n<!-- toc -->\n<!-- /toc -->\n\n## Summary\n";
    std::fs::write(&readme, example).unwrap();
    let output = run(&repo, &["check", "--fix"]);
    assert_eq!(read(&kep), text, "the rename would make a second `see-also`");
    assert_eq!(read(&readme), example, "mdtoc would eat the example");
    assert!(
        stderr(&output).contains("not fixed: keps/sig-node/12-swap-budget/README.md (toc-out-of-date: ")
            && stderr(&output).contains("inside a code block"),
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(1), "the errors are still reported");
}

// --------------------------------------------------------------------------------- 17. the terminal

/// Runs with standard output on a full device.
#[cfg(target_os = "linux")]
fn run_full(cwd: &Path, args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    Command::new(binary()).current_dir(cwd).args(args).stdout(Stdio::from(full)).output().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_or_closed_stdout_is_exit_code_2_with_a_message() {
    let (_dir, repo) = repository("full-stdout");
    for args in [
        &["rules"][..],
        &["rules", "unknown-key"],
        &["list"],
        &["check"],
        &["new", "--sig", "sig-node", "--title", "Other", "--number", "77"],
        &["promote", "keps/sig-node/12-swap-budget", "--stage", "beta"],
    ] {
        let output = run_full(&repo, args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("cannot write to standard output"), "{args:?}: {}", stderr(&output));
        assert!(!stderr(&output).contains("panicked"), "{args:?}: {}", stderr(&output));
    }
    // `promote` wrote before it printed: the files are whole.
    assert!(read(&repo.join("keps/sig-node/12-swap-budget/kep.yaml")).contains("stage: beta\n"));
    // A pipe whose reader is gone (`| head -0`).
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(binary()).current_dir(&repo).arg("rules").stdout(writer).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot write to standard output"), "{}", stderr(&output));
}

#[test]
fn hostile_text_reaches_the_terminal_escaped_and_csv_cells_are_guarded() {
    let (_dir, repo) = repository("hostile-text");
    let kep = repo.join("keps/sig-node/12-swap-budget/kep.yaml");
    std::fs::write(
        &kep,
        KEP_YAML.replace("title: Swap budget", "title: \"=Evil\\e[2K\\rtitle\\nline\"") + "\"ke\\ey\": 1\n",
    )
    .unwrap();
    let output = run(&repo, &["check"]);
    let out = stdout(&output);
    assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
    assert!(out.contains("unknown key `ke\\u{1b}y`"), "{out}");
    let output = run(&repo, &["list"]);
    let out = stdout(&output);
    assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
    assert_eq!(out.lines().count(), 3, "header, one KEP, count: {out}");
    let output = run(&repo, &["list", "--format", "csv"]);
    let csv = stdout(&output);
    assert!(csv.lines().nth(1).unwrap().starts_with("12,\"'=Evil"), "{csv}");
    assert!(csv.contains(",'@ada,"), "{csv}");
}

// ------------------------------------------------------------------------------------- 18. smaller

#[test]
fn a_readme_with_a_byte_order_mark_has_its_title() {
    let (_dir, repo) = repository("bom");
    std::fs::write(repo.join("keps/sig-node/12-swap-budget/README.md"), format!("\u{feff}{README}")).unwrap();
    let output = run(&repo, &["check"]);
    expect![[r#"
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: PRR freeze for v1.33: the PRR questionnaire has no `Feature Enablement and Rollback` part (required for alpha)
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: Enhancements Freeze for v1.33: no `Graduation Criteria` section
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `[x] I/we understand the owners...` checkbox (latest template)
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `Prerequisite testing updates` part
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `Unit tests` part
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `Integration tests` part
        keps/sig-node/12-swap-budget/README.md:1:1: info[release-readiness]: Enhancements Freeze for v1.33: the Test Plan has no `e2e tests` part
        keps/sig-node/12-swap-budget/README.md:1:2: info[template-section-missing]: missing template section `## Release Signoff Checklist`
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Motivation` and 2 of its subsections
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Proposal` and its subsection `### Risks and Mitigations`
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Design Details` and 8 of its subsections
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Production Readiness Review Questionnaire` and 6 of its subsections
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Implementation History`
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Drawbacks`
        keps/sig-node/12-swap-budget/README.md:7:1: info[template-section-missing]: missing template section `## Alternatives`
        keps/sig-node/12-swap-budget/kep.yaml:6:9: error[prr-file-missing]: no PRR approval file: `status: implementable` from v1.21 on needs keps/prod-readiness/sig-node/12.yaml
        keps/sig-node/12-swap-budget/kep.yaml:12:8: hint[stage-fields-missing]: `stage: alpha` expects `feature-gates`: the KEP template asks for it from alpha on (`[]` when there is none)
        keps/sig-node/12-swap-budget/kep.yaml:12:8: hint[stage-fields-missing]: `stage: alpha` expects `disable-supported`: the KEP template asks for it from alpha on (`[]` when there is none)

        rule                      severity  count
        prr-file-missing          error         1
        template-section-missing  info          8
        release-readiness         info          7
        stage-fields-missing      hint          2
        checked 2 files (1 KEPs): 1 error, 0 warnings, 15 info, 2 hints in <t> ms
    "#]].assert_eq(&kep_ls_testkit::without_timing(&stdout(&output)));
}

#[cfg(unix)]
#[test]
fn check_of_a_linked_readme_says_so() {
    let (dir, repo) = repository("link-check");
    let real = dir.write("real/README.md", README);
    let link = repo.join("keps/sig-node/12-swap-budget/README.md");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let output = run(&repo, &["check", "keps/sig-node/12-swap-budget/README.md"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    expect![[r#"
        kep-ls check: keps/sig-node/12-swap-budget/README.md is a symbolic link (to $TMP/real/README.md): kep-ls never follows links; check the file itself
    "#]].assert_eq(&dir.redact(&stderr(&output)));
}

/// The PRR directory of the group is a link to a directory that holds the KEP's PRR file: the
/// walk never enters it, so `check` says the PRR file is missing; the server, opening kep.yaml,
/// must not read the file through the link either.
#[cfg(unix)]
#[test]
fn check_and_the_server_agree_on_a_linked_prr_directory() {
    use crate::client::{Client, Start};
    use serde_json::json;
    let (dir, repo) = repository("link-agree");
    dir.write("elsewhere/12.yaml", "kep-number: 12\nalpha:\n  approver: \"@wojtek-t\"\n");
    std::fs::create_dir_all(repo.join("keps/prod-readiness")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("elsewhere"), repo.join("keps/prod-readiness/sig-node")).unwrap();
    let output = run(&repo, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let codes = |diagnostics: &serde_json::Value| -> Vec<String> {
        let mut codes: Vec<String> =
            diagnostics.as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
        codes.sort();
        codes
    };
    let kep_only: Vec<serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"].as_str().unwrap().ends_with("kep.yaml"))
        .cloned()
        .collect();
    let from_check = codes(&json!(kep_only));
    assert!(from_check.contains(&"prr-file-missing".to_string()), "{from_check:?}");

    let kep = repo.join("keps/sig-node/12-swap-budget/kep.yaml");
    let mut client = Client::start(&repo);
    client.initialize(&repo, &["utf-16"]);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let uri = client.open(&kep, "yaml", KEP_YAML, 1);
    let published = client.diagnostics(&uri, Some(1));
    let from_server = codes(&published["diagnostics"]);
    assert_eq!(from_server, from_check, "the server sees the tree as check does");
    assert!(client.shutdown_and_exit().success());

    let output = run(&repo, &["check", "keps/prod-readiness/sig-node/12.yaml"]);
    assert_eq!(output.status.code(), Some(2));
    expect![[r#"
        kep-ls check: keps/prod-readiness/sig-node/12.yaml is reached through a symbolic link to a directory: kep-ls never follows links; check the file itself
    "#]].assert_eq(&stderr(&output));
}

#[test]
fn a_repository_configuration_cannot_point_anywhere_on_the_disk() {
    let (dir, repo) = repository("sigs-confined");
    dir.write("community/sigs.yaml", "sigs:\n  - dir: sig-node\n");
    std::fs::write(repo.join(".kep-ls.toml"), "sigs-file = \"../community/sigs.yaml\"\n").unwrap();
    let output = run(&repo, &["check"]);
    assert_ne!(output.status.code(), Some(2), "beside the repository is fine: {}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let far = TempDir::new("sigs-far");
    let far_file = far.write("sigs.yaml", "sigs:\n  - dir: sig-node\n");
    std::fs::write(repo.join(".kep-ls.toml"), format!("sigs-file = \"{}\"\n", far_file.display())).unwrap();
    let output = run(&repo, &["check"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("sigs-file") && stderr(&output).contains("is outside"), "{}", stderr(&output));
}

/// `kep-ls rules CODE` fences a rule's example in the language of the files the rule looks at:
/// `unresolved-reference` runs on kep.yaml and README, its example is kep.yaml; the table says where
/// each rule applies.
#[test]
fn rules_show_each_rule_s_scope_and_fence_its_example_in_its_language() {
    let run = |args: &[&str]| {
        let output = Command::new(binary()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let doc = run(&["rules", "unresolved-reference"]);
    assert!(doc.contains("**Example:**\n```yaml\nsee-also:\n"), "{doc}");
    let table = run(&["rules"]);
    for line in [
        "| `unresolved-reference` | warning |  | kep.yaml, README.md |",
        "| `unreadable-file` | error | yes | any file |",
        "| `prr-approver-unknown` | error | yes | kep.yaml, PRR file |",
    ] {
        assert!(table.lines().any(|l| l.starts_with(line)), "{line}\n{table}");
    }
}
