//! A self-contained HTML review page that shows, on the original text, what
//! galley removed, edited and joined.
//!
//! People who check a digitised archive would rather look than read JSON. For
//! each document, the page shows the original input on the left with every
//! removed span highlighted by kind (reason on hover), every edit marked with
//! its before → after, and each kept span's article as a coloured margin; on
//! the right, the clean result: each article's title, meta, headings,
//! paragraphs, summary and keywords. Clicking a clean paragraph scrolls to
//! and highlights its source spans; clicking kept source text finds its clean
//! paragraph. A legend counts each kind and toggles its highlight.
//!
//! The page is one file: inline CSS and a few KB of vanilla JS, no network,
//! no external fonts, scripts or styles; it works from a `file://` URL. A
//! Content-Security-Policy allows only the page's own script (by hash) and
//! no network at all.
//!
//! ```
//! use galley_core::{Document, EditKind, RemovalKind, TextEdit};
//! use galley_review::Review;
//!
//! let input = "教育强则国家\n\n<img src=x onerror=alert(1)>\n\n强。作为 战略先导";
//! let mut doc = Document::new("page-1", input);
//! doc.remove_block(1, RemovalKind::Noise, "markup debris, not text")?;
//! doc.join_blocks(0, 1, "")?;
//! let space = doc.blocks()[0].text().find(' ').unwrap();
//! doc.edit_block(0, vec![TextEdit::delete(space..space + 1, EditKind::CjkSpace)])?;
//! let rec = doc.to_record();
//!
//! let mut review = Review::new("Review of page 1");
//! review.add(&rec, input.as_bytes())?;
//! let html = review.finish();
//!
//! // One element per removal and per edit, each with its span.
//! assert_eq!(html.matches(" data-kind=\"").count(), 1);
//! assert_eq!(html.matches(" data-edit=\"").count(), 2);
//! assert!(html.contains("data-kind=\"noise\" data-span=\"20,48\""));
//! // The input is text, never markup.
//! assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
//! assert!(!html.contains("<img"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! From the command line, `galley run --format html -o review.html PATH...`
//! writes the page of a run, and `galley review records.jsonl --source DIR
//! -o review.html` the page of saved records.
//!
//! # Size
//!
//! Rendering is one pass over the input with the record's marks sorted:
//! one element per removal, edit and kept span, never one per character.
//! The source is cut, between marks and after a line break, into chunks of
//! about 8 KB that the browser lays out only when they scroll into view
//! (`content-visibility: auto`), as it does the clean articles, so the page
//! of a 10 MB input opens in about a second.
//!
//! # Markup for tests and scripts
//!
//! - each removal is one element with `data-kind` (the record's kind, e.g.
//!   `caption`) and `data-span="start,end"`, `title` its reason;
//! - each edit is one element with `data-edit` (the edit kind),
//!   `data-span` and `data-to` (the replacement text);
//! - each kept source span is one element with `data-src="start,end"` and
//!   `data-a` (its article's index);
//! - each clean title, meta entry, heading, paragraph and note has
//!   `data-spans="s,e s,e …"`;
//! - after load, `<body>` gets `data-ready="1"`, and `data-pwned="1"` if
//!   anything set `window.__pwned` (for the test that injected markup in the
//!   input runs nothing).
//!
//! Spans are byte offsets into the raw input, as in the record: the page is
//! rendered from the raw bytes, each invalid UTF-8 sequence shown as U+FFFD.
//! When only the lossily decoded text is at hand, [`realign_lossy`] rebuilds
//! a byte string with the raw offsets.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

use std::collections::BTreeMap;
use std::fmt::Write as _;

use galley_core::{Record, Span};

mod clean;
mod escape;
mod source;

use escape::{escape, escape_into, ident};

/// Number of article colours; article `i` gets colour `i % PALETTE`.
pub(crate) const PALETTE: usize = 12;

const CSS: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");
/// Base64 SHA-256 of [`SCRIPT`], for the Content-Security-Policy; a unit test
/// checks it (and prints the new value when the script changes).
const SCRIPT_SHA256: &str = "sha256-1kgBFpbOm6DKwr+ZjIFc9ldD1MeAFRQ3Zg1eK9ic4M4=";

/// Why a document could not be added to a review page.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not the one the record was made from: its length differs
    /// from the record's `stats.input_bytes`.
    #[error(
        "document {id}: the record was made from {expected} bytes of input, but {found} were given"
    )]
    InputLength {
        /// The record's id.
        id: String,
        /// `stats.input_bytes` of the record.
        expected: usize,
        /// Length of the input given.
        found: usize,
    },
}

