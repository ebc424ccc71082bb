//! Integration tests of galley-paragraphs: data-driven cases, labelled
//! fixtures with accuracy thresholds, and properties.

mod cases;
mod fixtures;
mod props;
