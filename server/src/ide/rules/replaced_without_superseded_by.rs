//! `replaced-without-superseded-by`: `status: replaced` with no `superseded-by`.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::graph::{self, Kep};
use crate::ide::kep::edit;
use crate::ide::layout::FileKind;
use crate::ide::refs;

pub const RULE: Rule = Rule {
    code: "replaced-without-superseded-by",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "A KEP with `status: replaced` that does not say, in `superseded-by`, which KEP replaced it.",
    why: "A replaced KEP is a dead end unless it points at its successor; none of the six real replaced KEPs does.",
    example: "status: replaced\n# and no superseded-by",
    fix: "Add `superseded-by:` with the replacing KEP; when another KEP's `replaces` names this one, the quick fix writes it.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if cx.file.kind != FileKind::KepYaml {
        return;
    }
    let Some(yaml) = cx.yaml() else { return };
    let Some(status) = yaml.string("status").filter(|s| s.text == "replaced") else { return };
    if !yaml.strings("superseded-by").is_empty() {
        return;
    }
    let mut diagnostic = Diagnostic::new(
        RULE.code,
        status.range,
        "`status: replaced` but no `superseded-by` names the KEP that replaced this one",
    );
    if let Some(me) = Kep::of(cx.world, cx.file) {
        for (file, reference) in graph::incoming(cx.world, &me.dir) {
            if reference.field != Some("replaces") {
                continue;
            }
            let Some(replacer) = Kep::of(cx.world, file) else { continue };
            let Some(add) = edit::add_list_item(cx.file, "superseded-by", &refs::canonical(&replacer.rel)) else {
                continue;
            };
            diagnostic = diagnostic
                .with_related(file.path.clone(), reference.inner, format!("{} replaces this KEP", replacer.name()))
                .with_fix(
                    Fix {
                        title: format!("Add `superseded-by: {}`", refs::canonical(&replacer.rel)),
                        edits: vec![add],
                        ..Fix::default()
                    }
                    .preferred(),
                );
        }
    }
    out.push(diagnostic);
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::ide::fixtures::{apply_first_fix, check_code};

    #[test]
    fn a_replaced_kep_names_its_successor() {
        let fixture = "//- /ws/keps/sig-a/1-old/kep.yaml\ntitle: Old\nstatus: replaced\n//- /ws/keps/sig-a/2-new/kep.yaml\ntitle: New\nreplaces:\n  - /keps/sig-a/1-old\n";
        let out = check_code(fixture, "replaced-without-superseded-by");
        expect![[r#"
            warning[replaced-without-superseded-by] 2:9: `status: replaced` but no `superseded-by` names the KEP that replaced this one
              | status: replaced
              |         ^^^^^^^^
              = /ws/keps/sig-a/2-new/kep.yaml: KEP-2: New replaces this KEP
              fix (preferred): Add `superseded-by: /keps/sig-a/2-new`
        "#]].assert_eq(&out);
        assert_eq!(
            apply_first_fix(fixture, "replaced-without-superseded-by"),
            "title: Old\nstatus: replaced\nsuperseded-by:\n  - \"/keps/sig-a/2-new\"\n"
        );
        assert_eq!(check_code("status: replaced\nsuperseded-by:\n  - KEP-2\n", "replaced-without-superseded-by"), "");
        assert_eq!(check_code("status: implementable\n", "replaced-without-superseded-by"), "");
    }
}