/// Counts of one document, for the document list.
#[derive(Debug)]
struct DocEntry {
    id: String,
    articles: usize,
    removed: usize,
    edits: usize,
}

/// A review page being built: add documents, then [`finish`](Review::finish).
///
/// Each document is rendered as soon as it is added, so the page holds no
/// records, only its growing markup.
#[derive(Debug)]
pub struct Review {
    title: String,
    sections: String,
    docs: Vec<DocEntry>,
    removed: BTreeMap<String, usize>,
    edits: BTreeMap<String, usize>,
    input_bytes: usize,
}

impl Review {
    /// An empty page with a title.
    pub fn new(title: impl Into<String>) -> Review {
        Review {
            title: title.into(),
            sections: String::new(),
            docs: Vec::new(),
            removed: BTreeMap::new(),
            edits: BTreeMap::new(),
            input_bytes: 0,
        }
    }

    /// Add a document: its record and the raw input bytes it was made from.
    ///
    /// Fails only when the input's length differs from the record's
    /// `stats.input_bytes` (the wrong input). Spans past the end of the input
    /// are clamped and overlapping spans are nested, so a hand-made or
    /// damaged record still renders; check it first with
    /// [`galley_core::invariants::check_record`] when in doubt.
    pub fn add(&mut self, record: &Record, input: &[u8]) -> Result<(), Error> {
        if record.stats.input_bytes != input.len() {
            return Err(Error::InputLength {
                id: record.id.clone(),
                expected: record.stats.input_bytes,
                found: input.len(),
            });
        }
        let n = self.docs.len();
        let out = &mut self.sections;
        out.reserve(
            2 * input.len() + input.len() / 4 + 256 * (record.removed.len() + record.edits.len()),
        );
        let _ = write!(out, "<section class=\"doc\" id=\"doc-{n}\" data-id=\"");
        escape_into(out, &record.id);
        out.push_str("\"><h2>");
        escape_into(out, &record.id);
        if let Some(src) = &record.source {
            out.push_str("<small>");
            escape_into(out, src);
            out.push_str("</small>");
        }
        let _ = write!(
            out,
            "</h2><p class=\"stats\">{} bytes in, {} bytes kept · {} article(s) · {} removed · {} edit(s) · {} note(s)",
            record.stats.input_bytes,
            record.stats.output_bytes,
            record.articles.len(),
            record.removed.len(),
            record.edits.len(),
            record.notes.len()
        );
        if !record.invalid_utf8.is_empty() {
            let bytes: usize = record.invalid_utf8.iter().map(Span::len).sum();
            let _ = write!(out, " · {bytes} invalid UTF-8 byte(s), shown as \u{FFFD}");
        }
        for w in &record.warnings {
            out.push_str(" · <span class=\"warn\">");
            escape_into(out, w);
            out.push_str("</span>");
        }
        out.push_str("</p><div class=\"panes\"><div class=\"pane\"><h3 class=\"ph\">Original</h3><div class=\"src\">");
        source::render(out, record, input);
        out.push_str("</div></div><div class=\"pane clean\"><h3 class=\"ph\">Clean</h3>");
        clean::render(out, record);
        out.push_str("</div></div></section>\n");

        for r in &record.removed {
            *self.removed.entry(r.kind.to_string()).or_default() += 1;
        }
        for e in &record.edits {
            *self.edits.entry(e.kind.to_string()).or_default() += 1;
        }
        self.input_bytes += input.len();
        self.docs.push(DocEntry {
            id: record.id.clone(),
            articles: record.articles.len(),
            removed: record.removed.len(),
            edits: record.edits.len(),
        });
        Ok(())
    }

    /// Add a document from the text galley processed ([`Document::input`]):
    /// the input itself when it was valid UTF-8 (the record has no
    /// `invalid_utf8` spans), else the lossily decoded text, which is first
    /// realigned to the raw offsets of the record's spans with
    /// [`realign_lossy`].
    ///
    /// [`Document::input`]: galley_core::Document::input
    pub fn add_text(&mut self, record: &Record, text: &str) -> Result<(), Error> {
        if record.invalid_utf8.is_empty() {
            self.add(record, text.as_bytes())
        } else {
            let raw = realign_lossy(text, &record.invalid_utf8, record.stats.input_bytes);
            self.add(record, &raw)
        }
    }

