//! The error type of the document model.

use crate::Span;

/// Errors raised by the document model and by stages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A span does not fit the text it indexes.
    #[error("span {span} is out of bounds or not on a char boundary of a text of {len} bytes")]
    InvalidSpan {
        /// The offending span.
        span: Span,
        /// Length of the text it was applied to.
        len: usize,
    },
    /// A block index does not exist.
    #[error("block {index} does not exist (the document has {len} blocks)")]
    NoSuchBlock {
        /// The requested index.
        index: usize,
        /// The number of blocks.
        len: usize,
    },
    /// Two blocks cannot be joined because the second does not follow the first in the input.
    #[error("cannot join block {first} with block {second}: the second must come after the first in the input")]
    JoinOrder {
        /// Index of the first block.
        first: usize,
        /// Index of the second block.
        second: usize,
    },
    /// A block cannot be split at an offset that falls inside an edit.
    #[error("cannot split a block at offset {offset}: it falls inside an edited segment")]
    SplitInsideEdit {
        /// The requested split offset, in the block's text.
        offset: usize,
    },
    /// The input is not valid UTF-8 and the caller asked for strict decoding.
    #[error("input is not valid UTF-8 (first invalid byte at offset {offset})")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// A stage failed on a document.
    #[error("stage `{stage}` failed: {source}")]
    Stage {
        /// The stage's name.
        stage: &'static str,
        /// What went wrong.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
}

impl Error {
    /// Wraps a stage crate's error with the stage's name.
    pub fn stage<E>(stage: &'static str, err: E) -> Error
    where
        E: std::error::Error + Send + Sync + 'static,
    {
        Error::Stage {
            stage,
            source: Box::new(err),
        }
    }
}
