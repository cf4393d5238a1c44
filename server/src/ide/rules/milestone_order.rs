//! `milestone-order`: `milestone.alpha` ≤ `milestone.beta` ≤ `milestone.stable` in release order.

use super::milestone_format::release;
use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "milestone-order",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "A `milestone` stage released before an earlier stage: `alpha` ≤ `beta` ≤ `stable` must hold in release order (`v1.9` < `v1.10`).",
    why: "A feature graduates alpha, then beta, then stable. Milestones out of order are a typo (`v1.3` for `v1.30`) or a stage written under the wrong key, and mislead release tracking.",
    example: "milestone:\n  alpha: \"v1.30\"\n  beta: \"v1.3\"",
    fix: "Correct the release of the later stage (or of the earlier one).",
};

/// The graduation stages, in order.
const ORDER: &[&str] = &["alpha", "beta", "stable"];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    // The latest earlier stage so far: (stage, its release).
    let mut previous: Option<(&str, (u64, u64), &str)> = None;
    for stage in ORDER {
        let Some(milestone) = yaml.milestone(stage) else { continue };
        let Some(current) = release(milestone.text) else { continue };
        if let Some((earlier, released, written)) = previous {
            if current < released {
                out.push(Diagnostic::new(
                    RULE.code,
                    milestone.range,
                    format!(
                        "`milestone.{stage}: {}` comes before `milestone.{earlier}: {written}`: {} must not be released earlier than {earlier}",
                        milestone.text, stage
                    ),
                ));
                continue;
            }
        }
        previous = Some((stage, current, milestone.text));
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn a_stage_released_before_the_one_it_follows() {
        expect![[r#"
            warning[milestone-order] 3:9: `milestone.beta: v1.3` comes before `milestone.alpha: v1.30`: beta must not be released earlier than alpha
              |   beta: v1.3
              |         ^^^^
            warning[milestone-order] 4:11: `milestone.stable: 1.29` comes before `milestone.alpha: v1.30`: stable must not be released earlier than alpha
              |   stable: "1.29"
              |           ^^^^^^
        "#]]
        .assert_eq(&check_code(
            "milestone:\n  alpha: v1.30\n  beta: v1.3\n  stable: \"1.29\"\n",
            "milestone-order",
        ));
    }

    #[test]
    fn ordered_equal_partial_and_unreadable_milestones_pass() {
        for fixture in [
            "milestone:\n  alpha: v1.9\n  beta: v1.10\n  stable: v1.10\n",
            "milestone:\n  stable: v1.20\n  alpha: v1.18\n",
            "milestone:\n  alpha: v1.30\n  beta: TBD\n  stable: v1.32\n",
            "milestone:\n  alpha: 0.0\n  beta: v1.2\n",
            "milestone:\n  beta: v1.20\n  deprecated: v1.10\n",
            "milestone: []\n",
        ] {
            assert_eq!(check_code(fixture, "milestone-order"), "", "{fixture}");
        }
    }
}
