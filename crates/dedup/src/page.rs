//! Repeats inside one document: copied passages (whole blocks, runs of
//! blocks, or a span pasted into another block) and near-duplicate blocks.
//!
//! # How copies are found
//!
//! The blocks' non-whitespace characters are laid end to end, with one shared
//! boundary symbol between blocks (so that a run of blocks repeated elsewhere
//! matches as one passage, and a line re-wrapped differently still matches).
//! Winnowed k-gram fingerprints (a rolling hash, the rightmost minimum of
//! each window) guarantee that any common substring of at least
//! `min_copy_chars` characters shares a selected fingerprint with its other
//! occurrence; each fingerprint is paired with its previous occurrence and
//! the pair is extended to a maximal match. Cost: linear in the text, plus
//! the length of the matches; no character is compared with every other.
//!
//! # Which copy is kept
//!
//! Matches are merged into regions; regions linked by matches form a group
//! (the copies of one passage). Among the copies that hold the whole passage
//! (at least 80% of the longest copy: a partial copy is the paste), the one
//! whose surroundings share the most of its vocabulary is kept: the blocks of
//! its own article when the paragraph stage has assigned articles, else the
//! nearest blocks on each side, in both cases leaving out the other copies.
//! Vocabulary is CJK character bigrams and Latin words, weighted by how rare
//! they are on the page; each context block's share is weighted by 1/distance.
//! When the best score does not beat the next by the factor
//! `1 + context_margin`, the context says nothing and the first copy is kept.

use std::ops::Range;

use galley_core::chars::{is_cjk_letter, is_sentence_final};
use galley_core::{Document, RemovalKind, Span};

use crate::hash::{mix64, MixMap, K};
use crate::Config;

/// The symbol that stands between two blocks in the laid-out text.
const BOUNDARY: u32 = 0x11_0000;
/// Rounds of find-and-remove; a round removes every group it finds.
const MAX_ROUNDS: usize = 4;
/// Inverted-index postings longer than this are too common to pair blocks.
const MAX_POSTINGS: usize = 64;

/// The blocks' non-whitespace characters, end to end.
struct Laid {
    sym: Vec<u32>,
    /// Byte offset of each symbol in its block (0 for boundaries).
    off: Vec<u32>,
    /// Index in `sym` of each block's first symbol.
    starts: Vec<usize>,
}

impl Laid {
    fn new(doc: &Document) -> Option<Laid> {
        let total: usize = doc.blocks().iter().map(|b| b.text().len() + 1).sum();
        if total >= u32::MAX as usize {
            return None;
        }
        let mut sym = Vec::with_capacity(total / 2);
        let mut off = Vec::with_capacity(total / 2);
        let mut starts = Vec::with_capacity(doc.blocks().len());
        for (bi, b) in doc.blocks().iter().enumerate() {
            if bi > 0 {
                sym.push(BOUNDARY);
                off.push(0);
            }
            starts.push(sym.len());
            for (o, c) in b.text().char_indices() {
                if !c.is_whitespace() {
                    sym.push(c as u32);
                    off.push(o as u32);
                }
            }
        }
        Some(Laid { sym, off, starts })
    }

