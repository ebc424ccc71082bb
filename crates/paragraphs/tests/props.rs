//! Properties: no panic on any string, provenance invariants, ordered spans.

use galley_core::{Document, Stage};
use galley_paragraphs::Paragraphs;
use proptest::prelude::*;

fn stage() -> &'static Paragraphs {
    static S: std::sync::OnceLock<Paragraphs> = std::sync::OnceLock::new();
    S.get_or_init(Paragraphs::default)
}

fn pieces() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("教育强则国家".to_string()),
        Just("强。作为".to_string()),
        Just("风景。".to_string()),
        Just("景。巫溪".to_string()),
        Just("《规划".to_string()),
        Just("》，".to_string()),
        Just("王小寒".to_string()),
        Just("□本报记者 李琳".to_string()),
        Just("(作者系书记)".to_string()),
        Just("——副题".to_string()),
        Just("# ".to_string()),
        Just("### ".to_string()),
        Just("> ".to_string()),
        Just("The council met on".to_string()),
        Just("Monday. ".to_string()),
        Just("By Jane Doe".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("  ".to_string()),
        Just("\u{3000}".to_string()),
        Just("，".to_string()),
        Just("、".to_string()),
        "\\PC{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(input: &str) -> Result<(), TestCaseError> {
    let mut doc = Document::new("p", input);
    stage()
        .apply(&mut doc)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    galley_core::invariants::check_document(&doc).map_err(TestCaseError::fail)?;
    let rec = doc.to_record();
    galley_core::invariants::check_record(&rec, input.as_bytes()).map_err(TestCaseError::fail)?;
    // Articles are numbered in reading order, without gaps.
    let mut last = 0;
    for (k, b) in doc.blocks().iter().enumerate() {
        prop_assert!(
            b.article == last || b.article == last + 1 || k == 0,
            "article numbers jump"
        );
        last = b.article;
        let spans = b.spans();
        for w in spans.windows(2) {
            prop_assert!(w[0].end <= w[1].start, "spans out of order");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_panic_and_invariants_on_page_like_text(input in pieces()) {
        check(&input)?;
    }

    #[test]
    fn no_panic_on_any_string(input in any::<String>()) {
        check(&input)?;
    }
}

#[test]
fn seed_pages_keep_invariants() {
    let dir = galley_testkit::testdata().join("paragraphs/pages");
    for e in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        check(&text).unwrap();
    }
}

#[test]
fn long_single_line_and_controls() {
    let long = "教育".repeat(200_000);
    check(&long).unwrap();
    check("\u{0}\u{1}\n\n\u{7f}。\n\n").unwrap();
    check("").unwrap();
}
