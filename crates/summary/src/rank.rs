//! Sentence rankers and the redundancy-aware selection.
//!
//! Every graph ranker links a sentence only to the sentences within
//! `window` positions of it, so a 10,000-sentence article costs
//! `O(n · window)` similarity computations, not `O(n²)`; articles shorter
//! than the window get the full graph.

use crate::Ranker;

/// A sentence as the rankers see it: sorted `(term id, count)` pairs and its
/// token count.
#[derive(Debug, Clone, Default)]
pub(crate) struct Bag {
    pub(crate) terms: Vec<(u32, f32)>,
    pub(crate) len: usize,
}

/// Knobs shared by the rankers.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    pub(crate) window: usize,
    pub(crate) damping: f64,
    pub(crate) lexrank_threshold: f64,
}

/// Document frequency of each term over the sentences.
fn doc_freq(bags: &[Bag], n_terms: usize) -> Vec<u32> {
    let mut df = vec![0u32; n_terms];
    for b in bags {
        for &(t, _) in &b.terms {
            if let Some(d) = df.get_mut(t as usize) {
                *d += 1;
            }
        }
    }
    df
}

/// L2-normalised TF-IDF vectors (smooth idf: `ln(1 + n / df)`).
pub(crate) fn tfidf_vectors(bags: &[Bag], n_terms: usize) -> Vec<Vec<(u32, f32)>> {
    let df = doc_freq(bags, n_terms);
    let n = bags.len().max(1) as f64;
    bags.iter()
        .map(|b| {
            let mut v: Vec<(u32, f32)> = b
                .terms
                .iter()
                .map(|&(t, tf)| {
                    let d = f64::from(df.get(t as usize).copied().unwrap_or(1).max(1));
                    (t, (f64::from(tf) * (1.0 + n / d).ln()) as f32)
                })
                .collect();
            let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v
        })
        .collect()
}

/// Dot product of two sorted sparse vectors.
pub(crate) fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        let (ta, wa) = a[i];
        let (tb, wb) = b[j];
        if ta == tb {
            s += wa * wb;
            i += 1;
            j += 1;
        } else if ta < tb {
            i += 1;
        } else {
            j += 1;
        }
    }
    s
}

/// Share of unit vector `a`'s weight on terms that `b` also has: 1 when
/// every word of `a` is already in `b`.
pub(crate) fn covered(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        let (ta, wa) = a[i];
        let tb = b[j].0;
        if ta == tb {
            s += wa * wa;
            i += 1;
            j += 1;
        } else if ta < tb {
            i += 1;
        } else {
            j += 1;
        }
    }
    s
}

/// The neighbours of sentence `i` in the windowed graph.
fn neighbours(i: usize, n: usize, window: usize) -> std::ops::Range<usize> {
    i.saturating_sub(window)..(i + window + 1).min(n)
}

/// Centrality scores of the sentences under `ranker`, higher is better.
pub(crate) fn scores(ranker: Ranker, bags: &[Bag], n_terms: usize, p: Params) -> Vec<f64> {
    let n = bags.len();
    match ranker {
        Ranker::Lead => (0..n).map(|i| 1.0 / (i as f64 + 1.0)).collect(),
        Ranker::TextRank => textrank_bm25(bags, n_terms, p),
        Ranker::LexRank => lexrank(bags, n_terms, p),
        Ranker::Centroid => centroid(bags, n_terms),
    }
}

/// Weighted PageRank over directed weighted edges `(from, to, weight)`
/// grouped by source: `s[i] = (1 - d) + d · Σ_j w(j→i) / W(j) · s[j]`.
fn pagerank(out_edges: &[Vec<(usize, f64)>], damping: f64) -> Vec<f64> {
    let n = out_edges.len();
    let sums: Vec<f64> = out_edges
        .iter()
        .map(|e| e.iter().map(|&(_, w)| w).sum())
        .collect();
    let mut s = vec![1.0; n];
    let mut next = vec![0.0; n];
    for _ in 0..100 {
        next.iter_mut().for_each(|x| *x = 1.0 - damping);
        for (j, edges) in out_edges.iter().enumerate() {
            if sums[j] <= 0.0 {
                continue;
            }
            let share = damping * s[j] / sums[j];
            for &(i, w) in edges {
                next[i] += share * w;
            }
        }
        let diff = s
            .iter()
            .zip(&next)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        std::mem::swap(&mut s, &mut next);
        if diff < 1e-4 {
            break;
        }
    }
    s
}

