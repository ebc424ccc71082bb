//! Sentence segmentation for CJK and other scripts.
//!
//! CJK paragraphs end a sentence after `。！？!?；;…．` (a run of them), plus
//! any closing quotes and brackets that follow (`…至关重要。”` ends after the
//! quote). A comma never ends a sentence, nothing inside a matched `《》`
//! does, nor anything inside a short matched quote or bracket, and an ASCII
//! `.` never does in CJK text (`1.3万`, `U.S.`), nor an ASCII `!?;` between
//! two ASCII letters or digits (`Yahoo!Japan`). Paragraphs in other scripts go
//! through unicode-segmentation's sentence bounds, re-joined after
//! abbreviations (`Dr.`, `U.S.`, `e.g.`) and initials. A line break ends a
//! sentence unless it sits inside running Latin text (`… and\nthe …`), so text
//! without final punctuation still yields its sentences.

use std::ops::Range;

use galley_core::chars;
use unicode_segmentation::UnicodeSegmentation;

/// A matched quote or bracket longer than this (in chars) may hold several
/// sentences (a long quoted speech), so it is split inside like running text.
const MAX_UNSPLIT_QUOTE: usize = 160;

/// Split `text` into sentences: byte ranges in document order, trimmed of
/// surrounding whitespace, never empty, never overlapping. A piece with no
/// letter or digit (a stray `”` or `……`) is attached to the sentence before
/// it, or dropped when it opens the text.
///
/// ```
/// let text = "他说：“教育至关重要。”我们同意！数字1.3万不拆，《书。名》也不拆";
/// let got: Vec<&str> = galley_summary::split_sentences(text)
///     .into_iter()
///     .map(|r| &text[r])
///     .collect();
/// assert_eq!(got, ["他说：“教育至关重要。”", "我们同意！", "数字1.3万不拆，《书。名》也不拆"]);
/// ```
pub fn split_sentences(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for line in lines(text) {
        let piece = &text[line.clone()];
        if is_cjk_text(piece) {
            split_cjk(piece, line.start, &mut out);
        } else {
            split_latin(piece, line.start, &mut out);
        }
    }
    tidy(text, out)
}

/// Trim each range, drop empty ones, attach pieces without any letter or
/// digit to the sentence before them.
fn tidy(text: &str, raw: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(raw.len());
    for r in raw {
        let s = &text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let trail = s.len() - s.trim_end().len();
        if lead + trail >= s.len() {
            continue;
        }
        let r = r.start + lead..r.end - trail;
        let has_word = text[r.clone()].chars().any(char::is_alphanumeric);
        if !has_word {
            // Attach to the previous sentence when only blanks separate them
            // on the same line; otherwise it is debris, not a sentence.
            if let Some(prev) = out.last_mut() {
                let gap = &text[prev.end..r.start];
                if !gap.contains('\n') && gap.trim().is_empty() {
                    prev.end = r.end;
                }
            }
            continue;
        }
        out.push(r);
    }
    out
}

/// Break `text` into runs at line breaks, except a single line break inside
/// running Latin text (a hard-wrapped English line).
fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let prev = text[start..i].trim_end().chars().next_back();
            let rest = &text[i + 1..];
            let next = rest.trim_start_matches([' ', '\t', '\r']).chars().next();
            let blank_follows = rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n');
            let wrapped = !blank_follows
                && matches!(prev, Some(p) if p.is_alphanumeric() && !chars::is_cjk(p) || p == ',' || p == '-')
                && matches!(next, Some(n) if n.is_lowercase() || n.is_ascii_digit());
            if !wrapped {
                out.push(start..i);
                start = i + 1;
            }
        }
        i += 1;
    }
    out.push(start..text.len());
    out
}

/// Whether a line reads as CJK: Han characters and kana weigh three Latin
/// letters each (one Han character carries about a word). Hangul text is
/// spaced and ends sentences with `.`, so it goes the Latin way.
fn is_cjk_text(text: &str) -> bool {
    let mut han = 0usize;
    let mut latin = 0usize;
    for c in text.chars() {
        if chars::is_ideograph(c) || chars::is_kana(c) {
            han += 1;
        } else if c.is_alphabetic() {
            latin += 1;
        } else if chars::is_cjk_punct(c) && !matches!(c, '“' | '”' | '‘' | '’' | '—' | '–')
        {
            han += 1;
        }
    }
    han > 0 && han * 3 >= latin
}

/// Sentence-final marks in CJK text.
fn is_cjk_final(c: char) -> bool {
    chars::is_sentence_final(c) || matches!(c, '；' | ';')
}

/// An ASCII `!`, `?` or `;` with an ASCII letter or digit on both sides
/// (`Yahoo!Japan`, `YES!IC`) is part of a Latin name or code, not the end
/// of a sentence: a sentence break has a space or a CJK character after it.
fn inside_latin_word(cs: &[(usize, char)], k: usize) -> bool {
    let ascii_word = |i: Option<usize>| {
        i.and_then(|i| cs.get(i))
            .is_some_and(|&(_, c)| c.is_ascii_alphanumeric())
    };
    matches!(cs.get(k), Some((_, '!' | '?' | ';')))
        && ascii_word(k.checked_sub(1))
        && ascii_word(Some(k + 1))
}

