//! Shared helpers: sample records and a headless Chromium runner.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// A Chromium binary: `$GALLEY_CHROMIUM`, else the first of the usual names
/// on `PATH`. `None` skips browser tests with a notice, unless
/// `GALLEY_REQUIRE_BROWSER=1`, which turns a missing browser into a failure.
pub fn chromium() -> Option<PathBuf> {
    // An explicit GALLEY_CHROMIUM is used as given: a wrong path counts as missing.
    let found = match std::env::var_os("GALLEY_CHROMIUM") {
        Some(p) => Some(PathBuf::from(p)).filter(|p| p.is_file()),
        None => std::env::var_os("PATH").and_then(|path| {
            [
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ]
            .iter()
            .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
            .find(|p| p.is_file())
        }),
    };
    if found.is_none() {
        assert!(
            std::env::var("GALLEY_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "GALLEY_REQUIRE_BROWSER=1 but no chromium found (set GALLEY_CHROMIUM or install chromium)"
        );
        eprintln!("note: no chromium binary found; browser test skipped");
    }
    found
}

/// Open `page` in headless Chromium and return the DOM after its scripts ran.
pub fn dump_dom(browser: &std::path::Path, page: &std::path::Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).unwrap();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().unwrap()
}

/// The start tags of a serialised DOM, skipping the raw text of `<script>`
/// and `<style>` (text nodes escape `<`, so every other `<` starts a tag).
pub fn tags(dom: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let mut quote = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quote = !quote;
                }
                c == '>' && !quote
            })
            .map_or(rest.len(), |(j, _)| j + 1);
        let tag = &rest[..end];
        out.push(tag);
        rest = &rest[end..];
        for raw in ["script", "style"] {
            if tag.starts_with(&format!("<{raw}")) {
                let close = format!("</{raw}>");
                rest = rest.find(&close).map_or("", |j| &rest[j..]);
            }
        }
    }
    out
}

/// Number of start tags carrying attribute `attr`.
pub fn count_attr(dom: &str, attr: &str) -> usize {
    let needle = format!(" {attr}=\"");
    tags(dom).iter().filter(|t| t.contains(&needle)).count()
}

/// The `<body>` start tag.
pub fn body_tag(dom: &str) -> &str {
    tags(dom)
        .into_iter()
        .find(|t| t.starts_with("<body"))
        .unwrap_or("")
}
