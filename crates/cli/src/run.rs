//! `galley run`: the pipeline over files, directories, stdin or JSONL.

use std::io::IsTerminal;
use std::path::PathBuf;

use galley::PipelineConfig;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::input::{InputFormat, Inputs, Item};
use crate::output::{outcome, target_name, write_failed, write_record, OutputFormat, Sink};
use crate::Failure;

/// Arguments of `galley run`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Files, directories (their `*.txt`, or `*.jsonl` with `--input-format jsonl`, recursively) or `-` for stdin. Stdin when none.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = OutputFormat::Jsonl)]
    format: OutputFormat,
    /// Input format.
    #[arg(long, value_enum, default_value_t = InputFormat::Text)]
    input_format: InputFormat,
    /// Write to FILE (atomically: complete or not at all) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Pipeline configuration (TOML); see `galley config --default`.
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Worker threads (default: all cores). Output order never depends on it.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Reject inputs that are not valid UTF-8 instead of decoding them lossily.
    #[arg(long)]
    strict: bool,
    /// No progress bar and no warnings on stderr (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
}

/// Documents processed together; bounds memory on a large JSONL input.
const BATCH_DOCS: usize = 256;
/// Bytes of input read ahead at most per batch.
const BATCH_BYTES: usize = 64 << 20;

pub(crate) fn main(args: Args) -> Result<(), Failure> {
    let config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::Usage(format!("config {}: {e}", path.display())))?;
            PipelineConfig::from_toml(&text)
                .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?
        }
        None => PipelineConfig::default(),
    };
    let pipeline = config.build().map_err(|e| Failure::Usage(e.to_string()))?;
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start {threads} threads: {e}")))?;
    let mut inputs = Inputs::new(&args.paths, args.input_format, args.strict);
    let progress = progress_bar(&args, inputs.known_len);
    let target = target_name(args.output.as_deref());
    let mut sink = Sink::open(args.output.as_deref())
        .map_err(|e| Failure::Usage(format!("cannot write {target}: {e}")))?;

    let mut failed = 0usize;
    let mut first = true;
    // `--format html`: every record goes into one page, written at the end.
    let mut review =
        (args.format == OutputFormat::Html).then(|| galley_review::Review::new("galley review"));
    loop {
        let batch = next_batch(&mut inputs);
        if batch.is_empty() {
            break;
        }
        let html = review.is_some();
        type Done = (
            String,
            Result<galley::Record, String>,
            Option<std::sync::Arc<str>>,
        );
        let results: Vec<Done> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|item| {
                    // The page shows the input text the record's spans point into.
                    let input = match &item.doc {
                        Ok(doc) if html => Some(doc.input_arc()),
                        _ => None,
                    };
                    let res = item
                        .doc
                        .and_then(|doc| pipeline.run_document(doc).map_err(|e| e.to_string()));
                    (item.name, res, input)
                })
                .collect()
        });
        for (name, res, input) in results {
            progress.inc(1);
            match res {
                Ok(rec) => {
                    if !args.quiet {
                        for w in &rec.warnings {
                            progress.suspend(|| eprintln!("galley: warning: {name}: {w}"));
                        }
                    }
                    if let (Some(page), Some(text)) = (review.as_mut(), input) {
                        if let Err(e) = page.add_text(&rec, &text) {
                            failed += 1;
                            progress.suspend(|| eprintln!("galley: error: {name}: {e}"));
                        }
                        continue;
                    }
                    if let Err(e) = write_record(&mut sink, &rec, args.format, first) {
                        return write_failed(e, &target);
                    }
                    first = false;
                }
                Err(e) => {
                    failed += 1;
                    progress.suspend(|| eprintln!("galley: error: {name}: {e}"));
                }
            }
        }
    }
    progress.finish_and_clear();
    if let Some(page) = review {
        if let Err(e) = page.write_to(&mut sink) {
            return write_failed(e, &target);
        }
    }
    if let Err(e) = sink.finish() {
        return write_failed(e, &target);
    }
    outcome(failed)
}

fn next_batch(inputs: &mut Inputs) -> Vec<Item> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for item in inputs.by_ref() {
        bytes += item.doc.as_ref().map_or(0, |d| d.input().len());
        batch.push(item);
        if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
            break;
        }
    }
    batch
}

fn progress_bar(args: &Args, known: Option<usize>) -> ProgressBar {
    let several = known.is_none_or(|n| n > 1);
    if args.quiet || !several || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    match known {
        Some(n) => {
            let pb = ProgressBar::new(n as u64);
            if let Ok(style) =
                ProgressStyle::with_template("{bar:40} {pos}/{len} documents {per_sec} eta {eta}")
            {
                pb.set_style(style);
            }
            pb
        }
        None => {
            let pb = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} documents {per_sec}") {
                pb.set_style(style);
            }
            pb
        }
    }
}
