//! Fixture tests of the README features, through the dispatchers in `ide::features` (so that the switches
//! are exercised too). `$0` marks the cursor in the first file.

use std::path::PathBuf;

use expect_test::{expect, Expect};

use crate::ide::features::{self, Symbol};
use crate::ide::fixes;
use crate::ide::fixtures;
use crate::ide::markdown;
use crate::ide::text::TextRange;
use crate::ide::world::World;

const PATH: &str = "/ws/keps/sig-a/1-x/README.md";

/// A world holding `text` (with `$0` removed) as a README, and the cursor offset.
fn at(text: &str) -> (World, PathBuf, usize) {
    let (text, offset) = fixtures::cursor(text);
    let offset = offset.unwrap_or(0);
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    let fixture = format!("//- {PATH}\n{text}{newline}//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\n");
    let (world, paths) = fixtures::world(&fixture);
    (world, paths[0].clone(), offset)
}

fn slice(world: &World, path: &std::path::Path, range: TextRange) -> String {
    world.file(path).map(|f| f.text[range.start..range.end].to_string()).unwrap_or_default()
}

fn apply(world: &World, path: &std::path::Path, edits: &[crate::ide::diagnostic::FileEdit]) -> String {
    assert!(edits.iter().all(|e| e.path == path), "{edits:?}");
    fixes::apply(&world.file(path).unwrap().text, edits)
}

const DOC: &str = "# KEP-1: X\n\n<!-- toc -->\n- [Über uns](#ber-uns)\n- [Goals](#goals)\n  - [Detail](#detail)\n- [Goals](#goals-1)\n<!-- /toc -->\n\n## Über uns\n\nSee [goals](#goals), [again](#goals-1) and [us](#über-uns).\n\n## Goals\n\n### Detail\n\n## Goals\n\n`[not a link](#goals)`\n";

#[test]
fn definition_leads_from_either_spelling_to_the_heading() {
    for cursor in ["[us](#über-$0uns)", "[go$0als](#goals)", "- [Über uns](#ber-$0uns)"] {
        let text = DOC.replacen(&cursor.replace("$0", ""), cursor, 1);
        let (world, path, offset) = at(&text);
        let targets = features::definition(&world, &path, offset);
        assert_eq!(targets.len(), 1, "{cursor}");
        let focus = slice(&world, &path, targets[0].focus);
        let expected = if cursor.contains("go") { "## Goals" } else { "## Über uns" };
        assert_eq!(focus, expected, "{cursor}");
        assert!(slice(&world, &path, targets[0].range).starts_with(expected));
    }
    let (world, path, offset) = at(&DOC.replace("`[not a link](#goals)`", "`[not a link](#go$0als)`"));
    assert!(features::definition(&world, &path, offset).is_empty(), "a link in a code span is no link");
}

#[test]
fn references_of_a_heading_include_the_toc_entry() {
    let (world, path, offset) =
        at(&DOC.replacen("## Go$0als", "## Goals", 0).replacen("\n## Goals\n\n###", "\n## Go$0als\n\n###", 1));
    let found: Vec<String> =
        features::references(&world, &path, offset, true).iter().map(|l| slice(&world, &path, l.range)).collect();
    assert_eq!(found, ["## Goals", "[Goals](#goals)", "[goals](#goals)"]);
    let second = DOC.replacen("\n## Goals\n\n`", "\n## Go$0als\n\n`", 1);
    let (world, path, offset) = at(&second);
    let found: Vec<String> =
        features::references(&world, &path, offset, false).iter().map(|l| slice(&world, &path, l.range)).collect();
    assert_eq!(found, ["[Goals](#goals-1)", "[again](#goals-1)"]);
}

