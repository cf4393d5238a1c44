//! Combining fixes: every safe fix of a file at once ("fix all", `kep-ls check --fix`), and applying
//! edits to a text.

use std::path::Path;

use super::diagnostic::{Diagnostic, FileEdit, Fix};
use super::world::{SourceFile, World};

/// Why no edit may be computed from `file`: a symbolic link (the world keeps its target string as
/// its text: an edit of it would be applied to whatever the link points at) or a file that could
/// not be read (it has no text). What commands check before they build an edit.
pub fn not_editable(file: &SourceFile) -> Option<String> {
    if file.symlink {
        return Some(format!(
            "{} is a symbolic link: kep-ls never edits through a link (replace it with the file itself)",
            file.path.display()
        ));
    }
    file.unreadable.as_ref().map(|reason| format!("{} cannot be read ({reason}): not edited", file.path.display()))
}

/// Whether every file `fix` edits or creates can be: none is a link or unreadable in the world.
pub fn fix_is_editable(world: &World, fix: &Fix) -> bool {
    let paths = fix.edits.iter().map(|e| &e.path).chain(fix.creates.iter().map(|c| &c.path));
    paths.into_iter().all(|path| world.file(path).is_none_or(|f| not_editable(f).is_none()))
}

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
    use expect_test::expect;

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
    fn links_and_unreadable_files_are_never_edited() {
        let mut world = World::new(crate::ide::settings::Settings::default());
        let link = PathBuf::from("/ws/keps/sig-a/1-x/kep.yaml");
        let plain = PathBuf::from("/ws/keps/sig-a/2-y/kep.yaml");
        world.set_symlink(link.clone(), "../../elsewhere/kep.yaml".into());
        world.set_file(plain.clone(), "title: y\n");
        let edit = |p: &PathBuf| Fix::replace("f", p.clone(), TextRange::empty(0), "x");
        assert!(!fix_is_editable(&world, &edit(&link)));
        assert!(fix_is_editable(&world, &edit(&plain)));
        expect!["/ws/keps/sig-a/1-x/kep.yaml is a symbolic link: kep-ls never edits through a link (replace it with the file itself)"].assert_eq(&not_editable(world.file(&link).unwrap()).unwrap());
        world.set_unreadable(plain.clone(), "permission denied".into());
        assert!(!fix_is_editable(&world, &edit(&plain)));
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
