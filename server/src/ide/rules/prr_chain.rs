//! The production-readiness chain upstream CI runs for implementable and implemented KEPs
//! (`kepval.ValidatePRR`): milestone and stage set, milestone readable, from v1.21 on a PRR file
//! that decodes, approves the KEP's stage, and names an approver from OWNERS_ALIASES.
//!
//! Every code lives here because each step runs only when the previous one passed. The same
//! problems are shown in the kep.yaml (where CI reports them) and, when open, in the PRR file.

use std::path::{Path, PathBuf};

use super::{duplicate_key, missing_required, quickfix, type_mismatch, unknown_key, yaml_syntax, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, NewFile, Severity};
use crate::ide::kep::schema::{self, STAGES};
use crate::ide::kep::{Spanned, StageApproval, YamlFile};
use crate::ide::layout::{self, FileKind};
use crate::ide::semver::Version;
use crate::ide::text::TextRange;
use crate::ide::world::{SourceFile, World};

/// The first release whose implementable KEPs need a PRR approval file.
const PRR_SINCE: Version = Version::new(1, 21, 0);

/// A code of the chain: the chain's one check ([`check`], registered on [`STAGE_NOT_APPROVED`]) reports it.
const fn rule(
    code: &'static str,
    summary: &'static str,
    why: &'static str,
    example: &'static str,
    fix: &'static str,
) -> Rule {
    Rule { code, severity: Severity::Error, scope: Scope::KepYaml, check: None, ci: true, summary, why, example, fix }
}

pub const LATEST_MILESTONE_MISSING: Rule = rule(
    "prr-latest-milestone-missing",
    "An implementable or implemented KEP without `latest-milestone`.",
    "Upstream's PRR check needs the milestone to decide whether a PRR approval is required, and fails without it.",
    "status: implementable\n# no latest-milestone",
    "Add `latest-milestone: \"v1.NN\"`, the release the work targets.",
);
pub const STAGE_MISSING: Rule = rule(
    "prr-stage-missing",
    "An implementable or implemented KEP without `stage`.",
    "Upstream's PRR check looks up the approval for the KEP's stage, and fails without one. These are exactly the statuses that need a stage: approved work targets one, finished work reached one. A provisional or deferred KEP has none yet, and a rejected, withdrawn or replaced KEP may have ended before any, so kep-ls asks no stage of them.",
    "status: implementable\n# no stage",
    "Add `stage: alpha` (or `beta`, `stable`, ...), the stage targeted in `latest-milestone`. The quick fix adds `stable` for an implemented KEP, else the stage whose `milestone` is `latest-milestone`.",
);
pub const MILESTONE_UNPARSABLE: Rule = rule(
    "prr-milestone-unparsable",
    "`latest-milestone` that is not a version upstream can read.",
    "Upstream parses it as a tolerant semantic version (optional `v`, missing parts allowed); `TBD` or `v1.2-alpha` fail CI.",
    "latest-milestone: TBD",
    "Write the release as `\"v1.NN\"`.",
);
pub const FILE_MISSING: Rule = rule(
    "prr-file-missing",
    "No PRR approval file for an implementable KEP targeting v1.21 or later.",
    "From v1.21, CI requires `keps/prod-readiness/<owning-sig>/<kep-number>.yaml`, named from `kep-number` (not the directory).",
    "status: implementable\nlatest-milestone: \"v1.31\"\n# and no keps/prod-readiness/sig-node/1234.yaml",
    "Create the file (the quick fix writes a stub) and ask a PRR approver to fill in the approver for your stage.",
);
pub const FILE_INVALID: Rule = rule(
    "prr-file-invalid",
    "The KEP's PRR approval file does not decode (syntax, unknown or duplicate key, wrong type, missing `kep-number`, a stage with an empty approver).",
    "CI decodes the PRR file strictly and fails the KEP when it cannot.",
    "# keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nbeta:\n  aprover: \"@x\"",
    "Open the PRR file (see the related location) and correct it.",
);
pub const STAGE_NOT_APPROVED: Rule = Rule {
    // Also shown in the PRR file that names the approver.
    scope: Scope::KepAndPrr,
    // The chain's one check, on a code whose scope covers both files the chain looks at.
    check: Some(check),
    ..rule(
        "prr-stage-not-approved",
        "The PRR file has no approval for the KEP's `stage` (or `stage` is not one of the six stages).",
        "CI looks up the approver of the KEP's current stage in the PRR file and fails when there is none.",
        "stage: beta\n# the PRR file has only `alpha:`",
        "Add `<stage>:\\n  approver: \"@name\"` to the PRR file once a PRR approver has approved the stage.",
    )
};
pub const APPROVER_EMPTY: Rule = Rule {
    // Also shown in the PRR file that names the approver.
    scope: Scope::KepAndPrr,
    ..rule(
        "prr-approver-empty",
        "A PRR stage whose approver is empty.",
        "CI requires an approver for every stage present in the PRR file.",
        "beta:\n  approver: \"\"",
        "Write the handle of the PRR approver who approved the stage.",
    )
};
pub const APPROVER_UNKNOWN: Rule = Rule {
    // Also shown in the PRR file that names the approver.
    scope: Scope::KepAndPrr,
    ..rule(
    "prr-approver-unknown",
    "The approver of the KEP's stage is not a PRR approver.",
    "CI checks the approver (with `@` removed) against `prod-readiness-approvers` and `prod-readiness-approvers-emeritus` in OWNERS_ALIASES at the repository root; the check is skipped when no OWNERS_ALIASES is found.",
    "beta:\n  approver: \"@somebody\"",
    "Use a member of `prod-readiness-approvers`.",
)
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    match cx.file.kind {
        FileKind::KepYaml => check_kep(cx, out),
        FileKind::Prr => check_prr_file(cx, out),
        _ => {}
    }
}

