// Fuzz target: the YAML front end on arbitrary text (no panic, no hang, ranges in bounds).
#![no_main]
#[path = "common.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let tree = kep_ls::ide::yaml::parse(&text);
    if let Some(root) = &tree.root {
        root.walk(&mut |node| common::assert_range(&text, node.range, "node"));
    }
});
