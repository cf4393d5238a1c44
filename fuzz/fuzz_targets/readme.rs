// Fuzz target: every rule and feature of a KEP README on arbitrary text.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    common::exercise_files(&[
        ("/ws/keps/sig-a/1-x/README.md", &text),
        ("/ws/keps/sig-a/1-x/kep.yaml", "title: X\nkep-number: 1\n"),
    ]);
});
