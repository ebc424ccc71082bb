//! The pure steps of corpus deduplication, shared by every driver.
//!
//! 1. [`MinHasher::sketch`]: normalise a text, shingle it and compute its
//!    MinHash signature and summary statistics.
//! 2. [`band_keys`]: the LSH band keys of a signature.
//! 3. [`jaccard`]: the verified similarity of a candidate pair, from the two
//!    documents' shingle sets (stored by the driver; see below).
//! 4. [`keeper`]: which member of a cluster is kept, from per-document
//!    statistics only.
//!
//! Plus [`bucket_pairs`] (which pairs of an LSH bucket are candidates) and
//! [`order_cluster`] (member order). Each is a pure function of its inputs
//! and the [`CorpusConfig`] (seed included): no global state, no
//! `RandomState`, the same bits on every platform, so a driver on one
//! machine and a cluster job produce identical clusters.
//!
//! # Normalisation and shingles
//!
//! A text is read as a sequence of *units*: each CJK letter (ideograph, kana,
//! hangul) is a unit; each run of other letters and digits is a unit (a
//! word), lowercased, full-width forms folded to ASCII. Punctuation,
//! symbols and whitespace only separate units, so re-wrapping, punctuation
//! width and case do not matter. A shingle is `shingle` consecutive units
//! (character n-grams for CJK, word n-grams for Latin text; mixed text
//! mixes them); a text with fewer units than that has one shingle of all
//! its units. Shingles are hashed to 32 bits; the *shingle set* is the
//! sorted, deduplicated set of those values, and Jaccard similarity is
//! computed on it (a collision changes a similarity by about 2⁻³²·n).
//!
//! # Verified similarity
//!
//! A candidate pair is verified from the two shingle sets, which a driver
//! computes from the texts with [`MinHasher::sketch`] and may store (the
//! single-machine driver spills them to disk, delta-encoded; a cluster job
//! can keep them in a column). The value is exact Jaccard of the sets, not
//! an estimate.

use serde::{Deserialize, Serialize};

use galley_core::chars::{fullwidth_alnum_to_ascii, is_cjk_letter, is_invisible};

use crate::hash::{hash_bytes, mix64, splitmix_stream, K};
use crate::Error;

/// Options of corpus deduplication. Every field has a default; unknown keys
/// are rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct CorpusConfig {
    /// Units per shingle (characters of CJK text, words of other text).
    pub shingle: usize,
    /// LSH bands.
    pub bands: usize,
    /// Signature rows per band; `bands * rows` permutations in all.
    pub rows: usize,
    /// Verified Jaccard similarity at or above which two documents are
    /// near duplicates.
    pub threshold: f64,
    /// Seed of every hash: the same seed gives the same clusters.
    pub seed: u64,
    /// In an LSH bucket of more members than this, each member is paired
    /// only with the this many members before it (in canonical order).
    pub bucket_window: usize,
}

impl Default for CorpusConfig {
    fn default() -> CorpusConfig {
        CorpusConfig {
            shingle: 5,
            bands: 25,
            rows: 5,
            threshold: 0.7,
            seed: 0x6761_6c6c_6579,
            bucket_window: 32,
        }
    }
}

impl CorpusConfig {
    /// The number of MinHash permutations, `bands * rows`.
    pub fn permutations(&self) -> usize {
        self.bands * self.rows
    }

    /// Check that the options make sense.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |key: &'static str, message: String| Err(Error::InvalidOption { key, message });
        if self.shingle == 0 || self.shingle > 64 {
            return bad(
                "shingle",
                format!("{} is not between 1 and 64", self.shingle),
            );
        }
        if self.bands == 0 || self.rows == 0 || self.permutations() > 4096 {
            return bad(
                "bands",
                format!(
                    "bands ({}) and rows ({}) must be at least 1, with at most 4096 permutations",
                    self.bands, self.rows
                ),
            );
        }
        if self.threshold.is_nan() || self.threshold <= 0.0 || self.threshold > 1.0 {
            return bad("threshold", format!("{} is not in (0, 1]", self.threshold));
        }
        if self.bucket_window == 0 {
            return bad("bucket_window", "must be at least 1".into());
        }
        Ok(())
    }
}

