//! Stray lines: decide, per block and per line, what is not part of any
//! article. Shapes that speak for themselves (page furniture, credits) are
//! judged line by line ([`crate::lines`]); short lines without final
//! punctuation, which may be captions or headings, are judged by their
//! position among the blocks around them.

use std::collections::HashMap;
use std::ops::Range;

use galley_core::{chars, Document, RemovalKind};

use crate::lines;
use crate::text::{cjk_bigrams, has_sentence_final, is_clause_punct, last_char, latin_words, width};
use crate::Config;

/// What one kept block is, for the context rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    /// Running text: long, several lines, or with sentence punctuation.
    Body,
    /// One short line without final punctuation: heading, title, kicker or caption.
    Cand,
    /// A byline, an author note or a line of names.
    Meta,
    /// A line with a Markdown heading marker.
    Marked,
    /// Judged stray on its own shape.
    Stray(RemovalKind),
}

/// The plan for one block.
#[derive(Debug, Default)]
pub(crate) struct Action {
    /// Pieces of the block's text to remove.
    pub(crate) removals: Vec<(Range<usize>, RemovalKind, String)>,
    /// A note for a short line kept although it looked stray.
    pub(crate) doubtful: Option<String>,
}

struct Info {
    unit: Unit,
    /// Text of the kept lines (markers stripped), joined with `\n`.
    kept: String,
}

/// Decide the removals for every block of `doc`.
pub(crate) fn plan(cfg: &Config, doc: &Document) -> Vec<Action> {
    let blocks = doc.blocks();
    let mut actions: Vec<Action> = blocks.iter().map(|_| Action::default()).collect();
    // Lines of each block: (range of the line in the block text, content
    // range without marker and surrounding spaces, marker present).
    let mut lines: Vec<Vec<(Range<usize>, Range<usize>, bool)>> = Vec::with_capacity(blocks.len());
    for b in blocks {
        let mut v = Vec::new();
        for (off, line) in b.lines() {
            if line.trim().is_empty() {
                continue;
            }
            let (skip, marked) = match lines::marker(line) {
                Some((_, lead, len)) => (lead + len, true),
                None => (0, false),
            };
            let rest = &line[skip..];
            let s = off + skip + (rest.len() - rest.trim_start().len());
            let e = off + skip + rest.trim_end().len();
            v.push((off..off + line.len(), s..e.max(s), marked));
        }
        lines.push(v);
    }

    // 1. Lines judged on their own shape.
    let mut stray_line: Vec<Vec<Option<(RemovalKind, String)>>> = Vec::with_capacity(blocks.len());
    for (bi, b) in blocks.iter().enumerate() {
        let text = b.text();
        let alone = lines[bi].len() == 1;
        let mut v = Vec::with_capacity(lines[bi].len());
        for (_, content, _) in &lines[bi] {
            let t = &text[content.clone()];
            v.push(lines::judge(cfg, t, alone).map(|s| (s.kind, s.reason.to_string())));
        }
        stray_line.push(v);
    }

    // 2. Running heads: short lines repeated on several pages.
    if cfg.running_heads {
        running_heads(cfg, doc, &lines, &mut stray_line);
    }

    // 3. What each block is, from the lines left.
    let mut infos: Vec<Info> = Vec::with_capacity(blocks.len());
    for (bi, b) in blocks.iter().enumerate() {
        let text = b.text();
        let kept: Vec<(&str, bool)> = lines[bi]
            .iter()
            .zip(&stray_line[bi])
            .filter(|(_, s)| s.is_none())
            .map(|((_, c, m), _)| (&text[c.clone()], *m))
            .collect();
        let unit = match kept.as_slice() {
            [] => Unit::Stray(stray_line[bi].iter().flatten().next().map_or(RemovalKind::Noise, |s| s.0)),
            [(t, marked)] => classify(cfg, t, *marked),
            [(_, true), ..] => Unit::Marked,
            many => {
                if many.iter().all(|(t, _)| lines::meta(t).is_some()) {
                    Unit::Meta
                } else {
                    Unit::Body
                }
            }
        };
        let kept = kept.iter().map(|(t, _)| *t).collect::<Vec<_>>().join("\n");
        infos.push(Info { unit, kept });
    }

    // 4. Short lines in context: caption or heading?
    if cfg.captions {
        captions_in_context(cfg, &infos, &mut actions);
    }

    // 5. Line-level removals and inline pieces.
    for (bi, b) in blocks.iter().enumerate() {
        let text = b.text();
        for ((full, content, _), s) in lines[bi].iter().zip(&stray_line[bi]) {
            if let Some((kind, reason)) = s {
                actions[bi].removals.push((full.clone(), *kind, reason.clone()));
            } else {
                let line = &text[content.clone()];
                if cfg.continuations {
                    for r in lines::inline_continuations(line) {
                        actions[bi].removals.push((
                            content.start + r.start..content.start + r.end,
                            RemovalKind::Continuation,
                            "continuation mark pointing to another page".into(),
                        ));
                    }
                }
            }
        }
        if cfg.noise && infos[bi].unit == Unit::Body {
            if let Some((_, content, _)) = lines[bi].last() {
                let last_is_kept = stray_line[bi].last().is_some_and(|s| s.is_none());
                if last_is_kept {
                    if let Some(r) = caption_tail(&text[content.clone()]) {
                        let r = content.start + r.start..content.start + r.end;
                        if !actions[bi].removals.iter().any(|(x, _, _)| x.start < r.end && r.start < x.end) {
                            actions[bi].removals.push((
                                r,
                                RemovalKind::Noise,
                                "misread caption pieces after the paragraph's last sentence: short space-separated \
                                 words without punctuation"
                                    .into(),
                            ));
                        }
                    }
                }
            }
        }
    }
    actions
}

