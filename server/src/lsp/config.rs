//! The `kep` settings section: read from `initializationOptions`, `workspace/configuration` and
//! `workspace/didChangeConfiguration`, in any of the shapes clients send.

use std::path::PathBuf;

use serde_json::Value;

use crate::ide::settings::{RuleLevel, Settings};

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
        let mut flag = |pointer: &str, slot: &mut bool| match section.pointer(pointer) {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => *slot = *b,
            Some(other) => {
                problems.push(format!("kep{}: expected true or false, found {other}", pointer.replace('/', ".")))
            }
        };
        let features = &mut config.core.features;
        flag("/inlayHints/enabled", &mut features.inlay_hints);
        flag("/codeLens/enabled", &mut features.code_lens);
        flag("/markdown/documentSymbols", &mut features.markdown_symbols);
        flag("/markdown/foldingRanges", &mut features.markdown_folding);
        flag("/markdown/anchorLinks", &mut features.markdown_anchor_links);
        (config, problems)
    }
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
            "kep": { "inlayHints": { "enabled": false }, "markdown": { "foldingRanges": "no" }, "rules": { "x": "loud" }, "sigsFile": "/s.yaml" }
        }));
        assert!(!config.core.features.inlay_hints);
        assert!(config.core.features.markdown_folding, "a bad value leaves the default");
        assert_eq!(config.sigs_file, Some(PathBuf::from("/s.yaml")));
        assert_eq!(problems.len(), 2, "{problems:?}");
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
