//! `unknown-group`: an `owning-sig` or `participating-sigs` entry that is not a group of sigs.yaml.

use super::quickfix::{self, list};
use super::{template_placeholder, Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Severity};
use crate::ide::groups;
use crate::ide::yaml::Node;

pub const RULE: Rule = Rule {
    code: "unknown-group",
    severity: Severity::Warning,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: false,
    summary: "`owning-sig` or a `participating-sigs` entry that is not the `dir` of a group in kubernetes/community's sigs.yaml (`kubernetes-wide` is allowed in `participating-sigs`).",
    why: "The group names route a KEP to its SIG: the enhancements board, the PRR file path (`keps/prod-readiness/<owning-sig>/`) and SIG dashboards go by the exact `dir`. CI does not check it, so misspellings (`sig-apimachinery`) and archived groups (`wg-lts`) linger.",
    example: "participating-sigs:\n  - sig-apimachinery",
    fix: "Write the group's `dir` as sigs.yaml spells it; the quick fix offers the nearest (`sig-api-machinery`), or the group that took over an archived one; fix-all applies it only when case alone differs (`SIG-Node`). The list comes from the sigs.yaml in `kep.sigsFile` / `--sigs`, else `../community/sigs.yaml` beside the repository, else the list built into kep-ls.",
};

/// `participating-sigs` may say a KEP concerns the whole project.
const KUBERNETES_WIDE: &str = "kubernetes-wide";

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(yaml) = cx.yaml() else { return };
    if let Some(owning) = yaml.entry("owning-sig") {
        check_name(cx, &owning.value, false, out);
    }
    if let Some(items) = yaml.entry("participating-sigs").and_then(|e| e.value.as_seq()) {
        for item in items {
            check_name(cx, item, true, out);
        }
    }
}

