//! galley turns raw OCR output of newspaper pages into clean, structured,
//! deduplicated, summarised articles, and accounts for every byte it drops
//! or changes.
//!
//! This facade crate holds the [`Pipeline`], its [`PipelineConfig`] and the
//! [`Record`] it produces, and re-exports the stage crates.
//!
//! ```
//! let pipeline = galley::Pipeline::new()?;
//! let page = "2023年12月22日 星期五 责编 王 露\n\n教育强则国家\n\n强。作为战略先导，建设教育强国。";
//! let record = pipeline.run("page-1", page)?;
//! for article in &record.articles {
//!     for block in &article.blocks {
//!         // Each block carries the byte spans of the input it was made from.
//!         assert!(!block.spans.is_empty());
//!     }
//! }
//! println!("{}", record.to_json());
//! # Ok::<(), galley::Error>(())
//! ```
//!
//! # Provenance
//!
//! Each record lists, with byte spans into the original input, every kept
//! block, every removed piece (with a kind and a reason) and every edit made
//! inside kept text. [`core::invariants::check_record`] verifies that
//! nothing was lost.
//!
//! # Other crates
//!
//! - [`galley_core`] ([`core`]): the document model, spans, logs and the [`Stage`] trait.
//! - [`galley_clean`] ([`clean`]): OCR-artifact cleanup.
//! - [`galley_paragraphs`] ([`paragraphs`]): paragraph reconstruction and article split.
//! - [`galley_dedup`] ([`dedup`]): in-document repeats and corpus near-duplicates.
//! - [`galley_summary`] ([`summary`]): extractive summaries and keywords.
//! - `galley-cli`: the `galley` command.
//!
//! # Crate features
//!
//! None yet; the default build is the whole pipeline.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod config;
mod pipeline;

pub use config::{PipelineConfig, StageConfig};
pub use galley_core::{Document, Record, Span, Stage};
pub use pipeline::{Pipeline, PipelineBuilder};

pub use galley_clean as clean;
pub use galley_core as core;
pub use galley_dedup as dedup;
pub use galley_paragraphs as paragraphs;
pub use galley_summary as summary;

/// Errors of the pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration could not be read; the message names the key.
    #[error("config: {0}")]
    Config(String),
    /// A stage rejected its options.
    #[error("config: clean stage: {0}")]
    Clean(#[from] galley_clean::Error),
    /// A stage rejected its options.
    #[error("config: paragraphs stage: {0}")]
    Paragraphs(#[from] galley_paragraphs::Error),
    /// A stage rejected its options.
    #[error("config: dedup stage: {0}")]
    Dedup(#[from] galley_dedup::Error),
    /// A stage rejected its options.
    #[error("config: summary stage: {0}")]
    Summary(#[from] galley_summary::Error),
    /// A stage failed on a document.
    #[error("document `{id}`: {source}")]
    Document {
        /// The document's id.
        id: String,
        /// What failed.
        #[source]
        source: galley_core::Error,
    },
    /// A stage panicked on a document (a bug in galley; the other documents are unaffected).
    #[error("document `{id}`: stage panicked: {message}")]
    Panic {
        /// The document's id.
        id: String,
        /// The panic message.
        message: String,
    },
}

impl Error {
    /// Whether the error is about the configuration (exit code 2 in the CLI)
    /// rather than about one document.
    pub fn is_config(&self) -> bool {
        !matches!(self, Error::Document { .. } | Error::Panic { .. })
    }
}
