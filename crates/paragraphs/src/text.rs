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
    // Most texts start and end with a letter or a punctuation mark: told
    // from their bytes, without decoding a character.
    if !starts_with_marker(text.as_bytes()) && !ends_with_space(text.as_bytes()) {
        return text;
    }
    text.trim_start_matches(is_marker).trim_end()
}

/// The text without trailing whitespace ([`str::trim_end`], told from the
/// bytes when there is none).
pub(crate) fn trim_end(text: &str) -> &str {
    if ends_with_space(text.as_bytes()) {
        text.trim_end()
    } else {
        text
    }
}

/// The text without surrounding whitespace ([`str::trim`], told from the
/// bytes when there is none).
pub(crate) fn trim(text: &str) -> &str {
    if starts_with_space(text.as_bytes()) || ends_with_space(text.as_bytes()) {
        text.trim()
    } else {
        text
    }
}

/// The UTF-8 encodings of the characters whose `char::is_whitespace` is
/// true beyond ASCII: U+0085, U+00A0, U+1680, U+2000..=U+200A, U+2028,
/// U+2029, U+202F, U+205F, U+3000.
fn is_space_seq(c: &[u8]) -> bool {
    match *c {
        [0xC2, b] => matches!(b, 0x85 | 0xA0),
        [0xE1, 0x9A, 0x80] | [0xE2, 0x81, 0x9F] | [0xE3, 0x80, 0x80] => true,
        [0xE2, 0x80, b] => matches!(b, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
        _ => false,
    }
}

/// Whether UTF-8 `b` starts with a whitespace character.
fn starts_with_space(b: &[u8]) -> bool {
    match b.first() {
        None => false,
        Some(&x) if x < 0x80 => x.is_ascii_whitespace() || x == 0x0B,
        Some(_) => b.get(..2).is_some_and(is_space_seq) || b.get(..3).is_some_and(is_space_seq),
    }
}

/// Whether UTF-8 `b` starts with a whitespace character or a marker that
/// [`body`] drops (`#`, `>`, `＃`, `＞`).
fn starts_with_marker(b: &[u8]) -> bool {
    matches!(b.first(), Some(b'#' | b'>'))
        || matches!(b.get(..3), Some([0xEF, 0xBC, 0x83 | 0x9E]))
        || starts_with_space(b)
}

/// Whether UTF-8 `b` ends with a whitespace character (a lead byte at two
/// or three bytes from the end starts the last character: in valid UTF-8
/// no continuation byte is one).
fn ends_with_space(b: &[u8]) -> bool {
    match b.last() {
        None => false,
        Some(&x) if x < 0x80 => x.is_ascii_whitespace() || x == 0x0B,
        Some(_) => {
            let n = b.len();
            b.get(n.saturating_sub(2)..).is_some_and(is_space_seq)
                || b.get(n.saturating_sub(3)..).is_some_and(is_space_seq)
        }
    }
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
/// one cannot change it.
///
/// Bounds first, from byte counts that compile to vector code: the window
/// of 400 characters holds the first 400 bytes and lies within the first
/// 1600. Ideographs U+5000..=U+9FFF (lead bytes E5..=E9) among the first
/// 400 bytes are CJK letters for sure; every Latin letter is an ASCII letter
/// or starts with C3..=C9 or E1; every CJK letter starts with E1 or above.
/// Only text that these bounds do not decide is read character by
/// character, and that read stops as soon as the characters left in the
/// window cannot change the answer.
pub(crate) fn latin_window(text: &str) -> (bool, bool) {
    let bytes = text.as_bytes();
    let head = bytes.get(..bytes.len().min(LATIN_WINDOW)).unwrap_or(bytes);
    let wide = bytes
        .get(..bytes.len().min(4 * LATIN_WINDOW))
        .unwrap_or(bytes);
    let settled = bytes.len() >= 4 * LATIN_WINDOW;
    // `head` is where `wide` starts: each pair of counts reads `head` once.
    let rest = wide.get(head.len()..).unwrap_or_default();
    let latinish = |b: u8| b.is_ascii_alphabetic() | matches!(b, 0xC3..=0xC9) | (b == 0xE1);
    let (cjk_low, latin_head) = count_bytes2(head, |b| matches!(b, 0xE5..=0xE9), latinish);
    let cjk_low = 3 * cjk_low;
    // Past `head`, the window holds at most as many letters as characters
    // are left of its 400: when even that many cannot outweigh the
    // ideographs of `head`, the rest need not be read (a long CJK block).
    if !rest.is_empty() {
        let head_chars = count_bytes(head, |b| (b as i8) >= -0x40);
        if cjk_low >= latin_head + LATIN_WINDOW.saturating_sub(head_chars) {
            return (false, settled);
        }
    }
    let latin_up = latin_head + count_bytes(rest, latinish);
    if cjk_low >= latin_up {
        return (false, settled);
    }
    let (latin_low, cjk_up) = count_bytes2(head, |b| b.is_ascii_alphabetic(), |b| b >= 0xE1);
    let cjk_up = 3 * (cjk_up + count_bytes(rest, |b| b >= 0xE1));
    if latin_low > cjk_up {
        return (true, settled);
    }
    let (mut latin, mut cjk, mut n, mut at) = (0usize, 0usize, 0usize, 0usize);
    while n < LATIN_WINDOW {
        let Some(&b) = bytes.get(at) else {
            break;
        };
        n += 1;
        let b1 = bytes.get(at + 1).copied().unwrap_or(0);
        if b < 0x80 {
            latin += usize::from(b.is_ascii_alphabetic());
            at += 1;
        } else if matches!(b, 0xE5..=0xE9) || (b == 0xE4 && b1 != 0xB7) || (b == 0xE3 && b1 >= 0x90)
        {
            // U+3400..=U+9FFF but U+4DC0..=U+4DFF: ideographs, told by
            // their first two bytes (most of CJK text).
            cjk += 3;
            at += 3;
        } else {
            let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                break;
            };
            if is_cjk_letter(c) {
                cjk += 3;
            } else if is_latin_letter(c) {
                latin += 1;
            }
            at += c.len_utf8();
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
        let bytes_left = text.len().saturating_sub(at);
        if bytes_left < left && (cjk >= latin + bytes_left || latin > cjk + 3 * bytes_left) {
            return (latin > cjk, false);
        }
    }
    (latin > cjk, n == LATIN_WINDOW)
}

/// How many bytes satisfy `pred`: counted in runs of 255 bytes into a byte
/// so that the loop compiles to vector code.
fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(pred(b)))))
        .sum()
}

