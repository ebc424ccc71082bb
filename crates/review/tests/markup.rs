//! Markup counts and escaping, checked on the serialised page.

use galley_core::{Document, EditKind, RemovalKind, TextEdit};
use galley_review::{render, Review};
use proptest::prelude::*;

use crate::support::{count_attr, sample, tags, IMG_INJECTION, SCRIPT_INJECTION};

#[test]
fn one_element_per_removal_and_edit() {
    let (rec, input) = sample();
    let html = render(&rec, input.as_bytes()).unwrap();
    assert!(rec.removed.len() >= 4 && rec.edits.len() >= 5);
    assert_eq!(count_attr(&html, "data-kind"), rec.removed.len());
    assert_eq!(count_attr(&html, "data-edit"), rec.edits.len());
    // Every removal's and edit's span is on its element.
    for r in &rec.removed {
        let want = format!(
            "data-kind=\"{}\" data-span=\"{},{}\"",
            r.kind, r.span.start, r.span.end
        );
        assert!(html.contains(&want), "{want}");
    }
    for e in &rec.edits {
        let want = format!(
            "data-edit=\"{}\" data-span=\"{},{}\"",
            e.kind, e.span.start, e.span.end
        );
        assert!(html.contains(&want), "{want}");
    }
    // Every clean block and meta entry carries its spans.
    let pieces: usize = rec
        .articles
        .iter()
        .map(|a| a.blocks.len() + a.meta.len())
        .sum();
    let notes = rec.notes.len();
    assert_eq!(count_attr(&html, "data-spans"), pieces + notes);
    // Legend counts per kind.
    assert!(html.contains("data-toggle=\"rm-caption\""));
    assert!(
        html.contains(
            "data-toggle=\"ed-cjk_space\"><span class=\"sw ed-cjk_space\">cjk space</span><b>2</b>"
        ),
        "{html}"
    );
}

#[test]
fn hostile_input_is_text() {
    let (rec, input) = sample();
    let html = render(&rec, input.as_bytes()).unwrap();
    // Exactly one script element: the page's own.
    assert_eq!(
        tags(&html)
            .iter()
            .filter(|t| t.starts_with("<script"))
            .count(),
        1
    );
    assert_eq!(
        tags(&html).iter().filter(|t| t.starts_with("<img")).count(),
        0
    );
    assert_eq!(
        tags(&html)
            .iter()
            .filter(|t| t.starts_with("<textarea") || t.starts_with("</textarea"))
            .count(),
        0
    );
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;"));
    assert!(html.contains("&lt;/textarea&gt; &amp; &#39;quotes&#39; &quot;double&quot;"));
    assert!(!html.contains(SCRIPT_INJECTION) && !html.contains(IMG_INJECTION));
    // Reasons, ids and keywords are escaped too.
    let mut rec = rec;
    rec.id = "\"><script>alert(1)</script>".into();
    rec.removed[0].reason = "<b onmouseover=x>".into();
    let html = render(&rec, input.as_bytes()).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<b onmouseover"));
    assert!(html.contains("&lt;b&gt;学校&lt;/b&gt;"));
}

#[test]
fn several_documents_get_a_list_and_a_section_each() {
    let (rec, input) = sample();
    let mut page = Review::new("Two pages");
    page.add(&rec, input.as_bytes()).unwrap();
    let doc = Document::new("second", "只有一段。");
    page.add(&doc.to_record(), doc.input().as_bytes()).unwrap();
    assert_eq!(page.len(), 2);
    let mut written = Vec::new();
    let copy = Review::new("Two pages");
    copy.write_to(&mut written).unwrap();
    assert!(String::from_utf8(written)
        .unwrap()
        .contains("No documents."));
    let mut written = Vec::new();
    let html = {
        let mut again = Review::new("Two pages");
        again.add(&rec, input.as_bytes()).unwrap();
        again.add(&doc.to_record(), doc.input().as_bytes()).unwrap();
        again.write_to(&mut written).unwrap();
        page.finish()
    };
    assert_eq!(String::from_utf8(written).unwrap(), html);
    assert!(html.contains("<a href=\"#doc-0\">sample</a>"));
    assert!(html.contains("<a href=\"#doc-1\">second</a>"));
    assert_eq!(html.matches("<section class=\"doc\"").count(), 2);
    assert_eq!(count_attr(&html, "data-kind"), rec.removed.len());
}

