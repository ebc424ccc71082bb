//! Streaming corpus input: JSON Lines records (`id`, `text`) and
//! directories of text files (`*.txt`, id = file stem), read one record at a
//! time whatever the size of the input.
//!
//! [`parse_record`] is the whole of the JSONL record format; a bad record is
//! an [`RecordError`] that names what is wrong, and the readers attach the
//! line number.

use std::io::BufRead;
use std::path::{Path, PathBuf};

/// One input record.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InputRecord {
    /// The record's id (a JSON string, or a number written as a string).
    pub id: String,
    /// Its text.
    pub text: String,
}

/// Why a record was not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The line is not valid UTF-8.
    #[error("invalid UTF-8 at byte {offset} of the record")]
    InvalidUtf8 {
        /// Offset of the first invalid byte in the line.
        offset: usize,
    },
    /// The line is not a JSON object.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// The object has no string field `text`.
    #[error("record has no string field `text`")]
    MissingText,
    /// The object has no usable `id`.
    #[error("record has no string or number field `id`")]
    MissingId,
    /// The input could not be read.
    #[error("read error: {0}")]
    Io(String),
}

#[derive(serde::Deserialize)]
struct Raw {
    id: Option<serde_json::Value>,
    text: Option<serde_json::Value>,
}

/// Parse one JSONL line (without or with its line end) into a record.
///
/// ```
/// use galley_dedup::reader::{parse_record, RecordError};
/// let r = parse_record(r#"{"id": 7, "text": "教育强则国家强。", "url": "x"}"#.as_bytes())?;
/// assert_eq!((r.id.as_str(), r.text.as_str()), ("7", "教育强则国家强。"));
/// assert_eq!(parse_record(br#"{"id": "a"}"#), Err(RecordError::MissingText));
/// # Ok::<(), RecordError>(())
/// ```
pub fn parse_record(line: &[u8]) -> Result<InputRecord, RecordError> {
    let s = std::str::from_utf8(line).map_err(|e| RecordError::InvalidUtf8 {
        offset: e.valid_up_to(),
    })?;
    let raw: Raw = serde_json::from_str(s).map_err(|e| RecordError::InvalidJson(e.to_string()))?;
    let text = match raw.text {
        Some(serde_json::Value::String(t)) => t,
        _ => return Err(RecordError::MissingText),
    };
    let id = match raw.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => return Err(RecordError::MissingId),
    };
    Ok(InputRecord { id, text })
}

/// One line of a JSONL input: its number (from 1), its byte offset and its
/// raw bytes (without the line end).
#[derive(Clone, Debug)]
pub struct Line {
    /// Line number, from 1.
    pub number: u64,
    /// Byte offset of the line in the input.
    pub offset: u64,
    /// The line's bytes, line end removed.
    pub bytes: Vec<u8>,
}

/// Reads the non-blank lines of a JSONL stream, one at a time.
#[derive(Debug)]
pub struct JsonlLines<R> {
    reader: R,
    number: u64,
    offset: u64,
}

impl<R: BufRead> JsonlLines<R> {
    /// Read lines from `reader`.
    pub fn new(reader: R) -> JsonlLines<R> {
        JsonlLines {
            reader,
            number: 0,
            offset: 0,
        }
    }
}

impl<R: BufRead> Iterator for JsonlLines<R> {
    type Item = Result<Line, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut buf = Vec::new();
            let n = match self.reader.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(n) => n,
                Err(e) => return Some(Err(RecordError::Io(e.to_string()))),
            };
            self.number += 1;
            let offset = self.offset;
            self.offset += n as u64;
            while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(Line {
                number: self.number,
                offset,
                bytes: buf,
            }));
        }
    }
}

/// Read a whole JSONL stream into records, for small inputs and tests: each
/// item is `(line number, record or error)`.
pub fn read_jsonl<R: BufRead>(
    reader: R,
) -> impl Iterator<Item = (u64, Result<InputRecord, RecordError>)> {
    JsonlLines::new(reader).map(|l| match l {
        Ok(l) => (l.number, parse_record(&l.bytes)),
        Err(e) => (0, Err(e)),
    })
}

/// One corpus input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A JSONL file of records.
    Jsonl(PathBuf),
    /// A text file: one record, id = file stem.
    Text(PathBuf),
}

impl Source {
    /// The path.
    pub fn path(&self) -> &Path {
        match self {
            Source::Jsonl(p) | Source::Text(p) => p,
        }
    }
}

/// Expand paths: a directory gives its `*.txt` files (recursively, sorted
/// by path), a file is read as JSONL. Errors name the path.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Source>, (PathBuf, String)> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            for e in walkdir::WalkDir::new(p).sort_by_file_name() {
                let e = e.map_err(|e| (p.clone(), e.to_string()))?;
                if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "txt") {
                    found.push(Source::Text(e.into_path()));
                }
            }
            out.extend(found);
        } else {
            out.push(Source::Jsonl(p.clone()));
        }
    }
    Ok(out)
}

/// The id of a text file: its stem.
pub fn stem(p: &Path) -> String {
    p.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_numbered_and_blank_lines_skipped() {
        let input =
            b"{\"id\":1,\"text\":\"a\"}\n\n{bad\r\n{\"id\":\"x\",\"text\":\"\xff\"}\n{\"id\":2}";
        let got: Vec<_> = read_jsonl(&input[..]).collect();
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].1.as_ref().unwrap().id, "1");
        assert_eq!(got[1].0, 3);
        assert!(matches!(got[1].1, Err(RecordError::InvalidJson(_))));
        assert!(matches!(got[2].1, Err(RecordError::InvalidUtf8 { .. })));
        assert_eq!(got[3].1, Err(RecordError::MissingText));
    }

    #[test]
    fn bad_ids_and_texts() {
        assert_eq!(
            parse_record(br#"{"text":"a"}"#),
            Err(RecordError::MissingId)
        );
        assert_eq!(
            parse_record(br#"{"id":[1],"text":"a"}"#),
            Err(RecordError::MissingId)
        );
        assert_eq!(
            parse_record(br#"{"id":"a","text":5}"#),
            Err(RecordError::MissingText)
        );
        assert!(parse_record(b"[]").is_err());
        assert!(parse_record(b"").is_err());
    }
}
