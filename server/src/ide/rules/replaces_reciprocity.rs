//! `replaces-reciprocity`: `replaces` and `superseded-by` must name each other.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::graph::{self, Kep};
use crate::ide::kep::edit;
use crate::ide::layout::FileKind;
use crate::ide::refs::{self, Resolution};
use crate::ide::text::TextRange;

pub const RULE: Rule = Rule {
    code: "replaces-reciprocity",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "A KEP that `replaces` another whose `superseded-by` does not name it back (or the reverse).",
    why: "Readers of the old KEP must find the new one: KEP-1 asks for both directions. The real corpus has eight one-sided pairs.",
    example: "# keps/sig-apps/2-new/kep.yaml\nreplaces:\n  - /keps/sig-apps/1-old   # whose kep.yaml has no superseded-by",
    fix: "The quick fix adds this KEP to the other KEP's list (an edit in the other kep.yaml).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    if cx.file.kind != FileKind::KepYaml {
        return;
    }
    let (Some(place), Some(me)) = (&cx.file.place, Kep::of(cx.world, cx.file)) else { return };
    let keps_dir = place.keps_dir();
    for reference in graph::outgoing(cx.file) {
        let (back_field, verb) = match reference.field {
            Some("replaces") => ("superseded-by", "replaces"),
            Some("superseded-by") => ("replaces", "is superseded by"),
            _ => continue,
        };
        let Resolution::Resolved { dir } = graph::resolve(cx.world, cx.file, &reference.parsed) else { continue };
        let other = Kep::at(cx.world, &keps_dir, &dir);
        let Some(other_yaml) = other.kep_yaml else { continue };
        if other.dir == me.dir || names_back(cx, other_yaml, back_field, &me.dir) {
            continue;
        }
        let mut message = format!("this KEP {verb} {}, whose `{back_field}` does not list this KEP", other.name());
        if back_field == "superseded-by" && other.status() != Some("replaced") {
            message.push_str(&format!(" (and its status is `{}`, not `replaced`)", other.status().unwrap_or("unset")));
        }
        let related = other_yaml.yaml().and_then(|y| y.entry(back_field)).map_or(TextRange::empty(0), |e| e.key.range);
        let mut diagnostic = Diagnostic::new(RULE.code, reference.inner, message).with_related(
            other_yaml.path.clone(),
            related,
            format!("`{back_field}` of {}", other.name()),
        );
        if let Some(add) = edit::add_list_item(other_yaml, back_field, &refs::canonical(place.dir_rel())) {
            diagnostic = diagnostic.with_fix(
                Fix {
                    title: format!("Add this KEP to `{back_field}` of {}", other.name()),
                    edits: vec![add],
                    ..Fix::default()
                }
                .preferred(),
            );
        }
        out.push(diagnostic);
    }
}

/// Whether `other`'s list `field` holds a reference resolving to `dir`.
fn names_back(cx: &Cx, other: &crate::ide::world::SourceFile, field: &str, dir: &std::path::Path) -> bool {
    let Some(keps_dir) = other.place.as_ref().map(|p| p.keps_dir()) else { return false };
    graph::outgoing(other).iter().filter(|r| r.field == Some(field)).any(|r| {
        matches!(graph::resolve(cx.world, other, &r.parsed), Resolution::Resolved { dir: rel } if keps_dir.join(&rel) == dir)
    })
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{check_code, world};
    use expect_test::expect;

    const NEW: &str = "//- /ws/keps/sig-apps/2-new/kep.yaml\ntitle: New\nreplaces:\n  - /keps/sig-apps/1-old\n";

    #[test]
    fn a_one_sided_replacement_is_flagged_with_a_fix_in_the_other_file() {
        let fixture =
            format!("{NEW}//- /ws/keps/sig-apps/1-old/kep.yaml\ntitle: Old\nkep-number: 1\nstatus: implementable\n");
        expect![[r#"
            warning[replaces-reciprocity] 3:5: this KEP replaces KEP-1: Old, whose `superseded-by` does not list this KEP (and its status is `implementable`, not `replaced`)
              |   - /keps/sig-apps/1-old
              |     ^^^^^^^^^^^^^^^^^^^^
              = /ws/keps/sig-apps/1-old/kep.yaml: `superseded-by` of KEP-1: Old
              fix (preferred): Add this KEP to `superseded-by` of KEP-1: Old
        "#]]
        .assert_eq(&check_code(&fixture, "replaces-reciprocity"));
        let (world, paths) = world(&fixture);
        let d = crate::ide::features::diagnostics(&world, &paths[0])
            .into_iter()
            .find(|d| d.code == "replaces-reciprocity")
            .unwrap();
        let edit = &d.fixes[0].edits[0];
        assert_eq!(edit.path, std::path::PathBuf::from("/ws/keps/sig-apps/1-old/kep.yaml"));
        let old = world.file(&edit.path).unwrap();
        let fixed = crate::ide::fixes::apply(&old.text, std::slice::from_ref(edit));
        assert_eq!(
            fixed,
            "title: Old\nkep-number: 1\nstatus: implementable\nsuperseded-by:\n  - \"/keps/sig-apps/2-new\"\n"
        );
    }

    #[test]
    fn both_directions_listed_pass() {
        let fixture = format!(
            "{NEW}//- /ws/keps/sig-apps/1-old/kep.yaml\ntitle: Old\nstatus: replaced\nsuperseded-by:\n  - KEP-2\n"
        );
        assert_eq!(check_code(&fixture, "replaces-reciprocity"), "");
    }

    #[test]
    fn superseded_by_needs_replaces_back() {
        let fixture = "//- /ws/keps/sig-apps/1-old/kep.yaml\nsuperseded-by:\n  - /keps/sig-apps/2-new\n//- /ws/keps/sig-apps/2-new/kep.yaml\ntitle: New\n";
        assert!(check_code(fixture, "replaces-reciprocity")
            .contains("is superseded by KEP-2: New, whose `replaces` does not list this KEP"));
    }
}
