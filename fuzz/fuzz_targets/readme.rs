// Fuzz target: every rule and feature of a KEP README on arbitrary text.
#![no_main]
#[path = "common.rs"]
mod common;

use std::path::PathBuf;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut world = kep_ls::ide::world::World::default();
    let path = PathBuf::from("/ws/keps/sig-a/1-x/README.md");
    world.set_file(path.clone(), text.as_ref());
    world.set_file(PathBuf::from("/ws/keps/sig-a/1-x/kep.yaml"), "title: X\nkep-number: 1\n");
    common::exercise(&world, &path);
});
