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