    fn block_of(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// Byte range in its block of the symbol at `pos`.
    fn char_range(&self, pos: usize) -> Range<usize> {
        let o = self.off.get(pos).copied().unwrap_or(0) as usize;
        let len = self
            .sym
            .get(pos)
            .and_then(|&s| char::from_u32(s))
            .map_or(0, char::len_utf8);
        o..o + len
    }

    /// The pieces of `range` in each block: `(block, byte range in the block)`.
    fn pieces(&self, range: Range<usize>) -> Vec<(usize, Range<usize>)> {
        let mut out: Vec<(usize, Range<usize>)> = Vec::new();
        let mut pos = range.start;
        while pos < range.end {
            if self.sym.get(pos) == Some(&BOUNDARY) {
                pos += 1;
                continue;
            }
            let b = self.block_of(pos);
            let block_end = self.starts.get(b + 1).map_or(self.sym.len(), |&s| s - 1);
            let last = range.end.min(block_end).max(pos + 1) - 1;
            out.push((b, self.char_range(pos).start..self.char_range(last).end));
            pos = last + 1;
        }
        out
    }

    /// Number of characters (boundaries not counted) in `range`.
    fn chars(&self, range: Range<usize>) -> usize {
        self.sym
            .get(range)
            .map_or(0, |s| s.iter().filter(|&&c| c != BOUNDARY).count())
    }
}

/// Rolling hashes of every `k`-gram starting in `range` (that fits in it).
fn kgrams(sym: &[u32], range: Range<usize>, k: usize) -> Vec<(usize, u64)> {
    let end = range.end.min(sym.len());
    if k == 0 || range.start + k > end {
        return Vec::new();
    }
    let unit = |s: u32| mix64(u64::from(s) + 1) | 1;
    let pow = (1..k).fold(1u64, |p, _| p.wrapping_mul(K));
    let mut h = 0u64;
    for &s in &sym[range.start..range.start + k] {
        h = h.wrapping_mul(K).wrapping_add(unit(s));
    }
    let mut out = Vec::with_capacity(end - range.start - k + 1);
    out.push((range.start, h));
    for j in range.start + 1..=end - k {
        h = h
            .wrapping_sub(unit(sym[j - 1]).wrapping_mul(pow))
            .wrapping_mul(K)
            .wrapping_add(unit(sym[j + k - 1]));
        out.push((j, h));
    }
    out
}

/// Winnowing: the rightmost minimum of each window of `w` fingerprints.
fn winnow(hashes: &[(usize, u64)], w: usize) -> Vec<(usize, u64)> {
    let mut out: Vec<(usize, u64)> = Vec::new();
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    for (i, &(_, h)) in hashes.iter().enumerate() {
        let f = mix64(h);
        while deque.back().is_some_and(|&b| mix64(hashes[b].1) >= f) {
            deque.pop_back();
        }
        deque.push_back(i);
        while deque.front().is_some_and(|&f0| f0 + w <= i) {
            deque.pop_front();
        }
        if i + 1 >= w {
            if let Some(&m) = deque.front() {
                if out.last().map(|l| l.0) != Some(hashes[m].0) {
                    out.push((hashes[m].0, mix64(hashes[m].1)));
                }
            }
        }
    }
    out
}

/// A copied passage: `copy` repeats `src`, which comes earlier.
#[derive(Clone, Debug)]
struct Match {
    copy: Range<usize>,
    src: Range<usize>,
}

/// Extend an equal k-gram pair `(q, p)`, `q < p`, to a maximal match whose
/// two occurrences do not overlap, and trim boundary symbols off its ends.
fn extend(
    sym: &[u32],
    (q, p): (usize, usize),
    k: usize,
    min_len: usize,
    lo: (usize, usize),
    hi: (usize, usize),
) -> Match {
    let d = p - q;
    let mut s = 0;
    while s + k < d && p - s > lo.1 && q - s > lo.0 && sym[p - s - 1] == sym[q - s - 1] {
        s += 1;
    }
    let mut e = k.min(d);
    while s + e < d && p + e < hi.1 && q + e < hi.0 && sym[p + e] == sym[q + e] {
        e += 1;
    }
    let (mut ps, mut pe) = (p - s, p + e);
    while ps < pe && sym[ps] == BOUNDARY {
        ps += 1;
    }
    while pe > ps && sym[pe - 1] == BOUNDARY {
        pe -= 1;
    }
    // A match that runs across blocks must not drag along a short tail of
    // the block before it or a short head of the block after it (the `。`
    // that ends two different paragraphs): such an end piece is kept only
    // when it is a whole block on both sides or long enough on its own.
    let at_start = |x: usize| x == 0 || sym.get(x - 1) == Some(&BOUNDARY);
    let at_end = |x: usize| x >= sym.len() || sym.get(x) == Some(&BOUNDARY);
    if let Some(b) = sym[ps..pe].iter().position(|&c| c == BOUNDARY) {
        if b < min_len && !(at_start(ps) && at_start(ps - d)) {
            ps += b + 1;
        }
    }
    if let Some(b) = sym[ps..pe].iter().rposition(|&c| c == BOUNDARY) {
        let tail = pe - ps - b - 1;
        if tail < min_len && !(at_end(pe) && at_end(pe - d)) {
            pe = ps + b;
        }
    }
    let qs = ps - d;
    Match {
        copy: ps..pe,
        src: qs..qs + (pe - ps),
    }
}

/// Whether a match is a quotation that may stand twice: a single sentence
/// (or less) inside one block, shorter than `max_quote_chars`.
fn is_quotation(sym: &[u32], m: &Match, config: &Config) -> bool {
    let piece = &sym[m.copy.clone()];
    if piece.contains(&BOUNDARY) {
        return false;
    }
    let n = piece.len();
    if n >= config.max_quote_chars {
        return false;
    }
    // A sentence end followed by more than closing marks means two sentences.
    let ends = piece
        .iter()
        .enumerate()
        .filter(|(i, &c)| {
            char::from_u32(c).is_some_and(is_sentence_final)
                && piece[i + 1..]
                    .iter()
                    .any(|&d| char::from_u32(d).is_some_and(|d| d.is_alphanumeric()))
        })
        .count();
    ends == 0
}

fn find_matches(laid: &Laid, config: &Config) -> Vec<Match> {
    let l = config.min_copy_chars.max(2);
    let k = (l / 2).clamp(1, 16);
    let w = l - k + 1;
    let sym = &laid.sym;
    let hashes = kgrams(sym, 0..sym.len(), k);
    if hashes.len() < w {
        return Vec::new();
    }
    let selected = winnow(&hashes, w);
    let mut last: MixMap<u64, usize> = MixMap::default();
    let mut cover: MixMap<usize, usize> = MixMap::default();
    let mut out = Vec::new();
    let n = sym.len();
    for (p, f) in selected {
        let Some(q) = last.insert(f, p) else { continue };
        let d = p - q;
        if cover.get(&d).is_some_and(|&e| e > p) {
            continue;
        }
        if sym[q..q + k] != sym[p..p + k] {
            continue;
        }
        let m = extend(sym, (q, p), k, l, (0, 0), (n, n));
        cover.insert(d, m.copy.end.max(p + 1));
        if laid.chars(m.copy.clone()) >= l && !is_quotation(sym, &m, config) {
            out.push(m);
        }
    }
    out
}

/// The parts of `x` that repeat parts of `keep`: `(part of x, part of keep)`.
fn align(laid: &Laid, x: Range<usize>, keep: Range<usize>, config: &Config) -> Vec<Match> {
    let l = config.min_copy_chars.max(2);
    let k = (l / 2).clamp(1, 16);
    let sym = &laid.sym;
    let mut index: MixMap<u64, usize> = MixMap::default();
    for (j, h) in kgrams(sym, keep.clone(), k) {
        index.entry(h).or_insert(j);
    }
    let mut out: Vec<Match> = Vec::new();
    let mut covered = x.start;
    for (p, h) in kgrams(sym, x.clone(), k) {
        if p < covered {
            continue;
        }
        let Some(&q) = index.get(&h) else { continue };
        if sym[q..q + k] != sym[p..p + k] {
            continue;
        }
        let (a, b, swap) = if q < p { (q, p, false) } else { (p, q, true) };
        let m = if swap {
            let m = extend(sym, (a, b), k, l, (x.start, keep.start), (x.end, keep.end));
            Match {
                copy: m.src,
                src: m.copy,
            }
        } else {
            extend(sym, (a, b), k, l, (keep.start, x.start), (keep.end, x.end))
        };
        covered = m.copy.end.max(p + 1);
        if laid.chars(m.copy.clone()) >= l {
            out.push(m);
        }
    }
    out
}

/// Vocabulary units of a text with their byte offsets: CJK character bigrams
/// and Latin words of three letters or more, lowercased.
fn units(text: &str) -> Vec<(usize, u64)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut word: Option<(usize, u64, usize)> = None;
    for (o, c) in text.char_indices() {
        if is_cjk_letter(c) {
            if let Some(p) = prev {
                out.push((o, mix64(((p as u64) << 21) | c as u64)));
            }
            prev = Some(c);
        } else {
            prev = None;
        }
        if c.is_alphanumeric() && !is_cjk_letter(c) {
            let (start, h, n) = word.unwrap_or((o, 0x5151, 0));
            let lc = c.to_lowercase().next().unwrap_or(c);
            word = Some((start, (h ^ lc as u64).wrapping_mul(K), n + 1));
        } else if let Some((start, h, n)) = word.take() {
            if n >= 3 {
                out.push((start, mix64(h)));
            }
        }
    }
    if let Some((start, h, n)) = word {
        if n >= 3 {
            out.push((start, mix64(h)));
        }
    }
    out
}