/// [`count_bytes`] of two predicates in one read of the bytes.
fn count_bytes2(bytes: &[u8], p: impl Fn(u8) -> bool, q: impl Fn(u8) -> bool) -> (usize, usize) {
    bytes
        .chunks(255)
        .map(|c| {
            let (x, y) = c.iter().fold((0u8, 0u8), |(x, y), &b| {
                (x + u8::from(p(b)), y + u8::from(q(b)))
            });
            (usize::from(x), usize::from(y))
        })
        .fold((0, 0), |(x, y), (a, b)| (x + a, y + b))
}

/// `head` followed by `tail` in one allocation of the right size (a note
/// built with `format!` grows its buffer several times).
pub(crate) fn prefixed(head: &str, tail: &str) -> String {
    let mut s = String::with_capacity(head.len() + tail.len());
    s.push_str(head);
    s.push_str(tail);
    s
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
    trim_end(text).chars().next_back()
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

/// How many bytes at the end of a text [`open_marks`] reads.
const OPEN_TAIL: usize = 4096;

/// Brackets and quotes left open at the end of `text`: for each opening
/// mark still unclosed, the mark. Straight quotes are ignored (they do not
/// say which side they are on).
pub(crate) fn open_marks(text: &str) -> Vec<char> {
    // Only the tail counts: a bracket or quote left open thousands of
    // characters before a seam is an OCR slip, not a span across it. The cap
    // also keeps the cost per seam constant as a paragraph grows by joins.
    let mut from = text.len().saturating_sub(OPEN_TAIL);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut stack: Vec<char> = Vec::new();
    for_each_bracket(text, from, text.len(), |c| {
        if galley_core::chars::is_opening(c) {
            if stack.len() < 64 {
                stack.push(c);
            }
        } else if let Some(o) = galley_core::chars::opening_for(c) {
            if let Some(p) = stack.iter().rposition(|&x| x == o) {
                stack.truncate(p);
            }
        }
    });
    stack
}

/// Call `f` with every bracket or quote mark of `text[from..to]` (char
/// boundaries), in order. This runs once per block, so other characters are
/// passed over without decoding them: every mark is told by its own bytes
/// (see [`bracket_at`]), whose first byte is never a continuation byte, so
/// a test at every byte offset finds exactly the marks. The test runs on
/// whole runs of 32 offsets at once (branch-free, so that it compiles to
/// vector code) and a run is read offset by offset only when it holds a
/// mark, which most runs of running text do not.
fn for_each_bracket(text: &str, from: usize, to: usize, mut f: impl FnMut(char)) {
    const RUN: usize = 64;
    let bytes = text.as_bytes();
    let to = to.min(bytes.len());
    let mut at = from;
    while at < to {
        // The run and the two bytes after it (the test of an offset reads
        // them); near the end of the window, a copy padded with zero bytes,
        // which match nothing (a mark that starts before `to` ends there).
        let mut marks = match bytes
            .get(at..at + RUN + 2)
            .filter(|_| at + RUN + 2 <= to)
            .and_then(|w| <&[u8; RUN + 2]>::try_from(w).ok())
        {
            Some(w) => run_marks(w),
            None => {
                let mut pad = [0u8; RUN + 2];
                let rest = bytes.get(at..to).unwrap_or_default();
                for (p, &b) in pad.iter_mut().zip(rest) {
                    *p = b;
                }
                run_marks(&pad)
            }
        };
        // One bit per offset: read mark by mark.
        while marks != 0 {
            let k = at + marks.trailing_zeros() as usize;
            marks &= marks - 1;
            let len = match bytes.get(k) {
                Some(&b) if b < 0x80 => 1,
                Some(0xC2) => 2,
                _ => 3,
            };
            if let Some(c) = text.get(k..k + len).and_then(|t| t.chars().next()) {
                f(c);
            }
        }
        at += RUN;
    }
}

/// Bit `k` set when a bracket or quote mark starts at offset `k` of `w`
/// (`k` < 64). Kept out of line: on its own the test compiles to vector
/// code; the 0-or-1 bytes are then gathered eight at a time by one
/// multiplication (the byte `i` of a word lands on bit `56 + i`).
#[inline(never)]
fn run_marks(w: &[u8; 66]) -> u64 {
    let mut hits = [0u8; 64];
    for (k, h) in hits.iter_mut().enumerate() {
        *h = u8::from(bracket_at(w[k], w[k + 1], w[k + 2]));
    }
    let mut marks = 0u64;
    for (q, eight) in hits.chunks_exact(8).enumerate() {
        let word = u64::from_le_bytes(eight.try_into().unwrap_or_default());
        marks |= (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) << (8 * q);
    }
    marks
}

/// Whether a bracket or quote mark starts with the bytes `b0 b1 b2`: the
/// ASCII brackets, `«»` (C2 AB, C2 BB), the curly quotes U+2018, U+2019,
/// U+201C, U+201D (E2 80 …), the CJK brackets U+3008..=U+3011 and
/// U+3014..=U+301B (E3 80 …), and the full-width brackets U+FF08, U+FF09,
/// U+FF3B, U+FF3D, U+FF5B, U+FF5D (EF BC …, EF BD …). Written with `&` and
/// `|` on purpose: no branch, so that a run of offsets is tested at once.
#[inline(always)]
fn bracket_at(b0: u8, b1: u8, b2: u8) -> bool {
    let ascii =
        (b0 == b'(') | (b0 == b')') | (b0 == b'[') | (b0 == b']') | (b0 == b'{') | (b0 == b'}');
    let c2 = (b0 == 0xC2) & ((b1 == 0xAB) | (b1 == 0xBB));
    let e2 =
        (b0 == 0xE2) & (b1 == 0x80) & ((b2 == 0x98) | (b2 == 0x99) | (b2 == 0x9C) | (b2 == 0x9D));
    let e3 =
        (b0 == 0xE3) & (b1 == 0x80) & ((b2.wrapping_sub(0x88) < 10) | (b2.wrapping_sub(0x94) < 8));
    let ef = (b0 == 0xEF)
        & (((b1 == 0xBC) & ((b2 == 0x88) | (b2 == 0x89) | (b2 == 0xBB) | (b2 == 0xBD)))
            | ((b1 == 0xBD) & ((b2 == 0x9B) | (b2 == 0x9D))));
    ascii | c2 | e2 | e3 | ef
}

/// The byte offset where the `n`-th character of UTF-8 `bytes` ends (all
/// of them when there are fewer), counted over bytes: no character takes
/// less than a byte, so a short text needs no count at all.
fn char_window_end(bytes: &[u8], n: usize) -> usize {
    if bytes.len() <= n {
        return bytes.len();
    }
    // Whole runs of 64 bytes first (a vector count of the bytes that are
    // not continuation bytes: one per character), then byte by byte.
    let is_start = |b: u8| (b as i8) >= -0x40;
    let mut count = 0;
    let mut at = 0;
    for run in bytes.chunks_exact(64) {
        let k = count_bytes(run, is_start);
        if count + k > n {
            break;
        }
        count += k;
        at += 64;
    }
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        if is_start(b) {
            if count == n {
                return i;
            }
            count += 1;
        }
    }
    bytes.len()
}

