//! Extractive summaries and keywords per article, for CJK and other scripts, offline.
//!
//! The summary is a handful of sentences taken verbatim from the article's
//! paragraphs, in document order; the keywords are ranked words of the
//! article. Everything runs offline: jieba-rs's embedded dictionary
//! segments Chinese, Unicode word bounds segment the rest, and the
//! stop-word lists are compiled in.
//!
//! How a summary is made:
//! 1. **Sentences** ([`split_sentences`]): CJK text ends a sentence after
//!    `。！？；…` and the closing quotes that follow, never at a comma, never
//!    inside `《》` or `1.3万`; other scripts use Unicode sentence bounds with
//!    abbreviations (`Dr.`, `U.S.`, `e.g.`) re-joined.
//! 2. **Candidates**: headings, captions and bylines are never summary
//!    sentences. In the pipeline only `Paragraph` blocks are read; inside
//!    them, a short one-sentence paragraph without final punctuation and a
//!    sentence wholly in brackets (`（记者 王小寒）`) are skipped too, and so
//!    is a repeat of an earlier sentence.
//! 3. **Ranking** ([`Ranker`]): TextRank with BM25 similarity (default),
//!    LexRank, a centroid ranker or LEAD, mixed with a position prior
//!    (`position_weight`): news puts its point first.
//! 4. **Selection**: MMR (`mmr_lambda`) trades relevance against overlap
//!    with the sentences already taken, under a [`Budget`] of sentences,
//!    characters or a ratio of the article, filled by one rule
//!    ([`Budget::fill`]); under a character budget relevance is divided by
//!    `chars^length_norm`, since a sentence costs its length.
//!
//! ```
//! use galley_summary::{summarize, Budget};
//!
//! let text = "国家医保局近日发布药品集中带量采购新规。新规要求各地在今年底前完成第五批药品采购。\
//!             业内人士认为，带量采购将进一步降低群众看病负担。记者还了解到，多地已启动准备工作。";
//! let digest = summarize(text, &Budget::Sentences(1));
//! assert_eq!(digest.sentences, ["国家医保局近日发布药品集中带量采购新规。"]);
//! assert!(digest.keywords.iter().any(|k| k == "采购"));
//! // Every sentence is verbatim from the text.
//! assert!(digest.sentences.iter().all(|s| text.contains(s.as_str())));
//! ```
//!
//! As a pipeline stage, [`Summary`] writes each article's summary and
//! keywords into the document:
//!
//! ```
//! use galley_core::{Document, Role, Stage};
//! use galley_summary::{Config, Summary};
//!
//! let stage = Summary::new(Config::default())?;
//! let mut doc = Document::new("page", "药价改革\n\n第一段讲药价。药价下降了三成。\n\n第二段讲医保。");
//! doc.blocks_mut()[0].role = Role::Heading;
//! stage.apply(&mut doc)?;
//! let article = &doc.articles()[0];
//! assert!(!article.summary.is_empty());
//! assert!(!article.summary.contains(&"药价改革".to_string()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Provenance
//!
//! The stage changes no text and removes nothing: it only fills
//! [`ArticleInfo::summary`](galley_core::ArticleInfo) and `keywords`. Each
//! summary sentence is a substring of one paragraph block's cleaned text, so
//! its source span can be found through that block.
//!
//! # Cost
//!
//! Segmentation, tokenisation and selection are linear in the text; the
//! graph rankers link each sentence to the `graph_window` sentences on
//! either side, so a 10,000-sentence article stays near-linear. The jieba
//! dictionary and IDF table load once per process, on first use.
//!
//! # Crate features
//!
//! None. jieba-rs is built with its default dictionary and its `tfidf` and
//! `textrank` keyword extractors.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod rank;
mod sentences;
mod summarize;
mod tokens;

use galley_core::{Document, Role, Stage};
use rank::Limit;
use serde::{Deserialize, Serialize};

pub use sentences::split_sentences;

/// How sentences are scored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Ranker {
    /// TextRank over a sentence graph weighted by BM25 similarity.
    #[default]
    TextRank,
    /// LexRank: thresholded TF-IDF cosine graph, power iteration.
    LexRank,
    /// Cosine similarity to the article's TF-IDF centroid.
    Centroid,
    /// The first sentences (the position prior alone).
    Lead,
}

