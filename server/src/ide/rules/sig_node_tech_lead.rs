//! `sig-node-tech-lead` (error): upstream's `TestNodeTechLeadApprovers` (`pkg/nodeapprovers`
//! `VerifyTechLeadApprovers`) on the kep.yaml files below `keps/sig-node`: who must approve.

use super::{Cx, Rule, Scope};
use crate::ide::diagnostic::{Diagnostic, Fix, Severity};
use crate::ide::layout;
use crate::ide::nodeapprovers::{self, At, Reason, Role, TECH_LEADS_ALIAS};
use crate::ide::text::TextRange;

pub const RULE: Rule = Rule {
    code: "sig-node-tech-lead",
    severity: Severity::Error,
    scope: Scope::KepYaml,
    check: Some(check),
    ci: true,
    summary: "A SIG Node KEP (below `keps/sig-node`, not withdrawn, rejected or replaced, `latest-milestone` v1.36 or later) whose `approvers` do not include a SIG Node tech lead (alias `sig-node-tech-leads` of `OWNERS_ALIASES`) or, unless it is actively alpha, an approver marked `# sig-node-assigned-approver`; or an actively alpha KEP (`stage: alpha`, `latest-milestone` at or after the upcoming release) that marks an approver.",
    why: "`hack/verify-node-approvers.sh` (upstream's `TestNodeTechLeadApprovers`) fails the PR: SIG Node has its tech leads approve KEPs entering alpha, and lets a marked, assigned approver approve the later stages. The alias name itself is not a tech lead. The upcoming release is the `upcoming-release` setting, else the highest `latest-milestone` of the workspace.",
    example: "stage: alpha\nlatest-milestone: \"v1.37\"\napprovers:\n  - \"@someoneelse\" # sig-node-assigned-approver",
    fix: "Add a SIG Node tech lead to `approvers`; on an actively alpha KEP, remove the `# sig-node-assigned-approver` marker (offered).",
};

