//! Words of a sentence: jieba-rs for Chinese, Unicode words for the rest,
//! case-folded, stop words dropped. The jieba dictionary, its IDF table and
//! the stop-word sets load once per process.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::{Jieba, KeywordExtract, KeywordExtractConfig, TextRank, TfIdf};
use unicode_segmentation::UnicodeSegmentation;

static ZH_STOP: &str = include_str!("data/stopwords-zh.txt");
static EN_STOP: &str = include_str!("data/stopwords-en.txt");

fn parse_list(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The process-wide jieba segmenter (dictionary parsed on first use).
pub(crate) fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// The stop words of both lists.
pub(crate) fn stop_words() -> &'static HashSet<&'static str> {
    static STOP: OnceLock<HashSet<&'static str>> = OnceLock::new();
    STOP.get_or_init(|| parse_list(ZH_STOP).chain(parse_list(EN_STOP)).collect())
}

fn keyword_config() -> KeywordExtractConfig {
    let mut b = KeywordExtractConfig::builder();
    for w in stop_words() {
        b.add_stop_word((*w).to_string());
    }
    // The builder only fails on a missing field, and every field has a default.
    b.build().unwrap_or_default()
}

/// jieba's TF-IDF keyword extractor with its IDF table and our stop words.
pub(crate) fn tfidf() -> &'static TfIdf {
    static TFIDF: OnceLock<TfIdf> = OnceLock::new();
    TFIDF.get_or_init(|| {
        let mut t = TfIdf::default();
        *t.config_mut() = keyword_config();
        t
    })
}

/// jieba's TextRank keyword extractor (co-occurrence window 5) with our stop words.
pub(crate) fn textrank() -> &'static TextRank {
    static TR: OnceLock<TextRank> = OnceLock::new();
    TR.get_or_init(|| TextRank::new(5, keyword_config()))
}

/// Per-article term dictionary: term text to a dense id, and the terms of
/// each sentence as sorted `(id, count)` pairs.
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    ids: HashMap<String, u32>,
}

impl Vocab {
    fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(term.to_string(), id);
        id
    }

    /// Number of distinct terms seen.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// The sorted `(term id, count)` bag of `sentence`, and its token count.
    pub(crate) fn bag(&mut self, sentence: &str, cjk: bool) -> (Vec<(u32, f32)>, usize) {
        if cjk {
            let words = jieba().cut(sentence, false);
            self.bag_of_words(words)
        } else {
            let words = sentence
                .unicode_words()
                .map(|w| w.strip_suffix("'s").unwrap_or(w));
            self.bag_of_words(words)
        }
    }

    /// The sorted `(term id, count)` bag of already segmented words, and its
    /// token count.
    pub(crate) fn bag_of_words<'a>(
        &mut self,
        words: impl IntoIterator<Item = &'a str>,
    ) -> (Vec<(u32, f32)>, usize) {
        let mut ids: Vec<u32> = Vec::new();
        let stop = stop_words();
        let mut push = |w: &str, ids: &mut Vec<u32>| {
            if !w.chars().any(char::is_alphanumeric) {
                return;
            }
            if w.chars().any(char::is_uppercase) {
                let lower = w.to_lowercase();
                if !stop.contains(lower.as_str()) {
                    ids.push(self.id(&lower));
                }
            } else if !stop.contains(w) {
                ids.push(self.id(w));
            }
        };
        for w in words {
            push(w, &mut ids);
        }
        let len = ids.len();
        ids.sort_unstable();
        let mut bag: Vec<(u32, f32)> = Vec::with_capacity(ids.len());
        for id in ids {
            match bag.last_mut() {
                Some((last, n)) if *last == id => *n += 1.0,
                _ => bag.push((id, 1.0)),
            }
        }
        (bag, len)
    }
}

/// TF-IDF keywords from word counts gathered while tagging: the score of a
/// word is its count times its IDF in jieba's table (the table's median for
/// an unknown word), as jieba's own extractor computes it, best first, ties
/// in word order.
///
/// jieba-rs keeps its IDF table private, so the IDFs are read through its
/// extractor run on the distinct candidate words alone, one per line: a
/// word that jieba produced on the article is cut back into itself when
/// alone (the best segmentation of a span is that span's part of the best
/// path), so each line yields its word once and its weight is its IDF over
/// a common constant. That pass reads only the distinct candidates, not the
/// article.
pub(crate) fn tfidf_from_counts(counts: &HashMap<&str, usize>, k: usize) -> Vec<String> {
    if counts.is_empty() || k == 0 {
        return Vec::new();
    }
    let mut words: Vec<&str> = counts.keys().copied().collect();
    words.sort_unstable();
    let joined = words.join("\n");
    let idf: HashMap<String, f64> = tfidf()
        .extract_keywords(jieba(), &joined, words.len(), Vec::new())
        .into_iter()
        .map(|kw| (kw.keyword, kw.weight))
        .collect();
    let mut scored: Vec<(f64, &str)> = words
        .iter()
        .filter_map(|w| {
            let idf = idf.get(*w)?;
            Some((*idf * counts.get(w).copied().unwrap_or(0) as f64, *w))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(k)
        .map(|(_, w)| w.to_string())
        .collect()
}

/// Whether jieba's keyword extractors would consider `word`: at least
/// their minimum length, not a stop word.
pub(crate) fn keyword_candidate(word: &str) -> bool {
    let config = tfidf().config();
    if word
        .chars()
        .nth(config.min_keyword_length().saturating_sub(1))
        .is_none()
    {
        return false;
    }
    if word.chars().any(char::is_uppercase) {
        !config.stop_words().contains(&word.to_lowercase())
    } else {
        !config.stop_words().contains(word)
    }
}

/// Content words of a Latin-script text, case-folded, stop words dropped,
/// for keyword extraction; `None` marks a sentence break.
pub(crate) fn latin_words(text: &str) -> Vec<Option<String>> {
    let stop = stop_words();
    let mut out = Vec::new();
    for (_, s) in text.split_sentence_bound_indices() {
        for w in s.unicode_words() {
            let w = w.strip_suffix("'s").unwrap_or(w).to_lowercase();
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if letters >= 3 && !stop.contains(w.as_str()) {
                out.push(Some(w));
            } else {
                // A stop word breaks the co-occurrence window, as in RAKE.
                out.push(None);
            }
        }
        out.push(None);
    }
    out
}