/// Whether `text` closes one of `open` before opening a mark of that kind:
/// the sign that a bracket or quote spans the seam.
#[cfg(test)]
pub(crate) fn closes_any(text: &str, open: &[char]) -> Option<char> {
    unmatched_closers(text)
        .into_iter()
        .find(|o| open.contains(o))
}

/// The unmatched closers of `text` (see [`closers_and_open`]).
#[cfg(test)]
pub(crate) fn unmatched_closers(text: &str) -> Vec<char> {
    closers_and_open(text).0
}

/// For each closing mark in the first 600 characters of `text` that closes
/// nothing opened before it in `text`, the opening mark it pairs with, in
/// order: a seam's first half that left one of these open is continued by
/// the second half (usually there are none: then the first half need not
/// be read). And the [`open_marks`] of `text` when the same read covers
/// all of it (a text of at most 600 characters and 4096 bytes, most
/// blocks): one read of a block serves the seam where it is the second half
/// and the next, where it is the first.
pub(crate) fn closers_and_open(text: &str) -> (Vec<char>, Option<Vec<char>>) {
    // Open marks per kind: a table on the stack (there are fewer kinds of
    // opening marks than its rows; more would go to `more`).
    let mut depth = [('\0', 0usize); 24];
    let mut kinds = 0;
    let mut more: Vec<(char, usize)> = Vec::new();
    let mut out = Vec::new();
    let end = char_window_end(text.as_bytes(), 600);
    let whole = end == text.len() && text.len() <= OPEN_TAIL;
    // The stack of `open_marks`, kept only when the read is whole.
    let mut stack: Vec<char> = Vec::new();
    for_each_bracket(text, 0, end, |c| {
        if galley_core::chars::is_opening(c) {
            if whole && stack.len() < 64 {
                stack.push(c);
            }
            let known = depth.get_mut(..kinds).unwrap_or_default();
            match known.iter_mut().chain(more.iter_mut()).find(|d| d.0 == c) {
                Some(d) => d.1 += 1,
                None => match depth.get_mut(kinds) {
                    Some(row) => {
                        *row = (c, 1);
                        kinds += 1;
                    }
                    None => more.push((c, 1)),
                },
            }
        } else if let Some(o) = galley_core::chars::opening_for(c) {
            if whole {
                if let Some(p) = stack.iter().rposition(|&x| x == o) {
                    stack.truncate(p);
                }
            }
            let known = depth.get_mut(..kinds).unwrap_or_default();
            match known.iter_mut().chain(more.iter_mut()).find(|d| d.0 == o) {
                Some(d) if d.1 > 0 => d.1 -= 1,
                _ => out.push(o),
            }
        }
    });
    (out, whole.then_some(stack))
}

