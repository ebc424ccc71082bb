//! The paragraph stage alone on any text: no panic, invariants hold.
#![no_main]

use std::sync::OnceLock;

use galley::core::invariants::{check_document, check_record};
use galley::paragraphs::Paragraphs;
use galley::Document;
use libfuzzer_sys::fuzz_target;

static STAGE: OnceLock<Paragraphs> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let stage = STAGE.get_or_init(|| Paragraphs::new(Default::default()).expect("default config"));
    let mut doc = Document::from_bytes("fuzz", data);
    stage.run(&mut doc).expect("the stage does not fail on any input");
    if let Err(e) = check_document(&doc) {
        panic!("document invariant: {e}");
    }
    if let Err(e) = check_record(&doc.to_record(), data) {
        panic!("record invariant: {e}");
    }
});
