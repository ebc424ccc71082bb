//! `galley summarize`: summaries and keywords for JSONL texts.
//!
//! Each input line is a JSON object with `id` and `text`; each output line
//! is `{"id", "summary": [sentences], "keywords": [words]}`, in input order.
//! The text is treated as one article: paragraphs at blank lines (or lines
//! when there is none).

use std::io::Write;
use std::path::PathBuf;

use galley::summary::{Budget, Config, Ranker, Summary};
use rayon::prelude::*;

use crate::input::{InputFormat, Inputs, Item};
use crate::output::{outcome, target_name, write_failed, Sink};
use crate::Failure;

/// Arguments of `galley summarize`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// JSONL files with `id` and `text`, or `-` for stdin (stdin when none).
    paths: Vec<PathBuf>,
    /// Budget: at most K sentences per summary (default 3).
    #[arg(long, value_name = "K", group = "budget")]
    sentences: Option<usize>,
    /// Budget: at most N characters per summary, filled with whole sentences
    /// greedily down the ranking (a sentence that would overflow is skipped);
    /// when no sentence fits, the first-ranked sentence alone.
    #[arg(long, value_name = "N", group = "budget")]
    chars: Option<usize>,
    /// Budget: at most this fraction of the text's characters, in (0, 1],
    /// filled as --chars is.
    #[arg(long, value_name = "R", group = "budget")]
    ratio: Option<f64>,
    /// Sentence ranker: text_rank, lex_rank, centroid or lead.
    #[arg(long, value_name = "NAME")]
    ranker: Option<String>,
    /// Keywords per text (0: none).
    #[arg(long, value_name = "N")]
    keywords: Option<usize>,
    /// Weight of the position prior, in [0, 1].
    #[arg(long, value_name = "W")]
    position_weight: Option<f64>,
    /// MMR trade-off between relevance and redundancy, in [0, 1].
    #[arg(long, value_name = "L")]
    mmr_lambda: Option<f64>,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Reject lines that are not valid UTF-8 instead of decoding them lossily.
    #[arg(long)]
    strict: bool,
}

/// Texts summarised together; bounds memory on a large input.
const BATCH: usize = 512;

#[derive(serde::Serialize)]
struct OutRecord<'a> {
    id: &'a str,
    summary: &'a [String],
    keywords: &'a [String],
}

fn build(args: &Args) -> Result<Summary, Failure> {
    let mut config = Config::default();
    if let Some(k) = args.sentences {
        config.budget = Budget::Sentences(k);
    }
    if let Some(n) = args.chars {
        config.budget = Budget::Chars(n);
    }
    if let Some(r) = args.ratio {
        config.budget = Budget::Ratio(r);
    }
    if let Some(name) = &args.ranker {
        config.ranker = Ranker::from_name(name).ok_or_else(|| {
            let names: Vec<_> = Ranker::ALL.iter().map(|r| r.name()).collect();
            Failure::Usage(format!(
                "unknown ranker `{name}` (choose one of: {})",
                names.join(", ")
            ))
        })?;
    }
    if let Some(k) = args.keywords {
        config.keywords = k;
    }
    if let Some(w) = args.position_weight {
        config.position_weight = w;
    }
    if let Some(l) = args.mmr_lambda {
        config.mmr_lambda = l;
    }
    Summary::new(config).map_err(|e| Failure::Usage(e.to_string()))
}

pub(crate) fn main(args: Args) -> Result<(), Failure> {
    let summary = build(&args)?;
    let target = target_name(args.output.as_deref());
    let mut sink = Sink::open(args.output.as_deref())
        .map_err(|e| Failure::Usage(format!("cannot write {target}: {e}")))?;
    let mut inputs = Inputs::new(&args.paths, InputFormat::Jsonl, args.strict);
    let mut failed = 0usize;
    loop {
        let batch: Vec<Item> = inputs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let lines: Vec<(String, Result<String, String>)> = batch
            .into_par_iter()
            .map(|item| {
                let res = item.doc.and_then(|doc| {
                    let d = summary.summarize(doc.input());
                    serde_json::to_string(&OutRecord {
                        id: doc.id(),
                        summary: &d.sentences,
                        keywords: &d.keywords,
                    })
                    .map_err(|e| e.to_string())
                });
                (item.name, res)
            })
            .collect();
        for (name, res) in lines {
            match res {
                Ok(line) => {
                    let written = sink
                        .write_all(line.as_bytes())
                        .and_then(|()| sink.write_all(b"\n"));
                    if let Err(e) = written {
                        return write_failed(e, &target);
                    }
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("galley: error: {name}: {e}");
                }
            }
        }
    }
    if let Err(e) = sink.finish() {
        return write_failed(e, &target);
    }
    outcome(failed)
}
