//! Character classes that every stage needs.
//!
//! The tables are small `match`es on code-point ranges so that they cost a few
//! comparisons per character and need no data files.

/// A CJK ideograph (Han character), including the extension blocks and the
/// compatibility ideographs, and the ideographic number zero `〇`.
#[inline]
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF
        | 0x3400..=0x4DBF
        | 0xF900..=0xFAFF
        | 0x3007
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EBEF
        | 0x2F800..=0x2FA1F
        | 0x30000..=0x323AF)
}

/// Japanese kana (hiragana, katakana, their extensions and half-width forms).
#[inline]
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D)
}

/// Korean hangul syllables and jamo.
#[inline]
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

/// A letter of a CJK script: ideograph, kana or hangul.
#[inline]
pub fn is_cjk_letter(c: char) -> bool {
    // Everything below U+1100 (Latin, Greek, Cyrillic, …) is not CJK: one compare for most text.
    (c as u32) >= 0x1100 && (is_ideograph(c) || is_kana(c) || is_hangul(c))
}

/// Punctuation used in CJK running text: the CJK symbols block, full-width
/// punctuation, and the curly quotes, dashes, ellipsis and middle dot that
/// Chinese typesetting shares with Latin text.
#[inline]
pub fn is_cjk_punct(c: char) -> bool {
    (c as u32) >= 0x00B7
        && matches!(c as u32,
        0x3001..=0x3006
        | 0x3008..=0x3011
        | 0x3014..=0x301F
        | 0x30FB
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF0F
        | 0xFF1A..=0xFF20
        | 0xFF3B..=0xFF40
        | 0xFF5B..=0xFF65)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '–')
}

/// A CJK letter or CJK punctuation: the characters between which a space is a
/// line-break artifact rather than a word separator.
#[inline]
pub fn is_cjk(c: char) -> bool {
    is_cjk_letter(c) || is_cjk_punct(c)
}

/// Sentence-final punctuation, in both widths: `。！？!?…` and the
/// full-width/ideographic full stops. The ASCII `.` is not included: it is
/// also a decimal point and an abbreviation mark.
#[inline]
pub fn is_sentence_final(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '…' | '．' | '｡' | '‼' | '⁇' | '⁈' | '⁉'
    )
}

/// Opening brackets and quotes.
#[inline]
pub fn is_opening(c: char) -> bool {
    closing_for(c).is_some()
}

/// Closing brackets and quotes.
#[inline]
pub fn is_closing(c: char) -> bool {
    opening_for(c).is_some()
}

/// The closing partner of an opening bracket or quote.
#[inline]
pub fn closing_for(c: char) -> Option<char> {
    // One `match` on the code point: no Unicode property look-up, so the
    // test costs a few compares for any character.
    Some(match c {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '（' => '）',
        '［' => '］',
        '｛' => '｝',
        '“' => '”',
        '‘' => '’',
        '《' => '》',
        '〈' => '〉',
        '「' => '」',
        '『' => '』',
        '【' => '】',
        '〔' => '〕',
        '〖' => '〗',
        '〘' => '〙',
        '〚' => '〛',
        '«' => '»',
        _ => return None,
    })
}

/// The opening partner of a closing bracket or quote.
#[inline]
pub fn opening_for(c: char) -> Option<char> {
    Some(match c {
        ')' => '(',
        ']' => '[',
        '}' => '{',
        '）' => '（',
        '］' => '［',
        '｝' => '｛',
        '”' => '“',
        '’' => '‘',
        '》' => '《',
        '〉' => '〈',
        '」' => '「',
        '』' => '『',
        '】' => '【',
        '〕' => '〔',
        '〗' => '〖',
        '〙' => '〘',
        '〛' => '〚',
        '»' => '«',
        _ => return None,
    })
}

