//! `galley review`: saved JSONL records rendered against their inputs as one
//! HTML review page.
//!
//! A record carries spans, not the input text, so each record needs its
//! input: with `--source DIR`, the file `<id>.txt` found anywhere under DIR;
//! with `--source FILE.jsonl`, the line whose `id` is the record's; without
//! `--source`, the path in the record's `source` field. Each record is
//! checked against its input (`check_record`) before it is rendered; a
//! record without a matching input is named on stderr and left out.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use galley::core::invariants::check_record;
use galley::Record;

use crate::output::{outcome, target_name, write_failed, Sink};
use crate::Failure;

/// Arguments of `galley review`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// JSONL record files written by `galley run`, or `-` for stdin (stdin when none).
    records: Vec<PathBuf>,
    /// Where the inputs are: a directory (`<id>.txt`, searched recursively) or
    /// a JSONL file of `id` and `text`. Default: each record's `source` path.
    #[arg(short, long, value_name = "DIR|FILE")]
    source: Option<PathBuf>,
    /// Write the page to FILE (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The page's title.
    #[arg(long, default_value = "galley review")]
    title: String,
}

/// Where inputs are looked up.
enum Inputs {
    /// Files by stem; several when the stem occurs more than once.
    Dir(HashMap<String, Vec<PathBuf>>),
    /// Texts by id, from a JSONL file.
    Jsonl(HashMap<String, String>),
    /// The record's own `source` path.
    RecordSource,
}

impl Inputs {
    fn open(source: Option<&Path>) -> Result<Inputs, Failure> {
        let Some(path) = source else {
            return Ok(Inputs::RecordSource);
        };
        let fail = |e: &dyn std::fmt::Display| Failure::Usage(format!("{}: {e}", path.display()));
        if path.is_dir() {
            let mut map: HashMap<String, Vec<PathBuf>> = HashMap::new();
            for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
                let entry = entry.map_err(|e| fail(&e))?;
                let p = entry.path();
                if p.extension().is_some_and(|x| x == "txt") {
                    if let Some(stem) = p.file_stem() {
                        map.entry(stem.to_string_lossy().into_owned())
                            .or_default()
                            .push(p.to_path_buf());
                    }
                }
            }
            return Ok(Inputs::Dir(map));
        }
        let file = std::fs::File::open(path).map_err(|e| fail(&e))?;
        let mut map = HashMap::new();
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| fail(&e))?;
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(&line)
                .map_err(|e| fail(&format!("line {}: invalid JSON: {e}", i + 1)))?;
            let id = match v.get("id") {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                // `galley run` names an id-less JSONL record after its file and line.
                _ => format!("{}:{}", path.display(), i + 1),
            };
            if let Some(text) = v.get("text").and_then(|t| t.as_str()) {
                map.insert(id, text.to_string());
            }
        }
        Ok(Inputs::Jsonl(map))
    }

    /// The raw input of a record.
    fn get(&self, rec: &Record) -> Result<Vec<u8>, String> {
        let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
        match self {
            Inputs::Dir(map) => {
                let found = map.get(&rec.id).map(Vec::as_slice).unwrap_or_default();
                match found {
                    [] => Err(format!("no {}.txt under --source", rec.id)),
                    [one] => read(one),
                    several => {
                        // Several files with this stem: the one the record names, if any.
                        let named = rec.source.as_deref().and_then(|s| {
                            several
                                .iter()
                                .find(|p| p.ends_with(s) || Path::new(s).ends_with(p))
                        });
                        match named {
                            Some(p) => read(p),
                            None => Err(format!(
                                "{} files named {}.txt under --source; cannot tell which",
                                several.len(),
                                rec.id
                            )),
                        }
                    }
                }
            }
            Inputs::Jsonl(map) => map
                .get(&rec.id)
                .map(|t| t.clone().into_bytes())
                .ok_or_else(|| format!("no line with id {:?} in --source", rec.id)),
            Inputs::RecordSource => match rec.source.as_deref() {
                Some(s) if Path::new(s).is_file() => read(Path::new(s)),
                Some(s) => Err(format!(
                    "its source {s:?} is not a readable file; pass --source DIR or FILE.jsonl"
                )),
                None => Err("the record names no source; pass --source DIR or FILE.jsonl".into()),
            },
        }
    }
}

pub(crate) fn main(args: Args) -> Result<(), Failure> {
    let inputs = Inputs::open(args.source.as_deref())?;
    let mut page = galley_review::Review::new(args.title.clone());
    let mut failed = 0usize;
    let mut report = |what: &str, e: &str| {
        failed += 1;
        eprintln!("galley: error: {what}: {e}");
    };
    let files: Vec<PathBuf> = if args.records.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.records.clone()
    };
    for file in &files {
        let (name, reader): (String, Box<dyn BufRead>) = if file.as_os_str() == "-" {
            ("<stdin>".into(), Box::new(BufReader::new(std::io::stdin())))
        } else {
            match std::fs::File::open(file) {
                Ok(f) => (
                    file.display().to_string(),
                    Box::new(BufReader::with_capacity(1 << 20, f)),
                ),
                Err(e) => {
                    report(&file.display().to_string(), &e.to_string());
                    continue;
                }
            }
        };
        let mut line = String::new();
        let mut reader = reader;
        let mut n = 0usize;
        loop {
            line.clear();
            n += 1;
            let what = format!("{name}:{n}");
            match reader.read_line(&mut line) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    report(&what, &e.to_string());
                    break;
                }
            }
            if line.trim().is_empty() {
                continue;
            }
            let rec: Record = match serde_json::from_str(&line) {
                Ok(r) => r,
                Err(e) => {
                    report(&what, &format!("not a galley record: {e}"));
                    continue;
                }
            };
            let what = format!("{what} ({})", rec.id);
            let input = match inputs.get(&rec) {
                Ok(b) => b,
                Err(e) => {
                    report(&what, &e);
                    continue;
                }
            };
            if let Err(e) = check_record(&rec, &input) {
                report(&what, &format!("the record does not match its input: {e}"));
                continue;
            }
            if let Err(e) = page.add(&rec, &input) {
                report(&what, &e.to_string());
            }
        }
    }
    let target = target_name(args.output.as_deref());
    let written = Sink::open(args.output.as_deref()).and_then(|mut sink| {
        page.write_to(&mut sink)?;
        sink.finish()
    });
    if let Err(e) = written {
        return write_failed(e, &target);
    }
    outcome(failed)
}
