//! Write the review page of a synthetic document of N MB (default 10), to
//! check that a big page stays usable in a browser:
//!
//! ```text
//! cargo run --release -p galley-review --example big_page -- 10 /tmp/big.html
//! ```

use std::time::Instant;

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().map_or(Ok(10), |a| a.parse())?;
    let out = args.next().unwrap_or_else(|| "big-review.html".to_string());
    let (rec, text) = synthetic::document(mb << 20);
    let t = Instant::now();
    let page = galley_review::render(&rec, text.as_bytes())?;
    let took = t.elapsed();
    std::fs::write(&out, &page)?;
    println!(
        "{out}: {} bytes of input, {} removed, {} edits, {} bytes of HTML, rendered in {:.1} ms",
        text.len(),
        rec.removed.len(),
        rec.edits.len(),
        page.len(),
        took.as_secs_f64() * 1000.0
    );
    Ok(())
}