/// Whether `text` ends a sentence: its last character, after any closing
/// quotes and brackets, is sentence-final punctuation (`…至关重要。”` ends a
/// sentence; `…教育强则国家` does not). A final ASCII `.` counts when
/// something stands before it.
pub fn ends_sentence(text: &str) -> bool {
    let mut chars = text.trim_end().chars().rev().peekable();
    while let Some(&c) = chars.peek() {
        if is_closing(c) || c == '"' || c == '\'' {
            chars.next();
        } else {
            break;
        }
    }
    match chars.next() {
        Some(c) if is_sentence_final(c) => true,
        Some('.') => chars.next().is_some(),
        _ => false,
    }
}

/// The full-width form of an ASCII punctuation mark used in CJK running text
/// (`,` → `，`). Only the marks that Chinese typesetting writes full-width;
/// `.` is excluded because it is a decimal point and an abbreviation mark.
pub fn to_fullwidth_punct(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '(' => '（',
        ')' => '）',
        '!' => '！',
        '?' => '？',
        _ => return None,
    })
}

/// The ASCII form of a full-width Latin letter, digit or space (`Ａ` → `A`,
/// `１` → `1`). Punctuation is left to [`to_fullwidth_punct`]'s inverse
/// decisions of the cleanup stage.
pub fn fullwidth_alnum_to_ascii(c: char) -> Option<char> {
    let u = c as u32;
    match u {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => char::from_u32(u - 0xFEE0),
        _ => None,
    }
}

/// A Latin letter (ASCII or a Latin-1/Latin Extended letter).
#[inline]
pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF) && c.is_alphabetic())
}

/// A decimal digit in either width.
#[inline]
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || matches!(c as u32, 0xFF10..=0xFF19)
}

/// Characters that are invisible or control characters and never belong in
/// clean text: C0/C1 controls other than `\n` and `\t`, zero-width spaces and
/// joiners, the byte-order mark, soft hyphen and bidirectional marks.
pub fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{202A}'..='\u{202E}')
}

/// Whitespace for the purpose of coverage: a byte that is whitespace may be
/// dropped without a record (blank lines between blocks, indentation).
pub fn is_blank(c: char) -> bool {
    c.is_whitespace()
}

/// Whether `text` contains at least one CJK letter.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk_letter)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_ideograph('我'));
        assert!(is_ideograph('〇'));
        assert!(!is_ideograph('a'));
        assert!(is_cjk_punct('，'));
        assert!(is_cjk_punct('“'));
        assert!(is_cjk_punct('《'));
        assert!(!is_cjk_punct(','));
        assert!(is_cjk('。'));
        assert!(is_kana('カ'));
        assert!(is_hangul('한'));
    }

    #[test]
    fn brackets_pair() {
        for (o, c) in [
            ('“', '”'),
            ('《', '》'),
            ('（', '）'),
            ('「', '」'),
            ('(', ')'),
        ] {
            assert_eq!(closing_for(o), Some(c));
            assert_eq!(opening_for(c), Some(o));
            assert!(is_opening(o) && is_closing(c));
        }
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("重要。"));
        assert!(ends_sentence("至关重要。”"));
        assert!(ends_sentence("真的吗？）"));
        assert!(ends_sentence("It ended."));
        assert!(!ends_sentence("教育强则国家"));
        assert!(!ends_sentence("让每"));
        assert!(!ends_sentence("理念，"));
        assert!(!ends_sentence(""));
        assert!(!ends_sentence("."));
    }

    #[test]
    fn widths() {
        assert_eq!(to_fullwidth_punct(','), Some('，'));
        assert_eq!(to_fullwidth_punct('.'), None);
        assert_eq!(fullwidth_alnum_to_ascii('Ａ'), Some('A'));
        assert_eq!(fullwidth_alnum_to_ascii('９'), Some('9'));
        assert_eq!(fullwidth_alnum_to_ascii('，'), None);
    }

    #[test]
    fn invisibles() {
        assert!(is_invisible('\u{FEFF}'));
        assert!(is_invisible('\u{200B}'));
        assert!(is_invisible('\u{0007}'));
        assert!(!is_invisible('\n'));
        assert!(!is_invisible('a'));
    }
}
