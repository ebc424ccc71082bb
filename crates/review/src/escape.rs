//! HTML escaping. Every character of input text goes through here before it
//! reaches the page, in text and in attribute values alike.

/// Append `s` to `out` with `&`, `<`, `>`, `"` and `'` escaped, so the result
/// is safe both as element text and inside a quoted attribute value. A NUL,
/// which an HTML parser would drop or replace, is shown as `␀`.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            0 => "\u{2400}",
            _ => continue,
        };
        // `i` is the index of an ASCII byte, so both slices are on char boundaries.
        out.push_str(s.get(last..i).unwrap_or_default());
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(s.get(last..).unwrap_or_default());
}

/// Append raw input bytes, decoded lossily (each invalid sequence shown as
/// U+FFFD), escaped.
pub(crate) fn escape_bytes_into(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        escape_into(out, chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push('\u{FFFD}');
        }
    }
}

/// `s` escaped, as a new string.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(&mut out, s);
    out
}

/// A short, one-line, escaped rendering of a piece of text for a tooltip:
/// line breaks as `⏎`, tabs as `→`, at most `max` characters, `∅` when empty.
pub(crate) fn snippet(s: &str, max: usize) -> String {
    if s.is_empty() {
        return "\u{2205}".to_string();
    }
    let mut short = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == max {
            short.push('…');
            break;
        }
        match c {
            '\n' => short.push('⏎'),
            '\r' => {}
            '\t' => short.push('→'),
            c => short.push(c),
        }
    }
    escape(&short)
}

/// Keep only `[a-z0-9_]`: kind names used in CSS selectors and class names.
pub(crate) fn ident(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters() {
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(
            escape("</textarea><img src=x onerror=\"a()\">"),
            "&lt;/textarea&gt;&lt;img src=x onerror=&quot;a()&quot;&gt;"
        );
        assert_eq!(escape("标题 &amp;"), "标题 &amp;amp;");
        assert_eq!(escape("a\0b"), "a\u{2400}b");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn lossy_bytes_are_escaped_too() {
        let mut out = String::new();
        escape_bytes_into(&mut out, b"<b>\xff\xfe&");
        assert_eq!(out, "&lt;b&gt;\u{FFFD}\u{FFFD}&amp;");
    }

    #[test]
    fn snippets_are_short_and_escaped() {
        assert_eq!(snippet("", 5), "∅");
        assert_eq!(snippet("a\n<b>", 10), "a⏎&lt;b&gt;");
        assert_eq!(snippet("一二三四五六", 3), "一二三…");
        assert_eq!(ident("page_header\"><"), "page_header");
    }
}
