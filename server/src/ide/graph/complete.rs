//! Completion of KEP references inside `see-also`, `replaces` and `superseded-by` list items:
//! every KEP of the tree as `/keps/<sig>/<NNNN-slug>`, matched by number or by words of its title.
//! Works on half-typed YAML: the context comes from the text of the line and its parent key.

use std::path::Path;

use super::{KepCard, REFERENCE_FIELDS};
use crate::ide::answers::{CompletionItem, CompletionKind, CompletionList};
use crate::ide::layout::FileKind;
use crate::ide::text::TextRange;
use crate::ide::world::World;

/// At most this many KEPs are offered at once; the list is then marked incomplete, so the editor
/// asks again as the user types (and the words typed narrow it down).
const MAX_ITEMS: usize = 100;

pub fn completion(world: &World, path: &Path, offset: usize) -> CompletionList {
    let Some(file) = world.file(path) else { return CompletionList::default() };
    if file.kind != FileKind::KepYaml {
        return CompletionList::default();
    }
    let Some(item) = reference_item_at(&file.text, offset) else { return CompletionList::default() };
    let Some(place) = &file.place else { return CompletionList::default() };
    let own_dir = place.dir_rel();
    let quote = item.quote.map(String::from).unwrap_or_default();
    // What is typed so far, in words that must each appear in the KEP's path, number or title.
    let typed = file.text.get(item.range.start..offset.max(item.range.start)).unwrap_or_default();
    let words: Vec<String> = typed.trim_start_matches(['"', '\'']).split_whitespace().map(str::to_lowercase).collect();
    // Matched on each KEP's cached card (name and path, lower-cased): nothing is formatted for
    // the KEPs that are not offered, and no path is built or hashed per KEP. The KEPs come in
    // number order, so the first matches are the ones offered: no sort, and the scan stops there.
    let mut matching: Vec<(u64, &KepCard)> = world
        .kep_files_by_number()
        .filter(|(_, f)| f.unreadable.is_none())
        .filter_map(|(number, f)| {
            // The words first: they rule out most KEPs, whose place then need not be read (every
            // string read here is one more cache miss per KEP when the caches are cold).
            let card = f.card().filter(|card| words.iter().all(|w| card.search.contains(w.as_str())))?;
            f.place.as_ref().filter(|p| p.root == place.root && p.dir_rel() != own_dir)?;
            Some((number, card))
        })
        .take(MAX_ITEMS + 1)
        .collect();
    let incomplete = matching.len() > MAX_ITEMS;
    matching.truncate(MAX_ITEMS);
    // Everything shown comes ready from the cards: nothing is looked up in a KEP's YAML here.
    let items = matching
        .into_iter()
        .map(|(number, card)| CompletionItem {
            filter_text: Some(format!("{quote}{} {}", card.reference, card.name)),
            label: card.reference.clone(),
            kind: CompletionKind::Kep,
            detail: Some(card.name_and_status.clone()),
            documentation: None,
            edit_range: item.range,
            insert_text: format!("{quote}{}{quote}", card.reference),
            snippet: false,
            sort_text: Some(format!("{number:020}")),
        })
        .collect();
    CompletionList { items, incomplete }
}

/// A list item being typed under one of the reference fields.
#[derive(Debug, PartialEq, Eq)]
struct ReferenceItem {
    field: &'static str,
    /// The item's value, from after `- ` to the end of the line (trailing blanks excluded).
    range: TextRange,
    /// The quote the value opens with, kept in the completion.
    quote: Option<char>,
}

fn reference_item_at(text: &str, offset: usize) -> Option<ReferenceItem> {
    let offset = crate::ide::text::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let after_dash = rest.strip_prefix("- ")?;
    let value_start = line_start + indent + 2 + (after_dash.len() - after_dash.trim_start().len());
    if offset < value_start {
        return None;
    }
    let value = text[value_start..line_end].trim_end();
    let field = parent_key(&text[..line_start], indent)?;
    let field = REFERENCE_FIELDS.iter().find(|f| **f == field)?;
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'');
    Some(ReferenceItem { field, range: TextRange::new(value_start, value_start + value.len()), quote })
}

