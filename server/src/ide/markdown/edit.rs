//! Edits to a Markdown file that keep its table of contents up to date: a change to the headings (a rename,
//! an inserted section) goes out together with the TOC mdtoc would write afterwards, so CI stays green.

use std::path::Path;

use super::toc::{self, TocStatus};
use crate::ide::diagnostic::FileEdit;
use crate::ide::fixes;
use crate::ide::text::TextRange;

/// `edits` (non-overlapping, any order) to `text` at `path`, plus the rewrite of the TOC block when they make it
/// stale. Edits inside the TOC block are replaced by that rewrite.
pub fn with_toc_update(text: &str, path: &Path, mut edits: Vec<FileEdit>) -> Vec<FileEdit> {
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    let Ok(markers) = toc::find_markers(text) else { return edits };
    let block = TextRange::new(markers.start.start, markers.end.end);
    let between = TextRange::new(markers.start.end, markers.end.start);
    let (inside, outside): (Vec<FileEdit>, Vec<FileEdit>) =
        edits.into_iter().partition(|e| between.contains_range(e.range));
    if outside.iter().any(|e| e.range.start < block.end && block.start < e.range.end) {
        // An edit across a marker: leave the TOC to its rules.
        return outside.into_iter().chain(inside).collect();
    }
    let changed = fixes::apply(text, &outside);
    // Where the block starts once the edits before it are applied.
    let shift: isize = outside
        .iter()
        .filter(|e| e.range.end <= block.start)
        .map(|e| e.new_text.len() as isize - e.range.len() as isize)
        .sum();
    let moved_start = block.start.checked_add_signed(shift);
    let mut out = outside;
    match toc::fix(&changed) {
        Some((range, toc_text)) if Some(range.start) == moved_start && range.len() == block.len() => {
            out.push(FileEdit { path: path.to_path_buf(), range: block, new_text: toc_text });
        }
        // Already up to date without the edits inside it: they would only make it stale.
        _ if toc::check(&changed) == TocStatus::UpToDate => {}
        _ => out.extend(inside),
    }
    out.sort_by_key(|e| (e.range.start, e.range.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn edit(start: usize, end: usize, text: &str) -> FileEdit {
        FileEdit { path: PathBuf::from("/r.md"), range: TextRange::new(start, end), new_text: text.into() }
    }

    #[test]
    fn a_heading_change_rewrites_the_toc_and_drops_edits_inside_it() {
        let text = "# T\n<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n## A\n";
        let heading = text.rfind('A').unwrap();
        let link = text.find("#a").unwrap() + 1;
        let edits =
            with_toc_update(text, Path::new("/r.md"), vec![edit(heading, heading + 1, "B"), edit(link, link + 1, "b")]);
        assert_eq!(fixes::apply(text, &edits), "# T\n<!-- toc -->\n- [B](#b)\n<!-- /toc -->\n## B\n");
        assert_eq!(edits.len(), 2, "{edits:?}");
    }

    #[test]
    fn edits_before_the_toc_shift_it() {
        let text = "# T\n<!-- toc -->\n- [A](#a)\n<!-- /toc -->\n## A\n";
        let edits = with_toc_update(
            text,
            Path::new("/r.md"),
            vec![edit(2, 3, "Longer title"), edit(text.len(), text.len(), "## C\n")],
        );
        assert_eq!(
            fixes::apply(text, &edits),
            "# Longer title\n<!-- toc -->\n- [A](#a)\n- [C](#c)\n<!-- /toc -->\n## A\n## C\n"
        );
    }

    #[test]
    fn without_markers_the_edits_are_left_alone() {
        let edits = with_toc_update("## A\n", Path::new("/r.md"), vec![edit(3, 4, "B")]);
        assert_eq!(edits, vec![edit(3, 4, "B")]);
    }
}
