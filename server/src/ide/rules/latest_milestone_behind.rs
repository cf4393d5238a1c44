//! `latest-milestone-behind`: `latest-milestone` earlier than the milestone of the KEP's current stage.

use super::milestone_format::release;
use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "latest-milestone-behind",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`latest-milestone` is earlier than `milestone.<stage>` of the KEP's current `stage`.",
    why: "`latest-milestone` is the newest release with work on the KEP, and `stage` is what that work targets: a KEP at `stage: beta` with beta in v1.24 has had work in v1.24 at least. When `latest-milestone` lags, either it or `stage` was not updated, and CI decides the PRR requirement from the stale value.",
    example: "stage: beta\nlatest-milestone: \"v1.23\"\nmilestone:\n  beta: \"v1.24\"",
    fix: "Update `latest-milestone` to the release being worked on, or `stage` back to the stage of `latest-milestone`.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let (Some(stage), Some(latest)) = (yaml.string("stage"), yaml.string("latest-milestone")) else { return };
    let Some(planned) = yaml.milestone(stage.text) else { return };
    let (Some(latest_release), Some(planned_release)) = (release(latest.text), release(planned.text)) else { return };
    if latest_release < planned_release {
        out.push(Diagnostic::new(
            RULE.code,
            latest.range,
            format!(
                "`latest-milestone: {}` is earlier than `milestone.{}: {}`, the release of the current `stage: {}`",
                latest.text, stage.text, planned.text, stage.text
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn a_latest_milestone_behind_the_current_stage() {
        expect![[r#"
            warning[latest-milestone-behind] 2:19: `latest-milestone: v1.23` is earlier than `milestone.beta: v1.24`, the release of the current `stage: beta`
              | latest-milestone: "v1.23"
              |                   ^^^^^^^
        "#]]
        .assert_eq(&check_code(
            "stage: beta\nlatest-milestone: \"v1.23\"\nmilestone:\n  alpha: \"v1.22\"\n  beta: \"v1.24\"\n",
            "latest-milestone-behind",
        ));
    }

    #[test]
    fn current_later_and_unknown_milestones_pass() {
        for fixture in [
            "stage: beta\nlatest-milestone: v1.24\nmilestone:\n  beta: v1.24\n",
            "stage: beta\nlatest-milestone: v1.26\nmilestone:\n  beta: v1.24\n  stable: v1.27\n",
            "stage: alpha\nlatest-milestone: v1.20\nmilestone:\n  beta: v1.24\n",
            "stage: beta\nlatest-milestone: 0.0\nmilestone:\n  beta: v1.24\n",
            "stage: beta\nlatest-milestone: v1.20\nmilestone:\n  beta: TBD\n",
            "latest-milestone: v1.20\nmilestone:\n  beta: v1.24\n",
        ] {
            assert_eq!(check_code(fixture, "latest-milestone-behind"), "", "{fixture}");
        }
    }
}