impl Ranker {
    /// Every ranker, for evaluation loops.
    pub const ALL: [Ranker; 4] = [
        Ranker::TextRank,
        Ranker::LexRank,
        Ranker::Centroid,
        Ranker::Lead,
    ];

    /// The config name (`text_rank`, `lex_rank`, `centroid`, `lead`).
    pub fn name(self) -> &'static str {
        match self {
            Ranker::TextRank => "text_rank",
            Ranker::LexRank => "lex_rank",
            Ranker::Centroid => "centroid",
            Ranker::Lead => "lead",
        }
    }

    /// The ranker of a config name; `textrank` and `lexrank` are accepted too.
    pub fn from_name(name: &str) -> Option<Ranker> {
        Some(match name.to_ascii_lowercase().replace('-', "_").as_str() {
            "text_rank" | "textrank" => Ranker::TextRank,
            "lex_rank" | "lexrank" => Ranker::LexRank,
            "centroid" => Ranker::Centroid,
            "lead" => Ranker::Lead,
            _ => return None,
        })
    }
}

/// How keywords are extracted from Chinese text (English always uses word
/// co-occurrence).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum KeywordMethod {
    /// jieba's TF-IDF with its embedded IDF table.
    #[default]
    Tfidf,
    /// jieba's TextRank over word co-occurrence.
    Textrank,
}

/// How long a summary may be.
///
/// Every budget fills the summary the same way, from a ranking of the
/// candidate sentences (best first); [`Budget::fill`] is the rule:
/// 1. walk the ranking best first;
/// 2. take a sentence if it fits in what is left of the budget, otherwise
///    skip it and go on (a shorter, lower-ranked sentence may still fit);
/// 3. stop after `K` sentences (`Sentences(K)`) or when the ranking is
///    exhausted; a character budget stops as soon as no room is left.
///
/// A character budget is never exceeded, with one exception: when not one
/// candidate fits (every sentence is longer than the budget), the summary
/// is the first-ranked sentence alone, so that an article with a sentence
/// never gets an empty summary. Lengths are counted in Unicode scalar
/// values (`chars`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Budget {
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many characters (Unicode scalar values) in all.
    Chars(usize),
    /// At most this fraction of the article's characters, in `(0, 1]`.
    Ratio(f64),
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::Sentences(3)
    }
}

impl Budget {
    /// Which sentences of a ranking this budget takes, by the rule above.
    ///
    /// `lengths` holds the length in chars of each ranked sentence, best
    /// first; `article_chars` is the article's length (used by `Ratio`).
    /// Returns indices into `lengths`, in rank order.
    ///
    /// ```
    /// use galley_summary::Budget;
    ///
    /// // 30 fits, 50 would overflow the 60 left and is skipped, 20 fits.
    /// assert_eq!(Budget::Chars(60).fill(&[30, 50, 20, 15], 0), [0, 2]);
    /// // Nothing fits: the first-ranked sentence alone.
    /// assert_eq!(Budget::Chars(10).fill(&[30, 50], 0), [0]);
    /// assert_eq!(Budget::Sentences(2).fill(&[30, 50, 20], 0), [0, 1]);
    /// // A ratio is a character budget of `ceil(ratio × article_chars)`.
    /// assert_eq!(Budget::Ratio(0.5).fill(&[30, 50, 20], 100), [0, 2]);
    /// ```
    pub fn fill(&self, lengths: &[usize], article_chars: usize) -> Vec<usize> {
        let mut out = Vec::new();
        match self.limit(article_chars) {
            Limit::Sentences(k) => out.extend((0..lengths.len()).take(k)),
            Limit::Chars(mut room) => {
                for (i, &len) in lengths.iter().enumerate() {
                    if room == 0 {
                        break;
                    }
                    if len <= room {
                        out.push(i);
                        room -= len;
                    }
                }
                if out.is_empty() && !lengths.is_empty() {
                    out.push(0);
                }
            }
        }
        out
    }