#[test]
fn completion_offers_anchors_after_the_hash() {
    let (world, path, offset) = at("## Über uns\n\n## Goals\n\nSee [x](#go$0al) and more.\n");
    // Every anchor, before the dispatcher narrows the list to what is typed.
    let items = markdown::features::completion(&world, &path, offset);
    let labels: Vec<(&str, &str)> =
        items.iter().map(|i| (i.label.as_str(), i.detail.as_deref().unwrap_or(""))).collect();
    assert_eq!(
        labels,
        [("ber-uns", "## Über uns"), ("über-uns", "## Über uns (GitHub's spelling)"), ("goals", "## Goals")]
    );
    assert_eq!(slice(&world, &path, items[0].edit_range), "goal", "the whole fragment is replaced");
    // Through the feature entry point the list is narrowed to what is typed (`#go`).
    let narrowed = crate::ide::features::completion_list(&world, &path, offset);
    let labels: Vec<&str> = narrowed.items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["goals"]);
    assert!(narrowed.incomplete, "the client asks again as the typing goes on");
    let (world, path, offset) = at("## Goals\n\nSee [x](goals$0) `[y](#$0`\n");
    assert!(features::completion(&world, &path, offset).is_empty());
}

#[test]
fn rename_updates_links_numbers_and_the_toc() {
    // Renaming the first `Goals` to `Scope` makes the second one `#goals`: its links follow.
    let (world, path, offset) = at(&DOC.replacen("\n## Goals\n\n###", "\n## Go$0als\n\n###", 1));
    assert_eq!(features::prepare_rename(&world, &path, offset).map(|r| slice(&world, &path, r)), Ok("Goals".into()));
    let edits = features::rename(&world, &path, offset, "Scope").unwrap();
    expect![[r##"
        # KEP-1: X

        <!-- toc -->
        - [Über uns](#ber-uns)
        - [Scope](#scope)
          - [Detail](#detail)
        - [Goals](#goals)
        <!-- /toc -->

        ## Über uns

        See [goals](#scope), [again](#goals) and [us](#über-uns).

        ## Scope

        ### Detail

        ## Goals

        `[not a link](#goals)`
    "##]]
    .assert_eq(&apply(&world, &path, &edits));
}

#[test]
fn rename_of_a_non_ascii_heading_writes_mdtoc_anchors() {
    let (world, path, offset) = at("<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n## A$0\n\n[x](#a)\n");
    let edits = features::rename(&world, &path, offset, "Größe").unwrap();
    assert_eq!(apply(&world, &path, &edits), "<!-- toc -->\n- [Größe](#gre)\n<!-- /toc -->\n## Größe\n\n[x](#gre)\n");
    assert!(features::rename(&world, &path, offset, " ").is_err());
    assert!(features::rename(&world, &path, offset, "a\nb").is_err());
}

#[test]
fn prepare_rename_explains_where_to_rename_from() {
    let (world, path, offset) = at("## Goals\n\n[x](#go$0als) text\n");
    let error = features::prepare_rename(&world, &path, offset).unwrap_err();
    expect!["rename the heading `## Goals` (line 1): its links and the table of contents follow"].assert_eq(&error);
    let (world, path, offset) = at("## Goals\n\nte$0xt\n");
    assert!(features::prepare_rename(&world, &path, offset).is_err());
}

fn render_symbols(symbols: &[Symbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!("{}{:?} {} ({}..{})\n", "  ".repeat(depth), s.kind, s.name, s.range.start, s.range.end));
        render_symbols(&s.children, depth + 1, out);
    }
}

fn check_symbols(text: &str, expect: Expect) {
    let (world, path, _) = at(text);
    let mut out = String::new();
    render_symbols(&features::document_symbols(&world, &path), 0, &mut out);
    expect.assert_eq(&out);
}

#[test]
fn symbols_are_the_heading_tree_with_unresolved_blocks() {
    check_symbols(
        "# T\n\n## A\n\n<<[UNRESOLVED which? ]>>\nx\n<<[/UNRESOLVED]>>\n\n### A1\n\n## B\n\nSetext\n------\n",
        expect![[r#"
            Heading T (0..84)
              Heading A (5..63)
                Unresolved UNRESOLVED: which? (11..55)
                Heading A1 (57..63)
              Heading B (65..69)
              Heading Setext (71..84)
        "#]],
    );
}

#[test]
fn folding_covers_sections_comments_code_and_the_toc() {
    let (world, path, _) =
        at("# T\n<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n\n## A\n\n<!--\nnote\n-->\n\n```\ncode\n```\n");
    let folds: Vec<(String, String)> = features::folding_ranges(&world, &path)
        .iter()
        .map(|f| (format!("{:?}", f.kind), slice(&world, &path, f.range).lines().next().unwrap_or("").to_string()))
        .collect();
    let folds: Vec<(&str, &str)> = folds.iter().map(|(k, l)| (k.as_str(), l.as_str())).collect();
    assert_eq!(
        folds,
        [("Region", "# T"), ("Region", "<!-- toc -->"), ("Region", "## A"), ("Comment", "<!--"), ("Region", "```")]
    );
}

const CHECKLIST: &str = "# T\n\n## Release Signoff Checklist\n\n- [x] (R) Enhancement issue\n- [ ] (R) KEP approvers\n- [X] (R) Design details\n\n## Summary\n\n- [ ] not in the checklist\n";

#[test]
fn the_checklist_lens_and_hover_count_its_items() {
    let (world, path, _) = at(CHECKLIST);
    let lenses = features::code_lenses(&world, &path);
    assert_eq!(lenses.len(), 1);
    assert_eq!(lenses[0].title, "2 of 3 done");
    assert_eq!(slice(&world, &path, lenses[0].range), "## Release Signoff Checklist");
    let (world, path, offset) = at(&CHECKLIST.replace("## Release", "## Rel$0ease"));
    let hover = features::hover(&world, &path, offset).unwrap();
    assert_eq!(hover.contents, "**Release Signoff Checklist**: 2 of 3 done\n\nStill open:\n- (R) KEP approvers\n");
}

#[test]
fn anchor_hover_shows_the_target() {
    let (world, path, offset) = at("## Goals\n\n[x](#go$0als) [y](#nowhere)\n");
    assert_eq!(features::hover(&world, &path, offset).unwrap().contents, "`## Goals` (line 1)");
    let (world, path, offset) = at("## Goals\n\n[x](#goals) [y](#now$0here)\n");
    let contents = features::hover(&world, &path, offset).unwrap().contents;
    assert!(contents.starts_with("No heading has the anchor `#nowhere`.\n\n---"), "{contents}");
    assert!(contents.contains("`broken-anchor` (warning)"), "the rule's doc follows: {contents}");
}

#[test]
fn the_source_action_inserts_the_toc_after_the_h1() {
    let (world, path, _) = at("# KEP-1: X\n\n## Summary\n\n### Goals\n");
    let actions = features::source_actions(&world, &path);
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0].kind, "source.updateToc.kep");
    assert_eq!(
        apply(&world, &path, &actions[0].edits),
        "# KEP-1: X\n\n<!-- toc -->\n- [Summary](#summary)\n  - [Goals](#goals)\n<!-- /toc -->\n\n## Summary\n\n### Goals\n"
    );
    let fixed = apply(&world, &path, &actions[0].edits);
    let (world, path, _) = at(&fixed);
    assert!(features::source_actions(&world, &path).is_empty(), "nothing to do once up to date");
}

#[test]
fn switches_turn_the_generic_markdown_features_off() {
    let (mut world, path, offset) = at(&DOC.replacen("[go", "[go$0", 1));
    world.settings.features.markdown_symbols = false;
    world.settings.features.markdown_folding = false;
    world.settings.features.markdown_anchor_links = false;
    world.settings.features.code_lens = false;
    assert!(features::document_symbols(&world, &path).is_empty());
    assert!(features::folding_ranges(&world, &path).is_empty());
    assert!(features::definition(&world, &path, offset).is_empty());
    assert!(features::references(&world, &path, offset, true).is_empty());
    assert!(features::hover(&world, &path, offset).is_none());
    assert!(features::prepare_rename(&world, &path, offset).is_err());
    let (mut world, path, _) = at(CHECKLIST);
    world.settings.features.code_lens = false;
    assert!(features::code_lenses(&world, &path).is_empty());
}

#[test]
fn other_files_get_nothing() {
    let (world, paths) =
        fixtures::world("//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\n//- /ws/other/README.md\n## A\n[a](#a)\n");
    for path in &paths {
        assert!(markdown::features::document_symbols(&world, path).is_empty());
        assert!(markdown::features::definition(&world, path, 12).is_empty());
    }
}

/// What random Markdown soup is made of.
const PIECES: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "###### ",
    "KEP-12: ",
    "Title",
    "Über",
    "→",
    "🎉",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "[x](#",
    "goals",
    "title",
    ")",
    "](",
    "`",
    "```\n",
    "~~~",
    "    ",
    "<!--",
    "-->",
    "<!-- toc -->",
    "<!-- /toc -->",
    "- [ ] ",
    "- [x] ",
    "<<[UNRESOLVED",
    " q ]>>",
    "<<[/UNRESOLVED]>>",
    "<a name=\"",
    "\">",
    "---\n",
    "===\n",
    "> ",
    "%C3%BC",
    "Release Signoff Checklist",
    "Summary",
    "\\",
    "*",
    "_",
];

proptest::proptest! {
    #![proptest_config(crate::ide::arbitrary_input::config())]

    /// Random Markdown soup: every feature and every rule at many offsets, without a panic, with ranges on
    /// char boundaries inside the text, and rename edits that apply.
    #[test]
    fn arbitrary_text_never_panics(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)) {
        let text: String = pieces.concat();
        let (world, path, _) = at(&text.replace("$0", ""));
        let file_text = world.file(&path).unwrap().text.clone();
        let in_text = |range: TextRange| {
            range.start <= range.end
                && range.end <= file_text.len()
                && file_text.is_char_boundary(range.start)
                && file_text.is_char_boundary(range.end)
        };
        for d in crate::ide::features::diagnostics(&world, &path) {
            assert!(in_text(d.range), "{text:?}: {d:?}");
            for fix in &d.fixes {
                for edit in fix.edits.iter().filter(|e| e.path == path) {
                    assert!(in_text(edit.range), "{text:?}: {fix:?}");
                }
            }
        }
        fn walk(symbols: &[Symbol], check: &dyn Fn(TextRange) -> bool) {
            for s in symbols {
                assert!(check(s.range) && check(s.selection) && s.range.contains_range(s.selection), "{s:?}");
                walk(&s.children, check);
            }
        }
        walk(&features::document_symbols(&world, &path), &in_text);
        assert!(features::folding_ranges(&world, &path).iter().all(|f| in_text(f.range)));
        assert!(features::code_lenses(&world, &path).iter().all(|l| in_text(l.range)));
        for action in features::source_actions(&world, &path) {
            assert!(action.edits.iter().all(|e| in_text(e.range)));
        }
        for offset in (0..=file_text.len()).filter(|&o| file_text.is_char_boundary(o)).step_by(3) {
            // Definitions and references may lead into other files (the KEP graph): check each against its file.
            let in_file = |p: &std::path::Path, r: TextRange| {
                world.file(p).is_some_and(|f| {
                    r.end <= f.text.len() && f.text.is_char_boundary(r.start) && f.text.is_char_boundary(r.end)
                })
            };
            assert!(features::definition(&world, &path, offset)
                .iter()
                .all(|t| in_file(&t.path, t.range) && in_file(&t.path, t.focus)));
            assert!(features::references(&world, &path, offset, true).iter().all(|l| in_file(&l.path, l.range)));
            assert!(features::completion(&world, &path, offset).iter().all(|i| in_text(i.edit_range)));
            if let Some(hover) = features::hover(&world, &path, offset) {
                assert!(in_text(hover.range));
            }
            if let Ok(range) = features::prepare_rename(&world, &path, offset) {
                assert!(in_text(range));
                if let Ok(edits) = features::rename(&world, &path, offset, "Renamed Ü") {
                    assert!(edits.iter().all(|e| in_text(e.range)), "{text:?}");
                    let renamed = apply(&world, &path, &edits);
                    assert!(renamed.contains("Renamed Ü"), "{text:?} -> {renamed:?}");
                }
            }
        }
    }
}
