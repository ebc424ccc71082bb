//! Clean one OCR'd page and print it as Markdown, with what was removed.
//!
//!     cargo run --example clean_page -- examples/data/002_f7efa9ca69d6c9b8.txt

use galley::{Document, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/data/002_f7efa9ca69d6c9b8.txt".into());
    // Read bytes, not a String: a page that is not valid UTF-8 is decoded
    // lossily and the record says where.
    let bytes = std::fs::read(&path)?;
    let pipeline = Pipeline::new()?; // the default stages: clean, paragraphs, dedup, summary
    let record = pipeline.run_document(Document::from_bytes("page", &bytes))?;

    println!("{}", record.to_markdown());
    // Nothing disappears silently: every removed piece has a kind, a span and a reason.
    for r in &record.removed {
        eprintln!(
            "removed {:>11} {:>5}..{:<5} {}  ({})",
            r.kind.to_string(),
            r.span.start,
            r.span.end,
            r.text,
            r.reason
        );
    }
    Ok(())
}
