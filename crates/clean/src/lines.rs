//! What a single line is, judged from the line alone: page furniture,
//! credits, caption prefixes, bylines, markers. Each detector states the
//! shape it looks for; none matches a particular page's strings.

use galley_core::{chars, RemovalKind};

use crate::text::{
    is_cn_numeral, is_number, is_whitespace, starts_with_ci, wider_than, width_upto,
};
use crate::Config;

/// A Markdown marker at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    /// `#` … `######`: a heading of that level.
    Heading(u8),
    /// `>`: a quote.
    Quote,
}

/// The marker at the start of `line` (after leading spaces), and the byte
/// length of marker plus the spaces after it.
pub(crate) fn marker(line: &str) -> Option<(Marker, usize, usize)> {
    let (m, lead, mut len) = one_marker(line)?;
    // Stacked markers (`## ## x`, `> > x`) go together.
    while let Some((_, l2, n2)) = one_marker(&line[lead + len..]) {
        len += l2 + n2;
    }
    Some((m, lead, len))
}

fn one_marker(line: &str) -> Option<(Marker, usize, usize)> {
    let mut rest = line.trim_start_matches(|c: char| c.is_whitespace() || chars::is_invisible(c));
    // A continuation mark before the marker is cut out separately (a mark
    // at the start opens a bracket there).
    while let Some(r) = rest
        .starts_with(['(', '（'])
        .then(|| inline_continuations(rest))
        .and_then(|v| v.first().filter(|r| r.start == 0).cloned())
    {
        rest =
            rest[r.end..].trim_start_matches(|c: char| c.is_whitespace() || chars::is_invisible(c));
    }
    let lead = line.len() - rest.len();
    // Invisible characters inside the marker are read as the repairs leave
    // the line: deleted. Otherwise a second cleanup would find the marker
    // that the first one's repairs uncovered.
    let mut hashes = 0;
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        if c == '#' {
            hashes += 1;
            end = i + 1;
        } else if !chars::is_invisible(c) {
            break;
        }
    }
    if (1..=6).contains(&hashes) {
        let after = &rest[end..];
        let text = after.trim_start_matches(|c: char| c.is_whitespace() || chars::is_invisible(c));
        let gap = &after[..after.len() - text.len()];
        // A heading marker is followed by a space and then text (`#话题#`
        // hashtags and `#1` are not markers).
        if gap.chars().any(char::is_whitespace) && !text.is_empty() {
            return Some((Marker::Heading(hashes as u8), lead, end + gap.len()));
        }
        return None;
    }
    if let Some(after) = rest.strip_prefix('>') {
        let after2 = after.trim_start_matches('>');
        let n = rest.len() - after2.len();
        let ws = after2.len() - after2.trim_start().len();
        if !after2.trim().is_empty() {
            return Some((Marker::Quote, lead, n + ws));
        }
    }
    None
}

/// A line judged stray on its own.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stray {
    pub(crate) kind: RemovalKind,
    pub(crate) reason: &'static str,
}

fn stray(kind: RemovalKind, reason: &'static str) -> Option<Stray> {
    Some(Stray { kind, reason })
}

/// Widest line that may be page furniture (a header, a contact line, a
/// credit): wider lines skip those shapes.
pub(crate) const SHORT: f32 = 60.0;

/// Judge a line (markers already stripped, trimmed) on its own shape.
/// `w`: its width counted up to at least `(2 × caption width).max(60) + 1`
/// (every threshold below is at most twice the caption width or 60
/// columns: counting further would not change a decision).
/// `alone`: the line is a whole block by itself (some shapes, such as a
/// single stray character, are only judged so when alone).
pub(crate) fn judge(cfg: &Config, t: &str, w: f32, alone: bool) -> Option<Stray> {
    if t.is_empty() {
        return None;
    }
    // Rules and symbol junk are made of symbols from their first
    // characters on; any other shape below is short. So a line whose start
    // reads as text and that is wider than every short shape is body text.
    let head_texty = {
        let mut n = 0;
        let mut texty = 0;
        for c in t.chars().filter(|&c| !is_whitespace(c)).take(12) {
            n += 1;
            if chars::is_cjk_letter(c) || c.is_ascii_alphanumeric() {
                texty += 1;
            }
        }
        texty * 2 > n
    };
    if !head_texty {
        if cfg.rules && is_rule(t) {
            return stray(
                RemovalKind::Rule,
                "rule line made of dots, dashes or underscores",
            );
        }
        if cfg.noise {
            if let Some(r) = noise(t, alone) {
                return stray(RemovalKind::Noise, r);
            }
        }
    }
    let short = w <= SHORT;
    // The characters the short shapes need, read in one pass.
    let sig = if short { Sig::of(t) } else { Sig::default() };
    if cfg.page_numbers && t.len() <= 32 && is_page_number(t) {
        return stray(
            RemovalKind::PageNumber,
            "page number or page label alone on a line",
        );
    }
    if cfg.running_heads && short && is_folio(t) {
        return stray(
            RemovalKind::RunningHead,
            "running head: the paper's name or section and the page label, set apart by bars",
        );
    }
    // Every page header holds a date, an editor label, Latin letters or a
    // registration number.
    let header_chars = sig.month || sig.editor || sig.latin || sig.registration;
    if cfg.page_headers && short && (sig.digit || sig.dated) && header_chars {
        if let Some(r) = page_header(t, w, &sig) {
            return stray(RemovalKind::PageHeader, r);
        }
    }
    if cfg.column_labels && is_column_label(t, cfg.label_max_width) {
        return stray(
            RemovalKind::ColumnLabel,
            "column label in 【】 brackets on a line of its own",
        );
    }
    if cfg.continuations && t.len() <= 64 && is_continuation(t) {
        return stray(
            RemovalKind::Continuation,
            "continuation mark pointing to another page",
        );
    }
    if cfg.contacts && short && sig.colon && is_contact(t, w) {
        return stray(
            RemovalKind::Contact,
            "editor or contact line (label and colon)",
        );
    }
    if cfg.contacts && short && is_editor_credits(t) {
        return stray(
            RemovalKind::Contact,
            "editors' credits: desk labels (责编, 版式, 校对) each with its names, a line of page furniture",
        );
    }
    if cfg.credits && short {
        if let Some(r) = credit(t, w) {
            return stray(RemovalKind::Credit, r);
        }
    }
    if cfg.captions && w <= cfg.caption_max_width * 2.0 {
        if let Some(r) = caption_shape(t, w, cfg.caption_max_width) {
            return stray(RemovalKind::Caption, r);
        }
    }
    if cfg.noise && alone && head_texty && t.chars().nth(1).is_none() {
        if let Some(r) = noise(t, alone) {
            return stray(RemovalKind::Noise, r);
        }
    }
    if cfg.noise && alone && headline_piece(t) {
        return stray(
            RemovalKind::Noise,
            "garbage: a piece of another story's headline, alone on its line (two parallel clauses, the second cut short)",
        );
    }
    if cfg.noise && alone && short && stray_components(t) >= 2 {
        return stray(
            RemovalKind::Noise,
            "garbage: strokes and radicals set apart by spaces (read from a picture's edge) on a short piece of text alone on its line",
        );
    }
    None
}

