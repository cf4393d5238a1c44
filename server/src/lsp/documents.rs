//! The documents the editor has open: ropes with their versions, and incremental changes applied
//! to them exactly as the client describes them.

use ls_types::{TextDocumentContentChangeEvent, Uri};
use ropey::Rope;

use super::convert;
use crate::ide::text::Encoding;

#[derive(Debug)]
pub struct Document {
    /// The URI the editor opened the file under: the one answers and edits name.
    pub uri: Uri,
    pub rope: Rope,
    pub version: i32,
    /// The newest diagnostics run scheduled; a run publishes only if it is still the newest.
    pub ticket: u64,
}

impl Document {
    pub fn new(uri: Uri, text: &str, version: i32) -> Self {
        Document { uri, rope: Rope::from_str(text), version, ticket: 0 }
    }

    /// Applies the changes in order: each range is read against the text left by the previous one.
    pub fn apply(&mut self, changes: &[TextDocumentContentChangeEvent], version: i32, encoding: Encoding) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let a = convert::rope_char(&self.rope, range.start, encoding);
                    let b = convert::rope_char(&self.rope, range.end, encoding);
                    let (start, end) = (a.min(b), a.max(b));
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        self.version = version;
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ls_types::{Position, Range};
    use proptest::prelude::*;

    fn test_uri() -> Uri {
        "file:///ws/keps/sig-a/1-x/kep.yaml".parse().unwrap()
    }

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position { line: sl, character: sc },
                end: Position { line: el, character: ec },
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn hand_written_edits() {
        let mut doc = Document::new(test_uri(), "title: Café → 🎉\nstatus: x\n", 1);
        doc.apply(&[change(1, 8, 1, 9, "provisional")], 2, Encoding::Utf16);
        assert_eq!(doc.text(), "title: Café → 🎉\nstatus: provisional\n");
        doc.apply(&[change(0, 16, 0, 16, "!"), change(0, 0, 0, 0, "# c\n")], 3, Encoding::Utf16);
        assert_eq!(doc.text(), "# c\ntitle: Café → 🎉!\nstatus: provisional\n");
        // UTF-8 column 19 falls inside 🎉 (bytes 17..21 of the line): it moves back to 17.
        doc.apply(&[change(1, 19, 2, 0, "")], 4, Encoding::Utf8);
        assert_eq!(doc.text(), "# c\ntitle: Café → status: provisional\n");
        assert_eq!(doc.version, 4);
    }

    #[test]
    fn a_range_past_the_end_is_clamped() {
        let mut doc = Document::new(test_uri(), "ab\r\ncd", 1);
        doc.apply(&[change(0, 9, 7, 0, "X")], 2, Encoding::Utf16);
        assert_eq!(doc.text(), "abX");
    }

    /// The same edit on a plain string, using the core's line index: the model the rope must match.
    fn apply_to_string(text: &mut String, c: &TextDocumentContentChangeEvent, encoding: Encoding) {
        let index = crate::ide::text::LineIndex::new(text);
        let range = c.range.unwrap();
        let r = convert::text_range(&index, text, range, encoding);
        text.replace_range(r.start..r.end, &c.text);
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(vec!["a", "é", "🎉", "\n", "\r\n", "\r", "→", " ", "x: y"]), 0..6)
            .prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn random_edits_match_a_plain_string(
            initial in piece(),
            edits in prop::collection::vec((0u32..6, 0u32..8, 0u32..6, 0u32..8, piece()), 1..20),
            utf8 in any::<bool>(),
        ) {
            let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let path = std::path::PathBuf::from("/ws/keps/sig-a/1-x/kep.yaml");
            let mut doc = Document::new(test_uri(), &initial, 0);
            let mut model = initial.clone();
            let mut world = crate::ide::world::World::default();
            world.set_file(path.clone(), initial.as_str());
            for (i, (sl, sc, el, ec, text)) in edits.into_iter().enumerate() {
                let c = change(sl, sc, el, ec, &text);
                apply_to_string(&mut model, &c, encoding);
                doc.apply(&[c], i as i32 + 1, encoding);
                prop_assert_eq!(doc.text(), model.clone());
                world.set_file(path.clone(), doc.text());
            }
            // After the whole sequence, the diagnostics are those of a fresh open of the final text.
            let mut fresh = crate::ide::world::World::default();
            fresh.set_file(path.clone(), model.as_str());
            prop_assert_eq!(crate::ide::features::diagnostics(&world, &path), crate::ide::features::diagnostics(&fresh, &path));
        }
    }
}