/// Where a KEP stands in the chain once status, milestone and stage are known good.
struct Required<'a> {
    status: Spanned<'a>,
    stage: Spanned<'a>,
    prr_path: PathBuf,
}

/// The first part of the chain, on the kep.yaml alone: reports what is missing and returns the
/// PRR file that is required, if one is.
fn requirement<'a>(file: &'a SourceFile, out: &mut Vec<Diagnostic>) -> Option<Required<'a>> {
    let yaml = file.yaml()?;
    let status = yaml.string("status")?;
    if status.text != "implementable" && status.text != "implemented" {
        return None;
    }
    let milestone = yaml.string("latest-milestone");
    let stage = yaml.string("stage");
    let why = format!("`status: {}` needs it for the PRR check", status.text);
    if milestone.is_none() {
        out.push(Diagnostic::new(
            LATEST_MILESTONE_MISSING.code,
            status.range,
            format!("missing `latest-milestone`: {why}"),
        ));
    }
    if stage.is_none() {
        out.push(Diagnostic::new(STAGE_MISSING.code, status.range, format!("missing `stage`: {why}")));
    }
    let (milestone, stage) = (milestone?, stage?);
    let version = match Version::parse_tolerant(milestone.text) {
        Ok(version) => version,
        Err(reason) => {
            out.push(Diagnostic::new(
                MILESTONE_UNPARSABLE.code,
                milestone.range,
                format!("`{}` is not a release upstream can read ({reason}): write it as \"v1.NN\"", milestone.text),
            ));
            return None;
        }
    };
    if version < PRR_SINCE {
        return None;
    }
    let owning_sig = yaml.string("owning-sig")?.text;
    let number = yaml.string("kep-number")?.text;
    let prr_path = layout::prr_path(&file.place.as_ref()?.root, owning_sig, number)?;
    Some(Required { status, stage, prr_path })
}