/// Whether the text has a comma or enumeration comma inside it.
pub(crate) fn has_inner_comma(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '，' | ',' | '、' | '；' | ';'))
}

/// The text after its last sentence-final mark: the sentence it ends in.
pub(crate) fn last_sentence(text: &str) -> &str {
    let start = text
        .rfind(['。', '！', '？', '!', '?', '.'])
        .map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
    &text[start..]
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
pub(crate) mod tests {
    use super::*;

    /// A small deterministic generator (an LCG) for the tests on generated
    /// inputs: `rnd(n)` is below `n` (0 for `n` = 0), the same sequence on
    /// every run.
    pub(crate) fn rng(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n.max(1)
        }
    }

    #[test]
    fn markers_and_levels() {
        assert_eq!(marker_level("## 强基固本"), Some(2));
        assert_eq!(marker_level("#标签"), None);
        assert_eq!(body("> 综合督导"), "综合督导");
    }

    #[test]
    fn last_sentences() {
        assert_eq!(
            last_sentence("开街了。家里的窗户都不敢开，现在"),
            "家里的窗户都不敢开，现在"
        );
        assert_eq!(last_sentence("完了。"), "");
        assert_eq!(last_sentence("no end here"), "no end here");
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
    fn bracket_scan_finds_every_mark() {
        // Every character from U+0000 to U+FFFF, and some beyond: the byte
        // scan finds exactly the characters that open or close a pair.
        let text: String = (0u32..0x1_0000)
            .chain(0x1_F300..0x1_F310)
            .filter_map(char::from_u32)
            .collect();
        let mut found = Vec::new();
        for_each_bracket(&text, 0, text.len(), |c| found.push(c));
        let want: Vec<char> = text
            .chars()
            .filter(|&c| galley_core::chars::is_opening(c) || galley_core::chars::is_closing(c))
            .collect();
        assert_eq!(found, want);
        // Mid-text windows start and end on char boundaries.
        let t = "（甲）《乙》“丙”";
        let from = "（甲）".len();
        let mut got = Vec::new();
        for_each_bracket(t, from, t.len(), |c| got.push(c));
        assert_eq!(got, ['《', '》', '“', '”']);
    }

    #[test]
    fn bracket_scan_is_the_plain_filter() {
        // Generated texts of marks, their near misses (same lead bytes:
        // `。`, `，`, `—`, `…`, `ｂ`, `¬`) and other characters, in every
        // window: the run-wise scan finds what a char-by-char filter finds.
        let alphabet: Vec<char> = "()[]{}«»‘’“”〈〉《》「」『』【】〔〕〖〗〘〙〚〛（）［］｛｝                                   。，、〃〇〒〜—…‥ｂ｟＠¬ ¢教育a1 \n𝒜ä"
            .chars()
            .collect();
        let mut rnd = rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = rnd(120);
            let text: String = (0..len)
                .map(|_| {
                    if rnd(4) == 0 {
                        alphabet[rnd(alphabet.len())]
                    } else {
                        ['教', 'a', '，', '。'][rnd(4)]
                    }
                })
                .collect();
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&k| text.is_char_boundary(k))
                .collect();
            let from = bounds[rnd(bounds.len())];
            let to = bounds[rnd(bounds.len())].max(from);
            let mut found = Vec::new();
            for_each_bracket(&text, from, to, |c| found.push(c));
            let want: Vec<char> = text[from..to]
                .chars()
                .filter(|&c| galley_core::chars::is_opening(c) || galley_core::chars::is_closing(c))
                .collect();
            assert_eq!(found, want, "{text:?} {from} {to}");
        }
    }

    #[test]
    fn unmatched_closers_is_the_plain_count() {
        // The first form (a list of open counts per kind, char by char) on
        // generated texts of marks and letters, some past the 600-char window.
        fn plain(text: &str) -> Vec<char> {
            let mut depth: Vec<(char, usize)> = Vec::new();
            let mut out = Vec::new();
            for c in text.chars().take(600) {
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
        let marks: Vec<char> = "()[]{}«»‘’“”〈〉《》「」『』【】〔〕〖〗〘〙〚〛（）［］｛｝"
            .chars()
            .collect();
        let mut rnd = rng(3);
        for _ in 0..2000 {
            let len = if rnd(10) == 0 {
                550 + rnd(100)
            } else {
                rnd(80)
            };
            let text: String = (0..len)
                .map(|_| {
                    if rnd(3) == 0 {
                        marks[rnd(marks.len())]
                    } else {
                        ['教', 'a', '，', '。', ' '][rnd(5)]
                    }
                })
                .collect();
            assert_eq!(unmatched_closers(&text), plain(&text), "{text}");
        }
    }

    #[test]
    fn byte_trims_are_the_char_trims() {
        // Every character from U+0000 to U+FFFF (and a few beyond) at either
        // end of a text, and short texts of spaces, markers and letters: the
        // byte tests give what the char-by-char trims give.
        let plain_body = |t: &str| t.trim_start_matches(is_marker).trim_end().len();
        let mut texts: Vec<String> = Vec::new();
        for c in (0u32..0x1_0000)
            .chain(0x1_F300..0x1_F310)
            .filter_map(char::from_u32)
        {
            texts.push(format!("{c}教"));
            texts.push(format!("教{c}"));
            texts.push(format!("{c}"));
        }
        let parts = [
            "", " ", "\u{3000}", "\u{a0}", "#", "＃", "> ", "教", "a", "。", "\n", "\u{2028}",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for t in &texts {
            assert_eq!(body(t).len(), plain_body(t), "{t:?}");
            assert_eq!(
                body(t),
                &t[t.len() - t.trim_start_matches(is_marker).len()..][..plain_body(t)],
                "{t:?}"
            );
            assert_eq!(trim(t), t.trim(), "{t:?}");
            assert_eq!(trim_end(t), t.trim_end(), "{t:?}");
        }
    }

    #[test]
    fn one_read_gives_both_bracket_answers() {
        // Generated texts of marks and letters, short and long (past the
        // 600-character window and the 4096-byte tail): where the one read
        // gives the open marks, they are those of `open_marks`.
        let marks: Vec<char> = "()[]{}«»‘’“”〈〉《》「」『』【】〔〕〖〗（）［］｛｝"
            .chars()
            .collect();
        let mut rnd = rng(21);
        let mut whole = 0;
        for _ in 0..3000 {
            let len = match rnd(10) {
                0 => 550 + rnd(100),
                1 => 1300 + rnd(200),
                _ => rnd(80),
            };
            let text: String = (0..len)
                .map(|_| {
                    if rnd(3) == 0 {
                        marks[rnd(marks.len())]
                    } else {
                        ['教', 'a', '，', '。', ' ', '𝒜'][rnd(6)]
                    }
                })
                .collect();
            let (closers, open) = closers_and_open(&text);
            assert_eq!(closers, unmatched_closers(&text));
            if let Some(open) = open {
                whole += 1;
                assert_eq!(open, open_marks(&text), "{text}");
            } else {
                assert!(text.chars().count() > 600 || text.len() > 4096);
            }
        }
        assert!(whole > 2000);
    }

    #[test]
    fn latin_window_is_the_plain_count() {
        // The plain definition: more Latin letters than three times the CJK
        // letters among the first 400 characters.
        fn plain(t: &str) -> bool {
            let (mut l, mut c) = (0, 0);
            for ch in t.chars().take(400) {
                if is_latin_letter(ch) {
                    l += 1;
                } else if is_cjk_letter(ch) {
                    c += 3;
                }
            }
            l > c
        }
        let samples = [
            "",
            "abc",
            "教育强市",
            "The council met 教育 on Tuesday",
            "䷀䷁ hexagrams are not letters",
            "㐀㐁 ext-A ideographs, カタカナ, 한국어, ĀĒĪ Ōū, ×÷ signs",
            "〇一二 数字 and words mixed in, more words here than there",
        ];
        // Generated mixes of every kind of character, up to 900 of them.
        let alphabet: Vec<char> = "教育a Bé ẞ㐀䷀カ한，。1 \nĀ𝒜ä".chars().collect();
        let mut rnd = rng(5);
        for _ in 0..3000 {
            // A run of one kind, then a mix: both the bounds and the
            // character-by-character read are reached.
            let lead = alphabet[rnd(alphabet.len())];
            let t: String = (0..rnd(500))
                .map(|_| lead)
                .chain((0..rnd(400)).map(|_| alphabet[rnd(alphabet.len())]))
                .collect();
            assert_eq!(latin_window(&t).0, plain(&t), "{t}");
        }
        for s in samples {
            for k in 1..40 {
                let t = s.repeat(k);
                assert_eq!(latin_window(&t).0, plain(&t), "{t}");
                // A settled answer holds for any text appended.
                if latin_window(&t).1 {
                    for tail in ["教育", "words", "，。"] {
                        let u = format!("{t}{}", tail.repeat(300));
                        assert_eq!(plain(&u), plain(&t), "{u}");
                    }
                }
            }
        }
    }

    #[test]
    fn char_windows() {
        let long = "教育a强市，𝒜".repeat(60);
        for t in ["", "abc", "教育强市", "a教b育c", "ĀĒ𝒜x", long.as_str()] {
            for n in (0..8).chain([63, 64, 65, 200, 299, 300, 301, 419, 420, 421, 600]) {
                assert_eq!(
                    char_window_end(t.as_bytes(), n),
                    prefix_end(t, n),
                    "{t} {n}"
                );
            }
        }
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
