//! Latin-script repairs at line ends: words hyphenated across a line end,
//! words split without their hyphen, and column-rule debris.

use std::collections::HashMap;

/// Words of the page, counted, to decide whether a joined form is a word
/// (`informa` + `tion` → `information` is a word if the page uses it).
#[derive(Debug, Default)]
pub(crate) struct Vocab {
    words: HashMap<String, u32>,
}

/// Function words: never the first half of a split word, and never debris
/// when they stand before a one-letter word at a line end.
const FUNCTION: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
    "but", "nor", "is", "was", "are", "were", "be", "as", "it", "he", "she", "we", "they", "his",
    "her", "its", "our", "their", "my", "your", "this", "that", "these", "those", "not", "no",
    "so", "if", "than", "then", "into", "onto", "upon",
];

/// Endings that are not words on their own: a line that starts with one
/// continues a word of the line before.
const SUFFIXES: &[&str] = &[
    "tion", "tions", "sion", "sions", "ment", "ments", "ness", "ity", "ities", "ble", "bly",
    "ance", "ances", "ence", "ences", "ism", "isms", "ist", "ists", "ous", "ive", "ives", "ture",
    "tures", "ical", "ically", "ally", "ings", "ful", "ship", "hood", "ise", "ize", "ised", "ized",
    "ising", "izing", "ation", "ations", "ient", "ients", "ual", "tial", "cial", "tory", "ary",
    "ery", "ative", "atives", "ology", "ological", "ogy",
];

/// First halves that make real hyphenated compounds (`well-known`,
/// `long-term`): after them a line-end hyphen is kept.
const COMPOUND_FIRST: &[&str] = &[
    "well", "self", "long", "short", "high", "low", "full", "half", "all", "cross", "far", "ill",
    "old", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "first",
    "second", "third", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
    "ninety", "year", "state", "world", "mid", "non", "ex", "vice", "co", "anti", "semi", "multi",
    "post", "pre", "pro", "quasi",
];

impl Vocab {
    /// Count the words of a block's text as the repairs will leave it
    /// (invisible characters dropped, full-width letters and digits made
    /// ASCII, ligatures expanded, surrounding spaces trimmed; see
    /// [`Vocab::add`]). One pass over the characters for most blocks: a
    /// block without a special character is read as it is, and one without
    /// an ASCII letter holds no word.
    pub(crate) fn add_block(&mut self, text: &str) {
        let b = text.as_bytes();
        // Only ASCII letters, full-width letters and ligatures make letters
        // of the normalized text.
        if !crate::text::has_ascii_letter(b)
            && !memchr::memchr_iter(0xEF, b).any(|i| wide_letter_at(b, i))
        {
            return;
        }
        // Borrowed, without a copy, when no special character is there.
        self.add(&crate::text::normalized(text));
    }

    /// Count the lowercase ASCII words of `text` (hyphenated compounds kept
    /// whole too). Words that touch a line break are left out: they may be
    /// halves of a split word, and a page's vocabulary must not vouch for them.
    pub(crate) fn add(&mut self, text: &str) {
        let b = text.as_bytes();
        let mut buf = String::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_alphabetic() {
                let s = i;
                while i < b.len()
                    && (b[i].is_ascii_alphabetic()
                        || (b[i] == b'-'
                            && i > s
                            && b.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic())))
                {
                    i += 1;
                }
                let before = text[..s].trim_end_matches([' ', '\t']);
                let after = text[i..].trim_start_matches(['-', ' ', '\t']);
                let at_break = before.is_empty()
                    || before.ends_with('\n')
                    || after.is_empty()
                    || after.starts_with(['\n', '\r']);
                if at_break {
                    continue;
                }
                buf.clear();
                buf.push_str(&text[s..i]);
                buf.make_ascii_lowercase();
                if buf.contains('-') {
                    for part in buf.split('-') {
                        self.count_word(part);
                    }
                }
                self.count_word(&buf);
            } else {
                // No byte of a multi-byte character is a letter: the next
                // letter is the next word's start.
                i = crate::text::next_ascii_letter(b, i);
            }
        }
    }

    /// Count one occurrence of `w` (allocating only for a new word).
    fn count_word(&mut self, w: &str) {
        match self.words.get_mut(w) {
            Some(n) => *n += 1,
            None => {
                self.words.insert(w.to_string(), 1);
            }
        }
    }

    fn count(&self, w: &str) -> u32 {
        self.words.get(w).copied().unwrap_or(0)
    }

    /// Whether `w` is a word on its own: a function word, or used inside a line elsewhere on the page.
    fn known(&self, w: &str) -> bool {
        FUNCTION.contains(&w) || self.count(w) >= 1
    }
}

