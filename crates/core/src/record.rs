//! The JSON record: the serde form of a processed document.
//!
//! `galley run --format jsonl` writes one [`Record`] per line. Every span is
//! a `[start, end)` pair of byte offsets into the original input (the raw
//! bytes, also when they were not valid UTF-8). Blocks, `meta` and `removed`
//! together account for every non-blank byte of the input; `edits` lists
//! every change made inside kept text, so that replaying the edits over the
//! spans of a block gives the block's text.

use serde::{Deserialize, Serialize};

use crate::{Document, Edit, Note, Removal, Role, Span};

/// One processed document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The input's id (file stem, or the `id` of a JSONL record).
    pub id: String,
    /// Where the input came from.
    pub source: Option<String>,
    /// Articles in reading order.
    pub articles: Vec<ArticleRecord>,
    /// Every piece of the input that is in no block or meta entry.
    pub removed: Vec<Removal>,
    /// Every character-level change inside kept text, in source order.
    pub edits: Vec<Edit>,
    /// Decisions the stages noted for reviewers (joins, breaks, doubtful lines kept).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// Raw byte spans that were not valid UTF-8 (replaced with U+FFFD in texts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub invalid_utf8: Vec<Span>,
    /// Warnings about the input.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Sizes.
    pub stats: Stats,
}

/// One article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleRecord {
    /// The title's text, if the page gives one.
    pub title: Option<String>,
    /// Title, kicker, subtitles, bylines and author notes.
    pub meta: Vec<MetaRecord>,
    /// Body: headings and paragraphs, in order.
    pub blocks: Vec<BlockRecord>,
    /// Extractive summary.
    #[serde(default)]
    pub summary: Vec<String>,
    /// Ranked keywords.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// One entry of an article's `meta`: title, kicker, subtitle, byline or author note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetaRecord {
    /// Its role.
    pub role: Role,
    /// Its clean text.
    pub text: String,
    /// The source spans it was made from.
    pub spans: Vec<Span>,
}

/// One body block of an article: a heading or a paragraph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BlockRecord {
    /// `heading` or `paragraph`.
    pub kind: Role,
    /// Its clean text.
    pub text: String,
    /// The source spans it was made from.
    pub spans: Vec<Span>,
}

/// Sizes of input and output.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Bytes of input.
    pub input_bytes: usize,
    /// Bytes of kept text (meta and blocks).
    pub output_bytes: usize,
}

impl Document {
    /// Build the record of this document.
    pub fn to_record(&self) -> Record {
        let raw = |s: Span| match self.decoding() {
            Some(d) => Span::new(d.to_raw(s.start), d.to_raw(s.end)),
            None => s,
        };
        let mut articles: Vec<(usize, ArticleRecord)> = Vec::new();
        let mut output_bytes = 0;
        let mut edits = Vec::new();
        for block in self.blocks() {
            output_bytes += block.text().len();
            for mut e in block.edits() {
                e.span = raw(e.span);
                edits.push(e);
            }
            let pos = match articles.iter().position(|(i, _)| *i == block.article) {
                Some(p) => p,
                None => {
                    let info = self.articles().get(block.article);
                    articles.push((
                        block.article,
                        ArticleRecord {
                            title: None,
                            meta: Vec::new(),
                            blocks: Vec::new(),
                            summary: info.map(|i| i.summary.clone()).unwrap_or_default(),
                            keywords: info.map(|i| i.keywords.clone()).unwrap_or_default(),
                        },
                    ));
                    articles.len() - 1
                }
            };
            let art = &mut articles[pos].1;
            let text = block.text().to_string();
            let spans = block.spans().into_iter().map(raw).collect();
            if block.role == Role::Title && art.title.is_none() {
                art.title = Some(text.clone());
            }
            if block.role.is_meta() {
                art.meta.push(MetaRecord {
                    role: block.role,
                    text,
                    spans,
                });
            } else {
                art.blocks.push(BlockRecord {
                    kind: block.role,
                    text,
                    spans,
                });
            }
        }
        articles.sort_by_key(|(i, _)| *i);
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut removed: Vec<Removal> = self
            .removed()
            .iter()
            .map(|r| Removal {
                span: raw(r.span),
                ..r.clone()
            })
            .collect();
        removed.sort_by_key(|r| (r.span.start, r.span.end));
        let notes = self
            .notes()
            .iter()
            .map(|n| Note {
                span: raw(n.span),
                ..n.clone()
            })
            .collect();
        Record {
            id: self.id().to_string(),
            source: self.source().map(str::to_string),
            articles: articles.into_iter().map(|(_, a)| a).collect(),
            removed,
            edits,
            notes,
            invalid_utf8: self
                .decoding()
                .map(|d| d.invalid.clone())
                .unwrap_or_default(),
            warnings: self.warnings().to_vec(),
            stats: Stats {
                input_bytes: self.input_len(),
                output_bytes,
            },
        }
    }
}

