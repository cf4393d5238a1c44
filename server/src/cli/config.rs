//! `.kep-ls.toml` at a repository root: rule levels and the sigs.yaml for `kep-ls check`.
//!
//! ```toml
//! sigs-file = "../community/sigs.yaml"   # relative to this file
//! upcoming-release = "v1.37"              # default: the highest latest-milestone
//!
//! all-advice = true                     # authoring advice on settled KEPs too
//!
//! [rules]
//! stage-fields-missing = "off"
//! invalid-handle = "error"
//!
//! [[overrides]]                          # rule levels for some paths; a later one wins
//! paths = ["keps/sig-node/**"]
//! rules = { unknown-group = "off" }
//!
//! [spelling]
//! allow = ["kubelets", "GKE"]            # words the `misspelling` rule accepts
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ide::kep::usage::Release;
use crate::ide::rules;
use crate::ide::settings::{Override, RuleLevel};

pub const FILE_NAME: &str = ".kep-ls.toml";

/// What a `.kep-ls.toml` says, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfigFile {
    pub rules: BTreeMap<String, RuleLevel>,
    /// Resolved against the directory of the config file.
    pub sigs_file: Option<PathBuf>,
    /// `upcoming-release`: the release SIG Node's tech-lead rule takes as upcoming.
    pub upcoming_release: Option<Release>,
    pub all_advice: bool,
    pub overrides: Vec<Override>,
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
    #[serde(rename = "upcoming-release")]
    upcoming_release: Option<String>,
    #[serde(rename = "all-advice", default)]
    all_advice: bool,
    #[serde(default)]
    overrides: Vec<RawOverride>,
    #[serde(default)]
    spelling: RawSpelling,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSpelling {
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
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
        let mut overrides = Vec::new();
        for (n, raw) in raw.overrides.into_iter().enumerate() {
            let mut rules = BTreeMap::new();
            for (code, level) in raw.rules {
                let level = rule_level(&code, &level)
                    .map_err(|e| format!("{}: [[overrides]] #{}: {e}", path.display(), n + 1))?;
                rules.insert(code, level);
            }
            overrides.push(Override { paths: raw.paths, rules });
        }
        let base = path.parent().unwrap_or(Path::new("."));
        let upcoming_release = match raw.upcoming_release {
            Some(text) => Some(parse_release(&text).map_err(|e| format!("{}: upcoming-release: {e}", path.display()))?),
            None => None,
        };
        Ok(ConfigFile {
            rules,
            sigs_file: raw.sigs_file.map(|p| base.join(p)),
            upcoming_release,
            all_advice: raw.all_advice,
            overrides,
            spelling_allow: raw.spelling.allow,
        })
    }
}

