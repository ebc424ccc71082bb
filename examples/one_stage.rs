//! Use one stage crate alone, with its own document model, as another Rust
//! program would (depending on `galley-core` and `galley-clean` only).
//!
//!     cargo run --example one_stage

use galley::clean::{Clean, Config};
use galley::core::{Document, Stage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let page = "2023年12月22日 星期五 责编 王 露\n\n区教育党工委深入贯彻落实市委、区委 关于主题教育的相关要求,高站位谋划。\n\n本稿配图由山城区教育体育局提供";
    let clean = Clean::new(Config::default())?;
    let mut doc = Document::new("snippet", page);
    clean.apply(&mut doc)?;
    for block in doc.blocks() {
        println!("kept:    {}  <- {:?}", block.text(), block.spans());
    }
    for r in doc.removed() {
        println!("removed: {} ({}: {})", r.text, r.kind, r.reason);
    }
    for e in doc.blocks().iter().flat_map(|b| b.edits()) {
        println!("edit:    {} at {} -> {:?}", e.kind, e.span, e.text);
    }
    Ok(())
}
