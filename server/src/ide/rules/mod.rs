//! The rules: one file per rule id, each with its doc, its scope and its check, and the registry
//! ([`ALL`]) that drives them: [`check_file`] runs, in registry order, the check of every rule whose
//! [`Scope`] covers the file, then applies the severities the settings ask for.
//!
//! Exception to "one rule, one file": the PRR chain (`prr_chain.rs`) holds the codes of upstream's
//! `ValidatePRR`, because each step only runs when the previous one passed; its one check is
//! registered on `prr-stage-not-approved`, whose scope covers kep.yaml and PRR files alike, and
//! the other codes have `check: None`.
//!
//! # How to add a rule
//!
//! 1. Create `rules/my_rule.rs` (the file name is the code with `_`), with a `//!` line, and:
//!    ```text
//!    use super::{Cx, Rule, Scope};
//!    use crate::ide::diagnostic::{Diagnostic, Severity};
//!
//!    pub const RULE: Rule = Rule {
//!        code: "my-rule",          // kebab-case, the diagnostic's `code`
//!        severity: Severity::Warning, // Error only where upstream CI rejects
//!        scope: Scope::KepYaml,    // the files `check` runs on; a test fails if it reports elsewhere
//!        check: Some(check),
//!        ci: false,                // true when upstream CI rejects it
//!        summary: "...", why: "...", example: "...", fix: "...", // hover, `kep-ls rules`, README
//!    };
//!
//!    pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
//!        // cx.file, cx.yaml(), cx.text(), cx.world; push Diagnostic::new(RULE.code, range, message)
//!    }
//!    ```
//!    with its tests (see `ide::fixtures`) at the bottom of the file.
//! 2. Add one line here: `pub mod my_rule;` below, and `&my_rule::RULE,` in [`ALL`] at its place in
//!    the documentation order. A rule that extends what another rule reported
//!    (`quickfix::reported`) must come after that rule in [`ALL`].
//! 3. Regenerate the README's rule table: `UPDATE_EXPECT=1 cargo test -j 2 the_readme_lists_every_rule`.
//!
//! A new kind of file needs a [`Scope`] variant and its arm in [`Scope::covers`].

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
pub mod release_readiness;
pub mod replaced_without_superseded_by;
pub mod replaces_reciprocity;
pub mod sig_node_owners_mismatch;
pub mod sig_node_tech_lead;
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
pub mod unused_suppression;
pub mod yaml_syntax;

use super::diagnostic::{Diagnostic, Severity};
use super::kep::schema::{self, Field};
use super::kep::YamlFile;
use super::layout::FileKind;
use super::text::TextRange;
use super::world::{SourceFile, World};

/// Which files a rule looks at: [`check_file`] runs a rule's check only on the files its scope
/// covers, and the documentation shows the scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    KepYaml,
    Prr,
    /// kep.yaml and PRR files alike (YAML decoding rules).
    KepAndPrr,
    Readme,
    /// kep.yaml and README.md: the places a KEP references other KEPs.
    KepAndReadme,
    /// Every `.md` below `keps/`, README.md included.
    Markdown,
    /// kep.yaml and the `OWNERS` file beside it.
    KepAndOwners,
    /// A file of any kind that cannot be read: it has no text, so no other rule looks at it.
    Unreadable,
    /// Every file kep-ls checks.
    All,
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
            Scope::KepAndReadme => "kep.yaml, README.md",
            Scope::Markdown => "*.md",
            Scope::KepAndOwners => "kep.yaml, OWNERS",
            Scope::Unreadable => "any file",
            Scope::All => "every file",
            Scope::MarkdownAndOwners => "*.md, OWNERS",
        }
    }

    /// Whether a rule of this scope looks at `file`.
    pub fn covers(self, file: &SourceFile) -> bool {
        if file.unreadable.is_some() {
            return self == Scope::Unreadable;
        }
        let kind = file.kind;
        match self {
            Scope::KepYaml => kind == FileKind::KepYaml,
            Scope::Prr => kind == FileKind::Prr,
            Scope::KepAndPrr => matches!(kind, FileKind::KepYaml | FileKind::Prr),
            Scope::Readme => kind == FileKind::Readme,
            Scope::KepAndReadme => matches!(kind, FileKind::KepYaml | FileKind::Readme),
            Scope::KepAndOwners => matches!(kind, FileKind::KepYaml | FileKind::Owners),
            Scope::Markdown => matches!(kind, FileKind::Readme | FileKind::Markdown),
            Scope::Unreadable => false,
            Scope::All => true,
            Scope::MarkdownAndOwners => matches!(kind, FileKind::Readme | FileKind::Markdown | FileKind::Owners),
        }
    }

    /// The language of the fenced example in a rule's doc. A rule on kep.yaml and README shows a
    /// kep.yaml example; an unreadable file has no text to show, so its example is prose.
    fn example_language(self) -> &'static str {
        match self {
            Scope::Readme | Scope::Markdown | Scope::MarkdownAndOwners => "markdown",
            Scope::Unreadable => "text",
            Scope::KepYaml | Scope::Prr | Scope::KepAndPrr | Scope::KepAndReadme | Scope::KepAndOwners | Scope::All => {
                "yaml"
            }
        }
    }
}

