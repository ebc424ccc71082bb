//! The decision at each seam between two pieces of text: join them into one
//! paragraph or keep the break, and why.

use std::borrow::Cow;

use galley_core::chars::{ends_sentence, is_cjk_punct, is_ideograph};

use crate::lexicon::{jieba, opens_paragraph, tag_cannot_end, tag_cannot_start};
use crate::text::{
    body, closers_and_open, first_clause, is_continuation_punct, is_non_starter, last_char,
    open_marks, prefix_end, starts_lower, suffix_start,
};
use crate::Config;

/// What is known of the two sides of a seam besides their text.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Sides {
    /// Latin script on both sides.
    pub latin: bool,
    /// The first half is a short line without final punctuation (heading-like).
    pub a_headline: bool,
    /// The second half is heading-like.
    pub b_headline: bool,
    /// One side is metadata (byline, author note, subtitle): never joined.
    pub meta: bool,
    /// The seam is a line break inside a block, not a blank line.
    pub in_block: bool,
    /// The second half lies past stray blocks: only evidence at its start counts.
    pub across: bool,
}

/// A decision at a seam.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Decision {
    /// Join the two halves.
    pub join: bool,
    /// The evidence is strong (a mark or a broken word, not only shape).
    pub strong: bool,
    /// Bytes at the start of the second half that repeat the end of the
    /// first (a column overlap) and are to be dropped.
    pub overlap: usize,
    /// Why, for the notes (most reasons are fixed sentences: no allocation).
    pub reason: Cow<'static, str>,
}

impl Decision {
    fn join(strong: bool, reason: impl Into<Cow<'static, str>>) -> Decision {
        Decision {
            join: true,
            strong,
            overlap: 0,
            reason: reason.into(),
        }
    }

    fn brk(strong: bool, reason: impl Into<Cow<'static, str>>) -> Decision {
        Decision {
            join: false,
            strong,
            overlap: 0,
            reason: reason.into(),
        }
    }
}

fn is_punct(c: char) -> bool {
    is_cjk_punct(c) || c.is_ascii_punctuation()
}

/// Bytes at the start of `b` that repeat the last 1..=`max` characters of
/// `a`, when the repeat is a real column overlap: a repeat ending in
/// punctuation with at least one letter (`景。`, `念，`), a repeated
/// punctuation mark that cannot start a paragraph, or three or more
/// repeated letters after a first half that stops mid-sentence. A single
/// repeated letter is a coincidence, never an overlap.
pub(crate) fn overlap(a: &str, b: &str, max: usize) -> Option<usize> {
    let a = a.trim_end();
    // A repeat starts with the first character of `b`: when none of the
    // last `max` characters of `a` is that character, there is none (the
    // usual case, told without measuring every length).
    let first = b.chars().next()?;
    if !a
        .get(suffix_start(a, max)..)
        .is_some_and(|t| t.contains(first))
    {
        return None;
    }
    for k in (1..=max).rev() {
        let sa = suffix_start(a, k);
        let pb = prefix_end(b, k);
        let (ra, rb) = (&a[sa..], &b[..pb]);
        if ra.chars().count() != k || ra != rb || pb >= b.trim_end().len() {
            continue;
        }
        let chars: Vec<char> = ra.chars().collect();
        if chars.iter().any(|c| c.is_whitespace()) {
            continue;
        }
        let letters = chars.iter().filter(|c| !is_punct(**c)).count();
        let last_punct = chars.last().is_some_and(|c| is_punct(*c));
        let real = (k >= 2 && letters >= 1 && last_punct && chars.iter().any(|c| is_ideograph(*c)))
            || (k == 1
                && chars
                    .first()
                    .is_some_and(|&c| is_non_starter(c) && c != '。'))
            || (k >= 3
                && letters == k
                && !ends_sentence(a)
                && chars.iter().all(|c| is_ideograph(*c)));
        if real {
            return Some(pb);
        }
    }
    None
}