fn check_name(cx: &Cx, node: &Node, participating: bool, out: &mut Vec<Diagnostic>) {
    let Some(name) = node.as_str() else { return };
    let groups = cx.world.groups();
    if groups.contains(name) || template_placeholder::is_placeholder(name) {
        return;
    }
    if name == KUBERNETES_WIDE {
        if !participating {
            out.push(Diagnostic::new(
                RULE.code,
                node.range,
                "`kubernetes-wide` is only for `participating-sigs`: `owning-sig` names the one group that owns the KEP",
            ));
        }
        return;
    }
    if let Some(archived) = groups::archived_group(groups, name) {
        let mut message = format!("`{name}` is an archived {}, no longer in sigs.yaml", archived.kind.label());
        let fix = archived.successor.and_then(|successor| {
            message.push_str(&format!("; its work moved to `{successor}`"));
            quickfix::set_value(cx, format!("Change to `{successor}`"), node, successor).map(|f| f.preferred())
        });
        out.push(Diagnostic::new(RULE.code, node.range, message).with_fixes(fix));
        return;
    }
    let near = groups.suggest(name).map(|g| g.dir.as_str());
    let message = match near {
        Some(near) => format!("`{name}` is not a group of sigs.yaml: did you mean `{near}`?"),
        None => {
            let mut valid: Vec<&str> = groups.dirs().collect();
            if participating {
                valid.push(KUBERNETES_WIDE);
            }
            format!("`{name}` is not a group of sigs.yaml: expected one of {}", list(valid))
        }
    };
    let fix = near.and_then(|near| {
        let fix = quickfix::set_value(cx, format!("Change to `{near}`"), node, near)?.preferred();
        Some(if quickfix::same_word(name, near) { fix.safe() } else { fix })
    });
    out.push(Diagnostic::new(RULE.code, node.range, message).with_fixes(fix));
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{apply_first_fix, check_code, render, world};
    use crate::ide::groups::Groups;
    use expect_test::expect;

    #[test]
    fn misspelled_and_archived_groups() {
        expect![[r#"
            warning[unknown-group] 1:13: `sig-apimachinery` is not a group of sigs.yaml: did you mean `sig-api-machinery`?
              | owning-sig: sig-apimachinery
              |             ^^^^^^^^^^^^^^^^
              fix (preferred): Change to `sig-api-machinery`
            warning[unknown-group] 3:5: `wg-lts` is an archived working group, no longer in sigs.yaml
              |   - wg-lts
              |     ^^^^^^
            warning[unknown-group] 4:5: `sig-scheduler` is not a group of sigs.yaml: did you mean `sig-scheduling`?
              |   - sig-scheduler
              |     ^^^^^^^^^^^^^
              fix (preferred): Change to `sig-scheduling`
            warning[unknown-group] 6:5: `wg-k8s-infra` is an archived working group, no longer in sigs.yaml; its work moved to `sig-k8s-infra`
              |   - wg-k8s-infra
              |     ^^^^^^^^^^^^
              fix (preferred): Change to `sig-k8s-infra`
        "#]]
        .assert_eq(&check_code(
            "owning-sig: sig-apimachinery\nparticipating-sigs:\n  - wg-lts\n  - sig-scheduler\n  - kubernetes-wide\n  - wg-k8s-infra\n  - sig-node\n",
            "unknown-group",
        ));
    }

    #[test]
    fn a_name_without_its_prefix_gets_the_one_group_it_names() {
        let out = check_code("owning-sig: node\nparticipating-sigs:\n  - batch\n", "unknown-group");
        expect![[r#"
            warning[unknown-group] 1:13: `node` is not a group of sigs.yaml: did you mean `sig-node`?
              | owning-sig: node
              |             ^^^^
              fix (preferred): Change to `sig-node`
            warning[unknown-group] 3:5: `batch` is not a group of sigs.yaml: did you mean `wg-batch`?
              |   - batch
              |     ^^^^^
              fix (preferred): Change to `wg-batch`
        "#]]
        .assert_eq(&out);
    }

    #[test]
    fn without_a_suggestion_the_valid_groups_are_listed() {
        let out = check_code("participating-sigs:\n  - Kubelet garbage collection WG\n", "unknown-group");
        expect![[r#"
            warning[unknown-group] 2:5: `Kubelet garbage collection WG` is not a group of sigs.yaml: expected one of `sig-api-machinery`, `sig-apps`, `sig-architecture`, `sig-auth`, `sig-autoscaling`, `sig-cli`, `sig-cloud-provider`, `sig-cluster-lifecycle`, `sig-contributor-experience`, `sig-docs`, `sig-etcd`, `sig-instrumentation`, `sig-k8s-infra`, `sig-multicluster`, `sig-network`, `sig-node`, `sig-release`, `sig-scalability`, `sig-scheduling`, `sig-security`, `sig-storage`, `sig-testing`, `sig-ui`, `sig-windows`, `wg-ai-gateway`, `wg-batch`, `wg-checkpoint-restore`, `wg-data-protection`, `wg-device-management`, `wg-etcd-operator`, `wg-node-lifecycle`, `wg-workload-aware-scheduling`, `committee-code-of-conduct`, `committee-security-response`, `committee-steering`, `kubernetes-wide`
              |   - Kubelet garbage collection WG
              |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        "#]].assert_eq(&out);
        let out = check_code("owning-sig: TBD\n", "unknown-group");
        expect![[r#"
            warning[unknown-group] 1:13: `TBD` is not a group of sigs.yaml: expected one of `sig-api-machinery`, `sig-apps`, `sig-architecture`, `sig-auth`, `sig-autoscaling`, `sig-cli`, `sig-cloud-provider`, `sig-cluster-lifecycle`, `sig-contributor-experience`, `sig-docs`, `sig-etcd`, `sig-instrumentation`, `sig-k8s-infra`, `sig-multicluster`, `sig-network`, `sig-node`, `sig-release`, `sig-scalability`, `sig-scheduling`, `sig-security`, `sig-storage`, `sig-testing`, `sig-ui`, `sig-windows`, `wg-ai-gateway`, `wg-batch`, `wg-checkpoint-restore`, `wg-data-protection`, `wg-device-management`, `wg-etcd-operator`, `wg-node-lifecycle`, `wg-workload-aware-scheduling`, `committee-code-of-conduct`, `committee-security-response`, `committee-steering`
              | owning-sig: TBD
              |             ^^^
        "#]].assert_eq(&out);
    }

    #[test]
    fn kubernetes_wide_belongs_to_participating_sigs_only() {
        assert_eq!(check_code("participating-sigs:\n  - kubernetes-wide\n", "unknown-group"), "");
        expect![[r#"
            warning[unknown-group] 1:13: `kubernetes-wide` is only for `participating-sigs`: `owning-sig` names the one group that owns the KEP
              | owning-sig: kubernetes-wide
              |             ^^^^^^^^^^^^^^^
        "#]].assert_eq(&check_code("owning-sig: kubernetes-wide\n", "unknown-group"));
    }

    #[test]
    fn known_null_and_placeholder_groups_pass() {
        for fixture in [
            "owning-sig: sig-node\nparticipating-sigs:\n  - wg-batch\n  - committee-steering\n",
            "owning-sig:\nparticipating-sigs:\n",
            "owning-sig: sig-xyz\nparticipating-sigs:\n  - sig-aaa\n  - sig-bbb\n",
        ] {
            assert_eq!(check_code(fixture, "unknown-group"), "", "{fixture}");
        }
    }

    #[test]
    fn the_groups_given_to_the_world_are_the_ones_checked() {
        let (mut world, paths) = world("owning-sig: sig-new\nparticipating-sigs:\n  - wg-lts\n");
        let unknown_groups = |world: &crate::ide::world::World| {
            let found: Vec<_> = crate::ide::features::diagnostics(world, &paths[0])
                .into_iter()
                .filter(|d| d.code == super::RULE.code)
                .collect();
            render(world, &paths[0], &found)
        };
        expect![[r#"
            warning[unknown-group] 1:13: `sig-new` is not a group of sigs.yaml: expected one of `sig-api-machinery`, `sig-apps`, `sig-architecture`, `sig-auth`, `sig-autoscaling`, `sig-cli`, `sig-cloud-provider`, `sig-cluster-lifecycle`, `sig-contributor-experience`, `sig-docs`, `sig-etcd`, `sig-instrumentation`, `sig-k8s-infra`, `sig-multicluster`, `sig-network`, `sig-node`, `sig-release`, `sig-scalability`, `sig-scheduling`, `sig-security`, `sig-storage`, `sig-testing`, `sig-ui`, `sig-windows`, `wg-ai-gateway`, `wg-batch`, `wg-checkpoint-restore`, `wg-data-protection`, `wg-device-management`, `wg-etcd-operator`, `wg-node-lifecycle`, `wg-workload-aware-scheduling`, `committee-code-of-conduct`, `committee-security-response`, `committee-steering`
              | owning-sig: sig-new
              |             ^^^^^^^
            warning[unknown-group] 3:5: `wg-lts` is an archived working group, no longer in sigs.yaml
              |   - wg-lts
              |     ^^^^^^
        "#]].assert_eq(&unknown_groups(&world));
        world.set_groups(Groups::parse("sigs:\n  - dir: sig-new\nworkinggroups:\n  - dir: wg-lts\n", "t").unwrap());
        assert_eq!(unknown_groups(&world), "");
    }

    #[test]
    fn the_fix_writes_the_group() {
        assert_eq!(
            apply_first_fix("participating-sigs:\n  - \"sig-arch\"\n", "unknown-group"),
            "participating-sigs:\n  - \"sig-architecture\"\n"
        );
        assert_eq!(
            apply_first_fix("participating-sigs:\n  - wg-k8s-infra\n", "unknown-group"),
            "participating-sigs:\n  - sig-k8s-infra\n"
        );
        assert_eq!(apply_first_fix("owning-sig: SIG-Node\n", "unknown-group"), "owning-sig: sig-node\n");
    }
}
