//! Reading inputs: files, directories, stdin, and JSONL records, streamed.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use galley::Document;

/// How inputs are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InputFormat {
    /// Each file (or stdin) is one document.
    Text,
    /// Each line is a JSON object with `id` and `text`.
    Jsonl,
}

/// One input: a document, or why it could not be read.
pub(crate) struct Item {
    /// How to name the input in messages.
    pub(crate) name: String,
    pub(crate) doc: Result<Document, String>,
}

enum Source {
    File(PathBuf),
    Stdin,
}

/// Expand paths (directories recursively to their `*.txt` files, sorted) and
/// yield one [`Item`] per document, reading lazily.
pub(crate) struct Inputs {
    sources: std::vec::IntoIter<Source>,
    format: InputFormat,
    strict: bool,
    jsonl: Option<JsonlReader>,
    /// Errors found while expanding paths, reported first.
    pending: Vec<Item>,
    /// Number of documents if known up front (text input).
    pub(crate) known_len: Option<usize>,
}

struct JsonlReader {
    name: String,
    reader: Box<dyn BufRead>,
    line: usize,
}

impl Inputs {
    pub(crate) fn new(paths: &[PathBuf], format: InputFormat, strict: bool) -> Inputs {
        let mut sources = Vec::new();
        let mut pending = Vec::new();
        if paths.is_empty() {
            sources.push(Source::Stdin);
        }
        for p in paths {
            if p.as_os_str() == "-" {
                sources.push(Source::Stdin);
            } else if p.is_dir() {
                let ext = match format {
                    InputFormat::Text => "txt",
                    InputFormat::Jsonl => "jsonl",
                };
                let mut found = Vec::new();
                for entry in walkdir::WalkDir::new(p).sort_by_file_name() {
                    match entry {
                        // Symlinks are listed too: a dangling one is an input that fails, not one that vanishes.
                        Ok(e)
                            if (e.file_type().is_file() || e.path_is_symlink())
                                && e.path().extension().is_some_and(|x| x == ext) =>
                        {
                            found.push(e.into_path())
                        }
                        Ok(_) => {}
                        Err(e) => pending.push(Item {
                            name: e.path().unwrap_or(p).display().to_string(),
                            doc: Err(e.to_string()),
                        }),
                    }
                }
                sources.extend(found.into_iter().map(Source::File));
            } else {
                sources.push(Source::File(p.clone()));
            }
        }
        let known_len = (format == InputFormat::Text).then_some(sources.len());
        Inputs {
            sources: sources.into_iter(),
            format,
            strict,
            jsonl: None,
            pending,
            known_len,
        }
    }

    fn text_item(&self, source: Source) -> Item {
        let (name, id, bytes) = match source {
            Source::Stdin => {
                let mut buf = Vec::new();
                let r = std::io::stdin().lock().read_to_end(&mut buf);
                ("<stdin>".to_string(), "stdin".to_string(), r.map(|_| buf))
            }
            Source::File(p) => (p.display().to_string(), stem(&p), std::fs::read(&p)),
        };
        let doc = match bytes {
            Err(e) => Err(e.to_string()),
            Ok(bytes) if self.strict => Document::from_bytes_strict(id, &bytes)
                .map(|d| d.with_source(name.clone()))
                .map_err(|e| e.to_string()),
            Ok(bytes) => Ok(Document::from_bytes(id, &bytes).with_source(name.clone())),
        };
        Item { name, doc }
    }

    /// Open a JSONL source; on failure, the source's name and the error.
    fn open_jsonl(&self, source: Source) -> Result<JsonlReader, (String, String)> {
        match source {
            Source::Stdin => Ok(JsonlReader {
                name: "<stdin>".into(),
                reader: Box::new(BufReader::new(std::io::stdin())),
                line: 0,
            }),
            Source::File(p) => {
                let name = p.display().to_string();
                match File::open(&p) {
                    Ok(f) => Ok(JsonlReader {
                        name,
                        reader: Box::new(BufReader::with_capacity(1 << 20, f)),
                        line: 0,
                    }),
                    Err(e) => Err((name, e.to_string())),
                }
            }
        }
    }
}

/// The file stem, used as the document id.
fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

impl JsonlReader {
    /// The next record, `None` at end of input.
    fn next(&mut self, strict: bool) -> Option<Item> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            self.line += 1;
            let name = format!("{}:{}", self.name, self.line);
            match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Item {
                        name,
                        doc: Err(e.to_string()),
                    })
                }
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Item {
                doc: parse_record(&buf, &name, strict),
                name,
            });
        }
    }
}

#[derive(serde::Deserialize)]
struct InRecord {
    id: Option<serde_json::Value>,
    text: Option<String>,
}

/// Parse one JSONL line into a document.
fn parse_record(line: &[u8], name: &str, strict: bool) -> Result<Document, String> {
    let (text, lossy) = match std::str::from_utf8(line) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), false),
        Err(e) if strict => return Err(format!("invalid UTF-8 at byte {}", e.valid_up_to())),
        Err(_) => (String::from_utf8_lossy(line), true),
    };
    let rec: InRecord = serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))?;
    let body = rec
        .text
        .ok_or_else(|| "record has no string field `text`".to_string())?;
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(format!(
                "field `id` must be a string or number, not {other}"
            ))
        }
        None => name.to_string(),
    };
    let mut doc = Document::new(id, body).with_source(name.to_string());
    if lossy {
        doc.warn("the JSONL line was not valid UTF-8; invalid bytes were replaced with U+FFFD before parsing");
    }
    Ok(doc)
}

impl Iterator for Inputs {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        if let Some(item) = self.pending.pop() {
            return Some(item);
        }
        loop {
            if let Some(r) = self.jsonl.as_mut() {
                match r.next(self.strict) {
                    Some(item) => return Some(item),
                    None => self.jsonl = None,
                }
            }
            let source = self.sources.next()?;
            match self.format {
                InputFormat::Text => return Some(self.text_item(source)),
                InputFormat::Jsonl => match self.open_jsonl(source) {
                    Ok(r) => self.jsonl = Some(r),
                    Err((name, e)) => return Some(Item { name, doc: Err(e) }),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_records_parse_and_fail_clearly() {
        let d = parse_record(br#"{"id": "a", "text": "x"}"#, "f:1", false).unwrap();
        assert_eq!(d.id(), "a");
        let d = parse_record(br#"{"id": 7, "text": "x"}"#, "f:1", false).unwrap();
        assert_eq!(d.id(), "7");
        let d = parse_record(br#"{"text": "x"}"#, "f:3", false).unwrap();
        assert_eq!(d.id(), "f:3");
        assert!(parse_record(br#"{"id": "a"}"#, "f:1", false)
            .unwrap_err()
            .contains("text"));
        assert!(parse_record(b"{nope", "f:1", false)
            .unwrap_err()
            .contains("invalid JSON"));
        let bad = b"{\"id\": \"a\", \"text\": \"x\xff\"}";
        assert!(parse_record(bad, "f:1", true).is_err());
        let d = parse_record(bad, "f:1", false).unwrap();
        assert_eq!(d.warnings().len(), 1);
    }
}
