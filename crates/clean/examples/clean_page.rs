//! Run the clean stage on a page and print removals, edits and kept blocks.
use galley_core::Stage;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: clean_page FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let stage = galley_clean::Clean::new(Default::default())?;
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    let mut doc = galley_core::Document::new("page", text.as_str());
    stage.apply(&mut doc)?;
    for _ in 1..repeat {
        // Timing loop for profiling.
        let mut d = galley_core::Document::new("page", text.as_str());
        stage.apply(&mut d)?;
    }
    for r in doc.removed() {
        println!("REMOVED {:?} {:?} -- {}", r.kind, r.text, r.reason);
    }
    for n in doc.notes() {
        println!(
            "NOTE {:?} {}",
            &doc.input()[n.span.range()]
                .chars()
                .take(30)
                .collect::<String>(),
            n.note
        );
    }
    let mut counts = std::collections::BTreeMap::new();
    for b in doc.blocks() {
        for e in b.edits() {
            *counts.entry(e.kind.to_string()).or_insert(0) += 1;
        }
    }
    println!("EDITS {counts:?}");
    if std::env::var("SHOW_BLOCKS").is_ok() {
        for b in doc.blocks() {
            println!(
                "[{:?}{}] {}",
                b.hint.heading_level,
                if b.hint.doubtful { " ?" } else { "" },
                b.text()
            );
        }
    }
    galley_core::invariants::check_document(&doc)?;
    Ok(())
}