/// Ideographs that are character components only (strokes and radicals in
/// their combining forms: `亠`, `彡`, `氵`, `扌`), never a word of running
/// text on their own.
const COMPONENTS: &str =
    "丨丶丿亅亠冂冖凵勹匚卩厶宀彐彡彳忄扌氵犭纟艹辶阝钅饣讠礻衤亻刂灬爫罒攵夂廴廾疒癶虍";

/// Whether `c` is a stroke or a radical: the CJK radical and stroke blocks
/// (`U+2E80..U+2FDF`, `U+31C0..U+31EF`) or one of [`COMPONENTS`]. OCR reads
/// them from the edges of pictures and rules.
fn is_component(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{2FDF}' | '\u{31C0}'..='\u{31EF}') || COMPONENTS.contains(c)
}

/// The tokens of `t` (between spaces) made of one or two strokes or
/// radicals and nothing else. Text extracted from PDF may spell whole words
/// with radical code points (`⼈⺠`); those stand inside words, not apart.
fn stray_components(t: &str) -> usize {
    t.split_whitespace()
        .filter(|tok| tok.chars().count() <= 2 && tok.chars().all(is_component))
        .count()
}

/// A headline of two parallel clauses cut short in the second
/// (`健全长效机制,夯实民生` of `健全长效机制，夯实民生保障`): CJK letters and one
/// comma, the clause before it of four to ten letters and the one after it
/// at least two letters shorter. Parallel clauses have the same length; a
/// heading whose second clause is shorter does not stop on a bare verb or
/// noun. Read on a line alone in its block only: inside a block of printed
/// lines the same shape is a line of running text.
fn headline_piece(t: &str) -> bool {
    let t = t.trim();
    // Ten letters, a comma and eight letters at most, four bytes each.
    if t.len() > 19 * 4 {
        return false;
    }
    let Some((a, b)) = t.split_once([',', '，']) else {
        return false;
    };
    let letters = |x: &str| {
        x.chars()
            .all(chars::is_cjk_letter)
            .then(|| x.chars().count())
    };
    match (letters(a), letters(b)) {
        (Some(na), Some(nb)) => (4..=10).contains(&na) && nb >= 1 && nb + 2 <= na,
        _ => false,
    }
}

/// Whether [`judge`] may judge `t` (of width `w`, as [`judge`] is given
/// it) differently alone in its block than among other lines: only the
/// shapes of a single stray character (see [`noise`] and the last rules of
/// [`judge`]), of a headline piece ([`headline_piece`]) and of strokes set
/// apart on a short line ([`stray_components`]) depend on `alone`; any
/// other line is judged the same either way.
pub(crate) fn alone_matters(t: &str, w: f32) -> bool {
    let mut visible = t.chars().filter(|c| !c.is_whitespace());
    visible.next();
    visible.next().is_none() || headline_piece(t) || (w <= SHORT && stray_components(t) >= 2)
}

fn is_rule_char(c: char) -> bool {
    matches!(
        c,
        '-' | '_'
            | '='
            | '.'
            | '·'
            | '•'
            | '*'
            | '~'
            | '—'
            | '–'
            | '─'
            | '━'
            | '═'
            | '…'
            | '‐'
            | '+'
            | '＿'
            | '－'
            | '＝'
            | '．'
            | '～'
            | '¯'
            | '‾'
            | '⋯'
            // Vertical column rules, read across as a line of bars.
            | '|'
            | '｜'
            | '│'
            | '┃'
            | '■'
            | '□'
            | '◆'
            | '●'
    )
}

/// A line made mostly of rule characters: at least three of them and
/// nothing that reads as a word.
pub(crate) fn is_rule(t: &str) -> bool {
    let mut rule = 0usize;
    let mut other = 0usize;
    for c in t.chars() {
        if c.is_whitespace() {
            continue;
        }
        if is_rule_char(c) {
            rule += 1;
        } else {
            other += 1;
        }
    }
    rule >= 3
        && other * 5 <= rule
        && !t
            .chars()
            .any(|c| c.is_alphabetic() && other > 0 && chars::is_cjk_letter(c))
}

fn strip_dashes(t: &str) -> &str {
    t.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '—' | '–' | '·' | '•' | '‐' | '－')
    })
}

/// `12`, `- 12 -`, `第3版`, `第十二版`, `A3`, `B12版`, `Page 6`, `P. 6`, `Page 6 of 12`.
pub(crate) fn is_page_number(t: &str) -> bool {
    let core = strip_dashes(t);
    if core.is_empty() {
        return false;
    }
    let compact: std::borrow::Cow<'_, str> = if core.contains(char::is_whitespace) {
        core.chars().filter(|c| !c.is_whitespace()).collect()
    } else {
        core.into()
    };
    if compact.chars().all(chars::is_digit) && compact.chars().count() <= 4 {
        return true;
    }
    // 第N版 / 第N页 / 第N面, optionally followed by a short section name.
    if let Some(rest) = compact.strip_prefix('第') {
        let n: String = rest
            .chars()
            .take_while(|&c| chars::is_digit(c) || is_cn_numeral(c))
            .collect();
        let after = &rest[n.len()..];
        if !n.is_empty()
            && (after.starts_with('版') || after.starts_with('页') || after.starts_with('面'))
        {
            let tail = after.chars().skip(1).count();
            return tail <= 6;
        }
    }
    // A3, B12, A3版
    if let Some(first) = compact.chars().next() {
        let rest = &compact[first.len_utf8()..];
        let rest = rest.strip_suffix('版').unwrap_or(rest);
        if first.is_ascii_uppercase()
            && (1..=2).contains(&rest.len())
            && rest.chars().all(|c| c.is_ascii_digit())
        {
            return true;
        }
    }
    // Page 6, P. 6, Page 6 of 12, PAGE A6
    if !core.starts_with(['p', 'P']) {
        return false;
    }
    let lower = core.to_ascii_lowercase();
    for p in ["page ", "p. ", "p.", "pg. ", "pg "] {
        if let Some(rest) = lower.strip_prefix(p) {
            let rest = rest.trim();
            let (n, tail) = rest.split_once(" of ").unwrap_or((rest, "1"));
            let n = n.trim_start_matches(|c: char| c.is_ascii_alphabetic() && c != 'o');
            return !n.is_empty()
                && n.len() <= 4
                && n.chars().all(|c| c.is_ascii_digit())
                && tail.trim().chars().all(|c| c.is_ascii_digit());
        }
    }
    false
}

