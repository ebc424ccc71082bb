//! Word-level knowledge: the jieba dictionary (loaded once per process) and
//! the small closed classes of Chinese function words the seam test needs.

use std::sync::OnceLock;

use jieba_rs::Jieba;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba segmenter with its default dictionary, loaded on
/// first use (about 0.1 s) and shared by every document and thread.
pub(crate) fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(Jieba::new)
}

/// Part-of-speech tags (jieba's ICTCLAS set) of words that cannot open a
/// paragraph: classifiers (`q`: `名`, `个`), structural and aspect particles
/// (`u*`: `的`, `了`, `着`), sentence-final modal particles (`y`: `吗`,
/// `呢`), suffixes (`k`: `们`).
pub(crate) fn tag_cannot_start(tag: &str) -> bool {
    matches!(
        tag,
        "q" | "y" | "k" | "uj" | "ul" | "uz" | "ug" | "ud" | "uv" | "u"
    )
}

/// Tags of a final word that needs more after it: prepositions (`p`),
/// conjunctions (`c`), structural particles that link to a head (`uj`:
/// `的`), determiners and pronouns that wait for a noun (`zg`, `r` single
/// characters such as `每`, `各`, `该`).
pub(crate) fn tag_cannot_end(tag: &str, word: &str) -> bool {
    match tag {
        "p" | "c" | "uj" | "zg" => true,
        "r" => word.chars().count() == 1,
        _ => false,
    }
}

/// Discourse connectives and framing phrases that open a paragraph of
/// Chinese news prose ("at the same time", "according to", "since …",
/// "first", "in addition"). They are general grammar, not words of any
/// particular page: a block that starts with one after a block that stops
/// mid-sentence means that the end of the first block was lost.
const OPENERS: &[&str] = &[
    "与此同时",
    "同时",
    "此外",
    "另外",
    "另一方面",
    "不仅如此",
    "据悉",
    "据介绍",
    "据了解",
    "据统计",
    "据报道",
    "目前",
    "当前",
    "近日",
    "近年来",
    "近期",
    "日前",
    "今年以来",
    "去年以来",
    "首先",
    "其次",
    "再次",
    "最后",
    "总之",
    "综上",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "一方面",
    "记者了解到",
    "记者从",
    "为此",
    "对此",
    "截至目前",
    "截至",
];

/// Framing verbs that end a paragraph's opening clause (`X表示，`, `自…以来，`).
const OPENING_CLAUSE_ENDS: &[&str] = &[
    "以来",
    "期间",
    "表示",
    "介绍",
    "指出",
    "认为",
    "强调",
    "告诉记者",
];

/// Whether `head` (the start of a block) opens a new paragraph in the way
/// Chinese news prose does: a connective, or a first clause that ends in a
/// framing verb or a time frame and a comma.
pub(crate) fn opens_paragraph(head: &str) -> Option<&'static str> {
    if let Some(o) = OPENERS.iter().find(|o| head.starts_with(**o)) {
        return Some(o);
    }
    let clause_end = head
        .char_indices()
        .take(16)
        .find(|(_, c)| matches!(c, '，' | ',' | '：' | ':'))
        .map(|(i, _)| i)?;
    let clause = &head[..clause_end];
    OPENING_CLAUSE_ENDS
        .iter()
        .find(|e| clause.ends_with(**e))
        .copied()
}

/// Opening marks of bylines in Chinese papers (`□本报记者`, `■唐大军`).
pub(crate) fn is_byline_mark(c: char) -> bool {
    matches!(
        c,
        '□' | '■' | '◆' | '◇' | '●' | '○' | '▲' | '△' | '★' | '☆' | '◎' | '▪' | '▫'
    )
}

/// Words that open a byline: reporter, correspondent, "text by".
pub(crate) const BYLINE_PREFIXES: &[&str] = &[
    "本报记者",
    "本报通讯员",
    "记者",
    "通讯员",
    "特约记者",
    "见习记者",
    "文/",
    "文／",
    "文|",
    "撰文",
    "作者：",
    "作者:",
];

/// English function words that cannot end a sentence: articles,
/// prepositions, conjunctions, auxiliaries. A block that ends with one was
/// cut inside its sentence.
pub(crate) fn is_english_function_word(w: &str) -> bool {
    matches!(
        w,
        "the"
            | "a"
            | "an"
            | "of"
            | "on"
            | "in"
            | "at"
            | "to"
            | "for"
            | "with"
            | "by"
            | "from"
            | "and"
            | "or"
            | "but"
            | "that"
            | "which"
            | "who"
            | "whose"
            | "into"
            | "onto"
            | "upon"
            | "than"
            | "as"
            | "is"
            | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "its"
            | "their"
            | "his"
            | "her"
            | "our"
            | "my"
            | "your"
            | "about"
            | "between"
            | "under"
            | "over"
            | "after"
            | "before"
    )
}
