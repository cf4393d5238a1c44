//! Completion items narrowed to what the person typed, on the server, for every client.
//!
//! Why here: editors differ in how they filter. VS Code matches fuzzily on its side; Neovim's
//! omnifunc (0.11) keeps every item that has a `textEdit` and no `filterText` ("the server took
//! care of filtering") and inserts the first one, so `status: imp` became `status: provisional`.
//! So the closed lists (statuses, stages, groups, releases, keys, anchors, people, components) are
//! filtered here by the text between the start of the item's edit range and the cursor, and
//! ordered by how well they match, then by their own ranking (the sort text they came with).
//!
//! Clients that match the typed text against the start of `filterText` (Neovim again) would drop
//! items found by a later word (`- restart` for a KEP titled "Pod restart budget", `#goals` for
//! `non-goals`): an item kept here whose filter text does not start with what was typed gets the
//! typed text in front of it, so every client shows what the server chose. Such a list is marked
//! incomplete, so that a client asks again as the typing goes on instead of filtering a stale list.

use super::answers::{CompletionItem, CompletionKind};

/// How well an item's text matches what was typed; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Quality {
    /// The text starts with what was typed (ignoring case, quotes and a leading `@`).
    Prefix,
    /// A word of the text (after `-`, `/`, `.`, `_`, `#` or a blank) starts with it.
    WordPrefix,
    /// The text contains it.
    Substring,
    /// Its letters appear in the text in order: as lenient as an editor's fuzzy filter, so the
    /// server never hides what the editor would show.
    Letters,
}

/// Narrows `items` to those matching what was typed before `offset` in `text`, best first.
/// Returns whether the list was changed (the client should then ask again as the user types).
pub fn narrow(text: &str, offset: usize, items: &mut Vec<CompletionItem>) -> bool {
    let mut changed = false;
    let mut ranked: Vec<(Quality, CompletionItem)> = Vec::with_capacity(items.len());
    for mut item in items.drain(..) {
        let typed = typed_before(text, offset, &item);
        if typed.is_empty() {
            ranked.push((Quality::Prefix, item));
            continue;
        }
        // KEP references are already matched word by word (number, slug, title) by the graph.
        let quality = if item.kind == CompletionKind::Kep {
            Some(Quality::Prefix)
        } else {
            quality(item.filter_text.as_deref().unwrap_or(&item.label), typed)
        };
        let Some(quality) = quality else {
            changed = true;
            continue;
        };
        if let Some(filter) = &item.filter_text {
            if !filter.starts_with(typed) {
                item.filter_text = Some(format!("{typed} {filter}"));
                changed = true;
            }
        }
        let own_rank = item.sort_text.take().unwrap_or_else(|| item.label.clone());
        item.sort_text = Some(format!("{}{own_rank}", quality as u8));
        ranked.push((quality, item));
    }
    // Stable: within one quality, the order the items came in.
    ranked.sort_by_key(|(quality, _)| *quality);
    items.extend(ranked.into_iter().map(|(_, item)| item));
    changed
}

/// The text typed so far for `item`: from the start of its edit range to the cursor.
fn typed_before<'a>(text: &'a str, offset: usize, item: &CompletionItem) -> &'a str {
    let range = item.edit_range;
    if range.start > offset || offset > range.end {
        return "";
    }
    text.get(range.start..offset).unwrap_or_default().trim()
}

fn quality(candidate: &str, typed: &str) -> Option<Quality> {
    let candidate = normalized(candidate);
    let typed = normalized(typed);
    if typed.is_empty() || candidate.starts_with(&typed) {
        return Some(Quality::Prefix);
    }
    let mut found = false;
    for (at, _) in candidate.match_indices(&typed) {
        found = true;
        if candidate[..at].ends_with(['-', '/', '.', '_', '#', ' ']) {
            return Some(Quality::WordPrefix);
        }
    }
    if found {
        return Some(Quality::Substring);
    }
    let mut letters = candidate.chars();
    typed.chars().all(|t| letters.any(|c| c == t)).then_some(Quality::Letters)
}

/// Lower case, without the quote a value may open with and the `@` of a handle.
fn normalized(text: &str) -> String {
    text.trim_start_matches(['"', '\'']).trim_start_matches('@').to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::text::TextRange;

    fn item(label: &str, sort: &str, range: TextRange) -> CompletionItem {
        CompletionItem {
            label: label.into(),
            kind: CompletionKind::Value,
            detail: None,
            documentation: None,
            edit_range: range,
            insert_text: label.into(),
            snippet: false,
            sort_text: Some(sort.into()),
            filter_text: None,
        }
    }

    fn labels(items: &[CompletionItem]) -> Vec<&str> {
        items.iter().map(|i| i.label.as_str()).collect()
    }

    #[test]
    fn statuses_are_narrowed_to_what_is_typed() {
        let text = "status: imp";
        let range = TextRange::new(8, 11);
        let mut items: Vec<CompletionItem> = ["provisional", "implementable", "implemented", "deferred"]
            .iter()
            .enumerate()
            .map(|(n, s)| item(s, &format!("{n:05}"), range))
            .collect();
        assert!(narrow(text, 11, &mut items));
        assert_eq!(labels(&items), ["implementable", "implemented"]);
        // The sort text keeps the items in this order for clients that sort by it.
        assert!(items[0].sort_text < items[1].sort_text);
    }

    #[test]
    fn better_matches_come_first_then_the_own_ranking() {
        let text = "- sch";
        let range = TextRange::new(2, 5);
        let mut items = vec![
            item("committee-code-of-conduct", "0", range),
            item("sig-scheduling", "1", range),
            item("schedulers", "2", range),
            item("sig-cli", "3", range),
            item("sxcxh", "4", range),
        ];
        narrow(text, 5, &mut items);
        assert_eq!(labels(&items), ["schedulers", "sig-scheduling", "sxcxh"]);
        let sorts: Vec<&str> = items.iter().map(|i| i.sort_text.as_deref().unwrap()).collect();
        let mut sorted = sorts.clone();
        sorted.sort();
        assert_eq!(sorts, sorted, "the sort text agrees with the order");
    }

    #[test]
    fn a_filter_text_that_does_not_start_with_what_is_typed_gets_it_in_front() {
        // Anchors filter on the anchor and the heading's words.
        let text = "[x](#goals";
        let range = TextRange::new(5, 10);
        let mut goals = item("non-goals", "0", range);
        goals.filter_text = Some("non-goals Non-Goals".into());
        let mut items = vec![goals];
        assert!(narrow(text, 10, &mut items));
        assert_eq!(items[0].filter_text.as_deref(), Some("goals non-goals Non-Goals"));
    }

    #[test]
    fn nothing_typed_changes_nothing() {
        let text = "status: ";
        let range = TextRange::new(8, 8);
        let mut items = vec![item("provisional", "00000", range), item("implementable", "00001", range)];
        let before = items.clone();
        assert!(!narrow(text, 8, &mut items));
        assert_eq!(items, before);
    }

    #[test]
    fn quotes_and_handles_are_matched_on_their_letters() {
        let text = "  - \"@ad";
        let range = TextRange::new(4, 8);
        let mut ada = item("@ada-lovelace", "0", range);
        ada.filter_text = Some("\"@ada-lovelace".into());
        let mut items = vec![item("@grace", "1", range), ada];
        narrow(text, 8, &mut items);
        assert_eq!(labels(&items), ["@ada-lovelace"]);
        assert_eq!(items[0].filter_text.as_deref(), Some("\"@ada-lovelace"), "it already starts with it");
    }
}
