//! The `kep` settings section: read from `initializationOptions`, `workspace/configuration` and
//! `workspace/didChangeConfiguration`, in any of the shapes clients send.

use std::path::PathBuf;

use serde_json::Value;

use crate::cli::config::ConfigFile;
use crate::ide::features;
use crate::ide::kep::usage::Release;
use crate::ide::settings::{RuleLevel, Settings};

/// The keys of the `kep` section the server reads (dotted as VS Code writes them): the extension's
/// manifest declares exactly these, plus its own `server.path` and `trace.server` (a test checks it).
pub const KEYS: &[&str] = &[
    "rules",
    "sigsFile",
    "upcomingRelease",
    "allAdvice",
    "spelling.allow",
    "inlayHints.enabled",
    "codeLens.enabled",
    "markdown.documentSymbols",
    "markdown.foldingRanges",
    "markdown.anchorLinks",
];

/// The core's settings, and what the adapter itself needs (files to read).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    pub core: Settings,
    pub sigs_file: Option<PathBuf>,
}

impl Config {
    /// Reads a settings value: `{ "kep": {...} }` or the section itself. Unknown keys are ignored;
    /// values of the wrong type are reported and left at their defaults.
    pub fn from_value(value: &Value) -> (Config, Vec<String>) {
        let section = value.get("kep").unwrap_or(value);
        let mut config = Config::default();
        let mut problems = Vec::new();
        if !section.is_object() {
            return (config, problems);
        }
        if let Some(rules) = section.get("rules") {
            match rules.as_object() {
                Some(rules) => {
                    for (code, level) in rules {
                        // As `kep-ls check` rejects them in .kep-ls.toml: a misspelt code would
                        // otherwise silently leave the rule on.
                        if !features::is_rule(code) {
                            problems.push(format!("kep.rules: no rule `{code}` (run `kep-ls rules` for the list)"));
                            continue;
                        }
                        match level.as_str().and_then(RuleLevel::parse) {
                            Some(level) => {
                                config.core.rules.insert(code.clone(), level);
                            }
                            None => problems.push(format!(
                                "kep.rules.{code}: expected off, error, warning, info or hint, found {level}"
                            )),
                        }
                    }
                }
                None => problems.push(format!("kep.rules: expected an object, found {rules}")),
            }
        }
        match section.pointer("/spelling/allow") {
            None | Some(Value::Null) => {}
            Some(Value::Array(words)) => {
                for word in words {
                    match word.as_str().map(|w| (w, crate::ide::settings::allow_word(w))) {
                        Some((w, Ok(()))) => config.core.spelling_allow.push(w.to_string()),
                        Some((_, Err(e))) => problems.push(format!("kep.spelling.allow: {e}")),
                        None => problems.push(format!("kep.spelling.allow: expected a word, found {word}")),
                    }
                }
            }
            Some(other) => problems.push(format!("kep.spelling.allow: expected a list of words, found {other}")),
        }
        if let Some(path) = section.get("sigsFile").and_then(Value::as_str).filter(|p| !p.is_empty()) {
            config.sigs_file = Some(PathBuf::from(path));
        }
        // `upcomingRelease`, like the other keys; `upcoming-release` as `.kep-ls.toml` spells it.
        let upcoming = section.get("upcomingRelease").or_else(|| section.get("upcoming-release"));
        match upcoming {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.trim().is_empty() => {}
            Some(value) => match value.as_str().and_then(Release::parse) {
                Some(release) => config.core.upcoming_release = Some(release),
                None => problems.push(format!("kep.upcomingRelease: expected a release like \"v1.37\", found {value}")),
            },
        }
        let mut flag = |pointer: &str, slot: &mut bool| match section.pointer(pointer) {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => *slot = *b,
            Some(other) => {
                problems.push(format!("kep{}: expected true or false, found {other}", pointer.replace('/', ".")))
            }
        };
        flag("/allAdvice", &mut config.core.all_advice);
        let features = &mut config.core.features;
        flag("/inlayHints/enabled", &mut features.inlay_hints);
        flag("/codeLens/enabled", &mut features.code_lens);
        flag("/markdown/documentSymbols", &mut features.markdown_symbols);
        flag("/markdown/foldingRanges", &mut features.markdown_folding);
        flag("/markdown/anchorLinks", &mut features.markdown_anchor_links);
        (config, problems)
    }
}

impl Config {
    /// The editor's settings layered over the repository's `.kep-ls.toml` (one configuration for
    /// editor and CI): a rule level or sigs file the editor sets wins, the file's others stay.
    pub fn over(mut self, file: &ConfigFile) -> Config {
        for (code, level) in &file.rules {
            self.core.rules.entry(code.clone()).or_insert(*level);
        }
        if self.sigs_file.is_none() {
            self.sigs_file = file.sigs_file.clone();
        }
        self.core.upcoming_release = self.core.upcoming_release.or(file.upcoming_release);
        // `false` is also what an editor sends when it says nothing: either source may ask.
        self.core.all_advice |= file.all_advice;
        // Path overrides exist only in the file; the editor's `kep.rules` still win over them.
        self.core.overrides = file.overrides.clone();
        // Both lists of accepted words apply: the repository's for everyone, the editor's for one user.
        self.core.spelling_allow.extend(file.spelling_allow.iter().cloned());
        self
    }
}