/// Per-block vocabulary and page-wide rarity weights.
struct Vocab {
    blocks: Vec<Vec<(usize, u64)>>,
    idf: MixMap<u64, f64>,
}

impl Vocab {
    fn new(doc: &Document) -> Vocab {
        let blocks: Vec<Vec<(usize, u64)>> = doc.blocks().iter().map(|b| units(b.text())).collect();
        let mut df: MixMap<u64, u32> = MixMap::default();
        for b in &blocks {
            let mut seen: Vec<u64> = b.iter().map(|u| u.1).collect();
            seen.sort_unstable();
            seen.dedup();
            for u in seen {
                *df.entry(u).or_insert(0) += 1;
            }
        }
        let n = blocks.len() as f64;
        let idf = df
            .into_iter()
            .map(|(u, d)| (u, (1.0 + n / f64::from(d)).ln()))
            .collect();
        Vocab { blocks, idf }
    }

    /// Units of block `b` inside (`inside = true`) or outside the byte ranges.
    fn of(
        &self,
        b: usize,
        ranges: &[Range<usize>],
        inside: bool,
    ) -> impl Iterator<Item = u64> + '_ {
        let ranges = ranges.to_vec();
        self.blocks
            .get(b)
            .into_iter()
            .flatten()
            .filter(move |(o, _)| ranges.iter().any(|r| r.contains(o)) == inside)
            .map(|u| u.1)
    }

    /// Share of `content`'s weighted vocabulary found in `context`.
    fn score(&self, content: &[u64], context: &[u64]) -> f64 {
        let ctx: std::collections::HashSet<
            u64,
            std::hash::BuildHasherDefault<crate::hash::MixHasher>,
        > = context.iter().copied().collect();
        let mut c = content.to_vec();
        c.sort_unstable();
        c.dedup();
        let (mut hit, mut all) = (0.0, 0.0);
        for u in c {
            let w = self.idf.get(&u).copied().unwrap_or(0.0);
            all += w;
            if ctx.contains(&u) {
                hit += w;
            }
        }
        if all > 0.0 {
            hit / all
        } else {
            0.0
        }
    }
}

