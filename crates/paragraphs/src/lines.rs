//! Line breaks inside a block: where a new paragraph starts (split the
//! block) and where the break is only the end of a printed line (delete it
//! in CJK text, make it a space in Latin text).

use std::borrow::Cow;

use galley_core::chars::{is_latin_letter, is_opening};
use galley_core::{Document, EditKind, Error, TextEdit};

use crate::roles::{
    headline_like, heads_a_byline, is_author_note, is_byline, is_subtitle, title_stack_above,
};
use crate::seam::{decide, Sides};
use crate::text::{ends_final, indent, is_latin, last_char, starts_lower, starts_upper, width};
use crate::Config;

struct Line {
    /// Byte offset of the line in the block's text.
    off: usize,
    /// Byte length of the line (without its terminator).
    len: usize,
    width: usize,
    indent: usize,
    /// A blank line stands before it: a line the cleanup stage removed
    /// (a caption, a running head) stood there.
    after_gap: bool,
    /// The line is a byline.
    byline: bool,
    /// The line is a byline, an author note or a subtitle: never joined to
    /// body text.
    meta: bool,
}

/// The text the line break between `a` and `b` becomes.
fn separator(a: &str, b: &str, latin: bool) -> &'static str {
    let last = last_char(a).unwrap_or(' ');
    let first = b.trim_start().chars().next().unwrap_or(' ');
    if last == '-'
        && a.trim_end()
            .chars()
            .rev()
            .nth(1)
            .is_some_and(char::is_alphabetic)
        && first.is_lowercase()
    {
        // A hyphen kept at a line end: the cleanup stage decides about it.
        return "";
    }
    let latinish = |c: char| is_latin_letter(c) || c.is_ascii_digit() || c.is_ascii_punctuation();
    if latin || (latinish(last) && latinish(first)) {
        " "
    } else {
        ""
    }
}

/// Decide every line break inside every block: split where a paragraph
/// starts, turn the other breaks into nothing or a space.
///
/// The line-break edits are made block by block (in place); the splits are
/// collected and made in one batch at the end, so the cost stays linear in
/// the number of blocks however many of them are split.
pub(crate) fn reflow(doc: &mut Document, cfg: &Config) -> Result<(), Error> {
    let n = doc.blocks().len();
    let paragraphs = blocks_are_paragraphs(doc);
    // Splits not made yet: (current block index, offsets).
    let mut pending: Vec<(usize, Vec<usize>)> = Vec::new();
    for i0 in 0..n {
        // Blocks before this one gained (or lost) pieces in the splits made
        // so far; pending splits do not move it yet.
        let i = (i0 + doc.blocks().len()).saturating_sub(n);
        let Some(block) = doc.blocks().get(i) else {
            break;
        };
        let text = block.text();
        // (A vector search: every block's text is read here.)
        if memchr::memchr(b'\n', text.as_bytes()).is_none() {
            continue;
        }
        let level = block.hint.heading_level;
        let byline_next = doc
            .blocks()
            .get(i + 1)
            .is_some_and(|b| is_byline(b.text(), cfg));
        let (edits, breaks, notes) = plan_block(text, level, cfg, paragraphs, byline_next);
        for (range, note) in notes {
            if let Ok(span) = doc.blocks()[i].to_source(range) {
                doc.note("paragraphs", span, note);
            }
        }
        // Map break offsets through the edits before them (both sorted: one
        // merge pass).
        let mut sorted_edits: Vec<(usize, usize, isize)> = edits
            .iter()
            .map(|e| {
                (
                    e.range.start,
                    e.range.end,
                    e.text.len() as isize - e.range.len() as isize,
                )
            })
            .collect();
        sorted_edits.sort_unstable();
        let mut breaks = breaks;
        breaks.sort_unstable();
        let mut mapped: Vec<usize> = Vec::with_capacity(breaks.len());
        let mut shift: isize = 0;
        let mut ei = 0;
        for &p in &breaks {
            while ei < sorted_edits.len() && sorted_edits[ei].1 <= p {
                shift += sorted_edits[ei].2;
                ei += 1;
            }
            mapped.push((p as isize + shift).max(0) as usize);
        }
        doc.edit_block(i, edits)?;
        mapped.dedup();
        let block = &doc.blocks()[i];
        let len = block.text().len();
        mapped.retain(|&at| at > 0 && at < len);
        if mapped.is_empty() {
            continue;
        }
        if mapped.iter().all(|&at| block.can_split_at(at)) {
            pending.push((i, mapped));
            continue;
        }
        // A split inside an earlier stage's edit is not possible: that line
        // stays in its block and the decision is noted on the block's first
        // piece, so this block is split now (rare: the batch so far first).
        if !pending.is_empty() {
            let before = doc.blocks().len();
            doc.split_blocks_at(&pending)?;
            pending.clear();
            let i = (i + doc.blocks().len()).saturating_sub(before);
            split_noting(doc, i, &mapped)?;
        } else {
            split_noting(doc, i, &mapped)?;
        }
    }
    if !pending.is_empty() {
        doc.split_blocks_at(&pending)?;
    }
    Ok(())
}