fn check_kep(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let reported = out.len();
    let required = requirement(cx.file, out);
    if let Some(missing) = out[reported..].iter_mut().find(|d| d.code == STAGE_MISSING.code) {
        missing.fixes.extend(add_stage(cx));
    }
    let Some(required) = required else { return };
    let shown = shown_path(cx.file, &required.prr_path);
    let Some(prr) = cx.world.file(&required.prr_path) else {
        let number = cx.yaml().and_then(|y| y.string("kep-number")).map_or("", |s| s.text);
        let stub = format!("kep-number: {number}\n{}:\n  approver: \"\"\n", required.stage.text);
        let fix = Fix {
            title: format!("Create {shown}"),
            creates: vec![NewFile { path: required.prr_path.clone(), text: stub }],
            ..Fix::default()
        };
        out.push(
            Diagnostic::new(
                FILE_MISSING.code,
                required.status.range,
                format!("no PRR approval file: `status: {}` from v1.21 on needs {shown}", required.status.text),
            )
            .with_fix(fix),
        );
        return;
    };
    let problems = decode_problems(cx.world, prr, required.stage.text);
    if let Some(first) = problems.first() {
        let mut d = Diagnostic::new(
            FILE_INVALID.code,
            required.status.range,
            format!("the PRR approval file {shown} does not decode: {}", first.message),
        );
        for p in &problems {
            d = d.with_related(prr.path.clone(), p.range, p.message.clone());
        }
        out.push(d);
        return;
    }
    let Some(prr_yaml) = prr.yaml() else { return };
    let stage = required.stage;
    let approval =
        match stage_approval(prr_yaml, stage.text) {
            Ok(approval) => approval,
            Err(message) => {
                out.push(
                    Diagnostic::new(STAGE_NOT_APPROVED.code, stage.range, format!("{message} in {shown}"))
                        .with_related(prr.path.clone(), TextRange::empty(0), "the PRR approval file"),
                );
                return;
            }
        };
    match approval {
        Approval::Empty(at) => out.push(
            Diagnostic::new(
                APPROVER_EMPTY.code,
                stage.range,
                format!("the `{}` approver in {shown} is empty", stage.text),
            )
            .with_related(prr.path.clone(), at, "empty approver"),
        ),
        Approval::Approver(approver) => {
            if let Some(message) = unknown_approver(cx.world, prr, approver.text) {
                out.push(
                    Diagnostic::new(
                        APPROVER_UNKNOWN.code,
                        stage.range,
                        format!("the `{}` approver in {shown}: {message}", stage.text),
                    )
                    .with_related(prr.path.clone(), approver.range, "the approver"),
                );
            }
        }
    }
}

/// Adds the stage the KEP's own fields point at: `stable` for an implemented KEP, else the stage
/// whose `milestone` is `latest-milestone`. Nothing when neither says.
fn add_stage(cx: &Cx) -> Option<Fix> {
    let yaml = cx.yaml()?;
    let stage = if yaml.string("status")?.text == "implemented" {
        "stable"
    } else {
        let latest = Version::parse_tolerant(yaml.string("latest-milestone")?.text).ok()?;
        STAGES.iter().map(|(s, _)| *s).find(|s| {
            yaml.milestone(s).and_then(|m| Version::parse_tolerant(m.text).ok()).is_some_and(|v| v == latest)
        })?
    };
    let edit = quickfix::insert_key(cx, "stage", &format!(" {stage}"));
    Some(Fix { title: format!("Add `stage: {stage}`"), edits: vec![edit], ..Fix::default() }.preferred())
}

enum Approval<'a> {
    Empty(TextRange),
    Approver(Spanned<'a>),
}

/// `ApproverForStage`: the approval for `stage`, or why there is none.
fn stage_approval<'a>(prr: &'a YamlFile, stage: &str) -> Result<Approval<'a>, String> {
    if !schema::is_stage(stage) {
        let stages: Vec<_> = STAGES.iter().map(|(s, _)| *s).collect();
        return Err(format!("`stage: {stage}` is not a stage ({}), so no approval can match it", stages.join(", ")));
    }
    if STAGES.iter().all(|(s, _)| prr.prr_stage(s) == StageApproval::Absent) {
        return Err("no stage is approved".to_string());
    }
    match prr.prr_stage(stage) {
        StageApproval::Absent => Err(format!("no approval for `stage: {stage}`")),
        StageApproval::Present { approver: Some(a), .. } if !a.text.is_empty() => Ok(Approval::Approver(a)),
        StageApproval::Present { approver, map } => Ok(Approval::Empty(approver.map_or(map, |a| a.range))),
    }
}

/// Why `approver` is not a PRR approver, when OWNERS_ALIASES is known and says so.
fn unknown_approver(world: &World, prr: &SourceFile, approver: &str) -> Option<String> {
    let owners = world.owners_aliases(&prr.place.as_ref()?.root)?;
    if owners.error.is_some() {
        return None;
    }
    let approvers = owners.prr_approvers();
    let name = approver.strip_prefix('@').unwrap_or(approver);
    if approvers.contains(&name) {
        return None;
    }
    Some(format!(
        "`{name}` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: {})",
        approvers.join(", ")
    ))
}

