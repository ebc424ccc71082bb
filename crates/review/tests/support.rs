//! Shared helpers: sample records, and the headless Chromium runner and tag
//! reader of `galley_testkit::browser`.

pub use galley_testkit::browser::{body_tag, chromium, count_attr, dump_dom, tags};

use galley_core::{Document, EditKind, Record, RemovalKind, Role, TextEdit};

/// Hostile markup placed in the sample's text.
pub const SCRIPT_INJECTION: &str = "<script>window.__pwned=1</script>";
pub const IMG_INJECTION: &str = "<img src=x onerror=\"window.__pwned=1\">";

/// A page with every kind of mark: removals of several kinds (one of them
/// hostile markup), a join across a removed caption, deleted spaces, a
/// width change, an insertion, two articles, a summary, keywords and a note.
pub fn sample() -> (Record, String) {
    let input = format!(
        "2024年5月1日 星期三 第3版\n\n\
         教育强国 建设\n\n\
         王小寒\n\n\
         教育强则国家\n\n\
         山城区第八小学创客社团\n\n\
         强。作为 战略先导,我们 要建设 {SCRIPT_INJECTION} 好学校。\n\n\
         {IMG_INJECTION}\n\n\
         图片由本报提供\n\n\
         第二篇 新闻标题\n\n\
         第二篇正文 在这里。</textarea> & 'quotes' \"double\"\n"
    );
    let mut doc = Document::new("sample", input.as_str());
    // Blocks: 0 header, 1 title, 2 byline, 3 para a, 4 caption, 5 para b,
    // 6 img, 7 credit, 8 title 2, 9 para 2.
    doc.remove_block(
        7,
        RemovalKind::Credit,
        "picture credit: names a source of photos",
    )
    .unwrap();
    doc.remove_block(6, RemovalKind::Noise, "markup debris, not newspaper text")
        .unwrap();
    doc.remove_block(
        4,
        RemovalKind::Caption,
        "short event phrase between paragraphs, no final punctuation",
    )
    .unwrap();
    doc.remove_block(
        0,
        RemovalKind::PageHeader,
        "date, weekday and page number line",
    )
    .unwrap();
    // Blocks now: 0 title, 1 byline, 2 para a, 3 para b, 4 title 2, 5 para 2.
    doc.join_blocks(2, 3, "").unwrap();
    // Blocks now: 0 title, 1 byline, 2 para, 3 title 2, 4 para 2.
    let t = doc.blocks()[2].text().to_string();
    let mut edits = Vec::new();
    let sp = t.find("作为 ").unwrap() + "作为".len();
    edits.push(TextEdit::delete(sp..sp + 1, EditKind::CjkSpace));
    let comma = t.find(',').unwrap();
    edits.push(TextEdit::replace(
        comma..comma + 1,
        "，",
        EditKind::PunctWidth,
    ));
    let sp2 = t.find("我们 ").unwrap() + "我们".len();
    edits.push(TextEdit::delete(sp2..sp2 + 1, EditKind::CjkSpace));
    edits.sort_by_key(|e| e.range.start);
    doc.edit_block(2, edits).unwrap();
    let t0 = doc.blocks()[0].text().to_string();
    let mid = t0.find(' ').unwrap();
    doc.edit_block(
        0,
        vec![TextEdit::replace(mid..mid + 1, "：", EditKind::Other)],
    )
    .unwrap();
    let end = doc.blocks()[4].text().len();
    doc.edit_block(4, vec![TextEdit::replace(end..end, "。", EditKind::Other)])
        .unwrap();
    doc.blocks_mut()[0].role = Role::Title;
    doc.blocks_mut()[1].role = Role::Byline;
    doc.blocks_mut()[3].role = Role::Title;
    doc.blocks_mut()[3].article = 1;
    doc.blocks_mut()[4].article = 1;
    doc.article_mut(0).summary = vec!["教育强则国家强。".into()];
    doc.article_mut(0).keywords = vec!["教育".into(), "<b>学校</b>".into()];
    let gap = doc.blocks()[2].spans()[0].end;
    doc.note(
        "paragraphs",
        galley_core::Span::new(gap, gap + 2),
        "joined: no final punctuation before the caption",
    );
    let rec = doc.to_record();
    galley_core::invariants::check_record(&rec, input.as_bytes()).unwrap();
    (rec, input)
}
