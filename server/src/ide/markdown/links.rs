//! Links of a Markdown file (inline `[text](dest)` and `<autolinks>`, collected by the outline's
//! one pass over the text) with the range of the destination as written, so a reference can be
//! pointed at, hovered and rewritten in place. Links inside code spans and code blocks are not links.

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag};

use crate::ide::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MdLink {
    /// The destination as Markdown reads it (escapes resolved).
    pub dest: String,
    /// Where the destination is written; the whole link when it cannot be found verbatim.
    pub dest_range: TextRange,
    /// The whole link.
    pub range: TextRange,
}

/// How README Markdown is parsed, by the outline and by [`scan`] alike, so both find the same links.
pub const PARSE_OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_TASKLISTS);

/// The links of `text` alone, for when no outline is wanted (indexing a workspace keeps only each
/// README's references, not its outline).
pub fn scan(text: &str) -> Vec<MdLink> {
    Parser::new_ext(text, PARSE_OPTIONS)
        .into_offset_iter()
        .filter_map(|(event, range)| link_of(text, &event, TextRange::new(range.start, range.end.min(text.len()))))
        .collect()
}

/// The link that `event` (at `range`) starts, if it starts one with a destination.
pub fn link_of(text: &str, event: &Event, range: TextRange) -> Option<MdLink> {
    let Event::Start(Tag::Link { link_type: LinkType::Inline | LinkType::Autolink, dest_url, .. }) = event else {
        return None;
    };
    if dest_url.is_empty() {
        return None;
    }
    Some(MdLink { dest: dest_url.to_string(), dest_range: destination(text, range).unwrap_or(range), range })
}

/// Where the destination of a link is written: after the last `](` of `[text](dest "title")`
/// (blanks and an opening `<` skipped), up to `)`, `>` or a blank; inside `<dest>` for an autolink.
pub fn destination(text: &str, link: TextRange) -> Option<TextRange> {
    let source = text.get(link.start..link.end)?;
    let from = match source.rfind("](") {
        Some(at) => at + 2,
        None => usize::from(source.starts_with('<')),
    };
    let rest = source.get(from..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let mut start = from + skipped;
    if source.get(start..)?.starts_with('<') {
        start += 1;
    }
    let tail = source.get(start..)?;
    let len = tail.find(|c: char| c == ')' || c == '>' || c.is_ascii_whitespace()).unwrap_or(tail.len());
    Some(TextRange::new(link.start + start, link.start + start + len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::markdown::outline::Outline;

    /// The links as the outline collects them; the lone scan must find the same.
    fn links(text: &str) -> Vec<MdLink> {
        let found = Outline::of(text).all_links;
        assert_eq!(scan(text), found);
        found
    }

    #[test]
    fn destinations_are_located_exactly() {
        let text =
            "See [in-place](../1287-in-place/README.md \"t\") and <https://k8s.io> and `[x](y)`.\n\n    [no](code)\n";
        let found = links(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(&text[found[0].dest_range.start..found[0].dest_range.end], "../1287-in-place/README.md");
        assert_eq!(found[0].dest, "../1287-in-place/README.md");
        assert_eq!(&text[found[1].dest_range.start..found[1].dest_range.end], "https://k8s.io");
    }

    #[test]
    fn brackets_in_the_text_do_not_confuse_the_search() {
        let text = "[a [b] d](/keps/sig-a/1-x)";
        let found = links(text);
        assert!(
            found.iter().any(
                |l| l.dest == "/keps/sig-a/1-x" && &text[l.dest_range.start..l.dest_range.end] == "/keps/sig-a/1-x"
            ),
            "{found:?}"
        );
    }
}