/// Why upstream's strict decoder and validator reject a PRR file, empty approvers included except
/// that of `own_stage` (reported as `prr-approver-empty`, the more specific problem).
fn decode_problems(world: &World, prr: &SourceFile, own_stage: &str) -> Vec<Diagnostic> {
    let cx = Cx { world, file: prr, with_fixes: false };
    let mut out = Vec::new();
    super::unreadable_file::check(&cx, &mut out);
    yaml_syntax::check(&cx, &mut out);
    unknown_key::check(&cx, &mut out);
    duplicate_key::check(&cx, &mut out);
    type_mismatch::check(&cx, &mut out);
    missing_required::check(&cx, &mut out);
    if let Some(yaml) = prr.yaml() {
        out.extend(
            empty_approvers(yaml).into_iter().filter(|(stage, _)| *stage != own_stage).map(|(stage, at)| {
                Diagnostic::new(APPROVER_EMPTY.code, at, format!("the `{stage}` approver is empty"))
            }),
        );
    }
    out
}

fn empty_approvers(prr: &YamlFile) -> Vec<(&'static str, TextRange)> {
    STAGES
        .iter()
        .filter_map(|(stage, _)| match prr.prr_stage(stage) {
            StageApproval::Present { approver: Some(a), .. } if !a.text.is_empty() => None,
            StageApproval::Present { approver, map } => Some((*stage, approver.map_or(map, |a| a.range))),
            StageApproval::Absent => None,
        })
        .collect()
}

/// In a PRR file: empty approvers, and what the KEP that uses the file needs from it.
fn check_prr_file(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let Some(place) = &cx.file.place else { return };
    // `keps/prod-readiness/template/nnnn.yaml` is a template, never used by a KEP.
    if place.parts().get(1) == Some(&"template") {
        return;
    }
    for (stage, at) in empty_approvers(yaml) {
        out.push(Diagnostic::new(
            APPROVER_EMPTY.code,
            at,
            format!("the `{stage}` approver is empty: CI rejects a stage without an approver"),
        ));
    }
    for kep in keps_using(cx.world, &cx.file.path) {
        let mut ignored = Vec::new();
        let Some(required) = requirement(kep, &mut ignored) else { continue };
        let Ok(Approval::Approver(approver)) = stage_approval(yaml, required.stage.text).map_err(|message| {
            out.push(
                Diagnostic::new(
                    STAGE_NOT_APPROVED.code,
                    cx.top(),
                    format!("{} is at `stage: {}`: {message} here", kep_name(kep), required.stage.text),
                )
                .with_related(kep.path.clone(), required.stage.range, "the KEP's stage"),
            );
        }) else {
            continue;
        };
        if let Some(message) = unknown_approver(cx.world, cx.file, approver.text) {
            out.push(Diagnostic::new(APPROVER_UNKNOWN.code, approver.range, message).with_related(
                kep.path.clone(),
                required.stage.range,
                format!("{} is at `stage: {}`", kep_name(kep), required.stage.text),
            ));
        }
    }
}

/// The kep.yaml files whose PRR file is `prr_path`.
/// The kep.yaml files whose PRR file is `prr_path`: the KEPs numbered like the file (from the
/// number index), whose owning-sig and kep-number name exactly this file.
fn keps_using<'a>(world: &'a World, prr_path: &'a Path) -> impl Iterator<Item = &'a SourceFile> + 'a {
    let keps_dir =
        prr_path.ancestors().find(|p| p.file_name().is_some_and(|n| n == layout::KEPS)).map(Path::to_path_buf);
    let number = prr_path.file_stem().and_then(|s| s.to_str()).and_then(layout::kep_number);
    let candidates = match (&keps_dir, number) {
        (Some(keps_dir), Some(number)) => world.numbers().dirs(keps_dir, number),
        _ => Vec::new(),
    };
    candidates
        .into_iter()
        .filter_map(move |rel| Some(&**world.file(&keps_dir.as_ref()?.join(rel).join(layout::KEP_YAML))?))
        .filter(move |kep| {
            let Some(yaml) = kep.yaml() else { return false };
            let (Some(sig), Some(number), Some(place)) =
                (yaml.string("owning-sig"), yaml.string("kep-number"), &kep.place)
            else {
                return false;
            };
            layout::prr_path(&place.root, sig.text, number.text).as_deref() == Some(prr_path)
        })
}

fn kep_name(kep: &SourceFile) -> String {
    kep.place.as_ref().map_or_else(|| kep.path.display().to_string(), |p| format!("keps/{}", p.dir_rel()))
}