/// A rule's check: looks at `cx.file` and pushes its diagnostics onto `out`, which already holds
/// those of the rules before it in [`ALL`].
pub type Check = fn(&Cx, &mut Vec<Diagnostic>);

/// A rule's identity and documentation: the source of hover text, `codeDescription` and the rule list.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id, the diagnostic's `code`.
    pub code: &'static str,
    pub severity: Severity,
    pub scope: Scope,
    /// What runs on the files of `scope`; `None` for a code another rule's check reports (the PRR chain).
    pub check: Option<Check>,
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

/// Every rule, in the order of the documentation and of the checks.
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
    &sig_node_owners_mismatch::RULE,
    &sig_node_tech_lead::RULE,
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
    &unused_suppression::RULE,
    &release_readiness::RULE,
    &misspelling::RULE,
];

impl Rule {
    /// The rule's documentation in Markdown, as hover and `kep-ls rules CODE` show it.
    pub fn doc(&self) -> String {
        let language = self.scope.example_language();
        format!(
            "`{}` ({}{})\n\n{}\n\n**Why:** {}\n\n**Example:**\n```{language}\n{}\n```\n\n**Fix:** {}\n",
            self.code,
            self.severity.label(),
            if self.ci { ", rejected by upstream CI" } else { "" },
            self.summary,
            self.why,
            self.example,
            self.fix,
        ) + &self.silencing()
    }

    /// How to silence the rule: the closing paragraph of its documentation.
    fn silencing(&self) -> String {
        let comment = match self.scope {
            Scope::Readme | Scope::Markdown => {
                format!("`<!-- kep-ls-ignore {} -->` on the line before the block", self.code)
            }
            _ => format!(
                "`# kep-ls: ignore[{}]` at the end of the line (at the top of the file: the whole file)",
                self.code
            ),
        };
        let advice = if ADVICE.contains(&self.code) {
            " Not reported on KEPs whose status is implemented, withdrawn, rejected, replaced or deferred, \
             unless all advice is asked for (`kep-ls check --all-advice`, `all-advice = true` in .kep-ls.toml, \
             the editor setting `kep.allAdvice`)."
        } else {
            ""
        };
        format!(
            "\n**Silence:** {comment}; for paths, `[[overrides]]` in .kep-ls.toml; everywhere, `{} = \"off\"` in \
             `[rules]` of .kep-ls.toml or `--rule {}=off`.{advice}\n",
            self.code, self.code
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

    /// The settings this file is judged with (its workspace folder's: see `World::settings_for`).
    pub fn settings(&self) -> &'a crate::ide::settings::Settings {
        self.world.settings_for(&self.file.path)
    }

    /// The schema of the file's top level.
    pub fn schema(&self) -> &'static [Field] {
        if self.file.kind == FileKind::Prr {
            schema::PRR_FIELDS
        } else {
            schema::KEP_FIELDS
        }
    }

    /// Whether a rule may still add diagnostics: rules that report one problem per key or item
    /// stop at [`MAX_PER_FILE`], so that a file of 500,000 unknown keys costs what 1,000 do.
    pub fn room(&self, out: &[Diagnostic]) -> bool {
        out.len() <= MAX_PER_FILE
    }

    /// Where to report something about the file as a whole: its first line.
    pub fn top(&self) -> TextRange {
        self.file.line_index().line_content(self.text(), 0)
    }
}

/// Runs, in the order of [`ALL`], every rule whose scope covers `file`, applies the configured
/// severities, sorts.
pub fn check_file(world: &World, file: &SourceFile, with_fixes: bool) -> Vec<Diagnostic> {
    let cx = Cx { world, file, with_fixes };
    let mut out = Vec::new();
    for rule in ALL {
        if let (Some(check), true) = (rule.check, rule.scope.covers(file)) {
            check(&cx, &mut out);
        }
    }
    // Every unit test that checks a file also proves the scopes right.
    #[cfg(test)]
    assert_eq!(out_of_scope(file, &out), Vec::<&str>::new(), "codes reported outside their scope on {:?}", file.path);
    // No fix edits a link or an unreadable file, wherever the rule found it.
    for d in &mut out {
        d.fixes.retain(|f| super::fixes::fix_is_editable(world, f));
    }
    if matches!(file.kind, FileKind::KepYaml | FileKind::Prr | FileKind::Readme | FileKind::Markdown) {
        let markdown = matches!(file.kind, FileKind::Readme | FileKind::Markdown);
        super::suppress::apply(&file.text, file.line_index(), markdown, &mut out);
    }
    if !world.settings_for(&file.path).all_advice && is_settled(world, file) {
        out.retain(|d| !ADVICE.contains(&d.code));
    }
    finish(world, file, out)
}

