//! Stable, seeded hashing: the same bits on every platform and in every
//! process, so that two drivers (this crate's and a cluster job's) agree.
//!
//! Nothing here uses `std`'s `RandomState`: every value that can reach an
//! output is a pure function of its input and an explicit seed.

/// The splitmix64 finaliser: a bijection of `u64` with full avalanche.
#[inline]
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A multiplier with good bit dispersion (the 64-bit golden ratio, odd).
pub(crate) const K: u64 = 0x9e37_79b9_7f4a_7c15;

/// Hash a byte string with a seed: eight bytes at a time, each folded in
/// with [`mix64`].
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = mix64(seed ^ (bytes.len() as u64).wrapping_mul(K));
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = mix64(h ^ u64::from_le_bytes(w)).wrapping_add(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = mix64(h ^ u64::from_le_bytes(w) ^ 0xff);
    }
    mix64(h)
}

/// A sequence of splitmix64 outputs from `seed`: the permutation parameters
/// of MinHash are drawn from it.
pub(crate) fn splitmix_stream(seed: u64) -> impl Iterator<Item = u64> {
    let mut state = seed;
    std::iter::from_fn(move || {
        state = state.wrapping_add(K);
        Some(mix64(state))
    })
}

/// A `Hasher` for integer keys: [`mix64`] of the key. For in-memory maps
/// whose iteration order never reaches an output; much cheaper than SipHash.
#[derive(Clone, Copy, Debug, Default)]
pub struct MixHasher(u64);

impl std::hash::Hasher for MixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix64(self.0 ^ u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = mix64(self.0 ^ n);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

/// A `HashMap` keyed by integers, hashed with [`MixHasher`].
pub type MixMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<MixHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_fixed() {
        // These values are part of the output format: changing them changes
        // every cluster and every persistent index.
        assert_eq!(mix64(0), 0);
        assert_eq!(mix64(1), 0x5692_161d_100b_05e5);
        assert_eq!(hash_bytes(0, b""), hash_bytes(0, b""));
        assert_ne!(hash_bytes(0, b"a"), hash_bytes(1, b"a"));
        assert_ne!(hash_bytes(0, b"a"), hash_bytes(0, b"a\0"));
        let s: Vec<u64> = splitmix_stream(7).take(2).collect();
        assert_ne!(s[0], s[1]);
    }
}