    /// The budget as a number of sentences or of chars.
    pub(crate) fn limit(&self, article_chars: usize) -> Limit {
        match *self {
            Budget::Sentences(k) => Limit::Sentences(k),
            Budget::Chars(c) => Limit::Chars(c),
            Budget::Ratio(r) => {
                let c = (r * article_chars as f64).ceil();
                Limit::Chars(if c >= 0.0 { c as usize } else { 0 })
            }
        }
    }

    fn validate(&self) -> Result<(), Error> {
        let bad = |message: &str| {
            Err(Error::InvalidOption {
                key: "budget",
                message: message.to_string(),
            })
        };
        match *self {
            Budget::Sentences(0) => bad("`sentences` must be at least 1"),
            Budget::Chars(0) => bad("`chars` must be at least 1"),
            Budget::Ratio(r) if !(r > 0.0 && r <= 1.0) => bad("`ratio` must be in (0, 1]"),
            _ => Ok(()),
        }
    }
}

/// The stage's options. Every field has a default; unknown keys are rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// How sentences are scored.
    pub ranker: Ranker,
    /// How long each summary may be.
    pub budget: Budget,
    /// Weight of the position prior `1 / (position + 1)` against the
    /// ranker's normalised centrality, in `[0, 1]`.
    pub position_weight: f64,
    /// Under a character budget (`chars` or `ratio`), relevance is divided
    /// by the sentence's length in chars to this power, in `[0, 1]`: a
    /// sentence costs its length, so a long one must earn its room (0:
    /// length ignored, 1: relevance per char). No effect under a sentence
    /// budget.
    pub length_norm: f64,
    /// MMR trade-off: 1 ranks by relevance alone, lower values penalise
    /// overlap with sentences already chosen. In `[0, 1]`.
    pub mmr_lambda: f64,
    /// A sentence with more than this share of its TF-IDF weight on words of
    /// one sentence already chosen adds nothing new and is never chosen, in
    /// `[0, 1]` (1: no such cut).
    pub max_overlap: f64,
    /// Number of keywords per article (0: none).
    pub keywords: usize,
    /// Keyword extractor for Chinese text.
    pub keyword_method: KeywordMethod,
    /// Graph rankers link each sentence to this many sentences on either side.
    pub graph_window: usize,
    /// PageRank damping factor, in `(0, 1)`.
    pub damping: f64,
    /// LexRank: cosine similarity above which two sentences are linked.
    pub lexrank_threshold: f64,
    /// A one-sentence paragraph without final punctuation lighter than this
    /// (a CJK letter weighs 2, any other char 1) is a heading or caption.
    pub heading_max_weight: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            ranker: Ranker::TextRank,
            budget: Budget::Sentences(3),
            position_weight: 0.4,
            length_norm: 0.3,
            mmr_lambda: 0.7,
            max_overlap: 0.8,
            keywords: 8,
            keyword_method: KeywordMethod::Tfidf,
            graph_window: 100,
            damping: 0.85,
            lexrank_threshold: 0.1,
            heading_max_weight: 50,
        }
    }
}

/// The commented TOML of [`Config::default()`], for `galley config --default`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Errors of this stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An option has a value the stage cannot use.
    #[error("invalid value for `{key}`: {message}")]
    InvalidOption {
        /// The option's key.
        key: &'static str,
        /// What is wrong with it.
        message: String,
    },
}

/// A summary of one text: sentences verbatim, in document order, and
/// ranked keywords.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// The summary sentences.
    pub sentences: Vec<String>,
    /// The keywords, best first.
    pub keywords: Vec<String>,
}

/// Summarise plain text with the default options and the given budget.
///
/// Paragraphs are separated by blank lines; when the text has none, each
/// line is a paragraph. See [`Summary::summarize`].
pub fn summarize(text: &str, budget: &Budget) -> Digest {
    Summary {
        config: Config::default(),
    }
    .summarize_with(text, budget)
}

/// The stage, built once from its [`Config`].
#[derive(Debug, Clone)]
pub struct Summary {
    config: Config,
}