/// A path as the user knows it: relative to the repository root.
fn shown_path(file: &SourceFile, path: &Path) -> String {
    file.place
        .as_ref()
        .and_then(|p| path.strip_prefix(&p.root).ok())
        .map_or_else(|| path.display().to_string(), |rel| rel.display().to_string())
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check, world};
    use expect_test::expect;

    const ALIASES: &str = "//- /ws/OWNERS_ALIASES\naliases:\n  prod-readiness-approvers:\n    - wojtek-t\n  prod-readiness-approvers-emeritus:\n    - ehashman\n";

    /// A KEP with every field its stage expects (so that only the chain speaks), and `extra`.
    fn kep(status: &str, extra: &str) -> String {
        format!(
            "//- /ws/keps/sig-node/1234-example/kep.yaml\ntitle: x\nkep-number: 1234\nauthors: []\nowning-sig: sig-node\napprovers: []\nstatus: {status}\n{extra}feature-gates: []\ndisable-supported: true\nmetrics: []\n"
        )
    }

    #[test]
    fn provisional_keps_need_nothing() {
        assert_eq!(check(&kep("provisional", "")), "");
    }

    #[test]
    fn implementable_needs_milestone_and_stage() {
        expect![[r#"
            error[prr-latest-milestone-missing] 6:9: missing `latest-milestone`: `status: implementable` needs it for the PRR check
              | status: implementable
              |         ^^^^^^^^^^^^^
            error[prr-stage-missing] 6:9: missing `stage`: `status: implementable` needs it for the PRR check
              | status: implementable
              |         ^^^^^^^^^^^^^
        "#]]
        .assert_eq(&check(&kep("implementable", "")));
    }

    #[test]
    fn a_missing_stage_is_added_from_the_keps_own_fields() {
        let implemented = kep("implemented", "latest-milestone: v1.20\n");
        expect![[r#"
            error[prr-stage-missing] 6:9: missing `stage`: `status: implemented` needs it for the PRR check
              | status: implemented
              |         ^^^^^^^^^^^
              fix (preferred): Add `stage: stable`
        "#]]
        .assert_eq(&check(&implemented));
        expect![[r#"
            title: x
            kep-number: 1234
            authors: []
            owning-sig: sig-node
            approvers: []
            status: implemented
            stage: stable
            latest-milestone: v1.20
            feature-gates: []
            disable-supported: true
            metrics: []
        "#]]
        .assert_eq(&apply_first_fix(&implemented, "prr-stage-missing"));
        let beta = kep("implementable", "latest-milestone: \"v1.31\"\nmilestone:\n  alpha: v1.30\n  beta: \"v1.31\"\n");
        assert_eq!(
            apply_first_fix(&beta, "prr-stage-missing"),
            beta.split_once('\n').unwrap().1.replace("status: implementable\n", "status: implementable\nstage: beta\n")
        );
        let unknown = kep("implementable", "latest-milestone: v1.31\nmilestone:\n  alpha: v1.30\n");
        let out = check(&unknown);
        expect![[r#"
            error[prr-stage-missing] 6:9: missing `stage`: `status: implementable` needs it for the PRR check
              | status: implementable
              |         ^^^^^^^^^^^^^
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn the_milestone_must_be_a_version() {
        let out = check(&kep("implemented", "stage: stable\nlatest-milestone: v1.2-alpha\n"));
        expect![[r#"
            error[prr-milestone-unparsable] 8:19: `v1.2-alpha` is not a release upstream can read (a short version cannot carry a pre-release or build suffix): write it as "v1.NN"
              | latest-milestone: v1.2-alpha
              |                   ^^^^^^^^^^
        "#]].assert_eq(&out);
        let before = check(&kep("implemented", "stage: stable\nlatest-milestone: \"1.20\"\n"));
        expect![[r#"
            warning[milestone-format] 8:19: `latest-milestone: 1.20` lacks its `v`: write "v1.20"
              | latest-milestone: "1.20"
              |                   ^^^^^^
              fix (preferred): Write "v1.20"
        "#]]
        .assert_eq(&before);
    }

    #[test]
    fn a_missing_prr_file_is_named_and_can_be_created() {
        expect![[r#"
            error[prr-file-missing] 6:9: no PRR approval file: `status: implementable` from v1.21 on needs keps/prod-readiness/sig-node/1234.yaml
              | status: implementable
              |         ^^^^^^^^^^^^^
              fix: Create keps/prod-readiness/sig-node/1234.yaml
        "#]]
        .assert_eq(&check(&kep("implementable", "stage: alpha\nlatest-milestone: v1.21\n")));
    }

    #[test]
    fn the_prr_file_is_found_by_kep_number_not_directory() {
        let fixture = format!(
            "{}//- /ws/keps/prod-readiness/sig-node/752.yaml\nkep-number: 752\nbeta:\n  approver: \"@wojtek-t\"\n",
            kep("implementable", "stage: beta\nlatest-milestone: v1.30\n")
                .replace("1234-example", "0752-example")
                .replace("kep-number: 1234", "kep-number: 752")
        );
        assert_eq!(check(&fixture), "");
    }

    #[test]
    fn an_invalid_prr_file_points_at_its_problems() {
        let fixture = format!(
            "{}//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nbeta:\n  aprover: \"@wojtek-t\"\n",
            kep("implementable", "stage: beta\nlatest-milestone: v1.30\n")
        );
        let out = check(&fixture);
        expect![[r#"
            error[prr-file-invalid] 6:9: the PRR approval file keps/prod-readiness/sig-node/1234.yaml does not decode: unknown key `aprover`: did you mean `approver`?
              | status: implementable
              |         ^^^^^^^^^^^^^
              = /ws/keps/prod-readiness/sig-node/1234.yaml: unknown key `aprover`: did you mean `approver`?
        "#]].assert_eq(&out);
    }

    #[test]
    fn the_stage_must_be_approved() {
        let fixture = format!(
            "{}//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nalpha:\n  approver: \"@wojtek-t\"\n",
            kep("implementable", "stage: beta\nlatest-milestone: v1.30\n")
        );
        expect![[r#"
            error[prr-stage-not-approved] 7:8: no approval for `stage: beta` in keps/prod-readiness/sig-node/1234.yaml
              | stage: beta
              |        ^^^^
              = /ws/keps/prod-readiness/sig-node/1234.yaml: the PRR approval file
        "#]]
        .assert_eq(&check(&fixture));
        let invalid = fixture.replace("stage: beta", "stage: gamma");
        expect![[r#"
            error[prr-stage-not-approved] 7:8: `stage: gamma` is not a stage (alpha, beta, stable, deprecated, disabled, removed), so no approval can match it in keps/prod-readiness/sig-node/1234.yaml
              | stage: gamma
              |        ^^^^^
              = /ws/keps/prod-readiness/sig-node/1234.yaml: the PRR approval file
        "#]].assert_eq(&check(&invalid));
    }

    #[test]
    fn approvers_come_from_owners_aliases() {
        let prr = |who: &str| {
            format!(
                "{}//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nbeta:\n  approver: \"{who}\"\n{ALIASES}",
                kep("implementable", "stage: beta\nlatest-milestone: v1.30\n")
            )
        };
        assert_eq!(check(&prr("@wojtek-t")), "");
        assert_eq!(check(&prr("ehashman")), "", "emeritus approvers count, `@` is optional");
        expect![[r#"
            error[prr-approver-unknown] 7:8: the `beta` approver in keps/prod-readiness/sig-node/1234.yaml: `someone` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: wojtek-t, ehashman)
              | stage: beta
              |        ^^^^
              = /ws/keps/prod-readiness/sig-node/1234.yaml: the approver
        "#]]
        .assert_eq(&check(&prr("@someone")));
        let empty = check(&prr(""));
        assert!(
            empty.contains(
                "error[prr-approver-empty] 7:8: the `beta` approver in keps/prod-readiness/sig-node/1234.yaml is empty"
            ),
            "{empty}"
        );
        let without_aliases = prr("@someone").replace(ALIASES, "");
        assert_eq!(check(&without_aliases), "", "no OWNERS_ALIASES: the check is skipped");
    }

    #[test]
    fn the_prr_file_shows_what_its_kep_needs() {
        let fixture = format!(
            "//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nalpha:\n  approver: \"@someone\"\nbeta:\n  approver: \"\"\n{}{ALIASES}",
            kep("implementable", "stage: alpha\nlatest-milestone: v1.30\n")
        );
        expect![[r#"
            error[prr-approver-unknown] 3:13: `someone` is not a PRR approver (OWNERS_ALIASES `prod-readiness-approvers` and emeritus: wojtek-t, ehashman)
              |   approver: "@someone"
              |             ^^^^^^^^^^
              = /ws/keps/sig-node/1234-example/kep.yaml: keps/sig-node/1234-example is at `stage: alpha`
            error[prr-approver-empty] 5:13: the `beta` approver is empty: CI rejects a stage without an approver
              |   approver: ""
              |             ^^
        "#]]
        .assert_eq(&check(&fixture));
        let (world, _) = world(&fixture);
        assert!(world.file(std::path::Path::new("/ws/keps/prod-readiness/sig-node/1234.yaml")).is_some());
    }
}