/// Per-document statistics: all that the keeper rule and the exact-duplicate
/// step need, without the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocStats {
    /// Non-whitespace characters that are not OCR garbage.
    pub chars: u32,
    /// OCR-garbage characters: U+FFFD, control and invisible characters,
    /// private-use characters.
    pub garbage: u32,
    /// Units (CJK letters and words) after normalisation.
    pub units: u32,
    /// Hash of the normalised unit sequence: equal for exact duplicates.
    pub exact: u64,
}

/// A document's sketch: its shingle set, MinHash signature and statistics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sketch {
    /// The sorted, deduplicated 32-bit shingle hashes.
    pub shingles: Vec<u32>,
    /// One minimum per permutation (empty text: all `u32::MAX`).
    pub signature: Vec<u32>,
    /// Summary statistics.
    pub stats: DocStats,
}

/// Whether a character is OCR garbage for the keeper rule.
pub fn is_garbage(c: char) -> bool {
    c == '\u{FFFD}' || is_invisible(c) || matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF)
}

/// Built once from a [`CorpusConfig`]: the permutation parameters.
#[derive(Clone, Debug)]
pub struct MinHasher {
    config: CorpusConfig,
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// Validate the config and draw the permutations from its seed.
    pub fn new(config: CorpusConfig) -> Result<MinHasher, Error> {
        config.validate()?;
        let p = config.permutations();
        let mut stream = splitmix_stream(config.seed);
        let mut a = Vec::with_capacity(p);
        let mut b = Vec::with_capacity(p);
        for _ in 0..p {
            a.push(stream.next().unwrap_or(K) | 1);
            b.push(stream.next().unwrap_or(0));
        }
        Ok(MinHasher { config, a, b })
    }

    /// The config.
    pub fn config(&self) -> &CorpusConfig {
        &self.config
    }

    /// Step 1: normalise, shingle and sketch one text.
    pub fn sketch(&self, text: &str) -> Sketch {
        let seed = self.config.seed;
        let mut units: Vec<u64> = Vec::with_capacity(text.len() / 3 + 1);
        let (mut chars, mut garbage) = (0u32, 0u32);
        let mut word: Option<u64> = None;
        let unit_seed = mix64(seed ^ 0x756e_6974);
        for c in text.chars() {
            if c.is_whitespace() {
                if let Some(w) = word.take() {
                    units.push(mix64(w));
                }
                continue;
            }
            if is_garbage(c) {
                garbage += 1;
                if let Some(w) = word.take() {
                    units.push(mix64(w));
                }
                continue;
            }
            chars += 1;
            if is_cjk_letter(c) {
                if let Some(w) = word.take() {
                    units.push(mix64(w));
                }
                units.push(mix64(unit_seed ^ (c as u64) << 1));
            } else if c.is_alphanumeric() {
                let c = fullwidth_alnum_to_ascii(c).unwrap_or(c);
                let w = word.unwrap_or(unit_seed);
                if c.is_ascii() {
                    word = Some((w ^ c.to_ascii_lowercase() as u64).wrapping_mul(K));
                } else {
                    let w = c
                        .to_lowercase()
                        .fold(w, |w, l| (w ^ l as u64).wrapping_mul(K));
                    word = Some(w);
                }
            } else if let Some(w) = word.take() {
                units.push(mix64(w));
            }
        }
        if let Some(w) = word.take() {
            units.push(mix64(w));
        }
        let exact = units
            .iter()
            .fold(mix64(seed ^ units.len() as u64), |h, &u| {
                mix64(h ^ u).wrapping_add(K)
            });
        let n = self.config.shingle;
        let shingle = |w: &[u64]| -> u32 {
            let h = w.iter().fold(seed, |h, &u| mix64(h.rotate_left(13) ^ u));
            (h >> 32) as u32
        };
        let mut shingles: Vec<u32> = if units.is_empty() {
            Vec::new()
        } else if units.len() < n {
            vec![shingle(&units)]
        } else {
            units.windows(n).map(shingle).collect()
        };
        shingles.sort_unstable();
        shingles.dedup();
        let signature = self.signature(&shingles);
        Sketch {
            shingles,
            signature,
            stats: DocStats {
                chars,
                garbage,
                units: units.len().min(u32::MAX as usize) as u32,
                exact,
            },
        }
    }