/// Authoring advice about bringing a KEP's text up to today's template: not reported on KEPs whose
/// work is over (see [`SETTLED_STATUSES`]) unless the user asks for all advice (`--all-advice`,
/// `all-advice` in .kep-ls.toml, the editor setting `kep.allAdvice`). CI-level rules always apply.
pub const ADVICE: &[&str] =
    &["template-section-missing", "title-number-missing", "stage-fields-missing", "reference-form", "misspelling"];

/// The statuses of KEPs nobody is expected to bring up to today's template.
pub const SETTLED_STATUSES: &[&str] = &["implemented", "withdrawn", "rejected", "replaced", "deferred"];

/// Whether the KEP a kep.yaml or README belongs to (the kep.yaml beside it) has a settled status.
fn is_settled(world: &World, file: &SourceFile) -> bool {
    let kep_yaml = match file.kind {
        FileKind::KepYaml => Some(file),
        FileKind::Readme => file.dir().and_then(|dir| world.file(&dir.join(super::layout::KEP_YAML))).map(|f| &**f),
        _ => None,
    };
    kep_yaml
        .and_then(SourceFile::yaml)
        .and_then(|yaml| yaml.string("status"))
        .is_some_and(|status| SETTLED_STATUSES.contains(&status.text.trim()))
}

/// The codes in `out` whose rule's scope does not cover `file`.
#[cfg(test)]
fn out_of_scope(file: &SourceFile, out: &[Diagnostic]) -> Vec<&'static str> {
    out.iter().filter(|d| !lookup(d.code).is_some_and(|r| r.scope.covers(file))).map(|d| d.code).collect()
}

/// At most this many diagnostics are reported for one file, the last of them saying that more
/// were left out (as yaml-language-server's `maxItemsComputed`): beyond a thousand, more problems
/// tell an author nothing, and computing them cost seconds and gigabytes on pathological files.
pub const MAX_PER_FILE: usize = 1000;