/// TextRank with BM25 sentence similarity (as HanLP's `TextRankSentence`):
/// sentence `i` as the query scored against sentence `j` as the document
/// gives the weight of edge `i → j`. The idf is the non-negative
/// `ln(1 + (n - df + 0.5) / (df + 0.5))`, so terms in most sentences still
/// count a little instead of pulling weights below zero.
fn textrank_bm25(bags: &[Bag], n_terms: usize, p: Params) -> Vec<f64> {
    const K1: f64 = 1.5;
    const B: f64 = 0.75;
    let n = bags.len();
    if n == 0 {
        return Vec::new();
    }
    let df = doc_freq(bags, n_terms);
    let nf = n as f64;
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + (nf - f64::from(d) + 0.5) / (f64::from(d) + 0.5)).ln())
        .collect();
    let avgdl = (bags.iter().map(|b| b.len).sum::<usize>() as f64 / nf).max(1.0);
    let norm: Vec<f64> = bags
        .iter()
        .map(|b| K1 * (1.0 - B + B * b.len as f64 / avgdl))
        .collect();
    let mut edges: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n);
    for (i, q) in bags.iter().enumerate() {
        let mut out = Vec::new();
        for j in neighbours(i, n, p.window) {
            if j == i {
                continue;
            }
            let d = &bags[j].terms;
            let (mut a, mut b, mut s) = (0, 0, 0.0);
            while a < q.terms.len() && b < d.len() {
                let (tq, fq) = q.terms[a];
                let (td, fd) = d[b];
                if tq == td {
                    let fd = f64::from(fd);
                    let w = idf.get(tq as usize).copied().unwrap_or(0.0);
                    s += f64::from(fq) * w * fd * (K1 + 1.0) / (fd + norm[j]);
                    a += 1;
                    b += 1;
                } else if tq < td {
                    a += 1;
                } else {
                    b += 1;
                }
            }
            if s > 0.0 {
                out.push((j, s));
            }
        }
        edges.push(out);
    }
    pagerank(&edges, p.damping)
}

/// LexRank: TF-IDF cosine, edges above the threshold, degree-normalised
/// power iteration.
fn lexrank(bags: &[Bag], n_terms: usize, p: Params) -> Vec<f64> {
    let v = tfidf_vectors(bags, n_terms);
    let n = v.len();
    let mut edges: Vec<Vec<(usize, f64)>> = Vec::with_capacity(n);
    for i in 0..n {
        let mut out = Vec::new();
        for j in neighbours(i, n, p.window) {
            if j != i && f64::from(dot(&v[i], &v[j])) > p.lexrank_threshold {
                out.push((j, 1.0));
            }
        }
        edges.push(out);
    }
    pagerank(&edges, p.damping)
}

/// Centroid ranker: cosine of each sentence with the article's TF-IDF
/// centroid, keeping the centroid's strongest terms (a fifth of them, at
/// least ten) so that words met once do not dilute it.
fn centroid(bags: &[Bag], n_terms: usize) -> Vec<f64> {
    let v = tfidf_vectors(bags, n_terms);
    let mut c = vec![0.0f32; n_terms];
    for s in &v {
        for &(t, w) in s {
            if let Some(x) = c.get_mut(t as usize) {
                *x += w;
            }
        }
    }
    let mut order: Vec<usize> = (0..n_terms).collect();
    order.sort_by(|&a, &b| c[b].total_cmp(&c[a]).then(a.cmp(&b)));
    let keep = (n_terms / 5).max(10).min(n_terms);
    let mut cv: Vec<(u32, f32)> = order[..keep].iter().map(|&t| (t as u32, c[t])).collect();
    cv.sort_unstable_by_key(|&(t, _)| t);
    let norm = cv
        .iter()
        .map(|&(_, w)| w * w)
        .sum::<f32>()
        .sqrt()
        .max(f32::MIN_POSITIVE);
    v.iter().map(|s| f64::from(dot(s, &cv) / norm)).collect()
}

/// What the selection may take.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Limit {
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many characters in all.
    Chars(usize),
}

