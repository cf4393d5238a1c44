//! `missing-required`: a key CI requires is absent, null or empty.

use super::{quickfix, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, FileEdit, Fix, Severity};
use crate::ide::kep::schema::FieldType;
use crate::ide::layout::{self, FileKind};
use crate::ide::text::TextRange;
use crate::ide::yaml::Value;

pub const RULE: Rule = Rule {
    code: "missing-required",
    severity: Severity::Error,
    scope: Scope::KepAndPrr,
    check: Some(check),
    ci: true,
    summary: "A required key is missing: `title`, `kep-number`, `authors`, `owning-sig`, `approvers`, `status` (and `kep-number` in a PRR file).",
    why: "Upstream validates `required` fields: strings must be non-empty and lists present (`[]` passes). A null value counts as absent.",
    example: "title: \"\"",
    fix: "Add the key with its value; `authors` and `approvers` may be `[]` or `- TBD` while unknown. The quick fix adds the key with what the KEP's place says (`kep-number` from the directory or the PRR file's name, `owning-sig` from the group folder), `status: provisional`, or `TBD` to fill in.",
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
        let value = placeholder(cx, field.key, field.ty);
        let edit = match entry {
            // `key: ""` or `key:` (a comment after it stays).
            Some(e) => {
                // An empty value sits right after the key, before its colon: replace through the colon.
                let colon = cx.text().get(e.key.range.end..).and_then(|rest| rest.lines().next()?.find(':'));
                let through_colon = colon.map_or(e.key.range.end, |at| e.key.range.end + at + 1);
                let range = e.key.range.cover(e.value.range).cover(TextRange::empty(through_colon));
                FileEdit { path: cx.file.path.clone(), range, new_text: format!("{}:{value}", field.key) }
            }
            None => quickfix::insert_key(cx, field.key, &value),
        };
        let title = format!("Add `{}:{}`", field.key, value.replace("\n  -", " -"));
        let fix = Fix { title, edits: vec![edit], ..Fix::default() }.preferred();
        out.push(Diagnostic::new(RULE.code, range, format!("{message}: {}", hint(field.ty))).with_fix(fix));
    }
}

/// The YAML text after `key:` that a fix fills in: what the KEP's place tells (the directory's
/// number, the folder's group, the PRR file's name), else the starting value or `TBD` to replace.
fn placeholder(cx: &Cx, key: &str, ty: FieldType) -> String {
    if ty == FieldType::StringList {
        return "\n  - TBD".to_string();
    }
    let place = cx.file.place.as_ref();
    let known = match key {
        "kep-number" if cx.file.kind == FileKind::Prr => {
            place.and_then(|p| p.file_name().strip_suffix(".yaml")).map(str::to_string)
        }
        "kep-number" => cx
            .file
            .dir()
            .and_then(|d| d.file_name())
            .and_then(|n| layout::dir_number(&n.to_string_lossy()))
            .map(|n| n.to_string()),
        "owning-sig" => place
            .and_then(|p| p.parts().first().copied())
            .filter(|folder| cx.world.groups().contains(folder))
            .map(str::to_string),
        "status" => Some("provisional".to_string()),
        _ => None,
    };
    format!(" {}", known.unwrap_or_else(|| "TBD".to_string()))
}