/// What jieba says about the few characters around the seam.
struct Words {
    /// A word that spans the seam.
    across: Option<String>,
    /// The first half's last word and its tag.
    a_last: Option<(String, String)>,
    /// The second half's first word and its tag.
    b_first: Option<(String, String)>,
    /// A preposition among the first half's last words with no verb after
    /// it: the clause still waits for its predicate (`统一向药企` + `明确…`).
    open_preposition: Option<String>,
}

fn seam_words(a: &str, b: &str) -> Words {
    let a_tail = &a[suffix_start(a, 6)..];
    let b_head = &b[..prefix_end(b, 6)];
    let window = crate::text::prefixed(a_tail, b_head);
    let seam = a_tail.len();
    let mut at = 0;
    let mut w = Words {
        across: None,
        a_last: None,
        b_first: None,
        open_preposition: None,
    };
    // Words of the first half seen so far, after its last punctuation.
    let mut a_words = 0;
    for t in jieba().tag(&window, false) {
        let (s, e) = (at, at + t.word.len());
        at = e;
        if e <= seam {
            if t.tag == "x" {
                // Punctuation ends the clause.
                w.open_preposition = None;
                a_words = 0;
            } else {
                a_words += 1;
                if t.tag == "p" && t.word.chars().count() == 1 {
                    w.open_preposition = Some(t.word.to_string());
                    a_words = 0;
                } else if t.tag.starts_with('v') || a_words > 2 {
                    w.open_preposition = None;
                }
            }
        }
        if s < seam && e > seam {
            w.across = Some(t.word.to_string());
        } else if e == seam {
            w.a_last = Some((t.word.to_string(), t.tag.to_string()));
        } else if s == seam {
            w.b_first = Some((t.word.to_string(), t.tag.to_string()));
        }
    }
    w
}

/// What the seam test knows and learns of the brackets left open at the end
/// of each half, so that a block's text is read for them once.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// The open marks at the end of the first half, when already known.
    pub a_open: Option<Vec<char>>,
    /// The open marks at the end of the second half, when the test read
    /// them (for the next seam, where it is the first half).
    pub b_open: Option<Vec<char>>,
}

/// Decide the seam between `a` and `b` (texts of two blocks, or two lines).
pub(crate) fn decide(a: &str, b: &str, sides: Sides, cfg: &Config) -> Decision {
    decide_with(a, b, sides, cfg, &mut Marks::default())
}