/// A date written the Chinese way (`2023年12月22日`, `12月22日`, `十二月二十二日`).
fn has_cn_date(t: &str) -> bool {
    let num = |c: char| chars::is_digit(c) || is_cn_numeral(c);
    t.match_indices('月').any(|(i, m)| {
        let before = t[..i].chars().next_back().is_some_and(num);
        let mut after = t[i + m.len()..].chars();
        let mut n = 0;
        let mut c = after.next();
        while c.is_some_and(|c| num(c) || c == ' ') {
            n += 1;
            c = after.next();
        }
        before && n > 0 && c == Some('日')
    })
}

fn has_cn_weekday(t: &str) -> bool {
    let follows = |i: usize, m: &str, days: &[char]| {
        t[i + m.len()..]
            .chars()
            .next()
            .is_some_and(|c| days.contains(&c))
    };
    t.match_indices("星期")
        .any(|(i, m)| follows(i, m, &['一', '二', '三', '四', '五', '六', '日', '天']))
        || t.match_indices('周')
            .any(|(i, m)| follows(i, m, &['一', '二', '三', '四', '五', '六', '日']))
}

/// Labels of the people who made the page (the desk's editor, layout,
/// proofreading, sign-off); no label opens with another.
const EDITOR_LABELS: &[&str] = &[
    "责编",
    "责任编辑",
    "版式",
    "美编",
    "校对",
    "审校",
    "审读",
    "责校",
    "排版",
    "终审",
    "签发",
    "编辑",
    "组版",
    "照排",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Which characters the short shapes need a line holds, read in one pass.
#[derive(Clone, Copy, Debug, Default)]
struct Sig {
    /// An ASCII digit.
    digit: bool,
    /// One of 编校期年月, which dated page furniture holds.
    dated: bool,
    /// 月, which a Chinese date holds.
    month: bool,
    /// One of 编版校审排签, which every editor label holds.
    editor: bool,
    /// 号 or 总, which registration and issue lines hold.
    registration: bool,
    /// An ASCII letter.
    latin: bool,
    /// A colon, which every contact line holds.
    colon: bool,
}

impl Sig {
    fn of(t: &str) -> Sig {
        // The low six bits of every non-ASCII character matched below: one
        // test passes over most CJK characters.
        const BLOOM: u64 = {
            let cs = [
                '：', '月', '期', '年', '编', '校', '版', '审', '排', '签', '号', '总',
            ];
            let mut m = 0u64;
            let mut i = 0;
            while i < cs.len() {
                m |= 1 << (cs[i] as u32 & 63);
                i += 1;
            }
            m
        };
        let mut s = Sig::default();
        for c in t.chars() {
            if !c.is_ascii() && BLOOM & (1 << (c as u32 & 63)) == 0 {
                continue;
            }
            match c {
                '0'..='9' => s.digit = true,
                'a'..='z' | 'A'..='Z' => s.latin = true,
                ':' | '：' => s.colon = true,
                '月' => {
                    s.month = true;
                    s.dated = true;
                }
                '期' | '年' => s.dated = true,
                '编' | '校' => {
                    s.editor = true;
                    s.dated = true;
                }
                '版' | '审' | '排' | '签' => s.editor = true,
                '号' | '总' => s.registration = true,
                _ => {}
            }
        }
        s
    }
}

/// Page header or footer: a date with a weekday or a page label, editor
/// credits, or masthead registration lines.
/// `sig`: the characters of `t` (see [`Sig`]), which rule shapes out
/// before their words are searched for.
fn page_header(t: &str, w: f32, sig: &Sig) -> Option<&'static str> {
    if w > 60.0 || t.contains('。') {
        return None;
    }
    let date = has_cn_date(t);
    if date && (has_cn_weekday(t) || t.contains('版')) {
        return Some("page header: date with weekday or page label");
    }
    // Every editor label holds one of the characters of `sig.editor`.
    let labels = if sig.editor {
        EDITOR_LABELS.iter().filter(|l| t.contains(*l)).count()
    } else {
        0
    };
    if labels >= 2 || (date && labels >= 1) {
        return Some("page header: editor, layout and proofreading credits");
    }
    // Names of days and months need Latin letters.
    if sig.latin {
        let lower = t.to_ascii_lowercase();
        let weekday = WEEKDAYS.iter().any(|d| lower.contains(d));
        let month = MONTHS.iter().any(|m| lower.contains(m));
        let digits = t.chars().any(|c| c.is_ascii_digit());
        if weekday && month && digits && !chars::ends_sentence(t) && w <= 40.0 {
            return Some("page header: date line with weekday");
        }
    }
    // Registration and issue lines hold `号` or `总`, or Latin letters.
    if !(sig.registration || sig.latin) {
        return None;
    }
    if (t.contains("ISSN") || t.contains("国内统一连续出版物号") || t.contains("邮发代号"))
        || (t.contains("总第") && t.contains('期'))
        || (starts_with_ci(t, "vol.") && t.to_ascii_lowercase().contains("no."))
    {
        return Some("masthead registration or volume line");
    }
    None
}

/// `【学思践悟】`: one bracketed short label filling the line.
fn is_column_label(t: &str, max: f32) -> bool {
    for (o, c) in [('【', '】'), ('〖', '〗'), ('［', '］')] {
        if let Some(inner) = t.strip_prefix(o).and_then(|r| r.strip_suffix(c)) {
            return !inner.is_empty()
                && !inner.contains(o)
                && !inner.contains(c)
                && !wider_than(inner, max)
                && !inner.chars().any(chars::is_sentence_final);
        }
    }
    false
}

/// The inner text of a continuation mark: `上接第一版`, `下转第4版`, `转A2版`.
fn is_cn_continuation(inner: &str) -> bool {
    let s: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s
        .strip_prefix('上')
        .or_else(|| s.strip_prefix('下'))
        .or_else(|| s.strip_prefix('紧'))
        .unwrap_or(&s);
    let Some(rest) = s.strip_prefix('接').or_else(|| s.strip_prefix('转')) else {
        return false;
    };
    let rest = rest.strip_prefix('第').unwrap_or(rest);
    let rest = rest
        .strip_prefix(|c: char| c.is_ascii_uppercase())
        .unwrap_or(rest);
    let n: String = rest
        .chars()
        .take_while(|&c| chars::is_digit(c) || is_cn_numeral(c))
        .collect();
    let after = &rest[n.len()..];
    !n.is_empty() && matches!(after, "版" | "页" | "面")
}

