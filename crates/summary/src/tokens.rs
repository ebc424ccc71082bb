//! Words of a sentence: jieba-rs for Chinese, Unicode words for the rest,
//! case-folded, stop words dropped. The jieba dictionary, its IDF table and
//! the stop-word sets load once per process.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jieba_rs::{Jieba, KeywordExtractConfig, TextRank, TfIdf};
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
        if cjk {
            for w in jieba().cut(sentence, false) {
                push(w, &mut ids);
            }
        } else {
            for w in sentence.unicode_words() {
                let w = w.strip_suffix("'s").unwrap_or(w);
                push(w, &mut ids);
            }
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