/// Whether the page sets its paragraphs apart with blank lines: three
/// blocks of printed lines or more, two thirds of them ending a sentence
/// (a page read without blank lines has a few long blocks, a page of one
/// block per paragraph hardly any block of several lines).
fn blocks_are_paragraphs(doc: &Document) -> bool {
    let (mut several, mut ended) = (0usize, 0usize);
    for b in doc.blocks() {
        let t = b.text().trim();
        // Two lines with text: a line break with text after it.
        let Some(nl) = memchr::memchr(b'\n', t.as_bytes()) else {
            continue;
        };
        if !t[nl..].trim().is_empty() {
            several += 1;
            ended += usize::from(ends_final(t));
        }
    }
    several >= 3 && ended * 3 >= several * 2
}

/// Split block `i` at `cuts` now, noting the cuts that fell inside an edit.
fn split_noting(doc: &mut Document, i: usize, cuts: &[usize]) -> Result<(), Error> {
    let skipped = doc.split_block_at(i, cuts)?;
    if !skipped.is_empty() {
        if let Ok(span) = doc.blocks()[i].to_source(0..doc.blocks()[i].text().len()) {
            doc.note(
                "paragraphs",
                span,
                format!(
                    "could not split at {} paragraph start(s) inside an edited segment",
                    skipped.len()
                ),
            );
        }
    }
    Ok(())
}

type Notes = Vec<(std::ops::Range<usize>, String)>;

