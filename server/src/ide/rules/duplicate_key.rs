//! `duplicate-key`: the same key twice in one map.

use std::collections::HashMap;

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::yaml::Value;

pub const RULE: Rule = Rule {
    code: "duplicate-key",
    severity: Severity::Error,
    scope: Scope::KepAndPrr,
    check: Some(check),
    ci: true,
    summary: "A key that appears twice in the same map.",
    why: "yaml.v3 rejects a mapping key that is already defined, so CI fails; editors and other parsers silently keep one of the two values.",
    example: "status: provisional\nstatus: implementable",
    fix: "Keep one of the two entries.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.yaml().and_then(|y| y.root()) else { return };
    let path = &cx.file.path;
    root.walk(&mut |node| {
        let Value::Map(entries) = &node.value else { return };
        if !cx.room(out) {
            return;
        }
        let mut first = HashMap::new();
        for entry in entries {
            let Some(key) = entry.key_str() else { continue };
            match first.get(key) {
                None => {
                    first.insert(key, entry.key.range);
                }
                Some(_) if !cx.room(out) => return,
                Some(&original) => out.push(
                    Diagnostic::new(
                        RULE.code,
                        entry.key.range,
                        format!("duplicate key `{key}`: it is already defined above"),
                    )
                    .with_related(path.clone(), original, format!("first `{key}`")),
                ),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn flags_the_second_key_and_points_at_the_first() {
        expect![[r#"
            error[duplicate-key] 3:1: duplicate key `status`: it is already defined above
              | status: implementable
              | ^^^^^^
              = /ws/keps/sig-node/1234-example/kep.yaml: first `status`
        "#]]
        .assert_eq(&check_code("status: provisional\ntitle: x\nstatus: implementable\n", "duplicate-key"));
    }

    #[test]
    fn nested_maps_are_checked_and_siblings_are_not_confused() {
        let out = check_code(
            "milestone:\n  alpha: v1.1\n  alpha: v1.2\nfeature-gates:\n  - name: A\n  - name: B\n",
            "duplicate-key",
        );
        assert_eq!(out.matches("error[duplicate-key]").count(), 1, "{out}");
        expect![[r#"
            error[duplicate-key] 3:3: duplicate key `alpha`: it is already defined above
              |   alpha: v1.2
              |   ^^^^^
              = /ws/keps/sig-node/1234-example/kep.yaml: first `alpha`
        "#]]
        .assert_eq(&out);
    }
}
