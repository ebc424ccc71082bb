//! The cleanup stage alone on any bytes: no panic, invariants hold, and
//! cleaning twice gives the same text as cleaning once.
#![no_main]

use std::sync::OnceLock;

use galley::clean::Clean;
use galley::core::invariants::{check_document, check_record};
use galley::{Document, Stage};
use libfuzzer_sys::fuzz_target;

static STAGE: OnceLock<Clean> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let stage = STAGE.get_or_init(|| Clean::new(Default::default()).expect("default config"));
    let mut doc = Document::from_bytes("fuzz", data);
    stage.apply(&mut doc).expect("the stage does not fail on any input");
    if let Err(e) = check_document(&doc) {
        panic!("document invariant: {e}");
    }
    if let Err(e) = check_record(&doc.to_record(), data) {
        panic!("record invariant: {e}");
    }
    let once: Vec<String> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
    stage.apply(&mut doc).expect("second run");
    let twice: Vec<String> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
    assert_eq!(once, twice, "cleaning is not idempotent");
});