fn classify(cfg: &Config, t: &str, marked: bool) -> Unit {
    if marked {
        return Unit::Marked;
    }
    if lines::meta(t).is_some() {
        return Unit::Meta;
    }
    let short = width(t) <= cfg.caption_max_width;
    let open_end = last_char(t).is_some_and(|c| is_clause_punct(c) || chars::is_opening(c));
    if short && !has_sentence_final(t) && !chars::ends_sentence(t) && !open_end {
        Unit::Cand
    } else {
        Unit::Body
    }
}

/// Normalised key of a possible running head: letters only, lowercased.
fn head_key(t: &str) -> String {
    t.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect()
}

fn running_heads(
    cfg: &Config,
    doc: &Document,
    lines: &[Vec<(Range<usize>, Range<usize>, bool)>],
    stray_line: &mut [Vec<Option<(RemovalKind, String)>>],
) {
    // key -> occurrences (block, line index)
    let mut seen: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (bi, b) in doc.blocks().iter().enumerate() {
        for (li, (_, c, marked)) in lines[bi].iter().enumerate() {
            if *marked || stray_line[bi][li].is_some() {
                continue;
            }
            let t = &b.text()[c.clone()];
            if width(t) > cfg.caption_max_width || chars::ends_sentence(t) || has_sentence_final(t) {
                continue;
            }
            let key = head_key(t);
            if key.chars().count() < 4 {
                continue;
            }
            seen.entry(key).or_default().push((bi, li));
        }
    }
    let blocks = doc.blocks();
    let text_of = |bi: usize, li: usize| -> &str { &blocks[bi].text()[lines[bi][li].1.clone()] };
    // The line after an occurrence (next line of the block, or the next block's first).
    let next_of = |bi: usize, li: usize| -> Option<&str> {
        if li + 1 < lines[bi].len() {
            Some(text_of(bi, li + 1))
        } else {
            (bi + 1 < blocks.len() && !lines[bi + 1].is_empty()).then(|| text_of(bi + 1, 0))
        }
    };
    for (_, occ) in seen {
        if occ.len() < cfg.running_head_min_repeats {
            continue;
        }
        let texts: Vec<&str> = occ.iter().map(|&(b, l)| text_of(b, l)).collect();
        // A repeated passage repeats what follows the line too; a running
        // head is followed by different text on each page.
        let nexts: Vec<Option<&str>> = occ.iter().map(|&(b, l)| next_of(b, l)).collect();
        let followers_differ = nexts.windows(2).all(|w| w[0] != w[1]);
        if !followers_differ {
            continue;
        }
        let digits_vary = texts.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
            && texts.windows(2).any(|w| w[0] != w[1]);
        let caps = texts.iter().all(|t| {
            t.chars().any(|c| c.is_ascii_uppercase()) && !t.chars().any(|c| c.is_ascii_lowercase())
        });
        let edge = occ.iter().all(|&(b, l)| l == 0 || l + 1 == lines[b].len());
        if !(digits_vary || caps || occ.len() >= 3) || !edge && !(digits_vary || caps) {
            continue;
        }
        for (b, l) in occ {
            stray_line[b][l] = Some((
                RemovalKind::RunningHead,
                "running head: the same short line recurs on several pages, each time before different text".into(),
            ));
        }
    }
}

