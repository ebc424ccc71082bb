//! From paragraphs to a [`Digest`]: sentences, eligibility, ranking,
//! selection and keywords.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use galley_core::chars;
use jieba_rs::KeywordExtract;

use crate::rank::{self, Bag, Limit, Params};
use crate::tokens::{self, Vocab};
use crate::{Budget, Config, Digest, KeywordMethod, Ranker};

/// Parts of speech kept as Chinese keywords: nouns, names, places,
/// organisations, other proper nouns, verbal nouns, verbs and foreign words.
const KEYWORD_POS: &[&str] = &["n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "vn", "v", "eng"];

/// One sentence of the article.
#[derive(Debug)]
struct Sentence {
    para: usize,
    range: Range<usize>,
}

/// The "weight" of a text for the heading rule: a CJK letter counts two, any
/// other non-blank char one (a Han character carries about a short word).
fn weight(text: &str) -> usize {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if chars::is_cjk_letter(c) { 2 } else { 1 })
        .sum()
}

/// A sentence wholly inside one pair of brackets (`（记者 王小寒）`,
/// `【图说】`, `(AP)`) is a credit or label, not running text.
fn is_bracketed(s: &str) -> bool {
    let mut cs = s.chars();
    match (cs.next(), s.chars().next_back()) {
        (Some(open), Some(close)) if s.chars().count() > 1 => {
            chars::closing_for(open) == Some(close) && !matches!(open, '“' | '‘' | '«')
        }
        _ => false,
    }
}

/// Whether the article reads as CJK, deciding the tokeniser.
fn is_cjk_article(paragraphs: &[&str]) -> bool {
    let (mut han, mut other) = (0usize, 0usize);
    for p in paragraphs {
        for c in p.chars() {
            if chars::is_ideograph(c) || chars::is_kana(c) {
                han += 1;
            } else if c.is_alphabetic() {
                other += 1;
            }
        }
    }
    han > 0 && han * 3 >= other
}

pub(crate) fn digest(config: &Config, paragraphs: &[&str], budget: &Budget) -> Digest {
    let cjk = is_cjk_article(paragraphs);
    let mut sentences = Vec::new();
    let mut eligible = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for (p, text) in paragraphs.iter().enumerate() {
        let ranges = crate::split_sentences(text);
        // A short paragraph that is a single sentence without final
        // punctuation is a heading, caption or byline that reached the body.
        let heading = ranges.len() == 1
            && !chars::ends_sentence(text)
            && weight(text) < config.heading_max_weight;
        for r in ranges {
            let s = &text[r.clone()];
            let ok = !heading && !is_bracketed(s) && seen.insert(s);
            sentences.push(Sentence { para: p, range: r });
            eligible.push(ok);
        }
    }
    let mut vocab = Vocab::default();
    let mut bags = Vec::new();
    let mut cand = Vec::new(); // index into `sentences`
                               // Chinese TF-IDF keywords reuse the ranking's segmentation: each
                               // sentence is tagged once, its words feed the sentence's bag and its
                               // tagged content words the keyword counts.
    let tag_once = cjk && config.keywords > 0 && config.keyword_method == KeywordMethod::Tfidf;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (i, s) in sentences.iter().enumerate() {
        let text = paragraphs.get(s.para).map_or("", |p| &p[s.range.clone()]);
        let (terms, len) = if tag_once {
            let tags = tokens::jieba().tag(text, false);
            for t in &tags {
                if KEYWORD_POS.contains(&t.tag) && tokens::keyword_candidate(t.word) {
                    *counts.entry(t.word).or_insert(0) += 1;
                }
            }
            if !eligible[i] {
                continue;
            }
            vocab.bag_of_words(tags.iter().map(|t| t.word))
        } else {
            if !eligible[i] {
                continue;
            }
            vocab.bag(text, cjk)
        };
        if terms.is_empty() {
            continue;
        }
        bags.push(Bag { terms, len });
        cand.push(i);
    }
    let text_of = |i: usize| {
        let s = &sentences[i];
        paragraphs.get(s.para).map_or("", |p| &p[s.range.clone()])
    };
    let chars_of: Vec<usize> = cand.iter().map(|&i| text_of(i).chars().count()).collect();
    let total: usize = match budget {
        Budget::Ratio(_) => sentences.iter().map(|s| text_of_len(paragraphs, s)).sum(),
        _ => 0,
    };
    let limit = budget.limit(total);
    let params = Params {
        window: config.graph_window,
        damping: config.damping,
        lexrank_threshold: config.lexrank_threshold,
    };
    let central = rank::scores(config.ranker, &bags, vocab.len(), params);
    let mut relevance = combine(&central, config.position_weight, config.ranker);
    if matches!(limit, Limit::Chars(_)) && config.length_norm > 0.0 {
        // Under a character budget a sentence costs its length: rank by
        // relevance per char^length_norm, so a long sentence must earn its
        // room (length_norm 1 is pure density, 0 ignores length).
        for (r, &n) in relevance.iter_mut().zip(&chars_of) {
            *r /= (n.max(1) as f64).powf(config.length_norm);
        }
    }
    let vectors = rank::tfidf_vectors(&bags, vocab.len());
    let picked = rank::select(
        &relevance,
        &vectors,
        &chars_of,
        config.mmr_lambda,
        config.max_overlap,
        limit,
    );
    let out: Vec<String> = picked
        .iter()
        .map(|&k| text_of(cand[k]).to_string())
        .collect();
    let keywords = if config.keywords == 0 {
        Vec::new()
    } else if tag_once {
        tokens::tfidf_from_counts(&counts, config.keywords)
            .into_iter()
            .filter(|k| k.chars().any(char::is_alphabetic))
            .collect()
    } else if cjk {
        cjk_keywords(config, paragraphs)
    } else {
        latin_keywords(paragraphs, config.keywords)
    };
    Digest {
        sentences: out,
        keywords,
    }
}

