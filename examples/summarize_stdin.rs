//! Summarise text from stdin: three sentences and keywords.
//!
//!     cargo run --example summarize_stdin < examples/data/003_931da840dc53cf60.txt

use std::io::Read;

use galley::summary::{summarize, Budget};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut bytes = Vec::new();
    std::io::stdin().read_to_end(&mut bytes)?;
    // Bytes that are not UTF-8 (a cut pipe, a bad file) become U+FFFD rather than an error.
    let text = String::from_utf8_lossy(&bytes);
    let digest = summarize(&text, &Budget::Sentences(3));
    for s in &digest.sentences {
        println!("{s}");
    }
    println!("keywords: {}", digest.keywords.join(", "));
    Ok(())
}
