//! Deduplication: repeated passages inside a page, and near-duplicate documents across a corpus.
//!
//! This crate is a stage of the galley pipeline: build [`Dedup`] once from a
//! [`Config`] and apply it to many documents.
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
//! The stage changes text only through the `Document`
//! API, so every removal and edit it makes is logged with its source span.
//!
//! # Crate features
//!
//! None.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

use galley_core::{Document, Stage};
use serde::{Deserialize, Serialize};

/// The stage's options. Every field has a default; unknown keys are rejected.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {}

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

/// The stage, built once from its [`Config`].
#[derive(Debug, Clone)]
pub struct Dedup {
    #[allow(dead_code)]
    config: Config,
}

impl Dedup {
    /// Validate the config and build the stage.
    pub fn new(config: Config) -> Result<Dedup, Error> {
        Ok(Dedup { config })
    }
}

impl Stage for Dedup {
    fn name(&self) -> &'static str {
        "dedup"
    }

    fn apply(&self, _doc: &mut Document) -> Result<(), galley_core::Error> {
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
    }
}
