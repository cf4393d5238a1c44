//! `stage-fields-missing` (hint): the production-readiness fields the template asks for at the KEP's
//! stage: `feature-gates` and `disable-supported` from alpha on, `metrics` from beta on.
//!
//! Only KEPs the PRR process covers are looked at: `implementable` or `implemented`, at alpha, beta or
//! stable, with a `latest-milestone` from v1.21 on (older KEPs predate these fields, as CI's PRR
//! requirement does).

use super::milestone_format::release;
use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "stage-fields-missing",
    severity: Severity::Hint,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "An implementable or implemented KEP (v1.21 or later) without `feature-gates` or `disable-supported` from alpha on, or `metrics` from beta on.",
    why: "The KEP template says these PRR answers are required at alpha (feature gates, whether disabling is supported) and at beta (metrics), and PRR reviewers ask for them; CI does not check. A KEP without a gate or metric can say so with an empty list `[]`.",
    example: "status: implementable\nstage: beta\nlatest-milestone: \"v1.31\"\n# no metrics",
    fix: "Add the field with the KEP's answer (`feature-gates: []` / `metrics: []` when there are none).",
};

/// The first release whose KEPs answer the PRR fields in kep.yaml (CI's PRR requirement starts there).
const SINCE: (u64, u64) = (1, 21);

/// Each field, with the first stage that needs it.
const FIELDS: &[(&str, &str, &[&str])] = &[
    ("feature-gates", "alpha", &["alpha", "beta", "stable"]),
    ("disable-supported", "alpha", &["alpha", "beta", "stable"]),
    ("metrics", "beta", &["beta", "stable"]),
];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let (Some(status), Some(stage)) = (yaml.string("status"), yaml.string("stage")) else { return };
    if !matches!(status.text, "implementable" | "implemented") {
        return;
    }
    if yaml.string("latest-milestone").and_then(|m| release(m.text)).is_none_or(|r| r < SINCE) {
        return;
    }
    for (key, from, stages) in FIELDS {
        if !stages.contains(&stage.text) || yaml.entry(key).is_some_and(|e| !e.value.is_null()) {
            continue;
        }
        out.push(Diagnostic::new(
            RULE.code,
            stage.range,
            format!(
                "`stage: {}` expects `{key}`: the KEP template asks for it from {from} on (`[]` when there is none)",
                stage.text
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn fields_the_stage_expects() {
        expect![[r#"
            hint[stage-fields-missing] 2:8: `stage: beta` expects `feature-gates`: the KEP template asks for it from alpha on (`[]` when there is none)
              | stage: beta
              |        ^^^^
            hint[stage-fields-missing] 2:8: `stage: beta` expects `metrics`: the KEP template asks for it from beta on (`[]` when there is none)
              | stage: beta
              |        ^^^^
        "#]]
        .assert_eq(&check_code(
            "status: implementable\nstage: beta\nlatest-milestone: \"v1.31\"\nfeature-gates:\ndisable-supported: false\n",
            "stage-fields-missing",
        ));
        let alpha =
            check_code("status: implementable\nstage: alpha\nlatest-milestone: v1.21\n", "stage-fields-missing");
        assert_eq!(alpha.matches("hint[").count(), 2, "{alpha}");
        expect![[r#"
            hint[stage-fields-missing] 2:8: `stage: alpha` expects `feature-gates`: the KEP template asks for it from alpha on (`[]` when there is none)
              | stage: alpha
              |        ^^^^^
            hint[stage-fields-missing] 2:8: `stage: alpha` expects `disable-supported`: the KEP template asks for it from alpha on (`[]` when there is none)
              | stage: alpha
              |        ^^^^^
        "#]].assert_eq(&alpha);
    }

    #[test]
    fn answered_old_early_and_other_keps_pass() {
        let all = "feature-gates: []\ndisable-supported: true\nmetrics: []\n";
        for fixture in [
            format!("status: implementable\nstage: stable\nlatest-milestone: v1.31\n{all}"),
            "status: implemented\nstage: stable\nlatest-milestone: v1.20\n".to_string(),
            "status: implementable\nstage: beta\nlatest-milestone: TBD\n".to_string(),
            "status: provisional\nstage: beta\nlatest-milestone: v1.31\n".to_string(),
            "status: implementable\nstage: deprecated\nlatest-milestone: v1.31\n".to_string(),
            "status: implementable\nlatest-milestone: v1.31\n".to_string(),
        ] {
            assert_eq!(check_code(&fixture, "stage-fields-missing"), "", "{fixture}");
        }
    }
}