fn is_page_ref(s: &str) -> bool {
    let s = s.trim().trim_end_matches('.');
    let lower = s.to_ascii_lowercase();
    let s2 = lower.strip_prefix("page").map(str::trim).unwrap_or(&lower);
    let s2 = s2
        .strip_prefix(|c: char| c.is_ascii_lowercase())
        .unwrap_or(s2);
    (1..=3).contains(&s2.len()) && s2.chars().all(|c| c.is_ascii_digit())
}

/// Whole-line continuation marks, in either script.
pub(crate) fn is_continuation(t: &str) -> bool {
    let inner = t
        .trim_start_matches(['(', '（', '['])
        .trim_end_matches([')', '）', ']']);
    if inner.contains(['接', '转']) && is_cn_continuation(inner) {
        return true;
    }
    // The other marks start with a Latin word.
    if !inner.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let lower = inner.to_ascii_lowercase();
    for p in [
        "continued on",
        "continued from",
        "continues on",
        "cont. on",
        "cont'd on",
        "turn to",
        "jump to",
    ] {
        if let Some(rest) = lower.strip_prefix(p) {
            return rest.len() <= 16 && is_page_ref(rest);
        }
    }
    // "See BUDGET, A5" / "See BUDGET on Page 5": a slug in capitals and a page.
    if let Some(rest) = inner
        .strip_prefix("See ")
        .or_else(|| inner.strip_prefix("SEE "))
    {
        let (slug, page) = rest
            .rsplit_once(", ")
            .or_else(|| rest.rsplit_once(" on "))
            .or_else(|| rest.rsplit_once(' '))
            .unwrap_or((rest, ""));
        let slug_caps = !slug.is_empty()
            && slug.chars().any(|c| c.is_ascii_uppercase())
            && slug
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '-' || c == '\'');
        return slug_caps && is_page_ref(page) && t.len() <= 40;
    }
    false
}

/// Searchers for `）` and the characters that name a page, built once.
fn finders() -> &'static [memchr::memmem::Finder<'static>; 4] {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 4]> =
        std::sync::OnceLock::new();
    FINDERS.get_or_init(|| ["）", "版", "页", "面"].map(memchr::memmem::Finder::new))
}

/// Continuation marks in brackets inside a line: byte ranges to cut.
pub(crate) fn inline_continuations(line: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    // A mark names a page: `版`, `页`, `面` or digits must be in the line.
    let b = line.as_bytes();
    let closes = memchr::memchr(b')', b).is_some() || finders()[0].find(b).is_some();
    if !closes {
        return out;
    }
    let may = line.bytes().any(|b| b.is_ascii_digit())
        || finders()[1..].iter().any(|f| f.find(b).is_some());
    if !may {
        return out;
    }
    // The brackets, found by their bytes: `(` and `)`, and the full-width
    // `（` and `）` (EF BC 88, EF BC 89), among the full-width marks that
    // share their lead byte.
    let mut open: Option<(usize, usize)> = None; // (start, length)
    for i in memchr::memchr3_iter(b'(', b')', 0xEF, b) {
        let (opening, len) = match (b[i], b.get(i + 1), b.get(i + 2)) {
            (b'(', _, _) => (true, 1),
            (b')', _, _) => (false, 1),
            (0xEF, Some(0xBC), Some(0x88)) => (true, 3),
            (0xEF, Some(0xBC), Some(0x89)) => (false, 3),
            _ => continue,
        };
        if opening {
            open = Some((i, len));
        } else if let Some((s, open_len)) = open.take() {
            if let Some(inner) = line.get(s + open_len..i) {
                if inner.chars().count() <= 12 && is_continuation(inner) {
                    out.push(s..i + len);
                }
            }
        }
    }
    out
}

const CONTACT_LABELS: &[&str] = &[
    "本版编辑",
    "责任编辑",
    "编辑",
    "电话",
    "传真",
    "邮箱",
    "投稿邮箱",
    "电子邮箱",
    "电子信箱",
    "邮编",
    "热线",
    "新闻热线",
    "联系电话",
    "E-mail",
    "Email",
    "e-mail",
    "EMAIL",
    "Tel",
    "TEL",
    "Fax",
    "FAX",
    "Phone",
];

/// `本版编辑：…`, `电话：…`, `E-mail: …`: a contact label and a colon.
fn is_contact(t: &str, w: f32) -> bool {
    if w > 50.0 || t.contains('。') {
        return false;
    }
    CONTACT_LABELS.iter().any(|l| {
        t.strip_prefix(l)
            .map(|r| r.trim_start())
            .is_some_and(|r| r.starts_with(':') || r.starts_with('：'))
    })
}

/// `责编 王 霞 版式 徐爱华 校对 刘 熠`: desk labels without a colon, each
/// followed by one to four Chinese names (a two-character name may be set
/// with a space inside it); every label has a name, every name a label
/// before it. Pages print such credits in their header or footer, or on a
/// line of their own at the foot of the page.
fn is_editor_credits(t: &str) -> bool {
    let label = |tok: &str| EDITOR_LABELS.iter().find(|l| tok.starts_with(*l)).copied();
    if label(t).is_none() || t.len() > 80 {
        return false;
    }
    // The names after each label, as the text between labels.
    let mut after: Vec<String> = Vec::new();
    for tok in t.split_whitespace() {
        match label(tok) {
            Some(l) => after.push(tok[l.len()..].to_string()),
            None => match after.last_mut() {
                Some(n) => {
                    n.push(' ');
                    n.push_str(tok);
                }
                None => return false,
            },
        }
    }
    !after.is_empty() && after.iter().all(|n| names(n).is_some())
}

