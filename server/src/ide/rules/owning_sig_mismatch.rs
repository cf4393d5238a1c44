//! `owning-sig-mismatch` (hint): `owning-sig` is not the group whose folder holds the KEP.
//!
//! The folder's group is the first component below `keps/` when it is a group of sigs.yaml:
//! `keps/sig-node/...` and `keps/sig-cluster-lifecycle/kubeadm/...` have one; `keps/NNNN-kep-template/`
//! and `keps/provider-aws/...` do not, and are never compared.

use super::quickfix;
use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};

pub const RULE: Rule = Rule {
    code: "owning-sig-mismatch",
    severity: Severity::Hint,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`owning-sig` differs from the group folder the KEP lives in (`keps/<group>/...`).",
    why: "A KEP normally lives under its owning group's folder. When ownership moves, the KEP usually stays where it is (its links would break), so a difference is often legitimate: this is only a hint, to catch a copy-pasted `owning-sig`.",
    example: "# keps/sig-scheduling/986-resource-quota-scope-selectors/kep.yaml\nowning-sig: sig-api-machinery",
    fix: "If the owner is wrong, set `owning-sig` to the folder's group (offered); if ownership moved on purpose, leave it.",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(place) = &cx.file.place else { return };
    let parts = place.parts();
    // A group folder, then at least the KEP's own directory, then kep.yaml.
    let [folder, _, .., _] = parts.as_slice() else { return };
    let groups = cx.world.groups();
    if !groups.contains(folder) {
        return;
    }
    let Some(entry) = cx.yaml().and_then(|y| y.entry("owning-sig")) else { return };
    let Some(owning) = entry.value.as_str() else { return };
    // An unknown owning-sig is `unknown-group`'s to report.
    if owning == *folder || !groups.contains(owning) {
        return;
    }
    let fix = quickfix::set_value(cx, format!("Change to `{folder}`"), &entry.value, folder);
    out.push(
        Diagnostic::new(
            RULE.code,
            entry.value.range,
            format!("`owning-sig: {owning}` but the KEP lives in keps/{folder}/: fine if ownership moved, else set `{folder}`"),
        )
        .with_fixes(fix),
    );
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code};
    use expect_test::expect;

    #[test]
    fn a_kep_owned_by_another_group_than_its_folder() {
        expect![[r#"
            hint[owning-sig-mismatch] 1:13: `owning-sig: sig-api-machinery` but the KEP lives in keps/sig-scheduling/: fine if ownership moved, else set `sig-scheduling`
              | owning-sig: sig-api-machinery
              |             ^^^^^^^^^^^^^^^^^
              fix: Change to `sig-scheduling`
        "#]]
        .assert_eq(&check_code(
            "//- /ws/keps/sig-scheduling/986-quota/kep.yaml\nowning-sig: sig-api-machinery\n",
            "owning-sig-mismatch",
        ));
        let subproject =
            "//- /ws/keps/sig-cluster-lifecycle/kubeadm/995-kubeadm-windows/kep.yaml\nowning-sig: sig-windows\n";
        expect![[r#"
            hint[owning-sig-mismatch] 1:13: `owning-sig: sig-windows` but the KEP lives in keps/sig-cluster-lifecycle/: fine if ownership moved, else set `sig-cluster-lifecycle`
              | owning-sig: sig-windows
              |             ^^^^^^^^^^^
              fix: Change to `sig-cluster-lifecycle`
        "#]].assert_eq(&check_code(subproject, "owning-sig-mismatch"));
    }

    #[test]
    fn folders_that_are_not_groups_and_matching_owners_pass() {
        for fixture in [
            "//- /ws/keps/sig-node/1-a/kep.yaml\nowning-sig: sig-node\n",
            "//- /ws/keps/sig-cluster-lifecycle/kubeadm/2-b/kep.yaml\nowning-sig: sig-cluster-lifecycle\n",
            "//- /ws/keps/provider-aws/630-ebs/kep.yaml\nowning-sig: sig-cloud-provider\n",
            "//- /ws/keps/NNNN-kep-template/kep.yaml\nowning-sig: sig-xyz\n",
            "//- /ws/keps/sig-node/kep.yaml\nowning-sig: sig-apps\n",
            "//- /ws/keps/sig-node/1-a/kep.yaml\nowning-sig: sig-nod\n",
            "//- /ws/keps/sig-node/1-a/kep.yaml\nowning-sig:\n",
        ] {
            assert_eq!(check_code(fixture, "owning-sig-mismatch"), "", "{fixture}");
        }
    }

    #[test]
    fn the_fix_writes_the_folder_group() {
        assert_eq!(
            apply_first_fix("//- /ws/keps/sig-node/1-a/kep.yaml\nowning-sig: sig-apps\n", "owning-sig-mismatch"),
            "owning-sig: sig-node\n"
        );
    }
}
