//! `template-placeholder`: a value copied from the KEP template and never replaced.
//!
//! This rule owns these values: the rules that judge a field (`invalid-status`, `unknown-group`,
//! `invalid-date`, `invalid-handle`, ...) skip a placeholder, so each is reported once, as what it is.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::yaml::{Node, Value};

pub const RULE: Rule = Rule {
    code: "template-placeholder",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "A value left from the KEP template: `KEP Template`, `NNNN`, `sig-xyz`, `yyyy-mm-dd`, `alpha|beta|stable`, `\"@jane.doe\"`, `MyFeature`, `my_feature_metric`, ...",
    why: "CI accepts the template's sample values, so a KEP can merge with `title: KEP Template` or `metrics: [my_feature_metric]` (several real KEPs did). Reviewers then have to spot them by eye.",
    example: "title: KEP Template\nmetrics:\n  - my_feature_metric",
    fix: "Replace the value with the KEP's own (the message says what belongs there), or remove the entry.",
};

/// The template's sample values (`keps/NNNN-kep-template/kep.yaml`), with what belongs there instead.
const PLACEHOLDERS: &[(&str, &str)] = &[
    ("KEP Template", "write the KEP's title"),
    ("NNNN", "write the number of the KEP's tracking issue"),
    ("@jane.doe", "write the GitHub handle of a real person"),
    ("@alice.doe", "write the GitHub handle of a real person"),
    ("@oscar.doe", "write the GitHub handle of a real person"),
    ("sig-xyz", "write the group's `dir` from sigs.yaml, e.g. `sig-node`"),
    ("sig-aaa", "write the group's `dir` from sigs.yaml, or remove the entry"),
    ("sig-bbb", "write the group's `dir` from sigs.yaml, or remove the entry"),
    (
        "provisional|implementable|implemented|deferred|rejected|withdrawn|replaced",
        "choose one of `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`",
    ),
    ("alpha|beta|stable", "choose one of `alpha`, `beta`, `stable`"),
    ("yyyy-mm-dd", "write the date, e.g. `2024-01-30`"),
    ("/keps/sig-aaa/1234-we-heard-you-like-keps", "name a real KEP, or remove the entry"),
    ("/keps/sig-bbb/2345-everyone-gets-a-kep", "name a real KEP, or remove the entry"),
    ("/keps/sig-ccc/3456-replaced-kep", "name a real KEP, or remove the entry"),
    ("MyFeature", "write the name of the KEP's feature gate"),
    ("my_feature_metric", "write a metric that tells the feature works, or remove the entry"),
];

pub fn is_placeholder(text: &str) -> bool {
    hint(text).is_some()
}

fn hint(text: &str) -> Option<&'static str> {
    PLACEHOLDERS.iter().find(|(p, _)| *p == text.trim()).map(|(_, hint)| *hint)
}

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(root) = cx.yaml().and_then(|y| y.root()) else { return };
    for_each_value(root, &mut |node| {
        let Some(text) = node.as_str() else { return };
        if let Some(hint) = hint(text) {
            out.push(Diagnostic::new(
                RULE.code,
                node.range,
                format!("`{}` is a placeholder from the KEP template: {hint}", text.trim()),
            ));
        }
    });
}

/// Every value (not key) of the tree: map values and list items, recursively.
fn for_each_value<'a>(node: &'a Node, visit: &mut dyn FnMut(&'a Node)) {
    match &node.value {
        Value::Map(entries) => entries.iter().for_each(|e| for_each_value(&e.value, visit)),
        Value::Seq(items) => items.iter().for_each(|n| for_each_value(n, visit)),
        Value::Scalar(_) => visit(node),
        Value::Alias => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn the_templates_values_are_reported() {
        expect![[r#"
            warning[template-placeholder] 1:8: `KEP Template` is a placeholder from the KEP template: write the KEP's title
              | title: KEP Template
              |        ^^^^^^^^^^^^
            warning[template-placeholder] 3:5: `sig-aaa` is a placeholder from the KEP template: write the group's `dir` from sigs.yaml, or remove the entry
              |   - sig-aaa
              |     ^^^^^^^
            warning[template-placeholder] 4:8: `alpha|beta|stable` is a placeholder from the KEP template: choose one of `alpha`, `beta`, `stable`
              | stage: alpha|beta|stable
              |        ^^^^^^^^^^^^^^^^^
            warning[template-placeholder] 6:11: `MyFeature` is a placeholder from the KEP template: write the name of the KEP's feature gate
              |   - name: MyFeature
              |           ^^^^^^^^^
            warning[template-placeholder] 8:5: `my_feature_metric` is a placeholder from the KEP template: write a metric that tells the feature works, or remove the entry
              |   - my_feature_metric
              |     ^^^^^^^^^^^^^^^^^
            warning[template-placeholder] 9:16: `yyyy-mm-dd` is a placeholder from the KEP template: write the date, e.g. `2024-01-30`
              | creation-date: "yyyy-mm-dd"
              |                ^^^^^^^^^^^^
        "#]]
        .assert_eq(&check_code(
            "title: KEP Template\nparticipating-sigs:\n  - sig-aaa\nstage: alpha|beta|stable\nfeature-gates:\n  - name: MyFeature\nmetrics:\n  - my_feature_metric\ncreation-date: \"yyyy-mm-dd\"\n",
            "template-placeholder",
        ));
    }

    #[test]
    fn comments_keys_and_real_values_are_not_placeholders() {
        let fixture = "title: A KEP Template engine\nstatus: implemented # provisional|implementable|implemented|deferred|rejected|withdrawn|replaced\n# - my_feature_metric\nmetrics:\n  - my_feature_metric_total\nlatest-milestone: \"v1.19\"\nreviewers:\n  - TBD\n";
        assert_eq!(check_code(fixture, "template-placeholder"), "");
    }

    #[test]
    fn a_placeholder_is_reported_once_not_by_the_field_rules_too() {
        let fixture = "owning-sig: sig-xyz\nstatus: provisional|implementable|implemented|deferred|rejected|withdrawn|replaced\ncreation-date: yyyy-mm-dd\nauthors:\n  - \"@jane.doe\"\nkep-number: NNNN\n";
        let all = crate::ide::fixtures::check(fixture);
        let codes: Vec<&str> =
            all.lines().filter(|l| l.starts_with("warning")).filter_map(|l| l.split(['[', ']']).nth(1)).collect();
        assert_eq!(codes, ["template-placeholder"; 5], "{all}");
    }
}