/// Whether the paragraph stage has put the blocks into more than one article.
fn has_articles(doc: &Document) -> bool {
    let mut it = doc.blocks().iter().map(|b| b.article);
    let first = it.next();
    it.any(|a| Some(a) != first)
}

/// A copy of a passage, as the blocks it touches: `(block, byte ranges)`.
type Footprint = Vec<(usize, Vec<Range<usize>>)>;

/// Why a copy was kept, for the reason strings.
enum Kept {
    Article(usize),
    Context,
    First,
}

impl Kept {
    fn describe(&self) -> String {
        match self {
            Kept::Article(a) => format!("kept: article {a}, whose text shares its vocabulary"),
            Kept::Context => "kept: the copy among text about the same things".to_string(),
            Kept::First => "kept: the first copy; the surroundings do not tell".to_string(),
        }
    }
}

/// Score each copy by how much of its vocabulary its surroundings share
/// (leaving out every copy of the group) and pick the copy to keep among
/// `candidates`. Returns the index into `copies` and why.
fn choose(
    doc: &Document,
    vocab: &Vocab,
    copies: &[Footprint],
    candidates: &[usize],
    config: &Config,
) -> (usize, Kept) {
    let mut group_ranges: MixMap<usize, Vec<Range<usize>>> = MixMap::default();
    for c in copies {
        for (b, rs) in c {
            group_ranges
                .entry(*b)
                .or_default()
                .extend(rs.iter().cloned());
        }
    }
    let empty = Vec::new();
    let outside = |b: usize| -> Vec<u64> {
        vocab
            .of(b, group_ranges.get(&b).unwrap_or(&empty), false)
            .collect()
    };
    let articles = has_articles(doc);
    let nblocks = doc.blocks().len();
    let mut scores: Vec<(usize, f64)> = Vec::new();
    for &ci in candidates {
        let copy = &copies[ci];
        let content: Vec<u64> = copy
            .iter()
            .flat_map(|(b, rs)| vocab.of(*b, rs, true).collect::<Vec<_>>())
            .collect();
        let first = copy.first().map_or(0, |c| c.0);
        let last = copy.last().map_or(0, |c| c.0);
        // (weight, units): nearer blocks weigh more.
        let mut context: Vec<(f64, Vec<u64>)> = Vec::new();
        if articles {
            let art = doc.blocks().get(first).map_or(0, |b| b.article);
            for b in 0..nblocks {
                if doc.blocks()[b].article == art {
                    context.push((1.0, outside(b)));
                }
            }
        } else {
            context.push((1.0, outside(first)));
            if last != first {
                context.push((1.0, outside(last)));
            }
            let mut got = 0;
            let mut b = first;
            while got < config.context_blocks && b > 0 {
                b -= 1;
                let u = outside(b);
                if !u.is_empty() {
                    got += 1;
                    context.push((1.0 / got as f64, u));
                }
            }
            let (mut got, mut b) = (0, last + 1);
            while got < config.context_blocks && b < nblocks {
                let u = outside(b);
                if !u.is_empty() {
                    got += 1;
                    context.push((1.0 / got as f64, u));
                }
                b += 1;
            }
        }
        let (mut num, mut den) = (0.0, 0.0);
        for (w, units) in &context {
            if !units.is_empty() {
                num += w * vocab.score(&content, units);
                den += w;
            }
        }
        let score = if den > 0.0 { num / den } else { 0.0 };
        scores.push((ci, score));
    }
    let mut best = scores.first().copied().unwrap_or((0, 0.0));
    let mut second = f64::NEG_INFINITY;
    for &(ci, s) in scores.iter().skip(1) {
        if s > best.1 {
            second = best.1;
            best = (ci, s);
        } else if s > second {
            second = s;
        }
    }
    if scores.len() > 1 && (best.1 <= 0.0 || best.1 < second * (1.0 + config.context_margin)) {
        // The context says nothing: the first copy in reading order.
        let first = candidates.iter().copied().min().unwrap_or(0);
        return (first, Kept::First);
    }
    if articles {
        let art = copies[best.0]
            .first()
            .and_then(|c| doc.blocks().get(c.0))
            .map_or(0, |b| b.article);
        (best.0, Kept::Article(art))
    } else {
        (best.0, Kept::Context)
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi] = lo;
    }
}

