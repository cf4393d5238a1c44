//! `duplicate-kep-number`: two KEPs of the workspace with the same `kep-number` (as numbers).

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::layout;
use crate::ide::world::{SourceFile, World};

pub const RULE: Rule = Rule {
    code: "duplicate-kep-number",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "Another KEP of the workspace has the same `kep-number` (compared as numbers: `0000` = `0`).",
    why: "A KEP number is its tracking issue and names its PRR file: two KEPs with one number share an issue, and with the same owning SIG they would share a PRR approval file.",
    example: "# keps/sig-node/2133-kubelet-credential-providers/kep.yaml and\n# keps/sig-cloud-provider/2133-out-of-tree-credential-provider/kep.yaml\nkep-number: 2133",
    fix: "Give the newer KEP its own tracking issue number (and rename its directory to match).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(value) = cx.yaml().and_then(|y| y.entry("kep-number")).map(|e| &e.value) else { return };
    let Some(number) = value.as_str().and_then(layout::kep_number) else { return };
    let Some(keps_dir) = cx.file.place.as_ref().map(|p| p.keps_dir()) else { return };
    let mut others: Vec<&SourceFile> =
        keps_numbered(cx.world, &keps_dir, number).filter(|f| f.path != cx.file.path).collect();
    if others.is_empty() {
        return;
    }
    others.sort_by(|a, b| a.path.cmp(&b.path));
    let names: Vec<String> = others.iter().map(|f| kep_name(f)).collect();
    let mut diagnostic = Diagnostic::new(
        RULE.code,
        value.range,
        format!("kep-number {number} is also the number of {}", names.join(", ")),
    );
    for (other, name) in others.iter().zip(&names) {
        let range = other.yaml().and_then(|y| y.entry("kep-number")).map_or_else(|| cx.top(), |e| e.value.range);
        diagnostic = diagnostic.with_related(other.path.clone(), range, format!("{name} has kep-number {number}"));
    }
    out.push(diagnostic);
}

/// Every kep.yaml of the `keps/` tree whose `kep-number` is `number`: the number index gives the
/// candidates (it also knows directory numbers), their kep.yaml says which really carry it.
fn keps_numbered<'a>(
    world: &'a World,
    keps_dir: &std::path::Path,
    number: u64,
) -> impl Iterator<Item = &'a SourceFile> + 'a {
    let candidates = world.numbers().dirs(keps_dir, number);
    let keps_dir = keps_dir.to_path_buf();
    candidates
        .into_iter()
        .filter_map(move |rel| world.file(&keps_dir.join(rel).join(layout::KEP_YAML)).map(|f| &**f))
        .filter(move |f| {
            f.yaml().and_then(|y| y.string("kep-number")).and_then(|n| layout::kep_number(n.text)) == Some(number)
        })
}

fn kep_name(kep: &SourceFile) -> String {
    kep.place.as_ref().map_or_else(|| kep.path.display().to_string(), |p| format!("keps/{}", p.dir_rel()))
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::check_code;
    use expect_test::expect;

    #[test]
    fn the_other_keps_are_named_and_related() {
        let fixture = "//- /ws/keps/sig-node/2133-kubelet-credential-providers/kep.yaml\nkep-number: 2133\n//- /ws/keps/sig-cloud-provider/2133-out-of-tree-credential-provider/kep.yaml\ntitle: x\nkep-number: \"02133\"\n//- /ws/keps/sig-apps/2134-other/kep.yaml\nkep-number: 2134\n";
        expect![[r#"
            warning[duplicate-kep-number] 1:13: kep-number 2133 is also the number of keps/sig-cloud-provider/2133-out-of-tree-credential-provider
              | kep-number: 2133
              |             ^^^^
              = /ws/keps/sig-cloud-provider/2133-out-of-tree-credential-provider/kep.yaml: keps/sig-cloud-provider/2133-out-of-tree-credential-provider has kep-number 2133
        "#]]
        .assert_eq(&check_code(fixture, "duplicate-kep-number"));
    }

    #[test]
    fn four_zeros_are_one_number() {
        let fixture = "//- /ws/keps/sig-architecture/0000-kep-process/kep.yaml\nkep-number: 0000\n//- /ws/keps/sig-release/0000-anago/kep.yaml\nkep-number: 0\n//- /ws/keps/sig-docs/0000-forum/kep.yaml\nkep-number: \"0000\"\n";
        let out = check_code(fixture, "duplicate-kep-number");
        assert!(
            out.contains("kep-number 0 is also the number of keps/sig-docs/0000-forum, keps/sig-release/0000-anago"),
            "{out}"
        );
        assert_eq!(out.matches("  = ").count(), 2, "{out}");
    }

    #[test]
    fn unique_and_non_numeric_numbers_pass() {
        let fixture = "//- /ws/keps/sig-node/1-a/kep.yaml\nkep-number: 1\n//- /ws/keps/sig-node/2-b/kep.yaml\nkep-number: 2\n//- /ws/keps/prod-readiness/sig-node/1.yaml\nkep-number: 1\n";
        assert_eq!(check_code(fixture, "duplicate-kep-number"), "");
        let placeholders = "//- /ws/keps/NNNN-kep-template/kep.yaml\nkep-number: NNNN\n//- /ws/keps/sig-x/NNNN-copy/kep.yaml\nkep-number: NNNN\n";
        assert_eq!(check_code(placeholders, "duplicate-kep-number"), "");
    }
}
