//! What `server/build.rs` (which writes the `misspelling` rule's dictionary tables) and the rule
//! (which reads them) must agree on: the bytes of a word, the word hash, the Bloom filter's bits and
//! the buckets of the hash table. Plain code without dependencies, compiled into both.

/// misspell's word bytes, `[A-Za-z0-9']`.
pub fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[b as usize]
}

/// `[A-Za-z0-9']`, as a table: the scan asks it for every byte of every file.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    table
};

/// A hash of a word, the same for every spelling case of it: 8 bytes at a time, each byte OR 0x20,
/// which lower-cases an ASCII letter and leaves digits and `'` as they are; each step multiplies
/// and folds the high half down (a bijection per step), and MurmurHash3's finalizer ends it, so
/// that the Bloom filter's bits and the buckets are all well mixed.
pub fn word_hash(word: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let step = |hash: u64, bytes: u64| {
        let mixed = (hash ^ (bytes | LOWER)).wrapping_mul(K);
        mixed ^ (mixed >> 32)
    };
    let mut hash = (word.len() as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let mut chunks = word.chunks_exact(8);
    for chunk in &mut chunks {
        hash = step(hash, u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The tail, zero-padded, as a little-endian `u64`: assembled in a register. Copying it into
        // an `[u8; 8]` first cost a `memcpy` call and a stalled load, a third of the lookup's time.
        let tail = rest.iter().rev().fold(0u64, |tail, b| (tail << 8) | u64::from(*b));
        hash = step(hash, tail);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    hash ^ (hash >> 33)
}

/// The Bloom filter: 2^11 blocks of one cache line (64 bytes), 2^20 bits (128 KiB) in all.
pub const BLOOM_BLOCKS_LOG2: u32 = 11;
pub const BLOOM_BYTES: usize = 64 << BLOOM_BLOCKS_LOG2;

/// A hash's two bits in the Bloom filter, as bit numbers in the filter: both in the block the
/// hash's top 11 bits pick (the next 9 bits, and the 9 after, pick a bit in it), so that a word
/// costs one memory access.
pub fn bloom_bits(hash: u64) -> [usize; 2] {
    let block = (hash >> (64 - BLOOM_BLOCKS_LOG2)) as usize;
    let first = ((hash >> (64 - BLOOM_BLOCKS_LOG2 - 9)) & 511) as usize;
    let second = ((hash >> (64 - BLOOM_BLOCKS_LOG2 - 18)) & 511) as usize;
    [block * 512 + first, block * 512 + second]
}

/// The hash table is the keys' hashes sorted, with a directory of 2^16 buckets: a hash's top 16
/// bits name its bucket, and the directory says where each bucket's hashes start.
pub const BUCKETS_LOG2: u32 = 16;
pub const BUCKETS: usize = 1 << BUCKETS_LOG2;

pub fn bucket(hash: u64) -> usize {
    (hash >> (64 - BUCKETS_LOG2)) as usize
}
