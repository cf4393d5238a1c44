//! `invalid-stage`: a `stage` that is not one of the six stages.
//!
//! When CI's `prr-stage-not-approved` already reports the value (an implementable KEP from v1.21
//! on, whose PRR file cannot approve an unknown stage), that error gets the quick fix and this rule
//! stays silent: one problem, one diagnostic.

use super::quickfix::{self, list};
use super::{prr_chain, template_placeholder, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::kep::schema::{self, STAGES, STATUSES};

pub const RULE: Rule = Rule {
    code: "invalid-stage",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`stage` that is not one of `alpha`, `beta`, `stable`, `deprecated`, `disabled`, `removed`.",
    why: "CI only checks the stage of implementable KEPs that need a PRR approval; elsewhere `alpha (deprecated)` or `GA` pass and mislead every tool that reads the stage.",
    example: "stage: alpha (deprecated)",
    fix: "Write one of the six stages; the quick fix offers the nearest (`alpha`, `stable` for `GA`); fix-all applies it only when case alone differs (`Beta`).",
};

const SYNONYMS: &[(&str, &str)] = &[("ga", "stable"), ("deprecation", "deprecated"), ("removal", "removed")];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(entry) = cx.yaml().and_then(|y| y.entry("stage")) else { return };
    let Some(text) = entry.value.as_str() else { return };
    if schema::is_stage(text) || template_placeholder::is_placeholder(text) {
        return;
    }
    let stages: Vec<&str> = STAGES.iter().map(|(s, _)| *s).collect();
    let near = quickfix::nearest(text, &stages, SYNONYMS);
    let fix = near.and_then(|near| {
        let fix = quickfix::set_value(cx, format!("Change to `{near}`"), &entry.value, near)?.preferred();
        Some(if quickfix::same_word(text, near) { fix.safe() } else { fix })
    });
    if let Some(ci) = quickfix::reported(cx, out, prr_chain::STAGE_NOT_APPROVED.code, entry.value.range) {
        ci.fixes.extend(fix);
        return;
    }
    let is_status = STATUSES.iter().any(|(s, _)| *s == text);
    let mut message = format!(
        "`{text}` is {}: expected one of {}",
        if is_status { "a status, not a stage" } else { "not a stage" },
        list(&stages)
    );
    if let Some(near) = near {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    out.push(Diagnostic::new(RULE.code, entry.value.range, message).with_fixes(fix));
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check, check_code};
    use expect_test::expect;

    #[test]
    fn real_oddities_are_reported_with_the_nearest_stage() {
        expect![[r#"
            warning[invalid-stage] 1:8: `alpha (deprecated)` is not a stage: expected one of `alpha`, `beta`, `stable`, `deprecated`, `disabled`, `removed`; did you mean `alpha`?
              | stage: alpha (deprecated)
              |        ^^^^^^^^^^^^^^^^^^
              fix (preferred): Change to `alpha`
        "#]]
        .assert_eq(&check_code("stage: alpha (deprecated)\n", "invalid-stage"));
        expect![[r#"
            warning[invalid-stage] 1:8: `GA` is not a stage: expected one of `alpha`, `beta`, `stable`, `deprecated`, `disabled`, `removed`; did you mean `stable`?
              | stage: GA
              |        ^^
              fix (preferred): Change to `stable`
        "#]].assert_eq(&check_code("stage: GA\n", "invalid-stage"));
        expect![[r#"
            warning[invalid-stage] 1:8: `implemented` is a status, not a stage: expected one of `alpha`, `beta`, `stable`, `deprecated`, `disabled`, `removed`
              | stage: implemented
              |        ^^^^^^^^^^^
        "#]].assert_eq(&check_code("stage: implemented\n", "invalid-stage"));
        expect![[r#"
            warning[invalid-stage] 1:8: `` is not a stage: expected one of `alpha`, `beta`, `stable`, `deprecated`, `disabled`, `removed`
              | stage: ""
              |        ^^
        "#]].assert_eq(&check_code("stage: \"\"\n", "invalid-stage"));
    }

    #[test]
    fn valid_absent_and_placeholder_stages_are_left_alone() {
        for fixture in ["stage: beta\n", "stage: removed\n", "stage:\n", "title: x\n", "stage: alpha|beta|stable\n"] {
            assert_eq!(check_code(fixture, "invalid-stage"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_writes_the_stage() {
        assert_eq!(apply_first_fix("stage: bta\n", "invalid-stage"), "stage: beta\n");
        assert_eq!(apply_first_fix("stage: 'Beta'\n", "invalid-stage"), "stage: 'beta'\n");
    }

    /// Where CI's PRR chain reports the stage, its error carries the fix and no warning repeats it.
    #[test]
    fn the_ci_error_carries_the_fix_instead_of_a_second_diagnostic() {
        let fixture = "//- /ws/keps/sig-node/1234-example/kep.yaml\ntitle: x\nkep-number: 1234\nauthors: []\nowning-sig: sig-node\napprovers: []\nstatus: implementable\nstage: bta\nlatest-milestone: v1.30\n//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nbeta:\n  approver: \"@x\"\n";
        expect![[r#"
            error[prr-stage-not-approved] 7:8: `stage: bta` is not a stage (alpha, beta, stable, deprecated, disabled, removed), so no approval can match it in keps/prod-readiness/sig-node/1234.yaml
              | stage: bta
              |        ^^^
              = /ws/keps/prod-readiness/sig-node/1234.yaml: the PRR approval file
              fix (preferred): Change to `beta`
        "#]]
        .assert_eq(&check(fixture));
        expect![[r#"
            title: x
            kep-number: 1234
            authors: []
            owning-sig: sig-node
            approvers: []
            status: implementable
            stage: beta
            latest-milestone: v1.30
        "#]]
        .assert_eq(&apply_first_fix(fixture, "prr-stage-not-approved"));
    }
}
