//! Cheap character-level features of a block's text: where its letters start
//! and end, its script, its display width, its heading marker.

use galley_core::chars::{ends_sentence, is_cjk_letter, is_cjk_punct, is_closing, is_latin_letter};

/// Leading characters the OCR tool writes as markers (`# `, `> `) and the
/// whitespace around them: not text of the paragraph.
fn is_marker(c: char) -> bool {
    matches!(c, '#' | '>' | '＃' | '＞') || c.is_whitespace()
}

/// The text without leading Markdown markers and surrounding whitespace.
pub(crate) fn body(text: &str) -> &str {
    text.trim_start_matches(is_marker).trim_end()
}

/// The heading level a literal `#` marker gives (`## ` = 2), when the
/// cleanup stage did not run and the marker is still in the text.
pub(crate) fn marker_level(text: &str) -> Option<u8> {
    let t = text.trim_start();
    let n = t.chars().take_while(|&c| c == '#' || c == '＃').count();
    if n == 0 || n > 6 {
        return None;
    }
    let rest = &t[t.char_indices().nth(n).map_or(t.len(), |(i, _)| i)..];
    (rest.starts_with(' ') || rest.starts_with('\u{3000}')).then_some(n as u8)
}

/// How many leading characters [`is_latin`] reads.
const LATIN_WINDOW: usize = 400;

/// Whether the text reads as Latin script: more Latin letters than CJK letters.
pub(crate) fn is_latin(text: &str) -> bool {
    latin_window(text).0
}

/// [`is_latin`], and whether the answer is settled: text appended to this
/// one cannot change it. The scan stops as soon as the characters left in
/// the window (each adds one Latin letter or three CJK points at most)
/// cannot change the answer: about a hundred characters of CJK text.
pub(crate) fn latin_window(text: &str) -> (bool, bool) {
    let (mut latin, mut cjk, mut n) = (0usize, 0usize, 0usize);
    for (at, c) in text.char_indices() {
        if n == LATIN_WINDOW {
            break;
        }
        n += 1;
        if c.is_ascii() {
            latin += usize::from(c.is_ascii_alphabetic());
        } else if is_cjk_letter(c) {
            cjk += 3;
        } else if is_latin_letter(c) {
            latin += 1;
        }
        let left = LATIN_WINDOW - n;
        if cjk >= latin + left {
            return (false, true);
        }
        if latin > cjk + 3 * left {
            return (true, true);
        }
        // Fewer characters than bytes are left in this text: an answer
        // that they cannot change is final for this text only.
        let bytes_left = text.len() - at - c.len_utf8();
        if bytes_left < left && (cjk >= latin + bytes_left || latin > cjk + 3 * bytes_left) {
            return (latin > cjk, false);
        }
    }
    (latin > cjk, n == LATIN_WINDOW)
}