/// For one block's text: the line-break edits, the offsets where new
/// paragraphs start, and notes on the breaks.
/// `paragraphs`: the page sets paragraphs apart with blank lines
/// ([`blocks_are_paragraphs`]), so a block holds one paragraph or one
/// heading, however its lines fall.
fn plan_block(
    text: &str,
    level: Option<u8>,
    cfg: &Config,
    paragraphs: bool,
    byline_next: bool,
) -> (Vec<TextEdit>, Vec<usize>, Notes) {
    let mut lines: Vec<Line> = Vec::new();
    let mut at = 0;
    let mut gap = false;
    for raw in text.split_inclusive('\n') {
        let l = raw.strip_suffix('\n').unwrap_or(raw);
        let l = l.strip_suffix('\r').unwrap_or(l);
        if !l.trim().is_empty() {
            let byline = is_byline(l, cfg);
            lines.push(Line {
                off: at,
                len: l.len(),
                width: width(l),
                indent: indent(l),
                after_gap: gap,
                byline,
                meta: byline || is_author_note(l) || is_subtitle(l, cfg),
            });
            gap = false;
        } else {
            gap = true;
        }
        at += raw.len();
    }
    let mut edits = Vec::new();
    let mut breaks = Vec::new();
    let mut notes = Vec::new();
    if lines.len() < 2 {
        return (edits, breaks, notes);
    }
    let latin = is_latin(text);
    let widths: Vec<usize> = lines.iter().map(|l| l.width).collect();
    let measure = measures(&widths);
    // Line `k` fills its column.
    let full = |k: usize| lines[k].width as f64 >= cfg.short_line_ratio * measure[k] as f64;
    // In a justified column every line but a paragraph's last fills the
    // measure, give or take one character (half-width digits, compressed
    // punctuation): a line two characters short of it does not.
    let short_of_measure = |k: usize| lines[k].width + 4 <= measure[k];
    let printed =
        lines.len() >= 3 && (0..lines.len()).filter(|&k| full(k)).count() * 2 >= lines.len();
    // Indentation marks paragraph starts only when it is not on every line.
    let mut indents: Vec<usize> = lines.iter().skip(1).map(|l| l.indent).collect();
    indents.sort_unstable();
    let base_indent = indents.get(indents.len() / 2).copied().unwrap_or(0);
    let get = |l: &Line| text.get(l.off..l.off + l.len).unwrap_or("");
    let stack = header_stack(&lines, get, level, cfg, byline_next);
    for k in 0..lines.len() - 1 {
        let (la, lb) = (&lines[k], &lines[k + 1]);
        let (a, b) = (get(la), get(lb));
        let lvl_a = if k == 0 { level } else { None };
        let a_short = !full(k);
        let sides = Sides {
            latin,
            a_headline: headline_like(a, lvl_a, cfg) && (a_short || !printed),
            b_headline: headline_like(b, None, cfg) && !full(k + 1),
            meta: la.meta || lb.meta,
            in_block: true,
            across: false,
        };
        let d = decide(a, b, sides, cfg);
        let b_indented = lb.indent > base_indent + 1;
        let subtitle_goes_on = is_subtitle(a, cfg) && !ends_final(a) && !lb.meta;
        let (join, why) = if paragraphs && subtitle_goes_on {
            (
                true,
                Cow::Borrowed(
                    "a subtitle set on two printed lines (blank lines set the page's paragraphs apart)",
                ),
            )
        } else if subtitle_goes_on
            && !b_indented
            && sides.b_headline
            && (!short_of_measure(k) || reads_on(a, b, sides, cfg))
        {
            // A subtitle that stops without final punctuation, where the
            // line fills the measure or the seam reads on as text (the
            // roles of the two lines aside), was cut by the line's end; a
            // short headline-like line (not a paragraph's indented start)
            // is its end.
            (
                true,
                Cow::Borrowed(
                    "a subtitle cut by the line's end goes on on the next line, a short one without final punctuation",
                ),
            )
        } else if sides.meta {
            (false, d.reason)
        } else if stack[k] && stack[k + 1] && short_of_measure(k) && !(latin && starts_lower(b)) {
            // A headline line that fills the measure, or one that goes on
            // in lowercase, wraps onto the next: those are the rules below.
            (
                false,
                Cow::Borrowed(
                    "headline lines above a byline: the lines of a title stack, each its own",
                ),
            )
        } else if d.strong {
            (d.join, d.reason)
        } else if lb.after_gap && ends_final(a) {
            (
                false,
                Cow::Borrowed(
                    "a sentence ends where a removed line stood: the paragraph ends there",
                ),
            )
        } else if b_indented {
            (
                false,
                Cow::Borrowed("the next line is indented: a new paragraph"),
            )
        } else if paragraphs {
            if k == 0 && a_short && headline_like(a, lvl_a, cfg) {
                (
                    false,
                    Cow::Borrowed(
                        "a short line without final punctuation at the top of a block: a heading or title",
                    ),
                )
            } else {
                (
                    true,
                    Cow::Borrowed(
                        "blank lines set the page's paragraphs apart: inside a block, a line break ends a printed line",
                    ),
                )
            }
        } else if ends_final(a) && (a_short || (!latin && printed && short_of_measure(k))) {
            // In a justified CJK column, a sentence end two characters
            // short of the measure ends the paragraph.
            (
                false,
                Cow::Borrowed("a sentence ends on a short line: the paragraph's last line"),
            )
        } else if latin && sides.a_headline && sides.b_headline && starts_lower(b) {
            // A heading never starts in lowercase: this is the second line
            // of a headline set on two.
            (
                true,
                Cow::Borrowed("a headline wrapped onto a second line that goes on in lowercase"),
            )
        } else if sides.a_headline {
            (
                false,
                Cow::Borrowed("a short line without final punctuation: a heading or title"),
            )
        } else if ends_final(a) && sides.b_headline {
            (
                false,
                Cow::Borrowed("the next line is a heading-like short line"),
            )
        } else if printed {
            if latin && ends_final(a) && a_short && starts_upper(b) {
                (false, Cow::Borrowed("a sentence ends on a short line"))
            } else {
                (
                    true,
                    Cow::Borrowed("the break of a printed line inside a paragraph"),
                )
            }
        } else {
            (d.join, d.reason)
        };
        let gap_start = la.off + a.trim_end().len();
        let gap_end = lb.off + (b.len() - b.trim_start().len());
        if join {
            let mut sep = separator(a, b, latin);
            if sep == " " && last_char(a).is_some_and(is_opening) {
                sep = "";
            }
            edits.push(TextEdit::replace(
                gap_start..gap_end,
                sep,
                EditKind::LineBreak,
            ));
        } else {
            breaks.push(lb.off);
            notes.push((
                gap_start..gap_end,
                crate::text::prefixed("break inside block: ", &why),
            ));
        }
    }
    (edits, breaks, notes)
}

