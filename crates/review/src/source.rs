//! The left pane: the original input with every removal, edit and kept span
//! marked, rendered in one pass over the input.

use galley_core::Record;

use crate::escape::{escape_bytes_into, escape_into, ident, snippet};

/// What a marked interval of the input is. The order is the nesting order
/// for intervals that start and end at the same bytes: a join gap outside,
/// then a kept span, a removal, an edit innermost.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum What {
    /// An edit of kind `join` (the gap between two re-joined blocks).
    Join(usize),
    /// A kept source span of article `.0`.
    Kept(usize),
    /// A removal: index into `record.removed`.
    Removed(usize),
    /// Any other edit: index into `record.edits`.
    Edit(usize),
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    start: usize,
    end: usize,
    what: What,
}

/// Append the source pane of `rec` over `input` to `out`.
///
/// Every removal and every edit of the record gives exactly one element
/// (`data-kind` / `data-edit`, with `data-span`), every kept span one element
/// (`data-src`). Spans past the end of the input are clamped; an interval
/// that starts inside another but ends after it is cut at the outer one's
/// end (its `data-span` still gives the record's span), so the markup is
/// always well nested and no interval is dropped.
pub(crate) fn render(out: &mut String, rec: &Record, input: &[u8]) {
    let len = input.len();
    let clamp = |s: usize| s.min(len);
    let mut marks: Vec<Mark> = Vec::with_capacity(rec.removed.len() + rec.edits.len() + 64);
    for (ai, a) in rec.articles.iter().enumerate() {
        let spans = a
            .meta
            .iter()
            .flat_map(|m| m.spans.iter())
            .chain(a.blocks.iter().flat_map(|b| b.spans.iter()));
        for s in spans {
            marks.push(Mark {
                start: clamp(s.start),
                end: clamp(s.end),
                what: What::Kept(ai),
            });
        }
    }
    for (i, r) in rec.removed.iter().enumerate() {
        marks.push(Mark {
            start: clamp(r.span.start),
            end: clamp(r.span.end),
            what: What::Removed(i),
        });
    }
    for (i, e) in rec.edits.iter().enumerate() {
        let what = if e.kind == galley_core::EditKind::Join {
            What::Join(i)
        } else {
            What::Edit(i)
        };
        marks.push(Mark {
            start: clamp(e.span.start),
            end: clamp(e.span.end),
            what,
        });
    }
    marks.sort_unstable_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(rank(a.what).cmp(&rank(b.what)))
            .then(a.what.cmp(&b.what))
    });

    // Ends of the open elements, innermost last.
    let mut open: Vec<usize> = Vec::new();
    let mut at = 0;
    let mut chunk = 0;
    out.push_str(CHUNK_OPEN);
    for m in &marks {
        while let Some(&end) = open.last() {
            if end > m.start {
                break;
            }
            text(out, input, at, end);
            at = at.max(end);
            out.push_str("</span>");
            open.pop();
        }
        if open.is_empty() {
            gap(out, input, at, m.start, &mut chunk);
        } else {
            text(out, input, at, m.start);
        }
        at = at.max(m.start);
        let end = match open.last() {
            Some(&outer) => m.end.min(outer),
            None => m.end,
        };
        open_tag(out, rec, input, *m);
        if m.start == m.end {
            out.push_str("</span>");
        } else {
            open.push(end);
        }
    }
    while let Some(end) = open.pop() {
        text(out, input, at, end);
        at = at.max(end);
        out.push_str("</span>");
    }
    gap(out, input, at, len, &mut chunk);
    out.push_str("</div>");
}

/// Bytes of input per chunk, at least: the source is cut into blocks of about
/// this size, each laid out only when scrolled into view
/// (`content-visibility: auto`), so a page of a 10 MB input stays usable.
const CHUNK: usize = 8 << 10;
const CHUNK_OPEN: &str = "<div class=\"ch\">";

/// Unmarked input between top-level marks: text, with a chunk boundary after
/// a line break once the current chunk (which began at `*chunk`) is
/// [`CHUNK`] bytes long. Cut only here, where no element is open, and only
/// after a line break, the chunks show the lines exactly as one block would.
fn gap(out: &mut String, input: &[u8], from: usize, to: usize, chunk: &mut usize) {
    let mut from = from;
    loop {
        let want = from.max(*chunk + CHUNK);
        let cut = input
            .get(want..to)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map(|p| want + p + 1);
        let Some(cut) = cut else { break };
        text(out, input, from, cut);
        out.push_str("</div>");
        out.push_str(CHUNK_OPEN);
        *chunk = cut;
        from = cut;
    }
    text(out, input, from, to);
}

/// Nesting rank: joins outermost, then kept spans, removals, edits.
fn rank(w: What) -> u8 {
    match w {
        What::Join(_) => 0,
        What::Kept(_) => 1,
        What::Removed(_) => 2,
        What::Edit(_) => 3,
    }
}

/// Input bytes `[from, to)`, escaped; nothing when the range is empty.
fn text(out: &mut String, input: &[u8], from: usize, to: usize) {
    if let Some(piece) = input.get(from..to) {
        escape_bytes_into(out, piece);
    }
}