/// The `.kep-ls.toml` of the first repository root that has one (as `kep-ls check` reads it), or
/// what is wrong with it.
pub fn repository_file(roots: &[PathBuf]) -> Result<ConfigFile, String> {
    for root in roots {
        let path = root.join(crate::cli::config::FILE_NAME);
        match crate::vfs::read_text(&path) {
            Ok(text) => {
                let file = ConfigFile::parse(&text, &path)?;
                // As for `check`: a repository's file may not point kep-ls at any file on the disk.
                if let Some(sigs) = &file.sigs_file {
                    crate::cli::config::confine(sigs, root)
                        .map_err(|e| format!("{}: sigs-file: {e}", path.display()))?;
                }
                return Ok(file);
            }
            Err(crate::vfs::ReadError::Missing) => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    Ok(ConfigFile::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::diagnostic::Severity;
    use serde_json::json;

    #[test]
    fn reads_the_section_in_either_shape() {
        for value in [
            json!({ "kep": { "rules": { "unknown-key": "warning" } } }),
            json!({ "rules": { "unknown-key": "warning" } }),
        ] {
            let (config, problems) = Config::from_value(&value);
            assert!(problems.is_empty());
            assert_eq!(config.core.rules.get("unknown-key"), Some(&RuleLevel::On(Severity::Warning)));
        }
    }

    #[test]
    fn flags_and_bad_values() {
        let (config, problems) = Config::from_value(&json!({
            "kep": { "allAdvice": true, "inlayHints": { "enabled": false }, "markdown": { "foldingRanges": "no" }, "rules": { "x": "loud" }, "sigsFile": "/s.yaml" }
        }));
        assert!(!config.core.features.inlay_hints);
        assert!(config.core.all_advice);
        assert!(config.core.features.markdown_folding, "a bad value leaves the default");
        assert_eq!(config.sigs_file, Some(PathBuf::from("/s.yaml")));
        assert_eq!(problems.len(), 2, "{problems:?}");
    }

    #[test]
    fn the_upcoming_release() {
        let release = |value: Value| Config::from_value(&value).0.core.upcoming_release.map(|r| r.to_string());
        assert_eq!(release(json!({ "kep": { "upcomingRelease": "v1.37" } })).as_deref(), Some("v1.37"));
        assert_eq!(release(json!({ "upcoming-release": "1.36" })).as_deref(), Some("v1.36"));
        assert_eq!(release(json!({ "upcomingRelease": "" })), None);
        let (config, problems) = Config::from_value(&json!({ "upcomingRelease": "soon" }));
        assert_eq!(config.core.upcoming_release, None);
        assert!(problems[0].contains("v1.37"), "{problems:?}");
    }

    #[test]
    fn unknown_rule_codes_are_reported_and_ignored() {
        let (config, problems) = Config::from_value(&json!({ "rules": { "owning-sig-folder": "off" } }));
        assert!(config.core.rules.is_empty());
        assert_eq!(problems, ["kep.rules: no rule `owning-sig-folder` (run `kep-ls rules` for the list)"]);
    }

    #[test]
    fn editor_settings_are_layered_over_the_repository_file() {
        let file = ConfigFile::parse(
            "sigs-file = \"s.yaml\"\n[rules]\nunknown-key = \"off\"\ninvalid-status = \"warning\"\n",
            std::path::Path::new("/r/.kep-ls.toml"),
        )
        .unwrap();
        let (editor, _) = Config::from_value(&json!({ "rules": { "invalid-status": "error" } }));
        let config = editor.over(&file);
        assert_eq!(config.core.rules.get("unknown-key"), Some(&RuleLevel::Off), "the file's own");
        assert_eq!(config.core.rules.get("invalid-status"), Some(&RuleLevel::On(Severity::Error)), "the editor's wins");
        assert_eq!(config.sigs_file, Some(PathBuf::from("/r/s.yaml")));
    }

    #[test]
    fn spelling_allow_list() {
        let (config, problems) = Config::from_value(&json!({ "kep": { "spelling": { "allow": ["GKE", 3, "a b"] } } }));
        assert_eq!(config.core.spelling_allow, ["GKE"]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        let (config, problems) = Config::from_value(&json!({ "spelling": { "allow": "GKE" } }));
        assert!(config.core.spelling_allow.is_empty() && problems.len() == 1);
    }

    #[test]
    fn null_and_garbage_give_defaults() {
        assert_eq!(Config::from_value(&Value::Null).0, Config::default());
        assert_eq!(Config::from_value(&json!([1, 2])).0, Config::default());
    }
}