/// Whether the seam between lines `a` and `b` reads on as text, judged on
/// the text alone: neither line taken for a headline or metadata.
fn reads_on(a: &str, b: &str, sides: Sides, cfg: &Config) -> bool {
    let plain = Sides {
        meta: false,
        a_headline: false,
        b_headline: false,
        ..sides
    };
    decide(a, b, plain, cfg).join
}

/// Lines on each side of a line whose widths make its column's measure.
const MEASURE_REACH: usize = 5;

/// The measure (typical width of a full line) around each line of a block,
/// from the `widths` of its lines: the width that four lines in five do not
/// pass (most printed lines are full; a few hang punctuation past the
/// column's edge), among the lines within [`MEASURE_REACH`] of it. Read
/// near each line, not over the block: a page read without blank lines may
/// set its articles in columns of different widths, and a line that fills
/// a narrow column is full there. Blocks of a few lines have one measure.
fn measures(widths: &[usize]) -> Vec<usize> {
    let pick = |w: &mut [usize]| -> usize {
        if w.len() < 3 {
            return w.iter().copied().max().unwrap_or(0);
        }
        let at = (w.len() * 4 / 5).min(w.len() - 1);
        *w.select_nth_unstable(at).1
    };
    let n = widths.len();
    if n <= 2 * MEASURE_REACH + 1 {
        return vec![pick(&mut widths.to_vec()); n];
    }
    let mut window = Vec::with_capacity(2 * MEASURE_REACH + 1);
    (0..n)
        .map(|k| {
            // The window keeps its size at the block's ends.
            let start = k
                .saturating_sub(MEASURE_REACH)
                .min(n - (2 * MEASURE_REACH + 1));
            window.clear();
            window.extend_from_slice(&widths[start..start + 2 * MEASURE_REACH + 1]);
            pick(&mut window)
        })
        .collect()
}

