//! The in-document deduplicator on any bytes: no panic, invariants hold.
#![no_main]

use std::sync::OnceLock;

use galley::core::invariants::{check_document, check_record};
use galley::dedup::Dedup;
use galley::{Document, Stage};
use libfuzzer_sys::fuzz_target;

static STAGE: OnceLock<Dedup> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let stage = STAGE.get_or_init(|| Dedup::new(Default::default()).expect("default config"));
    let mut doc = Document::from_bytes("fuzz", data);
    stage.apply(&mut doc).expect("the stage does not fail on any input");
    if let Err(e) = check_document(&doc) {
        panic!("document invariant: {e}");
    }
    if let Err(e) = check_record(&doc.to_record(), data) {
        panic!("record invariant: {e}");
    }
});
