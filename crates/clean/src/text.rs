//! Small character and line helpers shared by the rules.

use std::borrow::Cow;

use galley_core::chars;

/// Width of a text: a CJK character counts 1, any other non-space character 1/2.
/// Whether `s` is wider than `max`, counting no further than needed.
pub(crate) fn wider_than(s: &str, max: f32) -> bool {
    width_upto(s, max) > max
}

/// [`width_upto`] for the lines of a page, where only widths up to `cap`
/// are compared with anything: a wider line gives a value above `cap`, not
/// always the one [`width_upto`] gives.
///
/// Most lines are running text, far wider than any cap: a quick count of
/// the bytes that always add the same width (printable ASCII, lead bytes of
/// CJK ideographs), a lower bound of the width that the compiler turns into
/// vector instructions, tells them apart without reading characters. Only a
/// text that this bound does not put above `cap` is counted exactly.
pub(crate) fn line_width(s: &str, cap: f32) -> f32 {
    line_width_special(s, cap).0
}

/// [`line_width`], and whether the line may hold a special character
/// ([`has_special`]): exactly that for a line of width up to `cap`, which
/// is read to its end; `true` for a wider one.
pub(crate) fn line_width_special(s: &str, cap: f32) -> (f32, bool) {
    let cap_halves = (cap * 2.0) as u32 + 2;
    let mut bound = 0u32;
    for chunk in s.as_bytes().chunks(64) {
        bound += u32::from(lower_bound_halves(chunk));
        if bound > cap_halves {
            return ((cap_halves + 1) as f32 / 2.0, true);
        }
    }
    width_and_special(s, cap)
}

/// The width of [`width_upto`] and, in the same pass, whether the text holds
/// a special character ([`has_special`]): exactly that when the count reads
/// the text to its end, `true` when it stops past `cap`.
fn width_and_special(s: &str, cap: f32) -> (f32, bool) {
    let cap_halves = (cap * 2.0) as u32 + 2;
    let b = s.as_bytes();
    let mut halves = 0u32;
    let mut special = false;
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if MAY_START_SPECIAL[usize::from(x)] && !special {
            special = special_at(b, i);
        }
        let (add, len) = width_step(s, i);
        halves += add;
        i += len;
        if halves > cap_halves {
            return (halves as f32 / 2.0, true);
        }
    }
    (halves as f32 / 2.0, special)
}

/// Half columns that the bytes of `chunk` (at most 64) add at least: a
/// printable ASCII byte 1, the lead byte of a character in `U+4000..U+EFFF`
/// (CJK ideographs, Hangul, Yi: never a space, an invisible character, a
/// full-width letter or a ligature) 2.
fn lower_bound_halves(chunk: &[u8]) -> u8 {
    chunk.iter().fold(0u8, |acc, &x| {
        acc.wrapping_add(
            (u8::from(x.wrapping_sub(0xE4) < 11) << 1) + u8::from(x.wrapping_sub(0x21) < 0x5E),
        )
    })
}

/// Width of a text, counted up to `cap` (a wider text gives a value above `cap`).
///
/// A character of three or more UTF-8 bytes (CJK letters and punctuation)
/// counts 1, any other 1/2; spaces and invisible characters count nothing,
/// and full-width letters and ligatures count as the ASCII they become, so
/// that the repairs do not change a line's width.
///
/// The scan reads bytes ([`width_step`]).
pub(crate) fn width_upto(s: &str, cap: f32) -> f32 {
    width_and_special(s, cap).0
}

/// Half columns of the character at byte `i` of `s` (a character
/// boundary), and its length: only lead bytes whose characters may be
/// spaces, invisible, full-width letters or ligatures (`U+0080..U+00FF`,
/// `U+0800..U+3FFF`, `U+F000..U+FFFF`) are decoded; the rest (CJK
/// ideographs, other scripts) count by their length alone.
#[inline]
fn width_step(s: &str, i: usize) -> (u32, usize) {
    match s.as_bytes().get(i) {
        // Printable ASCII: spaces and control characters count nothing.
        Some(&x @ 0x00..=0x7F) => (u32::from(x > 0x20 && x != 0x7F), 1),
        Some(0xC3..=0xDF) => (1, 2),
        Some(0xE4..=0xEE) => (2, 3),
        Some(0xF0..=0xF4) => (2, 4),
        _ => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) => (char_halves(c), c.len_utf8()),
            None => (0, 1),
        },
    }
}

