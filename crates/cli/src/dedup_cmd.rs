//! `galley dedup`: near-duplicate documents across a corpus.

use crate::Failure;

/// Arguments of `galley dedup`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// JSONL files (`id`, `text`) or directories of text files.
    paths: Vec<std::path::PathBuf>,
}

pub(crate) fn main(args: Args) -> Result<(), Failure> {
    let _ = args.paths;
    Err(Failure::Usage(
        "`galley dedup` is not available in this build yet".into(),
    ))
}
