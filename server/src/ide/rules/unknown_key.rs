//! `unknown-key`: a key upstream's strict decoder does not know.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::kep::shape;
use crate::ide::suggest;

pub const RULE: Rule = Rule {
    code: "unknown-key",
    severity: Severity::Error,
    scope: Scope::KepAndPrr,
    check: Some(check),
    ci: true,
    summary: "A key that kep.yaml (or a PRR file, `milestone`, a `feature-gates` item) does not have.",
    why: "Upstream decodes with `KnownFields`: any unknown key, at any level, fails CI. Keys are case-sensitive.",
    example: "see_also:\n  - /keps/sig-node/1287-in-place-update-pod-resources",
    fix: "Rename the key to the one suggested (`see-also`), or remove it.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.yaml().and_then(|y| y.root()) else { return };
    let path = &cx.file.path;
    shape::for_each_map(root, cx.schema(), &mut |map, fields| {
        for entry in map.as_map().unwrap_or_default() {
            if !cx.room(out) {
                return;
            }
            let Some(key) = entry.key_str() else { continue };
            // `<<` merges another map in; yaml.v3 resolves it, it is not a field.
            if key == "<<" || fields.iter().any(|f| f.key == key) {
                continue;
            }
            let known = fields.iter().filter(|f| !f.undocumented).map(|f| f.key);
            let mut diagnostic = match suggest::closest(key, known) {
                Some(near) => {
                    Diagnostic::new(RULE.code, entry.key.range, format!("unknown key `{key}`: did you mean `{near}`?"))
                        .with_fix(
                            Fix::replace(format!("Rename to `{near}`"), path.clone(), entry.key.range, near)
                                .preferred(),
                        )
                }
                None => {
                    let list: Vec<_> =
                        fields.iter().filter(|f| !f.undocumented).map(|f| format!("`{}`", f.key)).collect();
                    Diagnostic::new(
                        RULE.code,
                        entry.key.range,
                        format!("unknown key `{key}`; expected one of {}", list.join(", ")),
                    )
                }
            };
            let target_taken = |f: &Fix| map.get(&f.edits[0].new_text).is_some();
            if diagnostic.fixes.first().is_some_and(|f| {
                suggest::normalize(key) == suggest::normalize(&f.edits[0].new_text) && !target_taken(f)
            }) {
                // Only case, `_` or spaces differ, and the map has no such key yet: the rename cannot be wrong.
                diagnostic.fixes[0].safe = true;
            }
            out.push(diagnostic);
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    #[test]
    fn suggests_the_near_key() {
        expect![[r#"
            error[unknown-key] 2:1: unknown key `see_also`: did you mean `see-also`?
              | see_also: []
              | ^^^^^^^^
              fix (preferred): Rename to `see-also`
            error[unknown-key] 3:1: unknown key `kep_number`: did you mean `kep-number`?
              | kep_number: 12
              | ^^^^^^^^^^
              fix (preferred): Rename to `kep-number`
        "#]]
        .assert_eq(&check_code("title: x\nsee_also: []\nkep_number: 12\n", "unknown-key"));
    }

    #[test]
    fn lists_the_keys_when_nothing_is_near() {
        let out = check_code("milestone:\n  gamma: v1.2\n", "unknown-key");
        expect![[r#"
            error[unknown-key] 2:3: unknown key `gamma`; expected one of `alpha`, `beta`, `stable`, `deprecated`, `removed`, `disabled`
              |   gamma: v1.2
              |   ^^^^^
        "#]].assert_eq(&out);
        let out = check_code("feature-gates:\n  - name: X\n    component: [a]\n", "unknown-key");
        expect![[r#"
            error[unknown-key] 3:5: unknown key `component`: did you mean `components`?
              |     component: [a]
              |     ^^^^^^^^^
              fix (preferred): Rename to `components`
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn known_and_undocumented_keys_pass() {
        assert_eq!(check_code("title: x\nname: y\nid: z\nprnumber: 1\npath: p\n", "unknown-key"), "");
    }

    #[test]
    fn keys_are_case_sensitive() {
        expect![[r#"
            error[unknown-key] 1:1: unknown key `Title`: did you mean `title`?
              | Title: x
              | ^^^^^
              fix (preferred): Rename to `title`
        "#]]
        .assert_eq(&check_code("Title: x\n", "unknown-key"));
    }

    #[test]
    fn prr_files_have_their_own_keys() {
        let fixture =
            "//- /ws/keps/prod-readiness/sig-node/12.yaml\nkep-number: 12\nbeta:\n  approvr: \"@x\"\nstatus: x\n";
        let out = check_code(fixture, "unknown-key");
        expect![[r#"
            error[unknown-key] 3:3: unknown key `approvr`: did you mean `approver`?
              |   approvr: "@x"
              |   ^^^^^^^
              fix (preferred): Rename to `approver`
            error[unknown-key] 4:1: unknown key `status`; expected one of `kep-number`, `alpha`, `beta`, `stable`, `deprecated`, `removed`, `disabled`
              | status: x
              | ^^^^^^
        "#]].assert_eq(&out);
    }

    #[test]
    fn a_rename_onto_an_existing_key_is_not_safe() {
        use crate::ide::fixtures::world;
        let safe = |text: &str| {
            let (world, paths) = world(&format!("//- /ws/keps/sig-a/1-x/kep.yaml\n{text}"));
            let diagnostics = crate::ide::features::diagnostics(&world, &paths[0]);
            let d = diagnostics.iter().find(|d| d.code == "unknown-key").expect("unknown-key");
            d.fixes[0].safe
        };
        assert!(safe("see_also: []\n"));
        assert!(!safe("see_also: []\nsee-also: [x]\n"), "the rename would make a duplicate key");
        assert!(!safe("milestone:\n  Alpha: v1.2\n  alpha: v1.3\n"));
        assert!(safe("milestone:\n  Alpha: v1.2\n  beta: v1.3\n"));
    }

    #[test]
    fn the_fix_renames_the_key() {
        assert_eq!(apply_first_fix("see_also: []\n", "unknown-key"), "see-also: []\n");
    }
}
