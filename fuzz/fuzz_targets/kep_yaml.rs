// Fuzz target: every rule and feature of a kep.yaml (with its PRR file and a neighbour) on arbitrary text.
#![no_main]
#[path = "common.rs"]
mod common;

use std::path::PathBuf;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut world = kep_ls::ide::world::World::default();
    let path = PathBuf::from("/ws/keps/sig-a/1-x/kep.yaml");
    world.set_file(path.clone(), text.as_ref());
    world.set_file(PathBuf::from("/ws/keps/prod-readiness/sig-a/1.yaml"), text.as_ref());
    world.set_file(PathBuf::from("/ws/keps/sig-a/2-y/kep.yaml"), "title: Y\nkep-number: 2\nsee-also:\n  - /keps/sig-a/1-x\n");
    common::exercise(&world, &path);
});