/// Display width: CJK letters and punctuation count two columns, the rest one.
pub(crate) fn width(text: &str) -> usize {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            if is_cjk_letter(c) || is_cjk_punct(c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Number of characters that are not whitespace.
pub(crate) fn char_len(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Number of whitespace-separated words.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Punctuation that marks a clause as going on: comma, enumeration comma,
/// semicolon, colon, dash, and opening brackets or quotes.
pub(crate) fn is_continuation_punct(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '、' | '；' | ';' | '：' | ':' | '—' | '-' | '–' | '·'
    ) || galley_core::chars::is_opening(c)
}

/// Characters that cannot start a paragraph: closing brackets and quotes,
/// and the punctuation that follows a word (comma, full stop, enumeration
/// comma, colon, semicolon, question and exclamation marks).
pub(crate) fn is_non_starter(c: char) -> bool {
    (is_closing(c) && c != ')')
        || matches!(
            c,
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '．'
                | '｡'
                | '％'
                | '‰'
                | '〕'
                | ')'
        )
}

/// Whether the text ends with sentence-final punctuation (closing quotes
/// and brackets after it allowed).
pub(crate) fn ends_final(text: &str) -> bool {
    ends_sentence(body(text))
}

/// The last non-whitespace character.
pub(crate) fn last_char(text: &str) -> Option<char> {
    text.trim_end().chars().next_back()
}

/// The byte offset in `text` after its first `n` characters.
pub(crate) fn prefix_end(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// The byte offset in `text` where its last `n` characters start.
pub(crate) fn suffix_start(text: &str, n: usize) -> usize {
    if n == 0 {
        return text.len();
    }
    text.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
}

/// The first clause of the text: letters before its first punctuation mark,
/// and that mark. `None` when the text has no punctuation in its first
/// `limit` characters.
pub(crate) fn first_clause(text: &str, limit: usize) -> Option<(usize, char)> {
    let mut letters = 0;
    for c in text.chars().take(limit) {
        if is_cjk_punct(c) || c.is_ascii_punctuation() {
            return Some((letters, c));
        }
        if c.is_whitespace() {
            continue;
        }
        letters += 1;
    }
    None
}

/// Brackets and quotes left open at the end of `text`: for each opening
/// mark still unclosed, the mark. Straight quotes are ignored (they do not
/// say which side they are on).
pub(crate) fn open_marks(text: &str) -> Vec<char> {
    // Only the tail counts: a bracket or quote left open thousands of
    // characters before a seam is an OCR slip, not a span across it. The cap
    // also keeps the cost per seam constant as a paragraph grows by joins.
    const TAIL: usize = 4096;
    let mut from = text.len().saturating_sub(TAIL);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut stack: Vec<char> = Vec::new();
    for c in text[from..].chars() {
        if galley_core::chars::is_opening(c) {
            if stack.len() < 64 {
                stack.push(c);
            }
        } else if let Some(o) = galley_core::chars::opening_for(c) {
            if let Some(p) = stack.iter().rposition(|&x| x == o) {
                stack.truncate(p);
            }
        }
    }
    stack
}

/// Whether `text` closes one of `open` before opening a mark of that kind:
/// the sign that a bracket or quote spans the seam.
#[cfg(test)]
pub(crate) fn closes_any(text: &str, open: &[char]) -> Option<char> {
    unmatched_closers(text)
        .into_iter()
        .find(|o| open.contains(o))
}

/// For each closing mark in the first 600 characters of `text` that closes
/// nothing opened before it in `text`, the opening mark it pairs with, in
/// order. A seam's first half that left one of these open is continued by
/// the second half. Usually empty: then the first half need not be read.
pub(crate) fn unmatched_closers(text: &str) -> Vec<char> {
    let mut depth: Vec<(char, usize)> = Vec::new();
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut at, mut n) = (0usize, 0usize);
    while n < 600 {
        let Some(&lead) = bytes.get(at) else {
            break;
        };
        n += 1;
        if !may_be_bracket(lead) {
            at += utf8_len(lead);
            continue;
        }
        let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        if galley_core::chars::is_opening(c) {
            match depth.iter_mut().find(|d| d.0 == c) {
                Some(d) => d.1 += 1,
                None => depth.push((c, 1)),
            }
        } else if let Some(o) = galley_core::chars::opening_for(c) {
            match depth.iter_mut().find(|d| d.0 == o) {
                Some(d) if d.1 > 0 => d.1 -= 1,
                _ => out.push(o),
            }
        }
    }
    out
}

/// Whether a character whose UTF-8 form starts with `lead` may be a bracket
/// or quote mark: the ASCII brackets, and the lead bytes of `«»` (C2), the
/// curly quotes (E2), the CJK brackets (E3) and the full-width forms (EF).
/// CJK ideographs and most letters are passed over on their first byte.
fn may_be_bracket(lead: u8) -> bool {
    matches!(
        lead,
        b'(' | b')' | b'[' | b']' | b'{' | b'}' | 0xC2 | 0xE2 | 0xE3 | 0xEF
    )
}

/// The length of a UTF-8 sequence from its first byte.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// Whether the text has a comma or enumeration comma inside it.
pub(crate) fn has_inner_comma(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '，' | ',' | '、' | '；' | ';'))
}

/// Whether sentence-final punctuation occurs inside the text (not at its end).
pub(crate) fn has_inner_final(text: &str) -> bool {
    let t = body(text);
    let end = suffix_start(t, 3);
    t[..end].chars().any(|c| matches!(c, '。' | '！' | '？'))
}

/// Whether a line is indented: starts with two or more spaces, a tab or an
/// ideographic space.
pub(crate) fn indent(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' || c == '\u{3000}' { 2 } else { 1 })
        .sum()
}

/// Whether the text starts with an upper-case Latin letter (after opening quotes).
pub(crate) fn starts_upper(text: &str) -> bool {
    body(text)
        .chars()
        .find(|c| !(galley_core::chars::is_opening(*c) || *c == '"' || *c == '\''))
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Whether the text starts with a lower-case Latin letter.
pub(crate) fn starts_lower(text: &str) -> bool {
    body(text).chars().next().is_some_and(|c| c.is_lowercase())
}

/// Whether the text is wrapped whole in one pair of brackets.
pub(crate) fn wrapped(text: &str, pairs: &[(char, char)]) -> bool {
    let t = body(text);
    let (Some(f), Some(l)) = (t.chars().next(), t.chars().next_back()) else {
        return false;
    };
    pairs.iter().any(|&(o, c)| f == o && l == c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_levels() {
        assert_eq!(marker_level("## 强基固本"), Some(2));
        assert_eq!(marker_level("#标签"), None);
        assert_eq!(body("> 综合督导"), "综合督导");
    }

    #[test]
    fn brackets_across_seam() {
        let open = open_marks("按照《山城区“十四五”期间");
        assert_eq!(open, vec!['《']);
        assert_eq!(
            closes_any("城乡学校布局调整专项规划(2021—2025年)》,在", &open),
            Some('《')
        );
        assert_eq!(closes_any("《另一本》", &open), None);
    }

    #[test]
    fn clauses() {
        assert_eq!(first_clause("强。作为", 10), Some((1, '。')));
        assert_eq!(first_clause("同时，区", 10), Some((2, '，')));
        assert_eq!(first_clause("没有标点", 10), None);
        assert_eq!(suffix_start("风景。", 2), "风".len());
        assert_eq!(prefix_end("景。巫", 2), "景。".len());
    }
}
