//! Deduplication: repeated passages inside a page, and near-duplicate
//! documents across a corpus.
//!
//! # Inside one document
//!
//! [`Dedup`] is a pipeline stage (it runs after paragraph reconstruction):
//! it finds passages that the layout step emitted twice — whole blocks, runs
//! of blocks, or a span pasted into the middle of another block — with
//! winnowed rolling-hash fingerprints (linear in the text), keeps the copy
//! whose surroundings (its article, or its neighbouring blocks) share its
//! vocabulary, and removes the others, only the copied span when the rest
//! of a block is its own. Blocks that are near duplicates (shingle Jaccard
//! over [`Config::near_threshold`]) go whole. Short repeats (a slogan, one
//! quoted sentence) stay: see [`Config::min_copy_chars`] and
//! [`Config::max_quote_chars`].
//!
//! ```
//! use galley_core::{Document, RemovalKind, Stage};
//! use galley_dedup::{Config, Dedup};
//!
//! let section = "医院带量采购一头连着患者，一头连着药企。如何鼓励医务人员和医疗机构积极参与改革？“我们想到了两个字：服务。”医保局负责人表示。";
//! let page = format!(
//!     "教育工作持续推进，学校党建质量提升。\n\n{section}\n\n学校教师队伍建设稳步推进。\n\n\
//!      医保局推进药品带量采购改革，医务人员积极参与。\n\n{section}\n\n医保局持续推进集采，医疗机构和患者受益。"
//! );
//! let stage = Dedup::new(Config::default())?;
//! let mut doc = Document::new("page", page.as_str());
//! stage.apply(&mut doc)?;
//! // One copy left: the one among the text about medical insurance.
//! assert_eq!(doc.blocks().len(), 5);
//! assert_eq!(doc.blocks()[3].text(), section);
//! let removed = &doc.removed()[0];
//! assert_eq!(removed.kind, RemovalKind::Duplicate);
//! assert_eq!(removed.span.start, page.find(section).unwrap());
//! let kept_at = page.rfind(section).unwrap();
//! assert!(removed.reason.starts_with(&format!("repeats bytes {kept_at}..")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Across a corpus
//!
//! The [`sketch`] module holds the pure steps (sketch a text, band keys of a
//! signature, verified Jaccard of a pair, the keeper rule), which any driver
//! can call and which give the same bits everywhere for a given seed;
//! [`Deduplicator`] is the single-machine driver behind `galley dedup`
//! (streamed input, bounded memory, a persistent index); [`reader`] reads
//! JSONL records and directories of text files.
//!
//! ```
//! use galley_dedup::{CorpusConfig, Deduplicator, Options, Source};
//! use std::io::Write;
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("corpus.jsonl");
//! let mut f = std::fs::File::create(&path)?;
//! let story = "The council approved the budget on Tuesday after a long debate about school funding and road repairs in the north.";
//! writeln!(f, "{}", serde_json::json!({"id": "a", "text": story}))?;
//! writeln!(f, "{}", serde_json::json!({"id": "b", "text": format!("{story} More to follow.")}))?;
//! writeln!(f, "{}", serde_json::json!({"id": "c", "text": "Something else entirely."}))?;
//! drop(f);
//! let out = Deduplicator::new(CorpusConfig::default())?
//!     .run(&[Source::Jsonl(path)], &Options::new(), |bad| eprintln!("{bad}"))?;
//! assert_eq!(out.clusters.len(), 1);
//! assert_eq!(out.clusters[0].members, ["a", "b"]);
//! assert_eq!(out.clusters[0].kept, "b"); // the most complete text
//! assert_eq!(out.kept, 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Provenance
//!
//! The stage changes text only through the [`Document`]
//! API: every copy it drops is a `duplicate` removal with its source span and
//! a reason naming the byte span of the copy that was kept.
//!
//! # Crate features
//!
//! None. Dependencies: galley-core, serde, serde_json, thiserror, rayon,
//! walkdir and tempfile (the corpus driver's spill file).
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

use galley_core::{Document, Stage};

pub mod corpus;
pub mod hash;
mod page;
pub mod reader;
pub mod sketch;

pub use corpus::{BadRecord, Cluster, Deduplicator, Options, Outcome, Similarity};
pub use reader::{parse_record, InputRecord, RecordError, Source};
use serde::{Deserialize, Serialize};
pub use sketch::{CorpusConfig, DocStats, MinHasher, Sketch};

/// The stage's options. Every field has a default; unknown keys are rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Minimum length in characters (whitespace not counted) of a repeated
    /// passage for it to count as a copy.
    pub min_copy_chars: usize,
    /// A single-sentence repeat inside one block shorter than this is a
    /// quotation and stays.
    pub max_quote_chars: usize,
    /// Shingle Jaccard at or above which two blocks are near duplicates
    /// (above 1.0: off).
    pub near_threshold: f64,
    /// Shingle size for CJK text, in characters.
    pub cjk_shingle: usize,
    /// Shingle size for other text, in words.
    pub word_shingle: usize,
    /// Blocks on each side that make a copy's context when blocks carry no article.
    pub context_blocks: usize,
    /// The best copy's context score must be at least `1 + context_margin`
    /// times the next one's for the context to decide; otherwise the first
    /// copy is kept.
    pub context_margin: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_copy_chars: 50,
            max_quote_chars: 80,
            near_threshold: 0.8,
            cjk_shingle: 4,
            word_shingle: 3,
            context_blocks: 3,
            context_margin: 0.25,
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
    /// An input or index file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A bad record in strict mode.
    #[error("{0}")]
    BadRecord(Box<BadRecord>),
    /// The persistent index is unusable.
    #[error("index: {0}")]
    Index(String),
}

/// The stage, built once from its [`Config`].
#[derive(Debug, Clone)]
pub struct Dedup {
    config: Config,
}

impl Dedup {
    /// Validate the config and build the stage.
    pub fn new(config: Config) -> Result<Dedup, Error> {
        if config.min_copy_chars < 8 {
            return Err(Error::InvalidOption {
                key: "min_copy_chars",
                message: format!(
                    "{} is too short to tell a copy from a common phrase (minimum 8)",
                    config.min_copy_chars
                ),
            });
        }
        if config.near_threshold.is_nan() || config.near_threshold <= 0.0 {
            return Err(Error::InvalidOption {
                key: "near_threshold",
                message: format!("{} must be above 0", config.near_threshold),
            });
        }
        if config.cjk_shingle == 0 || config.word_shingle == 0 {
            return Err(Error::InvalidOption {
                key: "cjk_shingle",
                message: "shingle sizes must be at least 1".into(),
            });
        }
        if config.context_margin.is_nan() || config.context_margin < 0.0 {
            return Err(Error::InvalidOption {
                key: "context_margin",
                message: format!("{} must be 0 or more", config.context_margin),
            });
        }
        Ok(Dedup { config })
    }
}

impl Stage for Dedup {
    fn name(&self) -> &'static str {
        "dedup"
    }

    fn apply(&self, doc: &mut Document) -> Result<(), galley_core::Error> {
        page::dedup_document(doc, &self.config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_is_the_default_config() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(parsed, Config::default());
    }
}