/// Picture credits: `…图片由…提供`, `图/…`, `…摄`, `Photo by …`.
fn credit(t: &str, w: f32) -> Option<&'static str> {
    if w > 40.0 {
        return None;
    }
    let body = t.trim_end_matches(|c: char| matches!(c, '。' | '.') || c.is_whitespace());
    let inner = body
        .trim_start_matches(['(', '（'])
        .trim_end_matches([')', '）']);
    // Every credit below ends with 提供 or 摄, starts with 图, 摄 or 供, or
    // starts with a Latin label or a parenthesis.
    let may = body.ends_with("提供")
        || inner.ends_with('摄')
        || body.starts_with(['图', '摄', '供', '('])
        || t.starts_with(|c: char| c.is_ascii_alphabetic() || c == '(');
    if !may || body.chars().any(chars::is_sentence_final) {
        return None;
    }
    if let Some(before) = body.strip_suffix("提供") {
        if ["图", "照片", "摄影", "视频"]
            .iter()
            .any(|k| before.contains(k))
            && before.contains('由')
        {
            return Some("picture credit (pictures provided by someone)");
        }
    }
    for p in [
        "图/",
        "图／",
        "图：",
        "图:",
        "摄影/",
        "摄影：",
        "摄影:",
        "供图：",
        "供图:",
        "供图/",
        "图片来源",
        "图片来自",
    ] {
        if body.starts_with(p) && w <= 30.0 {
            return Some("picture credit (photographer's name)");
        }
    }
    if inner.ends_with('摄') && inner.chars().count() >= 3 && w <= 24.0 {
        let head = &inner[..inner.len() - '摄'.len_utf8()];
        if head
            .chars()
            .all(|c| chars::is_cjk_letter(c) || c.is_whitespace() || matches!(c, '/' | '、' | '／'))
        {
            return Some("picture credit (… 摄: photographed by)");
        }
    }
    // The labels below start with a Latin letter.
    let latin_start = t.starts_with(|c: char| c.is_ascii_alphabetic());
    for p in [
        "photo by",
        "photos by",
        "photograph by",
        "photographs by",
        "photo credit",
        "image credit",
        "credit:",
        "credits:",
        "courtesy of",
        "illustration by",
        "picture by",
        "pictures by",
        "image by",
    ] {
        if latin_start && starts_with_ci(t, p) {
            return Some("picture credit (photo by / credit)");
        }
    }
    if t.starts_with('(') && t.ends_with(')') {
        let lower = t.to_ascii_lowercase();
        if lower.contains("photo/") || lower.contains("photo /") {
            return Some("picture credit (agency photo)");
        }
    }
    None
}

/// Reason of a caption that starts with a label (`Photo:`).
pub(crate) const LABELLED_CAPTION: &str = "photo caption (starts with a caption label)";
/// Reason of a numbered figure caption (`Figure 3.`).
pub(crate) const FIGURE_CAPTION: &str = "figure caption (Figure N / Fig. N)";

/// Caption shapes that need no context: `Photo: …`, `Figure 3. …`, `图1 …`,
/// and position markers such as `(左一)` or `(from left)`.
/// `paren`: the line holds an opening parenthesis (a position marker needs one).
fn caption_shape(t: &str, w: f32, max: f32) -> Option<&'static str> {
    // The labels below start with a Latin letter.
    let latin_start = t.starts_with(|c: char| c.is_ascii_alphabetic());
    for p in [
        "photo:",
        "photos:",
        "pictured:",
        "above:",
        "below:",
        "top:",
        "bottom:",
        "inset:",
        "left:",
        "right:",
    ] {
        if latin_start && starts_with_ci(t, p) && w <= max * 2.0 {
            return Some(LABELLED_CAPTION);
        }
    }
    let lower = if t.starts_with(['f', 'F']) {
        t.to_ascii_lowercase()
    } else {
        String::new()
    };
    for p in ["figure ", "fig. ", "fig.", "fig "] {
        if let Some(rest) = lower.strip_prefix(p) {
            let n: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let after = &rest[n.len()..];
            if !n.is_empty()
                && (after.is_empty() || after.starts_with(['.', ':', ' ']))
                && w <= max * 2.0
            {
                return Some(FIGURE_CAPTION);
            }
        }
    }
    if let Some(rest) = t.strip_prefix('图') {
        let n: String = rest
            .chars()
            .take_while(|&c| chars::is_digit(c) || is_cn_numeral(c))
            .collect();
        let after = &rest[n.len()..];
        if !n.is_empty()
            && (after.starts_with([' ', '　', '：', ':', '、']) || after.is_empty())
            && w <= max
        {
            return Some("figure caption (图N)");
        }
    }
    if w <= max * 1.5
        && (memchr::memchr(b'(', t.as_bytes()).is_some() || t.contains('（'))
        && !t.chars().any(chars::is_sentence_final)
        && has_position_marker(t)
    {
        return Some("photo caption: names a person's place in the picture, e.g. (左一)");
    }
    None
}

/// `(左一)`, `（右二）`, `(前排左三)`, `(中)`, `(from left)`, `(second from right)`.
pub(crate) fn has_position_marker(t: &str) -> bool {
    let mut open: Option<usize> = None;
    for (i, c) in t.char_indices() {
        match c {
            '(' | '（' => open = Some(i + c.len_utf8()),
            ')' | '）' => {
                if let Some(s) = open.take() {
                    let inner = t.get(s..i).unwrap_or("").trim();
                    let n = inner.chars().count();
                    let cn = (1..=6).contains(&n)
                        && inner.chars().any(|c| matches!(c, '左' | '右' | '中'))
                        && inner.chars().all(|c| {
                            matches!(
                                c,
                                '前' | '中'
                                    | '后'
                                    | '排'
                                    | '左'
                                    | '右'
                                    | '起'
                                    | '至'
                                    | '从'
                                    | '到'
                                    | '侧'
                                    | '图'
                            ) || is_cn_numeral(c)
                        });
                    let l = inner.to_ascii_lowercase();
                    let en = matches!(
                        l.as_str(),
                        "left"
                            | "right"
                            | "center"
                            | "centre"
                            | "from left"
                            | "from right"
                            | "l-r"
                            | "r-l"
                            | "top"
                            | "bottom"
                    ) || l.ends_with(" from left")
                        || l.ends_with(" from right");
                    if cn || en {
                        return true;
                    }
                }
            }
            _ => {}
        }
    }
    false
}

/// Garbage: a line of symbol junk, or a lone stray character.
fn noise(t: &str, alone: bool) -> Option<&'static str> {
    let mut n = 0usize;
    let mut junk = 0usize;
    for c in t.chars() {
        if c.is_whitespace() {
            continue;
        }
        n += 1;
        let ok = c.is_alphanumeric()
            || chars::is_cjk(c)
            || matches!(
                c,
                ',' | '.' | ';' | ':' | '!' | '?' | '"' | '\'' | '(' | ')' | '-' | '%' | '/' | '&'
            );
        if !ok {
            junk += 1;
        }
    }
    if n >= 2 && junk * 5 >= n * 3 {
        return Some("garbage: mostly symbols that read as no word");
    }
    if alone
        && n == 1
        && !t
            .chars()
            .any(|c| chars::is_cjk_letter(c) || c.is_ascii_digit())
    {
        return Some("garbage: a single stray character on a line of its own");
    }
    None
}

