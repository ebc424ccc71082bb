//! Labelled pages: the five seed pages and English pages, with the seams
//! where a paragraph was cut, the articles and the roles. The stage runs
//! alone (without the cleanup stage): captions and page furniture are still
//! in the text, as on a raw page. The scoring is `galley_testkit::paragraphs`,
//! shared with the facade's test that runs the cleanup stage first.

use galley_core::{Document, Stage};
use galley_paragraphs::Paragraphs;
use galley_testkit::paragraphs::{ratio, score_fixtures, ParagraphScore};

fn run(pages: &[&str]) -> ParagraphScore {
    let stage = Paragraphs::default();
    score_fixtures(pages, |doc: &mut Document| {
        stage.apply(doc).unwrap();
        galley_core::invariants::check_document(doc).unwrap();
    })
}

#[test]
fn seed_pages_accuracy() {
    let s = run(&["000", "001", "002", "003", "004"]);
    assert!(ratio(s.joins) >= 0.90, "join recall {:?}", s.joins);
    assert!(
        ratio(s.joins_predicted) >= 0.80,
        "join precision {:?}",
        s.joins_predicted
    );
    assert!(ratio(s.breaks) >= 0.97, "breaks {:?}", s.breaks);
    assert!(ratio(s.articles) >= 0.85, "article starts {:?}", s.articles);
    assert!(
        ratio(s.article_starts_predicted) >= 0.70,
        "article precision {:?}",
        s.article_starts_predicted
    );
    assert!(ratio(s.roles) >= 0.80, "roles {:?}", s.roles);
}

#[test]
fn english_pages_accuracy() {
    let s = run(&["en_gazette", "en_archive"]);
    assert!(ratio(s.joins) >= 0.85, "join recall {:?}", s.joins);
    assert!(ratio(s.breaks) >= 0.85, "breaks {:?}", s.breaks);
    assert!(ratio(s.articles) >= 0.5, "article starts {:?}", s.articles);
    assert!(ratio(s.roles) >= 0.6, "roles {:?}", s.roles);
}
