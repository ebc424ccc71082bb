//! The clean stage's integration tests: data-driven cases, labelled
//! fixtures with precision/recall thresholds, and property tests.

#[path = "clean/cases.rs"]
mod cases;
#[path = "clean/fixtures.rs"]
mod fixtures;
#[path = "clean/props.rs"]
mod props;

use galley_clean::{Clean, Config};
use galley_core::{Document, Stage};

/// Clean `text` with the default config.
pub fn clean(text: &str) -> Document {
    let stage = Clean::new(Config::default()).unwrap();
    let mut doc = Document::new("t", text);
    stage.apply(&mut doc).unwrap();
    doc
}