/// What a kept line is besides body text: a byline, an author note, a name line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Meta {
    /// `□本报记者 …`, `■…`, `By …`.
    Byline,
    /// `(作者系…)`.
    AuthorNote,
    /// A line of one to four short CJK names (a byline at the end, a kicker).
    Names,
}

/// Bylines, author notes and lines of names: kept, never captions.
pub(crate) fn meta(t: &str) -> Option<Meta> {
    let first = t.chars().next()?;
    if matches!(
        first,
        '□' | '■' | '●' | '◆' | '▲' | '○' | '◇' | '△' | '★' | '☆'
    ) && t.chars().count() > 1
    {
        return Some(Meta::Byline);
    }
    // Widths counted only as far as each rule needs, and only once its
    // words are there.
    let w = || width_upto(t, 31.0);
    if [
        "本报记者",
        "记者",
        "通讯员",
        "特约记者",
        "本报通讯员",
        "文/",
        "文／",
    ]
    .iter()
    .any(|p| t.starts_with(p))
        && w() <= 30.0
    {
        return Some(Meta::Byline);
    }
    if (t.starts_with("By ") || t.starts_with("BY "))
        && t.chars().nth(3).is_some_and(|c| c.is_uppercase())
        && w() <= 20.0
    {
        return Some(Meta::Byline);
    }
    let inner = t.trim_start_matches(['(', '（']);
    if inner.len() < t.len() && (inner.starts_with("作者") || inner.starts_with("本文作者")) {
        return Some(Meta::AuthorNote);
    }
    // At most four names of at most four characters: 16 columns.
    if width_upto(t, 16.0) > 16.0 {
        return None;
    }
    let tokens = names(t)?;
    if tokens.len() > 1 || tokens.first().is_some_and(|x| x.chars().count() <= 3) {
        return Some(Meta::Names);
    }
    None
}

/// The names of `t` when it is one to four Chinese names of two to four
/// ideographs each, a two-character name set with a space inside it
/// (`龚 宁`) read as one (see [`galley_core::names::name_tokens`]).
fn names(t: &str) -> Option<Vec<std::borrow::Cow<'_, str>>> {
    let tokens = galley_core::names::name_tokens(t)?;
    let name = |tok: &std::borrow::Cow<'_, str>| {
        (2..=4).contains(&tok.chars().count()) && tok.chars().all(chars::is_ideograph)
    };
    ((1..=4).contains(&tokens.len()) && tokens.iter().all(name)).then_some(tokens)
}

/// Credit titles that stand before a name in a news item's credit fields,
/// longest first (so that `本报记者` is not read as `本报` + `记者`).
const CREDIT_TITLES: [&str; 11] = [
    "本报通讯员",
    "特约通讯员",
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "摄影记者",
    "通讯员",
    "实习生",
    "记者",
    "摄影",
];

/// Where the credit fields that follow a dateline end, in bytes of `line`
/// (0: none). Chinese papers open a news item with the paper's or an
/// agency's dateline and the reporters' credits, fields set apart by spaces
/// (`本报讯 记者 王晓东 通讯员 张敏 近日，…`) or in brackets
/// (`本报讯（记者 王晓东）…`): those spaces are deliberate, not left by line
/// breaks, and joining them would run the names together (`王晓东通讯员`).
///
/// The fields are the dateline, then titles each followed by one to four
/// names of two to four ideographs (`记者 王晓东`, `记者王晓东`, `通讯员 赵海阳
/// 付静`); the span ends after the spaces that follow the last complete field
/// (a title without a name after it, as in `本报讯 记者从…获悉`, is the
/// sentence's start). Inside brackets after the dateline, every space is a
/// field separator.
pub(crate) fn credit_fields(line: &str) -> usize {
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    let Some(d) = dateline(t) else {
        return 0;
    };
    let is_sep = |c: char| c == ' ' || c == '\u{3000}' || c == '\t';
    let skip = |at: usize| at + (t[at..].len() - t[at..].trim_start_matches(is_sep).len());
    let mut at = skip(d);
    if let Some(inner) = t[at..].strip_prefix(['（', '(']) {
        let open = t.len() - inner.len();
        let close = inner
            .char_indices()
            .take(40)
            .find(|&(_, c)| matches!(c, '）' | ')' | '\n'))
            .filter(|&(_, c)| c != '\n');
        return match close {
            Some((k, c)) => lead + open + k + c.len_utf8(),
            None => lead + at,
        };
    }
    let mut end = at;
    // A title read whose name has not come yet; a name read last.
    let (mut want_name, mut names) = (false, 0usize);
    loop {
        let rest = &t[at..];
        let tok_len = rest
            .find(|c: char| is_sep(c) || c == '\n')
            .unwrap_or(rest.len());
        let tok = &rest[..tok_len];
        if tok.is_empty() {
            break;
        }
        match CREDIT_TITLES.iter().find(|r| tok.starts_with(**r)) {
            Some(title) if tok.len() == title.len() => (want_name, names) = (true, 0),
            Some(title) if is_credit_name(&tok[title.len()..]) => (want_name, names) = (false, 1),
            Some(_) => break,
            None if is_credit_name(tok) && (want_name || (1..4).contains(&names)) => {
                (want_name, names) = (false, names + 1);
            }
            None => break,
        }
        at = skip(at + tok_len);
        if !want_name {
            end = at;
        }
    }
    lead + end
}

/// The dateline that opens `t`, its length in bytes: the paper's (`本报讯`,
/// `本报消息`, `本报北京9月1日讯`) or an agency's (`新华社北京9月1日电`).
fn dateline(t: &str) -> Option<usize> {
    for d in ["本报讯", "本报消息"] {
        if t.starts_with(d) {
            return Some(d.len());
        }
    }
    // Place and date between the name and the mark: letters and digits,
    // no space; never a credit (`本报记者…通讯员` holds `讯` too).
    let ends_at = |rest: &str, mark: char, max: usize| {
        let mut n = 0;
        for (k, c) in rest.char_indices() {
            if c == mark {
                return Some(k + c.len_utf8());
            }
            n += 1;
            let place_or_date = chars::is_ideograph(c) || c.is_ascii_digit();
            if n > max || !place_or_date || c == '记' || c == '通' {
                return None;
            }
        }
        None
    };
    if let Some(rest) = t.strip_prefix("本报") {
        return ends_at(rest, '讯', 12).map(|k| "本报".len() + k);
    }
    ["新华社", "中新社", "中新网", "人民网", "央视网"]
        .iter()
        .find(|a| t.starts_with(**a))
        .and_then(|a| ends_at(&t[a.len()..], '电', 16).map(|k| a.len() + k))
}

