//! User settings the core obeys: a severity or an off switch per rule.

use std::collections::BTreeMap;

use super::diagnostic::Severity;
use super::kep::usage::Release;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    /// `off`, `error`, `warning`, `info`, `hint`.
    pub fn parse(word: &str) -> Option<RuleLevel> {
        if word.eq_ignore_ascii_case("off") || word.eq_ignore_ascii_case("none") {
            return Some(RuleLevel::Off);
        }
        Severity::parse(word).map(RuleLevel::On)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// Rule code → level, overriding the rule's default severity.
    pub rules: BTreeMap<String, RuleLevel>,
    pub features: Features,
    /// The upcoming Kubernetes release (`upcoming-release`), for SIG Node's tech-lead rule and
    /// release readiness; `None`: the highest `latest-milestone` of the workspace (see
    /// `World::effective_upcoming_release`).
    pub upcoming_release: Option<Release>,
    /// Report authoring advice on settled KEPs too (see `rules::ADVICE`).
    pub all_advice: bool,
    /// Words the `misspelling` rule accepts besides its built-in list: an entry in lower case
    /// allows the word in any case, one with capitals exactly that spelling.
    pub spelling_allow: Vec<String>,
    /// Rule levels for some paths (`[[overrides]]` of .kep-ls.toml); a later one wins.
    pub overrides: Vec<Override>,
}

/// Rule levels that apply to the files matching some globs (relative to the repository root).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Override {
    pub paths: Vec<String>,
    pub rules: BTreeMap<String, RuleLevel>,
}

/// Features a user may switch off, e.g. where a generic Markdown server already provides them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    pub markdown_symbols: bool,
    pub markdown_folding: bool,
    /// Definition, references, completion and rename of `#anchor` links in READMEs.
    pub markdown_anchor_links: bool,
    pub inlay_hints: bool,
    pub code_lens: bool,
}

impl Default for Features {
    fn default() -> Self {
        Features {
            markdown_symbols: true,
            markdown_folding: true,
            markdown_anchor_links: true,
            inlay_hints: true,
            code_lens: true,
        }
    }
}

/// An entry of a spelling allow list: one word as the `misspelling` rule cuts them, or it could
/// never match.
pub fn allow_word(word: &str) -> Result<(), String> {
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'\'') {
        Ok(())
    } else {
        Err(format!("`{word}` is not one word of letters, digits and `'`"))
    }
}

impl Settings {
    /// The severity a rule reports with, or `None` when it is switched off.
    pub fn severity(&self, code: &str, default: Severity) -> Option<Severity> {
        match self.rules.get(code) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::On(severity)) => Some(*severity),
            None => Some(default),
        }
    }

    /// The severity of a rule in the file at `rel` (relative to the repository root, `keps/...`):
    /// the last matching override that sets the rule, else [`Settings::severity`].
    pub fn severity_at(&self, rel: Option<&str>, code: &str, default: Severity) -> Option<Severity> {
        if let Some(rel) = rel {
            for o in self.overrides.iter().rev() {
                if let Some(level) = o.rules.get(code) {
                    if o.paths.iter().any(|glob| super::glob::matches(glob, rel)) {
                        return match level {
                            RuleLevel::Off => None,
                            RuleLevel::On(severity) => Some(*severity),
                        };
                    }
                }
            }
        }
        self.severity(code, default)
    }
}
