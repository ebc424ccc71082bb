//! Character-level repairs inside one block, computed in one pass over its
//! text and applied as one batch of edits.

use std::borrow::Cow;

use galley_core::{chars, EditKind, TextEdit};

use crate::latin::{self, Join, Vocab};
use crate::text::{
    becomes_latin_letter, below, has_sentence_final, ligature, special_at, word_at, HIGH,
    MAY_START_SPECIAL, ONES,
};
use crate::Config;

/// Shared, per-document context of the repairs.
#[derive(Debug, Default)]
pub(crate) struct Context {
    pub(crate) vocab: Vocab,
    /// Column-rule debris is common enough on this page to be removed.
    pub(crate) debris: bool,
}

/// Whitespace inside a line (not a line break).
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        // Vertical tab and form feed are control characters: invisible.
        matches!(c, ' ' | '\t')
    } else if c > '\u{3000}' {
        // No space or invisible character above the ideographic space but
        // the byte-order mark, which is invisible.
        false
    } else {
        c.is_whitespace() && !chars::is_invisible(c)
    }
}

/// What a repair does to one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fix {
    /// Delete it (an invisible character).
    Delete,
    /// Replace it with another character.
    Char(char, EditKind),
    /// Expand the ligature it is into its letters.
    Ligature(char),
}

impl Fix {
    /// What a deletion or a ligature becomes (a replacement character is
    /// read by [`Fix::first`] and [`Fix::last`]).
    fn expansion(self) -> &'static str {
        match self {
            Fix::Ligature(c) => ligature(c).unwrap_or(""),
            Fix::Delete | Fix::Char(..) => "",
        }
    }

    /// The first character of the replacement (a space for a deletion).
    fn first(self) -> char {
        match self {
            Fix::Char(c, _) => c,
            _ => self.expansion().chars().next().unwrap_or(' '),
        }
    }

    /// The last character of the replacement (a space for a deletion).
    fn last(self) -> char {
        match self {
            Fix::Char(c, _) => c,
            _ => self.expansion().chars().next_back().unwrap_or(' '),
        }
    }

    fn kind(self) -> EditKind {
        match self {
            Fix::Delete => EditKind::Invisible,
            Fix::Char(_, k) => k,
            Fix::Ligature(_) => EditKind::Ligature,
        }
    }

    fn edit(self, range: std::ops::Range<usize>) -> TextEdit {
        match self {
            Fix::Char(c, k) => TextEdit::replace(range, char_text(c), k),
            _ => TextEdit::replace(range, self.expansion(), self.kind()),
        }
    }
}

/// The bytes of every ASCII character, in order.
const ASCII_BYTES: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = i as u8;
        i += 1;
    }
    t
};

/// Every ASCII character, in order.
const ASCII: &str = match std::str::from_utf8(&ASCII_BYTES) {
    Ok(s) => s,
    Err(_) => "",
};

/// The wide characters that the repairs write in place of one character.
const WIDE: &str = "，：；（）！？“”";

/// `c` as an edit's replacement text: borrowed for the characters that the
/// repairs write (the ASCII of full-width letters and digits, full-width
/// marks, curly quotes), so that an edit need not allocate.
fn char_text(c: char) -> Cow<'static, str> {
    let found = if c.is_ascii() {
        ASCII.get(c as usize..c as usize + 1)
    } else {
        WIDE.char_indices()
            .find(|&(_, x)| x == c)
            .and_then(|(i, x)| WIDE.get(i..i + x.len_utf8()))
    };
    found.map_or_else(|| Cow::Owned(c.to_string()), Cow::Borrowed)
}

fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// Byte ranges of URLs and e-mail addresses: no punctuation is changed there.
fn protected(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Every URL holds `://` or `www.`, every address `@`.
    let b = text.as_bytes();
    let hint = |i: usize| match b.get(i) {
        Some(b':') => b.get(i + 1..i + 3) == Some(b"//"),
        Some(b'w') => b.get(i..i + 4) == Some(b"www."),
        _ => true,
    };
    if !memchr::memchr3_iter(b':', b'w', b'@', b).any(hint) {
        return out;
    }
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let rest = &text[i..];
        let url = rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("www.")
            || rest.starts_with("ftp://");
        if url || (b[i] == b'@' && i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            // Extend back over the local part of an e-mail address.
            let mut s = i;
            if !url {
                while s > 0
                    && (b[s - 1].is_ascii_alphanumeric()
                        || matches!(b[s - 1], b'.' | b'_' | b'-' | b'+'))
                {
                    s -= 1;
                }
            }
            let mut e = i;
            while e < b.len() && is_url_char(b[e] as char) {
                e += 1;
            }
            // A URL does not end with closing punctuation of the sentence.
            while e > i && matches!(b[e - 1], b'.' | b',' | b';' | b':' | b')' | b'!' | b'?') {
                e -= 1;
            }
            if url || text[i..e].contains('.') {
                out.push((s, e));
            }
            i = e.max(i + 1);
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Marks that Chinese typesetting shares with Latin text (curly quotes,
/// dashes, ellipsis, middle dot): CJK context only in a block that holds CJK
/// letters, so that an English block keeps `“yes”, and` and `A · B` as they are.
fn is_shared_mark(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·' | '–')
}

/// A character in its repaired form counts as CJK context.
fn cjk_side(c: char, block_cjk: bool) -> bool {
    chars::is_cjk(c) && (block_cjk || !is_shared_mark(c))
}

/// CJK punctuation, as context (see [`cjk_side`]).
fn cjk_punct(c: char, block_cjk: bool) -> bool {
    chars::is_cjk_punct(c) && (block_cjk || !is_shared_mark(c))
}

fn is_alnum(c: char) -> bool {
    c.is_ascii_alphanumeric() || chars::is_latin_letter(c)
}

/// What the repairs of one block keep for the next one: lists allocated
/// once per document.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    scan: Scan,
    work: Work,
}

/// Compute the repair edits of one block's text.
/// `heading`: the block carried a heading marker, so a space in it is a
/// separator even beside clause punctuation.
/// `scratch`: the lists of the last block, reused.
pub(crate) fn edits(
    cfg: &Config,
    ctx: &Context,
    scratch: &mut Scratch,
    text: &str,
    heading: bool,
) -> Vec<TextEdit> {
    let Scratch { scan, work } = scratch;
    scan.read(text);
    // Fast path: nothing in the block that any repair looks at but ASCII
    // marks on one line (or nothing at all).
    if scan.marks_only {
        return marks_only(cfg, text, scan);
    }
    general(cfg, ctx, text, heading, scan, work)
}

/// The lists of [`general`], kept from block to block so that they are
/// allocated once per document.
#[derive(Debug, Default)]
pub(crate) struct Work {
    /// The final form decided for each character of `Scan::fix_at`.
    out: Vec<Option<Fix>>,
    /// Characters (indices into `Scan::fix_at`) whose final form is decided.
    fixed: Vec<usize>,
    /// Byte ranges taken by edits.
    claims: Claims,
    /// Space runs: (start, end, class, the line's spaces are separators,
    /// deliberate).
    spaces: Vec<(usize, usize, u8, bool, bool)>,
}

/// [`edits`] without the fast paths: every repair.
///
/// The pass works on byte offsets and reads only the characters a repair
/// looks at (spaces, line ends, ASCII marks, parentheses, quotes, special
/// characters) and their neighbours, decoded where needed: most of a CJK
/// block is never decoded, and no table has an entry per character.
/// `scan` is the scan of `text`.
/// `work`: the lists of the last block, reused.
fn general(
    cfg: &Config,
    ctx: &Context,
    text: &str,
    heading: bool,
    scan: &Scan,
    work: &mut Work,
) -> Vec<TextEdit> {
    let Work {
        out,
        fixed,
        claims,
        spaces,
    } = work;
    let b = text.as_bytes();
    let len = b.len();
    // A one-line block that reads as a headline (no sentence punctuation,
    // short, no clause punctuation unless it carried a heading marker):
    // its spaces are separators.
    // (The tests in the order that decides most blocks soonest: a line
    // break, then the clause punctuation of running text.)
    let headline = {
        let one_line = scan.line_starts.len() == 1 || !text.trim().contains('\n');
        let clause = || {
            text.chars()
                .any(|c| matches!(c, '，' | '、' | '；' | ',' | ';'))
        };
        // Counted in characters, which no repair changes (widening
        // punctuation would change a width); no further than the limit. A
        // character counts no more than its bytes (a ligature's letters are
        // as many), so a text of 72 bytes or fewer is short uncounted.
        let short = || {
            let mut n = 0usize;
            for c in text.chars() {
                if !c.is_whitespace() && !chars::is_invisible(c) {
                    n += ligature(c).map_or(1, str::len);
                    if n > 72 {
                        return false;
                    }
                }
            }
            true
        };
        one_line
            && (heading || !clause())
            && (text.len() <= 72 || short())
            && !has_sentence_final(text)
    };
    let prot = protected(text);
    let is_prot = |off: usize| prot.iter().any(|&(s, e)| off >= s && off < e);
    let block_cjk = scan.cjk;
    // Offsets of the characters a repair may change, and the final form
    // decided for each (None: unchanged).
    let at = &scan.fix_at;
    out.clear();
    out.resize(at.len(), None);

    // 1. Invisible characters, ligatures, full-width alphanumerics (none
    // of them without a special byte).
    // Characters (indices into `at`) whose final form is decided below.
    fixed.clear();
    for &k in &scan.special_at {
        let off = at[k];
        let c = char_at(text, off);
        if cfg.invisible && chars::is_invisible(c) {
            out[k] = Some(Fix::Delete);
        } else if cfg.ligatures && ligature(c).is_some() {
            out[k] = Some(Fix::Ligature(c));
        }
        if out[k].is_none() && cfg.fullwidth_alnum && !is_prot(off) {
            if let Some(a) = chars::fullwidth_alnum_to_ascii(c) {
                out[k] = Some(Fix::Char(a, EditKind::FullwidthAlnum));
            }
        }
        if out[k].is_some() {
            fixed.push(k);
        }
    }
    // The repair decided so far for the character at `off`.
    let fix = |off: usize, out: &[Option<Fix>]| -> Option<Fix> {
        if !b.get(off).is_some_and(|&x| MAY_FIX[usize::from(x)]) {
            return None;
        }
        at.binary_search(&off)
            .ok()
            .and_then(|k| out.get(k).copied().flatten())
    };
    let visible = |off: usize, out: &[Option<Fix>]| fix(off, out) != Some(Fix::Delete);
    // The char `c` at `off` as it will read after repairs decided so far.
    let final_char = |off: usize, c: char, out: &[Option<Fix>]| fix(off, out).map_or(c, Fix::first);
    // The same, seen from after it (the last char of a replacement).
    let final_last = |off: usize, c: char, out: &[Option<Fix>]| fix(off, out).map_or(c, Fix::last);
    // Nearest significant neighbour (not space, not invisible) within the
    // line, before `off` / from `off` on: its offset and its character.
    let prev_sig = |off: usize, out: &[Option<Fix>]| -> Option<(usize, char)> {
        for (j, c) in text.get(..off).unwrap_or("").char_indices().rev() {
            if c == '\n' {
                return None;
            }
            if !is_space(c) && visible(j, out) {
                return Some((j, c));
            }
        }
        None
    };
    let next_sig = |off: usize, out: &[Option<Fix>]| -> Option<(usize, char)> {
        for (j, c) in text.get(off..).unwrap_or("").char_indices() {
            if c == '\n' || c == '\r' {
                return None;
            }
            if !is_space(c) && visible(off + j, out) {
                return Some((off + j, c));
            }
        }
        None
    };

    // 2. Straight double quotes in CJK text: paired by alternation, re-synced
    // where the context leaves no doubt.
    if cfg.quotes && block_cjk {
        let mut open = false;
        for &k in &scan.quote_at {
            let off = at[k];
            if is_prot(off) {
                continue;
            }
            let p = char_before(text, off).map(|x| x.1);
            let nx = text.get(off + 1..).and_then(|r| r.chars().next());
            let p_space = p.is_none_or(|p| p.is_whitespace() || chars::is_opening(p));
            let n_space = nx.is_none_or(|x| {
                x.is_whitespace()
                    || matches!(
                        x,
                        '，' | '。' | '、' | '；' | '！' | '？' | ',' | '.' | ';' | '!' | '?'
                    )
            });
            let opening = if !open {
                !n_space || p_space
            } else {
                (p_space || p.is_some_and(|p| matches!(p, '：' | ':'))) && !n_space
            };
            out[k] = Some(Fix::Char(if opening { '“' } else { '”' }, EditKind::Quote));
            fixed.push(k);
            open = opening;
        }
    }

    // 3. Punctuation width.
    let (mark_at, paren_at) = (&scan.mark_at, &scan.paren_at);
    if cfg.punct_width && (!mark_at.is_empty() || !paren_at.is_empty()) {
        let marks = &cfg.punct_width_marks;
        let (open_marks, close_marks) = (marks.contains('('), marks.contains(')'));
        // Parentheses as pairs (indices into `at`).
        let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
        if open_marks || close_marks {
            let mut stack: Vec<usize> = Vec::new();
            for &k in paren_at {
                if b[at[k]] == b'(' {
                    stack.push(k);
                } else {
                    pairs.push((stack.pop(), Some(k)));
                }
            }
            pairs.extend(stack.into_iter().map(|o| (Some(o), None)));
        }
        // Marks and parentheses look at each other's new width: repeat until
        // nothing changes (twice in practice). A character once widened
        // stays so (the rules only ever widen, always to the same form): it
        // is not read again.
        for _round in 0..4 {
            // Whether this round decided a character left alone so far.
            let mut changed = false;
            for &k in mark_at {
                let off = at[k];
                let c = char::from(b[off]);
                if out[k].is_some() || !marks.contains(c) || is_prot(off) {
                    continue;
                }
                let pc = prev_sig(off, out).map(|(j, c)| final_last(j, c, out));
                let nc = next_sig(off + 1, out).map(|(j, c)| final_char(j, c, out));
                // Adjacent digits: 1,000 / 12:30 / 3:2 stay.
                let tight_digits = off > 0
                    && b[off - 1].is_ascii_digit()
                    && b.get(off + 1).is_some_and(u8::is_ascii_digit);
                if tight_digits {
                    continue;
                }
                if widens(c, pc, nc, block_cjk) {
                    if let Some(w) = chars::to_fullwidth_punct(c) {
                        changed |= out[k].is_none();
                        out[k] = Some(Fix::Char(w, EditKind::PunctWidth));
                    }
                }
            }
            for &(o, c) in &pairs {
                // Nothing left to widen in this pair.
                let open_left = o.is_some_and(|o| open_marks && out[o].is_none());
                let close_left = c.is_some_and(|c| close_marks && out[c].is_none());
                if !open_left && !close_left {
                    continue;
                }
                let (Some(lo), Some(hi)) = (o.or(c).map(|k| at[k]), c.or(o).map(|k| at[k])) else {
                    continue;
                };
                if is_prot(lo) || is_prot(hi) {
                    continue;
                }
                // Parentheses are one byte each.
                let inner_cjk = match (o, c) {
                    (Some(o), Some(c)) => text
                        .get(at[o] + 1..at[c])
                        .is_some_and(|s| s.chars().any(chars::is_cjk_letter)),
                    _ => false,
                };
                let before_cjk = o
                    .and_then(|o| prev_sig(at[o], out))
                    .is_some_and(|(j, ch)| cjk_side(final_last(j, ch, out), block_cjk));
                let around_cjk = (o.is_none() || c.is_none())
                    && (prev_sig(lo, out)
                        .is_some_and(|(j, ch)| chars::is_cjk_letter(final_char(j, ch, out)))
                        || next_sig(lo + 1, out)
                            .is_some_and(|(j, ch)| chars::is_cjk_letter(final_char(j, ch, out))));
                if inner_cjk || before_cjk || around_cjk {
                    if let Some(o) = o.filter(|_| open_marks) {
                        changed |= out[o].is_none();
                        out[o] = Some(Fix::Char('（', EditKind::PunctWidth));
                    }
                    if let Some(c) = c.filter(|_| close_marks) {
                        changed |= out[c].is_none();
                        out[c] = Some(Fix::Char('）', EditKind::PunctWidth));
                    }
                }
            }
            if !changed {
                break;
            }
        }
    }

    // 4. Line ends: debris, hyphenation, lost hyphens, trailing spaces.
    let mut line_edits: Vec<TextEdit> = Vec::new();
    // Byte ranges already claimed by line-end edits.
    claims.0.clear();
    let line_starts = &scan.line_starts;
    // A word joined at the previous line end without a hyphen left in it:
    // where its second half starts, and the first half. A word cut at two
    // line ends is read whole at the second (`Aunder-` / `under-` / `A1…`).
    let mut carry: Option<(usize, String)> = None;
    for (li, &ls) in line_starts.iter().enumerate() {
        let carried = carry.take();
        // Line is text[ls..le) (le: offset of '\n' or the text's end).
        let le = line_starts.get(li + 1).map_or(len, |&x| x - 1);
        // End of the line's last significant char.
        let mut te = le;
        while te > ls {
            match char_before(text, te) {
                Some((j, c)) if is_space(c) || c == '\r' || !visible(j, out) => te = j,
                _ => break,
            }
        }
        if te == ls {
            continue;
        }
        // Debris: " X" at the end (three chars at least: a word, a space, X).
        let mut eff = te;
        if cfg.debris && ctx.debris {
            let last = char_before(text, te).filter(|&(xo, _)| xo > ls);
            let gap = last.and_then(|(xo, _)| char_before(text, xo));
            if let (Some((_, x)), Some((so, sc))) = (last, gap) {
                if so > ls && is_space(sc) {
                    let mut ws = so;
                    while ws > ls {
                        match char_before(text, ws) {
                            Some((j, c)) if is_space(c) => ws = j,
                            _ => break,
                        }
                    }
                    let mut ws0 = ws;
                    while ws0 > ls {
                        match char_before(text, ws0) {
                            Some((j, c)) if !is_space(c) => ws0 = j,
                            _ => break,
                        }
                    }
                    let before: String = text
                        .get(ws0..ws)
                        .unwrap_or("")
                        .chars()
                        .filter(|&c| !chars::is_invisible(c))
                        .collect();
                    let next_word: String = match line_starts.get(li + 1) {
                        Some(&ns) => text
                            .get(ns..)
                            .unwrap_or("")
                            .chars()
                            .skip_while(|c| is_space(*c))
                            .take_while(|&c| crate::text::is_letter(c))
                            .collect(),
                        None => String::new(),
                    };
                    if ws > ls && latin::is_debris(x, &before, &next_word) {
                        line_edits.push(TextEdit::delete(ws..te, EditKind::Debris));
                        claims.add(ws, te);
                        eff = ws;
                    }
                }
            }
        }
        // Next line's first significant char.
        let next_start = line_starts.get(li + 1).copied();
        let mut joined = false;
        if let Some(ns) = next_start {
            let mut nsig = ns;
            while nsig < len {
                let c = char_at(text, nsig);
                if is_space(c) || !visible(nsig, out) {
                    nsig += c.len_utf8();
                } else {
                    break;
                }
            }
            if nsig < len && (cfg.hyphenation || cfg.lost_hyphen) {
                // A hyphen after a letter of the word (an ASCII letter, or a
                // ligature or full-width letter that the repairs make one).
                // Invisible characters the repairs delete between them do
                // not count.
                let letter_before_hyphen = || {
                    let mut at = eff - 1;
                    while at > ls {
                        match char_before(text, at) {
                            Some((j, _)) if !visible(j, out) => at = j,
                            Some((_, c)) => return becomes_latin_letter(c),
                            None => return false,
                        }
                    }
                    false
                };
                let hyphen = b[eff - 1] == b'-' && eff - 1 > ls && letter_before_hyphen();
                let wend = if hyphen { eff - 1 } else { eff };
                let mut ws = wend;
                while ws > ls {
                    match char_before(text, ws) {
                        Some((j, c)) if becomes_latin_letter(c) || !visible(j, out) => ws = j,
                        _ => break,
                    }
                }
                let mut first = String::new();
                for c in text.get(ws..wend).unwrap_or("").chars() {
                    match ligature(c).filter(|_| cfg.ligatures) {
                        Some(l) => first.push_str(l),
                        None if !chars::is_invisible(c) => {
                            first.push(chars::fullwidth_alnum_to_ascii(c).unwrap_or(c))
                        }
                        None => {}
                    }
                }
                if let Some((_, pre)) = carried.as_ref().filter(|(at, _)| *at == ws) {
                    first.insert_str(0, pre);
                }
                let word_start_ok = ws == ls
                    || !char_before(text, ws).is_some_and(|(_, c)| matches!(c, '-' | '\''))
                    || hyphen;
                // The next line's first word as it will read (ligatures expanded).
                let mut second = String::new();
                for c in text.get(nsig..).unwrap_or("").chars() {
                    if c.is_ascii_alphabetic() {
                        second.push(c);
                    } else if let Some(l) = ligature(c).filter(|_| cfg.ligatures) {
                        second.push_str(l);
                    } else if let Some(a) = chars::fullwidth_alnum_to_ascii(c)
                        .filter(|a| cfg.fullwidth_alnum && a.is_ascii_alphabetic())
                    {
                        second.push(a);
                    } else {
                        break;
                    }
                }
                let decision = if word_start_ok && !first.is_empty() && (cfg.hyphenation || !hyphen)
                {
                    latin::decide(&ctx.vocab, &first, &second, hyphen, cfg.lost_hyphen)
                } else {
                    None
                };
                let break_range = te..nsig;
                // Only what the join deletes is claimed: the last letter of
                // the first half keeps its own repair (a ligature expanded).
                match decision {
                    Some(Join::DropHyphen) => {
                        line_edits.push(TextEdit::delete(eff - 1..eff, EditKind::Hyphenation));
                        claims.add(eff - 1, eff);
                        line_edits.push(TextEdit::delete(break_range, EditKind::Hyphenation));
                        claims.add(te, nsig);
                        joined = true;
                        carry = Some((nsig, first.clone()));
                    }
                    Some(Join::Lost) => {
                        line_edits.push(TextEdit::delete(break_range, EditKind::Hyphenation));
                        claims.add(te, nsig);
                        joined = true;
                        carry = Some((nsig, first.clone()));
                    }
                    Some(Join::KeepHyphen) => {
                        line_edits.push(TextEdit::delete(break_range, EditKind::Hyphenation));
                        claims.add(te, nsig);
                        joined = true;
                    }
                    None => {}
                }
            }
        }
        // Trailing spaces.
        if !joined && cfg.whitespace && te < le {
            let mut e = le;
            while e > te && b[e - 1] == b'\r' {
                e -= 1;
            }
            if e > te {
                line_edits.push(TextEdit::delete(te..e, EditKind::Whitespace));
                claims.add(te, e);
            }
        }
    }
    claims.settle();

    // 5. Spaces inside lines.
    // (start, end, class, the line's spaces are separators, deliberate)
    spaces.clear();
    let mut wrap_spaces = 0usize;
    {
        // Lines whose spaces are separators although the block is no
        // one-line headline, read on first need:
        // - a byline (`□本报记者 林小雨`);
        // - in a block of printed lines (a page read without blank lines), a
        //   headline line: narrower than the printed lines, without sentence
        //   or clause punctuation, after a finished sentence, the block's
        //   start or another such line (a paragraph's last line ends with
        //   punctuation, its other lines are full). Not where the line-end
        //   repairs reshape the lines (a word joined across a line end,
        //   debris cut): the next run would measure other lines, and
        //   cleaning twice must change nothing.
        let reshaped = line_edits.iter().any(|e| e.kind != EditKind::Whitespace);
        // The line that holds byte `s`, and where line `k` starts and ends.
        let line_of = |s: usize| line_starts.partition_point(|&x| x <= s).saturating_sub(1);
        let line_span = |k: usize| {
            let start = line_starts.get(k).copied().unwrap_or(len);
            let end = line_starts.get(k + 1).map_or(len, |&x| x - 1);
            (start, end)
        };
        let mut sep_lines: Option<Vec<bool>> = None;
        let mut line_sep = |s: usize| -> bool {
            let flags = sep_lines.get_or_insert_with(|| {
                let texts: Vec<&str> = (0..line_starts.len())
                    .map(|k| {
                        let (start, end) = line_span(k);
                        text.get(start..end).unwrap_or("").trim()
                    })
                    .collect();
                separator_lines(&texts, !reshaped)
            });
            flags.get(line_of(s)).copied().unwrap_or(false)
        };
        // The char at `off` as it will read (for the quoted phrases of
        // [`deliberate`]).
        let fc = |off: usize, c: char| final_char(off, c, out);
        // The credit fields after a dateline (`本报讯 记者 王晓东 …`) on the
        // line of a space: its spaces separate fields. (line, where they end)
        let mut credits: Option<(usize, usize)> = None;
        let mut in_credits = |s: usize, e: usize| -> bool {
            let li = line_of(s);
            let end = match credits {
                Some((l, end)) if l == li => end,
                _ => {
                    let (ls, le) = line_span(li);
                    let end = ls + crate::lines::credit_fields(text.get(ls..le).unwrap_or(""));
                    credits = Some((li, end));
                    end
                }
            };
            e <= end
        };
        // Runs start at a space and take the spaces and deleted invisible
        // characters after it.
        let mut i = 0;
        for &p in &scan.space_at {
            if p < i || claims.has(p) {
                continue;
            }
            i = p;
            let s = i;
            // Invisible characters inside the run go with it.
            while i < len {
                let c = char_at(text, i);
                if (is_space(c) || !visible(i, out)) && !claims.has(i) {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            let e = i;
            let at_line_start = s == 0 || b[s - 1] == b'\n';
            let at_line_end = e == len || matches!(b[e], b'\n' | b'\r');
            if at_line_start || at_line_end {
                continue;
            }
            let p = prev_sig(s, out).map(|(j, c)| final_last(j, c, out));
            let nx = next_sig(e, out).map(|(j, c)| final_char(j, c, out));
            let (Some(p), Some(nx)) = (p, nx) else {
                continue;
            };
            // class 0: keep/normalise; 1: CJK on both sides; 2: CJK and Latin/digit.
            let (pj, nj) = (cjk_side(p, block_cjk), cjk_side(nx, block_cjk));
            let class = if pj && nj || (cjk_punct(p, block_cjk) && !is_alnum(nx)) {
                1
            } else if (pj && is_alnum(nx)) || (is_alnum(p) && nj) {
                if cjk_punct(p, block_cjk) || cjk_punct(nx, block_cjk) {
                    1
                } else {
                    2
                }
            } else {
                0
            };
            let sep = headline || (class > 0 && line_sep(s));
            let kept = class == 1 && (deliberate(sep, text, s, e, fc) || in_credits(s, e));
            if class == 1 && !kept {
                wrap_spaces += 1;
            }
            spaces.push((s, e, class, sep, kept));
        }
    }
    let mut edits_out: Vec<TextEdit> = line_edits;
    edits_out.reserve(spaces.len());
    for &(s, e, class, sep, kept) in spaces.iter() {
        let single = e - s == 1 && b[s] == b' ';
        let delete = match class {
            1 => cfg.cjk_space && !kept,
            2 => cfg.mixed_space && cfg.cjk_space && wrap_spaces >= 2 && !sep,
            _ => false,
        };
        if delete {
            edits_out.push(TextEdit::delete(s..e, EditKind::CjkSpace));
        } else if !single && cfg.whitespace {
            edits_out.push(TextEdit::replace(s..e, " ", EditKind::Whitespace));
        } else {
            continue;
        }
        claims.add(s, e);
    }
    claims.settle();
    fixed.extend(
        mark_at
            .iter()
            .chain(paren_at)
            .filter(|&&k| out[k].is_some()),
    );
    fixed.sort_unstable();
    fixed.dedup();
    edits_out.reserve(fixed.len());
    for &k in fixed.iter() {
        let off = at[k];
        if let Some(f) = out[k] {
            if !claims.has(off) {
                edits_out.push(f.edit(off..off + char_at(text, off).len_utf8()));
            }
        }
    }
    edits_out
}

/// The character at byte `off` of `text` (a char boundary inside it).
fn char_at(text: &str, off: usize) -> char {
    text.get(off..)
        .and_then(|r| r.chars().next())
        .unwrap_or('\0')
}

/// The character that ends at byte `off` of `text`, and its offset.
fn char_before(text: &str, off: usize) -> Option<(usize, char)> {
    let c = text.get(..off)?.chars().next_back()?;
    Some((off - c.len_utf8(), c))
}

/// Byte ranges of a block taken by edits, so that no other edit touches
/// them: collected in any order, then [`Claims::settle`]d for look-up.
#[derive(Debug, Default)]
struct Claims(Vec<(usize, usize)>);

impl Claims {
    fn add(&mut self, s: usize, e: usize) {
        if s < e {
            self.0.push((s, e));
        }
    }

    /// Sort and merge the ranges (called before [`Claims::has`]).
    fn settle(&mut self) {
        self.0.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::with_capacity(self.0.len());
        for &(s, e) in &self.0 {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.0 = merged;
    }

    /// Whether byte `off` lies in a claimed range.
    fn has(&self, off: usize) -> bool {
        let k = self.0.partition_point(|r| r.0 <= off);
        k > 0 && self.0.get(k - 1).is_some_and(|r| off < r.1)
    }
}

/// For each line of a block (trimmed), whether its spaces are separators
/// (see the spaces pass of [`general`]): bylines, and (when `headlines`)
/// headline lines among printed lines.
fn separator_lines(lines: &[&str], headlines: bool) -> Vec<bool> {
    // A line of invisible characters is blank once the repairs delete them.
    let blank = |l: &str| {
        l.chars()
            .all(|c| c.is_whitespace() || chars::is_invisible(c))
    };
    let nonblank = lines.iter().filter(|l| !blank(l)).count();
    // Headline lines are read only among three printed lines or more: a
    // shorter block needs no widths.
    let headlines = headlines && nonblank >= 3;
    // Widths as no repair changes them: an ASCII mark, parenthesis or
    // straight quote counts as the full-width form it may become (else a
    // second run, reading the widened marks, would measure other widths).
    let widths: Vec<f32> = lines
        .iter()
        .map(|l| {
            if headlines {
                let marks = l.bytes().filter(|b| b",:;!?()\"".contains(b)).count();
                crate::text::width_upto(l, 1000.0) + marks as f32 / 2.0
            } else {
                0.0
            }
        })
        .collect();
    let mut sorted: Vec<f32> = lines
        .iter()
        .zip(&widths)
        .filter(|(l, _)| !blank(l))
        .map(|(_, &w)| w)
        .collect();
    sorted.sort_by(f32::total_cmp);
    let typical = sorted
        .get((sorted.len() * 4 / 5).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0);
    let punct = |l: &str| {
        has_sentence_final(l)
            || l.chars()
                .any(|c| matches!(c, '，' | '、' | '；' | '：' | ',' | ';' | ':' | '。'))
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut prev: Option<(bool, bool)> = None; // (ends a sentence, headline line)
    for (l, &w) in lines.iter().zip(&widths) {
        if blank(l) {
            out.push(false);
            continue;
        }
        let byline = crate::lines::meta(l) == Some(crate::lines::Meta::Byline);
        let after_break = prev.is_none_or(|(ends, head)| ends || head);
        let head = headlines && w < 0.8 * typical && !punct(l) && after_break;
        out.push(byline || head);
        prev = Some((chars::ends_sentence(l), head));
    }
    out
}

/// Whether the ASCII mark `c` (`, : ; ! ?`) becomes full width, given the
/// characters beside it as they will read (spaces skipped; `None` at a line
/// end). Digits on both sides are checked by the caller.
/// `block_cjk`: the block holds CJK letters (see [`cjk_side`]).
fn widens(c: char, pc: Option<char>, nc: Option<char>, block_cjk: bool) -> bool {
    let p_cjk = pc.is_some_and(|c| cjk_side(c, block_cjk));
    let n_cjk = nc.is_some_and(|c| {
        chars::is_cjk_letter(c) || chars::is_opening(c) && cjk_punct(c, block_cjk)
    });
    match c {
        ',' | ';' => {
            p_cjk
                || (n_cjk
                    && !pc.is_some_and(|c| {
                        c.is_ascii_digit() && nc.is_some_and(|n| n.is_ascii_digit())
                    }))
        }
        _ => p_cjk,
    }
}

/// The repairs of a one-line block whose only repairable characters are
/// ASCII marks (`, : ; ! ?`; no space, line break, quote, parenthesis or
/// special character; see [`Scan::marks_only`]): the punctuation-width rule
/// applied to the marks alone, without the per-character tables of
/// [`general`]. Most paragraphs of a page are such blocks. `scan` is the
/// scan of `text`.
fn marks_only(cfg: &Config, text: &str, scan: &Scan) -> Vec<TextEdit> {
    let b = text.as_bytes();
    // Only marks are repairable here.
    let at = &scan.fix_at;
    if !cfg.punct_width || at.is_empty() {
        return Vec::new();
    }
    let prot = protected(text);
    let is_prot = |off: usize| prot.iter().any(|&(s, e)| off >= s && off < e);
    let block_cjk = scan.cjk;
    // The full-width form decided for each mark so far.
    let mut wide: Vec<Option<char>> = vec![None; at.len()];
    let marks = &cfg.punct_width_marks;
    for _round in 0..4 {
        let mut changed = false;
        for k in 0..at.len() {
            let off = at[k];
            let c = char::from(b[off]);
            // Widened once, widened for good (see [`general`]).
            if wide[k].is_some() || !marks.contains(c) || is_prot(off) {
                continue;
            }
            let prev = text[..off].chars().next_back();
            let next = text[off + 1..].chars().next();
            // A neighbouring mark reads as its new form.
            let pc = match k.checked_sub(1) {
                Some(j) if at[j] + 1 == off => wide[j].or(prev),
                _ => prev,
            };
            let nc = match at.get(k + 1) {
                Some(&o) if o == off + 1 => wide[k + 1].or(next),
                _ => next,
            };
            // Adjacent digits: 1,000 / 12:30 / 3:2 stay.
            if prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit())
            {
                continue;
            }
            if widens(c, pc, nc, block_cjk) {
                if let Some(w) = chars::to_fullwidth_punct(c) {
                    changed |= wide[k].is_none();
                    wide[k] = Some(w);
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut edits = Vec::with_capacity(wide.iter().flatten().count());
    edits.extend(at.iter().zip(wide).filter_map(|(&off, w)| {
        w.map(|w| TextEdit::replace(off..off + 1, char_text(w), EditKind::PunctWidth))
    }));
    edits
}

/// Bytes that may start a character some repair changes (for the look-up
/// of [`general`]): ASCII marks, parentheses and the straight double quote,
/// and the bytes that may start a special character.
const MAY_FIX: [bool; 256] = special_and(b",:;()!?\"");

/// [`MAY_START_SPECIAL`] with the bytes of `marks` added.
const fn special_and(marks: &[u8]) -> [bool; 256] {
    let mut t = MAY_START_SPECIAL;
    let mut i = 0;
    while i < marks.len() {
        t[marks[i] as usize] = true;
        i += 1;
    }
    t
}

/// Where the characters a repair looks at stand in a block, found in one
/// pass over its bytes (byte offsets; the repairable characters also as
/// indices into `fix_at`). One scan serves every block of a document in
/// turn ([`Scan::read`]), so that its lists are allocated once.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The block holds a CJK letter.
    cjk: bool,
    /// Nothing in the block that a repair looks at but ASCII marks on one
    /// line: no space, tab, line break, carriage return, parenthesis,
    /// straight quote, control, and no byte of [`MAY_START_SPECIAL`] (but
    /// `0xE1`) that starts a special character ([`special_at`]). The block
    /// takes the fast path of [`marks_only`].
    marks_only: bool,
    /// Offsets of the characters a repair may change: marks, parentheses,
    /// quotes and special characters, in order.
    fix_at: Vec<usize>,
    /// ASCII `, : ; ! ?` (indices into `fix_at`).
    mark_at: Vec<usize>,
    /// ASCII parentheses (indices into `fix_at`).
    paren_at: Vec<usize>,
    /// Straight double quotes (indices into `fix_at`).
    quote_at: Vec<usize>,
    /// Invisible characters, ligatures, full-width letters and digits
    /// (indices into `fix_at`).
    special_at: Vec<usize>,
    /// Offsets of the spaces inside lines.
    space_at: Vec<usize>,
    /// Offset of each line's start.
    line_starts: Vec<usize>,
}

/// What a byte is to a [`Scan`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Byte {
    /// Nothing a repair looks at: ASCII letters, digits and other marks,
    /// continuation bytes.
    Skip,
    /// ASCII `, : ; ! ?`.
    Mark,
    /// ASCII `(` or `)`.
    Paren,
    /// The straight double quote.
    Quote,
    /// A line feed.
    Line,
    /// A space or a tab.
    Space,
    /// A carriage return.
    Cr,
    /// An ASCII control (not tab, line feed or carriage return) or DEL:
    /// invisible.
    Control,
    /// The lead byte of characters that may be spaces (`U+00A0`, `U+1680`,
    /// `U+2000..U+205F`, `U+3000`) or special characters: decoded.
    Decode,
    /// Any other lead byte: its character matters only for the block's
    /// first CJK letter.
    Lead,
}

/// The [`Byte`] class of each byte value.
const BYTES: [Byte; 256] = {
    let mut t = [Byte::Skip; 256];
    let mut x = 0;
    while x < 256 {
        t[x] = match x as u8 {
            b',' | b':' | b';' | b'!' | b'?' => Byte::Mark,
            b'(' | b')' => Byte::Paren,
            b'"' => Byte::Quote,
            b'\n' => Byte::Line,
            b' ' | b'\t' => Byte::Space,
            b'\r' => Byte::Cr,
            0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => Byte::Decode,
            0xC3..=0xDF | 0xE0 | 0xE4..=0xEE | 0xF0..=0xF4 => Byte::Lead,
            // The ASCII bytes of the table: the controls that are invisible.
            _ if MAY_START_SPECIAL[x] => Byte::Control,
            _ => Byte::Skip,
        };
        x += 1;
    }
    t
};

/// The bytes of the word `w` that a [`Scan`] may have to look at, as
/// [`below`] marks them (no false negative; the lowest mark is exact): the
/// ASCII bytes below `0` and from `8` to `?` (all the marks, spaces and
/// controls; the digits `0..7`, frequent in text, are left out), DEL, the lead
/// bytes `0xC2`, `0xE0..0xE3` and `0xEF` (a superset of [`Byte::Decode`]),
/// and, until the block's first CJK letter is found, every lead byte.
/// Everything else is [`Byte::Skip`], or a [`Byte::Lead`] once `cjk`.
fn candidates(w: u64, cjk: bool) -> u64 {
    let eq = |x: u8| below(w ^ (ONES * u64::from(x)), 1);
    let m = below(w, b'0')
        | below(w ^ (ONES * 0x38), 8)
        | eq(0x7F)
        | eq(0xC2)
        | below(w ^ (ONES * 0xE0), 4)
        | eq(0xEF);
    if cjk {
        m
    } else {
        // A lead byte has its two high bits set.
        m | (w & (w << 1) & HIGH)
    }
}

impl Scan {
    /// Scan `text`, forgetting the block read before.
    pub(crate) fn read(&mut self, text: &str) {
        self.read_with(text, true);
    }

    /// [`Scan::read`]; `skip_words`: read eight bytes at a time and visit
    /// only the bytes that [`candidates`] marks (the result is the same as
    /// visiting every byte).
    fn read_with(&mut self, text: &str, skip_words: bool) {
        self.cjk = false;
        self.marks_only = true;
        self.fix_at.clear();
        self.mark_at.clear();
        self.paren_at.clear();
        self.quote_at.clear();
        self.special_at.clear();
        self.space_at.clear();
        self.line_starts.clear();
        self.line_starts.push(0);
        let b = text.as_bytes();
        let mut i = 0;
        if skip_words {
            while let Some(w) = word_at(b, i) {
                // Every marked byte of the word in turn: the marks hold
                // every byte that is not [`Byte::Skip`] (a few that are
                // too, which the visit passes over), and never a
                // continuation byte, so each is a character's start.
                let mut m = candidates(w, self.cjk);
                while m != 0 {
                    let at = i + (m.trailing_zeros() / 8) as usize;
                    m &= m - 1;
                    self.visit(text, at);
                }
                i += 8;
            }
        }
        while i < b.len() {
            self.visit(text, i);
            i += 1;
        }
    }

    /// Read the byte at `i` of `text`: a continuation byte or another byte
    /// of [`Byte::Skip`] is nothing; a lead byte is read as its character.
    /// Visiting every byte in order and visiting only the ones that are not
    /// [`Byte::Skip`] (or more) give the same scan.
    fn visit(&mut self, text: &str, i: usize) {
        let Some(&x) = text.as_bytes().get(i) else {
            return;
        };
        let byte = BYTES[usize::from(x)];
        match byte {
            Byte::Skip => {}
            Byte::Mark => self.push(i, Kind::Mark),
            Byte::Paren => self.push(i, Kind::Paren),
            Byte::Quote => self.push(i, Kind::Quote),
            Byte::Line => self.line_starts.push(i + 1),
            Byte::Space => self.space_at.push(i),
            Byte::Cr => {}
            Byte::Control => self.push(i, Kind::Special),
            Byte::Lead => {
                if !self.cjk {
                    self.decoded(text, i, false);
                }
                return;
            }
            Byte::Decode => {
                // `U+1680` is a space the fast path does not look at.
                let may = special_at(text.as_bytes(), i);
                self.marks_only &= !may || x == 0xE1;
                // Every space and special character that such a lead byte
                // starts passes [`special_at`] (`0xC2` and `0xE1` always
                // do): the rest need decoding only for the CJK test.
                if may || !self.cjk {
                    self.decoded(text, i, true);
                }
                return;
            }
        }
        self.marks_only &= matches!(byte, Byte::Skip | Byte::Mark);
    }

    /// Read the character at byte `i` of `text` (a lead byte, of a
    /// [`Byte::Decode`] if `decode`).
    fn decoded(&mut self, text: &str, i: usize, decode: bool) {
        let Some(c) = text.get(i..).and_then(|r| r.chars().next()) else {
            return;
        };
        if decode && is_space(c) {
            self.space_at.push(i);
        } else {
            if !self.cjk && chars::is_cjk_letter(c) {
                self.cjk = true;
            }
            // Only three code-point ranges hold such characters beyond
            // ASCII: C1 controls and the soft hyphen, the zero-width and
            // bidi marks, and ligatures to full-width letters (the
            // byte-order mark between them).
            let u = c as u32;
            let maybe = (0x7F..=0xAD).contains(&u)
                || (0x200B..=0x2064).contains(&u)
                || (0xFB00..=0xFF5A).contains(&u);
            if maybe
                && (chars::is_invisible(c)
                    || ligature(c).is_some()
                    || chars::fullwidth_alnum_to_ascii(c).is_some())
            {
                self.push(i, Kind::Special);
            }
        }
    }

    /// Record a repairable character at byte `off`.
    fn push(&mut self, off: usize, kind: Kind) {
        let k = self.fix_at.len();
        self.fix_at.push(off);
        match kind {
            Kind::Mark => self.mark_at.push(k),
            Kind::Paren => self.paren_at.push(k),
            Kind::Quote => self.quote_at.push(k),
            Kind::Special => self.special_at.push(k),
        }
    }
}

/// The kinds of repairable characters of a [`Scan`].
#[derive(Clone, Copy)]
enum Kind {
    Mark,
    Paren,
    Quote,
    Special,
}

/// Whether the space run `text[s..e]` between CJK characters is a
/// deliberate separator: the line is a one-line block that reads as a
/// headline (no sentence punctuation, short), or the space splits a short
/// quoted phrase into parallel halves (`“四个聚焦 四个着力”`). `fc` gives a
/// character (at its offset) as it will read after the repairs.
fn deliberate(
    headline: bool,
    text: &str,
    s: usize,
    e: usize,
    fc: impl Fn(usize, char) -> char,
) -> bool {
    if headline {
        return true;
    }
    // Quoted phrase around the space, on the same line, within 24 chars.
    // (offset after the opening quote)
    let mut o = None;
    for (j, c) in text.get(..s).unwrap_or("").char_indices().rev().take(24) {
        let f = fc(j, c);
        if f == '\n' || f == '”' || f == '」' || f == '』' {
            break;
        }
        if f == '“' || f == '「' || f == '『' {
            o = Some(j + c.len_utf8());
            break;
        }
    }
    let Some(o) = o else {
        return false;
    };
    let mut c_ = None;
    for (k, c) in text.get(e..).unwrap_or("").char_indices().take(24) {
        let f = fc(e + k, c);
        if f == '\n' || f == '“' || f == '「' || f == '『' {
            break;
        }
        if f == '”' || f == '」' || f == '』' {
            c_ = Some(e + k);
            break;
        }
    }
    let Some(c) = c_ else {
        return false;
    };
    let inner: String = text
        .get(o..c)
        .unwrap_or("")
        .char_indices()
        .map(|(j, x)| fc(o + j, x))
        .collect();
    let pieces: Vec<&str> = inner.split_whitespace().collect();
    if pieces.len() < 2 {
        return false;
    }
    let lens: Vec<usize> = pieces.iter().map(|p| p.chars().count()).collect();
    let min = lens.iter().copied().min().unwrap_or(0);
    let max = lens.iter().copied().max().unwrap_or(0);
    // Slogans pair phrases of four characters or more (`四个聚焦 四个着力`);
    // shorter halves are more often a word cut by a line end (`介入救 治之星`).
    min >= 4 && max - min <= 1 && pieces.iter().all(|p| p.chars().all(chars::is_cjk_letter))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> String {
        let ctx = Context::default();
        let mut edits = edits(
            &Config::default(),
            &ctx,
            &mut Scratch::default(),
            text,
            false,
        );
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        let mut s = text.to_string();
        for e in edits {
            s.replace_range(e.range, &e.text);
        }
        s
    }

    #[test]
    fn cjk_spaces() {
        assert_eq!(
            fix("区委 关于主题教育的相关要求, 高站位谋划。"),
            "区委关于主题教育的相关要求，高站位谋划。"
        );
        assert_eq!(
            fix("坚守教育强市基底 闪耀立德树人初心"),
            "坚守教育强市基底 闪耀立德树人初心"
        );
        assert_eq!(
            fix("以“四个聚焦 四个着力”为抓手，推进工作。"),
            "以“四个聚焦 四个着力”为抓手，推进工作。"
        );
        assert_eq!(
            fix("总要求\"学思想、强党性、重实 践、建新功\"。"),
            "总要求“学思想、强党性、重实践、建新功”。"
        );
        assert_eq!(
            fix("11 月,利用理论 中心组学习。会上 有人发言。"),
            "11月，利用理论中心组学习。会上有人发言。"
        );
    }

    #[test]
    fn keeps_numbers_latin_urls() {
        assert_eq!(fix("增长1.3万人,占48.8%。"), "增长1.3万人，占48.8%。");
        assert_eq!(
            fix("Hello, world: it works (really)!"),
            "Hello, world: it works (really)!"
        );
        assert_eq!(
            fix("详见https://example.com/a?b=1,2。"),
            "详见https://example.com/a?b=1,2。"
        );
        assert_eq!(fix("时间12:30,地点(会议室)"), "时间12:30，地点（会议室）");
        assert_eq!(fix("Ｒｕｓｔ１２３"), "Rust123");
    }

    #[test]
    fn marks_only_agrees_with_the_general_pass() {
        let cfg = Config::default();
        let ctx = Context::default();
        let alphabet: Vec<char> = "教育,:;!?1a。“”（A好".chars().collect();
        // Every string of up to four characters over a small alphabet, and
        // some longer ones.
        let mut cases: Vec<String> = vec![
            "增长1.3万人,占48.8%,时间12:30,比分3:2!".into(),
            "详见https://example.com/a?b=1,2。,好".into(),
            "他说:好!?再见;,,完".into(),
        ];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for s in &frontier {
                for &c in &alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    next.push(t);
                }
            }
            cases.extend(next.iter().cloned());
            frontier = next;
        }
        let mut fast = 0;
        let mut scan = Scan::default();
        for s in &cases {
            scan.read(s);
            if scan.marks_only {
                fast += 1;
                assert_eq!(
                    marks_only(&cfg, s, &scan),
                    general(&cfg, &ctx, s, false, &scan, &mut Work::default()),
                    "{s:?}"
                );
            }
        }
        assert!(fast > 1000, "the fast path ran on {fast} cases only");
    }

    #[test]
    fn replacement_characters_are_borrowed() {
        for c in ('\0'..='\u{7F}').chain(WIDE.chars()).chain(['é', '文']) {
            let t = char_text(c);
            assert_eq!(t, c.to_string());
            assert_eq!(
                matches!(t, Cow::Borrowed(_)),
                c.is_ascii() || WIDE.contains(c)
            );
        }
    }

    #[test]
    fn word_skipping_scan_finds_every_character() {
        // Every character class of the scan, at every offset of a word and
        // across words, before and after the first CJK letter.
        let pieces = [
            "a", "1", "-", ",", ":", "(", ")", "\"", " ", "\t", "\n", "\r", "\u{1}", "\u{7F}",
            "\u{A0}", "\u{AD}", "é", "\u{1680}", "\u{200B}", "\u{2003}", "“", "—", "\u{3000}",
            "。", "あ", "教", "\u{FEFF}", "ﬁ", "Ａ", "，", "ｶ", "😀",
        ];
        let mut wide = Scan::default();
        let mut narrow = Scan::default();
        let mut checked = 0;
        for lead in 0..9 {
            for p in &pieces {
                for q in &pieces {
                    let text = format!(
                        "{}{p}{}{q}{}",
                        "x".repeat(lead),
                        "y".repeat(7 - lead % 8),
                        "文字"
                    );
                    for t in [text.clone(), text.replace('x', "字")] {
                        wide.read_with(&t, true);
                        narrow.read_with(&t, false);
                        let key = |s: &Scan| {
                            (
                                s.cjk,
                                s.marks_only,
                                s.fix_at.clone(),
                                s.mark_at.clone(),
                                s.paren_at.clone(),
                                s.quote_at.clone(),
                                s.special_at.clone(),
                                s.space_at.clone(),
                                s.line_starts.clone(),
                            )
                        };
                        assert_eq!(key(&wide), key(&narrow), "{t:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn latin_line_ends() {
        assert_eq!(fix("the informa-\ntion desk"), "the information desk");
        assert_eq!(fix("a well-\nknown fact"), "a well-known fact");
        assert_eq!(fix("the ﬁrst  time\u{200B} "), "the first time");
    }
}
