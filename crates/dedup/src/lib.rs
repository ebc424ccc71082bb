//! Deduplication: repeated passages inside a page, and near-duplicate documents across a corpus.
//!
//! This crate is a stage of the galley pipeline: build [`Dedup`] once from a
//! [`Config`] and apply it to many [`Document`](galley_core::Document)s.
//!
//! ```
//! use galley_core::{Document, Stage};
//! use galley_dedup::{Dedup, Config};
//!
//! let stage = Dedup::new(Config::default())?;
//! let mut doc = Document::new("page", "第一段。\n\n第二段。");
//! stage.apply(&mut doc)?;
//! assert_eq!(doc.blocks().len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Provenance
//!
//! The stage changes text only through the [`Document`](galley_core::Document)
//! API, so every removal and edit it makes is logged with its source span.
//!
//! # Crate features
//!
//! None.
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
        if !(config.near_threshold > 0.0) {
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
        if !(config.context_margin >= 0.0) {
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
