//! `.kep-ls.toml` at a repository root: rule levels and the sigs.yaml for `kep-ls check`.
//!
//! ```toml
//! sigs-file = "../community/sigs.yaml"   # relative to this file
//!
//! [rules]
//! stage-fields-missing = "off"
//! invalid-handle = "error"
//!
//! [spelling]
//! allow = ["kubelets", "GKE"]            # words the `misspelling` rule accepts
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ide::rules;
use crate::ide::settings::RuleLevel;

pub const FILE_NAME: &str = ".kep-ls.toml";

/// What a `.kep-ls.toml` says, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigFile {
    pub rules: BTreeMap<String, RuleLevel>,
    /// Resolved against the directory of the config file.
    pub sigs_file: Option<PathBuf>,
    /// `[spelling] allow`: words the `misspelling` rule accepts.
    pub spelling_allow: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(rename = "sigs-file")]
    sigs_file: Option<PathBuf>,
    #[serde(default)]
    spelling: RawSpelling,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSpelling {
    #[serde(default)]
    allow: Vec<String>,
}

impl ConfigFile {
    /// Parses the text of `path`; the error says what is wrong and where.
    pub fn parse(text: &str, path: &Path) -> Result<ConfigFile, String> {
        let raw: Raw = toml::from_str(text).map_err(|e| format!("{}: {}", path.display(), e.to_string().trim_end()))?;
        let mut rules = BTreeMap::new();
        for (code, level) in raw.rules {
            let level = rule_level(&code, &level).map_err(|e| format!("{}: [rules] {e}", path.display()))?;
            rules.insert(code, level);
        }
        for word in &raw.spelling.allow {
            crate::ide::settings::allow_word(word).map_err(|e| format!("{}: [spelling] allow: {e}", path.display()))?;
        }
        let base = path.parent().unwrap_or(Path::new("."));
        Ok(ConfigFile { rules, sigs_file: raw.sigs_file.map(|p| base.join(p)), spelling_allow: raw.spelling.allow })
    }
}

/// A rule code and a level, as written in `[rules]` or `--rule CODE=LEVEL`: both must exist.
pub fn rule_level(code: &str, level: &str) -> Result<RuleLevel, String> {
    if rules::lookup(code).is_none() {
        return Err(format!("no rule `{code}` (run `kep-ls rules` for the list)"));
    }
    RuleLevel::parse(level)
        .ok_or_else(|| format!("`{code}`: expected off, error, warning, info or hint, found `{level}`"))
}

/// `--rule CODE=LEVEL`.
pub fn parse_rule_flag(flag: &str) -> Result<(String, RuleLevel), String> {
    let Some((code, level)) = flag.split_once('=') else {
        return Err(format!("expected CODE=LEVEL, e.g. invalid-handle=off, found `{flag}`"));
    };
    let (code, level) = (code.trim(), level.trim());
    Ok((code.to_string(), rule_level(code, level)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::diagnostic::Severity;

    #[test]
    fn rules_and_the_sigs_file() {
        let config = ConfigFile::parse(
            "sigs-file = \"../community/sigs.yaml\"\n[rules]\ninvalid-handle = \"off\"\nunknown-group = \"error\"\n",
            Path::new("/repo/.kep-ls.toml"),
        )
        .unwrap();
        assert_eq!(config.sigs_file, Some(PathBuf::from("/repo/../community/sigs.yaml")));
        assert_eq!(config.rules.get("invalid-handle"), Some(&RuleLevel::Off));
        assert_eq!(config.rules.get("unknown-group"), Some(&RuleLevel::On(Severity::Error)));
        assert_eq!(ConfigFile::parse("", Path::new("/r/.kep-ls.toml")).unwrap(), ConfigFile::default());
    }

    #[test]
    fn mistakes_are_errors_that_say_where() {
        let path = Path::new("/r/.kep-ls.toml");
        let error = |text: &str| ConfigFile::parse(text, path).unwrap_err();
        assert!(error("[rules]\ninvalid-handle = \"loud\"\n").contains("expected off, error, warning, info or hint"));
        assert!(error("[rules]\nno-such-rule = \"off\"\n").contains("no rule `no-such-rule`"));
        let unknown = error("sigs_file = \"x\"\n");
        assert!(unknown.starts_with("/r/.kep-ls.toml: ") && unknown.contains("sigs_file"), "{unknown}");
        assert!(error("[rules\n").contains("line 1"), "{}", error("[rules\n"));
        assert!(error("[rules]\ninvalid-handle = 3\n").contains("invalid-handle"));
    }

    #[test]
    fn spelling_allow_list() {
        let path = Path::new("/r/.kep-ls.toml");
        let config = ConfigFile::parse("[spelling]\nallow = [\"GKE\", \"kubelets\"]\n", path).unwrap();
        assert_eq!(config.spelling_allow, ["GKE", "kubelets"]);
        let error = ConfigFile::parse("[spelling]\nallow = [\"two words\"]\n", path).unwrap_err();
        assert!(error.contains("[spelling] allow: `two words` is not one word"), "{error}");
        assert!(ConfigFile::parse("[spelling]\ndeny = []\n", path).unwrap_err().contains("deny"));
    }

    #[test]
    fn rule_flags() {
        assert_eq!(
            parse_rule_flag("invalid-date=hint").unwrap(),
            ("invalid-date".into(), RuleLevel::On(Severity::Hint))
        );
        assert!(parse_rule_flag("invalid-date").unwrap_err().contains("CODE=LEVEL"));
        assert!(parse_rule_flag("nope=off").unwrap_err().contains("no rule"));
    }
}