/// Width of one character in half columns (see [`width_upto`]).
fn char_halves(c: char) -> u32 {
    if c.is_ascii() {
        u32::from(c.is_ascii_graphic())
    } else if c.is_whitespace() || chars::is_invisible(c) {
        0
    } else if chars::fullwidth_alnum_to_ascii(c).is_some() {
        1
    } else if let Some(l) = ligature(c) {
        l.len() as u32
    } else if c.len_utf8() >= 3 {
        2
    } else {
        1
    }
}

/// Whether `c` is a Latin letter once repaired: an ASCII letter, a ligature
/// (expanded to its letters) or a full-width letter (made ASCII). The
/// letters of a word that the line-end repairs may join across a line end.
pub(crate) fn becomes_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ligature(c).is_some()
        || chars::fullwidth_alnum_to_ascii(c).is_some_and(|a| a.is_ascii_alphabetic())
}

/// Whether `b` holds an ASCII letter: tested in blocks of bytes, without a
/// branch per byte (a CJK page may hold none, and then every byte is read).
pub(crate) fn has_ascii_letter(b: &[u8]) -> bool {
    b.chunks(64).any(|c| {
        c.iter()
            .fold(false, |a, &x| a | ((x | 0x20).wrapping_sub(b'a') < 26))
    })
}

/// Eight bytes of `b` from `i`, as one word (the first byte lowest).
pub(crate) fn word_at(b: &[u8], i: usize) -> Option<u64> {
    let w: [u8; 8] = b.get(i..i.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(w))
}

/// `0x0101…01`: a byte value repeated in every byte of a word.
pub(crate) const ONES: u64 = u64::from_le_bytes([1; 8]);
/// The high bit of every byte of a word.
pub(crate) const HIGH: u64 = ONES << 7;

/// The high bits of the bytes of `w` that are below `n` (`n <= 0x7F`),
/// and maybe of some bytes after such a byte (a borrow of the subtraction
/// carries on): the lowest bit set is always a byte below `n`, and no bit
/// is set when there is none.
pub(crate) fn below(w: u64, n: u8) -> u64 {
    w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH
}

/// The offset of the first ASCII letter of `b` at or after `from`, or
/// `b.len()`: eight bytes at a time, so that a CJK text, which holds few,
/// is passed over without reading its characters one by one.
pub(crate) fn next_ascii_letter(b: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(w) = word_at(b, i) {
        // Bytes `0x40..=0x7F` (letters among them) become `0x60..=0x7F`
        // once lowered, and then `0x00..=0x1F` by the XOR: a superset of
        // the letters, exact at its lowest mark.
        let m = below((w | (ONES * 0x20)) ^ (ONES * 0x60), 0x20);
        if m == 0 {
            i += 8;
            continue;
        }
        let at = i + (m.trailing_zeros() / 8) as usize;
        if b[at].is_ascii_alphabetic() {
            return at;
        }
        i = at + 1;
    }
    b[i.min(b.len())..]
        .iter()
        .position(u8::is_ascii_alphabetic)
        .map_or(b.len(), |k| i + k)
}

/// [`char::is_whitespace`], without the table look-up for the characters
/// above the ideographic space (CJK text), none of which is whitespace.
#[inline]
pub(crate) fn is_whitespace(c: char) -> bool {
    c <= '\u{3000}' && c.is_whitespace()
}

/// Whether `c` is alphabetic ([`char::is_alphabetic`]), without the
/// table look-up for ASCII, the CJK unified ideographs (all letters) and
/// the punctuation of CJK text (none).
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphabetic(),
        '\u{4E00}'..='\u{9FFF}' => true,
        '\u{2000}'..='\u{206F}'
        | '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{301F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}' => false,
        _ => c.is_alphabetic(),
    }
}

/// Whether the bytes may hold a character that a repair or the line
/// normalisation changes beyond ASCII punctuation and spaces: controls,
/// Latin-1 specials (no-break space, soft hyphen), zero-width and bidi
/// marks, unusual spaces, the ideographic space, the byte-order mark,
/// ligatures and full-width letters and digits.
pub(crate) fn has_special(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Most bytes (letters, CJK, continuation bytes) start nothing special.
        if !MAY_START_SPECIAL[usize::from(b[i])] {
            i += 1;
            continue;
        }
        if special_at(b, i) {
            return true;
        }
        i += 1;
    }
    false
}