/// A name in credit fields: two to four ideographs, or a transcribed name
/// whose parts a middle dot joins (`阿依古丽·买买提`).
fn is_credit_name(t: &str) -> bool {
    let n = t.chars().count();
    let ideographs = t.chars().filter(|&c| chars::is_ideograph(c)).count();
    let dots = t.chars().filter(|&c| c == '·' || c == '•').count();
    match dots {
        0 => (2..=4).contains(&n) && ideographs == n,
        1 => {
            n <= 12 && ideographs + 1 == n && !t.starts_with(['·', '•']) && !t.ends_with(['·', '•'])
        }
        _ => false,
    }
}

/// A folio line, the running head a paper prints at the top of each page
/// (`THE LAKESHORE TIMES | LOCAL | A4`, `A4 | 要闻`): two to four fields set
/// apart by bars, the first or the last a page label ([`is_page_number`]),
/// the others names in capitals or CJK (no lowercase Latin letter, no
/// sentence or clause punctuation). Running heads are found by repetition
/// across pages; this shape says so on a single page, where the page label
/// beside a name leaves no doubt.
fn is_folio(t: &str) -> bool {
    // Most short lines hold no bar: told without splitting them.
    if memchr::memchr(b'|', t.as_bytes()).is_none() && !t.contains('｜') {
        return false;
    }
    let fields: Vec<&str> = t.split(['|', '｜']).map(str::trim).collect();
    if !(2..=4).contains(&fields.len()) || fields.iter().any(|f| f.is_empty()) {
        return false;
    }
    let (Some(first), Some(last)) = (fields.first(), fields.last()) else {
        return false;
    };
    let names = if is_page_number(last) {
        &fields[..fields.len() - 1]
    } else if is_page_number(first) {
        &fields[1..]
    } else {
        return false;
    };
    names.iter().all(|f| {
        f.chars().any(|c| c.is_alphabetic())
            && !f.chars().any(|c| {
                c.is_lowercase()
                    || chars::is_sentence_final(c)
                    || matches!(c, '，' | '、' | '；' | ',' | ';' | '.')
            })
    })
}

/// `一、`, `（二）`, `3.`, `第三部分`: a numbered section heading.
pub(crate) fn has_numbering(t: &str) -> bool {
    let s = t.trim_start();
    let n: String = s
        .chars()
        .take_while(|&c| is_cn_numeral(c) || c.is_ascii_digit())
        .collect();
    if !n.is_empty() {
        let after = &s[n.len()..];
        let sep = after.starts_with(['、', '．', '.']);
        let digit_after = after.chars().nth(1).is_some_and(|c| c.is_ascii_digit());
        return sep && !digit_after && is_number(&n);
    }
    if let Some(r) = s.strip_prefix('（').or_else(|| s.strip_prefix('(')) {
        let n: String = r.chars().take_while(|&c| is_cn_numeral(c)).collect();
        return !n.is_empty() && r[n.len()..].starts_with(['）', ')']);
    }
    false
}

/// The width of `t` as the planning passes give it to [`judge`].
#[cfg(test)]
pub(crate) fn judged_width(cfg: &Config, t: &str) -> f32 {
    width_upto(t, crate::stray::width_cap(cfg))
}

