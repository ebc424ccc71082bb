//! Labelled pages: the five seed pages and English pages, with the seams
//! where a paragraph was cut, the articles and the roles. The stage runs
//! alone (without the cleanup stage): captions and page furniture are still
//! in the text, as on a raw page. The scoring is `galley_testkit::paragraphs`,
//! shared with the facade's test that runs the cleanup stage first.

use galley_core::{Document, Stage};
use galley_paragraphs::Paragraphs;
use galley_testkit::paragraphs::{score_fixtures, ParagraphScore};

fn run(pages: &[&str]) -> ParagraphScore {
    let stage = Paragraphs::default();
    score_fixtures(pages, |doc: &mut Document| {
        stage.apply(doc).unwrap();
        galley_core::invariants::check_document(doc).unwrap();
    })
}

#[test]
fn seed_pages_accuracy() {
    run(&["000", "001", "002", "003", "004"]).assert_block_pages();
}

#[test]
fn english_pages_accuracy() {
    run(&["en_gazette", "en_archive"]).assert_line_pages();
}