/// The source span of a block-local byte range.
fn source(doc: &Document, b: usize, r: Range<usize>) -> Option<Span> {
    doc.blocks().get(b).and_then(|bl| bl.to_source(r).ok())
}

/// One round of copied-passage removal. Returns whether anything was removed.
fn copies_round(doc: &mut Document, config: &Config) -> Result<bool, galley_core::Error> {
    let Some(laid) = Laid::new(doc) else {
        return Ok(false);
    };
    let matches = find_matches(&laid, config);
    if matches.is_empty() {
        return Ok(false);
    }
    // Regions: the union of both sides of every match, merged where they overlap.
    let mut ranges: Vec<Range<usize>> = matches
        .iter()
        .flat_map(|m| [m.copy.clone(), m.src.clone()])
        .collect();
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut regions: Vec<Range<usize>> = Vec::new();
    for r in ranges {
        match regions.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => regions.push(r),
        }
    }
    let region_of = |pos: usize| {
        regions
            .partition_point(|r| r.start <= pos)
            .saturating_sub(1)
    };
    let mut parent: Vec<usize> = (0..regions.len()).collect();
    for m in &matches {
        union(&mut parent, region_of(m.copy.start), region_of(m.src.start));
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..regions.len() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(i);
    }
    let vocab = Vocab::new(doc);
    // block -> removals (range, reason)
    let mut cuts: std::collections::BTreeMap<usize, Vec<(Range<usize>, String)>> =
        Default::default();
    let mut sources: std::collections::BTreeMap<usize, Vec<(Option<usize>, String)>> =
        Default::default();
    for members in groups.values().filter(|g| g.len() > 1) {
        let copies: Vec<Footprint> = members
            .iter()
            .map(|&r| footprint(&laid, regions[r].clone()))
            .collect();
        let longest = members
            .iter()
            .map(|&r| laid.chars(regions[r].clone()))
            .max()
            .unwrap_or(0);
        // A copy holding at most 80% of the passage is a partial paste.
        let candidates: Vec<usize> = (0..members.len())
            .filter(|&i| laid.chars(regions[members[i]].clone()) * 5 >= longest * 4)
            .collect();
        let (keep, why) = choose(doc, &vocab, &copies, &candidates, config);
        let keep_range = regions[members[keep]].clone();
        for (i, &r) in members.iter().enumerate() {
            if i == keep {
                continue;
            }
            for m in align(&laid, regions[r].clone(), keep_range.clone(), config) {
                let kp = laid.pieces(m.src.clone());
                let (Some(first), Some(last)) = (kp.first(), kp.last()) else {
                    continue;
                };
                let (Some(s), Some(e)) = (
                    source(doc, first.0, first.1.clone()),
                    source(doc, last.0, last.1.clone()),
                ) else {
                    continue;
                };
                let reason = format!("repeats bytes {}..{} ({})", s.start, e.end, why.describe());
                let src_block = if first.0 == last.0 {
                    Some(first.0)
                } else {
                    None
                };
                for (b, br) in laid.pieces(m.copy.clone()) {
                    cuts.entry(b).or_default().push((br, reason.clone()));
                    sources
                        .entry(b)
                        .or_default()
                        .push((src_block, why.describe()));
                }
            }
        }
    }
    // A block whose copied parts all come from one block and that is a near
    // duplicate of that block as a whole goes whole, not in pieces.
    for (b, srcs) in &sources {
        let Some((Some(kb), why)) = srcs.first().cloned() else {
            continue;
        };
        if srcs.iter().any(|s| s.0 != Some(kb)) || kb == *b {
            continue;
        }
        let (Some(tb), Some(tk)) = (doc.blocks().get(*b), doc.blocks().get(kb)) else {
            continue;
        };
        let whole = tb
            .text()
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace())
            .count();
        let cut: usize = cuts.get(b).map_or(0, |rs| {
            rs.iter()
                .map(|(r, _)| {
                    tb.text()
                        .get(r.clone())
                        .map_or(0, |t| t.chars().filter(|c| !c.is_whitespace()).count())
                })
                .sum()
        });
        if cut >= whole {
            continue; // an exact copy of the whole block: "repeats" says it best
        }
        let j = jaccard_sorted(
            &block_shingles(tb.text(), config),
            &block_shingles(tk.text(), config),
        );
        if j >= config.near_threshold {
            if let Some(ks) = source(doc, kb, 0..tk.text().len()) {
                let reason = format!(
                    "near duplicate (shingle Jaccard {j:.2}) of bytes {}..{} ({why})",
                    ks.start, ks.end
                );
                cuts.insert(*b, vec![(0..tb.text().len(), reason)]);
            }
        }
    }
    apply_cuts(doc, cuts)
}