    /// Number of documents added.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The complete page.
    pub fn finish(self) -> String {
        let (head, tail) = self.head_and_tail();
        let mut out = String::with_capacity(head.len() + self.sections.len() + tail.len());
        out.push_str(&head);
        out.push_str(&self.sections);
        out.push_str(&tail);
        out
    }

    /// Write the complete page to `w`, without first copying it into one string.
    pub fn write_to<W: std::io::Write>(self, mut w: W) -> std::io::Result<()> {
        let (head, tail) = self.head_and_tail();
        w.write_all(head.as_bytes())?;
        w.write_all(self.sections.as_bytes())?;
        w.write_all(tail.as_bytes())?;
        w.flush()
    }

    /// The page before the document sections, and after them.
    fn head_and_tail(&self) -> (String, String) {
        let mut out = String::with_capacity(CSS.len() + 8192);
        out.push_str("<!DOCTYPE html>\n<html lang=\"und\"><head><meta charset=\"utf-8\">\n");
        let _ = writeln!(
            out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_SHA256}'; img-src data:\">"
        );
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        let _ = writeln!(
            out,
            "<meta name=\"generator\" content=\"galley-review {}\">",
            env!("CARGO_PKG_VERSION")
        );
        out.push_str("<title>");
        escape_into(&mut out, &self.title);
        out.push_str("</title>\n<style>\n");
        out.push_str(CSS);
        kind_css(&mut out, &self.removed, &self.edits);
        out.push_str("</style></head>\n<body>\n<header class=\"top\"><h1>");
        escape_into(&mut out, &self.title);
        let removed: usize = self.removed.values().sum();
        let edits: usize = self.edits.values().sum();
        let _ = write!(
            out,
            "</h1><p class=\"sum\">{} document(s) · {} bytes of input · {removed} removed · {edits} edit(s) · hover a mark for its reason, click a clean paragraph to find its source</p>",
            self.docs.len(),
            self.input_bytes
        );
        legend(&mut out, &self.removed, &self.edits);
        if self.docs.len() > 1 {
            out.push_str("<nav class=\"doclist\"><ol>");
            for (i, d) in self.docs.iter().enumerate() {
                let _ = write!(out, "<li><a href=\"#doc-{i}\">");
                escape_into(&mut out, &d.id);
                let _ = write!(
                    out,
                    "</a> <span>{} art. · {} removed · {} edits</span></li>",
                    d.articles, d.removed, d.edits
                );
            }
            out.push_str("</ol></nav>");
        }
        out.push_str("</header>\n<main>\n");
        if self.docs.is_empty() {
            out.push_str("<p class=\"empty\">No documents.</p>");
        }
        let tail = format!("</main>\n<script>{SCRIPT}</script>\n</body></html>\n");
        (out, tail)
    }
}

/// The page of one document: `Review::new(id)`, `add`, `finish`.
pub fn render(record: &Record, input: &[u8]) -> Result<String, Error> {
    let mut r = Review::new(format!("galley review: {}", record.id));
    r.add(record, input)?;
    Ok(r.finish())
}

/// Rebuild a byte string with the raw input's offsets from its lossily
/// decoded text, for rendering a record whose spans are raw-byte offsets
/// when the raw bytes are gone.
///
/// `decoded` is the text after lossy decoding (each invalid sequence replaced
/// by one U+FFFD), `invalid` the record's `invalid_utf8` spans and `raw_len`
/// its `stats.input_bytes`. Valid text is copied unchanged to the same
/// offsets; each invalid byte becomes `0xFF`, which renders as one U+FFFD per
/// invalid byte. When an invalid run is directly followed by a literal
/// U+FFFD of the input, the split between the two is ambiguous; the rebuild
/// then takes as few replacement characters as it can and the text after the
/// run may shift by a few bytes. It never panics and always returns
/// `raw_len` bytes.
pub fn realign_lossy(decoded: &str, invalid: &[Span], raw_len: usize) -> Vec<u8> {
    const FFFD: &str = "\u{FFFD}";
    let text = decoded.as_bytes();
    if invalid.is_empty() {
        let mut out = text.to_vec();
        out.resize(raw_len, b' ');
        return out;
    }
    let invalid_total: usize = invalid.iter().map(Span::len).sum();
    // Every valid raw byte is one decoded byte; the rest are U+FFFDs.
    let mut replacements = decoded
        .len()
        .saturating_sub(raw_len.saturating_sub(invalid_total))
        / FFFD.len();
    let mut out = Vec::with_capacity(raw_len);
    let (mut r, mut d) = (0usize, 0usize);
    for (i, span) in invalid.iter().enumerate() {
        let valid = span.start.saturating_sub(r);
        let piece = text.get(d..(d + valid).min(text.len())).unwrap_or_default();
        out.extend_from_slice(piece);
        out.resize(out.len() + (valid - piece.len()), b' ');
        d += valid;
        let run = decoded
            .get(d.min(decoded.len())..)
            .map_or(0, |rest| rest.len() - rest.trim_start_matches(FFFD).len())
            / FFFD.len();
        let later = invalid.len() - i - 1;
        let k = if run == 0 {
            0
        } else {
            run.min(span.len())
                .min(replacements.saturating_sub(later).max(1))
        };
        replacements = replacements.saturating_sub(k);
        out.resize(out.len() + span.len(), 0xFF);
        d += k * FFFD.len();
        r = span.end;
    }
    out.extend_from_slice(text.get(d.min(text.len())..).unwrap_or_default());
    out.resize(raw_len, b' ');
    out
}

