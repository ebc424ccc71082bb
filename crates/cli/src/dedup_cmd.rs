//! `galley dedup`: near-duplicate documents across a corpus.
//!
//! A thin driver over `galley::dedup`: it parses flags, spools stdin to a
//! temporary file (the kept records are copied from the input in a second
//! pass), runs the deduplicator and writes the kept records and the
//! clusters file, each atomically.

use std::io::Write;
use std::path::PathBuf;

use galley::dedup::{CorpusConfig, Deduplicator, Options, Source};

use crate::output::{self, target_name, Sink};
use crate::Failure;

/// Arguments of `galley dedup`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// JSONL files (`id`, `text`; other fields are kept), directories of
    /// `*.txt` files (id = file stem), or `-` for JSONL on stdin. Stdin when none.
    paths: Vec<PathBuf>,
    /// Write the clusters here: one JSON line per cluster of two or more.
    #[arg(long, value_name = "FILE")]
    clusters: PathBuf,
    /// Write the kept records here (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Persistent index: deduplicate against every document seen in earlier runs.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Verified Jaccard similarity at or above which two documents are near duplicates.
    #[arg(long, value_name = "J")]
    threshold: Option<f64>,
    /// LSH bands.
    #[arg(long, value_name = "N")]
    bands: Option<usize>,
    /// Signature rows per band (permutations = bands × rows).
    #[arg(long, value_name = "N")]
    rows: Option<usize>,
    /// Units per shingle (CJK characters or words).
    #[arg(long, value_name = "N")]
    shingle: Option<usize>,
    /// Seed of all hashing; the same seed gives the same clusters.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
    /// Worker threads (default: all cores). Results never depend on it.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    /// Abort at the first bad record instead of reporting and skipping it.
    #[arg(long)]
    strict: bool,
    /// No summary on stderr (bad records are still named).
    #[arg(short, long)]
    quiet: bool,
}

pub(crate) fn main(args: Args) -> Result<(), Failure> {
    let mut config = CorpusConfig::default();
    if let Some(t) = args.threshold {
        config.threshold = t;
    }
    if let Some(b) = args.bands {
        config.bands = b;
    }
    if let Some(r) = args.rows {
        config.rows = r;
    }
    if let Some(s) = args.shingle {
        config.shingle = s;
    }
    if let Some(s) = args.seed {
        config.seed = s;
    }
    let dedup = Deduplicator::new(config).map_err(|e| Failure::Usage(e.to_string()))?;
    let threads = args.threads.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Failure::Usage(format!("cannot start {threads} threads: {e}")))?;

    // Stdin is read twice (sketches, then kept records): spool it.
    let mut spool: Option<tempfile::NamedTempFile> = None;
    let mut paths = args.paths.clone();
    if paths.is_empty() {
        paths.push(PathBuf::from("-"));
    }
    let mut sources = Vec::new();
    for p in &paths {
        if p.as_os_str() == "-" {
            if spool.is_none() {
                let mut tmp = tempfile::NamedTempFile::new()
                    .map_err(|e| Failure::Usage(format!("cannot spool stdin: {e}")))?;
                std::io::copy(&mut std::io::stdin().lock(), tmp.as_file_mut())
                    .map_err(|e| Failure::Usage(format!("cannot read stdin: {e}")))?;
                spool = Some(tmp);
            }
            if let Some(t) = &spool {
                sources.push(Source::Jsonl(t.path().to_path_buf()));
            }
        } else if !p.exists() {
            return Err(Failure::Usage(format!(
                "{}: no such file or directory",
                p.display()
            )));
        } else {
            let expanded = galley::dedup::reader::expand(std::slice::from_ref(p))
                .map_err(|(path, e)| Failure::Usage(format!("{}: {e}", path.display())))?;
            sources.extend(expanded);
        }
    }

    let options = {
        let mut o = Options::new().strict(args.strict);
        if let Some(dir) = &args.index {
            o = o.index(dir);
        }
        o
    };
    let outcome = pool
        .install(|| {
            dedup.run(&sources, &options, |bad| {
                let mut msg = bad.to_string();
                if let Some(t) = &spool {
                    msg = msg.replace(&t.path().display().to_string(), "<stdin>");
                }
                eprintln!("galley: error: {msg}");
            })
        })
        .map_err(|e| match e {
            galley::dedup::Error::BadRecord(_) => {
                Failure::Usage("stopped at a bad record (--strict); nothing written".into())
            }
            other => Failure::Usage(other.to_string()),
        })?;

    let mut clusters = Sink::open(Some(&args.clusters))
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", args.clusters.display())))?;
    outcome
        .write_clusters(&mut clusters)
        .and_then(|_| clusters.finish())
        .map_err(|e| Failure::Usage(format!("cannot write {}: {e}", args.clusters.display())))?;
    let name = target_name(args.output.as_deref());
    let mut kept = Sink::open(args.output.as_deref())
        .map_err(|e| Failure::Usage(format!("cannot write {name}: {e}")))?;
    match outcome.write_kept(&mut kept) {
        Ok(()) => {}
        Err(galley::dedup::Error::Io { source, .. })
            if source.kind() == std::io::ErrorKind::BrokenPipe =>
        {
            return Ok(())
        }
        Err(e) => return Err(Failure::Usage(format!("cannot write {name}: {e}"))),
    }
    kept.flush()
        .and_then(|_| kept.finish())
        .map_err(|e| Failure::Usage(format!("cannot write {name}: {e}")))?;
    if !args.quiet {
        eprintln!(
            "galley dedup: {} record(s) read, {} bad, {} cluster(s), {} kept{}",
            outcome.docs,
            outcome.bad,
            outcome.clusters.len(),
            outcome.kept,
            if outcome.previous > 0 {
                format!(" ({} document(s) already in the index)", outcome.previous)
            } else {
                String::new()
            }
        );
    }
    output::outcome(outcome.bad)
}
