//! Checks of the provenance invariants, for tests, fuzz targets and the
//! paranoid: spans valid, segments tiling each block, nothing lost.

use crate::chars::is_blank;
use crate::{Document, Record, Span};

/// Check a document's invariants:
/// - every block's segments tile its text, copied segments equal their source;
/// - every span is in bounds and on char boundaries;
/// - every non-blank input byte is in exactly one block or one removal;
/// - replaying each block's edits over its source gives its text.
pub fn check_document(doc: &Document) -> Result<(), String> {
    let input = doc.input();
    let mut cover: Vec<(Span, String)> = Vec::new();
    for (bi, b) in doc.blocks().iter().enumerate() {
        let mut at = 0;
        let mut prev_end = 0;
        for s in b.segments() {
            if !s.src.is_valid_for(input) {
                return Err(format!("block {bi}: segment span {} invalid", s.src));
            }
            if s.src.start < prev_end {
                return Err(format!("block {bi}: segment {} goes backwards", s.src));
            }
            prev_end = s.src.end;
            let Some(out) = b.text().get(at..at + s.len) else {
                return Err(format!("block {bi}: segments do not tile the text"));
            };
            if s.edit.is_none() && out != &input[s.src] {
                return Err(format!(
                    "block {bi}: copy segment {} differs from source",
                    s.src
                ));
            }
            at += s.len;
        }
        if at != b.text().len() {
            return Err(format!(
                "block {bi}: segments cover {at} of {} bytes",
                b.text().len()
            ));
        }
        for sp in b.spans() {
            cover.push((sp, format!("block {bi}")));
        }
    }
    for (ri, r) in doc.removed().iter().enumerate() {
        if !r.span.is_valid_for(input) {
            return Err(format!("removal {ri}: span {} invalid", r.span));
        }
        if r.text != input[r.span] {
            return Err(format!("removal {ri}: text differs from source"));
        }
        cover.push((r.span, format!("removal {ri}")));
    }
    check_cover(input.as_bytes(), &mut cover)
}

fn check_cover(input: &[u8], cover: &mut [(Span, String)]) -> Result<(), String> {
    cover.sort_by_key(|c| (c.0.start, c.0.end));
    for w in cover.windows(2) {
        if w[0].0.overlaps(w[1].0) {
            return Err(format!(
                "{} ({}) and {} ({}) cover the same bytes",
                w[0].1, w[0].0, w[1].1, w[1].0
            ));
        }
    }
    let mut at = 0;
    let mut idx = 0;
    let uncovered = |from: usize, to: usize| -> Result<(), String> {
        let piece = &input[from..to];
        for chunk in piece.utf8_chunks() {
            if chunk.valid().chars().any(|c| !is_blank(c)) || !chunk.invalid().is_empty() {
                return Err(format!(
                    "bytes {from}..{to} are in no block and no removal: {:?}",
                    String::from_utf8_lossy(piece)
                ));
            }
        }
        Ok(())
    };
    while idx < cover.len() {
        let sp = cover[idx].0;
        uncovered(at, sp.start)?;
        at = sp.end;
        idx += 1;
    }
    uncovered(at.min(input.len()), input.len())
}

/// Check a record against the raw input it was made from:
/// - every span is in bounds;
/// - blocks, meta and removals cover every non-blank byte exactly once;
/// - each block's and meta entry's text is its spans' source with the
///   record's edits replayed;
/// - each removal's text is its source.
pub fn check_record(rec: &Record, input: &[u8]) -> Result<(), String> {
    let mut cover: Vec<(Span, String)> = Vec::new();
    let mut texts: Vec<(&str, &[Span], String)> = Vec::new();
    for (ai, a) in rec.articles.iter().enumerate() {
        for (i, m) in a.meta.iter().enumerate() {
            texts.push((&m.text, &m.spans, format!("article {ai} meta {i}")));
        }
        for (i, b) in a.blocks.iter().enumerate() {
            texts.push((&b.text, &b.spans, format!("article {ai} block {i}")));
        }
    }
    for (text, spans, what) in &texts {
        for s in spans.iter() {
            if s.end > input.len() {
                return Err(format!("{what}: span {s} out of bounds"));
            }
            cover.push((*s, what.clone()));
        }
        if !rebuilds(input, spans, &rec.edits, text) {
            let all: Vec<&crate::Edit> = own_edits(spans, &rec.edits).0;
            return Err(format!(
                "{what}: text {text:?} but spans and edits give {:?}",
                replay(input, spans, &all)
            ));
        }
    }
    for (ri, r) in rec.removed.iter().enumerate() {
        if r.span.end > input.len() {
            return Err(format!("removal {ri}: span {} out of bounds", r.span));
        }
        if String::from_utf8_lossy(&input[r.span.range()]) != r.text {
            return Err(format!("removal {ri}: text differs from source"));
        }
        cover.push((r.span, format!("removal {ri}")));
    }
    for e in &rec.edits {
        if e.span.end > input.len() {
            return Err(format!("edit at {} out of bounds", e.span));
        }
    }
    check_cover(input, &mut cover)
}

