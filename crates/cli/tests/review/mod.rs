//! `galley run --format html` and `galley review`: one review page, checked
//! as text and, when Chromium is installed, in a headless browser.

use std::path::Path;

use galley_core::Record;
use galley_testkit::browser::{body_tag, chromium, count_attr, dump_dom, tags};

use super::{data_dir, galley, records};

fn jsonl(paths: &[&Path]) -> (Vec<u8>, Vec<Record>) {
    let out = galley().args(["run", "-q"]).args(paths).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let recs = records(&out.stdout);
    (out.stdout, recs)
}

#[test]
fn html_format_gives_one_page_with_every_mark() {
    let (_, recs) = jsonl(&[&data_dir()]);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    galley()
        .args(["run", "-q", "--format", "html", "-o"])
        .arg(&page)
        .arg(data_dir())
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<section class=\"doc\"").count(), recs.len());
    let removed: usize = recs.iter().map(|r| r.removed.len()).sum();
    let edits: usize = recs.iter().map(|r| r.edits.len()).sum();
    assert!(edits > 0);
    assert_eq!(count_attr(&html, "data-kind"), removed);
    assert_eq!(count_attr(&html, "data-edit"), edits);
    for r in &recs {
        assert!(html.contains(&format!("data-id=\"{}\"", r.id)), "{}", r.id);
        for e in &r.edits {
            let want = format!(
                "data-edit=\"{}\" data-span=\"{},{}\"",
                e.kind, e.span.start, e.span.end
            );
            assert!(html.contains(&want), "{}: {want}", r.id);
        }
    }
    // A document list, since there are several.
    assert!(html.contains("<nav class=\"doclist\">"));
}

#[test]
fn review_of_saved_records_equals_the_run_page() {
    let dir = tempfile::tempdir().unwrap();
    let (lines, _) = jsonl(&[&data_dir()]);
    let records = dir.path().join("records.jsonl");
    std::fs::write(&records, lines).unwrap();
    let a = dir.path().join("a.html");
    let b = dir.path().join("b.html");
    galley()
        .args(["run", "-q", "--format", "html", "-o"])
        .arg(&a)
        .arg(data_dir())
        .assert()
        .success();
    galley()
        .arg("review")
        .arg(&records)
        .arg("--source")
        .arg(data_dir())
        .arg("-o")
        .arg(&b)
        .assert()
        .success();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    // Without --source, the records' own source paths are used.
    let out = galley().arg("review").arg(&records).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, std::fs::read(&a).unwrap());
}

#[test]
fn review_names_records_without_a_matching_input() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    std::fs::write(src.join("a.txt"), "第一段。\n\n第二段。").unwrap();
    std::fs::write(src.join("b.txt"), "原文。").unwrap();
    let (lines, _) = jsonl(&[&src.join("a.txt"), &src.join("b.txt")]);
    // b.txt changes after the run: its record no longer matches.
    std::fs::write(src.join("b.txt"), "改过的原文，长度不同。").unwrap();
    let records = dir.path().join("r.jsonl");
    let mut text = String::from_utf8(lines).unwrap();
    text.push_str("{not json\n");
    text.push_str(
        &text
            .lines()
            .next()
            .unwrap()
            .replace("\"id\":\"a\"", "\"id\":\"zzz\""),
    );
    text.push('\n');
    std::fs::write(&records, text).unwrap();
    let out = galley()
        .arg("review")
        .arg(&records)
        .arg("--source")
        .arg(&src)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("r.jsonl:2 (b)") && err.contains("does not match"),
        "{err}"
    );
    assert!(
        err.contains("r.jsonl:3") && err.contains("not a galley record"),
        "{err}"
    );
    assert!(
        err.contains("r.jsonl:4 (zzz)") && err.contains("no zzz.txt"),
        "{err}"
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert_eq!(html.matches("<section class=\"doc\"").count(), 1);
    assert!(html.contains("data-id=\"a\""));
}

#[test]
fn review_reads_inputs_from_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(
        &input,
        "{\"id\": \"x\", \"text\": \"<script>window.__pwned=1</script>\\n\\n正文一句。\"}\n",
    )
    .unwrap();
    let out = galley()
        .args(["run", "-q", "--input-format", "jsonl"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let records = dir.path().join("r.jsonl");
    std::fs::write(&records, &out.stdout).unwrap();
    let out = galley()
        .arg("review")
        .arg(&records)
        .arg("--source")
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert_eq!(
        tags(&html)
            .iter()
            .filter(|t| t.starts_with("<script"))
            .count(),
        1
    );
}

#[test]
fn html_of_lossy_input_keeps_raw_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.txt");
    std::fs::write(&p, b"bad \xff\xfe bytes\n\nok <b>").unwrap();
    let out = galley()
        .args(["run", "-q", "--format", "html"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).unwrap();
    // Rendered from bytes realigned to the raw offsets: one U+FFFD per invalid byte.
    assert!(
        html.contains("data-src=\"0,12\">bad \u{FFFD}\u{FFFD} bytes</span>"),
        "{html}"
    );
    assert!(
        html.contains("data-src=\"14,20\">ok &lt;b&gt;</span>"),
        "{html}"
    );
    assert!(html.contains("2 invalid UTF-8 byte(s)"));
}

#[test]
fn browser_page_of_a_sample_shows_every_mark() {
    let Some(browser) = chromium() else { return };
    let sample = data_dir().join("001_362c4761db3f9978.txt");
    let (_, recs) = jsonl(&[&sample]);
    let rec = &recs[0];
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    galley()
        .args(["run", "-q", "--format", "html", "-o"])
        .arg(&page)
        .arg(&sample)
        .assert()
        .success();
    let dom = dump_dom(&browser, &page);
    let body = body_tag(&dom);
    assert!(
        body.contains("data-ready=\"1\""),
        "the page's script did not run: {body}"
    );
    assert!(!body.contains("data-pwned"), "{body}");
    assert_eq!(count_attr(&dom, "data-kind"), rec.removed.len());
    assert_eq!(count_attr(&dom, "data-edit"), rec.edits.len());
    let pieces: usize = rec
        .articles
        .iter()
        .map(|a| a.blocks.len() + a.meta.len())
        .sum();
    assert_eq!(count_attr(&dom, "data-spans"), pieces + rec.notes.len());
}
