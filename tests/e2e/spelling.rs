//! Over stdio and on the command line: the `misspelling` rule (upstream's `verify-spelling.sh`),
//! flagged as one types, fixed by a quick fix or `check --fix`, silenced by the allow lists.

use std::path::Path;
use std::process::{Command, Output};

use expect_test::expect;
use serde_json::{json, Value};

use crate::client::{apply_edits, binary, edits_for, Client, Start};
use crate::workspace::TempDir;

const README: &str = "# KEP-12: Spelling\n\nThe kubelet will receive it.\n";

fn misspellings(published: &Value) -> Vec<Value> {
    published["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "misspelling").cloned().collect()
}

fn quick_fixes(client: &mut Client, uri: &str, line: u32, character: u32) -> Vec<Value> {
    let position = json!({ "line": line, "character": character });
    let response = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": position, "end": position },
            "context": { "diagnostics": [], "only": ["quickfix"] }
        }),
    );
    response["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn typing_a_misspelling_flags_it_and_the_quick_fix_corrects_it() {
    let dir = TempDir::new("spelling");
    dir.write("keps/sig-node/12-spelling/kep.yaml", "title: Spelling\nkep-number: 12\n");
    let path = dir.write("keps/sig-node/12-spelling/README.md", README);
    // The default debounce: the diagnostics of the edit still arrive, after the pause in typing.
    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    let uri = client.open(&path, "markdown", README, 1);
    assert!(misspellings(&client.diagnostics(&uri, Some(1))).is_empty());

    // Typing `recieve` over `receive`, one keystroke at a time: `receive` → `reciive` → `recieve`.
    let mut text = README.to_string();
    let at = text.find("receive").unwrap();
    for (version, (from, to)) in [(at + 3, "i"), (at + 4, "e")].into_iter().enumerate() {
        text.replace_range(from..from + 1, to);
        let character = from as u32 - README.rfind("\n\n").unwrap() as u32 - 2;
        client.change(
            &uri,
            version as i64 + 2,
            json!([{ "range": { "start": { "line": 2, "character": character }, "end": { "line": 2, "character": character + 1 } }, "text": to }]),
        );
    }
    assert!(text.contains("will recieve it"), "{text}");
    let published = client.diagnostics(&uri, Some(3));
    let found = misspellings(&published);
    assert_eq!(found.len(), 1, "{published:#}");
    assert_eq!(found[0]["severity"], 2, "a warning");
    assert_eq!(found[0]["message"], "`recieve` is a misspelling of `receive`");
    assert_eq!(found[0]["range"]["start"], json!({ "line": 2, "character": 17 }));
    assert_eq!(found[0]["range"]["end"], json!({ "line": 2, "character": 24 }));

    let fixes = quick_fixes(&mut client, &uri, 2, 18);
    let fix = fixes.iter().find(|a| a["title"] == "Change to `receive`").expect("the correction as a quick fix");
    assert_eq!(fix["isPreferred"], true);
    let fixed = apply_edits(&text, &edits_for(&fix["edit"], &uri));
    assert_eq!(fixed, README);
    client.change(&uri, 4, json!([{ "text": fixed }]));
    assert!(misspellings(&client.diagnostics(&uri, Some(4))).is_empty());
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn the_editor_setting_allows_words() {
    let dir = TempDir::new("spellingallow");
    let text = "# KEP-12: Spelling\n\nWe recieve an entrys list.\n";
    let path = dir.write("keps/sig-node/12-spelling/README.md", text);
    let mut client = Client::start(dir.path());
    client.initialize_with(dir.path(), &["utf-16"], json!({ "kep": { "spelling": { "allow": ["recieve"] } } }));
    let uri = client.open(&path, "markdown", text, 1);
    let found = misspellings(&client.diagnostics(&uri, Some(1)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["message"], "`entrys` is a misspelling of `entries` or `entry`");
    // Two corrections: both offered, neither preferred (nor part of fix-all).
    let fixes = quick_fixes(&mut client, &uri, 2, 16);
    let titles: Vec<&str> = fixes.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.contains(&"Change to `entries`") && titles.contains(&"Change to `entry`"), "{titles:?}");
    assert!(fixes.iter().all(|a| a["isPreferred"] != true), "{fixes:#?}");

    // A KEP's OWNERS file is spell-checked too (CI runs misspell on every file but *.yaml).
    let owners = dir.write("keps/sig-node/12-spelling/OWNERS", "approvers:\n  - alice # teh lead\n");
    let uri = client.open(&owners, "plaintext", "approvers:\n  - alice # teh lead\n", 1);
    let found = misspellings(&client.diagnostics(&uri, Some(1)));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["range"]["start"], json!({ "line": 1, "character": 12 }));
    assert!(client.shutdown_and_exit().success());
}

fn check(cwd: &Path, args: &[&str]) -> Output {
    Command::new(binary()).current_dir(cwd).arg("check").args(args).output().expect("run kep-ls")
}

#[test]
fn check_reports_markdown_and_owners_fixes_the_unique_ones_and_reads_the_allow_list() {
    let dir = TempDir::new("spellingcli");
    dir.write("keps/sig-node/12-spelling/kep.yaml", "title: Recieve\nkep-number: 12\n");
    let readme = dir.write(
        "keps/sig-node/12-spelling/README.md",
        "# KEP-12: Spelling\n\n<!-- toc -->\n<!-- /toc -->\n\nWe recieve an entrys list from https://example.com/recieve and `teh` code.\n",
    );
    dir.write("keps/sig-node/12-spelling/OWNERS", "approvers:\n  - alice # teh lead\n");
    let output = check(dir.path(), &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let found: Vec<&str> = stdout.lines().filter(|l| l.contains("[misspelling]")).collect();
    assert_eq!(
        found,
        [
            "keps/sig-node/12-spelling/OWNERS:2:13: warning[misspelling]: `teh` is a misspelling of `the`",
            "keps/sig-node/12-spelling/README.md:6:4: warning[misspelling]: `recieve` is a misspelling of `receive`",
            "keps/sig-node/12-spelling/README.md:6:15: warning[misspelling]: `entrys` is a misspelling of `entries` or `entry`",
            "keps/sig-node/12-spelling/README.md:6:65: warning[misspelling]: `teh` is a misspelling of `the`",
        ],
        "kep.yaml is not spell-checked (CI skips *.yaml), nor the URL:\n{stdout}"
    );

    dir.write(".kep-ls.toml", "[spelling]\nallow = [\"teh\"]\n");
    let output = check(dir.path(), &["--fix"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let left: Vec<&str> = stdout.lines().filter(|l| l.contains("[misspelling]")).collect();
    assert_eq!(left.len(), 1, "only the guess is left: {stdout}");
    expect!["keps/sig-node/12-spelling/README.md:6:15: warning[misspelling]: `entrys` is a misspelling of `entries` or `entry`"].assert_eq(left[0]);
    assert_eq!(
        std::fs::read_to_string(readme).unwrap(),
        "# KEP-12: Spelling\n\n<!-- toc -->\n<!-- /toc -->\n\nWe receive an entrys list from https://example.com/recieve and `teh` code.\n"
    );
}
