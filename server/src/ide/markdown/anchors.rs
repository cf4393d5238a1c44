//! The spellings of a heading's anchor, and how a `#fragment` written in a link is read.
//!
//! mdtoc (the TOC, CI) keeps only ASCII `[0-9A-Za-z_-]`; GitHub, which renders the page, keeps every letter and
//! digit. Authors copy either one, so a link is accepted in both spellings, and the mdtoc one is preferred when
//! the server writes an anchor (completion, rename, fixes).

use super::toc;

/// GitHub's anchor for a heading's text, before repeats are numbered: lower-cased, every character that is
/// not a letter, a digit, `-`, `_` or a space removed, spaces turned into `-`.
pub fn github_base(plain: &str) -> String {
    plain
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

/// mdtoc's anchor for a heading's text, before repeats are numbered.
pub fn mdtoc_base(plain: &str) -> String {
    toc::anchor_base(plain)
}

pub use super::toc::Numbering;

/// A fragment as written in a link, decoded: `%C3%BCber` is `über`. Invalid escapes are kept as written.
pub fn decode_fragment(fragment: &str) -> String {
    if !fragment.contains('%') {
        return fragment.to_string();
    }
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                i += 3;
            }
            None => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_keeps_letters_that_mdtoc_drops() {
        assert_eq!(github_base("Über uns — Ziele"), "über-uns--ziele");
        assert_eq!(mdtoc_base("Über uns — Ziele"), "ber-uns--ziele");
        assert_eq!(github_base("Upgrade / Downgrade Strategy"), mdtoc_base("Upgrade / Downgrade Strategy"));
        assert_eq!(github_base("日本語 API"), "日本語-api");
    }

    #[test]
    fn repeats_are_numbered() {
        let mut numbering = Numbering::default();
        let anchors: Vec<_> = ["a", "b", "a", "a"].iter().map(|s| numbering.next(s.to_string())).collect();
        assert_eq!(anchors, ["a", "b", "a-1", "a-2"]);
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(decode_fragment("%C3%BCber-uns"), "über-uns");
        assert_eq!(decode_fragment("100%-sure"), "100%-sure");
        assert_eq!(decode_fragment("%FF"), "%FF");
        assert_eq!(decode_fragment("%e2%82"), "%e2%82");
    }
}