/// The edits that belong to a block with `spans`: edits inside one of its
/// spans, and joins whose gap ends where one of its spans (not the first)
/// begins. The second list holds insertions (empty spans) at the edge of a
/// span: one there could belong to a neighbouring block instead.
fn own_edits<'a>(spans: &[Span], edits: &'a [crate::Edit]) -> (Vec<&'a crate::Edit>, Vec<usize>) {
    let mut mine = Vec::new();
    let mut optional = Vec::new();
    let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
        return (mine, optional);
    };
    let lo = edits.partition_point(|e| e.span.end < first.start);
    for e in edits[lo..].iter().take_while(|e| e.span.start <= last.end) {
        let inside = spans
            .iter()
            .any(|s| s.start <= e.span.start && e.span.end <= s.end);
        let ok = if e.kind == crate::EditKind::Join {
            spans.iter().skip(1).any(|s| s.start == e.span.end)
        } else {
            inside
        };
        if !ok {
            continue;
        }
        if e.kind != crate::EditKind::Join
            && e.span.is_empty()
            && spans
                .iter()
                .any(|s| s.start == e.span.start || s.end == e.span.start)
        {
            optional.push(mine.len());
        }
        mine.push(e);
    }
    (mine, optional)
}

/// Whether some choice of the block's edge insertions rebuilds `text`.
fn rebuilds(input: &[u8], spans: &[Span], edits: &[crate::Edit], text: &str) -> bool {
    let (mine, optional) = own_edits(spans, edits);
    let k = optional.len().min(10);
    (0u32..(1 << k)).any(|mask| {
        let chosen: Vec<&crate::Edit> = mine
            .iter()
            .enumerate()
            .filter(|(i, _)| match optional.iter().position(|o| o == i) {
                Some(bit) if bit < k => mask & (1 << bit) != 0,
                _ => true,
            })
            .map(|(_, e)| *e)
            .collect();
        replay(input, spans, &chosen) == text
    })
}

/// Rebuild a block's text from its spans and its edits (sorted by start).
fn replay(input: &[u8], spans: &[Span], edits: &[&crate::Edit]) -> String {
    let (Some(first), Some(last)) = (spans.first(), spans.last()) else {
        return String::new();
    };
    let region = Span::new(first.start, last.end);
    let mut out = String::new();
    // Append the bytes of [from, to) that lie inside the block's spans.
    let push = |out: &mut String, from: usize, to: usize| {
        for s in spans {
            let a = s.start.max(from);
            let b = s.end.min(to);
            if a < b {
                out.push_str(&String::from_utf8_lossy(&input[a..b]));
            }
        }
    };
    let mut at = region.start;
    for e in edits {
        if e.span.start < at {
            continue;
        }
        push(&mut out, at, e.span.start);
        out.push_str(&e.text);
        at = e.span.end;
    }
    push(&mut out, at, region.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EditKind, RemovalKind, TextEdit};

    #[test]
    fn a_clean_document_passes() {
        let mut doc = Document::new("x", "前半段让每\n\n图片说明\n\n名党员 成为旗帜。");
        doc.remove_block(1, RemovalKind::Caption, "caption")
            .unwrap();
        doc.join_blocks(0, 1, "").unwrap();
        let t = doc.blocks()[0].text().to_string();
        let sp = t.find(' ').unwrap();
        doc.edit_block(0, vec![TextEdit::delete(sp..sp + 1, EditKind::CjkSpace)])
            .unwrap();
        check_document(&doc).unwrap();
        let rec = doc.to_record();
        check_record(&rec, doc.input().as_bytes()).unwrap();
    }

    #[test]
    fn a_lost_byte_is_caught() {
        let doc = Document::new("x", "甲\n\n乙");
        let mut rec = doc.to_record();
        rec.articles[0].blocks.pop();
        let err = check_record(&rec, doc.input().as_bytes()).unwrap_err();
        assert!(err.contains("no block and no removal"), "{err}");
    }

    #[test]
    fn a_wrong_text_is_caught() {
        let doc = Document::new("x", "甲乙");
        let mut rec = doc.to_record();
        rec.articles[0].blocks[0].text = "甲".into();
        assert!(check_record(&rec, doc.input().as_bytes()).is_err());
    }
}