/// Verbs and nouns that make a short line read as the description of an
/// event in a photo (`…开展…活动`), rather than as a topic.
const EVENT_VERBS: &[&str] = &[
    "开展", "举行", "举办", "参加", "参观", "观看", "体验", "召开", "慰问", "走访", "视察", "授旗", "颁奖", "颁发", "合影",
    "表演", "演出", "展示", "签约", "揭牌", "义诊", "宣讲", "讲解", "进社区", "进校园", "组织", "参与", "交流", "创演",
];
const EVENT_NOUNS: &[&str] = &[
    "活动", "仪式", "现场", "大会", "比赛", "典礼", "晚会", "展演", "演练", "会议", "课", "义诊", "述职会", "交流会",
];

fn event_score(t: &str) -> u32 {
    let verb = EVENT_VERBS.iter().any(|v| t.contains(v));
    let noun = EVENT_NOUNS.iter().any(|n| t.ends_with(n));
    u32::from(verb) + u32::from(verb && noun)
}

/// Whether `next` continues the paragraph `prev` (the two halves of a
/// paragraph cut by a column or page break).
fn continues(prev: &str, next: &str) -> bool {
    let p: Vec<char> = prev.trim_end().chars().rev().take(4).collect();
    let n: Vec<char> = next.trim_start().chars().take(4).collect();
    // Column-break overlap: the last characters repeated at the start.
    for k in 2..=4usize.min(p.len()).min(n.len()) {
        let tail: Vec<char> = p[..k].iter().rev().copied().collect();
        if tail == n[..k] && (k >= 3 || tail.iter().any(|&c| chars::is_cjk_punct(c))) {
            return true;
        }
    }
    match n.first() {
        Some(&c) => {
            chars::is_closing(c)
                || matches!(c, '，' | '。' | '、' | '；' | '：' | '？' | '！' | ',' | '.' | ';')
                || c.is_lowercase()
        }
        None => false,
    }
}

