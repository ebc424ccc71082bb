//! The page in headless Chromium: counts read back from the rendered DOM,
//! the page's script ran, and the hostile markup in the input did not.

use galley_review::render;

use crate::support::{body_tag, chromium, count_attr, dump_dom, sample};

#[test]
fn browser_counts_marks_and_runs_no_injected_script() {
    let Some(browser) = chromium() else { return };
    let (rec, input) = sample();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sample.html");
    std::fs::write(&page, render(&rec, input.as_bytes()).unwrap()).unwrap();
    let dom = dump_dom(&browser, &page);

    let body = body_tag(&dom);
    assert!(
        body.contains("data-ready=\"1\""),
        "the page's script did not run: {body}"
    );
    assert!(
        !body.contains("data-pwned"),
        "an injected script ran: {body}"
    );
    assert_eq!(count_attr(&dom, "data-kind"), rec.removed.len());
    assert_eq!(count_attr(&dom, "data-edit"), rec.edits.len());
    // The hostile markup is on the page as text.
    assert!(
        dom.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"),
        "script text not shown"
    );
    assert!(
        dom.contains("&lt;img src=x onerror=\"window.__pwned=1\"&gt;"),
        "img text not shown"
    );
    assert!(dom.contains("&lt;/textarea&gt;"), "textarea text not shown");
}

/// The check above can fail: the same page with the markup left unescaped
/// and the Content-Security-Policy taken out does set the marker.
#[test]
fn browser_control_unescaped_markup_is_caught() {
    let Some(browser) = chromium() else { return };
    let (rec, input) = sample();
    let html = render(&rec, input.as_bytes()).unwrap();
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let broken = format!("{}{}", &html[..csp_start], &html[csp_end..]).replace(
        "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;",
        "<img src=x onerror=\"window.__pwned=1\">",
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.html");
    std::fs::write(&page, broken).unwrap();
    let dom = dump_dom(&browser, &page);
    let body = body_tag(&dom);
    assert!(
        body.contains("data-pwned=\"1\""),
        "the marker did not catch a script that ran: {body}"
    );
}

/// Clicking a clean paragraph highlights exactly its source spans, and a
/// legend toggle switches its kind off. The test drives the page with a
/// script of its own, so the Content-Security-Policy is taken out.
#[test]
fn browser_click_and_toggle() {
    let Some(browser) = chromium() else { return };
    let (rec, input) = sample();
    let html = render(&rec, input.as_bytes()).unwrap();
    let csp_start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .unwrap();
    let csp_end = csp_start + html[csp_start..].find('>').unwrap() + 1;
    let driver = r#"<script>
window.addEventListener("load", function () { setTimeout(function () {
  var b = document.body;
  var p = document.querySelector(".clean p.blk[data-spans*=' ']");
  p.click();
  var lit = document.querySelectorAll(".src .hl");
  b.setAttribute("data-test-spans", p.getAttribute("data-spans"));
  b.setAttribute("data-test-src", Array.prototype.map.call(lit, function (e) { return e.getAttribute("data-src"); }).join(" "));
  b.setAttribute("data-test-self", p.classList.contains("hl") ? "1" : "0");
  document.querySelector("input[data-toggle='rm-caption']").click();
  b.setAttribute("data-test-off", b.classList.contains("off-rm-caption") ? "1" : "0");
}, 0); });
</script></body>"#;
    let page_html =
        format!("{}{}", &html[..csp_start], &html[csp_end..]).replace("</body>", driver);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("click.html");
    std::fs::write(&page, page_html).unwrap();
    let dom = dump_dom(&browser, &page);
    let body = body_tag(&dom);
    let joined = rec.articles[0]
        .blocks
        .iter()
        .find(|b| b.spans.len() > 1)
        .unwrap();
    let want: Vec<String> = joined
        .spans
        .iter()
        .map(|s| format!("{},{}", s.start, s.end))
        .collect();
    let want = want.join(" ");
    assert!(
        body.contains(&format!("data-test-spans=\"{want}\"")),
        "{body}"
    );
    assert!(
        body.contains(&format!("data-test-src=\"{want}\"")),
        "{body}"
    );
    assert!(body.contains("data-test-self=\"1\""), "{body}");
    assert!(body.contains("data-test-off=\"1\""), "{body}");
}
