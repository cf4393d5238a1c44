//! The Helix set-up shipped in `editors/` is well formed and associates exactly KEP files (Helix cannot be
//! installed here; Neovim and VS Code are tested by running them: editors/nvim/test, editors/vscode/test).

use std::path::Path;

fn editors() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors")
}

#[test]
fn the_helix_snippet_parses_and_wires_kep_ls_to_kep_files() {
    let text = std::fs::read_to_string(editors().join("helix/languages.toml")).unwrap();
    let config: toml::Table = toml::from_str(&text).expect("valid TOML");
    let server = &config["language-server"]["kep-ls"];
    assert_eq!(server["command"].as_str(), Some("kep-ls"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("serve"));
    assert!(server["config"].is_table(), "settings are passed as a table");
    let languages = config["language"].as_array().unwrap();
    let globs = |name: &str| -> Vec<String> {
        let language =
            languages.iter().find(|l| l["name"].as_str() == Some(name)).unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(language["language-servers"].as_array().unwrap()[0].as_str(), Some("kep-ls"), "{name}");
        language["file-types"].as_array().unwrap().iter().map(|t| t["glob"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(globs("kep-yaml"), ["keps/**/kep.yaml", "keps/prod-readiness/**/*.yaml", "keps/**/OWNERS"]);
    assert_eq!(globs("kep-markdown"), ["keps/**/*.md"]);
}

/// Every rule code the editor set-ups and their docs give as an example (`"code": "off"` in JSON,
/// `["code"] = "off"` in Lua) is one `kep-ls rules` lists: `owning-sig-folder` never existed.
#[test]
fn rule_codes_in_editor_examples_exist() {
    let output = std::process::Command::new(crate::client::binary()).arg("rules").output().unwrap();
    let listed = String::from_utf8(output.stdout).unwrap();
    let known: Vec<&str> = listed.lines().filter_map(|l| l.strip_prefix("| `")?.split('`').next()).collect();
    assert!(known.contains(&"owning-sig-mismatch"), "{listed}");
    let files = [
        "nvim/lua/kep_ls/init.lua",
        "nvim/lsp/kep_ls.lua",
        "vscode/package.json",
        "vscode/README.md",
        "vscode/test/unit/settings.test.ts",
        "README.md",
    ];
    let mut examples = 0;
    for file in files {
        let text = std::fs::read_to_string(editors().join(file)).unwrap();
        for level in ["off", "error", "warning", "info", "hint"] {
            for marker in [
                format!("\": \"{level}\""),
                format!("\\\": \\\"{level}\\\""),
                format!("\"] = \"{level}\""),
                format!("': '{level}'"),
            ] {
                for (at, _) in text.match_indices(&marker) {
                    let before = &text[..at];
                    let start = before.rfind(['"', '\'']).map_or(0, |i| i + 1);
                    let code = &before[start..];
                    if code.contains(['-']) && !code.contains(' ') && code != "kep" {
                        examples += 1;
                        assert!(known.contains(&code), "{file}: `{code}` is not a rule code");
                    }
                }
            }
        }
    }
    assert!(examples >= 3, "only {examples} examples found");
}

/// The VS Code manifest's settings are the server's: the `kep.*` keys it reads (plus the client's own
/// `server.path` and `trace.server`), and `kep.rules` accepts exactly the rule codes `kep-ls rules` lists
/// (regenerate with `node editors/vscode/scripts/sync-manifest.mjs target/debug/kep-ls`).
#[test]
fn the_vscode_settings_match_the_server() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(editors().join("vscode/package.json")).unwrap()).unwrap();
    let properties = manifest["contributes"]["configuration"]["properties"].as_object().unwrap();
    let mut declared: Vec<&str> = properties.keys().filter_map(|k| k.strip_prefix("kep.")).collect();
    declared.retain(|k| !["server.path", "trace.server"].contains(k));
    declared.sort();
    let mut read: Vec<&str> = kep_ls::lsp::config::KEYS.to_vec();
    read.sort();
    assert_eq!(declared, read, "package.json declares what the server reads");
    let output = std::process::Command::new(crate::client::binary()).arg("rules").output().unwrap();
    let listed = String::from_utf8(output.stdout).unwrap();
    let codes: Vec<&str> = listed.lines().filter_map(|l| l.strip_prefix("| `")?.split('`').next()).collect();
    let enumerated: Vec<&str> = properties["kep.rules"]["propertyNames"]["enum"]
        .as_array()
        .expect("kep.rules has a propertyNames enum: run editors/vscode/scripts/sync-manifest.mjs")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(enumerated, codes, "run `node editors/vscode/scripts/sync-manifest.mjs target/debug/kep-ls`");
}