#[test]
fn lossy_input_renders_from_raw_bytes() {
    let raw: &[u8] = b"\xff\xfe junk\n\n\xe6\x96\x87\xe5 text <b>";
    let mut doc = Document::from_bytes("lossy", raw);
    doc.remove_block(0, RemovalKind::Noise, "binary junk")
        .unwrap();
    let rec = doc.to_record();
    let a = render(&rec, raw).unwrap();
    let mut page = Review::new("galley review: lossy");
    page.add_text(&rec, doc.input()).unwrap();
    let b = page.finish();
    assert_eq!(count_attr(&a, "data-kind"), 1);
    assert!(a.contains("data-kind=\"noise\" data-span=\"0,7\""), "{a}");
    assert!(a.contains("invalid UTF-8 byte(s)"));
    // From the decoded text, each invalid byte shows as one U+FFFD: same markup
    // but for the number of replacement characters.
    assert_eq!(count_attr(&b, "data-kind"), 1);
    assert_eq!(a.replace('\u{FFFD}', ""), b.replace('\u{FFFD}', ""));
}

#[test]
fn edits_inside_blocks_nest_inside_their_kept_span() {
    let input = "一 二 三";
    let mut doc = Document::new("n", input);
    doc.edit_block(
        0,
        vec![
            TextEdit::delete(3..4, EditKind::CjkSpace),
            TextEdit::delete(7..8, EditKind::CjkSpace),
        ],
    )
    .unwrap();
    let html = render(&doc.to_record(), input.as_bytes()).unwrap();
    assert!(html.contains("<span class=\"kb a0\" data-a=\"0\" data-src=\"0,11\">一<span class=\"ed\" data-edit=\"cjk_space\" data-span=\"3,4\""), "{html}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any input, any split into removed and kept pieces: one element per
    /// removal and edit, tags balanced, no raw `<` from the input.
    #[test]
    fn any_input_renders_balanced_and_escaped(text in "(?s)[a-z<>&\"' \n\u{0}-\u{1f}一二三。，]{0,200}", cuts in proptest::collection::vec(0usize..4, 0..12)) {
        let mut doc = Document::new("p", text.as_str());
        let mut i = 0;
        for c in cuts {
            if i >= doc.blocks().len() { break; }
            match c {
                0 => { let _ = doc.remove_block(i, RemovalKind::Noise, "<why>"); }
                1 => {
                    let t = doc.blocks()[i].text().to_string();
                    if let Some(p) = t.find(' ') {
                        let _ = doc.edit_block(i, vec![TextEdit::delete(p..p + 1, EditKind::Whitespace)]);
                    }
                    i += 1;
                }
                2 if i + 1 < doc.blocks().len() => { let _ = doc.join_blocks(i, i + 1, " "); }
                _ => i += 1,
            }
        }
        let rec = doc.to_record();
        let html = render(&rec, text.as_bytes()).unwrap();
        prop_assert_eq!(count_attr(&html, "data-kind"), rec.removed.len());
        prop_assert_eq!(count_attr(&html, "data-edit"), rec.edits.len());
        let main = &html[html.find("<main>").unwrap()..html.find("</main>").unwrap()];
        prop_assert_eq!(main.matches("<span").count(), main.matches("</span>").count());
        prop_assert!(!main.contains("<why>") && !main.contains("<>"));
    }

    /// Arbitrary bytes with arbitrary (even nonsense) spans never panic.
    #[test]
    fn arbitrary_bytes_and_spans_never_panic(raw in proptest::collection::vec(any::<u8>(), 0..300), a in 0usize..400, b in 0usize..400) {
        let doc = Document::from_bytes("b", &raw);
        let mut rec = doc.to_record();
        rec.removed.push(galley_core::Removal { kind: RemovalKind::Other, span: galley_core::Span::new(a, b), text: String::new(), reason: String::new() });
        rec.edits.push(galley_core::Edit { kind: EditKind::Other, span: galley_core::Span::new(b, a), text: "<x>".into() });
        let html = render(&rec, &raw).unwrap();
        prop_assert_eq!(count_attr(&html, "data-kind"), rec.removed.len());
        prop_assert_eq!(count_attr(&html, "data-edit"), rec.edits.len());
        let _ = galley_review::realign_lossy(doc.input(), &rec.invalid_utf8, raw.len());
    }
}

/// Write the sample page for a look: `GALLEY_REVIEW_SAMPLE=out.html cargo test -p galley-review --test lib write_sample`.
#[test]
fn write_sample() {
    if let Some(path) = std::env::var_os("GALLEY_REVIEW_SAMPLE") {
        let (rec, input) = sample();
        std::fs::write(path, render(&rec, input.as_bytes()).unwrap()).unwrap();
    }
}
