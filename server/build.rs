//! Writes the `misspelling` rule's dictionary into `OUT_DIR` as tables without a pointer in them,
//! which the rule `include_bytes!`s and reads in place: nothing to relocate at load, nothing to
//! build at run time, and only the pages a lookup touches are ever read from the binary. typos' own
//! table (`typos_dict::WORD`, a build-dependency only) is a slice of `&str`s: linked into a
//! position-independent binary, ~10 MB of it is relocated at every start, and re-keying it for
//! misspell's questions built a ~4 MB map.
//!
//! The entries are those the rule can match, exactly as it matched them in typos' table: each key
//! made of misspell's word bytes `[A-Za-z0-9']` (typos' few others, Cyrillic look-alikes, can never
//! be a word), lower-cased (the rule matches ASCII case-insensitively), with typos' corrections in
//! typos' order. Of two keys with one 64-bit word hash the first in typos' table would be kept
//! (there are none; a test of the rule compares the tables with typos' own, key by key).
//!
//! The files, numbers little-endian, entries in the order of their hashes:
//! - `misspelling-bloom.bin`: the Bloom filter, [`key::BLOOM_BYTES`], bit `n` is bit `n % 8` of byte `n / 8`;
//! - `misspelling-hashes.bin`: each entry's word hash, a `u64`;
//! - `misspelling-buckets.bin`: for each of the [`key::BUCKETS`] buckets, and once more at the end, the first
//!   entry whose hash is in that bucket or a later one, a `u32`;
//! - `misspelling-offsets.bin`: where each entry's record starts in the records, and their end, a `u32`;
//! - `misspelling-records.txt`: the records, each the key followed by `\0` and a correction per correction;
//! - `misspelling.rs`: the number of entries and the lengths of the shortest and longest key.
//!
//! Deterministic (the same typos-dict gives the same bytes) and quick (about 0.1 s of CPU).

use std::path::Path;

#[path = "src/ide/rules/misspelling/key.rs"]
mod key;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/ide/rules/misspelling/key.rs");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = Path::new(&out_dir);

    let mut entries: Vec<(u64, String, &[&str])> = typos_dict::WORD
        .map
        .entries
        .iter()
        .map(|(key, corrections)| (key.into_inner(), *corrections))
        .filter(|(key, _)| key.bytes().all(key::is_word_byte))
        .map(|(key, corrections)| (key::word_hash(key.as_bytes()), key.to_ascii_lowercase(), corrections))
        .collect();
    // A stable sort, then the first of each run of equal hashes: typos' first key stays.
    entries.sort_by_key(|(hash, _, _)| *hash);
    entries.dedup_by_key(|(hash, _, _)| *hash);

    let mut bloom = vec![0u8; key::BLOOM_BYTES];
    let mut hashes = Vec::with_capacity(entries.len() * 8);
    let mut buckets = Vec::with_capacity((key::BUCKETS + 1) * 4);
    let mut offsets = Vec::with_capacity((entries.len() + 1) * 4);
    let mut records = String::new();
    let offset = |n: usize| u32::try_from(n).expect("the tables stay below 4 GiB").to_le_bytes();
    for (hash, key, corrections) in &entries {
        for bit in key::bloom_bits(*hash) {
            bloom[bit / 8] |= 1 << (bit % 8);
        }
        hashes.extend_from_slice(&hash.to_le_bytes());
        offsets.extend_from_slice(&offset(records.len()));
        records.push_str(key);
        for correction in *corrections {
            assert!(!correction.contains('\0'), "typos' correction {correction:?} of {key} holds a NUL");
            records.push('\0');
            records.push_str(correction);
        }
    }
    offsets.extend_from_slice(&offset(records.len()));
    for bucket in 0..=key::BUCKETS {
        let first = entries.partition_point(|(hash, _, _)| key::bucket(*hash) < bucket);
        buckets.extend_from_slice(&offset(first));
    }
    let shortest = entries.iter().map(|(_, key, _)| key.len()).min().unwrap_or(0);
    let longest = entries.iter().map(|(_, key, _)| key.len()).max().unwrap_or(0);
    let constants = format!(
        "// Written by server/build.rs from typos-dict's word list.\n\
         pub const ENTRIES: usize = {};\npub const SHORTEST: usize = {shortest};\npub const LONGEST: usize = {longest};\n",
        entries.len()
    );

    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("writing {name} in OUT_DIR: {e}"))
    };
    write("misspelling-bloom.bin", &bloom);
    write("misspelling-hashes.bin", &hashes);
    write("misspelling-buckets.bin", &buckets);
    write("misspelling-offsets.bin", &offsets);
    write("misspelling-records.txt", records.as_bytes());
    write("misspelling.rs", constants.as_bytes());
}
