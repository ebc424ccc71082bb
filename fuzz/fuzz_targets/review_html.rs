//! The review page of any input: no panic, and no markup from the input
//! survives unescaped (the page's own `<script>` is the only one).
#![no_main]

use std::sync::OnceLock;

use galley::{Document, Pipeline};
use libfuzzer_sys::fuzz_target;

static PIPELINE: OnceLock<Pipeline> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let pipeline = PIPELINE.get_or_init(|| {
        // Cleanup and paragraphs only: the page is what is fuzzed here.
        Pipeline::from_toml("[[stage]]\ntype = \"clean\"\n[[stage]]\ntype = \"paragraphs\"\n").expect("config")
    });
    let record = pipeline
        .run_document(Document::from_bytes("fuzz", data))
        .expect("stages do not fail on any input");
    let html = galley_review::render(&record, data).expect("a record of its own input renders");
    let scripts = html.matches("<script").count();
    assert_eq!(scripts, 1, "input markup reached the page unescaped");
});