impl Record {
    /// The record as one line of JSON (no trailing newline).
    pub fn to_json(&self) -> String {
        // Serialising plain data (strings, numbers, derived structs) cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Plain text for people: per article, the title, meta lines, headings
    /// and paragraphs, with blank lines between them.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, a) in self.articles.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for m in a.meta.iter().filter(|m| m.role != Role::Title) {
                if m.role == Role::Kicker {
                    out.push_str(&m.text);
                    out.push_str("\n\n");
                }
            }
            if let Some(t) = &a.title {
                out.push_str(t);
                out.push_str("\n\n");
            }
            for m in a
                .meta
                .iter()
                .filter(|m| !matches!(m.role, Role::Title | Role::Kicker))
            {
                out.push_str(&m.text);
                out.push_str("\n\n");
            }
            for b in &a.blocks {
                out.push_str(&b.text);
                out.push_str("\n\n");
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }

    /// Markdown for people: `#` titles, `##` headings, meta in italics.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for a in &self.articles {
            for m in a.meta.iter().filter(|m| m.role == Role::Kicker) {
                out.push_str(&format!("*{}*\n\n", md_escape(&m.text)));
            }
            if let Some(t) = &a.title {
                out.push_str(&format!("# {}\n\n", md_escape(t)));
            }
            for m in a
                .meta
                .iter()
                .filter(|m| !matches!(m.role, Role::Title | Role::Kicker))
            {
                out.push_str(&format!("*{}*\n\n", md_escape(&m.text)));
            }
            for b in &a.blocks {
                if b.kind == Role::Heading {
                    out.push_str(&format!("## {}\n\n", md_escape(&b.text)));
                } else {
                    out.push_str(&md_escape(&b.text));
                    out.push_str("\n\n");
                }
            }
            if !a.summary.is_empty() {
                out.push_str("> **Summary:** ");
                out.push_str(&md_escape(&a.summary.join("")));
                out.push_str("\n\n");
            }
            if !a.keywords.is_empty() {
                out.push_str(&format!(
                    "> **Keywords:** {}\n\n",
                    md_escape(&a.keywords.join(", "))
                ));
            }
            out.push_str("---\n\n");
        }
        let trimmed = out.trim_end().trim_end_matches("---").trim_end().len();
        out.truncate(trimmed);
        if !out.is_empty() {
            out.push('\n');
        }
        out
    }
}

/// Escape characters that would start Markdown syntax at a line start.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with('#') || t.starts_with('>') || t.starts_with('-') || t.starts_with('*') {
            out.push('\\');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EditKind, RemovalKind, TextEdit};

    #[test]
    fn record_field_names() {
        let mut doc = Document::new("d", "标题\n\n正文 一句。");
        doc.blocks_mut()[0].role = Role::Title;
        let at = doc.blocks()[1].text().find(' ').unwrap();
        doc.edit_block(1, vec![TextEdit::delete(at..at + 1, EditKind::CjkSpace)])
            .unwrap();
        let rec = doc.to_record();
        let json = rec.to_json();
        assert!(
            json.contains(r#""meta":[{"role":"title","text":"标题","spans":[[0,6]]}]"#),
            "{json}"
        );
        assert!(
            json.contains(r#""blocks":[{"kind":"paragraph","text":"正文一句。""#),
            "{json}"
        );
        assert!(
            json.contains(r#""edits":[{"kind":"cjk_space","span":[14,15],"text":""}]"#),
            "{json}"
        );
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, rec);
        assert_eq!(rec.to_text(), "标题\n\n正文一句。\n");
        assert!(rec.to_markdown().starts_with("# 标题\n\n正文一句。"));
    }

    #[test]
    fn lossy_record_uses_raw_offsets() {
        let raw = b"\xff\xfe\xfd\n\nab";
        let mut doc = Document::from_bytes("d", raw);
        doc.remove_block(0, RemovalKind::Noise, "binary junk")
            .unwrap();
        let rec = doc.to_record();
        assert_eq!(rec.removed[0].span, Span::new(0, 3));
        assert_eq!(rec.articles[0].blocks[0].spans, vec![Span::new(5, 7)]);
        assert_eq!(rec.invalid_utf8, vec![Span::new(0, 3)]);
        assert_eq!(rec.stats.input_bytes, 7);
        assert_eq!(rec.warnings.len(), 1);
    }

    #[test]
    fn empty_input_gives_empty_record() {
        let rec = Document::new("e", "").to_record();
        assert!(rec.articles.is_empty() && rec.removed.is_empty() && rec.edits.is_empty());
        assert_eq!(rec.to_text(), "");
    }
}