/// [`decide`], with what is known of the brackets (see [`Marks`]).
pub(crate) fn decide_with(
    a: &str,
    b: &str,
    sides: Sides,
    cfg: &Config,
    marks: &mut Marks,
) -> Decision {
    let a = body(a);
    let b_full = crate::text::trim(b);
    let b = body(b);
    if a.is_empty() || b.is_empty() {
        return Decision::brk(true, "one side is empty");
    }
    if sides.meta {
        return Decision::brk(
            true,
            "a byline, author note or subtitle is never joined to body text",
        );
    }
    // A column overlap is evidence of a cut in itself.
    if !sides.latin {
        if let Some(n) = overlap(a, b_full, cfg.overlap_max_chars) {
            let mut d = Decision::join(
                true,
                format!(
                    "column overlap: the second half repeats `{}` from the end of the first",
                    &b_full[..n]
                ),
            );
            d.overlap = n;
            return d;
        }
    }
    let Some(first) = b.chars().next() else {
        return Decision::brk(true, "second half is empty");
    };
    if is_non_starter(first) {
        return Decision::join(
            true,
            format!("second half starts with `{first}`, which cannot start a paragraph"),
        );
    }
    // The second half's unmatched closing marks first: when it has none
    // (most seams), the first half's brackets need not be read.
    // When the first half is known to leave nothing open, the second half
    // need not be read.
    if !marks.a_open.as_ref().is_some_and(|o| o.is_empty()) {
        let (closers, b_open) = closers_and_open(b);
        marks.b_open = b_open;
        if !closers.is_empty() {
            let read;
            let open: &[char] = match &marks.a_open {
                Some(o) => o,
                None => {
                    read = open_marks(a);
                    &read
                }
            };
            if let Some(o) = closers.into_iter().find(|o| open.contains(o)) {
                return Decision::join(
                    true,
                    format!("`{o}` opened in the first half is closed in the second"),
                );
            }
        }
    }
    if sides.latin && starts_lower(b) && !sides.b_headline {
        return Decision::join(
            true,
            "second half starts in lower case: a sentence cannot start there",
        );
    }
    let last = last_char(a).unwrap_or(' ');
    if ends_sentence(a) {
        return Decision::brk(false, "first half ends a sentence");
    }
    if sides.latin {
        return decide_latin(a, b, last, sides);
    }
    if is_continuation_punct(last) && !sides.across {
        if sides.b_headline && !sides.in_block {
            return Decision::brk(
                false,
                format!("first half ends with `{last}` but the second is a heading-like line"),
            );
        }
        return Decision::join(
            true,
            format!("first half ends with `{last}`: the sentence goes on"),
        );
    }
    if let Some((1, p)) = first_clause(b, 8) {
        if matches!(p, '。' | '，' | '、' | '；' | '！' | '？' | '：') && !sides.b_headline {
            return Decision::join(
                true,
                "second half opens with a one-character clause: the end of a cut word or sentence",
            );
        }
    }
    if let Some((n @ 1..=3, '、')) = first_clause(b, 8) {
        let numeral = b
            .chars()
            .take(n)
            .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c));
        if !numeral && !sides.b_headline && !sides.a_headline {
            return Decision::join(
                true,
                "second half opens inside an enumeration (a short item and `、`)",
            );
        }
    }
    // A headline-like first half may still be a cut sentence when it has a
    // comma inside; a title without one is never joined on word evidence.
    let words_ok = !sides.a_headline || crate::text::has_inner_comma(a);
    let words = if cfg.jieba
        && words_ok
        && is_ideograph(last)
        && b.chars().next().is_some_and(is_ideograph)
    {
        Some(seam_words(a, b))
    } else {
        None
    };
    if let Some(w) = &words {
        if let Some(word) = &w.across {
            if !(sides.a_headline && sides.b_headline) {
                return Decision::join(true, format!("the word `{word}` spans the seam"));
            }
        }
        if let Some((word, tag)) = &w.b_first {
            if tag_cannot_start(tag) {
                return Decision::join(
                    true,
                    format!(
                        "second half starts with `{word}` ({tag}), which cannot open a sentence"
                    ),
                );
            }
        }
        // A connective set off by a comma (`据了解，`, `同时，`) opens a
        // sentence: no conjunction or preposition can stand before it, so a
        // first half that ends with one lost its end.
        if let Some(o) = opens_paragraph(b)
            .filter(|o| b.get(o.len()..).is_some_and(|r| r.starts_with(['，', ','])))
        {
            return Decision::brk(
                false,
                format!("text lost: the second half opens a sentence with `{o}` and a comma, which nothing in the first half can lead into"),
            );
        }
        if let Some((word, tag)) = &w.a_last {
            if tag_cannot_end(tag, word) && !sides.a_headline && !sides.across {
                return Decision::join(
                    true,
                    format!("first half ends with `{word}` ({tag}), which needs words after it"),
                );
            }
        }
    }
    if sides.a_headline {
        return Decision::brk(
            false,
            "first half is a short line without final punctuation: a heading or title",
        );
    }
    if sides.b_headline {
        return Decision::brk(false, "second half is a heading-like short line");
    }
    if let Some(o) = opens_paragraph(b) {
        return Decision::brk(
            false,
            format!("text lost: the first half stops mid-sentence and the second opens a new paragraph (`{o}`)"),
        );
    }
    if let Some(w) = &words {
        if let (Some(p), false) = (&w.open_preposition, sides.across) {
            return Decision::join(
                false,
                format!("first half ends in a phrase opened by the preposition `{p}` and no verb: its predicate follows"),
            );
        }
        if let Some((word, tag)) = &w.a_last {
            // A lone character that is not a verb, adverb or function word:
            // the rest of its word was lost.
            let needs_more = ["v", "d", "p", "c", "u", "r", "m", "q"]
                .iter()
                .any(|p| tag.starts_with(p));
            let dangling = word.chars().count() == 1 && !needs_more;
            let b_word = w
                .b_first
                .as_ref()
                .is_some_and(|(bw, _)| bw.chars().count() >= 2);
            if dangling && b_word {
                return Decision::brk(
                    false,
                    format!("text lost: the first half ends in the broken word `{word}` that the second does not complete"),
                );
            }
        }
    }
    Decision::join(
        false,
        "first half stops mid-sentence and the second reads on",
    )
}

