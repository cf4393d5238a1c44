//! `type-mismatch`: a value of the wrong kind for its key (a list where a string goes, ...).

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::kep::shape;

pub const RULE: Rule = Rule {
    code: "type-mismatch",
    severity: Severity::Error,
    scope: Scope::KepAndPrr,
    check: Some(check),
    ci: true,
    summary: "A value whose YAML type does not fit its key: a list or map where a string goes, a scalar where a list goes, a non-boolean `disable-supported`.",
    why: "Upstream decodes kep.yaml into typed Go fields; a value of the wrong kind fails CI. Any scalar is fine where a string is expected.",
    example: "authors: \"@jane\"",
    fix: "Write the value in the expected form, e.g. a list: `authors:\\n  - \"@jane\"`.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    let Some(root) = yaml.root() else { return };
    // A value that reaches the first syntax error was cut short by it: its type says nothing.
    let cut = yaml.tree.errors.iter().map(|e| e.offset).min().unwrap_or(usize::MAX);
    if root.as_map().is_none() && !root.is_null() && root.range.end < cut {
        out.push(Diagnostic::new(
            RULE.code,
            root.range,
            format!("the file must be a map of keys, found {}", root.kind_name()),
        ));
        return;
    }
    shape::for_each_map(root, cx.schema(), &mut |map, fields| {
        for entry in map.as_map().unwrap_or_default() {
            if !cx.room(out) {
                return;
            }
            let Some(field) = entry.key_str().and_then(|k| fields.iter().find(|f| f.key == k)) else { continue };
            if entry.value.range.end >= cut {
                continue;
            }
            if let Some((node, message)) = shape::type_error(field, &entry.value) {
                out.push(Diagnostic::new(RULE.code, node.range, message));
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn flags_values_of_the_wrong_kind() {
        expect![[r#"
            error[type-mismatch] 1:10: `authors` must be a list of strings, found a scalar
              | authors: "@jane"
              |          ^^^^^^^
            error[type-mismatch] 2:8: `title` must be a string, found a list
              | title: [a, b]
              |        ^^^^^^
            error[type-mismatch] 3:20: `disable-supported` must be true or false, found `maybe`
              | disable-supported: maybe
              |                    ^^^^^
            error[type-mismatch] 4:12: `milestone` must be a map of stage to release, found a scalar
              | milestone: v1.2
              |            ^^^^
        "#]]
        .assert_eq(&check_code(
            "authors: \"@jane\"\ntitle: [a, b]\ndisable-supported: maybe\nmilestone: v1.2\n",
            "type-mismatch",
        ));
    }

    #[test]
    fn any_scalar_is_a_string_and_null_is_absent() {
        let fixture = "kep-number: 0752\ncreation-date: 2023-14-05\ntitle: true\nowning-sig:\nauthors: ~\nreviewers: []\ndisable-supported: yes\n";
        assert_eq!(check_code(fixture, "type-mismatch"), "");
    }

    #[test]
    fn a_quoted_true_is_not_a_boolean_for_yaml_v3() {
        expect![[r#"
            error[type-mismatch] 1:20: `disable-supported` must be true or false, found `true`
              | disable-supported: "true"
              |                    ^^^^^^
        "#]]
        .assert_eq(&check_code("disable-supported: \"true\"\n", "type-mismatch"));
        assert_eq!(check_code("disable-supported: \"yes\"\n", "type-mismatch"), "");
    }

    #[test]
    fn nested_items_are_checked() {
        let out = check_code("authors:\n  - [a]\nfeature-gates:\n  - x\n  - name: [y]\n", "type-mismatch");
        expect![[r#"
            error[type-mismatch] 2:5: items of `authors` must be strings, found a list
              |   - [a]
              |     ^^^
            error[type-mismatch] 4:5: items of `feature-gates` must be maps with `name` and `components`, found a scalar
              |   - x
              |     ^
            error[type-mismatch] 5:11: `name` must be a string, found a list
              |   - name: [y]
              |           ^^^
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn a_value_cut_short_by_a_syntax_error_is_not_judged() {
        assert_eq!(check_code("title: [kube-apiserver identity\nkep-number: 1\n", "type-mismatch"), "");
        expect![[r#"
            error[type-mismatch] 1:10: `authors` must be a list of strings, found a scalar
              | authors: x
              |          ^
        "#]]
        .assert_eq(&check_code("authors: x\ntitle: [cut\n", "type-mismatch"));
    }

    #[test]
    fn a_file_that_is_not_a_map() {
        expect![[r#"
            error[type-mismatch] 1:1: the file must be a map of keys, found a list
              | - a
              | ^
        "#]]
        .assert_eq(&check_code("- a\n- b\n", "type-mismatch"));
    }
}
