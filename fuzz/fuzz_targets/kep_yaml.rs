// Fuzz target: every rule and feature of a kep.yaml (with its PRR file and a neighbour) on arbitrary text.
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    common::exercise_files(&[
        ("/ws/keps/sig-a/1-x/kep.yaml", &text),
        ("/ws/keps/prod-readiness/sig-a/1.yaml", &text),
        ("/ws/keps/sig-a/2-y/kep.yaml", "title: Y\nkep-number: 2\nsee-also:\n  - /keps/sig-a/1-x\n"),
    ]);
});
