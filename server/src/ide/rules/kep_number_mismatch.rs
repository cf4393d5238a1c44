//! `kep-number-mismatch`: `kep-number` is not the number the KEP's directory starts with.

use super::quickfix;
use super::{template_placeholder, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::layout;

pub const RULE: Rule = Rule {
    code: "kep-number-mismatch",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`kep-number` differs from the number of the KEP's directory (`<NNNN>-<slug>`), compared as numbers (`0752` = `752`).",
    why: "Both are the KEP's tracking issue. CI names the PRR file from `kep-number` and people find KEPs by directory, so when they disagree one of them points at the wrong issue.",
    example: "# keps/sig-node/2043-pod-resource-concrete-assigments/kep.yaml\nkep-number: 1884",
    fix: "Make them agree: the quick fix sets `kep-number` from the directory; if the directory is the wrong one, rename it instead.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(dir_name) = cx.file.dir().and_then(|d| d.file_name()).and_then(|n| n.to_str()) else { return };
    let Some(dir_number) = layout::dir_number(dir_name) else { return };
    let Some(entry) = cx.yaml().and_then(|y| y.entry("kep-number")) else { return };
    let Some(text) = entry.value.as_str() else { return };
    if text.trim().is_empty() || template_placeholder::is_placeholder(text) {
        return;
    }
    let message = match layout::kep_number(text) {
        Some(number) if number == dir_number => return,
        Some(number) => format!("`kep-number: {number}` but the directory `{dir_name}` says {dir_number}"),
        None => format!("`kep-number: {text}` is not a number; the directory `{dir_name}` says {dir_number}"),
    };
    let fix = quickfix::set_value(
        cx,
        format!("Set `kep-number: {dir_number}` from the directory"),
        &entry.value,
        &dir_number.to_string(),
    );
    out.push(Diagnostic::new(RULE.code, entry.value.range, message).with_fixes(fix));
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    #[test]
    fn a_number_that_differs_from_the_directory() {
        expect![[r#"
            warning[kep-number-mismatch] 1:13: `kep-number: 1884` but the directory `2043-pod-resources` says 2043
              | kep-number: 1884
              |             ^^^^
              fix: Set `kep-number: 2043` from the directory
        "#]]
        .assert_eq(&check_code(
            "//- /ws/keps/sig-node/2043-pod-resources/kep.yaml\nkep-number: 1884\n",
            "kep-number-mismatch",
        ));
        let out = check_code("//- /ws/keps/sig-node/12-a/kep.yaml\nkep-number: KEP-12\n", "kep-number-mismatch");
        expect![[r#"
            warning[kep-number-mismatch] 1:13: `kep-number: KEP-12` is not a number; the directory `12-a` says 12
              | kep-number: KEP-12
              |             ^^^^^^
              fix: Set `kep-number: 12` from the directory
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn numbers_compare_as_numbers_and_unnumbered_directories_are_skipped() {
        for fixture in [
            "//- /ws/keps/sig-network/0752-endpointslices/kep.yaml\nkep-number: 752\n",
            "//- /ws/keps/sig-network/752-endpointslices/kep.yaml\nkep-number: \"0752\"\n",
            "//- /ws/keps/NNNN-kep-template/kep.yaml\nkep-number: NNNN\n",
            "//- /ws/keps/sig-node/12-a/kep.yaml\nkep-number: NNNN\n",
            "//- /ws/keps/sig-node/12-a/kep.yaml\nkep-number:\n",
            "//- /ws/keps/sig-node/12-a/kep.yaml\nkep-number: \"\"\n",
            "//- /ws/keps/sig-cli/kubectl/kep.yaml\nkep-number: 5\n",
        ] {
            assert_eq!(check_code(fixture, "kep-number-mismatch"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_sets_the_directory_number() {
        assert_eq!(
            apply_first_fix("//- /ws/keps/sig-node/2043-x/kep.yaml\nkep-number: \"1884\"\n", "kep-number-mismatch"),
            "kep-number: \"2043\"\n"
        );
        assert_eq!(
            apply_first_fix("//- /ws/keps/sig-node/0752-x/kep.yaml\nkep-number: 12\n", "kep-number-mismatch"),
            "kep-number: 752\n"
        );
    }
}
