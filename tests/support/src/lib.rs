//! What kep-ls's tests and benchmarks share: one LSP client that drives the real binary over stdio
//! ([`client`]), one temporary-directory type ([`temp`]), and one way to find the real corpus and
//! data beside the repository ([`shared`]), and property tests sized by `PROPTEST_CASES`
//! ([`property`]). Unpublished; a dev-dependency of `kep-ls` only.
//!
//! It does not depend on `kep-ls` itself: the binary under test is passed in by the caller (only an
//! integration test or bench of the `kep-ls` package knows `CARGO_BIN_EXE_kep-ls`).

pub mod client;
pub mod property;
pub mod shared;
pub mod temp;

pub use client::Client;
pub use temp::TempDir;

/// The marker of the cursor in a test's or benchmark's text.
pub const CURSOR: &str = "$0";

/// `text` without its first `$0` cursor marker, and the marker's byte offset (`None` without one).
pub fn cursor(text: &str) -> (String, Option<usize>) {
    match text.find(CURSOR) {
        Some(offset) => (format!("{}{}", &text[..offset], &text[offset + CURSOR.len()..]), Some(offset)),
        None => (text.to_string(), None),
    }
}

/// `kep-ls check` output with its run time (`in 142 ms`) written as `in <t> ms`, so that a
/// snapshot of the whole output holds from run to run.
pub fn without_timing(output: &str) -> String {
    let mut out = String::with_capacity(output.len());
    let mut rest = output;
    while let Some(at) = rest.find(" in ") {
        let (before, after) = rest.split_at(at + " in ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(" ms") {
            out.push_str("<t>");
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cursor_is_taken_out_at_its_offset() {
        assert_eq!(super::cursor("ab$0c$0"), ("abc$0".to_string(), Some(2)));
        assert_eq!(super::cursor("abc"), ("abc".to_string(), None));
    }

    #[test]
    fn only_a_run_time_is_redacted() {
        assert_eq!(
            super::without_timing("checked 14 files in a tree: 5 errors in 142 ms\nin 3 ms"),
            "checked 14 files in a tree: 5 errors in <t> ms\nin 3 ms"
        );
    }
}