/// Checks that `sigs_file` lies in the repository at `root` or beside it (below `root`'s parent),
/// with links resolved: a configuration file must not point kep-ls at any file on the disk. A file
/// that does not exist passes here (reading it then says so).
pub fn confine(sigs_file: &Path, root: &Path) -> Result<(), String> {
    let Ok(real) = std::fs::canonicalize(sigs_file) else { return Ok(()) };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let allowed = root.parent().unwrap_or(&root);
    if real.starts_with(allowed) {
        Ok(())
    } else {
        Err(format!(
            "{} is outside {}: a repository's configuration may only name a file in the repository or beside it \
             (pass --sigs to use another)",
            real.display(),
            allowed.display()
        ))
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
    Release::parse(text).ok_or_else(|| format!("expected a release like v1.37, found `{text}`"))
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
    use expect_test::expect;

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
        expect!["/r/.kep-ls.toml: [rules] `invalid-handle`: expected off, error, warning, info or hint, found `loud`"]
            .assert_eq(&error("[rules]\ninvalid-handle = \"loud\"\n"));
        expect!["/r/.kep-ls.toml: [rules] no rule `no-such-rule` (run `kep-ls rules` for the list)"]
            .assert_eq(&error("[rules]\nno-such-rule = \"off\"\n"));
        let unknown = error("sigs_file = \"x\"\n");
        expect![[r#"
            /r/.kep-ls.toml: TOML parse error at line 1, column 1
              |
            1 | sigs_file = "x"
              | ^^^^^^^^^
            unknown field `sigs_file`, expected one of `rules`, `sigs-file`, `upcoming-release`, `all-advice`, `overrides`, `spelling`"#]].assert_eq(&unknown);
        expect![[r#"
            /r/.kep-ls.toml: TOML parse error at line 1, column 7
              |
            1 | [rules
              |       ^
            unclosed table, expected `]`"#]]
        .assert_eq(&error("[rules\n"));
        expect![[r#"
            /r/.kep-ls.toml: TOML parse error at line 2, column 18
              |
            2 | invalid-handle = 3
              |                  ^
            invalid type: integer `3`, expected a string"#]]
        .assert_eq(&error("[rules]\ninvalid-handle = 3\n"));
    }

    #[test]
    fn the_upcoming_release() {
        let path = Path::new("/r/.kep-ls.toml");
        let config = ConfigFile::parse("upcoming-release = \"v1.37\"\n", path).unwrap();
        assert_eq!(config.upcoming_release, Release::parse("v1.37"));
        let error = ConfigFile::parse("upcoming-release = \"next\"\n", path).unwrap_err();
        expect!["/r/.kep-ls.toml: upcoming-release: expected a release like v1.37, found `next`"].assert_eq(&error);
        assert!(parse_release("v1.37.1").is_err());
    }

    #[test]
    fn all_advice_and_overrides() {
        let config = ConfigFile::parse(
            "all-advice = true\n[[overrides]]\npaths = [\"keps/sig-node/**\"]\nrules = { unknown-group = \"off\" }\n",
            Path::new("/r/.kep-ls.toml"),
        )
        .unwrap();
        assert!(config.all_advice);
        assert_eq!(config.overrides[0].paths, ["keps/sig-node/**"]);
        assert_eq!(config.overrides[0].rules.get("unknown-group"), Some(&RuleLevel::Off));
        let error =
            ConfigFile::parse("[[overrides]]\npaths = []\nrules = { nope = \"off\" }\n", Path::new("/r/.kep-ls.toml"))
                .unwrap_err();
        expect!["/r/.kep-ls.toml: [[overrides]] #1: no rule `nope` (run `kep-ls rules` for the list)"]
            .assert_eq(&error);
    }

    #[test]
    fn spelling_allow_list() {
        let path = Path::new("/r/.kep-ls.toml");
        let config = ConfigFile::parse("[spelling]\nallow = [\"GKE\", \"kubelets\"]\n", path).unwrap();
        assert_eq!(config.spelling_allow, ["GKE", "kubelets"]);
        let error = ConfigFile::parse("[spelling]\nallow = [\"two words\"]\n", path).unwrap_err();
        expect!["/r/.kep-ls.toml: [spelling] allow: `two words` is not one word of letters, digits and `'`"]
            .assert_eq(&error);
        expect![[r#"
            /r/.kep-ls.toml: TOML parse error at line 2, column 1
              |
            2 | deny = []
              | ^^^^
            unknown field `deny`, expected `allow`"#]]
        .assert_eq(&ConfigFile::parse("[spelling]\ndeny = []\n", path).unwrap_err());
    }

    #[test]
    fn rule_flags() {
        assert_eq!(
            parse_rule_flag("invalid-date=hint").unwrap(),
            ("invalid-date".into(), RuleLevel::On(Severity::Hint))
        );
        expect!["expected CODE=LEVEL, e.g. invalid-handle=off, found `invalid-date`"]
            .assert_eq(&parse_rule_flag("invalid-date").unwrap_err());
        expect!["no rule `nope` (run `kep-ls rules` for the list)"]
            .assert_eq(&parse_rule_flag("nope=off").unwrap_err());
    }
}
