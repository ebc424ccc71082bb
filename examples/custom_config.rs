//! Run the full pipeline with a custom TOML configuration.
//!
//!     cargo run --example custom_config

use galley::PipelineConfig;

/// Keep punctuation widths as they are, allow wider captions, and summarise
/// each article in two sentences. Every other option keeps its default
/// (`galley config --default` lists them all).
const CONFIG: &str = r#"
[[stage]]
type = "clean"
punct_width = false

[[stage]]
type = "paragraphs"

[[stage]]
type = "dedup"

[[stage]]
type = "summary"
budget = { sentences = 2 }
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = PipelineConfig::from_toml(CONFIG)?; // an unknown key would be an error naming it
    let pipeline = config.build()?;
    let page = std::fs::read_to_string("examples/data/004_66cf1caf6c33b5ee.txt")?;
    let record = pipeline.run("004", &page)?;
    for article in &record.articles {
        println!("# {}", article.title.as_deref().unwrap_or("(untitled)"));
        for s in &article.summary {
            println!("  - {s}");
        }
    }
    Ok(())
}
