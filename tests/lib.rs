//! Integration tests of the whole pipeline on the sample pages: provenance
//! invariants, golden records, properties on arbitrary input, and the
//! labelled paragraph fixtures scored after the cleanup stage.

use std::path::PathBuf;

mod paragraph_fixtures;

use galley::core::invariants::{check_document, check_record};
use galley::{Document, Pipeline};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample pages, sorted by name.
fn pages() -> Vec<(String, Vec<u8>)> {
    galley_testkit::sample_pages()
}

#[test]
fn every_byte_of_every_sample_page_is_accounted_for() {
    let pipeline = Pipeline::new().unwrap();
    let pages = pages();
    assert_eq!(pages.len(), 5);
    for (id, bytes) in pages {
        let mut doc = Document::from_bytes(id.clone(), &bytes);
        pipeline.process(&mut doc).unwrap();
        check_document(&doc).unwrap_or_else(|e| panic!("{id}: {e}"));
        let rec = doc.to_record();
        check_record(&rec, &bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
        // The JSON form round-trips.
        let back: galley::Record = serde_json::from_str(&rec.to_json()).unwrap();
        assert_eq!(back, rec);
    }
}

/// Golden records: `testdata/golden/<id>.json`, pretty-printed so that a
/// change in behaviour reads as a diff. Regenerate with `GALLEY_BLESS=1 cargo test`.
#[test]
fn golden_records() {
    let pipeline = Pipeline::new().unwrap();
    let bless = std::env::var_os("GALLEY_BLESS").is_some();
    let mut stale = Vec::new();
    for (id, bytes) in pages() {
        let doc =
            Document::from_bytes(id.clone(), &bytes).with_source(format!("examples/data/{id}.txt"));
        let rec = pipeline.run_document(doc).unwrap();
        let mut text = serde_json::to_string_pretty(&rec).unwrap();
        text.push('\n');
        let path = root().join("testdata/golden").join(format!("{id}.json"));
        if bless {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "pipeline output differs from the golden files (review the diff after `GALLEY_BLESS=1 cargo test --test lib golden`):\n{}",
        stale.join("\n")
    );
}

/// Every input that once crashed a fuzz target stays a test.
#[test]
fn fuzz_regressions() {
    let pipeline = Pipeline::new().unwrap();
    let dir = root().join("fuzz/regressions");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let mut doc = Document::from_bytes("regression", &bytes);
        pipeline.process(&mut doc).unwrap();
        check_document(&doc).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        check_record(&doc.to_record(), &bytes)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn check_pipeline_on(input: &str) -> Result<(), TestCaseError> {
    let pipeline = Pipeline::new().unwrap();
    let mut doc = Document::new("p", input);
    pipeline
        .process(&mut doc)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    check_document(&doc).map_err(TestCaseError::fail)?;
    check_record(&doc.to_record(), input.as_bytes()).map_err(TestCaseError::fail)?;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn no_panic_and_nothing_lost_on_any_string(input in any::<String>()) {
        check_pipeline_on(&input)?;
    }

    #[test]
    fn no_panic_and_nothing_lost_on_page_like_text(
        input in "([#>]{0,3} ?[a-zA-Z我们的教育党建，。！？“”《》（）()【】,.:;\"' \u{3000}\t\u{200B}-]{0,40}\n{1,3}){0,20}"
    ) {
        check_pipeline_on(&input)?;
    }

    #[test]
    fn no_panic_on_raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let pipeline = Pipeline::new().unwrap();
        let mut doc = Document::from_bytes("b", &bytes);
        pipeline.process(&mut doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        check_record(&doc.to_record(), &bytes).map_err(TestCaseError::fail)?;
    }
}
