//! Combining fixes: every safe fix of a file at once ("fix all", `kep-ls check --fix`), and applying
//! edits to a text.

use std::path::Path;

use super::diagnostic::{Diagnostic, FileEdit};

/// The edits of the safe fixes among `diagnostics` that touch only `path`, without overlaps (the
/// first fix wins), sorted by position.
pub fn safe_edits(path: &Path, diagnostics: &[Diagnostic]) -> Vec<FileEdit> {
    let mut chosen: Vec<FileEdit> = Vec::new();
    for fix in diagnostics.iter().flat_map(|d| &d.fixes).filter(|f| f.safe && f.creates.is_empty()) {
        if fix.edits.iter().any(|e| e.path != path) {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| c.range.start < e.range.end && e.range.start < c.range.end || c.range == e.range)
        });
        if !overlaps {
            chosen.extend(fix.edits.iter().cloned());
        }
    }
    chosen.sort_by_key(|e| (e.range.start, e.range.end));
    chosen
}

/// `text` with non-overlapping `edits` applied.
pub fn apply(text: &str, edits: &[FileEdit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at || edit.range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.new_text);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ide::diagnostic::Fix;
    use crate::ide::text::TextRange;
    use std::path::PathBuf;

    fn diagnostic(fixes: Vec<Fix>) -> Diagnostic {
        let mut d = Diagnostic::new("x", TextRange::empty(0), "m");
        d.fixes = fixes;
        d
    }

    #[test]
    fn overlapping_and_unsafe_fixes_are_left_out() {
        let p = PathBuf::from("/a");
        let fix = |s, e, t: &str| Fix::replace("f", p.clone(), TextRange::new(s, e), t).safe();
        let diagnostics = vec![
            diagnostic(vec![fix(4, 6, "EF")]),
            diagnostic(vec![fix(0, 2, "AB")]),
            diagnostic(vec![fix(5, 7, "no")]),
            diagnostic(vec![Fix::replace("unsafe", p.clone(), TextRange::new(2, 3), "no")]),
            diagnostic(vec![Fix::replace("elsewhere", PathBuf::from("/b"), TextRange::new(3, 4), "no").safe()]),
        ];
        let edits = safe_edits(&p, &diagnostics);
        assert_eq!(apply("abcdefgh", &edits), "ABcdEFgh");
    }
}