/// Colour of a removal kind (background of its marks).
fn removal_colour(kind: &str) -> String {
    let c = match kind {
        "caption" => "#ffd28a",
        "credit" => "#ffb3c7",
        "page_header" => "#b9d7ff",
        "page_number" => "#a8e6f0",
        "column_label" => "#d7c2ff",
        "running_head" => "#c6d2ff",
        "continuation" => "#c9f0b8",
        "rule" => "#dcdcdc",
        "contact" => "#f5c6a5",
        "duplicate" => "#ff9f9f",
        "noise" => "#e3d7a4",
        "other" => "#e6e6e6",
        _ => return hashed_colour(kind, 85),
    };
    c.to_string()
}

/// Colour of an edit kind (background of the before text).
fn edit_colour(kind: &str) -> String {
    let c = match kind {
        "join" => "transparent",
        "line_break" => "#fff0a8",
        "cjk_space" => "#ffe58a",
        "whitespace" => "#fff3b8",
        "punct_width" => "#ffd7a0",
        "quote" => "#ffe0c0",
        "overlap" => "#ffb8a0",
        "duplicate" => "#ff9f9f",
        _ => "#ffe58a",
    };
    c.to_string()
}

/// A stable light colour for an unknown kind name.
fn hashed_colour(kind: &str, lightness: u32) -> String {
    let h = kind.bytes().fold(2166136261u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(16777619)
    });
    format!("hsl({} 70% {lightness}%)", h % 360)
}

/// Per-kind colours and the rules that switch a kind's highlight off.
fn kind_css(out: &mut String, removed: &BTreeMap<String, usize>, edits: &BTreeMap<String, usize>) {
    for k in removed.keys() {
        let k = ident(k);
        let _ = writeln!(
            out,
            ".rm[data-kind=\"{k}\"],.sw.rm-{k}{{background:{}}}\nbody.off-rm-{k} .rm[data-kind=\"{k}\"]{{background:none;text-decoration:none}}",
            removal_colour(&k)
        );
    }
    for k in edits.keys() {
        let k = ident(k);
        let _ = writeln!(
            out,
            ".ed[data-edit=\"{k}\"],.sw.ed-{k}{{background:{}}}\nbody.off-ed-{k} .ed[data-edit=\"{k}\"]{{background:none;text-decoration:none}}\nbody.off-ed-{k} .ed[data-edit=\"{k}\"]::after,body.off-ed-{k} .ed[data-edit=\"{k}\"]::before{{content:none}}",
            edit_colour(&k)
        );
    }
}