/// Which lines stand in a title stack (see [`title_stack_above`]), above
/// a byline in the block or, when `byline_next`, in the next block; a run
/// starts the block, follows a removed line or a sentence end. However wide
/// its lines: in a narrow column a title fills it.
fn header_stack<'a>(
    lines: &[Line],
    get: impl Fn(&Line) -> &'a str,
    level: Option<u8>,
    cfg: &Config,
    byline_next: bool,
) -> Vec<bool> {
    let mut stack = vec![false; lines.len()];
    let bylines = (1..lines.len())
        .filter(|&k| lines[k].byline)
        .chain(byline_next.then_some(lines.len()));
    for k in bylines {
        let fits = |j: usize| {
            let (t, lvl) = (get(&lines[j]), if j == 0 { level } else { None });
            headline_like(t, lvl, cfg) || heads_a_byline(t, cfg)
        };
        let opens = |j: usize| j == 0 || lines[j].after_gap || ends_final(get(&lines[j - 1]));
        if let Some(run) = title_stack_above(k, fits, opens) {
            stack[run].iter_mut().for_each(|s| *s = true);
        }
    }
    stack
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_cjk_lines() {
        let cfg = Config::default();
        let t = "教育是国之大计、党之大计。坚持和加强党对教育工作\n的全面领导，是办好教育的根本保证，是进一步办好\n人民满意教育的关键所在。\n作为基础教育的窗口学校，电报路小学在委员会的\n引领和支持下，始终把握抓党建作为办学的基本功。";
        let (edits, breaks, _) = plan_block(t, None, &cfg, false, false);
        assert_eq!(breaks.len(), 1);
        assert_eq!(edits.len(), 3);
        assert!(edits.iter().all(|e| e.text.is_empty()));
    }

    /// A title and its subtitle above a byline stay two lines in a narrow
    /// column, though each is nearly as wide as the column.
    #[test]
    fn a_title_stack_above_a_byline() {
        let cfg = Config::default();
        let t = "县职教中心举办春季校园招聘会\n八十多家企业提供岗位两千余个\n□本报记者 苏晴\n三月十八日，县职业教育中心春季招\n聘会在学校新建的体育馆举行。来自\n机械制造、电子信息等行业的企业进\n场招聘，吸引了一千多名毕业生。";
        let (_, breaks, _) = plan_block(t, None, &cfg, false, false);
        let starts: Vec<usize> = t.match_indices('\n').map(|(i, _)| i + 1).collect();
        assert_eq!(breaks, starts[..3].to_vec());
        // A Latin headline with a comma and its deck, the byline in the
        // next block: two lines; with running text after them instead of a
        // byline, the lines are read as one paragraph.
        let t = "Tea growers pool their leaves, and their luck\nHill farms form a cooperative to share a factory and a label";
        let (_, breaks, _) = plan_block(t, None, &cfg, false, true);
        assert_eq!(breaks, vec![t.find('\n').unwrap() + 1]);
        let (_, breaks, _) = plan_block(t, None, &cfg, false, false);
        assert!(breaks.is_empty());
    }

    /// In a justified column, a sentence end two characters short of the
    /// measure ends its paragraph, though the line is wider than the
    /// short-line ratio; a sentence end on a full line does not.
    #[test]
    fn the_measure_is_read_near_each_line() {
        // Nine lines of a 21-character column, then nine of a 17-character
        // one: each line is measured against its own column, but for the
        // first lines after the change.
        let mut w = vec![42; 9];
        w.extend([34; 9]);
        let m = measures(&w);
        assert_eq!(m[..9], [42; 9]);
        assert_eq!(m[12..], [34; 6]);
        // A few lines that hang punctuation past the edge, and a short
        // last line, leave the measure as it is.
        let m = measures(&[34, 36, 34, 33, 34, 20, 34, 36, 34, 34, 12, 34, 34]);
        assert!(m.iter().all(|&x| x == 34), "{m:?}");
        // A short block has one measure, the widest of four lines in five.
        assert_eq!(measures(&[30, 42, 40, 41, 12]), vec![42; 5]);
        assert_eq!(measures(&[]), Vec::<usize>::new());
    }

    #[test]
    fn a_full_line_of_a_narrow_column_goes_on() {
        let cfg = Config::default();
        // A 21-character column, then an article set in 17 characters
        // whose paragraphs are indented: its line that ends a sentence at
        // the column's edge goes on, unindented, on the next line.
        let wide = "新馆建筑面积一万二千平方米，设有少儿阅览区\n".repeat(8)
            + "和二十四小时自助借阅室，欢迎市民常来看书。\n";
        let t = format!(
            "{wide}　　县中医医院自六月起开设夜间门诊，\n每天十八时至二十一时开放内科儿科针\n灸推拿科和康复科，节假日照常开诊。\n　　本报讯 近日，位于人民路、滨江\n路和学府巷的三处口袋公园建成开放。\n这些公园利用街角闲置地块和拆违腾退\n空间建设，总面积约四千平方米，设有\n健身步道、儿童游乐区和休憩座椅。\n　　以前这里堆满了建筑垃圾，现在成\n了散步的好去处。县住建局负责人说。"
        );
        let (_, breaks, _) = plan_block(&t, None, &cfg, false, false);
        let at = |s: &str| t.find(s).unwrap();
        // Breaks before the three indented lines only.
        assert_eq!(breaks, vec![at("　　县"), at("　　本报讯"), at("　　以前")]);
    }

    #[test]
    fn a_subtitle_cut_by_the_line_end_goes_on() {
        let cfg = Config::default();
        let t = "快递进村跑出加速度\n——全县村级寄递物流综合服务站达\n186个 农产品出山更便捷\n□本报记者 温嘉禾\n　　6月16日一早，龙溪镇石板村的服务站里，\n站长正忙着给刚送到的包裹扫码上架。";
        let (edits, breaks, _) = plan_block(t, None, &cfg, false, false);
        let sub = t.find("——").unwrap();
        let second = t.find("186").unwrap();
        // The subtitle's two lines are one; the title, byline and
        // paragraph stand apart.
        assert!(!breaks.contains(&second), "{breaks:?}");
        assert!(breaks.contains(&sub) && breaks.contains(&t.find("□").unwrap()));
        assert!(edits
            .iter()
            .any(|e| e.range.start < second && e.range.end == second));
        // A short subtitle line before a short line it does not read on
        // into stays apart.
        let t = "快递进村跑出加速度\n——记乡村快递员。\n农产品出山更便捷\n□本报记者 温嘉禾";
        let (_, breaks, _) = plan_block(t, None, &cfg, false, false);
        assert!(breaks.contains(&t.find("农产品").unwrap()), "{breaks:?}");
    }

    #[test]
    fn a_sentence_end_short_of_the_measure() {
        let cfg = Config::default();
        let t = "新馆建筑面积一万二千平方米，设有少儿阅览区\n和二十四小时自助借阅室，首批上架图书三十万\n册，馆内开通了线上预约和座位查询服务。\n县图书馆馆长表示，接下来将每月举办读书会，\n并联合中小学开展研学阅读活动，让图书馆成为\n市民身边的城市书房。欢迎市民常来借书看书。\n活动期间，全县将开展图书漂流和亲子共读等。";
        let (edits, breaks, _) = plan_block(t, None, &cfg, false, false);
        // Line 3 (19 characters, the measure is 21) ends its paragraph;
        // line 6 (21) ends a sentence inside one.
        let third = t.match_indices('\n').nth(2).map(|(i, _)| i + 1);
        assert_eq!(breaks, vec![third.unwrap()]);
        assert_eq!(edits.len(), 5);
    }

    /// On a page whose blank lines set paragraphs apart, a short line that
    /// ends a sentence inside a block is no paragraph end, and a subtitle
    /// set on two printed lines is one; on a page read as one block per
    /// printed block, the same short line ends its paragraph.
    #[test]
    fn blank_lines_set_paragraphs_apart() {
        let cfg = Config::default();
        let page = "——县里以“微改造”方式让农贸市场\n变身便民生活服务中心\n\n\
                    入冬以来，我县为困难家庭发放冬季取暖补贴，每户标准由去年的\n300元提高到450元，共惠及4100余户。\n这笔钱不算多，却关系到困难群众能否\n温暖过冬。\n\n\
                    发得准，前提是底数清。要依托社会救助信息平台，把民政、残联\n等部门的数据比对起来，做到应发尽发。\n\n\
                    发得快，关键在减环节。补贴资金应通过“一卡通”直接打到群众\n账户，不让群众来回跑。";
        let mut doc = Document::new("p", page);
        assert!(blocks_are_paragraphs(&doc));
        reflow(&mut doc, &cfg).unwrap();
        let texts: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert_eq!(
            texts[0],
            "——县里以“微改造”方式让农贸市场变身便民生活服务中心"
        );
        assert!(texts[1].contains("4100余户。这笔钱"), "{texts:?}");
        // The same block alone on its page: the short line ends a paragraph.
        let one = "入冬以来，我县为困难家庭发放冬季取暖补贴，每户标准由去年的\n300元提高到450元，共惠及4100余户。\n这笔钱不算多，却关系到困难群众能否\n温暖过冬。";
        let (_, breaks, _) = plan_block(one, None, &cfg, false, false);
        assert!(
            breaks.iter().any(|&b| one[b..].starts_with("这笔钱")),
            "{breaks:?}"
        );
    }

    #[test]
    fn latin_reflow() {
        let cfg = Config::default();
        let t = "The council met on Tuesday to discuss\nthe new budget for the coming year, and\nvoted to approve it.\n  A second paragraph starts here with\nan indented first line.";
        let (edits, breaks, _) = plan_block(t, None, &cfg, false, false);
        assert_eq!(breaks.len(), 1);
        assert!(edits.iter().all(|e| e.text == " "));
    }
}
