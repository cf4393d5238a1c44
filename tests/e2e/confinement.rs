//! Confinement: nothing outside the workspace is read, indexed or offered as a definition, and
//! kep-ls opens no network connection and starts no program.

use std::path::Path;

use serde_json::{json, Value};

use crate::client::{Client, Start};
use crate::workspace::TempDir;

#[test]
fn symlinks_and_hostile_paths_never_lead_outside_the_workspace() {
    let outside = TempDir::new("outside");
    outside.write("keps/sig-evil/666-secret/kep.yaml", "title: Secret outside\nkep-number: 666\n");
    let secret = outside.write("secret.md", "# SECRET CONTENT\n");
    let dir = TempDir::new("confined");
    let hostile = "title: Inside\nkep-number: 1\nauthors: []\nowning-sig: sig-node\nstatus: provisional\napprovers: []\nsee-also:\n  - /keps/../../../etc/passwd\n  - file:///etc/passwd\n  - /etc/passwd\n  - ../../../../secret.md\n";
    let inside = dir.write("keps/sig-node/1-inside/kep.yaml", hostile);
    dir.write("keps/sig-node/1-inside/README.md", &format!("# KEP-1: Inside\n\n[s](file://{})\n", secret.display()));
    std::os::unix::fs::symlink(outside.path().join("keps/sig-evil"), dir.path().join("keps/sig-evil")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.path().join("keps/sig-node/2-link.md")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("keps"), dir.path().join("keps/sig-node/loop")).unwrap();

    let mut client = Client::start(dir.path());
    client.initialize(dir.path(), &["utf-16"]);
    client.wait_for("the end of indexing", |m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let symbols = client.request("workspace/symbol", json!({ "query": "" }));
    let names: Vec<&str> = symbols["result"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["KEP-1: Inside"], "the KEP behind the symlinked directory is not indexed");

    let uri = client.open(&inside, "yaml", hostile, 1);
    for line in 8..12 {
        let position = json!({ "line": line, "character": 6 });
        let definition =
            client.request("textDocument/definition", json!({ "textDocument": { "uri": uri }, "position": position }));
        assert_eq!(definition["result"], Value::Null, "line {line}: {definition}");
    }
    let links = client.request("textDocument/documentLink", json!({ "textDocument": { "uri": uri } }));
    assert_eq!(links["result"], json!([]), "{links}");
    let readme = dir.path().join("keps/sig-node/1-inside/README.md");
    let readme_uri = client.open(&readme, "markdown", &std::fs::read_to_string(&readme).unwrap(), 1);
    let definition = client.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": readme_uri }, "position": { "line": 2, "character": 6 } }),
    );
    assert_eq!(definition["result"], Value::Null, "{definition}");
    assert!(client.shutdown_and_exit().success());
}

#[test]
fn kep_ls_has_no_network_or_process_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut scanned = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for banned in [
                "std::net",
                "TcpStream",
                "UdpSocket",
                "std::process::Command",
                "process::Command",
                "tokio::net",
                "tokio::process",
            ] {
                assert!(!code.contains(banned), "{} uses {banned}", path.display());
            }
            scanned += 1;
        }
    }
    assert!(scanned > 30, "{scanned} files scanned");
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let tokio = manifest.lines().find(|l| l.starts_with("tokio")).unwrap();
    assert!(!tokio.contains("\"net\"") && !tokio.contains("\"process\"") && !tokio.contains("\"full\""), "{tokio}");
}
