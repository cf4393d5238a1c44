//! Fixture tests of completion, hover, outline and selection ranges. A fixture is a workspace
//! written as one string (`//- /path` starts a file); `$0` marks the cursor in one of its files.

use std::path::PathBuf;

use expect_test::{expect, Expect};

use crate::ide::features::{self, CompletionItem};
use crate::ide::fixtures;
use crate::ide::groups::{Group, GroupKind, Groups};
use crate::ide::text::TextRange;
use crate::ide::world::World;

/// The group list of the fixtures' worlds.
fn groups() -> Groups {
    let group = |dir: &str, name: &str, kind| Group { dir: dir.into(), name: name.into(), kind };
    Groups {
        groups: vec![
            group("sig-node", "Node", GroupKind::Sig),
            group("sig-network", "Network", GroupKind::Sig),
            group("wg-batch", "Batch", GroupKind::WorkingGroup),
        ],
        source: "test".into(),
    }
}

/// Other KEPs of the workspace: people, releases and components come from them.
const WORKSPACE: &str = "
//- /ws/OWNERS_ALIASES
aliases:
  prod-readiness-approvers:
    - wojtek-t
    - jpbetz
  prod-readiness-approvers-emeritus:
    - ehashman
//- /ws/keps/sig-node/10-a/kep.yaml
title: A
owning-sig: sig-node
authors: [\"@ann\"]
approvers: [\"@dawn\"]
latest-milestone: \"v1.33\"
feature-gates:
  - name: A
    components: [kubelet, kube-apiserver]
//- /ws/keps/sig-apps/11-b/kep.yaml
title: B
owning-sig: sig-apps
authors: [\"@bob\", \"@ann\"]
approvers: [\"@bob\"]
latest-milestone: v1.34
feature-gates:
  - name: B
    components: [kubelet]
";

struct Fixture {
    world: World,
    path: PathBuf,
    offset: usize,
    text: String,
}

/// The workspace above plus `file` (a kep.yaml in `keps/sig-node/1234-new` unless it starts with
/// a `//- ` header), with the cursor at `$0`.
fn fixture(file: &str) -> Fixture {
    fixture_in(WORKSPACE, file)
}

/// `file` in another workspace.
fn fixture_in(workspace: &str, file: &str) -> Fixture {
    let file = file.strip_prefix('\n').unwrap_or(file);
    let file = if file.starts_with("//- ") {
        file.to_string()
    } else {
        format!("//- /ws/keps/sig-node/1234-new/kep.yaml\n{file}")
    };
    let (path, body) = fixtures::files(&file).remove(0);
    let (text, offset) = fixtures::cursor(&body);
    let offset = offset.expect("a $0 marker");
    let (mut world, _) = fixtures::world(workspace);
    world.set_groups(groups());
    world.set_file(path.clone(), text.as_str());
    Fixture { world, path, offset, text }
}

fn complete(file: &str) -> (Fixture, Vec<CompletionItem>) {
    let f = fixture(file);
    let items = super::completion(&f.world, &f.path, f.offset).items;
    (f, items)
}

/// One line per item: label, what it inserts, over what text, and its detail.
fn render(f: &Fixture, items: &[CompletionItem]) -> String {
    let mut out = String::new();
    for item in items {
        let replaced = &f.text[item.edit_range.start..item.edit_range.end];
        out.push_str(&format!(
            "{} {:?} -> {:?}{}{}\n",
            item.label,
            replaced,
            item.insert_text,
            item.detail.as_deref().map(|d| format!(" ({d})")).unwrap_or_default(),
            if item.snippet { " [snippet]" } else { "" },
        ));
    }
    out
}

fn check(file: &str, expect: Expect) {
    let (f, items) = complete(file);
    expect.assert_eq(&render(&f, &items));
}

fn labels(file: &str) -> Vec<String> {
    complete(file).1.into_iter().map(|i| i.label).collect()
}

// ------------------------------------------------------------------------------------------ completion

#[test]
fn keys_not_yet_present_in_template_order() {
    check(
        "title: X\nkep-number: 1234\nauthors: []\nowning-sig: sig-node\nparticipating-sigs: []\nstatus: provisional\ncreation-date: 2025-01-01\nlast-updated: 2025-01-02\nreviewers: []\napprovers: []\neditor: x\nsee-also: []\nreplaces: []\nsuperseded-by: []\n$0",
        expect![[r#"
            stage "" -> "stage: " (a string)
            latest-milestone "" -> "latest-milestone: " (a string)
            milestone "" -> "milestone:\n  " (a map of stage to release)
            milestone (alpha, beta, stable) "" -> "milestone:\n  alpha: \"${1:v1.34}\"\n  beta: \"${2:v1.35}\"\n  stable: \"${3:v1.36}\"" (milestone map) [snippet]
            feature-gates "" -> "feature-gates:\n  - name: " (a list of feature gates)
            feature-gates (name, components) "" -> "feature-gates:\n  - name: ${1:FeatureGateName}\n    components:\n      - ${2:kubelet}" (a feature gate and its components) [snippet]
            disable-supported "" -> "disable-supported: " (true or false)
            metrics "" -> "metrics:\n  - " (a list of strings)
        "#]],
    );
}

#[test]
fn a_partial_key_is_replaced_and_documented() {
    let (f, items) = complete("title: X\nsta$0\n");
    let status = items.iter().find(|i| i.label == "status").unwrap();
    assert_eq!(&f.text[status.edit_range.start..status.edit_range.end], "sta");
    assert_eq!(status.insert_text, "status: ");
    assert_eq!(status.detail.as_deref(), Some("a string, required"));
    let doc = status.documentation.as_deref().unwrap();
    assert!(doc.contains("Allowed values: `provisional`, `implementable`"), "{doc}");
    assert!(doc.contains("```yaml\nstatus: implementable\n```"), "{doc}");
    assert!(!items.iter().any(|i| i.label == "title"), "present keys are not offered again");
    assert!(!items.iter().any(|i| i.label == "prnumber"), "undocumented keys are not offered");
}

#[test]
fn a_key_before_its_colon_inserts_only_the_name() {
    let (f, items) = complete("stat$0: x\n");
    let status = items.iter().find(|i| i.label == "status").unwrap();
    assert_eq!(&f.text[status.edit_range.start..status.edit_range.end], "stat");
    assert_eq!(status.insert_text, "status");
    assert!(items.iter().all(|i| !i.snippet));
}

#[test]
fn status_values_with_their_meaning() {
    check(
        "status: imp$0\n",
        expect![[r#"
            provisional "imp" -> "provisional" (Being discussed)
            implementable "imp" -> "implementable" (Approved for implementation)
            implemented "imp" -> "implemented" (Done)
            deferred "imp" -> "deferred" (Accepted in principle but not being worked on now)
            rejected "imp" -> "rejected" (Declined by the owning SIG)
            withdrawn "imp" -> "withdrawn" (Withdrawn by its authors)
            replaced "imp" -> "replaced" (Superseded by another KEP, named in `superseded-by`)
        "#]],
    );
}

#[test]
fn a_quoted_value_is_replaced_with_its_quotes_and_filtered_with_them() {
    let (f, items) = complete("stage: \"be$0\"  # soon\n");
    let beta = items.iter().find(|i| i.label == "beta").unwrap();
    assert_eq!(&f.text[beta.edit_range.start..beta.edit_range.end], "\"be\"");
    assert_eq!(beta.insert_text, "\"beta\"");
    assert_eq!(beta.filter_text.as_deref(), Some("\"beta"));
    let (f, items) = complete("stage: 'be$0\n");
    assert_eq!(&f.text[items[0].edit_range.start..items[0].edit_range.end], "'be");
    assert_eq!(items[0].insert_text, "'alpha'");
    assert!(items[0].documentation.as_deref().unwrap().contains("feature gate that is off by default"));
}

#[test]
fn a_value_right_after_the_colon_gets_a_blank() {
    let (_, items) = complete("stage:$0");
    assert_eq!(items[0].insert_text, " alpha");
}

#[test]
fn groups_for_owning_sig_and_participating_sigs() {
    check(
        "owning-sig: $0\n",
        expect![[r#"
            sig-network "" -> "sig-network" (Network (SIG))
            sig-node "" -> "sig-node" (Node (SIG))
            wg-batch "" -> "wg-batch" (Batch (working group))
        "#]],
    );
    check(
        "participating-sigs:\n  - sig-node\n  - sig-$0\nstatus: x\n",
        expect![[r#"
            sig-network "sig-" -> "sig-network" (Network (SIG))
            wg-batch "sig-" -> "wg-batch" (Batch (working group))
            kubernetes-wide "sig-" -> "kubernetes-wide" (the whole project)
        "#]],
    );
}

#[test]
fn releases_around_the_newest_latest_milestone() {
    check(
        "latest-milestone: $0\n",
        expect![[r#"
            v1.32 "" -> "\"v1.32\"" (an earlier release)
            v1.33 "" -> "\"v1.33\"" (an earlier release)
            v1.34 "" -> "\"v1.34\"" (the newest latest-milestone of the workspace)
            v1.35 "" -> "\"v1.35\"" (a coming release)
            v1.36 "" -> "\"v1.36\"" (a coming release)
        "#]],
    );
    let (f, items) = complete("milestone:\n  alpha: \"v1.3$0\"\n");
    assert_eq!(items.len(), 5);
    assert_eq!(&f.text[items[0].edit_range.start..items[0].edit_range.end], "\"v1.3\"");
    assert_eq!(items[0].filter_text.as_deref(), Some("\"v1.32"));
}

#[test]
fn milestone_keys_inside_the_map() {
    check(
        "milestone:\n  alpha: \"v1.30\"\n  $0\nstatus: x\n",
        expect![[r#"
            beta "" -> "beta: " (a string)
            stable "" -> "stable: " (a string)
            deprecated "" -> "deprecated: " (a string)
            removed "" -> "removed: " (a string)
            disabled "" -> "disabled: " (a string)
        "#]],
    );
}

#[test]
fn inside_a_feature_gates_item() {
    check(
        "feature-gates:\n  - name: MyGate\n    $0\n",
        expect![[r#"
            components "" -> "components:\n      - " (a list of strings)
        "#]],
    );
    check(
        "feature-gates:\n  - $0\n",
        expect![[r#"
            name "" -> "name: " (a string)
            components "" -> "components:\n      - " (a list of strings)
            feature gate (name, components) "" -> "name: ${1:FeatureGateName}\n    components:\n      - ${2:kubelet}" (a feature-gates item) [snippet]
        "#]],
    );
    check(
        "feature-gates:\n  - name: A\n    components:\n      - kube$0\n",
        expect![[r#"
            kubelet "kube" -> "kubelet" (in 2 feature gates)
            kube-apiserver "kube" -> "kube-apiserver" (in 1 feature gates)
        "#]],
    );
}

#[test]
fn a_new_item_on_an_empty_line_below_a_list_brings_its_dash() {
    let (_, items) = complete("feature-gates:\n  - name: A\n  $0\n");
    assert_eq!(items[0].insert_text, "- name: ");
    let (_, items) = complete("authors:\n  - \"@x\"\n  $0\n");
    assert_eq!(items[0].insert_text, "- \"@ann\"");
}

#[test]
fn people_most_used_first_quoted_with_tbd_for_reviewers() {
    check(
        "owning-sig: sig-node\nreviewers:\n  - \"@bob\"\n  - $0\n",
        expect![[r#"
            @ann "" -> "\"@ann\"" (1 in sig-node KEPs, 2 in all)
            @dawn "" -> "\"@dawn\"" (1 in sig-node KEPs, 1 in all)
            TBD "" -> "TBD" (not known yet)
        "#]],
    );
    let (f, items) = complete("authors:\n  - \"@b$0\n");
    assert_eq!(&f.text[items[0].edit_range.start..items[0].edit_range.end], "\"@b");
    assert_eq!(
        items.iter().map(|i| i.insert_text.as_str()).collect::<Vec<_>>(),
        ["\"@bob\""],
        "what was typed filters"
    );
    assert!(!items.iter().any(|i| i.label == "TBD"), "TBD is for reviewers and approvers");
}

#[test]
fn long_people_lists_are_cut_then_filtered_by_what_is_typed() {
    let handles: Vec<String> = (0..150).map(|i| format!("\"@user{i:03}\"")).collect();
    let workspace = format!("{WORKSPACE}//- /ws/keps/sig-x/9-many/kep.yaml\nauthors: [{}]\n", handles.join(", "));
    let f = fixture_in(&workspace, "authors:\n  - $0\n");
    let list = super::completion(&f.world, &f.path, f.offset);
    assert!(list.incomplete, "the client must ask again as the user types");
    assert_eq!(list.items.len(), 100);
    assert_eq!(list.items[0].label, "@ann", "used twice: first");
    let f = fixture_in(&workspace, "authors:\n  - \"@User14$0\n");
    let list = super::completion(&f.world, &f.path, f.offset);
    assert!(!list.incomplete);
    let labels: Vec<&str> = list.items.iter().map(|i| i.label.as_str()).collect();
    // The letters in order, as editors' fuzzy filters match: `user14x`, and `user014`, `user1x4`.
    assert_eq!(labels.len(), 15, "{labels:?}");
    assert!(labels.contains(&"@user149") && labels.contains(&"@user014") && labels.contains(&"@user124"));
    assert_eq!(features::completion_list(&f.world, &f.path, f.offset).items.len(), 15);
}

#[test]
fn booleans_for_disable_supported() {
    assert_eq!(labels("disable-supported: $0"), ["true", "false"]);
}

#[test]
fn an_empty_file_offers_the_whole_skeleton_first() {
    let (_, items) = complete("$0");
    let skeleton = &items[0];
    assert!(skeleton.snippet);
    assert_eq!(skeleton.label, "kep.yaml skeleton");
    for required in
        ["title: ", "kep-number: ${2:1234}", "authors:", "owning-sig: ${4:sig-node}", "approvers:", "status: "]
    {
        assert!(skeleton.insert_text.contains(required), "{required} in {}", skeleton.insert_text);
    }
    assert!(skeleton.insert_text.contains("latest-milestone: \"${8:v1.34}\""));
    assert!(skeleton.documentation.as_deref().unwrap().contains("status: provisional\n"));
    assert_eq!(items.len(), 1 + 20 + 2, "the skeleton, every documented key, two snippets");
    assert!(labels("title: x\n$0").iter().all(|l| l != "kep.yaml skeleton"));
}

#[test]
fn prr_files_complete_keys_and_approvers() {
    check(
        "//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nbeta:\n  approver: $0\n",
        expect![[r#"
            @wojtek-t "" -> "\"@wojtek-t\"" (PRR approver)
            @jpbetz "" -> "\"@jpbetz\"" (PRR approver)
            @ehashman "" -> "\"@ehashman\"" (PRR approver (emeritus))
        "#]],
    );
    check(
        "//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: 1234\nalpha:\n  approver: \"@x\"\n$0\n",
        expect![[r#"
            beta "" -> "beta:\n  approver: " (a map with an approver)
            stable "" -> "stable:\n  approver: " (a map with an approver)
            deprecated "" -> "deprecated:\n  approver: " (a map with an approver)
            removed "" -> "removed:\n  approver: " (a map with an approver)
            disabled "" -> "disabled:\n  approver: " (a map with an approver)
        "#]],
    );
    assert_eq!(labels("//- /ws/keps/prod-readiness/sig-node/1234.yaml\nkep-number: $0"), ["1234"]);
}

#[test]
fn kep_references_are_left_to_the_graph() {
    assert!(labels("see-also:\n  - /keps/$0\n").is_empty());
    let f = fixture("see-also:\n  - /keps/$0\n");
    let all = features::completion(&f.world, &f.path, f.offset);
    assert!(all.iter().all(|i| i.label.starts_with("/keps/")), "only the graph's items");
    assert_eq!(all.len(), 2);
}

#[test]
fn no_completion_in_comments_readmes_or_unknown_places() {
    assert!(labels("# a comment $0\n").is_empty());
    assert!(labels("title: x # note $0\n").is_empty());
    assert!(labels("title: $0\n").is_empty());
    assert!(labels("//- /ws/keps/sig-node/1234-new/README.md\n# Title $0\n").is_empty());
    assert!(labels("unknown:\n  $0\n").is_empty());
}

// ------------------------------------------------------------------------------------------------ hover

fn hover(file: &str) -> Option<(String, String)> {
    let f = fixture(file);
    let hover = super::hover(&f.world, &f.path, f.offset)?;
    Some((f.text[hover.range.start..hover.range.end].to_string(), hover.contents))
}

#[test]
fn hover_on_keys_shows_meaning_requirement_values_and_an_example() {
    let (range, doc) = hover("stat$0us: provisional\n").unwrap();
    assert_eq!(range, "status");
    expect![[r#"
        **`status`** · required · a string

        Where the KEP is in its lifecycle: `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn` or `replaced`.

        Allowed values: `provisional`, `implementable`, `implemented`, `deferred`, `rejected`, `withdrawn`, `replaced`.

        Example:
        ```yaml
        status: implementable
        ```"#]]
    .assert_eq(&doc);
    let (range, doc) = hover("milestone:\n  be$0ta: v1.2\n").unwrap();
    assert_eq!(range, "beta");
    assert!(doc.starts_with("**`beta`** · optional · a string\n\nThe release in which the feature reached"), "{doc}");
    let (_, doc) = hover("feature-gates:\n  - na$0me: A\n").unwrap();
    assert!(doc.contains("as passed to `--feature-gates`"), "{doc}");
    let (_, doc) = hover("disable-supp$0orted: true\n").unwrap();
    assert!(doc.contains("Allowed values: `true`, `false`."), "{doc}");
    let (_, doc) = hover("mile$0stone:\n  alpha: v1\n").unwrap();
    assert!(doc.contains("Keys: `alpha`, `beta`"), "{doc}");
    let (_, doc) = hover("//- /ws/keps/prod-readiness/sig-node/1.yaml\nbeta:\n  appro$0ver: x\n").unwrap();
    assert!(doc.starts_with("**`approver`** · required"), "{doc}");
    let (_, doc) = hover("prnum$0ber: 3\n").unwrap();
    assert!(doc.contains("not in the KEP template"), "{doc}");
}

#[test]
fn hover_on_status_stage_and_group_values() {
    let (range, doc) = hover("status: \"implem$0entable\"\n").unwrap();
    assert_eq!(range, "implementable");
    assert_eq!(doc, "**`status: implementable`**\n\nApproved for implementation: design and PRR are agreed, work can merge in `latest-milestone`.");
    let (_, doc) = hover("stage: be$0ta\n").unwrap();
    assert!(doc.starts_with("**`stage: beta`**"));
    let (range, doc) = hover("owning-sig: sig-no$0de\n").unwrap();
    assert_eq!(range, "sig-node");
    assert_eq!(doc, "**Node** (SIG)\n\n`sig-node` in kubernetes/community's sigs.yaml.");
    let (_, doc) = hover("participating-sigs:\n  - wg-ba$0tch\n  - kubernetes-wide\n").unwrap();
    assert!(doc.starts_with("**Batch** (working group)"));
    let (_, doc) = hover("participating-sigs:\n  - kubernetes-w$0ide\n").unwrap();
    assert!(doc.contains("whole project"));
    assert!(hover("status: bogus$0\n").is_none());
    assert!(hover("owning-sig: sig-gone$0\n").is_none(), "unknown groups have no hover");
    assert!(hover("title: Some ti$0tle\n").is_none());
}

#[test]
fn hover_appends_the_doc_of_a_diagnostic_under_the_cursor() {
    let f = fixture("title: A\ntit$0le: B\n");
    let hover = features::hover(&f.world, &f.path, f.offset).unwrap();
    assert!(hover.contents.starts_with("**`title`** · required"), "{}", hover.contents);
    assert!(
        hover.contents.contains("\n\n---\n\n`duplicate-key` (error, rejected by upstream CI)"),
        "{}",
        hover.contents
    );
    // No provider has anything to say about an unknown key; the rule's doc alone answers.
    let f = fixture("see_al$0so: []\n");
    let hover = features::hover(&f.world, &f.path, f.offset).unwrap();
    assert!(hover.contents.starts_with("`unknown-key` (error"), "{}", hover.contents);
    assert_eq!(&f.text[hover.range.start..hover.range.end], "see_also");
}

// ------------------------------------------------------------------------------------- outline, selection

#[test]
fn the_outline_lists_keys_with_values_and_children() {
    let f = fixture(
        "title: Pod Readiness Hints $0\nauthors:\n  - \"@a\"\n  - \"@b\"\nmilestone:\n  alpha: \"v1.32\"\nfeature-gates:\n  - name: Hints\n    components: [kubelet]\nowning-sig:\n",
    );
    let symbols = super::document_symbols(&f.world, &f.path);
    fn render(out: &mut String, symbols: &[crate::ide::features::Symbol], depth: usize) {
        for s in symbols {
            out.push_str(&format!("{}{} {:?} {:?}\n", "  ".repeat(depth), s.name, s.kind, s.detail));
            render(out, &s.children, depth + 1);
        }
    }
    let mut out = String::new();
    render(&mut out, &symbols, 0);
    expect![[r#"
        title Key Some("Pod Readiness Hints")
        authors List Some("2 items")
          @a Value None
          @b Value None
        milestone Key None
          alpha Key Some("v1.32")
        feature-gates List Some("1 item")
          Hints Key None
            name Key Some("Hints")
            components List Some("1 item")
              kubelet Value None
        owning-sig Key None
    "#]]
    .assert_eq(&out);
    assert_eq!(&f.text[symbols[0].range.start..symbols[0].range.end], "title: Pod Readiness Hints");
    assert_eq!(&f.text[symbols[0].selection.start..symbols[0].selection.end], "title");
}

#[test]
fn selection_grows_from_the_value_to_the_file() {
    let f = fixture("title: x\nmilestone:\n  alpha: \"v1.$032\"\n");
    let ranges = super::selection_ranges(&f.world, &f.path, &[f.offset, 0]);
    let texts: Vec<&str> = ranges[0].iter().map(|r: &TextRange| &f.text[r.start..r.end]).collect();
    assert_eq!(
        texts,
        [
            "v1.32",
            "\"v1.32\"",
            "alpha: \"v1.32\"",
            "milestone:\n  alpha: \"v1.32\"",
            "title: x\nmilestone:\n  alpha: \"v1.32\"",
            "title: x\nmilestone:\n  alpha: \"v1.32\"\n",
        ]
    );
    assert_eq!(&f.text[ranges[1][0].start..ranges[1][0].end], "title");
}

#[test]
fn nothing_panics_on_any_offset_of_odd_files() {
    let odd = ["", "-", "a: [", "title: \"é🎉\"\n  - x\n- y:\n", "milestone:\n  alpha:\n  - b\n", "\r\nk: v\r- \r"];
    for text in odd {
        let mut world = World::default();
        world.set_groups(groups());
        let path = PathBuf::from("/ws/keps/sig-a/1-x/kep.yaml");
        world.set_file(path.clone(), text);
        for offset in 0..=text.len() + 1 {
            let _ = super::completion(&world, &path, offset);
            let _ = features::completion_list(&world, &path, offset);
            let _ = super::hover(&world, &path, offset);
            let _ = super::selection_ranges(&world, &path, &[offset]);
        }
        let _ = super::document_symbols(&world, &path);
    }
}