/// For each char index of an opening mark, the char index of its partner, if
/// it closes on this line: a stack per kind of mark, O(n).
fn matched_pairs(cs: &[(usize, char)]) -> Vec<Option<usize>> {
    let mut partner = vec![None; cs.len()];
    let mut stack: Vec<(usize, char)> = Vec::new();
    for (k, &(_, c)) in cs.iter().enumerate() {
        if let Some(open) = chars::opening_for(c) {
            // Close the nearest matching opener; openers above it never closed.
            if let Some(pos) = stack.iter().rposition(|&(_, o)| o == open) {
                let (at, _) = stack[pos];
                partner[at] = Some(k);
                stack.truncate(pos);
            }
        } else if chars::closing_for(c).is_some() {
            stack.push((k, c));
        }
    }
    partner
}

fn split_cjk(line: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let cs: Vec<(usize, char)> = line.char_indices().collect();
    let partner = matched_pairs(&cs);
    let mut start = 0usize; // byte offset in line
    let mut k = 0usize;
    while k < cs.len() {
        let (_, c) = cs[k];
        if let Some(end) = partner[k] {
            // Skip over a matched pair that must not be split inside.
            let long = end - k > MAX_UNSPLIT_QUOTE;
            if c == '《' || c == '〈' || !long {
                k = end + 1;
                if k >= cs.len() {
                    break;
                }
                // The closing mark may itself end a quoted sentence: `…。”`.
                let inner_end = cs[end - 1].1;
                if c != '《' && c != '〈' && is_cjk_final(inner_end) {
                    let cut = cs[k].0;
                    out.push(base + start..base + cut);
                    start = cut;
                }
                continue;
            }
        }
        if is_cjk_final(c) && !inside_latin_word(&cs, k) {
            let mut j = k + 1;
            while j < cs.len() && is_cjk_final(cs[j].1) {
                j += 1;
            }
            while j < cs.len() && (chars::is_closing(cs[j].1) || matches!(cs[j].1, '"' | '\'')) {
                j += 1;
            }
            let cut = cs.get(j).map_or(line.len(), |&(b, _)| b);
            out.push(base + start..base + cut);
            start = cut;
            k = j;
            continue;
        }
        k += 1;
    }
    if start < line.len() {
        out.push(base + start..base + line.len());
    }
}

/// Words after which a `.` does not end a sentence, whatever follows.
const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "gov", "sen", "rep", "rev", "capt",
    "col", "lt", "sgt", "no", "nos", "fig", "figs", "vs", "e.g", "i.e", "cf", "approx", "vol",
    "pp", "p", "ed", "eds", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
];

/// Whether the sentence piece ends with an abbreviation's dot that should
/// not end the sentence before `next`.
fn ends_with_abbreviation(piece: &str, next: &str) -> bool {
    let t = piece.trim_end();
    let Some(stem) = t.strip_suffix('.') else {
        return false;
    };
    let word = stem
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return true;
    }
    let next_start = next.trim_start().chars().next();
    let next_continues = matches!(next_start, Some(c) if c.is_lowercase() || c.is_ascii_digit());
    // A single capital letter is an initial (`J. Smith`).
    let mut wc = word.chars();
    if let (Some(c), None) = (wc.next(), wc.next()) {
        if c.is_uppercase() {
            return true;
        }
    }
    // Dotted initialisms (`U.S.`, `a.m.`) and common trailers end a sentence
    // only when a capitalised word follows.
    let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
    (dotted || matches!(lower.as_str(), "etc" | "inc" | "ltd" | "co" | "corp")) && next_continues
}

fn split_latin(line: &str, base: usize, out: &mut Vec<Range<usize>>) {
    let mut pending: Option<Range<usize>> = None;
    for (off, s) in line.split_sentence_bound_indices() {
        let r = base + off..base + off + s.len();
        match pending.take() {
            Some(p) => {
                let prev = &line[p.start - base..p.end - base];
                // Line breaks left in a line are wraps (see `lines`), but
                // UAX #29 breaks after them: re-join.
                let wrapped = prev.trim_end_matches([' ', '\t', '\r']).ends_with('\n');
                if wrapped || ends_with_abbreviation(prev, s) {
                    pending = Some(p.start..r.end);
                } else {
                    out.push(p);
                    pending = Some(r);
                }
            }
            None => pending = Some(r),
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        split_sentences(text)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn cjk_basics() {
        assert_eq!(split("甲。乙！丙？"), ["甲。", "乙！", "丙？"]);
        assert_eq!(
            split("他说：“很好。”然后走了"),
            ["他说：“很好。”", "然后走了"]
        );
        assert_eq!(split("一，二，三"), ["一，二，三"]);
        assert_eq!(split("增长1.3万人。"), ["增长1.3万人。"]);
        assert_eq!(split("真的吗？！是的……"), ["真的吗？！", "是的……"]);
        // `!` inside a Latin name does not end a sentence; before CJK it does.
        assert_eq!(
            split("品牌Yahoo!Japan的广告。好!走吧"),
            ["品牌Yahoo!Japan的广告。", "好!", "走吧"]
        );
        assert_eq!(split("选A;B两项。"), ["选A;B两项。"]);
    }

    #[test]
    fn latin_abbreviations() {
        assert_eq!(
            split("Dr. Smith went to the U.S. on Monday. He left e.g. early. Done."),
            [
                "Dr. Smith went to the U.S. on Monday. ",
                "He left e.g. early. ",
                "Done."
            ]
            .map(str::trim)
        );
        assert_eq!(
            split("It is made in the U.S. The rest is not."),
            ["It is made in the U.S.", "The rest is not."]
        );
    }

    #[test]
    fn never_empty_and_ordered() {
        for t in ["", "  \n\n ", "”", "。。。", "a\u{0}b。", "x\ny"] {
            let rs = split_sentences(t);
            let mut last = 0;
            for r in rs {
                assert!(r.start >= last && r.start < r.end, "{t:?}");
                last = r.end;
            }
        }
    }
}
