//! `invalid-status`: a `status` that is not one of the seven of the KEP process.

use super::quickfix::{self, list};
use super::{template_placeholder, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::kep::schema::{self, STATUSES};

pub const RULE: Rule = Rule {
    code: "invalid-status",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`status` that is not one of `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`.",
    why: "CI accepts any text here, but its PRR check, the release team's tooling and readers go by the exact word: `imlpemented`, `superseded` or `implemented (alpha)` mean nothing to them.",
    example: "status: imlpemented",
    fix: "Write one of the seven statuses; the quick fix offers the nearest (`implemented`, `replaced` for `superseded`); fix-all applies it only when case alone differs (`Implemented`).",
};

/// Words people use for a status that has another name.
const SYNONYMS: &[(&str, &str)] = &[("superseded", "replaced"), ("obsolete", "replaced"), ("done", "implemented")];

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(entry) = cx.yaml().and_then(|y| y.entry("status")) else { return };
    let Some(text) = entry.value.as_str() else { return };
    if schema::is_status(text) || template_placeholder::is_placeholder(text) {
        return;
    }
    let statuses: Vec<&str> = STATUSES.iter().map(|(s, _)| *s).collect();
    let near = quickfix::nearest(text, &statuses, SYNONYMS);
    let mut message = if schema::is_stage(text) {
        format!("`{text}` is a stage, not a status: expected one of {}", list(&statuses))
    } else {
        format!("`{text}` is not a status: expected one of {}", list(&statuses))
    };
    if let Some(near) = near {
        message.push_str(&format!("; did you mean `{near}`?"));
    }
    let mut diagnostic = Diagnostic::new(RULE.code, entry.value.range, message);
    if let Some(fix) = near.and_then(|near| quickfix::set_value(cx, format!("Change to `{near}`"), &entry.value, near))
    {
        let safe = near.is_some_and(|near| quickfix::same_word(text, near));
        diagnostic = diagnostic.with_fix(if safe { fix.preferred().safe() } else { fix.preferred() });
    }
    out.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    #[test]
    fn real_oddities_are_reported_with_the_nearest_status() {
        expect![[r#"
            warning[invalid-status] 1:9: `imlpemented` is not a status: expected one of `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`; did you mean `implemented`?
              | status: imlpemented
              |         ^^^^^^^^^^^
              fix (preferred): Change to `implemented`
        "#]]
        .assert_eq(&check_code("status: imlpemented\n", "invalid-status"));
        let out = check_code("status: implemented (alpha)\n", "invalid-status");
        expect![[r#"
            warning[invalid-status] 1:9: `implemented (alpha)` is not a status: expected one of `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`; did you mean `implemented`?
              | status: implemented (alpha)
              |         ^^^^^^^^^^^^^^^^^^^
              fix (preferred): Change to `implemented`
        "#]].assert_eq(&out);
        let out = check_code("status: superseded\n", "invalid-status");
        expect![[r#"
            warning[invalid-status] 1:9: `superseded` is not a status: expected one of `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`; did you mean `replaced`?
              | status: superseded
              |         ^^^^^^^^^^
              fix (preferred): Change to `replaced`
        "#]].assert_eq(&out);
        let out = check_code("status: removed\n", "invalid-status");
        expect![[r#"
            warning[invalid-status] 1:9: `removed` is a stage, not a status: expected one of `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`
              | status: removed
              |         ^^^^^^^
        "#]].assert_eq(&out);
    }

    #[test]
    fn valid_absent_null_and_placeholder_statuses_are_left_alone() {
        for fixture in [
            "status: provisional\n",
            "status: replaced\n",
            "title: x\n",
            "status:\n",
            "status: [a]\n",
            "status: provisional|implementable|implemented|deferred|rejected|withdrawn|replaced\n",
        ] {
            assert_eq!(check_code(fixture, "invalid-status"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_writes_the_status_in_the_same_quotes() {
        assert_eq!(apply_first_fix("status: imlpemented\n", "invalid-status"), "status: implemented\n");
        assert_eq!(apply_first_fix("status: \"superseded\"\n", "invalid-status"), "status: \"replaced\"\n");
    }

    #[test]
    fn only_a_change_of_case_is_safe() {
        let (world, paths) = crate::ide::fixtures::world("status: Implemented\n");
        let d = crate::ide::features::diagnostics(&world, &paths[0]);
        assert!(d.iter().find(|d| d.code == "invalid-status").unwrap().fixes[0].safe, "{d:?}");
        let (world, paths) = crate::ide::fixtures::world("status: imlpemented\n");
        let d = crate::ide::features::diagnostics(&world, &paths[0]);
        let fix = &d.iter().find(|d| d.code == "invalid-status").unwrap().fixes[0];
        assert!(!fix.safe);
    }
}