fn decide_latin(a: &str, b: &str, last: char, sides: Sides) -> Decision {
    if last == '-' && a.chars().rev().nth(1).is_some_and(|c| c.is_alphabetic()) && starts_lower(b) {
        return Decision::join(true, "a word hyphenated across the seam");
    }
    if starts_lower(b) && !sides.b_headline {
        return Decision::join(
            true,
            "second half starts in lower case: the sentence goes on",
        );
    }
    if !sides.across {
        if matches!(last, ',' | ';' | '-' | '–' | '—' | '(') || galley_core::chars::is_opening(last)
        {
            return Decision::join(
                true,
                format!("first half ends with `{last}`: the sentence goes on"),
            );
        }
        let last_word = a.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        if !sides.a_headline && crate::lexicon::is_english_function_word(last_word) {
            return Decision::join(
                true,
                format!("first half ends with `{last_word}`, which needs words after it"),
            );
        }
    }
    if sides.a_headline {
        return Decision::brk(
            false,
            "first half is a short line without a full stop: a heading or title",
        );
    }
    if sides.in_block {
        return Decision::join(false, "a line break inside a sentence");
    }
    Decision::brk(
        false,
        "blank line between paragraphs and no sign that the sentence goes on",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        Config::default()
    }

    fn d(a: &str, b: &str) -> Decision {
        decide(a, b, Sides::default(), &cfg())
    }

    #[test]
    fn overlaps() {
        assert_eq!(
            overlap("一所学校一片风景。", "景。巫溪县以学校", 4),
            Some("景。".len())
        );
        assert_eq!(overlap("办学理念，", "念，挖掘学校", 4), Some("念，".len()));
        // One common character repeated at a normal paragraph start is a coincidence.
        assert_eq!(overlap("建设教育强国。", "国家发展", 4), None);
        assert_eq!(overlap("我们的学", "学校", 4), None);
    }

    #[test]
    fn joins() {
        assert!(d("努力建设一支党员教师队伍，让每", "名党员成为一面旗帜。").join);
        assert!(d("教育兴则国家兴，教育强则国家", "强。作为战略先导").join);
        assert!(
            d(
                "按照《山城区“十四五”期间",
                "城乡学校布局调整专项规划(2021—2025年)》,在"
            )
            .join
        );
        assert!(d("树立重实干、重实绩、重担当的鲜明导", "向。加强专业能力").join);
        assert!(d("一片风景。", "景。巫溪县").join);
    }

    #[test]
    fn breaks() {
        assert!(
            !d(
                "区人民医院以此次主题教育为契机,持续推进5项惠民有感措",
                "曹元秀表示,自11月1日以来,导医全程陪伴"
            )
            .join
        );
        assert!(!d("这是一段完整的话。", "新的一段开始了。").join);
        let s = Sides {
            a_headline: true,
            ..Sides::default()
        };
        assert!(
            !decide(
                "强化思想引领,持续紧扣总要求",
                "在主题教育中,区教育党工委牢牢把握",
                s,
                &cfg()
            )
            .join
        );
    }
}