fn open_tag(out: &mut String, rec: &Record, input: &[u8], m: Mark) {
    use std::fmt::Write;
    match m.what {
        What::Kept(a) => {
            let _ = write!(
                out,
                "<span class=\"kb a{}\" data-a=\"{a}\" data-src=\"{},{}\">",
                a % crate::PALETTE,
                m.start,
                m.end
            );
        }
        What::Removed(i) => {
            let Some(r) = rec.removed.get(i) else { return };
            let kind = r.kind.to_string();
            let _ = write!(
                out,
                "<span class=\"rm\" data-kind=\"{}\" data-span=\"{},{}\" title=\"",
                ident(&kind),
                r.span.start,
                r.span.end
            );
            escape_into(out, &kind);
            out.push_str(": ");
            escape_into(out, &r.reason);
            let _ = write!(out, " [{},{})\">", r.span.start, r.span.end);
        }
        What::Join(i) | What::Edit(i) => {
            let Some(e) = rec.edits.get(i) else { return };
            let kind = e.kind.to_string();
            let before = input
                .get(m.start..m.end)
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            let _ = write!(
                out,
                "<span class=\"ed\" data-edit=\"{}\" data-span=\"{},{}\" data-to=\"",
                ident(&kind),
                e.span.start,
                e.span.end
            );
            escape_into(out, &e.text);
            out.push_str("\" title=\"");
            escape_into(out, &kind);
            out.push_str(": ");
            out.push_str(&snippet(&before, 40));
            out.push_str(" → ");
            out.push_str(&snippet(&e.text, 40));
            let _ = write!(out, " [{},{})\">", e.span.start, e.span.end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_core::{Document, EditKind, RemovalKind, TextEdit};

    fn page(rec: &Record, input: &str) -> String {
        let mut out = String::new();
        render(&mut out, rec, input.as_bytes());
        out
    }

    /// The text content of rendered markup: tags dropped, entities decoded.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        let mut quote = None;
        for c in html.chars() {
            match (in_tag, quote, c) {
                (true, Some(q), c) if c == q => quote = None,
                (true, Some(_), _) => {}
                (true, None, '"') => quote = Some('"'),
                (true, None, '>') => in_tag = false,
                (true, None, _) => {}
                (false, _, '<') => in_tag = true,
                (false, _, c) => out.push(c),
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn every_removal_and_edit_is_one_element_and_text_is_kept() {
        let input = "教育强则国家\n\n图片说明 <b>\n\n强。作为 战略先导";
        let mut doc = Document::new("x", input);
        doc.remove_block(
            1,
            RemovalKind::Caption,
            "short phrase \"between\" paragraphs",
        )
        .unwrap();
        doc.join_blocks(0, 1, "").unwrap();
        let t = doc.blocks()[0].text().to_string();
        let sp = t.find(' ').unwrap();
        doc.edit_block(0, vec![TextEdit::delete(sp..sp + 1, EditKind::CjkSpace)])
            .unwrap();
        let rec = doc.to_record();
        let html = page(&rec, input);
        assert_eq!(html.matches(" data-kind=").count(), rec.removed.len());
        assert_eq!(html.matches(" data-edit=").count(), rec.edits.len());
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert_eq!(text_of(&html), input);
        assert!(
            html.contains("data-kind=\"caption\" data-span=\"20,36\""),
            "{html}"
        );
        assert!(html.contains("&quot;between&quot;"), "{html}");
        assert!(html.contains("data-edit=\"join\""), "{html}");
    }

    #[test]
    fn overlapping_and_out_of_bounds_spans_stay_well_nested() {
        let input = "abcdefghij";
        let mut doc = Document::new("x", input);
        doc.remove_ranges(0, vec![(2..5, RemovalKind::Noise, "n".into())])
            .unwrap();
        let mut rec = doc.to_record();
        // Hand-broken record: an edit straddling a removal's end, one past the input.
        rec.edits.push(galley_core::Edit {
            kind: EditKind::Other,
            span: galley_core::Span::new(4, 7),
            text: "X".into(),
        });
        rec.edits.push(galley_core::Edit {
            kind: EditKind::Other,
            span: galley_core::Span::new(30, 40),
            text: String::new(),
        });
        rec.removed.push(galley_core::Removal {
            kind: RemovalKind::Other,
            span: galley_core::Span::new(8, 99),
            text: String::new(),
            reason: "r".into(),
        });
        let html = page(&rec, input);
        assert_eq!(html.matches(" data-kind=").count(), 2);
        assert_eq!(html.matches(" data-edit=").count(), 2);
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
        assert_eq!(text_of(&html), input);
    }

    #[test]
    fn long_input_is_cut_into_chunks_after_line_breaks() {
        let input = "第一段文字。\n\n".repeat(2000);
        let mut doc = Document::new("x", input.as_str());
        doc.remove_block(3, RemovalKind::Noise, "n").unwrap();
        let rec = doc.to_record();
        let html = page(&rec, &input);
        let chunks = html.matches("<div class=\"ch\">").count();
        assert!(chunks > input.len() / CHUNK / 2, "{chunks} chunks");
        assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
        assert!(
            !html.contains("</span></div>") && !html.contains("<div class=\"ch\"><span class=\"rm")
        );
        for (i, _) in html.match_indices("</div><div class=\"ch\">").take(20) {
            assert!(
                html[..i].ends_with('\n'),
                "chunk cut not after a line break"
            );
        }
        assert_eq!(text_of(&html), input);
    }

    #[test]
    fn insertion_is_an_empty_element() {
        let input = "ab";
        let mut doc = Document::new("x", input);
        doc.edit_block(0, vec![TextEdit::replace(1..1, "-", EditKind::Other)])
            .unwrap();
        let rec = doc.to_record();
        let html = page(&rec, input);
        assert!(
            html.contains("data-edit=\"other\" data-span=\"1,1\" data-to=\"-\""),
            "{html}"
        );
        assert_eq!(text_of(&html), input);
    }
}