pub fn check(cx: &Cx, out: &mut Vec<Diagnostic>) {
    let Some(place) = &cx.file.place else { return };
    if !nodeapprovers::in_sig_node(&place.rel) {
        return;
    }
    let Some(yaml) = cx.yaml().filter(|y| y.tree.errors.is_empty()) else { return };
    // Without the alias upstream's test stops before looking at any KEP: nothing to say here.
    let Some(aliases) = cx.world.owners_aliases(&place.root).filter(|a| a.error.is_none()) else { return };
    let leads: Vec<String> =
        aliases.members(TECH_LEADS_ALIAS).iter().map(|m| nodeapprovers::normalize_user(m)).collect();
    if leads.is_empty() {
        return;
    }
    let upcoming =
        cx.world.effective_upcoming_release_at(&cx.file.path).map(|r| i64::try_from(r.minor).unwrap_or(i64::MAX));
    let violations = nodeapprovers::tech_leads(yaml, cx.text(), &leads, upcoming);
    if violations.is_empty() {
        return;
    }
    let aliases_path = place.root.join(layout::OWNERS_ALIASES);
    let aliases_text = cx.world.file(&aliases_path).map_or("", |f| &f.text);
    let alias_range = aliases_text
        .find(&format!("{TECH_LEADS_ALIAS}:"))
        .map_or_else(TextRange::default, |at| TextRange::new(at, at + TECH_LEADS_ALIAS.len()));
    let leads_note = format!("{TECH_LEADS_ALIAS}: {}", leads.join(", "));
    let release = match (cx.settings().upcoming_release, upcoming) {
        (Some(r), _) => format!("the upcoming release is {r} (setting `upcoming-release`)"),
        (None, Some(_)) => format!(
            "the upcoming release is taken to be {}, the highest `latest-milestone` of the workspace (setting `upcoming-release`)",
            cx.world.effective_upcoming_release_at(&cx.file.path).map(|r| r.to_string()).unwrap_or_default()
        ),
        (None, None) => String::new(),
    };
    let items = nodeapprovers::items(yaml, cx.text(), Role::Approver);
    for v in violations {
        let At::Kep(range) = v.at else { continue };
        let range = if range.is_empty() { cx.top() } else { range };
        let message = match v.reason {
            Reason::NoApprovers => "a SIG Node KEP must list approvers: a tech lead or an assigned approver".to_string(),
            Reason::AlphaWithoutTechLead => {
                format!("an actively alpha KEP must list a SIG Node tech lead as approver ({release})")
            }
            Reason::AlphaMarker => format!(
                "an actively alpha KEP must not mark `{}` as sig-node-assigned-approver: a tech lead approves alpha ({release})",
                v.user
            ),
            _ => "a SIG Node KEP past alpha must list a SIG Node tech lead as approver, or an approver marked `# sig-node-assigned-approver`".to_string(),
        };
        let mut diagnostic = Diagnostic::new(RULE.code, range, message).with_related(
            aliases_path.clone(),
            alias_range,
            leads_note.clone(),
        );
        if v.reason == Reason::AlphaMarker {
            // The marker goes with the blanks before it; the item stays.
            if let Some(item) = items.iter().find(|i| i.comment == Some(range) && !i.block) {
                diagnostic = diagnostic.with_fix(
                    Fix::replace(
                        "Remove the sig-node-assigned-approver marker",
                        cx.file.path.clone(),
                        TextRange::new(item.range.end, range.end),
                        "",
                    )
                    .preferred(),
                );
            }
        }
        out.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use crate::ide::fixtures::{self, apply_first_fix, check_code};
    use crate::ide::kep::usage::Release;
    use expect_test::expect;

    const ALIASES: &str = "//- /ws/OWNERS_ALIASES\naliases:\n  sig-node-tech-leads:\n    - dchen1107\n    - mrunalp\n";

    fn kep(dir: &str, body: &str) -> String {
        format!("//- /ws/keps/{dir}/kep.yaml\n{body}{ALIASES}")
    }

    fn check(body: &str) -> String {
        check_code(&kep("sig-node/1-x", body), "sig-node-tech-lead")
    }

    /// With the upcoming release set (the fixture's own milestones would otherwise decide it).
    fn check_at(body: &str, upcoming: &str) -> String {
        let (mut world, paths) = fixtures::world(&kep("sig-node/1-x", body));
        world.settings.upcoming_release = Release::parse(upcoming);
        let d: Vec<_> = crate::ide::features::diagnostics(&world, &paths[0])
            .into_iter()
            .filter(|d| d.code == "sig-node-tech-lead")
            .collect();
        fixtures::render(&world, &paths[0], &d)
    }

    #[test]
    fn alpha_at_the_upcoming_release_needs_a_tech_lead_and_no_marker() {
        let body =
            "stage: alpha\nlatest-milestone: v1.37\napprovers:\n  - \"@someoneelse\" # sig-node-assigned-approver\n";
        expect![[r#"
            error[sig-node-tech-lead] 3:1: an actively alpha KEP must list a SIG Node tech lead as approver (the upcoming release is taken to be v1.37, the highest `latest-milestone` of the workspace (setting `upcoming-release`))
              | approvers:
              | ^^^^^^^^^
              = /ws/OWNERS_ALIASES: sig-node-tech-leads: dchen1107, mrunalp
            error[sig-node-tech-lead] 4:20: an actively alpha KEP must not mark `someoneelse` as sig-node-assigned-approver: a tech lead approves alpha (the upcoming release is taken to be v1.37, the highest `latest-milestone` of the workspace (setting `upcoming-release`))
              |   - "@someoneelse" # sig-node-assigned-approver
              |                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
              = /ws/OWNERS_ALIASES: sig-node-tech-leads: dchen1107, mrunalp
              fix (preferred): Remove the sig-node-assigned-approver marker
        "#]]
        .assert_eq(&check(body));
        assert_eq!(
            apply_first_fix(&kep("sig-node/1-x", body), "sig-node-tech-lead"),
            "stage: alpha\nlatest-milestone: v1.37\napprovers:\n  - \"@someoneelse\"\n"
        );
        // Before the upcoming release the KEP is not actively alpha: the marker is what it needs.
        assert_eq!(check_at(body, "v1.38"), "");
        assert_ne!(check_at(body, "v1.37"), "");
        assert_ne!(check_at(body, "v1.36"), "");
    }

    #[test]
    fn which_keps_the_rule_looks_at() {
        let bare = "approvers:\n  - \"@someoneelse\"\n";
        for (body, flagged) in [
            (format!("latest-milestone: v1.36\n{bare}"), true),
            (format!("latest-milestone: \"1.36\"\n{bare}"), true),
            (format!("latest-milestone: v1.35\n{bare}"), false),
            (format!("latest-milestone: TBD\n{bare}"), false),
            (bare.to_string(), false),
            (format!("status: withdrawn\nlatest-milestone: v1.36\n{bare}"), false),
            (format!("status: rejected\nlatest-milestone: v1.36\n{bare}"), false),
            (format!("status: replaced\nlatest-milestone: v1.36\n{bare}"), false),
            (format!("status: implemented\nlatest-milestone: v1.36\n{bare}"), true),
            ("stage: beta\nlatest-milestone: v1.36\napprovers:\n  - \"@MrunalP\"\n".to_string(), false),
            (
                "stage: beta\nlatest-milestone: v1.36\napprovers:\n  - \"@x\" # sig-node-assigned-approver\n"
                    .to_string(),
                false,
            ),
            ("latest-milestone: v1.36\napprovers:\n  - \"@sig-node-tech-leads\"\n".to_string(), true),
        ] {
            assert_eq!(check(&body).is_empty(), !flagged, "{body}");
        }
        assert_eq!(
            check_code(&kep("sig-apps/1-x", &format!("latest-milestone: v1.36\n{bare}")), "sig-node-tech-lead"),
            ""
        );
        // Without OWNERS_ALIASES there is no list of tech leads to judge by.
        assert_eq!(check_code(&format!("latest-milestone: v1.36\n{bare}"), "sig-node-tech-lead"), "");
    }

    #[test]
    fn no_approvers() {
        expect![[r#"
            error[sig-node-tech-lead] 2:1: a SIG Node KEP must list approvers: a tech lead or an assigned approver
              | approvers: []
              | ^^^^^^^^^
              = /ws/OWNERS_ALIASES: sig-node-tech-leads: dchen1107, mrunalp
        "#]]
        .assert_eq(&check("latest-milestone: v1.36\napprovers: []\n"));
        expect![[r#"
            error[sig-node-tech-lead] 1:1: a SIG Node KEP must list approvers: a tech lead or an assigned approver
              | latest-milestone: v1.36
              | ^^^^^^^^^^^^^^^^^^^^^^^
              = /ws/OWNERS_ALIASES: sig-node-tech-leads: dchen1107, mrunalp
        "#]]
        .assert_eq(&check("latest-milestone: v1.36\n"));
    }
}