/// Whether a character that the repairs change or drop starts at byte `i`
/// of `b`, where `b[i]` is one of [`MAY_START_SPECIAL`] (the test of
/// [`has_special`] at one place).
pub(crate) fn special_at(b: &[u8], i: usize) -> bool {
    let (x, y) = (
        b.get(i + 1).copied().unwrap_or(0),
        b.get(i + 2).copied().unwrap_or(0),
    );
    match b.get(i) {
        Some(0xE2) => {
            (x == 0x80 && (y <= 0x8F || (0xA8..=0xAF).contains(&y)))
                || (x == 0x81 && (0x9F..=0xA4).contains(&y))
        }
        Some(0xE3) => x == 0x80 && y == 0x80,
        Some(0xEF) => {
            let bom = x == 0xBB && y == 0xBF;
            let lig = x == 0xAC && (0x80..=0x86).contains(&y);
            let fw = (x == 0xBC && ((0x90..=0x99).contains(&y) || (0xA1..=0xBA).contains(&y)))
                || (x == 0xBD && (0x81..=0x9A).contains(&y));
            bom || lig || fw
        }
        // Controls and the Latin-1 block.
        _ => true,
    }
}

/// Bytes that may start a special character for [`has_special`]: controls
/// (not tab, line feed, carriage return), DEL, the lead byte of
/// `U+0080..U+00BF`, and the lead bytes of the three-byte ranges checked
/// further.
pub(crate) const MAY_START_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t[0xEF] = true;
    t
};

/// Clause punctuation that never ends a heading or a paragraph: a line that
/// ends with it continues somewhere.
pub(crate) fn is_clause_punct(c: char) -> bool {
    matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':' | '—' | '-')
}

/// Whether the text holds sentence-final punctuation anywhere (a full stop
/// counts before a space), read as the repairs leave it: invisible
/// characters do not count.
pub(crate) fn has_sentence_final(s: &str) -> bool {
    let mut end = SentenceEnd::default();
    s.chars().any(|c| end.at(c))
}

/// [`has_sentence_final`] read one character at a time, for a pass that
/// reads the characters for something else too.
#[derive(Debug, Default)]
pub(crate) struct SentenceEnd {
    prev_dot: bool,
}

impl SentenceEnd {
    /// Whether sentence-final punctuation ends at `c`, the text's next
    /// character.
    pub(crate) fn at(&mut self, c: char) -> bool {
        // Most characters of CJK text are ideographs: none is a mark, a
        // space or invisible.
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            self.prev_dot = false;
            return false;
        }
        if chars::is_sentence_final(c) || c == '。' || (self.prev_dot && c.is_whitespace()) {
            return true;
        }
        if !chars::is_invisible(c) {
            self.prev_dot = c == '.';
        }
        false
    }
}

/// The last non-space character.
pub(crate) fn last_char(s: &str) -> Option<char> {
    s.trim_end().chars().next_back()
}

/// Whether `s` starts with `prefix`, ignoring ASCII case.
pub(crate) fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Chinese numerals as used in page and order numbers.
pub(crate) fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '〇'
            | '零'
            | '两'
            | '百'
    )
}

/// Whether the text is a number in digits or Chinese numerals.
pub(crate) fn is_number(s: &str) -> bool {
    !s.is_empty() && (s.chars().all(chars::is_digit) || s.chars().all(is_cn_numeral))
}

/// The CJK character bigrams (two CJK letters side by side) of the first
/// `limit_chars` characters of `s`, in text order, repeats included: each
/// pair packed in one number (first character in the high half, so never 0).
fn cjk_bigrams(s: &str, limit_chars: usize) -> impl Iterator<Item = u64> + '_ {
    let mut prev: Option<char> = None;
    s.chars().take(limit_chars).filter_map(move |c| {
        if !chars::is_cjk_letter(c) {
            prev = None;
            return None;
        }
        let pair = prev.map(|p| u64::from(p) << 32 | u64::from(c));
        prev = Some(c);
        pair
    })
}

/// The CJK bigrams of a line's first [`Bigrams::CHARS`] characters, as a
/// set, for vocabulary overlap with another text: a table on the stack
/// (open addressing), so no allocation, no sort, and one look-up per
/// bigram of the other text.
pub(crate) struct Bigrams {
    /// Each bigram where its hash puts it (or in the next free slot); 0: free.
    /// At most `CHARS - 1` bigrams in twice as many slots: there is always a free one.
    slots: [u64; 128],
    len: usize,
}