/// Whether a full-width letter or a ligature starts at byte `i` of `b`
/// (`b[i]` is `0xEF`).
fn wide_letter_at(b: &[u8], i: usize) -> bool {
    let (x, y) = (
        b.get(i + 1).copied().unwrap_or(0),
        b.get(i + 2).copied().unwrap_or(0),
    );
    (x == 0xAC && (0x80..=0x86).contains(&y))
        || (x == 0xBC && (0xA1..=0xBA).contains(&y))
        || (x == 0xBD && (0x81..=0x9A).contains(&y))
}

/// What to do at a line end that a word runs across.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Join {
    /// `informa-` / `tion`: drop the hyphen and the line break.
    DropHyphen,
    /// `well-` / `known`: keep the hyphen, drop the line break.
    KeepHyphen,
    /// `construc` / `tion`: drop the line break (the hyphen was lost).
    Lost,
}

/// Decide the join of `first` (the letters before the line end, without a
/// hyphen) and `second` (the letters starting the next line).
pub(crate) fn decide(
    vocab: &Vocab,
    first: &str,
    second: &str,
    hyphen: bool,
    lost: bool,
) -> Option<Join> {
    if first.is_empty() || second.is_empty() {
        return None;
    }
    let f = first.to_ascii_lowercase();
    let s = second.to_ascii_lowercase();
    let joined = format!("{f}{s}");
    let compound = format!("{f}-{s}");
    if hyphen {
        let second_lower = second.starts_with(|c: char| c.is_ascii_lowercase());
        let first_cap = first.starts_with(|c: char| c.is_ascii_uppercase());
        if !second_lower {
            // `Franco-` / `Prussian`: a compound with a name.
            return (first_cap && second.starts_with(|c: char| c.is_ascii_uppercase()))
                .then_some(Join::KeepHyphen);
        }
        let joined_seen = vocab.count(&joined) >= 1;
        let compound_seen = vocab.count(&compound) >= 1;
        if compound_seen && !joined_seen {
            return Some(Join::KeepHyphen);
        }
        if joined_seen {
            return Some(Join::DropHyphen);
        }
        if COMPOUND_FIRST.contains(&f.as_str()) && s.len() >= 3 && !SUFFIXES.contains(&s.as_str()) {
            return Some(Join::KeepHyphen);
        }
        return Some(Join::DropHyphen);
    }
    if !lost
        || !second.starts_with(|c: char| c.is_ascii_lowercase())
        || FUNCTION.contains(&f.as_str())
    {
        return None;
    }
    // The second half of a word that lost its hyphen is a fragment: short,
    // or a bare suffix. A long word at a line start is a word of its own.
    if s.len() > 6 && !SUFFIXES.contains(&s.as_str()) {
        return None;
    }
    let joined_seen = vocab.count(&joined) >= 1;
    let halves_words = vocab.known(&f) && vocab.known(&s);
    if joined_seen && !halves_words {
        return Some(Join::Lost);
    }
    if SUFFIXES.contains(&s.as_str()) && !vocab.known(&f) && f.len() >= 2 {
        return Some(Join::Lost);
    }
    None
}

/// Whether [`decide`] may join `first` and `second` at a line end, whatever
/// the page's vocabulary: the conditions it needs before it reads the
/// vocabulary. A line whose last word may be joined to the next line's
/// first is cut inside a word.
pub(crate) fn may_join(first: &str, second: &str, hyphen: bool, lost: bool) -> bool {
    if first.is_empty() || second.is_empty() {
        return false;
    }
    let second_lower = second.starts_with(|c: char| c.is_ascii_lowercase());
    if hyphen {
        let caps = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
        return second_lower || (caps(first) && caps(second));
    }
    let f = first.to_ascii_lowercase();
    let s = second.to_ascii_lowercase();
    lost && second_lower
        && !FUNCTION.contains(&f.as_str())
        && (s.len() <= 6 || SUFFIXES.contains(&s.as_str()))
}

/// Words before which a one-letter `I` cannot stand at a line end.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "by", "for", "with", "from", "his", "her",
    "its", "our", "their", "my", "your", "this", "these", "those", "into", "onto", "upon",
];

