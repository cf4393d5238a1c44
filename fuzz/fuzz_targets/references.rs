// Fuzz target: parsing references between KEPs never panics and never escapes `keps/`.
#![no_main]
#[path = "common.rs"]
mod common;

use kep_ls::ide::refs::{self, Target};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = refs::parse_reference(&text);
    common::assert_range(&text, parsed.inner, "reference");
    for found in [Some(parsed), refs::parse_readme_link("sig-a/1-x", &text)].into_iter().flatten() {
        if let Target::Path { keps_rel, .. } = &found.target {
            assert!(!keps_rel.split('/').any(|c| c == ".." || c.is_empty()), "{keps_rel}");
        }
    }
});
