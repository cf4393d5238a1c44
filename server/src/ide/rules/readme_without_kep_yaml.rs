//! `readme-without-kep-yaml`: a README.md below `keps/` with no kep.yaml beside it.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::layout;

pub const RULE: Rule = Rule {
    code: "readme-without-kep-yaml",
    severity: Severity::Error,
    scope: Scope::Readme,
    check: Some(check),
    ci: true,
    summary: "A `README.md` in a directory below `keps/` that has no `kep.yaml` beside it.",
    why: "Upstream's walk treats every README.md below keps/ as a KEP and fails with `metadata file missing for KEP: <dir>/kep.yaml`.",
    example: "keps/sig-node/1234-my-kep/README.md   # and no kep.yaml",
    fix: "Add the KEP's kep.yaml next to the README (`kep-ls new` writes both).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(place) = &cx.file.place else { return };
    let Some(dir) = cx.file.dir() else { return };
    let keps = place.keps_dir();
    if dir == keps
        || place.in_prod_readiness()
        || cx.world.contains(&dir.join(layout::KEP_YAML))
        || skipped_by_upstream_walk(cx, dir)
    {
        return;
    }
    let expected = format!("keps/{}/{}", place.dir_rel(), layout::KEP_YAML);
    out.push(Diagnostic::new(
        RULE.code,
        cx.top(),
        format!("metadata file missing for KEP: {expected} (every README.md below keps/ is a KEP's design document)"),
    ));
}

/// Upstream's `filepath.Walk` stops reading a directory at its kep.yaml (`SkipDir`), so the
/// entries that sort after `kep.yaml` in a KEP directory, and everything below them, are never
/// visited.
fn skipped_by_upstream_walk(cx: &Cx, dir: &std::path::Path) -> bool {
    let Some(place) = &cx.file.place else { return false };
    let keps = place.keps_dir();
    let mut child = dir;
    while let Some(parent) = child.parent() {
        if !parent.starts_with(&keps) || parent == keps {
            return false;
        }
        let sorts_after = child.file_name().is_some_and(|name| name.as_encoded_bytes() > layout::KEP_YAML.as_bytes());
        if sorts_after && cx.world.contains(&parent.join(layout::KEP_YAML)) {
            return true;
        }
        child = parent;
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;

    fn check(fixture: &str) -> String {
        check_code(fixture, "readme-without-kep-yaml")
    }
    use expect_test::expect;

    #[test]
    fn a_readme_needs_its_kep_yaml() {
        expect![[r#"
            error[readme-without-kep-yaml] 1:1: metadata file missing for KEP: keps/sig-node/1234-x/kep.yaml (every README.md below keps/ is a KEP's design document)
              | # KEP-1234: X
              | ^^^^^^^^^^^^^
        "#]]
        .assert_eq(&check("//- /ws/keps/sig-node/1234-x/README.md\n# KEP-1234: X\n"));
    }

    #[test]
    fn beside_a_kep_yaml_and_at_the_top_it_is_fine() {
        assert_eq!(
            check("//- /ws/keps/sig-node/1234-x/README.md\n# X\n//- /ws/keps/sig-node/1234-x/kep.yaml\ntitle: x\n"),
            ""
        );
        assert_eq!(check("//- /ws/keps/README.md\n# KEPs\n"), "");
        assert_eq!(check("//- /ws/keps/prod-readiness/sig-x/README.md\n# PRR\n"), "");
    }

    #[test]
    fn upstream_never_visits_directories_after_kep_yaml() {
        let below = |sub: &str| {
            format!("//- /ws/keps/sig-a/1-x/{sub}/README.md\n# y\n//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: x\n")
        };
        assert_eq!(check(&below("later")), "", "`later` sorts after kep.yaml");
        // `design` sorts before kep.yaml.
        expect![[r#"
            error[readme-without-kep-yaml] 1:1: metadata file missing for KEP: keps/sig-a/1-x/design/kep.yaml (every README.md below keps/ is a KEP's design document)
              | # y
              | ^^^
        "#]].assert_eq(&check(&below("design")));
    }
}