/// The blocks and byte ranges a laid-out range covers.
fn footprint(laid: &Laid, range: Range<usize>) -> Footprint {
    let mut out: Footprint = Vec::new();
    for (b, r) in laid.pieces(range) {
        match out.last_mut() {
            Some((lb, rs)) if *lb == b => rs.push(r),
            _ => out.push((b, vec![r])),
        }
    }
    out
}

/// Remove the given ranges, last block first so that indices stay valid.
fn apply_cuts(
    doc: &mut Document,
    cuts: std::collections::BTreeMap<usize, Vec<(Range<usize>, String)>>,
) -> Result<bool, galley_core::Error> {
    let mut any = false;
    for (b, mut rs) in cuts.into_iter().rev() {
        rs.sort_by_key(|r| (r.0.start, r.0.end));
        rs.dedup_by(|a, b| a.0.start < b.0.end);
        let Some(block) = doc.blocks().get(b) else {
            continue;
        };
        let text = block.text();
        let lead = text.len() - text.trim_start().len();
        let trail = text.trim_end().len();
        any = true;
        if rs.len() == 1 && rs[0].0.start <= lead && rs[0].0.end >= trail {
            doc.remove_block(b, RemovalKind::Duplicate, &rs[0].1)?;
        } else {
            let ranges = rs
                .into_iter()
                .map(|(r, why)| (r, RemovalKind::Duplicate, why))
                .collect();
            doc.remove_ranges(b, ranges)?;
        }
    }
    Ok(any)
}

