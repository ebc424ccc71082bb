//! The right pane: the clean result, each piece carrying its source spans.

use std::fmt::Write;

use galley_core::{Record, Role, Span};

use crate::escape::{escape_into, ident};

/// Append `data-spans="a,b c,d"`.
fn spans_attr(out: &mut String, spans: &[Span]) {
    out.push_str(" data-spans=\"");
    for (i, s) in spans.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{},{}", s.start, s.end);
    }
    out.push('"');
}

/// Append the clean pane of `rec` to `out`.
pub(crate) fn render(out: &mut String, rec: &Record) {
    if rec.articles.is_empty() {
        out.push_str("<p class=\"empty\">Nothing kept.</p>");
    }
    for (ai, a) in rec.articles.iter().enumerate() {
        let _ = write!(
            out,
            "<article class=\"art a{}\" data-article=\"{ai}\"><p class=\"anum\">Article {}</p>",
            ai % crate::PALETTE,
            ai + 1
        );
        let has_title_meta = a.meta.iter().any(|m| m.role == Role::Title);
        if let (Some(t), false) = (&a.title, has_title_meta) {
            out.push_str("<h3 class=\"title\">");
            escape_into(out, t);
            out.push_str("</h3>");
        }
        for m in &a.meta {
            let role = m.role.to_string();
            if m.role == Role::Title {
                out.push_str("<h3 class=\"title\" data-role=\"title\"");
                spans_attr(out, &m.spans);
                out.push('>');
                escape_into(out, &m.text);
                out.push_str("</h3>");
            } else {
                let _ = write!(out, "<p class=\"meta\" data-role=\"{}\"", ident(&role));
                spans_attr(out, &m.spans);
                out.push_str("><span class=\"role\">");
                escape_into(out, &role.replace('_', " "));
                out.push_str("</span> ");
                escape_into(out, &m.text);
                out.push_str("</p>");
            }
        }
        for b in &a.blocks {
            let tag = if b.kind == Role::Heading { "h4" } else { "p" };
            let _ = write!(
                out,
                "<{tag} class=\"blk\" data-role=\"{}\"",
                ident(&b.kind.to_string())
            );
            spans_attr(out, &b.spans);
            out.push('>');
            escape_into(out, &b.text);
            let _ = write!(out, "</{tag}>");
        }
        if !a.summary.is_empty() {
            out.push_str("<div class=\"summary\"><h5>Summary</h5><ol>");
            for s in &a.summary {
                out.push_str("<li>");
                escape_into(out, s);
                out.push_str("</li>");
            }
            out.push_str("</ol></div>");
        }
        if !a.keywords.is_empty() {
            out.push_str("<p class=\"kw\"><span class=\"role\">keywords</span>");
            for k in &a.keywords {
                out.push_str(" <span class=\"k\">");
                escape_into(out, k);
                out.push_str("</span>");
            }
            out.push_str("</p>");
        }
        out.push_str("</article>");
    }
    if !rec.notes.is_empty() {
        let _ = write!(
            out,
            "<details class=\"notes\"><summary>Notes ({})</summary><ul>",
            rec.notes.len()
        );
        for n in &rec.notes {
            out.push_str("<li");
            spans_attr(out, std::slice::from_ref(&n.span));
            out.push_str("><span class=\"role\">");
            escape_into(out, &n.stage);
            out.push_str("</span> ");
            escape_into(out, &n.note);
            out.push_str("</li>");
        }
        out.push_str("</ul></details>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use galley_core::Document;

    #[test]
    fn clean_blocks_carry_their_spans_and_escaped_text() {
        let mut doc = Document::new("x", "<Title>\n\nbody & more");
        doc.blocks_mut()[0].role = Role::Title;
        doc.article_mut(0).summary = vec!["body & more".into()];
        doc.article_mut(0).keywords = vec!["<k>".into()];
        let rec = doc.to_record();
        let mut out = String::new();
        render(&mut out, &rec);
        assert!(
            out.contains(
                "<h3 class=\"title\" data-role=\"title\" data-spans=\"0,7\">&lt;Title&gt;</h3>"
            ),
            "{out}"
        );
        assert!(
            out.contains("data-spans=\"9,20\">body &amp; more</p>"),
            "{out}"
        );
        assert!(out.contains("<li>body &amp; more</li>"), "{out}");
        assert!(out.contains("&lt;k&gt;"), "{out}");
        assert!(!out.contains("<k>"));
    }

    #[test]
    fn empty_record_says_so() {
        let rec = Document::new("e", "").to_record();
        let mut out = String::new();
        render(&mut out, &rec);
        assert!(out.contains("Nothing kept"));
    }
}
