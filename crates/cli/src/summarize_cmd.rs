//! `galley summarize`: summaries and keywords for JSONL texts.

use crate::Failure;

/// Arguments of `galley summarize`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// JSONL files with `id` and `text` (stdin when none).
    paths: Vec<std::path::PathBuf>,
}

pub(crate) fn main(args: Args) -> Result<(), Failure> {
    let _ = args.paths;
    Err(Failure::Usage(
        "`galley summarize` is not available in this build yet".into(),
    ))
}
