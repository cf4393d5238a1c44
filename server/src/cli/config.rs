//! `.kep-ls.toml` at a repository root: rule levels and the sigs.yaml for `kep-ls check`.
//!
//! ```toml
//! sigs-file = "../community/sigs.yaml"   # relative to this file
//! upcoming-release = "v1.37"              # the release being prepared (default: the newest latest-milestone)
//!
//! [rules]
//! stage-fields-missing = "off"
//! invalid-handle = "error"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ide::kep::usage::Release;
use crate::ide::rules;
use crate::ide::settings::RuleLevel;

pub const FILE_NAME: &str = ".kep-ls.toml";

/// What a `.kep-ls.toml` says, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigFile {
    pub rules: BTreeMap<String, RuleLevel>,
    /// Resolved against the directory of the config file.
    pub sigs_file: Option<PathBuf>,
    pub upcoming_release: Option<Release>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    rules: BTreeMap<String, String>,
    #[serde(rename = "sigs-file")]
    sigs_file: Option<PathBuf>,
    #[serde(rename = "upcoming-release")]
    upcoming_release: Option<String>,
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
        let upcoming_release = match raw.upcoming_release {
            Some(text) => Some(parse_release(&text).map_err(|e| format!("{}: upcoming-release: {e}", path.display()))?),
            None => None,
        };
        let base = path.parent().unwrap_or(Path::new("."));
        Ok(ConfigFile { rules, sigs_file: raw.sigs_file.map(|p| base.join(p)), upcoming_release })
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

/// A release as `upcoming-release` and `--upcoming-release` take it: `v1.37` (or `1.37`).
pub fn parse_release(text: &str) -> Result<Release, String> {
    Release::parse(text).ok_or_else(|| format!("expected a release such as v1.37, found `{text}`"))
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
        let release = ConfigFile::parse("upcoming-release = \"v1.37\"\n", Path::new("/r/.kep-ls.toml")).unwrap();
        assert_eq!(release.upcoming_release.map(|r| r.to_string()).as_deref(), Some("v1.37"));
        let wrong = ConfigFile::parse("upcoming-release = \"soon\"\n", Path::new("/r/.kep-ls.toml")).unwrap_err();
        assert!(wrong.contains("upcoming-release: expected a release such as v1.37, found `soon`"), "{wrong}");
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
    fn rule_flags() {
        assert_eq!(
            parse_rule_flag("invalid-date=hint").unwrap(),
            ("invalid-date".into(), RuleLevel::On(Severity::Hint))
        );
        assert!(parse_rule_flag("invalid-date").unwrap_err().contains("CODE=LEVEL"));
        assert!(parse_rule_flag("nope=off").unwrap_err().contains("no rule"));
    }
}