/// The key whose list the item at `indent` belongs to: the nearest line above that is neither
/// blank, a comment, nor a sibling item, and is indented no deeper.
fn parent_key(above: &str, indent: usize) -> Option<&str> {
    for line in above.lines().rev() {
        let trimmed = line.trim_start_matches(' ');
        let line_indent = line.len() - trimmed.len();
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if line_indent == indent && (trimmed.starts_with("- ") || trimmed.trim_end() == "-") {
            continue;
        }
        if line_indent > indent {
            // Continuation of a sibling item.
            continue;
        }
        let key = trimmed.trim_end().strip_suffix(':')?;
        return Some(key.trim());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::fixtures::world;

    const WORKSPACE: &str = "//- /ws/keps/sig-a/1-x/kep.yaml\ntitle: X\nsee-also:\n  - \"/keps/sig-b/2\n//- /ws/keps/sig-b/2-pod-things/kep.yaml\ntitle: Pod things\nstatus: implementable\n//- /ws/keps/sig-b/10-more/kep.yaml\ntitle: More\n";

    fn complete(fixture: &str, marker: &str) -> Vec<CompletionItem> {
        let (world, paths) = world(fixture);
        let text = world.file(&paths[0]).unwrap().text.to_string();
        let offset = text.find(marker).unwrap() + marker.len();
        completion(&world, &paths[0], offset).items
    }

    #[test]
    fn every_other_kep_of_the_tree_is_offered_with_quotes_kept() {
        let fixture = WORKSPACE.replace("\"/keps/sig-b/2", "\"");
        let items = complete(&fixture, "- \"");
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["/keps/sig-b/2-pod-things", "/keps/sig-b/10-more"], "ordered by number");
        let pod = &items[0];
        assert_eq!(pod.insert_text, "\"/keps/sig-b/2-pod-things\"");
        assert_eq!(pod.detail.as_deref(), Some("KEP-2: Pod things (implementable)"));
        assert!(pod.filter_text.as_deref().unwrap().contains("Pod things"));
    }

    #[test]
    fn typed_words_narrow_the_list_down() {
        let fixture = WORKSPACE.replace("\"/keps/sig-b/2", "pod thi");
        let labels: Vec<String> = complete(&fixture, "pod thi").into_iter().map(|i| i.label).collect();
        assert_eq!(labels, ["/keps/sig-b/2-pod-things"]);
        let fixture = WORKSPACE.replace("\"/keps/sig-b/2", "\"10");
        let labels: Vec<String> = complete(&fixture, "\"10").into_iter().map(|i| i.label).collect();
        assert_eq!(labels, ["/keps/sig-b/10-more"]);
    }

    #[test]
    fn the_item_range_covers_the_typed_value() {
        let text = "see-also:\n  - \"/keps/sig-b/2\n";
        let item = reference_item_at(text, text.len() - 1).unwrap();
        assert_eq!(&text[item.range.start..item.range.end], "\"/keps/sig-b/2");
        assert_eq!(item.quote, Some('"'));
        let empty = "replaces:\n- \nstatus: x\n";
        let item = reference_item_at(empty, 12).unwrap();
        assert_eq!((item.field, item.range), ("replaces", TextRange::new(12, 12)));
    }

    #[test]
    fn other_lists_and_keys_get_nothing() {
        assert!(reference_item_at("authors:\n  - \"@a", 16).is_none());
        assert!(reference_item_at("see-also: x", 11).is_none());
        assert!(complete("//- /ws/keps/sig-a/1-x/kep.yaml\nreviewers:\n  - x\n", "- x").is_empty());
    }

    #[test]
    fn items_below_comments_and_siblings_find_their_key() {
        let text = "see-also:\n  # related\n  - /keps/a/1-a\n  - /ke";
        assert_eq!(reference_item_at(text, text.len()).unwrap().field, "see-also");
    }
}