/// Whether the character `x`, alone after a space at a line end, reads as
/// column-rule debris rather than text, given the word before it and the
/// word that starts the next line.
pub(crate) fn is_debris(x: char, before: &str, next: &str) -> bool {
    let b = before.to_ascii_lowercase();
    let nx = next.to_ascii_lowercase();
    match x {
        // An article stands before a noun or an adjective, never before a
        // function word, and never after a word cut by a hyphen.
        'a' | 'A' => b.ends_with('-') || (!nx.is_empty() && FUNCTION.contains(&nx.as_str())),
        'I' => b.ends_with('-') || DETERMINERS.contains(&b.as_str()),
        'i' | 'l' | 'j' | '|' | '¦' | '!' | ']' | '[' | '}' | '{' | '\'' | '`' | '/' | '\\'
        | '‖' | '丨' | '｜' | ':' | ';' | '.' | ',' => {
            !before.is_empty()
                && before
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_alphabetic() || c == '-')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every join [`decide`] makes, with or without the words of a page,
    /// is one [`may_join`] allows.
    #[test]
    fn joins_are_allowed_joins() {
        let mut page = Vocab::default();
        page.add("the construction of a well-known information desk and Franco-Prussian maps");
        let words = [
            "construc", "tion", "informa", "well", "known", "Franco", "Prussian", "the", "of",
            "neces", "sary", "a", "desk", "ment", "Mon", "day", "x",
        ];
        for vocab in [&Vocab::default(), &page] {
            for f in words {
                for s in words {
                    for hyphen in [false, true] {
                        if decide(vocab, f, s, hyphen, true).is_some() {
                            assert!(may_join(f, s, hyphen, true), "{f}|{s} hyphen {hyphen}");
                        }
                    }
                }
            }
        }
        assert!(!may_join("HERALD", "continued", false, true));
        assert!(may_join("construc", "tion", false, true));
    }

    #[test]
    fn block_words_are_the_words_of_the_normalized_text() {
        // Pieces with and without special characters: the one-pass reading
        // counts what counting the normalized text counts.
        let pieces: &[&str] = &[
            "the",
            "Well",
            "-",
            "known",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "教育",
            "，",
            "。",
            "a",
            "ﬁ",
            "ﬂ",
            "Ｒｕｓｔ",
            "１２",
            "\u{200B}",
            "\u{AD}",
            "\u{A0}",
            "\u{3000}",
            "\u{7}",
            "\u{B}",
            "\u{85}",
            "\u{FEFF}",
            "\u{2003}",
            "\u{1680}",
            "é",
            "ж",
            "😀",
            "“",
            "x-y",
            "-\n",
            "Ｉ",
            ".",
            "'",
        ];
        let mut next = crate::text::tests::rng(0x2545_F491_4F6C_DD1D);
        let (mut fast, mut slow) = (Vocab::default(), Vocab::default());
        let mut special = 0;
        for _ in 0..20_000 {
            let n = next(16);
            let text: String = (0..n).map(|_| pieces[next(pieces.len())]).collect();
            special += usize::from(crate::text::has_special(&text));
            let mut one = Vocab::default();
            one.add_block(&text);
            let mut want = Vocab::default();
            want.add(&crate::text::normalized(&text));
            assert_eq!(one.words, want.words, "{text:?}");
            fast.add_block(&text);
            slow.add(&crate::text::normalized(&text));
        }
        assert_eq!(fast.words, slow.words);
        assert!(
            special > 5_000 && slow.words.len() > 50,
            "{special} {}",
            slow.words.len()
        );
    }

    #[test]
    fn joins() {
        let mut v = Vocab::default();
        v.add("the well-known information desk is open.");
        assert_eq!(
            decide(&v, "informa", "tion", true, true),
            Some(Join::DropHyphen)
        );
        assert_eq!(
            decide(&v, "well", "known", true, true),
            Some(Join::KeepHyphen)
        );
        assert_eq!(
            decide(&v, "long", "term", true, true),
            Some(Join::KeepHyphen)
        );
        assert_eq!(
            decide(&v, "construc", "tion", false, true),
            Some(Join::Lost)
        );
        assert_eq!(decide(&v, "the", "tion", false, true), None);
        assert_eq!(decide(&v, "in", "formation", false, true), None);
        assert_eq!(decide(&v, "desk", "top", false, true), None);
        assert!(is_debris('a', "under-", "stood"));
        assert!(is_debris('a', "more", "than"));
        assert!(is_debris('I', "the", "first"));
        assert!(!is_debris('a', "reached", "new"));
        assert!(!is_debris('a', "in", "generation"));
        assert!(is_debris('!', "to", "approve"));
    }
}
