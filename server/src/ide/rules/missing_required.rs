//! `missing-required`: a key CI requires is absent, null or empty.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::kep::schema::FieldType;
use crate::ide::yaml::Value;

pub const RULE: Rule = Rule {
    code: "missing-required",
    severity: Severity::Error,
    scope: Scope::KepAndPrr,
    ci: true,
    summary: "A required key is missing: `title`, `kep-number`, `authors`, `owning-sig`, `approvers`, `status` (and `kep-number` in a PRR file).",
    why: "Upstream validates `required` fields: strings must be non-empty and lists present (`[]` passes). A null value counts as absent.",
    example: "title: \"\"",
    fix: "Add the key with its value; `authors` and `approvers` may be `[]` or `- TBD` while unknown.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    // Keys cut off by a syntax error are not missing; the syntax error says what to fix.
    if !yaml.tree.errors.is_empty() {
        return;
    }
    let root = yaml.root();
    if root.is_some_and(|r| !matches!(r.value, Value::Map(_)) && !r.is_null()) {
        return;
    }
    for field in cx.schema().iter().filter(|f| f.required) {
        let entry = root.and_then(|r| r.get(field.key));
        let present = entry.is_some_and(|e| match (&e.value.value, field.ty) {
            (Value::Scalar(s), FieldType::String) => !s.is_null() && !s.text.is_empty(),
            _ => !e.value.is_null(),
        });
        if present {
            continue;
        }
        let (range, message) = match entry {
            Some(e) => (e.key.range, format!("`{}` is required and must not be empty", field.key)),
            None => (cx.top(), format!("missing required key `{}`", field.key)),
        };
        out.push(Diagnostic::new(RULE.code, range, format!("{message}: {}", hint(field.ty))));
    }
}

fn hint(ty: FieldType) -> &'static str {
    match ty {
        FieldType::StringList => "write a list (`[]` or `- TBD` while unknown)",
        _ => "CI rejects the file without it",
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::rules::fixture::check_code;
    use expect_test::expect;

    const COMPLETE: &str =
        "title: x\nkep-number: 1\nauthors: []\nowning-sig: sig-node\napprovers:\n  - TBD\nstatus: provisional\n";

    #[test]
    fn a_complete_file_passes() {
        assert_eq!(check_code(COMPLETE, "missing-required"), "");
    }

    #[test]
    fn absent_null_and_empty_values_are_missing() {
        expect![[r#"
            error[missing-required] 1:1: `title` is required and must not be empty: CI rejects the file without it
              | title: ""
              | ^^^^^
            error[missing-required] 1:1: missing required key `kep-number`: CI rejects the file without it
              | title: ""
              | ^^^^^^^^^
            error[missing-required] 1:1: missing required key `owning-sig`: CI rejects the file without it
              | title: ""
              | ^^^^^^^^^
            error[missing-required] 2:1: `authors` is required and must not be empty: write a list (`[]` or `- TBD` while unknown)
              | authors:
              | ^^^^^^^
            error[missing-required] 3:1: `approvers` is required and must not be empty: write a list (`[]` or `- TBD` while unknown)
              | approvers: ~
              | ^^^^^^^^^
            error[missing-required] 4:1: `status` is required and must not be empty: CI rejects the file without it
              | status: null
              | ^^^^^^
        "#]]
        .assert_eq(&check_code("title: \"\"\nauthors:\napprovers: ~\nstatus: null\n", "missing-required"));
    }

    #[test]
    fn an_empty_file_misses_everything() {
        assert_eq!(check_code("", "missing-required").matches("missing required key").count(), 6);
    }

    #[test]
    fn not_reported_while_the_yaml_is_broken() {
        assert_eq!(check_code("title: [x\n", "missing-required"), "");
    }

    #[test]
    fn prr_files_require_kep_number() {
        let out =
            check_code("//- /ws/keps/prod-readiness/sig-node/12.yaml\nbeta:\n  approver: \"@x\"\n", "missing-required");
        assert!(out.contains("missing required key `kep-number`"), "{out}");
        assert_eq!(out.matches("error").count(), 1, "{out}");
    }
}