/// [`judge`] with the width counted here.
#[cfg(test)]
pub(crate) fn judge_line(cfg: &Config, t: &str, alone: bool) -> Option<Stray> {
    judge(cfg, t, judged_width(cfg, t), alone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(cfg: &Config, t: &str, alone: bool) -> Option<Stray> {
        judge_line(cfg, t, alone)
    }

    fn j(t: &str) -> Option<RemovalKind> {
        judge(&Config::default(), t, true).map(|s| s.kind)
    }

    #[test]
    fn credit_fields_after_a_dateline() {
        fn end(t: &str) -> &str {
            &t[..credit_fields(t)]
        }
        assert_eq!(
            end("本报讯 记者 王晓东 通讯员 张敏 近日，县里"),
            "本报讯 记者 王晓东 通讯员 张敏 "
        );
        assert_eq!(
            end("本报讯 记者王晓东 通讯员赵海阳 付静 日前，"),
            "本报讯 记者王晓东 通讯员赵海阳 付静 "
        );
        assert_eq!(end("　　本报讯 记者从市公交集团获悉"), "　　本报讯 ");
        assert_eq!(
            end("本报讯（记者 王晓东 李明）近日"),
            "本报讯（记者 王晓东 李明）"
        );
        assert_eq!(
            end("新华社北京9月1日电 记者 阿依古丽·买买提 报道：…"),
            "新华社北京9月1日电 记者 阿依古丽·买买提 "
        );
        assert_eq!(end("新华社电 记者 王晓东"), "新华社电 记者 王晓东");
        // A title whose name never comes is no field.
        assert_eq!(end("本报讯 通讯员 近日，"), "本报讯 ");
        // No dateline, no fields: a byline is not a dateline (`讯` of `通讯员`).
        assert_eq!(credit_fields("本报记者王帅通讯员 赵海阳"), 0);
        assert_eq!(credit_fields("他告诉记者 王晓东 已经到了。"), 0);
        // An unclosed bracket: the dateline's own space only.
        assert_eq!(end("本报讯 （记者 王晓东 近日"), "本报讯 ");
    }

    #[test]
    fn furniture() {
        assert_eq!(
            j("2023年12月22日 星期五 责编 王 露 版式 徐爱荣 校对 刘 熠"),
            Some(RemovalKind::PageHeader)
        );
        assert_eq!(j("第3版"), Some(RemovalKind::PageNumber));
        assert_eq!(
            j("THE LAKESHORE TIMES | LOCAL | A4"),
            Some(RemovalKind::RunningHead)
        );
        assert_eq!(j("B2 | SPORTS"), Some(RemovalKind::RunningHead));
        assert_eq!(j("A4 | 要闻"), Some(RemovalKind::RunningHead));
        // Not a folio: words in lowercase, or no page label.
        assert_eq!(j("Votes | for | 12"), None);
        assert_eq!(j("THE LAKESHORE TIMES | LOCAL"), None);
        assert_eq!(j("| | | | | | | |"), Some(RemovalKind::Rule));
        assert_eq!(j("A3"), Some(RemovalKind::PageNumber));
        assert_eq!(j("- 12 -"), Some(RemovalKind::PageNumber));
        assert_eq!(j("Page 6"), Some(RemovalKind::PageNumber));
        assert_eq!(j("【学思践悟】"), Some(RemovalKind::ColumnLabel));
        assert_eq!(j("（下转第四版）"), Some(RemovalKind::Continuation));
        assert_eq!(j("(上接第1版)"), Some(RemovalKind::Continuation));
        assert_eq!(j("Continued on Page 6"), Some(RemovalKind::Continuation));
        assert_eq!(j("See BUDGET, A5"), Some(RemovalKind::Continuation));
        assert_eq!(j("本版编辑：张三"), Some(RemovalKind::Contact));
        assert_eq!(j("E-mail: news@example.com"), Some(RemovalKind::Contact));
        // Desk credits without a colon: labels, each with its names.
        // (Two labels or more make a page header already.)
        assert_eq!(j("责编 王 霞 版式 徐爱华"), Some(RemovalKind::PageHeader));
        assert_eq!(j("校对 刘 熠"), Some(RemovalKind::Contact));
        assert_eq!(j("美编 张 颖"), Some(RemovalKind::Contact));
        assert!(EDITOR_LABELS
            .iter()
            .all(|a| EDITOR_LABELS.iter().all(|b| a == b || !a.starts_with(b))));
        assert_eq!(j("责编王霞"), Some(RemovalKind::Contact));
        // A label without a name, a word that opens with a label, names
        // before any label: not credits.
        assert_ne!(j("责编 版式"), Some(RemovalKind::Contact));
        assert_ne!(j("编辑部 主任"), Some(RemovalKind::Contact));
        assert_ne!(j("王 霞 校对 刘 熠"), Some(RemovalKind::Contact));
        assert_ne!(j("校对 刘 熠，他说"), Some(RemovalKind::Contact));
        // Strokes and radicals set apart on a short line alone.
        assert_eq!(j("守好群众“钱袋 子” 亠 彡"), Some(RemovalKind::Noise));
        assert_eq!(j("夯实民生 ⼁ 丶"), Some(RemovalKind::Noise));
        // One is not enough; radicals inside words (PDF text) are letters.
        assert_eq!(j("守好群众“钱袋子” 亠"), None);
        assert_eq!(j("⼈⺠群众 ⼯作"), None);
        assert_eq!(j("…………………"), Some(RemovalKind::Rule));
        assert_eq!(j("______"), Some(RemovalKind::Rule));
        assert_eq!(j("Tuesday, March 4, 2025"), Some(RemovalKind::PageHeader));
    }

    #[test]
    fn credits_and_captions() {
        assert_eq!(
            j("本稿配图由山城区教育体育局提供"),
            Some(RemovalKind::Credit)
        );
        assert_eq!(j("图片由各学校提供"), Some(RemovalKind::Credit));
        assert_eq!(j("本报记者 张三 摄"), Some(RemovalKind::Credit));
        assert_eq!(j("Photo by Jane Doe"), Some(RemovalKind::Credit));
        assert_eq!(j("Credit: City Archive"), Some(RemovalKind::Credit));
        assert_eq!(j("Photo: The bridge at dawn."), Some(RemovalKind::Caption));
        assert_eq!(j("Figure 3. Rainfall by month"), Some(RemovalKind::Caption));
        assert_eq!(j("Fig. 2"), Some(RemovalKind::Caption));
        assert_eq!(
            j("市卫健委主任张三(左一)向青年突击队授旗"),
            Some(RemovalKind::Caption)
        );
    }

    #[test]
    fn body_and_headings_are_not_stray() {
        for t in [
            "坚守教育强市基底 闪耀立德树人初心",
            "江津",
            "□本报记者 李琳琳",
            "(作者系中共江津区委书记)",
            "加强党对教育工作的全面领导，是办好教育的根本保证。",
            "第三，要提高站位。",
            "I",
            "2023年是关键的一年。",
            "The 1990s were hard. (See chart.)",
        ] {
            assert_eq!(judge(&Config::default(), t, false), None, "{t}");
        }
        assert_eq!(j("|"), Some(RemovalKind::Noise));
        assert_eq!(meta("刘玉珮 张颖"), Some(Meta::Names));
        assert_eq!(meta("■唐大军"), Some(Meta::Byline));
        assert_eq!(meta("（作者系某某）"), Some(Meta::AuthorNote));
        assert_eq!(meta("山城区第八小学创客社团"), None);
    }

    /// A line judged differently alone than among other lines is one that
    /// [`alone_matters`] names: texts of one to three characters of every
    /// kind, spaces among them.
    #[test]
    fn alone_matters_names_every_line_judged_otherwise_alone() {
        let cfg = Config::default();
        let width = |t: &str| judged_width(&cfg, t);
        let pieces = [
            "|", "x", "I", "7", "教", "。", "·", "—", "■", "※", " ", "\u{3000}", "\t", "(", "）",
            "…", "*", "¶", "ﬁ", "\u{200b}",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(longer);
        }
        let mut differ = 0;
        for t in &texts {
            let t = t.trim();
            if judge(&cfg, t, true) != judge(&cfg, t, false) {
                differ += 1;
                assert!(alone_matters(t, width(t)), "{t:?}");
            }
        }
        assert!(differ > 0);
        let matters = |t: &str| alone_matters(t, width(t));
        assert!(!matters("a b") && !matters("教育") && matters(" | "));
        // A headline piece is garbage alone, running text among other lines.
        let piece = "推进乡村振兴,建设";
        assert_ne!(judge(&cfg, piece, true), judge(&cfg, piece, false));
        assert!(matters(piece) && !matters("推进乡村振兴,建设美丽乡村"));
        // Strokes set apart, on a short line only.
        let strokes = "守好群众“钱袋 子” 亠 彡";
        assert_ne!(judge(&cfg, strokes, true), judge(&cfg, strokes, false));
        assert!(matters(strokes));
        assert!(!alone_matters(strokes, SHORT + 1.0));
    }

    #[test]
    fn markers_and_numbering() {
        assert_eq!(marker("### 标题"), Some((Marker::Heading(3), 0, 4)));
        assert_eq!(marker("> 引文"), Some((Marker::Quote, 0, 2)));
        assert_eq!(marker("#话题#"), None);
        assert_eq!(marker("#"), None);
        // Invisible characters, which the repairs delete, are read through.
        assert_eq!(marker("#\u{0}\u{0} 标题"), Some((Marker::Heading(1), 0, 4)));
        assert_eq!(marker("#\u{200B}# 标题"), Some((Marker::Heading(2), 0, 6)));
        assert_eq!(marker("#\u{0}标题"), None);
        assert_eq!(marker("# \u{0}"), None);
        assert!(has_numbering("一、总体要求"));
        assert!(has_numbering("（二）主要任务"));
        assert!(!has_numbering("1.3万人"));
        assert_eq!(
            inline_continuations("正文。（下转第四版）"),
            vec!["正文。".len().."正文。（下转第四版）".len()]
        );
    }
}
