//! The `galley` command.
//!
//! It only parses flags, reads config and inputs, calls the `galley` facade
//! and prints. Exit codes: 0 all went well; 1 some inputs failed (each named
//! on stderr, the others still processed); 2 usage or config error.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod dedup_cmd;
mod input;
mod output;
mod review_cmd;
mod run;
mod summarize_cmd;

/// Turn raw OCR output of newspaper pages into clean, structured,
/// deduplicated, summarised articles.
#[derive(Debug, Parser)]
#[command(name = "galley", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the pipeline on files, directories (`*.txt`, recursively) or stdin.
    Run(run::Args),
    /// Print or check the pipeline configuration.
    Config(ConfigArgs),
    /// Find near-duplicate documents across a corpus.
    Dedup(dedup_cmd::Args),
    /// Summarise texts: JSONL in (`id`, `text`), JSONL out (`id`, `summary`, `keywords`).
    Summarize(summarize_cmd::Args),
    /// Render saved JSONL records against their inputs as one HTML review page.
    Review(review_cmd::Args),
}

#[derive(Debug, clap::Args)]
struct ConfigArgs {
    /// Print the default configuration, every option commented.
    #[arg(long)]
    default: bool,
    /// Check a config file and print it with every default filled in.
    #[arg(long, value_name = "FILE", conflicts_with = "default")]
    check: Option<std::path::PathBuf>,
}

/// What went wrong, sorted by exit code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Usage or configuration (exit 2).
    Usage(String),
    /// Some inputs failed (exit 1); already reported on stderr.
    Partial,
}

fn config(args: ConfigArgs) -> Result<(), Failure> {
    if let Some(path) = args.check {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        let cfg = galley::PipelineConfig::from_toml(&text)
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        cfg.build()
            .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
        let names: Vec<_> = cfg.stages.iter().map(|s| s.name()).collect();
        println!("ok: {} stage(s): {}", names.len(), names.join(", "));
        return Ok(());
    }
    if args.default {
        print!("{}", galley::PipelineConfig::default_toml());
        return Ok(());
    }
    Err(Failure::Usage(
        "say `galley config --default` or `galley config --check FILE`".into(),
    ))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::main(args),
        Command::Config(args) => config(args),
        Command::Dedup(args) => dedup_cmd::main(args),
        Command::Summarize(args) => summarize_cmd::main(args),
        Command::Review(args) => review_cmd::main(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Partial) => ExitCode::from(1),
        Err(Failure::Usage(msg)) => {
            eprintln!("galley: {msg}");
            ExitCode::from(2)
        }
    }
}
