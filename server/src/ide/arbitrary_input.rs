//! Property tests on arbitrary input: every entry point of the core (the YAML tree, rules, the TOC,
//! links, references, and every editor feature at every offset) must not panic, must end, and
//! must give ranges inside the text on character boundaries. Inputs are random Unicode and text
//! built from KEP-shaped fragments (which reach much deeper than noise).

use std::path::PathBuf;

use proptest::prelude::*;

use super::features;
use super::markdown::toc;
use super::refs;
use super::text::TextRange;
use super::world::World;
use super::yaml::{self, Node};

const FRAGMENTS: &[&str] = &[
    "title: ",
    "kep-number: ",
    "status: implementable",
    "stage: beta",
    "latest-milestone: \"v1.30\"",
    "owning-sig: sig-node",
    "authors:",
    "see-also:",
    "replaces:",
    "superseded-by:",
    "milestone:",
    "  alpha: v1.2",
    "feature-gates:",
    "  - name: X",
    "    components:",
    "- ",
    "  - ",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ": ",
    ":",
    "#",
    "# ",
    "---",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "é",
    "→",
    "🎉",
    "\u{2028}",
    "\u{0}",
    "/keps/sig-a/1-x",
    "KEP-1",
    "../",
    "%2e%2e/",
    "# KEP-1: T",
    "## Summary",
    "<!-- toc -->",
    "<!-- /toc -->",
    "- [A](#a)",
    "```",
    "~~~",
    "    code",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "> ",
    "* ",
    "1. ",
    "[l](../2-y/README.md)",
    "<<[UNRESOLVED x ]>>",
    "<<[/UNRESOLVED]>>",
    "- [ ] ",
    "- [x] ",
    "===",
    "`c`",
    "**b**",
    "_e_",
    "\\",
    "&amp;",
    "<https://x>",
    "[ref]: /keps/a",
];

fn kep_shaped() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![kep_shaped(), any::<String>()]
}

fn assert_range(text: &str, range: TextRange, what: &str) {
    assert!(range.start <= range.end && range.end <= text.len(), "{what}: {range:?} outside 0..{}", text.len());
    assert!(
        text.is_char_boundary(range.start) && text.is_char_boundary(range.end),
        "{what}: {range:?} splits a character"
    );
}

fn assert_tree(text: &str, node: &Node) {
    node.walk(&mut |n| assert_range(text, n.range, "yaml node"));
}

