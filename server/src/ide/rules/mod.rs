//! The rules: one file per rule id, each with its doc, and the dispatcher that runs the rules
//! that apply to a file, with the severities the settings ask for.
//!
//! Exception to "one rule, one file": the PRR chain (`prr_chain.rs`) holds the codes of upstream's
//! `ValidatePRR`, because each step only runs when the previous one passed.

pub mod approver_is_author;
pub mod broken_anchor;
pub mod document_separator;
pub mod duplicate_kep_number;
pub mod duplicate_key;
pub mod implemented_not_stable;
pub mod invalid_date;
pub mod invalid_handle;
pub mod invalid_stage;
pub mod invalid_status;
pub mod kep_number_mismatch;
pub mod latest_milestone_behind;
pub mod milestone_format;
pub mod milestone_order;
pub mod missing_required;
pub mod misspelling;
pub mod owning_sig_mismatch;
pub mod prr_chain;
pub mod prr_kep_number_mismatch;
pub mod quickfix;
pub mod readme_without_kep_yaml;
pub mod reference_form;
pub mod replaced_without_superseded_by;
pub mod replaces_reciprocity;
pub mod stage_fields_missing;
pub mod template_placeholder;
pub mod template_section_missing;
pub mod title_mismatch;
pub mod title_number_missing;
pub mod toc_missing;
pub mod toc_out_of_date;
pub mod type_mismatch;
pub mod unknown_group;
pub mod unknown_key;
pub mod unreadable_file;
pub mod unresolved_block;
pub mod unresolved_reference;
pub mod yaml_syntax;

use super::diagnostic::{Diagnostic, Severity};
use super::kep::schema::{self, Field};
use super::kep::YamlFile;
use super::layout::FileKind;
use super::text::TextRange;
use super::world::{SourceFile, World};

/// Which files a rule looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    KepYaml,
    Prr,
    /// kep.yaml and PRR files alike (YAML decoding rules).
    KepAndPrr,
    Readme,
    /// Every `.md` below `keps/`.
    Markdown,
    /// Every `.md` and every `OWNERS` file below `keps/`.
    MarkdownAndOwners,
}

impl Scope {
    pub fn label(self) -> &'static str {
        match self {
            Scope::KepYaml => "kep.yaml",
            Scope::Prr => "PRR file",
            Scope::KepAndPrr => "kep.yaml, PRR file",
            Scope::Readme => "README.md",
            Scope::Markdown => "*.md",
            Scope::MarkdownAndOwners => "*.md, OWNERS",
        }
    }
}

/// A rule's identity and documentation: the source of hover text, `codeDescription` and the rule list.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id, the diagnostic's `code`.
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// Upstream CI rejects what this rule reports.
    pub ci: bool,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A flagged example.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// Every rule, in the order of the documentation.
pub const ALL: &[&Rule] = &[
    &yaml_syntax::RULE,
    &document_separator::RULE,
    &unknown_key::RULE,
    &duplicate_key::RULE,
    &type_mismatch::RULE,
    &missing_required::RULE,
    &prr_chain::LATEST_MILESTONE_MISSING,
    &prr_chain::STAGE_MISSING,
    &prr_chain::MILESTONE_UNPARSABLE,
    &prr_chain::FILE_MISSING,
    &prr_chain::FILE_INVALID,
    &prr_chain::STAGE_NOT_APPROVED,
    &prr_chain::APPROVER_EMPTY,
    &prr_chain::APPROVER_UNKNOWN,
    &invalid_status::RULE,
    &invalid_stage::RULE,
    &implemented_not_stable::RULE,
    &unknown_group::RULE,
    &owning_sig_mismatch::RULE,
    &kep_number_mismatch::RULE,
    &duplicate_kep_number::RULE,
    &invalid_date::RULE,
    &milestone_format::RULE,
    &milestone_order::RULE,
    &latest_milestone_behind::RULE,
    &template_placeholder::RULE,
    &invalid_handle::RULE,
    &approver_is_author::RULE,
    &stage_fields_missing::RULE,
    &prr_kep_number_mismatch::RULE,
    &readme_without_kep_yaml::RULE,
    &toc_missing::RULE,
    &toc_out_of_date::RULE,
    &unreadable_file::RULE,
    &unresolved_reference::RULE,
    &reference_form::RULE,
    &replaces_reciprocity::RULE,
    &replaced_without_superseded_by::RULE,
    &title_mismatch::RULE,
    &title_number_missing::RULE,
    &template_section_missing::RULE,
    &broken_anchor::RULE,
    &unresolved_block::RULE,
    &misspelling::RULE,
];

impl Rule {
    /// The rule's documentation in Markdown, as hover and `kep-ls rules CODE` show it.
    pub fn doc(&self) -> String {
        let language = match self.scope {
            Scope::Readme | Scope::Markdown | Scope::MarkdownAndOwners => "markdown",
            _ => "yaml",
        };
        format!(
            "`{}` ({}{})\n\n{}\n\n**Why:** {}\n\n**Example:**\n```{language}\n{}\n```\n\n**Fix:** {}\n",
            self.code,
            self.severity.label(),
            if self.ci { ", rejected by upstream CI" } else { "" },
            self.summary,
            self.why,
            self.example,
            self.fix
        )
    }
}

pub fn lookup(code: &str) -> Option<&'static Rule> {
    ALL.iter().copied().find(|r| r.code == code)
}

/// What a rule sees: the workspace and the file under check.
pub struct Cx<'a> {
    pub world: &'a World,
    pub file: &'a SourceFile,
    /// Whether fixes that are costly to prepare are wanted (code actions, fix-all, `check --fix`);
    /// publishing and reporting diagnostics do without them.
    pub with_fixes: bool,
}

