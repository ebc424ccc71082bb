//! Deduplicate a JSONL corpus (`{"id": …, "text": …}` per line) and print
//! the clusters of near-duplicates.
//!
//!     cargo run --release --example dedup_corpus -- corpus.jsonl

use std::path::PathBuf;

use galley::dedup::{CorpusConfig, Deduplicator, Options, Source};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = match std::env::args().nth(1) {
        Some(p) => PathBuf::from(p),
        None => {
            // No corpus given: make a tiny one with two near-duplicates.
            let p = std::env::temp_dir().join("galley-example-corpus.jsonl");
            let a = "重庆市委教育工委全面实施中小学校党建质量提升工程，完善政策体系，推进党建与业务深度融合，为建设教育强市提供坚强保障。";
            let b = format!("{a}（记者 王强）");
            let lines = [
                serde_json::json!({"id": "a", "text": a}).to_string(),
                serde_json::json!({"id": "b", "text": b}).to_string(),
                serde_json::json!({"id": "c", "text": "An unrelated article about the harbour and its ferries."}).to_string(),
            ];
            std::fs::write(&p, lines.join("\n"))?;
            p
        }
    };
    let dedup = Deduplicator::new(CorpusConfig::default())?;
    let outcome = dedup.run(&[Source::Jsonl(path)], &Options::new(), |bad| {
        eprintln!("skipped: {bad:?}")
    })?;
    println!(
        "{} documents, {} kept, {} clusters",
        outcome.docs,
        outcome.kept,
        outcome.clusters.len()
    );
    for c in &outcome.clusters {
        println!(
            "cluster {}: {:?} kept {} ({})",
            c.cluster, c.members, c.kept, c.reason
        );
    }
    Ok(())
}