/// A world holding `text` as each kind of KEP file, with a neighbour to resolve against.
fn world_with(text: &str) -> (World, Vec<PathBuf>) {
    let mut world = World::default();
    let paths: Vec<PathBuf> = [
        "/ws/keps/sig-a/1-x/kep.yaml",
        "/ws/keps/sig-a/1-x/README.md",
        "/ws/keps/prod-readiness/sig-a/1.yaml",
        "/ws/OWNERS_ALIASES",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    for path in &paths {
        world.set_file(path.clone(), text);
    }
    world.set_file(
        PathBuf::from("/ws/keps/sig-a/2-y/kep.yaml"),
        "title: Y\nkep-number: 2\nsee-also:\n  - /keps/sig-a/1-x\n",
    );
    (world, paths)
}

/// The costly properties (every feature at many offsets): `PROPTEST_CASES` cases when set
/// (`tests/all.sh` asks for proptest's usual 256), else 48, so that an iterating `cargo test` does
/// not spend most of its time here.
pub(crate) fn config() -> ProptestConfig {
    ProptestConfig::with_cases(kep_ls_testkit::property::cases(1.0))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_yaml_tree_stays_inside_the_text(text in any_text()) {
        let tree = yaml::parse(&text);
        if let Some(root) = &tree.root {
            assert_tree(&text, root);
        }
        for error in &tree.errors {
            prop_assert!(error.offset <= text.len());
        }
    }

    #[test]
    fn diagnostics_and_fixes_stay_inside_their_files(text in any_text()) {
        let (world, paths) = world_with(&text);
        for path in &paths {
            // Display diagnostics are the same problems, only without the costly fixes.
            let strip = |ds: Vec<crate::ide::diagnostic::Diagnostic>| -> Vec<_> { ds.into_iter().map(|d| (d.code, d.range, d.message)).collect() };
            prop_assert_eq!(strip(crate::ide::features::diagnostics_for_display(&world, path)), strip(crate::ide::features::diagnostics(&world, path)));
            for d in crate::ide::features::diagnostics(&world, path) {
                assert_range(&text, d.range, d.code);
                for fix in &d.fixes {
                    for edit in &fix.edits {
                        let target = world.file(&edit.path).expect("fixes edit known files");
                        assert_range(&target.text, edit.range, d.code);
                    }
                }
            }
        }
    }

    #[test]
    fn markdown_helpers_stay_inside_the_text(text in any_text()) {
        for heading in toc::headings(&text) {
            assert_range(&text, heading.range, "heading");
        }
        let _ = toc::generate(&text, toc::MAX_DEPTH);
        if let toc::TocStatus::Stale { block, .. } = toc::check(&text) {
            assert_range(&text, block, "toc block");
        }
        if let Some((range, _)) = toc::fix(&text) {
            assert_range(&text, range, "toc fix");
        }
        for link in super::markdown::outline::Outline::of(&text).all_links {
            assert_range(&text, link.range, "link");
            assert_range(&text, link.dest_range, "link destination");
        }
    }

    #[test]
    fn references_parse_inside_their_text_and_never_escape(text in any_text()) {
        let parsed = refs::parse_reference(&text);
        assert_range(&text, parsed.inner, "reference");
        if let refs::Target::Path { keps_rel, .. } = &parsed.target {
            prop_assert!(!keps_rel.split('/').any(|c| c == ".." || c.is_empty()), "{keps_rel}");
        }
        if let Some(link) = refs::parse_readme_link("sig-a/1-x", &text) {
            if let refs::Target::Path { keps_rel, .. } = &link.target {
                prop_assert!(!keps_rel.split('/').any(|c| c == ".."), "{keps_rel}");
            }
        }
    }

    #[test]
    fn every_feature_at_every_offset_stays_inside_the_text(text in kep_shaped()) {
        let (world, paths) = world_with(&text);
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).step_by(3).collect();
        for path in &paths[..2] {
            for &offset in &offsets {
                for item in features::completion(&world, path, offset) {
                    assert_range(&text, item.edit_range, "completion");
                }
                if let Some(hover) = features::hover(&world, path, offset) {
                    assert_range(&text, hover.range, "hover");
                }
                for target in features::definition(&world, path, offset) {
                    let file = world.file(&target.path).expect("definitions lead to known files");
                    assert_range(&file.text, target.focus, "definition");
                }
                for location in features::references(&world, path, offset, true) {
                    let file = world.file(&location.path).expect("references are in known files");
                    assert_range(&file.text, location.range, "reference");
                }
                if let Ok(range) = features::prepare_rename(&world, path, offset) {
                    assert_range(&text, range, "prepare rename");
                }
            }
            for symbol in features::document_symbols(&world, path) {
                assert_range(&text, symbol.range, "symbol");
                assert_range(&text, symbol.selection, "symbol selection");
            }
            for fold in features::folding_ranges(&world, path) {
                assert_range(&text, fold.range, "fold");
            }
            for link in features::document_links(&world, path) {
                assert_range(&text, link.range, "document link");
            }
            for hint in features::inlay_hints(&world, path, TextRange::new(0, text.len())) {
                prop_assert!(hint.offset <= text.len() && text.is_char_boundary(hint.offset));
            }
            for lens in features::code_lenses(&world, path) {
                assert_range(&text, lens.range, "lens");
            }
        }
    }
}
