//! `prr-kep-number-mismatch`: a PRR approval file whose `kep-number` is not the number in its name.

use super::quickfix;
use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::layout;

pub const RULE: Rule = Rule {
    code: "prr-kep-number-mismatch",
    severity: Severity::Warning,
    scope: Scope::Prr,
    check: Some(check),
    ci: false,
    summary: "A PRR approval file `keps/prod-readiness/<sig>/<N>.yaml` whose `kep-number` is not `N` (compared as numbers).",
    why: "CI finds the PRR file by its name and never reads the `kep-number` inside, so a copied file keeps another KEP's number unnoticed and misleads whoever reads it.",
    example: "# keps/prod-readiness/sig-node/688.yaml\nkep-number: 277",
    fix: "Set `kep-number` to the number in the file name (offered), or rename the file if the number inside is the right one.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(place) = &cx.file.place else { return };
    // `keps/prod-readiness/template/nnnn.yaml` is the template.
    if place.parts().get(1) == Some(&"template") {
        return;
    }
    let Some(stem) = place.file_name().strip_suffix(".yaml") else { return };
    let Some(entry) = cx.yaml().and_then(|y| y.entry("kep-number")) else { return };
    let Some(text) = entry.value.as_str() else { return };
    let same = match (layout::kep_number(stem), layout::kep_number(text)) {
        (Some(named), Some(inside)) => named == inside,
        _ => stem == text.trim(),
    };
    if same || text.trim().is_empty() {
        return;
    }
    let fix = quickfix::set_value(cx, format!("Set `kep-number: {stem}` from the file name"), &entry.value, stem);
    out.push(
        Diagnostic::new(
            RULE.code,
            entry.value.range,
            format!(
                "`kep-number: {text}` but the file is named {stem}.yaml: CI uses the name, so the number here is stale"
            ),
        )
        .with_fixes(fix),
    );
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    #[test]
    fn a_copied_number() {
        expect![[r#"
            warning[prr-kep-number-mismatch] 1:13: `kep-number: 277` but the file is named 688.yaml: CI uses the name, so the number here is stale
              | kep-number: 277
              |             ^^^
              fix: Set `kep-number: 688` from the file name
        "#]]
        .assert_eq(&check_code(
            "//- /ws/keps/prod-readiness/sig-node/688.yaml\nkep-number: 277\nalpha:\n  approver: \"@x\"\n",
            "prr-kep-number-mismatch",
        ));
    }

    #[test]
    fn equal_numbers_the_template_and_kep_files_pass() {
        for fixture in [
            "//- /ws/keps/prod-readiness/sig-network/752.yaml\nkep-number: \"0752\"\n",
            "//- /ws/keps/prod-readiness/template/nnnn.yaml\nkep-number: 0000\n",
            "//- /ws/keps/prod-readiness/sig-node/12.yaml\nkep-number:\n",
            "//- /ws/keps/sig-node/12-a/kep.yaml\nkep-number: 13\n",
        ] {
            assert_eq!(check_code(fixture, "prr-kep-number-mismatch"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_takes_the_file_name() {
        assert_eq!(
            apply_first_fix(
                "//- /ws/keps/prod-readiness/sig-node/688.yaml\nkep-number: \"277\"\n",
                "prr-kep-number-mismatch"
            ),
            "kep-number: \"688\"\n"
        );
    }
}
