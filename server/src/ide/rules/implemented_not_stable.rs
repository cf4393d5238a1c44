//! `implemented-not-stable`: `status: implemented` with a stage other than `stable`.
//!
//! An implemented KEP without any `stage` is CI's `prr-stage-missing` error; that error carries the
//! "add `stage: stable`" fix, so this rule only looks at a stage that is there.

use super::quickfix;
use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::kep::schema;

pub const RULE: Rule = Rule {
    code: "implemented-not-stable",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`status: implemented` with a `stage` other than `stable`.",
    why: "The KEP process calls a KEP implemented when its feature is done, i.e. stable (GA). A KEP still at alpha or beta is `implementable`; CI does not check that the two agree.",
    example: "status: implemented\nstage: beta",
    fix: "Set `stage: stable` if the feature is GA, or `status: implementable` if it is still graduating (both offered).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let (Some(status), Some(stage)) = (yaml.entry("status"), yaml.entry("stage")) else { return };
    if status.value.as_str() != Some("implemented") {
        return;
    }
    // An unknown stage is `invalid-stage`'s to report.
    let Some(current) = stage.value.as_str().filter(|s| schema::is_stage(s) && *s != "stable") else { return };
    let graduating = matches!(current, "alpha" | "beta");
    let to_stable = quickfix::set_value(cx, "Set `stage: stable`".into(), &stage.value, "stable");
    let to_implementable =
        quickfix::set_value(cx, "Set `status: implementable`".into(), &status.value, "implementable");
    let (first, second) = if graduating { (to_stable, to_implementable) } else { (to_implementable, to_stable) };
    out.push(
        Diagnostic::new(
            RULE.code,
            stage.value.range,
            if graduating {
                format!("`status: implemented` but `stage: {current}`: an implemented KEP is `stable`; a KEP still at {current} is `implementable`")
            } else {
                format!("`status: implemented` but `stage: {current}`: an implemented KEP is `stable`; a deprecation still under way is `implementable`")
            },
        )
        .with_fixes(first.map(|f| f.preferred()))
        .with_fixes(second),
    );
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, apply_fix, check_code};
    use expect_test::expect;

    #[test]
    fn an_implemented_kep_at_beta_is_reported() {
        expect![[r#"
            warning[implemented-not-stable] 2:8: `status: implemented` but `stage: beta`: an implemented KEP is `stable`; a KEP still at beta is `implementable`
              | stage: beta
              |        ^^^^
              fix (preferred): Set `stage: stable`
              fix: Set `status: implementable`
        "#]]
        .assert_eq(&check_code("status: implemented\nstage: beta\n", "implemented-not-stable"));
    }

    #[test]
    fn a_deprecation_stage_prefers_the_status_fix() {
        let out = check_code("status: implemented\nstage: disabled\n", "implemented-not-stable");
        expect![[r#"
            warning[implemented-not-stable] 2:8: `status: implemented` but `stage: disabled`: an implemented KEP is `stable`; a deprecation still under way is `implementable`
              | stage: disabled
              |        ^^^^^^^^
              fix (preferred): Set `status: implementable`
              fix: Set `stage: stable`
        "#]].assert_eq(&out);
    }

    #[test]
    fn stable_other_statuses_and_unknown_stages_are_left_alone() {
        for fixture in [
            "status: implemented\nstage: stable\n",
            "status: implementable\nstage: beta\n",
            "status: implemented\n",
            "status: implemented\nstage: alpha (deprecated)\n",
            "stage: beta\n",
        ] {
            assert_eq!(check_code(fixture, "implemented-not-stable"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_sets_stage_stable() {
        assert_eq!(
            apply_first_fix("status: implemented\nstage: \"alpha\"\n", "implemented-not-stable"),
            "status: implemented\nstage: \"stable\"\n"
        );
        assert_eq!(
            apply_fix(
                "status: implemented\nstage: beta\n",
                "implemented-not-stable",
                Some("Set `status: implementable`")
            ),
            "status: implementable\nstage: beta\n"
        );
    }
}