/// Gives each diagnostic its configured severity, drops the rules switched off, sorts.
fn finish(world: &World, file: &SourceFile, mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let rel = file.place.as_ref().map(|p| format!("{}/{}", super::layout::KEPS, p.rel));
    let settings = world.settings_for(&file.path);
    out.retain_mut(|d| {
        let default = lookup(d.code).map_or(Severity::Error, |r| r.severity);
        match settings.severity_at(rel.as_deref(), d.code, default) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        }
    });
    out.sort_by(|a, b| (a.range.start, a.range.end, a.code).cmp(&(b.range.start, b.range.end, b.code)));
    if out.len() > MAX_PER_FILE {
        // The last kept problem says that more were left out; it keeps its code and severity,
        // so the verdict (an error where CI fails) is the one the whole list would give.
        out.truncate(MAX_PER_FILE);
        if let Some(last) = out.last_mut() {
            last.message.push_str(&format!(
                " (and more problems: kep-ls stops after {MAX_PER_FILE} in one file; fix these first)"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reports_at_most_max_per_file_problems_and_says_so() {
        let keys: String = (0..5000).map(|n| format!("unknown{n}: {n}\n")).collect();
        let dup: String = (0..5000).map(|_| "title: again\n").collect();
        for text in [keys, dup] {
            let (world, paths) = crate::ide::fixtures::world(&format!("//- /ws/keps/sig-a/1-x/kep.yaml\n{text}"));
            let found = crate::ide::features::diagnostics(&world, &paths[0]);
            assert_eq!(found.len(), MAX_PER_FILE);
            assert!(found.last().unwrap().message.contains("kep-ls stops after 1000"), "{:?}", found.last());
            assert_eq!(found.last().unwrap().severity, Severity::Error);
        }
        let (world, paths) = crate::ide::fixtures::world("//- /ws/keps/sig-a/1-x/kep.yaml\nunknown: 1\n");
        assert!(!crate::ide::features::diagnostics(&world, &paths[0])
            .iter()
            .any(|d| d.message.contains("kep-ls stops")));
    }

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
            for d in crate::ide::features::diagnostics(&world, &path) {
                for fix in &d.fixes {
                    let edits: Vec<_> = fix.edits.iter().filter(|e| e.path == path).cloned().collect();
                    assert!(edits.iter().all(|e| e.range.end <= cut && text.is_char_boundary(e.range.start)), "{d:?}");
                    let _ = crate::ide::fixes::apply(&text[..cut], &edits);
                }
            }
        }
    }

    /// The check every unit test runs through `check_file` can fail: a code reported on a file its
    /// rule's scope does not cover is caught, one inside its scope is not.
    #[test]
    fn a_code_outside_its_scope_is_caught() {
        let mut world = World::default();
        let kep = world.set_file("/ws/keps/sig-a/1-x/kep.yaml".into(), "title: X\n");
        let readme = world.set_file("/ws/keps/sig-a/1-x/README.md".into(), "# X\n");
        let at = |code| vec![Diagnostic::new(code, TextRange::empty(0), "x")];
        assert_eq!(out_of_scope(&kep, &at(toc_missing::RULE.code)), ["toc-missing"]);
        assert_eq!(out_of_scope(&readme, &at(unknown_key::RULE.code)), ["unknown-key"]);
        assert_eq!(out_of_scope(&kep, &at(unresolved_reference::RULE.code)), Vec::<&str>::new());
        assert_eq!(out_of_scope(&readme, &at(unresolved_reference::RULE.code)), Vec::<&str>::new());
        let mut unreadable = SourceFile::new("/ws/keps/sig-a/1-x/kep.yaml".into(), "".into());
        unreadable.unreadable = Some("not UTF-8".into());
        assert_eq!(out_of_scope(&unreadable, &at(unknown_key::RULE.code)), ["unknown-key"]);
        assert_eq!(out_of_scope(&unreadable, &at(unreadable_file::RULE.code)), Vec::<&str>::new());
    }

    /// Every code has a check but the PRR chain's, whose one check runs from `prr-stage-not-approved`,
    /// and `unused-suppression`'s.
    #[test]
    fn every_code_has_a_check_but_the_prr_chain_s() {
        use prr_chain::*;
        let reported_by_the_chain = [
            &LATEST_MILESTONE_MISSING,
            &STAGE_MISSING,
            &MILESTONE_UNPARSABLE,
            &FILE_MISSING,
            &FILE_INVALID,
            &APPROVER_EMPTY,
            &APPROVER_UNKNOWN,
        ]
        .map(|r| r.code);
        let without: Vec<&str> = ALL.iter().filter(|r| r.check.is_none()).map(|r| r.code).collect();
        // `unused-suppression` is reported by `ide::suppress`, after every rule.
        let mut expected = reported_by_the_chain.to_vec();
        expected.push(unused_suppression::RULE.code);
        assert_eq!(without, expected);
        assert!(STAGE_NOT_APPROVED.check.is_some());
    }

    /// A rule's example is fenced in the language of the files it looks at: `unresolved-reference`
    /// runs on kep.yaml and README, and its example is kep.yaml.
    #[test]
    fn examples_are_fenced_in_their_language() {
        assert!(
            unresolved_reference::RULE.doc().contains("```yaml\nsee-also:"),
            "{}",
            unresolved_reference::RULE.doc()
        );
        assert!(toc_missing::RULE.doc().contains("```markdown\n"));
        assert!(unreadable_file::RULE.doc().contains("```text\n"));
    }

    /// Authoring advice is not given on a KEP whose work is over, unless all advice is asked for;
    /// the other rules still report there.
    #[test]
    fn settled_keps_get_no_authoring_advice_unless_asked() {
        let kep = "/ws/keps/sig-node/1-x/kep.yaml";
        let readme = "/ws/keps/sig-node/1-x/README.md";
        let codes = |status: &str, all_advice: bool| {
            let mut world = World::default();
            world.settings.all_advice = all_advice;
            world.set_file(kep.into(), format!("title: X\nkep-number: 1\nstatus: {status}\nstage: beta\nlatest-milestone: v1.30\nlast-updated: 2023-14-05\n"));
            world.set_file(readme.into(), "# X\n\n## Summary\n");
            let mut codes: Vec<&str> = [kep, readme]
                .iter()
                .flat_map(|p| crate::ide::features::diagnostics(&world, std::path::Path::new(p)))
                .map(|d| d.code)
                .filter(|c| ADVICE.contains(c) || *c == "invalid-date")
                .collect();
            codes.sort_unstable();
            codes.dedup();
            codes
        };
        let all = ["invalid-date", "stage-fields-missing", "template-section-missing", "title-number-missing"];
        assert_eq!(codes("implementable", false), all);
        for settled in SETTLED_STATUSES {
            assert_eq!(codes(settled, false), ["invalid-date"], "{settled}");
            // stage-fields-missing has its own exceptions for some statuses.
            let asked = codes(settled, true);
            assert!(
                asked.contains(&"template-section-missing") && asked.contains(&"title-number-missing"),
                "{settled}"
            );
        }
        assert_eq!(codes("implemented", true), all);
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
