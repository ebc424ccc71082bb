//! Writing results: stdout, or a file written atomically.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use galley::Record;

/// How records are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum OutputFormat {
    /// One JSON record per line (see `docs/guide.md` for the fields).
    Jsonl,
    /// Plain text: titles, headings and paragraphs, blank lines between.
    Text,
    /// Markdown: `#` titles, `##` headings.
    Markdown,
    /// One self-contained HTML review page for all documents, written at the end.
    Html,
}

/// Where output goes. A file is written to a temporary file in the same
/// directory and renamed over the target only when everything was written,
/// so a reader never sees half a file.
pub(crate) enum Sink {
    Stdout(BufWriter<io::Stdout>),
    File {
        tmp: BufWriter<tempfile::NamedTempFile>,
        target: PathBuf,
    },
}

impl Sink {
    pub(crate) fn open(path: Option<&Path>) -> io::Result<Sink> {
        match path {
            None => Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            ))),
            Some(p) if p.as_os_str() == "-" => Ok(Sink::Stdout(BufWriter::with_capacity(
                1 << 16,
                io::stdout(),
            ))),
            Some(p) => {
                let dir = match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let tmp = tempfile::Builder::new()
                    .prefix(".galley-")
                    .suffix(".tmp")
                    .tempfile_in(&dir)?;
                Ok(Sink::File {
                    tmp: BufWriter::with_capacity(1 << 16, tmp),
                    target: p.to_path_buf(),
                })
            }
        }
    }

    /// Flush and, for a file, move it into place.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self {
            Sink::Stdout(mut w) => w.flush(),
            Sink::File { tmp, target } => {
                let tmp = tmp.into_inner().map_err(|e| e.into_error())?;
                tmp.as_file().sync_all()?;
                tmp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(w) => w.write(buf),
            Sink::File { tmp, .. } => tmp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(w) => w.flush(),
            Sink::File { tmp, .. } => tmp.flush(),
        }
    }
}

/// How to name an output in messages: its path, or stdout.
pub(crate) fn target_name(path: Option<&Path>) -> String {
    path.map_or_else(|| "stdout".to_string(), |p| p.display().to_string())
}

/// What a failed write means for the run: the reader went away
/// (`galley … | head`) and the run stops quietly, or a usage failure naming
/// the output.
pub(crate) fn write_failed(e: io::Error, target: &str) -> Result<(), crate::Failure> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        Ok(())
    } else {
        Err(crate::Failure::Usage(format!("cannot write {target}: {e}")))
    }
}

/// The end of a run in which `failed` inputs failed (each already named on stderr).
pub(crate) fn outcome(failed: usize) -> Result<(), crate::Failure> {
    if failed > 0 {
        Err(crate::Failure::Partial)
    } else {
        Ok(())
    }
}

/// Write one record in `format`; `first` says whether it is the first one
/// (text formats separate documents with a rule).
pub(crate) fn write_record(
    w: &mut impl Write,
    rec: &Record,
    format: OutputFormat,
    first: bool,
) -> io::Result<()> {
    match format {
        OutputFormat::Jsonl => {
            w.write_all(rec.to_json().as_bytes())?;
            w.write_all(b"\n")
        }
        OutputFormat::Text => {
            if !first {
                w.write_all(b"\n\x0c\n")?;
            }
            w.write_all(rec.to_text().as_bytes())
        }
        OutputFormat::Markdown => {
            if !first {
                w.write_all(b"\n")?;
            }
            writeln!(w, "<!-- galley: {} -->\n", rec.id.replace("--", "- -"))?;
            w.write_all(rec.to_markdown().as_bytes())
        }
        // A review page holds every document; `run` builds it whole.
        OutputFormat::Html => Err(io::Error::other(
            "an HTML page is written whole, not record by record",
        )),
    }
}
