// Fuzz target: the mdtoc-compatible TOC, the outline and links on arbitrary text.
#![no_main]
#[path = "common.rs"]
mod common;

use kep_ls::ide::markdown::{outline::Outline, toc};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for heading in toc::headings(&text) {
        common::assert_range(&text, heading.range, "heading");
    }
    if let toc::TocStatus::Stale { block, .. } = toc::check(&text) {
        common::assert_range(&text, block, "toc block");
    }
    if let Some((range, new)) = toc::fix(&text) {
        common::assert_range(&text, range, "toc fix");
        let mut fixed = text.to_string();
        fixed.replace_range(range.start..range.end, &new);
        assert_eq!(toc::check(&fixed), toc::TocStatus::UpToDate, "a fixed TOC is up to date");
    }
    let outline = Outline::of(&text);
    for link in &outline.all_links {
        common::assert_range(&text, link.dest_range, "link");
    }
});