impl<'a> Cx<'a> {
    pub fn yaml(&self) -> Option<&'a YamlFile> {
        self.file.yaml()
    }

    pub fn text(&self) -> &'a str {
        &self.file.text
    }

    /// The schema of the file's top level.
    pub fn schema(&self) -> &'static [Field] {
        if self.file.kind == FileKind::Prr {
            schema::PRR_FIELDS
        } else {
            schema::KEP_FIELDS
        }
    }

    /// Where to report something about the file as a whole: its first line.
    pub fn top(&self) -> TextRange {
        self.file.line_index().line_content(self.text(), 0)
    }
}

/// Runs every rule that applies to `file`, applies the configured severities, sorts.
pub fn check_file(world: &World, file: &SourceFile, with_fixes: bool) -> Vec<Diagnostic> {
    let cx = Cx { world, file, with_fixes };
    let mut out = Vec::new();
    if file.unreadable.is_some() {
        unreadable_file::check(&cx, &mut out);
        return finish(world, out);
    }
    match file.kind {
        FileKind::KepYaml | FileKind::Prr => {
            yaml_syntax::check(&cx, &mut out);
            document_separator::check(&cx, &mut out);
            unknown_key::check(&cx, &mut out);
            duplicate_key::check(&cx, &mut out);
            type_mismatch::check(&cx, &mut out);
            missing_required::check(&cx, &mut out);
            prr_chain::check(&cx, &mut out);
            if file.kind == FileKind::KepYaml {
                unresolved_reference::check(&cx, &mut out);
                reference_form::check(&cx, &mut out);
                replaces_reciprocity::check(&cx, &mut out);
                replaced_without_superseded_by::check(&cx, &mut out);
                authoring_rules(&cx, &mut out);
            } else {
                prr_kep_number_mismatch::check(&cx, &mut out);
            }
        }
        FileKind::Readme | FileKind::Markdown => {
            if file.kind == FileKind::Readme {
                readme_without_kep_yaml::check(&cx, &mut out);
                unresolved_reference::check(&cx, &mut out);
            }
            toc_missing::check(&cx, &mut out);
            toc_out_of_date::check(&cx, &mut out);
            broken_anchor::check(&cx, &mut out);
            unresolved_block::check(&cx, &mut out);
            misspelling::check(&cx, &mut out);
            if file.kind == FileKind::Readme {
                title_mismatch::check(&cx, &mut out);
                title_number_missing::check(&cx, &mut out);
                template_section_missing::check(&cx, &mut out);
            }
        }
        FileKind::Owners => misspelling::check(&cx, &mut out),
        _ => {}
    }
    finish(world, out)
}

/// What the KEP process expects of a kep.yaml beyond CI. They run after the CI rules, whose
/// diagnostics some of them extend with a fix instead of repeating.
fn authoring_rules(cx: &Cx, out: &mut Vec<Diagnostic>) {
    template_placeholder::check(cx, out);
    invalid_status::check(cx, out);
    invalid_stage::check(cx, out);
    implemented_not_stable::check(cx, out);
    unknown_group::check(cx, out);
    owning_sig_mismatch::check(cx, out);
    kep_number_mismatch::check(cx, out);
    duplicate_kep_number::check(cx, out);
    invalid_date::check(cx, out);
    milestone_format::check(cx, out);
    milestone_order::check(cx, out);
    latest_milestone_behind::check(cx, out);
    invalid_handle::check(cx, out);
    approver_is_author::check(cx, out);
    stage_fields_missing::check(cx, out);
}

/// Gives each diagnostic its configured severity, drops the rules switched off, sorts.
fn finish(world: &World, mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    out.retain_mut(|d| {
        let default = lookup(d.code).map_or(Severity::Error, |r| r.severity);
        match world.settings.severity(d.code, default) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        }
    });
    out.sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
    out
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every prefix of a kep.yaml full of oddities (cut anywhere, even inside a curly quote) is
    /// checked without a panic, and every fix applies to a text it fits.
    #[test]
    fn no_prefix_of_an_odd_file_makes_a_rule_panic() {
        let text = "title: KEP Template\nkep-number: 0752\nauthors:\n  - “@sjenning”\n  - with input from @a, @b\nowning-sig: sig-apimachinery\nparticipating-sigs: [wg-lts, kubernetes-wide, TBD]\nstatus: implemented (alpha)\nstage: alpha (deprecated)\ncreation-date: 2023-14-05\nlast-updated: v1.27\nreviewers:\n  - \"@seans3 \"\napprovers:\n  - \"@deads2k - For Kube\"\n  - “@sjenning”\nlatest-milestone: 1.30\nmilestone: {alpha: \"1.3\", beta: TBD, stable: 0.0}\nfeature-gates:\n  - name: MyFeature\nmetrics: []\n";
        let path = std::path::PathBuf::from("/ws/keps/sig-node/2043-x/kep.yaml");
        for (cut, _) in text.char_indices() {
            let mut world = World::default();
            world.set_file(path.clone(), &text[..cut]);
            world.set_file("/ws/keps/sig-apps/752-y/kep.yaml".into(), "kep-number: 752\n");
            for d in world.diagnostics(&path) {
                for fix in &d.fixes {
                    let edits: Vec<_> = fix.edits.iter().filter(|e| e.path == path).cloned().collect();
                    assert!(edits.iter().all(|e| e.range.end <= cut && text.is_char_boundary(e.range.start)), "{d:?}");
                    let _ = crate::ide::fixes::apply(&text[..cut], &edits);
                }
            }
        }
    }

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(rule.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", rule.code);
            for (what, text) in
                [("summary", rule.summary), ("why", rule.why), ("example", rule.example), ("fix", rule.fix)]
            {
                assert!(!text.trim().is_empty(), "{} has no {what}", rule.code);
            }
        }
    }
}
