//! Helpers for tests of the HTML review page: find a headless Chromium,
//! dump the DOM a page leaves after its scripts ran, and read start tags of
//! serialised HTML. Shared by the review crate's tests and the CLI's.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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
pub fn dump_dom(browser: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().expect("a temporary profile directory for chromium");
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
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let mut stdout = child.stdout.take().expect("chromium's stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).expect("chromium's DOM dump as UTF-8");
        s
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("chromium's exit status").is_some() {
            break;
        }
        if Instant::now() > deadline {
            // It may have exited since the last look: the timeout is the news.
            let _ = child.kill();
            panic!("chromium did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.join().expect("the reader of chromium's output")
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