fn text_of_len(paragraphs: &[&str], s: &Sentence) -> usize {
    paragraphs
        .get(s.para)
        .map_or(0, |p| p[s.range.clone()].chars().count())
}

/// Relevance = `(1 − w) · centrality / max + w · 1 / (position + 1)`:
/// a news article puts its point first, so position is evidence too.
fn combine(central: &[f64], w: f64, ranker: Ranker) -> Vec<f64> {
    if ranker == Ranker::Lead {
        return central.to_vec();
    }
    let max = central.iter().copied().fold(0.0, f64::max);
    central
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let c = if max > 0.0 { c / max } else { 0.0 };
            (1.0 - w) * c + w / (i as f64 + 1.0)
        })
        .collect()
}

fn cjk_keywords(config: &Config, paragraphs: &[&str]) -> Vec<String> {
    let text = paragraphs.join("\n");
    let pos: Vec<String> = KEYWORD_POS.iter().map(|s| (*s).to_string()).collect();
    let jieba = tokens::jieba();
    let kws = match config.keyword_method {
        KeywordMethod::Tfidf => {
            tokens::tfidf().extract_keywords(jieba, &text, config.keywords, pos)
        }
        KeywordMethod::Textrank => {
            tokens::textrank().extract_keywords(jieba, &text, config.keywords, pos)
        }
    };
    kws.into_iter()
        .map(|k| k.keyword)
        .filter(|k| k.chars().any(char::is_alphabetic))
        .collect()
}

/// English keywords from word co-occurrence: TextRank over content words
/// adjacent within a sentence (stop words break the window).
fn latin_keywords(paragraphs: &[&str], k: usize) -> Vec<String> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut edges: Vec<BTreeMap<usize, f64>> = Vec::new();
    for p in paragraphs {
        let words = tokens::latin_words(p);
        let mut prev: Option<usize> = None;
        for w in words {
            let Some(w) = w else {
                prev = None;
                continue;
            };
            let id = match ids.get(&w) {
                Some(&id) => id,
                None => {
                    let id = names.len();
                    ids.insert(w.clone(), id);
                    names.push(w);
                    edges.push(BTreeMap::new());
                    id
                }
            };
            if let Some(q) = prev {
                if q != id {
                    *edges[q].entry(id).or_insert(0.0) += 1.0;
                    *edges[id].entry(q).or_insert(0.0) += 1.0;
                }
            } else {
                // A lone word still gets a self weight so it can rank.
                edges[id].entry(id).or_insert(0.0);
            }
            prev = Some(id);
        }
    }
    let n = names.len();
    let sums: Vec<f64> = edges.iter().map(|e| e.values().sum()).collect();
    let mut s = vec![1.0; n];
    for _ in 0..50 {
        let mut next = vec![0.15; n];
        for (j, e) in edges.iter().enumerate() {
            if sums[j] > 0.0 {
                for (&i, &w) in e {
                    next[i] += 0.85 * s[j] * w / sums[j];
                }
            }
        }
        s = next;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(k)
        .map(|i| names[i].clone())
        .collect()
}