impl Bigrams {
    /// How many characters of the line are read.
    pub(crate) const CHARS: usize = 64;

    /// The bigrams of the first [`Bigrams::CHARS`] characters of `s`.
    pub(crate) fn of(s: &str) -> Bigrams {
        let mut set = Bigrams {
            slots: [0; 128],
            len: 0,
        };
        for x in cjk_bigrams(s, Self::CHARS) {
            if let Err(i) = set.find(x) {
                set.slots[i] = x;
                set.len += 1;
            }
        }
        set
    }

    /// Whether the line has no CJK bigram.
    pub(crate) fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The slot holding `x`, or the free slot where it would go.
    fn find(&self, x: u64) -> Result<usize, usize> {
        let mut i = (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize;
        loop {
            match self.slots[i & 127] {
                0 => return Err(i & 127),
                y if y == x => return Ok(i & 127),
                _ => i += 1,
            }
        }
    }

    /// How many of the set's bigrams occur among the CJK bigrams of the
    /// first `limit_chars` characters of `body`, counted up to `need` (the
    /// reading stops there).
    pub(crate) fn shared_with(&self, body: &str, limit_chars: usize, need: u32) -> u32 {
        let mut found = 0u128;
        if self.is_empty() {
            return 0;
        }
        for x in cjk_bigrams(body, limit_chars) {
            if let Ok(i) = self.find(x) {
                found |= 1 << i;
                if found.count_ones() >= need {
                    break;
                }
            }
        }
        found.count_ones()
    }
}

/// Latin words (lowercase, length ≥ 4) of a text, for vocabulary overlap.
pub(crate) fn latin_words(s: &str, limit_chars: usize) -> Vec<String> {
    let end = s.char_indices().nth(limit_chars).map_or(s.len(), |x| x.0);
    let mut out: Vec<String> = s[..end]
        .split(|c: char| !is_letter(c))
        .filter(|w| w.len() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|w| w.to_ascii_lowercase())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The text as the repairs will leave it, for judging a line's shape:
/// invisible characters dropped, full-width letters and digits made ASCII,
/// surrounding spaces trimmed. Borrows when there is nothing to change.
pub(crate) fn normalized(t: &str) -> Cow<'_, str> {
    let plain = |c: char| {
        !chars::is_invisible(c)
            && chars::fullwidth_alnum_to_ascii(c).is_none()
            && ligature(c).is_none()
    };
    // Every character that changes has a special byte.
    if !has_special(t) || t.chars().all(plain) {
        return Cow::Borrowed(t.trim());
    }
    let mut s = String::with_capacity(t.len());
    for c in t.chars().filter(|&c| !chars::is_invisible(c)) {
        match ligature(c) {
            Some(l) => s.push_str(l),
            None => s.push(chars::fullwidth_alnum_to_ascii(c).unwrap_or(c)),
        }
    }
    Cow::Owned(s.trim().to_string())
}

/// The letters a typographic ligature stands for (`ﬁ` → `fi`).
pub(crate) fn ligature(c: char) -> Option<&'static str> {
    Some(match c {
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small deterministic generator (xorshift) for the tests on
    /// generated texts: `next(n)` is below `n`, the same sequence each run.
    pub(crate) fn rng(mut x: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        }
    }

    #[test]
    fn next_ascii_letter_is_the_first_letter_from_an_offset() {
        // Bytes around the letters' edges (`@ [ ` { ~`), CJK and other
        // multi-byte characters, at every alignment.
        let pieces = [
            "a", "Z", "@", "[", "`", "{", "~", "\x7f", "教", "é", "Ａ", " ", "9", "\n",
        ];
        let mut next = rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..5_000 {
            let n = next(24);
            let text: String = (0..n).map(|_| pieces[next(pieces.len())]).collect();
            let b = text.as_bytes();
            for from in 0..=b.len() {
                let want = b[from..]
                    .iter()
                    .position(u8::is_ascii_alphabetic)
                    .map_or(b.len(), |k| from + k);
                assert_eq!(next_ascii_letter(b, from), want, "{text:?} from {from}");
            }
        }
    }

    #[test]
    fn bigrams_shared_with_the_body() {
        let a = Bigrams::of("教育强市 立德树人");
        // The line's six: 教育 育强 强市 (the space parts 市 and 立) 立德 德树 树人.
        // 教育, 强市 and 树人 are in the body.
        assert_eq!(a.shared_with("教育是强市之本，树人为先。", 160, 9), 3);
        assert_eq!(a.shared_with("坚持教育强市，立德树人。", 160, 9), 6);
        assert_eq!(a.shared_with("坚持教育强市，立德树人。", 160, 2), 2);
        assert_eq!(a.shared_with("坚持教育强市，立德树人。", 160 / 40, 9), 1);
        assert_eq!(a.shared_with("", 160, 9), 0);
        assert!(Bigrams::of("ab 教 c").is_empty());
        // Only the first characters of the line count; repeats once.
        let long = "教育".repeat(100) + "强市";
        let b = Bigrams::of(&long);
        assert_eq!(b.len, 2);
        assert_eq!(b.shared_with("强市", 160, 9), 0);
        // A line of as many distinct bigrams as the table takes.
        let many: String = (0..Bigrams::CHARS as u32)
            .filter_map(|k| char::from_u32(0x4E00 + k * 7))
            .collect();
        let c = Bigrams::of(&many);
        assert_eq!(c.len, Bigrams::CHARS - 1);
        assert_eq!(c.shared_with(&many, 160, 200), Bigrams::CHARS as u32 - 1);
    }

    /// The ideographs that [`SentenceEnd::at`] passes over at once are no
    /// sentence-final mark, space or invisible character.
    #[test]
    fn ideographs_end_no_sentence() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert!(!chars::is_sentence_final(c) && c != '。' && !c.is_whitespace());
            assert!(!chars::is_invisible(c) && c != '.');
        }
        let mut end = SentenceEnd::default();
        assert!(!end.at('.') && end.at(' '));
        assert!(!end.at('.') && !end.at('教') && !end.at(' '));
    }

    #[test]
    fn widths() {
        assert_eq!(width_upto("教育", 100.0), 2.0);
        assert_eq!(width_upto("ab c", 100.0), 1.5);
        // Control characters, which the repairs delete, count nothing.
        assert_eq!(width_upto("a\u{0}\u{19}b\u{7F}", 100.0), 1.0);
        let long = "教".repeat(5000);
        assert!(wider_than(&long, 1000.0) && width_upto(&long, 1000.0) <= 1002.0);
        assert!(!wider_than("教育", 2.0) && wider_than("教育", 1.5));
        assert!(is_number("12") && is_number("十二") && !is_number("1二") && !is_number(""));
        assert!(starts_with_ci("Photo: x", "photo:"));
        // The byte scan agrees with the per-character rule on every character,
        // and the letter test with the standard library's.
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_whitespace(c), c.is_whitespace(), "{c:?}");
            let one = c.to_string();
            assert_eq!(width_upto(&one, 4.0) * 2.0, char_halves(c) as f32, "{c:?}");
        }
        assert!(!starts_with_ci("图", "ab"));
    }

    /// The quick bound of [`line_width`] never puts a line that fits under
    /// the cap above it: both counts agree up to the cap, and are both above
    /// it beyond. Texts mixing every kind of character, many caps.
    #[test]
    fn line_width_agrees_up_to_the_cap() {
        let pieces = [
            "教",
            "育",
            "，",
            "。",
            "“",
            "—",
            "　",
            " ",
            "\t",
            "a",
            "Z",
            "9",
            ",",
            "é",
            "\u{a0}",
            "\u{ad}",
            "\u{200b}",
            "\u{2028}",
            "\u{feff}",
            "Ａ",
            "１",
            "ﬃ",
            "（",
            "\u{1F600}",
            "\u{7}",
            "\u{7f}",
            "한",
            "ꀀ",
            "\u{E000}",
        ];
        let mut next = rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let len = next(200);
            let s: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            for cap in [0.0, 1.0, 7.5, 20.0, 31.0, 61.0, 97.0, 1000.0] {
                let ((quick, special), plain) = (line_width_special(&s, cap), width_upto(&s, cap));
                assert!(
                    quick == plain || (quick > cap + 1.0 && plain > cap + 1.0),
                    "{s:?} cap {cap}: {quick} vs {plain}"
                );
                // Exact for a line read to its end, on the safe side beyond.
                if quick <= cap + 1.0 {
                    assert_eq!(special, has_special(&s), "{s:?} cap {cap}");
                } else {
                    assert!(special, "{s:?} cap {cap}");
                }
            }
        }
    }
}
