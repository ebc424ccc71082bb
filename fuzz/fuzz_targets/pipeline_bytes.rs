//! The whole default pipeline on raw bytes (invalid UTF-8 included): no
//! panic, and the provenance invariants hold on the record.
#![no_main]

use std::sync::OnceLock;

use galley::core::invariants::{check_document, check_record};
use galley::{Document, Pipeline};
use libfuzzer_sys::fuzz_target;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let pipeline = PIPELINE.get_or_init(|| Pipeline::new().expect("default pipeline builds"));
    let mut doc = Document::from_bytes("fuzz", data);
    pipeline.process(&mut doc).expect("stages do not fail on any input");
    if let Err(e) = check_document(&doc) {
        panic!("document invariant: {e}");
    }
    if let Err(e) = check_record(&doc.to_record(), data) {
        panic!("record invariant: {e}");
    }
});