    /// The MinHash signature of a shingle set: for each permutation
    /// `x -> a_i * mix(x) + b_i (mod 2^64)`, the minimum of the high 32 bits.
    pub fn signature(&self, shingles: &[u32]) -> Vec<u32> {
        let mut sig = vec![u64::MAX; self.a.len()];
        let seed = mix64(self.config.seed ^ 0x7065_726d);
        for &x in shingles {
            let v = mix64(seed ^ u64::from(x));
            for ((s, &a), &b) in sig.iter_mut().zip(&self.a).zip(&self.b) {
                let h = a.wrapping_mul(v).wrapping_add(b);
                if h < *s {
                    *s = h;
                }
            }
        }
        sig.into_iter().map(|h| (h >> 32) as u32).collect()
    }

    /// Step 2: the LSH band keys of a signature (see [`band_keys`]).
    pub fn band_keys(&self, signature: &[u32]) -> Vec<u64> {
        band_keys(signature, self.config.rows, self.config.seed)
    }
}

/// Step 2: one key per band of `rows` signature values, seeded and tagged
/// with the band's index so that equal rows in different bands differ.
pub fn band_keys(signature: &[u32], rows: usize, seed: u64) -> Vec<u64> {
    let rows = rows.max(1);
    (0..signature.len() / rows)
        .map(|band| band_key(signature, band, rows, seed))
        .collect()
}

/// The key of one band (see [`band_keys`]).
pub fn band_key(signature: &[u32], band: usize, rows: usize, seed: u64) -> u64 {
    let values = signature.get(band * rows..(band + 1) * rows).unwrap_or(&[]);
    let mut bytes = [0u8; 64];
    let mut h = seed ^ mix64(band as u64 + 1);
    for chunk in values.chunks(16) {
        for (i, v) in chunk.iter().enumerate() {
            bytes[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
        }
        h = hash_bytes(h, &bytes[..chunk.len() * 4]);
    }
    h
}

/// Step 3: Jaccard similarity of two sorted, deduplicated shingle sets (two
/// empty sets: 1).
pub fn jaccard(a: &[u32], b: &[u32]) -> f64 {
    crate::page::jaccard_sorted(a, b)
}

/// The Jaccard similarity estimated from two signatures: the share of equal
/// positions.
pub fn estimated_jaccard(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let eq = a.iter().zip(b).filter(|(x, y)| x == y).count();
    eq as f64 / n as f64
}

/// A cluster member as the keeper rule and the member order see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member<'a> {
    /// The document's id.
    pub id: &'a str,
    /// Its statistics.
    pub stats: DocStats,
}

/// The canonical order of documents: by id (bytewise), then by the exact
/// hash of the normalised text (for repeated ids).
pub fn canonical_cmp(a: &Member<'_>, b: &Member<'_>) -> std::cmp::Ordering {
    a.id.as_bytes()
        .cmp(b.id.as_bytes())
        .then(a.stats.exact.cmp(&b.stats.exact))
}