/// Greedy MMR selection under the [`Budget`](crate::Budget) rule: the
/// ranking is built step by step, each step's next sentence being the
/// candidate maximising `λ · relevance − (1 − λ) · max cosine to those
/// already taken`; a sentence that would overflow the limit is skipped, and
/// when none fits at all the first-ranked one is taken alone. A candidate whose TF-IDF weight lies more than `max_overlap`
/// on words of one sentence already taken adds nothing new and is never
/// taken. Redundancy is computed over the `pool` most relevant
/// candidates only (cost `O(pool · picks)`); past the pool, candidates are
/// taken by relevance. Returns indices in document order.
pub(crate) fn select(
    relevance: &[f64],
    vectors: &[Vec<(u32, f32)>],
    chars: &[usize],
    lambda: f64,
    max_overlap: f64,
    limit: Limit,
) -> Vec<usize> {
    let n = relevance.len();
    let mut order: Vec<usize> = (0..n).collect();
    // Best first; ties go to the earlier sentence.
    order.sort_by(|&a, &b| relevance[b].total_cmp(&relevance[a]).then(a.cmp(&b)));
    let (max_picks, mut room) = match limit {
        Limit::Sentences(k) => (k, usize::MAX),
        Limit::Chars(c) => (n, c),
    };
    let mean_len = (chars.iter().sum::<usize>() / n.max(1)).max(1);
    let expected = match limit {
        Limit::Sentences(k) => k,
        Limit::Chars(c) => c / mean_len + 1,
    };
    let pool = order.len().min((expected * 4).max(32)).min(512);
    let mut picked: Vec<usize> = Vec::new();
    let mut max_sim = vec![0.0f64; pool];
    let mut max_cover = vec![0.0f64; pool];
    let mut alive = vec![true; pool];
    while picked.len() < max_picks {
        let mut best: Option<(usize, f64)> = None;
        for k in 0..pool {
            if !alive[k] {
                continue;
            }
            let s = order[k];
            if chars[s] > room || max_cover[k] > max_overlap {
                alive[k] = false;
                continue;
            }
            let m = lambda * relevance[s] - (1.0 - lambda) * max_sim[k];
            if best.is_none_or(|(_, b)| m > b) {
                best = Some((k, m));
            }
        }
        let Some((k, _)) = best else { break };
        alive[k] = false;
        let s = order[k];
        picked.push(s);
        room = room.saturating_sub(chars[s]);
        for j in 0..pool {
            if alive[j] {
                let sim = f64::from(dot(&vectors[s], &vectors[order[j]]));
                if sim > max_sim[j] {
                    max_sim[j] = sim;
                }
                let cover = f64::from(covered(&vectors[order[j]], &vectors[s]));
                if cover > max_cover[j] {
                    max_cover[j] = cover;
                }
            }
        }
    }
    for &s in &order[pool..] {
        if picked.len() >= max_picks {
            break;
        }
        let copy = picked
            .iter()
            .any(|&p| f64::from(covered(&vectors[s], &vectors[p])) > max_overlap);
        if chars[s] <= room && !copy {
            picked.push(s);
            room -= chars[s];
        }
    }
    if picked.is_empty() && matches!(limit, Limit::Chars(_)) {
        // Not one candidate fits: the first-ranked sentence alone.
        picked.extend(order.first().copied());
    }
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag(terms: &[u32]) -> Bag {
        Bag {
            terms: terms.iter().map(|&t| (t, 1.0)).collect(),
            len: terms.len(),
        }
    }

    #[test]
    fn central_sentence_wins() {
        let bags = [bag(&[0, 1]), bag(&[0, 1, 2, 3]), bag(&[2, 3]), bag(&[5])];
        let p = Params {
            window: 10,
            damping: 0.85,
            lexrank_threshold: 0.1,
        };
        for r in [Ranker::TextRank, Ranker::LexRank, Ranker::Centroid] {
            let s = scores(r, &bags, 6, p);
            let best = (0..4).max_by(|&a, &b| s[a].total_cmp(&s[b])).unwrap();
            assert_eq!(best, 1, "{r:?} {s:?}");
            assert!(s[3] < s[1]);
        }
    }

    #[test]
    fn mmr_skips_redundant_and_respects_limits() {
        let bags = [bag(&[0, 1]), bag(&[0, 1]), bag(&[2, 3])];
        let v = tfidf_vectors(&bags, 4);
        let rel = [1.0, 0.99, 0.5];
        assert_eq!(
            select(&rel, &v, &[5, 5, 5], 0.5, 1.0, Limit::Sentences(2)),
            [0, 2]
        );
        assert_eq!(
            select(&rel, &v, &[5, 5, 5], 1.0, 0.9, Limit::Sentences(2)),
            [0, 2]
        );
        assert_eq!(
            select(&rel, &v, &[5, 5, 5], 1.0, 1.0, Limit::Sentences(2)),
            [0, 1]
        );
        assert_eq!(
            select(&rel, &v, &[5, 3, 9], 1.0, 1.0, Limit::Chars(8)),
            [0, 1]
        );
        // Nothing fits: the first-ranked sentence alone.
        assert_eq!(select(&rel, &v, &[5, 3, 9], 1.0, 1.0, Limit::Chars(2)), [0]);
        assert!(select(&[], &[], &[], 1.0, 1.0, Limit::Chars(2)).is_empty());
    }

    #[test]
    fn selection_without_redundancy_is_the_budget_rule() {
        // With λ = 1 and no overlap cut, MMR is the relevance ranking, and
        // the selection must be `Budget::fill` over that ranking.
        let bags: Vec<Bag> = (0..6).map(|i| bag(&[i])).collect();
        let v = tfidf_vectors(&bags, 6);
        let rel: [f64; 6] = [0.2, 0.9, 0.5, 0.7, 0.1, 0.6];
        let chars = [12, 40, 25, 30, 8, 18];
        let mut order: Vec<usize> = (0..6).collect();
        order.sort_by(|&a, &b| rel[b].total_cmp(&rel[a]));
        let lengths: Vec<usize> = order.iter().map(|&i| chars[i]).collect();
        for budget in [1, 10, 30, 41, 50, 70, 200] {
            let mut want: Vec<usize> = crate::Budget::Chars(budget)
                .fill(&lengths, 0)
                .into_iter()
                .map(|k| order[k])
                .collect();
            want.sort_unstable();
            let got = select(&rel, &v, &chars, 1.0, 1.0, Limit::Chars(budget));
            assert_eq!(got, want, "budget {budget}");
        }
    }
}