impl Summary {
    /// Validate the config and build the stage.
    pub fn new(config: Config) -> Result<Summary, Error> {
        config.budget.validate()?;
        let unit = |key: &'static str, v: f64, open: bool| {
            let ok = if open {
                v > 0.0 && v < 1.0
            } else {
                (0.0..=1.0).contains(&v)
            };
            if ok {
                Ok(())
            } else {
                Err(Error::InvalidOption {
                    key,
                    message: format!("{v} is outside {}", if open { "(0, 1)" } else { "[0, 1]" }),
                })
            }
        };
        unit("position_weight", config.position_weight, false)?;
        unit("length_norm", config.length_norm, false)?;
        unit("mmr_lambda", config.mmr_lambda, false)?;
        unit("max_overlap", config.max_overlap, false)?;
        unit("damping", config.damping, true)?;
        unit("lexrank_threshold", config.lexrank_threshold, false)?;
        if config.graph_window == 0 {
            return Err(Error::InvalidOption {
                key: "graph_window",
                message: "must be at least 1".into(),
            });
        }
        Ok(Summary { config })
    }

    /// The options the stage was built with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Summarise plain text with the configured budget.
    pub fn summarize(&self, text: &str) -> Digest {
        self.summarize_with(text, &self.config.budget)
    }

    /// Summarise plain text with another budget. Paragraphs are separated
    /// by blank lines; when the text has none, each line is a paragraph.
    pub fn summarize_with(&self, text: &str, budget: &Budget) -> Digest {
        let paragraphs = paragraphs(text);
        self.summarize_paragraphs(&paragraphs, budget)
    }

    /// Summarise an article given as its body paragraphs, in order.
    pub fn summarize_paragraphs(&self, paragraphs: &[&str], budget: &Budget) -> Digest {
        summarize::digest(&self.config, paragraphs, budget)
    }
}

/// Blank-line separated paragraphs, or lines when there is no blank line.
fn paragraphs(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let has_blank = lines.iter().any(|l| l.trim().is_empty());
    if !has_blank {
        return lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
    }
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut pos = 0;
    for l in text.split_inclusive('\n') {
        if l.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(&text[s..end]);
            }
        } else {
            if start.is_none() {
                start = Some(pos);
            }
            end = pos + l.trim_end().len();
        }
        pos += l.len();
    }
    if let Some(s) = start {
        out.push(&text[s..end]);
    }
    out
}

impl Stage for Summary {
    fn name(&self) -> &'static str {
        "summary"
    }

    /// Summarise each article from its `Paragraph` blocks, in block order.
    fn apply(&self, doc: &mut Document) -> Result<(), galley_core::Error> {
        let mut articles: Vec<(usize, Vec<&str>)> = Vec::new();
        for b in doc.blocks() {
            if b.role != Role::Paragraph {
                continue;
            }
            match articles.iter_mut().find(|(a, _)| *a == b.article) {
                Some((_, ps)) => ps.push(b.text()),
                None => articles.push((b.article, vec![b.text()])),
            }
        }
        let digests: Vec<(usize, Digest)> = articles
            .into_iter()
            .map(|(a, ps)| (a, self.summarize_paragraphs(&ps, &self.config.budget)))
            .collect();
        for (a, d) in digests {
            let info = doc.article_mut(a);
            info.summary = d.sentences;
            info.keywords = d.keywords;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_is_the_default_config() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(parsed, Config::default());
        let written: toml::Value = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(written, toml::Value::try_from(Config::default()).unwrap());
    }

    #[test]
    fn bad_options_are_rejected() {
        let e = toml::from_str::<Config>("rankr = \"lead\"").unwrap_err();
        assert!(e.to_string().contains("rankr"));
        let c = Config {
            budget: Budget::Ratio(1.5),
            ..Config::default()
        };
        assert!(Summary::new(c).unwrap_err().to_string().contains("budget"));
        let c = Config {
            mmr_lambda: -0.1,
            ..Config::default()
        };
        assert!(Summary::new(c).is_err());
        let c: Config = toml::from_str("budget = { chars = 120 }\nranker = \"lex_rank\"").unwrap();
        assert_eq!(c.budget, Budget::Chars(120));
        assert_eq!(c.ranker, Ranker::LexRank);
    }

    #[test]
    fn paragraphs_split_at_blank_lines_or_lines() {
        assert_eq!(paragraphs("a\nb\n\n c \n"), ["a\nb", " c"]);
        assert_eq!(paragraphs("a\nb\n"), ["a", "b"]);
        assert!(paragraphs("").is_empty());
    }
}