fn captions_in_context(cfg: &Config, infos: &[Info], actions: &mut [Action]) {
    let n = infos.len();
    let mut i = 0;
    while i < n {
        if !matches!(infos[i].unit, Unit::Cand | Unit::Stray(_)) {
            i += 1;
            continue;
        }
        let s = i;
        while i < n && matches!(infos[i].unit, Unit::Cand | Unit::Stray(_)) {
            i += 1;
        }
        let e = i; // run is s..e
        let cands: Vec<usize> = (s..e).filter(|&k| infos[k].unit == Unit::Cand).collect();
        if cands.is_empty() {
            continue;
        }
        let prev = s.checked_sub(1).map(|k| &infos[k]);
        let next = infos.get(e);
        // The body the run would introduce: skip bylines after a title.
        let mut nb = e;
        while nb < n && infos[nb].unit == Unit::Meta {
            nb += 1;
        }
        let next_body = infos.get(nb).filter(|x| x.unit == Unit::Body);

        let pictures = (s..e).any(|k| matches!(infos[k].unit, Unit::Stray(RemovalKind::Credit | RemovalKind::Caption)));
        let prev_body = prev.filter(|p| p.unit == Unit::Body);
        let prev_open = prev_body.is_some_and(|p| last_char(&p.kept).is_some_and(|c| is_clause_punct(c) || chars::is_opening(c)));
        let prev_unended = prev_body.is_some_and(|p| !chars::ends_sentence(&p.kept));
        let bridged = prev_unended
            && next.filter(|x| x.unit == Unit::Body).is_some_and(|x| prev_body.is_some_and(|p| continues(&p.kept, &x.kept)));
        let at_end = next.is_none();
        let starts_section = prev.is_none_or(|p| p.unit != Unit::Body || chars::ends_sentence(&p.kept));
        let introduces = !bridged && !prev_open && (next_body.is_some() || next.is_some_and(|x| x.unit == Unit::Marked));

        for &k in &cands {
            let t = &infos[k].kept;
            let mut cap = 0u32;
            let mut why: Vec<&str> = Vec::new();
            if pictures {
                cap += 2;
                why.push("next to a picture credit or caption");
            }
            if prev_open {
                cap += 3;
                why.push("the paragraph before it stops at a comma, so no heading can follow");
            } else if prev_unended {
                cap += 1;
                why.push("the paragraph before it is unfinished");
            }
            if bridged {
                cap += 2;
                why.push("the paragraph goes on after it");
            }
            let ev = event_score(t);
            if ev > 0 {
                cap += ev;
                why.push("reads as an event phrase");
            }
            if at_end {
                cap += 1;
                why.push("at the end of the page");
            }
            if cands.len() >= 4 {
                cap += 1;
                why.push("in a run of short lines");
            }
            let mut head = 0u32;
            let mut hwhy: Vec<&str> = Vec::new();
            // What comes right after this line (other short lines and
            // bylines of a headline stack skipped): a heading is never
            // followed by a picture credit or caption.
            let mut f = k + 1;
            while f < e && infos[f].unit == Unit::Cand {
                f += 1;
            }
            let before_picture = f < e && matches!(infos[f].unit, Unit::Stray(RemovalKind::Credit | RemovalKind::Caption));
            if introduces && !before_picture {
                head += 1;
                hwhy.push("followed by text it may introduce");
            }
            if starts_section && !prev_open {
                head += 1;
                hwhy.push("comes after a finished paragraph");
            }
            if let Some(b) = next_body {
                let a = cjk_bigrams(t, 64);
                let bb = cjk_bigrams(&b.kept, 160);
                let shared = a.iter().filter(|x| bb.binary_search(x).is_ok()).count();
                let lw = latin_words(t, 200);
                let bw = latin_words(&b.kept, 400);
                let shared_w = lw.iter().filter(|x| bw.binary_search(x).is_ok()).count();
                if shared >= 2 || shared_w >= 1 {
                    head += 1;
                    hwhy.push("shares words with the text after it");
                }
            }
            if lines::has_numbering(t) {
                head += 2;
                hwhy.push("numbered like a section heading");
            }
            if cap >= cfg.caption_min_score && cap > head {
                actions[k].removals.push((
                    0..usize::MAX,
                    RemovalKind::Caption,
                    format!("short line without final punctuation, taken for a photo caption: {}", why.join("; ")),
                ));
            } else if cap > 0 {
                actions[k].doubtful = Some(format!(
                    "kept a short line that may be a caption ({}) because it may be a heading ({})",
                    why.join("; "),
                    if hwhy.is_empty() { "when unsure, text is kept".to_string() } else { hwhy.join("; ") }
                ));
            }
        }
    }
}

/// `解决的难题。 笑键事 重温入党誓词`: after the last sentence of a paragraph,
/// short CJK pieces separated by spaces and without punctuation. Wrapped body
/// text never holds spaces that close together, so the pieces are misread
/// caption or headline words, not the paragraph's next sentence.
fn caption_tail(line: &str) -> Option<Range<usize>> {
    let (p, c) = line.char_indices().rev().find(|(_, c)| chars::is_sentence_final(*c) || *c == '。')?;
    let start = p + c.len_utf8();
    let tail = &line[start..];
    if !tail.starts_with(char::is_whitespace) {
        return None;
    }
    let pieces: Vec<&str> = tail.split_whitespace().collect();
    let ok = pieces.len() >= 2
        && pieces.iter().all(|x| {
            let n = x.chars().count();
            (2..=8).contains(&n) && x.chars().all(chars::is_cjk_letter)
        })
        && width(tail) <= 16.0;
    let lead = tail.len() - tail.trim_start().len();
    ok.then(|| start + lead..line.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails() {
        let l = "解决的难题。 笑键事 重温入党誓词";
        let r = caption_tail(l).unwrap();
        assert_eq!(&l[r], "笑键事 重温入党誓词");
        assert!(caption_tail("解决的难题。 下一句话开始了").is_none());
        assert!(caption_tail("It ended. He went home").is_none());
    }

    #[test]
    fn continuation() {
        assert!(continues("结合学校“立己立人尽善尽美”办学理念，", "念，挖掘学校"));
        assert!(continues("一所学校一片风景。", "景。巫溪县以"));
        assert!(continues("the city council voted", "to approve the plan."));
        assert!(!continues("完成了任务。", "近年来，学校"));
    }

    #[test]
    fn events() {
        assert_eq!(event_score("巫溪开展2024年教育系统党组织书记述职会"), 2);
        assert_eq!(event_score("山城区第八小学创客社团"), 0);
    }
}