/// The legend: per kind, a swatch, its count and a toggle.
fn legend(out: &mut String, removed: &BTreeMap<String, usize>, edits: &BTreeMap<String, usize>) {
    out.push_str("<div class=\"legend\">");
    for (label, prefix, counts) in [("Removed", "rm", removed), ("Edits", "ed", edits)] {
        let _ = write!(out, "<fieldset><legend>{label}</legend>");
        if counts.is_empty() {
            out.push_str("<span class=\"empty\">none</span>");
        }
        for (k, n) in counts {
            let k = ident(k);
            let _ = write!(
                out,
                "<label><input type=\"checkbox\" checked data-toggle=\"{prefix}-{k}\"><span class=\"sw {prefix}-{k}\">{}</span><b>{n}</b></label>",
                escape(&k.replace('_', " "))
            );
        }
        out.push_str("</fieldset>");
    }
    out.push_str("<fieldset><legend>Margin</legend><span>colour = article; ⋈ = join; <s>struck</s> → <b>new</b> = edit</span></fieldset>");
    out.push_str("</div>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_core::{Document, RemovalKind};

    /// SHA-256 (FIPS 180-4), for checking the script hash in the CSP.
    fn sha256(data: &[u8]) -> [u8; 32] {
        const K: [u32; 64] = [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
            0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
            0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
            0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
            0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
            0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
            0xc67178f2,
        ];
        let mut h: [u32; 8] = [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19,
        ];
        let mut msg = data.to_vec();
        msg.push(0x80);
        while msg.len() % 64 != 56 {
            msg.push(0);
        }
        msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
        for block in msg.chunks(64) {
            let mut w = [0u32; 64];
            for i in 0..16 {
                w[i] = u32::from_be_bytes([
                    block[4 * i],
                    block[4 * i + 1],
                    block[4 * i + 2],
                    block[4 * i + 3],
                ]);
            }
            for i in 16..64 {
                let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
                let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
                w[i] = w[i - 16]
                    .wrapping_add(s0)
                    .wrapping_add(w[i - 7])
                    .wrapping_add(s1);
            }
            let mut v = h;
            for i in 0..64 {
                let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
                let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
                let t1 = v[7]
                    .wrapping_add(s1)
                    .wrapping_add(ch)
                    .wrapping_add(K[i])
                    .wrapping_add(w[i]);
                let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
                let t2 = s0.wrapping_add(maj);
                v = [
                    t1.wrapping_add(t2),
                    v[0],
                    v[1],
                    v[2],
                    v[3].wrapping_add(t1),
                    v[4],
                    v[5],
                    v[6],
                ];
            }
            for i in 0..8 {
                h[i] = h[i].wrapping_add(v[i]);
            }
        }
        let mut out = [0u8; 32];
        for (i, x) in h.iter().enumerate() {
            out[4 * i..4 * i + 4].copy_from_slice(&x.to_be_bytes());
        }
        out
    }

    fn base64(data: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for c in data.chunks(3) {
            let n = (u32::from(c[0]) << 16)
                | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                | u32::from(*c.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= c.len() {
                    out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn sha256_is_right() {
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }

    #[test]
    fn csp_hash_matches_the_script() {
        let want = format!("sha256-{}", base64(&sha256(SCRIPT.as_bytes())));
        assert_eq!(
            SCRIPT_SHA256, want,
            "update SCRIPT_SHA256 in src/lib.rs to {want}"
        );
    }

    #[test]
    fn page_is_self_contained() {
        let mut doc = Document::new("d", "页眉 2024年\n\n正文一句。");
        doc.remove_block(0, RemovalKind::PageHeader, "date line")
            .unwrap();
        let html = render(&doc.to_record(), doc.input().as_bytes()).unwrap();
        for needle in ["http://", "https://", "<link", " src=\"", "@import", "url("] {
            assert!(!html.contains(needle), "{needle}");
        }
        assert!(html.contains("data-toggle=\"rm-page_header\""));
        assert!(html.contains("body.off-rm-page_header .rm[data-kind=\"page_header\"]"));
        assert_eq!(html.matches(" data-kind=\"").count(), 1);
    }

    #[test]
    fn wrong_input_is_an_error() {
        let doc = Document::new("d", "abc");
        let err = render(&doc.to_record(), b"abcd").unwrap_err();
        assert!(err.to_string().contains("3 bytes"), "{err}");
    }

    #[test]
    fn realign_lossy_restores_raw_offsets() {
        let raw: &[u8] = b"ab\xff\xfecd\xe4\xb8\n\xef\xbf\xbdz";
        let doc = Document::from_bytes("d", raw);
        let rec = doc.to_record();
        let back = realign_lossy(doc.input(), &rec.invalid_utf8, raw.len());
        assert_eq!(back.len(), raw.len());
        for (i, (a, b)) in raw.iter().zip(&back).enumerate() {
            let invalid = rec.invalid_utf8.iter().any(|s| s.range().contains(&i));
            if invalid {
                assert_eq!(*b, 0xFF);
            } else {
                assert_eq!(a, b, "byte {i}");
            }
        }
        assert_eq!(realign_lossy("abc", &[], 3), b"abc");
        // Nonsense never panics.
        let _ = realign_lossy("\u{FFFD}", &[Span::new(5, 9), Span::new(2, 3)], 1);
        let _ = realign_lossy("", &[Span::new(0, 4)], 0);
    }
}