/// Shingles of a block for near-duplicate comparison: character n-grams of
/// CJK text, word n-grams of other text.
fn block_shingles(text: &str, config: &Config) -> Vec<u64> {
    // Counted among the characters the tokens are made of: a few characters
    // of the CJK letter blocks are not alphanumeric (the katakana middle dot
    // `・`), and counted apart they could outnumber them.
    let (mut cjk, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        if is_cjk_letter(c) {
            cjk += 1;
        } else {
            other += 1;
        }
    }
    let tokens: Vec<u64> = if cjk >= other {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| mix64(c as u64 + 1))
            .collect()
    } else {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| crate::hash::hash_bytes(0, w.to_lowercase().as_bytes()))
            .collect()
    };
    let n = if cjk >= other {
        config.cjk_shingle
    } else {
        config.word_shingle
    }
    .max(1);
    let mut out: Vec<u64> = if tokens.len() < n {
        vec![tokens.iter().fold(0, |h, &t| mix64(h ^ t))]
    } else {
        tokens
            .windows(n)
            .map(|w| w.iter().fold(0u64, |h, &t| mix64(h.rotate_left(7) ^ t)))
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Jaccard similarity of two sorted, deduplicated sets.
pub(crate) fn jaccard_sorted<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Remove blocks that are near duplicates (shingle Jaccard over the
/// threshold) of another block.
fn near_blocks(doc: &mut Document, config: &Config) -> Result<(), galley_core::Error> {
    let n = doc.blocks().len();
    let shingles: Vec<Option<Vec<u64>>> = doc
        .blocks()
        .iter()
        .map(|b| {
            let chars = b.text().chars().filter(|c| !c.is_whitespace()).count();
            (chars >= config.min_copy_chars).then(|| block_shingles(b.text(), config))
        })
        .collect();
    let mut postings: MixMap<u64, Vec<usize>> = MixMap::default();
    for (i, s) in shingles.iter().enumerate() {
        for &h in s.iter().flatten() {
            postings.entry(h).or_default().push(i);
        }
    }
    let mut shared: MixMap<(usize, usize), usize> = MixMap::default();
    for list in postings.values() {
        if list.len() > MAX_POSTINGS {
            continue;
        }
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                *shared.entry((a, b)).or_insert(0) += 1;
            }
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    let mut pairs: Vec<((usize, usize), usize)> = shared.into_iter().collect();
    pairs.sort_unstable();
    for ((a, b), inter) in pairs {
        let (Some(sa), Some(sb)) = (&shingles[a], &shingles[b]) else {
            continue;
        };
        let j = inter as f64 / (sa.len() + sb.len() - inter) as f64;
        if j >= config.near_threshold {
            union(&mut parent, a, b);
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    if groups.values().all(|g| g.len() < 2) {
        return Ok(());
    }
    let vocab = Vocab::new(doc);
    let mut cuts: std::collections::BTreeMap<usize, Vec<(Range<usize>, String)>> =
        Default::default();
    for members in groups.values().filter(|g| g.len() > 1) {
        let copies: Vec<Footprint> = members
            .iter()
            .map(|&b| {
                vec![(
                    b,
                    std::iter::once(0..doc.blocks()[b].text().len()).collect(),
                )]
            })
            .collect();
        let all: Vec<usize> = (0..members.len()).collect();
        let (keep, why) = choose(doc, &vocab, &copies, &all, config);
        let kb = members[keep];
        let Some(ks) = source(doc, kb, 0..doc.blocks()[kb].text().len()) else {
            continue;
        };
        for &b in members {
            if b == kb {
                continue;
            }
            let (Some(sa), Some(sb)) = (&shingles[b], &shingles[kb]) else {
                continue;
            };
            let j = jaccard_sorted(sa, sb);
            let reason = format!(
                "near duplicate (shingle Jaccard {j:.2}) of bytes {}..{} ({})",
                ks.start,
                ks.end,
                why.describe()
            );
            cuts.entry(b)
                .or_default()
                .push((0..doc.blocks()[b].text().len(), reason));
        }
    }
    apply_cuts(doc, cuts).map(|_| ())
}

/// Run the in-document deduplication on `doc`.
pub(crate) fn dedup_document(
    doc: &mut Document,
    config: &Config,
) -> Result<(), galley_core::Error> {
    for _ in 0..MAX_ROUNDS {
        if !copies_round(doc, config)? {
            break;
        }
    }
    if config.near_threshold <= 1.0 {
        near_blocks(doc, config)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        Config::default()
    }

    #[test]
    fn shingles_of_text_with_non_alphanumeric_cjk_marks() {
        // `・` and `゠` lie in the kana block but are not alphanumeric: more
        // of them than letters once made the count of other letters negative.
        let text = "・・・・゠ a";
        let s = block_shingles(text, &cfg());
        assert_eq!(s, block_shingles("a", &cfg()));
        // Mostly CJK letters: character shingles, as without the marks.
        assert_eq!(
            block_shingles("教育・强国", &cfg()),
            block_shingles("教育强国", &cfg())
        );
    }

    #[test]
    fn kgrams_roll_like_direct_hashing() {
        let sym: Vec<u32> = "abcabcabd".chars().map(|c| c as u32).collect();
        let h = kgrams(&sym, 0..sym.len(), 3);
        assert_eq!(h.len(), 7);
        assert_eq!(h[0].1, h[3].1); // "abc" == "abc"
        assert_ne!(h[0].1, h[6].1); // "abc" != "abd"
        let direct = kgrams(&sym, 3..6, 3);
        assert_eq!(direct[0].1, h[0].1);
    }

    #[test]
    fn winnowing_selects_in_every_window() {
        let sym: Vec<u32> = (0..200u32).map(|i| (i * 7919) % 31).collect();
        let h = kgrams(&sym, 0..sym.len(), 4);
        let sel = winnow(&h, 10);
        for w in sel.windows(2) {
            assert!(w[1].0 - w[0].0 <= 10);
        }
    }

    #[test]
    fn pasted_span_inside_a_block_is_cut() {
        let src = "近日，本地医疗保障局组织辖区内医疗机构开展药品、耗材集采工作培训，邀请了专家进行授课。专家培训能解答不少集采工作中的堵点，对我来说是珍贵的学习机会。医务人员说。";
        let edu = "学校党组织书记培训班今年举办多场，教师队伍建设和学生德育工作同步推进。";
        let med = "医疗保障局推进药品耗材集中带量采购，医疗机构和医务人员积极参与集采工作。";
        let pasted = &src[src.find("开展").unwrap()..];
        let input = format!("{edu}\n\n教育工作持续增强政治领导力：遴选{pasted}\n\n{edu}学生。\n\n{med}\n\n{src}\n\n{med}药品。");
        let mut doc = Document::new("x", input.as_str());
        dedup_document(&mut doc, &cfg()).unwrap();
        galley_core::invariants::check_document(&doc).unwrap();
        eprintln!("{:#?}", doc.removed());
        assert_eq!(doc.blocks()[1].text(), "教育工作持续增强政治领导力：遴选");
        assert_eq!(doc.blocks()[4].text(), src);
        assert_eq!(doc.removed().len(), 1);
        let r = &doc.removed()[0];
        assert_eq!(r.text, pasted);
        let at = input.rfind(pasted).unwrap();
        assert!(
            r.reason
                .starts_with(&format!("repeats bytes {}..{}", at, at + pasted.len())),
            "{}",
            r.reason
        );
    }

    #[test]
    fn one_quoted_sentence_stays_twice() {
        let q = "加强党对教育工作的全面领导，是办好教育的根本保证，也是全体教师的共同责任与光荣使命所在。";
        let input = format!("{q}面对新形势新要求，如何把握方向。\n\n别的段落。\n\n{q}");
        let mut doc = Document::new("x", input.as_str());
        dedup_document(&mut doc, &cfg()).unwrap();
        assert!(doc.removed().is_empty(), "{:?}", doc.removed());
    }

    #[test]
    fn near_duplicate_blocks_keep_one() {
        let a = "The city council approved the new budget on Tuesday after a long debate about school funding and road repairs in the northern districts, where residents had asked for safer crossings and better lighting for years.";
        let b = "The city council approved the new budget on Tuesday after a long debate about school funding and road repair in the northern districts, where residents had asked for safer crossings and better lighting for years.";
        let input = format!("{a}\n\nSomething else entirely here.\n\n{b}");
        let mut doc = Document::new("x", input.as_str());
        dedup_document(&mut doc, &cfg()).unwrap();
        galley_core::invariants::check_document(&doc).unwrap();
        assert_eq!(doc.blocks().len(), 2);
        assert_eq!(doc.removed()[0].kind, RemovalKind::Duplicate);
    }
}