fn hint(ty: FieldType) -> &'static str {
    match ty {
        FieldType::StringList => "write a list (`[]` or `- TBD` while unknown)",
        _ => "CI rejects the file without it",
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, apply_fix, check_code};
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
              fix (preferred): Add `title: TBD`
            error[missing-required] 1:1: missing required key `kep-number`: CI rejects the file without it
              | title: ""
              | ^^^^^^^^^
              fix (preferred): Add `kep-number: 1234`
            error[missing-required] 1:1: missing required key `owning-sig`: CI rejects the file without it
              | title: ""
              | ^^^^^^^^^
              fix (preferred): Add `owning-sig: sig-node`
            error[missing-required] 2:1: `authors` is required and must not be empty: write a list (`[]` or `- TBD` while unknown)
              | authors:
              | ^^^^^^^
              fix (preferred): Add `authors: - TBD`
            error[missing-required] 3:1: `approvers` is required and must not be empty: write a list (`[]` or `- TBD` while unknown)
              | approvers: ~
              | ^^^^^^^^^
              fix (preferred): Add `approvers: - TBD`
            error[missing-required] 4:1: `status` is required and must not be empty: CI rejects the file without it
              | status: null
              | ^^^^^^
              fix (preferred): Add `status: provisional`
        "#]]
        .assert_eq(&check_code("title: \"\"\nauthors:\napprovers: ~\nstatus: null\n", "missing-required"));
    }

    #[test]
    fn the_fix_adds_the_key_where_the_template_puts_it() {
        let kep = "//- /ws/keps/sig-node/1234-x/kep.yaml\ntitle: x\nauthors:\n  - \"@a\"\nstatus: provisional\napprovers: []\n";
        assert_eq!(
            apply_fix(kep, "missing-required", Some("Add `kep-number: 1234`")),
            "title: x\nkep-number: 1234\nauthors:\n  - \"@a\"\nstatus: provisional\napprovers: []\n"
        );
        assert_eq!(
            apply_fix(kep, "missing-required", Some("Add `owning-sig: sig-node`")),
            "title: x\nauthors:\n  - \"@a\"\nowning-sig: sig-node\nstatus: provisional\napprovers: []\n"
        );
        let no_title = "//- /ws/keps/other/x/kep.yaml\nkep-number: 5\nowning-sig: sig-node"; // no final newline
        assert_eq!(
            apply_fix(no_title, "missing-required", Some("Add `title: TBD`")),
            format!("title: TBD\n{}", &no_title[30..])
        );
        assert_eq!(
            apply_fix(no_title, "missing-required", Some("Add `status: provisional`")),
            "kep-number: 5\nowning-sig: sig-node\nstatus: provisional\n"
        );
        assert_eq!(
            apply_fix(no_title, "missing-required", Some("Add `approvers: - TBD`")),
            "kep-number: 5\nowning-sig: sig-node\napprovers:\n  - TBD\n"
        );
        expect![[r#"
            error[missing-required] 1:1: missing required key `title`: CI rejects the file without it
              | kep-number: 5
              | ^^^^^^^^^^^^^
              fix (preferred): Add `title: TBD`
            error[missing-required] 1:1: missing required key `authors`: write a list (`[]` or `- TBD` while unknown)
              | kep-number: 5
              | ^^^^^^^^^^^^^
              fix (preferred): Add `authors: - TBD`
            error[missing-required] 1:1: missing required key `status`: CI rejects the file without it
              | kep-number: 5
              | ^^^^^^^^^^^^^
              fix (preferred): Add `status: provisional`
            error[missing-required] 1:1: missing required key `approvers`: write a list (`[]` or `- TBD` while unknown)
              | kep-number: 5
              | ^^^^^^^^^^^^^
              fix (preferred): Add `approvers: - TBD`
        "#]]
        .assert_eq(&check_code(no_title, "missing-required"));
    }

    #[test]
    fn the_fix_fills_an_empty_value_and_keeps_a_comment() {
        assert_eq!(
            apply_fix("title: \"\" # the name\nauthors: ~\n", "missing-required", Some("Add `title: TBD`")),
            "title: TBD # the name\nauthors: ~\n"
        );
        assert_eq!(
            apply_fix("title: x\nauthors: ~\nstatus:\n", "missing-required", Some("Add `authors: - TBD`")),
            "title: x\nauthors:\n  - TBD\nstatus:\n"
        );
        assert_eq!(
            apply_fix("title: x\nstatus:\n", "missing-required", Some("Add `status: provisional`")),
            "title: x\nstatus: provisional\n"
        );
        let prr = "//- /ws/keps/prod-readiness/sig-node/12.yaml\nalpha:\n  approver: \"@x\"\n";
        assert_eq!(apply_first_fix(prr, "missing-required"), "kep-number: 12\nalpha:\n  approver: \"@x\"\n");
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
        expect![[r#"
            error[missing-required] 1:1: missing required key `kep-number`: CI rejects the file without it
              | beta:
              | ^^^^^
              fix (preferred): Add `kep-number: 12`
        "#]]
        .assert_eq(&out);
        assert_eq!(out.matches("error").count(), 1, "{out}");
    }
}