/// Sort a cluster's members into the canonical order ([`canonical_cmp`]).
pub fn order_cluster(members: &mut [Member<'_>]) {
    members.sort_by(canonical_cmp);
}

/// Step 4: the index of the member to keep. The rule: the most complete
/// text, i.e. the most non-garbage characters; then the fewest OCR-garbage
/// characters; then the canonical order (smallest id). Input order and hash
/// order play no part.
pub fn keeper(members: &[Member<'_>]) -> Option<usize> {
    (0..members.len()).min_by(|&i, &j| {
        let (a, b) = (&members[i], &members[j]);
        b.stats
            .chars
            .cmp(&a.stats.chars)
            .then(a.stats.garbage.cmp(&b.stats.garbage))
            .then_with(|| canonical_cmp(a, b))
    })
}

/// Why [`keeper`] chose `kept` over the others, for the clusters file.
pub fn keeper_reason(members: &[Member<'_>], kept: usize) -> String {
    let Some(k) = members.get(kept) else {
        return String::new();
    };
    let runner = members
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != kept)
        .map(|(_, m)| m)
        .min_by(|a, b| {
            b.stats
                .chars
                .cmp(&a.stats.chars)
                .then(a.stats.garbage.cmp(&b.stats.garbage))
                .then_with(|| canonical_cmp(a, b))
        });
    match runner {
        Some(r) if r.stats.chars == k.stats.chars && r.stats.garbage == k.stats.garbage => format!(
            "most complete text ({} characters, {} garbage), tied with `{}`: smallest id",
            k.stats.chars, k.stats.garbage, r.id
        ),
        Some(r) if r.stats.chars == k.stats.chars => format!(
            "most complete text ({} characters) with the fewest OCR-garbage characters ({} against {} in `{}`)",
            k.stats.chars, k.stats.garbage, r.stats.garbage, r.id
        ),
        Some(r) => format!(
            "most complete text: {} characters ({} garbage), next `{}` with {}",
            k.stats.chars, k.stats.garbage, r.id, r.stats.chars
        ),
        None => "single member".to_string(),
    }
}

/// The candidate pairs of one LSH bucket whose `n` members are in canonical
/// order: every pair when `n <= window + 1`, else each member with the
/// `window` members before it. Pairs are `(earlier, later)` positions.
pub fn bucket_pairs(n: usize, window: usize) -> impl Iterator<Item = (usize, usize)> {
    (1..n).flat_map(move |j| (j.saturating_sub(window)..j).map(move |i| (i, j)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hasher() -> MinHasher {
        MinHasher::new(CorpusConfig::default()).unwrap()
    }

    #[test]
    fn normalisation_ignores_wrapping_case_and_punctuation_width() {
        let h = hasher();
        let a = h.sketch("The Council met on Tuesday, and voted.");
        let b = h.sketch("the council\nmet on  Tuesday and voted!");
        assert_eq!(a.stats.exact, b.stats.exact);
        assert_eq!(a.shingles, b.shingles);
        let c = h.sketch("教育强则国家强，作为战略先导");
        let d = h.sketch("教育强则国家\n强。作为 战略先导");
        assert_eq!(c.stats.exact, d.stats.exact);
        assert_eq!(c.stats.units, 13);
    }

    #[test]
    fn garbage_is_counted() {
        let s = hasher().sketch("好\u{FFFD}\u{200B}字\u{E000}");
        assert_eq!(s.stats.garbage, 3);
        assert_eq!(s.stats.chars, 2);
    }

    #[test]
    fn similar_texts_have_similar_signatures() {
        let h = hasher();
        let words: Vec<String> = (0..300).map(|i| format!("w{}", i * 7919 % 1000)).collect();
        let base = words.join(" ");
        let mut e = words.clone();
        e[150] = "other".into();
        let edited = e.join(" ");
        let (a, b) = (h.sketch(&base), h.sketch(&edited));
        let j = jaccard(&a.shingles, &b.shingles);
        assert!(j > 0.9 && j < 1.0, "{j}");
        let e = estimated_jaccard(&a.signature, &b.signature);
        assert!((e - j).abs() < 0.15, "{e} vs {j}");
        let c = h.sketch("completely different text about something else entirely here");
        assert!(estimated_jaccard(&a.signature, &c.signature) < 0.1);
        assert_eq!(h.band_keys(&a.signature).len(), 25);
    }

    #[test]
    fn keeper_prefers_complete_then_clean_then_id() {
        let m = |id, chars, garbage| Member {
            id,
            stats: DocStats {
                chars,
                garbage,
                units: 0,
                exact: 0,
            },
        };
        assert_eq!(keeper(&[m("a", 10, 0), m("b", 12, 0)]), Some(1));
        assert_eq!(keeper(&[m("a", 12, 3), m("b", 12, 0)]), Some(1));
        assert_eq!(keeper(&[m("b", 12, 0), m("a", 12, 0)]), Some(1));
        assert_eq!(keeper(&[]), None);
        assert!(keeper_reason(&[m("b", 12, 0), m("a", 12, 0)], 1).contains("smallest id"));
    }

    #[test]
    fn bucket_pairs_are_windowed() {
        assert_eq!(
            bucket_pairs(3, 32).collect::<Vec<_>>(),
            vec![(0, 1), (0, 2), (1, 2)]
        );
        assert_eq!(bucket_pairs(100, 2).count(), 1 + 98 * 2);
    }
}
