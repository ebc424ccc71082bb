//! Stray lines: decide, per block and per line, what is not part of any
//! article. Shapes that speak for themselves (page furniture, credits) are
//! judged line by line ([`crate::lines`]); short lines without final
//! punctuation, which may be captions or headings, are judged by their
//! position among the blocks around them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use galley_core::{chars, Document, RemovalKind};

use crate::lines;
use crate::text::{
    has_sentence_final, is_clause_punct, is_letter, last_char, latin_words, ligature, line_width,
    line_width_special, normalized, wider_than, Bigrams, SentenceEnd,
};
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

/// One non-blank line of a block, read once per planning pass.
struct Line<'a> {
    /// The line without surrounding spaces, in block-text offsets.
    full: Range<usize>,
    /// The content: without marker and surrounding spaces.
    content: Range<usize>,
    /// A Markdown marker stood at the start of the line.
    marked: bool,
    /// The content holds a continuation mark in brackets.
    inline_cont: bool,
    /// The content as the rules judge it (see [`view`]).
    view: Cow<'a, str>,
    /// Width of the raw content, counted up to [`width_cap`].
    w_raw: f32,
    /// Width of `view`, counted up to [`width_cap`].
    w: f32,
}

/// A [`Line`] kept from the static pass for a block that comes out of the
/// removals and the repairs unchanged: the context pass reads it back
/// instead of reading the line again.
#[derive(Debug)]
pub(crate) struct SavedLine {
    full: Range<usize>,
    content: Range<usize>,
    marked: bool,
    inline_cont: bool,
    /// The view when it is not the content itself.
    view: Option<Box<str>>,
    w_raw: f32,
    w: f32,
}

impl Line<'_> {
    fn save(&self, text: &str) -> SavedLine {
        // A borrowed view is the content itself (see `read_lines`): told by
        // where it stands, without comparing the text.
        let own = !matches!(&self.view, Cow::Borrowed(v) if text
            .get(self.content.clone())
            .is_some_and(|t| std::ptr::eq(t, *v)));
        SavedLine {
            full: self.full.clone(),
            content: self.content.clone(),
            marked: self.marked,
            inline_cont: self.inline_cont,
            view: own.then(|| self.view.as_ref().into()),
            w_raw: self.w_raw,
            w: self.w,
        }
    }
}

impl SavedLine {
    fn restore<'a>(&'a self, text: &'a str) -> Line<'a> {
        let view = match &self.view {
            Some(v) => Cow::Borrowed(&**v),
            None => Cow::Borrowed(text.get(self.content.clone()).unwrap_or("")),
        };
        Line {
            full: self.full.clone(),
            content: self.content.clone(),
            marked: self.marked,
            inline_cont: self.inline_cont,
            view,
            w_raw: self.w_raw,
            w: self.w,
        }
    }
}

/// Lines of the static pass, per block of the document as the context pass
/// sees it: a block whose text is what the static pass read and where it
/// found nothing stray has its lines here.
#[derive(Debug, Default)]
pub(crate) struct Saved {
    lines: Vec<SavedLine>,
    /// For each block, where its lines stand in `lines`, what the block is
    /// ([`Unit`]), and where its possible running heads stand in `heads`.
    blocks: Vec<Option<SavedBlock>>,
    /// The possible running heads of the blocks kept (`block` unused).
    heads: HeadCands,
    /// The keyed hasher of running-head keys, the same in both passes.
    hasher: Keyed,
}

/// What [`Saved`] keeps of one block.
#[derive(Debug, Clone)]
struct SavedBlock {
    lines: Range<usize>,
    unit: Unit,
    heads: Range<usize>,
}

impl Saved {
    /// The lines of block `bi`, if kept.
    fn of(&self, bi: usize) -> Option<&[SavedLine]> {
        let r = self.blocks.get(bi)?.as_ref()?.lines.clone();
        self.lines.get(r)
    }

    /// What block `bi` was found to be, if its lines are kept.
    fn unit(&self, bi: usize) -> Option<Unit> {
        self.blocks.get(bi)?.as_ref().map(|b| b.unit)
    }

    /// The possible running heads of block `bi`, if its lines are kept.
    fn heads(&self, bi: usize) -> Option<&[HeadCand]> {
        let r = self.blocks.get(bi)?.as_ref()?.heads.clone();
        self.heads.cands.get(r)
    }

    /// Forget the lines of block `bi` (its text changed).
    pub(crate) fn forget(&mut self, bi: usize) {
        if let Some(b) = self.blocks.get_mut(bi) {
            *b = None;
        }
    }

    /// Drop the entries of the blocks at `gone` (ascending indices), as the
    /// blocks themselves were dropped.
    pub(crate) fn drop_blocks(&mut self, gone: &[usize]) {
        let mut g = gone.iter().peekable();
        let mut i = 0;
        self.blocks.retain(|_| {
            let keep = g.next_if_eq(&&i).is_none();
            i += 1;
            keep
        });
    }
}

/// The non-blank lines of every block of a page, in one vector.
struct Page<'a> {
    lines: Vec<Line<'a>>,
    /// Index in `lines` of each block's first line, and the number of lines
    /// at the end.
    start: Vec<usize>,
}

impl<'a> Page<'a> {
    /// Read the lines of every block, or take them from `saved`.
    fn read(cfg: &Config, blocks: &'a [galley_core::Block], saved: Option<&'a Saved>) -> Page<'a> {
        let mut page = Page {
            lines: Vec::with_capacity(blocks.len() * 2),
            start: Vec::with_capacity(blocks.len() + 1),
        };
        for (bi, b) in blocks.iter().enumerate() {
            page.start.push(page.lines.len());
            match saved.and_then(|s| s.of(bi)) {
                Some(lines) => page.lines.extend(lines.iter().map(|l| l.restore(b.text()))),
                None => read_lines(cfg, b, &mut page.lines),
            }
        }
        page.start.push(page.lines.len());
        page
    }

    /// Indices in `lines` of the lines of block `bi`.
    fn block(&self, bi: usize) -> Range<usize> {
        self.start[bi]..self.start[bi + 1]
    }

    /// The lines of block `bi`.
    fn of(&self, bi: usize) -> &[Line<'a>] {
        &self.lines[self.block(bi)]
    }

    /// The index in `lines` of the one line of block `bi` not judged
    /// stray in `stray`, when it keeps exactly one.
    fn lone_line(&self, stray: &[Option<lines::Stray>], bi: usize) -> Option<usize> {
        let mut kept = self.block(bi).filter(|&k| stray[k].is_none());
        match (kept.next(), kept.next()) {
            (Some(k), None) => Some(k),
            _ => None,
        }
    }
}

/// The widest threshold any line rule compares a width with: counting a
/// line's width further would change no decision.
pub(crate) fn width_cap(cfg: &Config) -> f32 {
    (cfg.caption_max_width * 2.0).max(60.0) + 1.0
}

/// Read the non-blank lines of a block's text into `v`.
fn read_lines<'a>(cfg: &Config, block: &'a galley_core::Block, v: &mut Vec<Line<'a>>) {
    let cap = width_cap(cfg);
    let text = block.text();
    // A marker that an earlier run removed still marks its line: the
    // heading's (alone in its block) or each quoted line.
    let mut hinted = block.hint.heading_level.is_some() || block.hint.quoted;
    for (off, line) in block.lines() {
        // Blank once invisible characters go (stops at the first visible one).
        if line
            .chars()
            .all(|c| c.is_whitespace() || chars::is_invisible(c))
        {
            continue;
        }
        let (skip, marked) = match lines::marker(line) {
            Some((_, lead, len)) => (lead + len, true),
            None => (0, hinted),
        };
        hinted = block.hint.quoted;
        let rest = &line[skip..];
        let s = off + skip + (rest.len() - rest.trim_start().len());
        let e = (off + skip + rest.trim_end().len()).max(s);
        let lead = line.len() - line.trim_start().len();
        let full = off + lead..off + line.trim_end().len();
        let raw = &text[s..e];
        let inline_cont = cfg.continuations && !lines::inline_continuations(raw).is_empty();
        let (w_raw, special) = line_width_special(raw, cap);
        // Long lines (running text, which no short shape matches) are judged
        // as they are; short ones as the repairs will leave them.
        let (view, w) = if !inline_cont && w_raw > cap - 1.0 {
            (Cow::Borrowed(raw.trim()), w_raw)
        } else {
            // Without a continuation mark in the line, its normalised form,
            // when that is the line itself, is the line as judged.
            let t = if inline_cont {
                judged(cfg, raw)
            } else if !special {
                // Nothing the normalisation changes (see [`normalized`]).
                Cow::Borrowed(raw.trim())
            } else {
                match normalized(raw) {
                    Cow::Borrowed(t) => Cow::Borrowed(t),
                    Cow::Owned(_) => judged(cfg, raw),
                }
            };
            // Unchanged: the same width.
            let w = if matches!(t, Cow::Borrowed(v) if v.len() == raw.len()) {
                w_raw
            } else {
                line_width(&t, cap)
            };
            (t, w)
        };
        v.push(Line {
            full,
            content: s..e,
            marked,
            inline_cont,
            view,
            w_raw,
            w,
        });
    }
}

/// What a planning pass decided.
#[derive(Debug)]
pub(crate) struct Plan {
    /// What to remove from each block.
    pub(crate) actions: Vec<Action>,
    /// After the static pass, the lines of the blocks it leaves alone.
    pub(crate) saved: Saved,
    /// After the context pass: its removals may change what a next run
    /// finds (see [`partly_removed`]), so the stage runs again.
    pub(crate) unsettled: bool,
}

/// What to remove from one block.
#[derive(Debug, Default)]
pub(crate) struct Action {
    /// Pieces of the block's text to remove.
    pub(crate) removals: Vec<(Range<usize>, RemovalKind, String)>,
    /// A note for a short line kept although it looked stray.
    pub(crate) doubtful: Option<String>,
}

#[derive(Clone, Copy)]
struct Info {
    unit: Unit,
    /// The block, for its kept text ([`kept_text`]); none for a block the
    /// static pass removed.
    block: Option<usize>,
}

/// Text of the kept lines of block `bi` (markers stripped), joined with `\n`.
fn kept_text<'p>(page: &'p Page<'_>, stray: &[Option<lines::Stray>], bi: usize) -> Cow<'p, str> {
    let mut kept = page
        .block(bi)
        .filter(|&k| stray[k].is_none() && !page.lines[k].view.is_empty())
        .map(|k| page.lines[k].view.as_ref());
    match (kept.next(), kept.next()) {
        (None, _) => Cow::Borrowed(""),
        (Some(one), None) => Cow::Borrowed(one),
        (Some(a), Some(b)) => {
            let mut s = String::with_capacity(a.len() + b.len() + 1);
            s.push_str(a);
            for t in std::iter::once(b).chain(kept) {
                s.push('\n');
                s.push_str(t);
            }
            Cow::Owned(s)
        }
    }
}

/// Which rules a planning pass runs.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Phase<'a> {
    /// Lines judged on their own shape, running heads, inline marks and
    /// caption tails: before the repairs.
    Static,
    /// Short lines judged in context: after the repairs. `ghosts` are
    /// `(position, kind)` of blocks the static pass removed, so that a
    /// caption still counts as next to the credit that was removed; `saved`
    /// the static pass's lines of blocks it left as they were.
    Context {
        ghosts: &'a [(usize, RemovalKind)],
        saved: &'a Saved,
    },
}

/// The keyed hasher of line texts ([`ShapeCache`], running-head keys): a
/// fast hash with a random key per instance, so that no input can be made
/// to force collisions (and a collision costs one more text comparison).
type Keyed = foldhash::quality::RandomState;

/// Judgements of short lines on their own shape ([`lines::judge`], a pure
/// function of the line's text), kept across the passes of one document.
///
/// The texts judged are kept one after another in one string, and found by
/// a keyed hash of the text (and whether the line stood alone): no
/// allocation per line, and no collision an input could be made to force.
///
/// Kept only for a document of several pages' worth of short lines: on one
/// page they rarely repeat (a heading, a caption, a byline is written once,
/// and a line the repairs change is judged anew), so that the cache would
/// cost more than it saves (measured on the sample pages: about one line
/// in a hundred found); repeated lines (running heads, page numbers, a
/// kicker over every story) come with more pages. And kept only while it
/// finds lines: a long document whose short lines do not repeat (a book
/// set one line per printed line) drops it once a page's worth of lines
/// have been judged with fewer than one in eight found.
#[derive(Debug, Default)]
pub(crate) struct ShapeCache {
    /// The cache is kept (see [`ShapeCache::start`]).
    on: bool,
    /// Lines found in the cache (the lines judged are its `entries`).
    found: usize,
    hasher: Keyed,
    /// The texts judged, one after another.
    arena: String,
    entries: Vec<Judged>,
    /// Hash of `(alone, text)` → the last entry with that hash.
    heads: HashMap<u64, usize, std::hash::BuildHasherDefault<HashedKey>>,
}

/// Short lines on a page, about (see [`ShapeCache`]).
const PAGE_LINES: usize = 256;

/// One judgement in a [`ShapeCache`].
#[derive(Debug)]
struct Judged {
    text: Range<usize>,
    alone: bool,
    stray: Option<lines::Stray>,
    /// The entry before it with the same hash.
    next: Option<usize>,
}

/// A hasher for keys that are hashes already (see [`ShapeCache`]).
#[derive(Debug, Default)]
struct HashedKey(u64);

impl std::hash::Hasher for HashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl ShapeCache {
    /// Decide from `lines`, the lines the first pass reads, whether the
    /// cache is kept: when they hold more short lines than a few pages do.
    /// Then make room for the judgements of the first of them, up to a
    /// page's worth (a longer document repeats many of its short lines, and
    /// the cache keeps each text once), so that it does not grow step by step.
    fn start(&mut self, lines: &[Line<'_>]) {
        const PAGES: usize = 4;
        let short = lines.iter().filter(|l| l.w <= lines::SHORT);
        self.on = short.clone().nth(PAGES * PAGE_LINES).is_some();
        if !self.on {
            return;
        }
        let (n, bytes) = short
            .take(PAGE_LINES)
            .fold((0, 0), |(n, b), l| (n + 1, b + l.view.len()));
        self.heads.reserve(n);
        self.entries.reserve(n);
        self.arena.reserve(bytes);
    }

    /// [`lines::judge`] of a line, from the cache when the same text was
    /// judged before. Only the lines that go through every furniture shape
    /// (those of at most [`lines::SHORT`]) are kept: a wider line is judged
    /// in fewer steps than it takes to hash it, and most are changed by the
    /// repairs.
    fn judge(&mut self, cfg: &Config, l: &Line<'_>, alone: bool) -> Option<lines::Stray> {
        if !self.on || l.w > lines::SHORT {
            return lines::judge(cfg, &l.view, l.w, alone);
        }
        let text: &str = &l.view;
        let h = {
            use std::hash::BuildHasher;
            self.hasher.hash_one((alone, text))
        };
        let mut at = self.heads.get(&h).copied();
        while let Some(k) = at {
            let e = &self.entries[k];
            if e.alone == alone && self.arena.get(e.text.clone()) == Some(text) {
                self.found += 1;
                return e.stray;
            }
            at = e.next;
        }
        let stray = lines::judge(cfg, text, l.w, alone);
        let judged = self.entries.len() + 1;
        if judged >= PAGE_LINES && self.found * 8 < judged {
            self.on = false;
        }
        let start = self.arena.len();
        self.arena.push_str(text);
        let next = self.heads.insert(h, self.entries.len());
        self.entries.push(Judged {
            text: start..self.arena.len(),
            alone,
            stray,
            next,
        });
        stray
    }
}

/// Decide the removals for every block of `doc`; after the static pass,
/// also the lines of the blocks where it removes nothing (see [`Saved`]).
pub(crate) fn plan(
    cfg: &Config,
    doc: &Document,
    phase: Phase<'_>,
    shapes: &mut ShapeCache,
) -> Plan {
    let blocks = doc.blocks();
    let mut actions: Vec<Action> = blocks.iter().map(|_| Action::default()).collect();
    let saved = match phase {
        Phase::Static => None,
        Phase::Context { saved, .. } => Some(saved),
    };
    // What the static pass keeps for the context pass.
    let mut keep = Saved::default();
    let page = Page::read(cfg, blocks, saved);
    let lines = &page.lines;
    if saved.is_none() {
        shapes.start(lines);
    }

    // 1. Lines judged on their own shape (one entry per line of `page`).
    let mut stray: Vec<Option<lines::Stray>> = Vec::with_capacity(lines.len());
    for bi in 0..blocks.len() {
        // Lines the static pass read and found nothing stray in are judged
        // the same again (a pure function of the same text).
        if saved.is_some_and(|s| s.of(bi).is_some()) {
            stray.extend(page.block(bi).map(|_| None));
            continue;
        }
        let mut left = (0, None);
        for k in page.block(bi) {
            let l = &lines[k];
            let s = if l.view.is_empty() {
                // Nothing but continuation marks.
                Some(lines::Stray {
                    kind: RemovalKind::Continuation,
                    reason: CONTINUATION_MARK,
                })
            } else {
                shapes.judge(cfg, l, false)
            };
            if s.is_none() {
                left = (left.0 + 1, Some(k));
            }
            stray.push(s);
        }
        // Some shapes (a lone stray character) count only for a line left
        // alone in its block once the other lines are judged; judged not
        // stray among them, a line that no such shape can fit stays so.
        if let (1, Some(k)) = left {
            if lines::alone_matters(&lines[k].view, lines[k].w) {
                stray[k] = shapes.judge(cfg, &lines[k], true);
            }
        }
    }

    // A caption label (`Photo:`, `Figure 3.`) on a block's first line takes
    // the short block with it: the caption wraps onto the next lines.
    for (bi, b) in blocks.iter().enumerate() {
        let r = page.block(bi);
        let first = stray[r.clone()].first().copied().flatten();
        let first_is_caption = first.is_some_and(|s| s.kind == RemovalKind::Caption);
        if first_is_caption && r.len() > 1 && !wider_than(b.text(), cfg.caption_max_width * 2.0) {
            for s in &mut stray[r] {
                if s.is_none() {
                    *s = first;
                }
            }
        }
    }

    // Inside a longer block (a page read without blank lines), a labelled
    // caption that stops mid-sentence runs on to the line that ends its
    // sentence, at most two lines further; without such an end in sight,
    // the next lines are left alone.
    for bi in 0..blocks.len() {
        let r = page.block(bi);
        for k in r.clone() {
            let labelled = stray[k].is_some_and(|s| {
                s.kind == RemovalKind::Caption
                    && (s.reason == lines::LABELLED_CAPTION || s.reason == lines::FIGURE_CAPTION)
            });
            if !labelled || chars::ends_sentence(&lines[k].view) {
                continue;
            }
            let end = (k + 1..r.end.min(k + 3))
                .take_while(|&j| stray[j].is_none())
                .find(|&j| chars::ends_sentence(&lines[j].view));
            if let Some(end) = end {
                let first = stray[k];
                for s in &mut stray[k + 1..=end] {
                    *s = first;
                }
            }
        }
    }

    // Inside a block, one short line (up to three in CJK text) without
    // final punctuation between a finished sentence and a picture credit
    // is the picture's caption (on a page read without blank lines the
    // context rules, which work on blocks, never see them).
    //
    // In a block of printed lines (five or more), a line as wide as the
    // column is running text whatever it ends with: the run stops there, and
    // in CJK text such a line that stops mid-sentence before the run is the
    // paragraph the picture cut, as good as a finished sentence.
    if cfg.captions {
        // Line `k` fills a column of width `column`.
        let full = |k: usize, column: f32| lines[k].w_raw >= 0.9 * column;
        let caption_like = |k: usize, stray: &[Option<lines::Stray>], column: f32| {
            let l = &lines[k];
            stray[k].is_none()
                && !l.marked
                && l.w <= cfg.caption_max_width
                && !has_sentence_final(&l.view)
                && !chars::ends_sentence(&l.view)
                && lines::meta(&l.view).is_none()
                && !full(k, column)
        };
        for bi in 0..blocks.len() {
            let r = page.block(bi);
            // The block's column width, read on first need: the width that
            // four lines in five do not pass (most printed lines are full;
            // the widest may hang punctuation past the column's edge).
            let mut column: Option<f32> = None;
            let mut measure = || {
                *column.get_or_insert_with(|| {
                    let mut w: Vec<f32> = lines[r.clone()].iter().map(|l| l.w_raw).collect();
                    w.sort_by(f32::total_cmp);
                    w.get(w.len() * 4 / 5).copied().unwrap_or(f32::MAX)
                })
            };
            for j in r.start + 2..r.end {
                if !stray[j].is_some_and(|s| s.kind == RemovalKind::Credit) {
                    continue;
                }
                let column = if r.len() >= 5 { measure() } else { f32::MAX };
                // Runs of several lines in CJK text only: Latin lines of a
                // paragraph cut by the picture look the same (no final
                // punctuation, no wider than a caption) and go on after it.
                let first = (r.start + 1..j)
                    .rev()
                    .take(3)
                    .enumerate()
                    .take_while(|&(n, k)| {
                        caption_like(k, &stray, column)
                            && (n == 0 || lines[k].view.chars().any(chars::is_cjk_letter))
                    })
                    .last()
                    .map(|(_, k)| k);
                let Some(first) = first else {
                    continue;
                };
                // Justified CJK columns fill every line of a paragraph but
                // its last, which ends with punctuation: there a narrow line
                // without it is no line of the paragraph cut. Ragged Latin
                // lines vary in width and tell nothing.
                let cjk_run = (first..j).all(|k| lines[k].view.chars().any(chars::is_cjk_letter));
                if chars::ends_sentence(&lines[first - 1].view)
                    || (cjk_run && full(first - 1, column))
                {
                    for s in &mut stray[first..j] {
                        *s = Some(lines::Stray {
                            kind: RemovalKind::Caption,
                            reason: "short line without final punctuation between a finished sentence and a picture credit",
                        });
                    }
                }
            }
        }
    }

    // 2. Running heads: short lines repeated on several pages; then the
    // paper's name once at the top of the page (masthead).
    let mut heads = HeadCands::default();
    if cfg.running_heads {
        let hasher = saved.map_or(&keep.hasher, |s| &s.hasher);
        heads = running_heads(cfg, doc, &page, &mut stray, saved, hasher);
        if let Some(k) = masthead(cfg, &page, &stray) {
            stray[k] = Some(lines::Stray {
                kind: RemovalKind::Rule,
                reason: "masthead: the newspaper's name in capitals at the top of the page",
            });
        }
    }

    // A line that the rules above leave alone in its block is what the
    // next run finds alone there: judged so now, cleaning twice changes
    // nothing (a lone `。` after a caption that ran on to its sentence end).
    for bi in 0..blocks.len() {
        if let Some(k) = page.lone_line(&stray, bi) {
            // Kept so far, so judged not stray among other lines (or alone
            // already): alone, only a line that fits a single-character
            // shape may be judged otherwise.
            if page.of(bi).len() > 1
                && !lines[k].view.is_empty()
                && lines::alone_matters(&lines[k].view, lines[k].w)
            {
                stray[k] = shapes.judge(cfg, &lines[k], true);
            }
        }
    }

    // 3. What each block is, from the lines left.
    let mut infos: Vec<Info> = Vec::with_capacity(blocks.len());
    for (bi, b) in blocks.iter().enumerate() {
        let r = page.block(bi);
        // A block whose lines the first pass found nothing stray in, and
        // where this one finds none either, is what it was then: the same
        // lines, the same marks, the same hints.
        let same = saved
            .and_then(|s| s.unit(bi))
            .filter(|_| stray[r.clone()].iter().all(Option::is_none));
        let unit = match same {
            Some(unit) => unit,
            None => unit_of(cfg, b, &lines[r.clone()], &stray[r]),
        };
        infos.push(Info {
            unit,
            block: Some(bi),
        });
    }

    // 4. Short lines in context: caption or heading?
    if let Phase::Context { ghosts, .. } = phase {
        if cfg.captions {
            // Units in reading order, with the removed blocks as ghosts.
            let mut units: Vec<Info> = Vec::with_capacity(infos.len() + ghosts.len());
            let mut g = ghosts.to_vec();
            g.sort_by_key(|x| x.0);
            let ghost = |kind| Info {
                unit: Unit::Stray(kind),
                block: None,
            };
            let mut gi = 0;
            for (bi, info) in infos.into_iter().enumerate() {
                while gi < g.len() && g[gi].0 <= bi {
                    units.push(ghost(g[gi].1));
                    gi += 1;
                }
                units.push(info);
            }
            units.extend(g[gi..].iter().map(|&(_, kind)| ghost(kind)));
            let kept = |u: usize| match units[u].block {
                Some(bi) => kept_text(&page, &stray, bi),
                None => Cow::Borrowed(""),
            };
            let acts = captions_in_context(cfg, &units, kept);
            for (u, act) in acts.into_iter().enumerate() {
                if let Some(bi) = units[u].block {
                    actions[bi] = act;
                }
            }
            for (bi, reason) in captions_inside_paragraphs(cfg, &page, &stray, &units) {
                actions[bi] = Action {
                    removals: vec![(0..usize::MAX, RemovalKind::Caption, reason.into())],
                    doubtful: None,
                };
            }
        }
        let unsettled = cfg.running_heads && partly_removed(cfg, &page, &heads, &stray, &actions);
        // Lines that read as stray only once repaired (a running head once
        // the words cut at line ends are joined, a page header once the
        // debris after it is cut): the next run would remove them, so this
        // one does.
        for (bi, act) in actions.iter_mut().enumerate() {
            for k in page.block(bi) {
                if let Some(s) = stray[k] {
                    act.removals
                        .push((lines[k].full.clone(), s.kind, s.reason.to_string()));
                }
            }
        }
        return Plan {
            actions,
            saved: Saved::default(),
            unsettled,
        };
    }

    // 5. Line-level removals and inline pieces.
    for (bi, b) in blocks.iter().enumerate() {
        let text = b.text();
        let r = page.block(bi);
        for k in r.clone() {
            let l = &lines[k];
            if let Some(s) = stray[k] {
                actions[bi]
                    .removals
                    .push((l.full.clone(), s.kind, s.reason.to_string()));
            } else if l.inline_cont {
                let content = &l.content;
                for r in lines::inline_continuations(&text[content.clone()]) {
                    actions[bi].removals.push((
                        content.start + r.start..content.start + r.end,
                        RemovalKind::Continuation,
                        CONTINUATION_MARK.into(),
                    ));
                }
            }
        }
        if cfg.noise && infos[bi].unit == Unit::Body {
            if let Some(k) = r.clone().last() {
                let content = &lines[k].content;
                if stray[k].is_none() {
                    if let Some(r) = caption_tail(&text[content.clone()]) {
                        let r = content.start + r.start..content.start + r.end;
                        if !actions[bi]
                            .removals
                            .iter()
                            .any(|(x, _, _)| x.start < r.end && r.start < x.end)
                        {
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
    // The lines of the blocks left as they are, for the context pass, and
    // their possible running heads.
    let mut cands = heads.cands.iter().peekable();
    keep.lines.reserve(lines.len());
    keep.blocks.reserve(blocks.len());
    for (bi, act) in actions.iter().enumerate() {
        let mine = std::iter::from_fn(|| cands.next_if(|c| c.block == bi));
        if !act.removals.is_empty() {
            mine.for_each(drop);
            keep.blocks.push(None);
            continue;
        }
        let start = keep.lines.len();
        let text = blocks[bi].text();
        keep.lines.extend(page.of(bi).iter().map(|l| l.save(text)));
        let first_head = keep.heads.cands.len();
        for c in mine {
            keep.heads.push(bi, c.line, c.hash, heads.key(c));
        }
        keep.blocks.push(Some(SavedBlock {
            lines: start..keep.lines.len(),
            unit: infos[bi].unit,
            heads: first_head..keep.heads.cands.len(),
        }));
    }
    Plan {
        actions,
        saved: keep,
        unsettled: false,
    }
}

/// Whether the removals of the context pass take away some occurrences of
/// a recurring short line but leave enough of them for the running-head
/// test (a line repeated on a page, one copy a caption): the next run
/// would test what is left, and may judge it otherwise.
fn partly_removed(
    cfg: &Config,
    page: &Page<'_>,
    heads: &HeadCands,
    stray: &[Option<lines::Stray>],
    actions: &[Action],
) -> bool {
    // The occurrences that stand, and whether this pass removes them.
    let standing = heads.cands.iter().filter_map(|c| {
        let k = page.start.get(c.block)? + c.line;
        if stray.get(k)?.is_some() {
            return None;
        }
        let full = &page.lines.get(k)?.full;
        let gone = actions
            .get(c.block)?
            .removals
            .iter()
            .any(|(r, _, _)| r.start < full.end && full.start < r.end);
        Some((c.hash, gone))
    });
    if !standing.clone().any(|(_, gone)| gone) {
        return false;
    }
    let mut counts: HashMap<u64, (usize, usize), std::hash::BuildHasherDefault<HashedKey>> =
        HashMap::default();
    for (h, gone) in standing {
        let e = counts.entry(h).or_default();
        e.0 += 1;
        e.1 += usize::from(gone);
    }
    let need = cfg.running_head_min_repeats;
    counts
        .values()
        .any(|&(n, gone)| gone > 0 && n - gone >= need)
}

/// Reason of a removed continuation mark.
const CONTINUATION_MARK: &str = "continuation mark pointing to another page";

/// A line as the stage will leave it, for judging its shape: repairs that
/// change what a line looks like applied (invisible characters, full-width
/// letters), inline continuation marks cut out.
fn judged<'a>(cfg: &Config, line: &'a str) -> std::borrow::Cow<'a, str> {
    let t = normalized(line);
    if !cfg.continuations {
        return t;
    }
    let cuts = lines::inline_continuations(&t);
    if cuts.is_empty() {
        return t;
    }
    let mut s = String::with_capacity(t.len());
    let mut at = 0;
    for r in cuts {
        s.push_str(&t[at..r.start]);
        at = r.end;
    }
    s.push_str(&t[at..]);
    std::borrow::Cow::Owned(s.trim().to_string())
}

/// What block `b` is, from its lines and which of them are stray.
fn unit_of(
    cfg: &Config,
    b: &galley_core::Block,
    lines: &[Line<'_>],
    stray: &[Option<lines::Stray>],
) -> Unit {
    let mut kept = lines
        .iter()
        .zip(stray)
        .filter(|(l, s)| s.is_none() && !l.view.is_empty())
        .map(|(l, _)| l);
    // A heading marker removed by an earlier run still marks the block.
    let hinted = b.hint.heading_level.is_some() || b.hint.quoted;
    match (kept.next(), kept.next()) {
        (None, _) => Unit::Stray(
            stray
                .iter()
                .flatten()
                .next()
                .map_or(RemovalKind::Noise, |s| s.kind),
        ),
        (Some(l), None) => classify(cfg, &l.view, l.w, l.marked || hinted),
        (Some(l), Some(_)) if l.marked => Unit::Marked,
        (Some(a), Some(b)) => {
            let meta = |l: &Line<'_>| lines::meta(&l.view).is_some();
            if meta(a) && meta(b) && kept.all(meta) {
                Unit::Meta
            } else {
                Unit::Body
            }
        }
    }
}

/// What a block of one kept line `t` (width `w`) is.
fn classify(cfg: &Config, t: &str, w: f32, marked: bool) -> Unit {
    if marked {
        return Unit::Marked;
    }
    // Wider than any caption or heading: running text, unless it is an
    // author note in brackets.
    if w > cfg.caption_max_width && !t.starts_with(['(', '（']) {
        return Unit::Body;
    }
    if lines::meta(t).is_some() {
        return Unit::Meta;
    }
    // A line that ends with a function word (`… the plan that would`,
    // `…的`) stops mid-sentence: it is a piece of body text.
    // The last word, when it is made of ASCII letters only (no other word
    // can be one of them).
    let head = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let last_word = &t[head.len()..];
    let ascii_word = !head.chars().next_back().is_some_and(is_letter);
    let dangling = (ascii_word && UNFINISHED.iter().any(|w| last_word.eq_ignore_ascii_case(w)))
        || t.ends_with(['的', '和', '与', '及', '在', '对', '把', '被']);
    let short = w <= cfg.caption_max_width && !dangling;
    let open_end = last_char(t).is_some_and(|c| is_clause_punct(c) || chars::is_opening(c));
    if short && !has_sentence_final(t) && !chars::ends_sentence(t) && !open_end {
        Unit::Cand
    } else {
        Unit::Body
    }
}

/// Words that never end a heading or a caption: a line ending with one is
/// cut mid-sentence.
const UNFINISHED: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "from", "and", "or",
    "but", "that", "which", "who", "whose", "would", "will", "can", "could", "should", "may",
    "might", "must", "has", "have", "had", "is", "was", "are", "were", "be", "been", "his", "her",
    "its", "their", "our", "this", "these", "those", "as", "than",
];

/// Normalised key of a possible running head: letters only, lowercased.
fn head_key(t: &str) -> String {
    let mut key = String::with_capacity(t.len());
    push_key(&mut key, t);
    key
}

/// Append the key of `t` (see [`head_key`]) to `key`.
fn push_key(key: &mut String, t: &str) {
    for c in t.chars().filter(|&c| is_letter(c)) {
        push_lower(key, c);
    }
}

/// Push the lowercase of a letter (no table look-up for ASCII and CJK
/// ideographs, which have no case or an ASCII one).
fn push_lower(s: &mut String, c: char) {
    if c.is_ascii() {
        s.push(c.to_ascii_lowercase());
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        s.push(c);
    } else {
        s.extend(c.to_lowercase());
    }
}

/// Whether line `t` may end inside a word that the repairs join with the
/// first word of the next line of its block (see [`latin::may_join`]): such
/// a line is no whole line, so no running head, and what follows it changes
/// once the word is joined.
fn cut_in_a_word(cfg: &Config, t: &str, next: Option<&Line<'_>>) -> bool {
    let Some(next) = next else {
        return false;
    };
    let hyphen = t.ends_with('-');
    let body = if hyphen { &t[..t.len() - 1] } else { t };
    let first = &body[body
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .len()..];
    let second_end = next
        .view
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(next.view.len());
    let second = &next.view[..second_end];
    // As the repairs: a hyphen is read only with hyphenation on, a lost one
    // only with lost hyphens on.
    (cfg.hyphenation || (!hyphen && cfg.lost_hyphen))
        && crate::latin::may_join(first, second, hyphen, cfg.lost_hyphen)
}

/// Words that name a newspaper in its nameplate (`THE HARBOR TOWN
/// GAZETTE`, `DAILY NEWS`).
const NAMEPLATE_WORDS: &[&str] = &[
    "gazette",
    "herald",
    "times",
    "courier",
    "ledger",
    "post",
    "news",
    "journal",
    "tribune",
    "chronicle",
    "daily",
    "weekly",
    "observer",
    "guardian",
    "record",
    "register",
    "sentinel",
    "examiner",
    "inquirer",
    "dispatch",
    "bulletin",
    "star",
    "sun",
    "telegraph",
    "mail",
    "express",
    "press",
    "globe",
    "review",
    "standard",
    "mercury",
    "advertiser",
    "argus",
    "clarion",
];

/// The masthead among the page's first lines (before any line of running
/// text): a line of two to six Latin words in capitals, one of them a word
/// that names a newspaper, without digits or sentence punctuation.
fn masthead(cfg: &Config, page: &Page<'_>, stray: &[Option<lines::Stray>]) -> Option<usize> {
    for (k, l) in page.lines.iter().enumerate().take(6) {
        if stray[k].is_some() {
            continue;
        }
        let t = l.view.as_ref();
        if l.w > cfg.caption_max_width {
            return None;
        }
        let words: Vec<&str> = t.split_whitespace().collect();
        let caps = t.chars().any(|c| c.is_ascii_uppercase())
            && !t.chars().any(|c| c.is_lowercase() || c.is_ascii_digit());
        let plain = t.chars().all(|c| {
            c.is_ascii_alphabetic() || c.is_whitespace() || matches!(c, '\'' | '-' | '&' | '.')
        });
        let named = words
            .iter()
            .any(|w| NAMEPLATE_WORDS.contains(&w.trim_matches('.').to_ascii_lowercase().as_str()));
        if (2..=6).contains(&words.len()) && caps && plain && named && !t.ends_with('.') {
            return Some(k);
        }
    }
    None
}

/// Lines between two occurrences of a running head in one block: a page
/// holds more lines than this.
const HEAD_MIN_LINES_APART: usize = 12;

/// How many lines around a possible running head are looked at one by one
/// for its neighbours before the page-wide search.
const HEAD_NEAR: usize = 16;

/// Short lines that may be running heads, in reading order, with the keys
/// they are compared on.
#[derive(Debug, Default)]
struct HeadCands {
    cands: Vec<HeadCand>,
    /// The keys, one after another.
    keys: String,
}

/// One line of [`HeadCands`].
#[derive(Debug)]
struct HeadCand {
    block: usize,
    /// The line's index in its block.
    line: usize,
    /// A keyed hash of the key: most lines occur once, and are dropped
    /// before their key is compared.
    hash: u64,
    /// Where the key stands in [`HeadCands::keys`].
    key: Range<usize>,
}

impl HeadCands {
    fn push(&mut self, block: usize, line: usize, hash: u64, key: &str) {
        let start = self.keys.len();
        self.keys.push_str(key);
        self.cands.push(HeadCand {
            block,
            line,
            hash,
            key: start..self.keys.len(),
        });
    }

    fn key(&self, c: &HeadCand) -> &str {
        self.keys.get(c.key.clone()).unwrap_or("")
    }
}

/// Mark the running heads of the page: short lines repeated on several
/// pages. Returns the lines that may be running heads; those of a block
/// that `saved` keeps are taken from it (the same lines as the first pass
/// read, hashed with the same `hasher`).
fn running_heads(
    cfg: &Config,
    doc: &Document,
    page: &Page<'_>,
    stray: &mut [Option<lines::Stray>],
    saved: Option<&Saved>,
    hasher: &Keyed,
) -> HeadCands {
    let mut heads = HeadCands::default();
    for bi in 0..doc.blocks().len() {
        if let Some((s, kept)) = saved.and_then(|s| Some((s, s.heads(bi)?))) {
            for c in kept {
                heads.push(bi, c.line, c.hash, s.heads.key(c));
            }
            continue;
        }
        for (li, l) in page.of(bi).iter().enumerate() {
            // A folio line, a running head by its shape, still counts among
            // the occurrences of its key (the same head printed without its
            // page label elsewhere).
            let judged_other = |s: lines::Stray| s.kind != RemovalKind::RunningHead;
            if l.marked || stray[page.start[bi] + li].is_some_and(judged_other) {
                continue;
            }
            // A short line's view is the line as judged.
            if l.w_raw > cfg.caption_max_width || l.w > cfg.caption_max_width {
                continue;
            }
            let t = l.view.as_ref();
            // A line that stops inside a sentence (after a comma, an
            // enumeration comma, a semicolon) is running text cut by the
            // line break, which no running head is.
            if chars::ends_sentence(t)
                || t.ends_with(['，', ',', '、', '；', ';'])
                || cut_in_a_word(cfg, t, page.of(bi).get(li + 1))
            {
                continue;
            }
            // The key, read in the same pass that looks for sentence-final
            // punctuation.
            let keys = &mut heads.keys;
            let start = keys.len();
            let mut end = SentenceEnd::default();
            let mut sentence = false;
            let mut prev_letter = false;
            let mut chars = t.chars().peekable();
            while let Some(c) = chars.next() {
                if end.at(c) {
                    sentence = true;
                    break;
                }
                let letter = is_letter(c);
                // The letter of a page label (`B4`, `A12`) changes from
                // page to page with its number: not part of the key.
                let label = letter
                    && c.is_ascii_alphabetic()
                    && !prev_letter
                    && chars.peek().is_some_and(char::is_ascii_digit);
                if letter && !label {
                    push_lower(keys, c);
                }
                prev_letter = letter;
            }
            let key = &keys[start..];
            if sentence || key.chars().nth(3).is_none() {
                keys.truncate(start);
                continue;
            }
            let hash = {
                use std::hash::BuildHasher;
                hasher.hash_one(key)
            };
            heads.cands.push(HeadCand {
                block: bi,
                line: li,
                hash,
                key: start..keys.len(),
            });
        }
    }
    let mut counts: HashMap<u64, usize, std::hash::BuildHasherDefault<HashedKey>> =
        HashMap::default();
    for c in &heads.cands {
        *counts.entry(c.hash).or_default() += 1;
    }
    // key -> occurrences (block, line index), for keys that recur, in the
    // order the keys first occur: a fixed order, as the tests below read
    // what the ones before them marked.
    let need = cfg.running_head_min_repeats.max(1);
    let mut seen: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for c in &heads.cands {
        if counts.get(&c.hash).is_some_and(|&n| n >= need) {
            let i = *index.entry(heads.key(c)).or_insert_with(|| {
                seen.push(Vec::new());
                seen.len() - 1
            });
            seen[i].push((c.block, c.line));
        }
    }
    if seen.is_empty() {
        return heads;
    }
    let blocks = doc.blocks();
    // The first letters of a line as judged (see [`judged`]), read without
    // normalising the whole line: only continuation marks need the line.
    let start_of = |bi: usize, li: usize| -> String {
        let l = &page.of(bi)[li];
        let raw = &blocks[bi].text()[l.content.clone()];
        if l.inline_cont {
            return head_key(&judged(cfg, raw)).chars().take(4).collect();
        }
        let mut out = String::new();
        for c in raw.chars().filter(|&c| !chars::is_invisible(c)) {
            let mut push = |c: char| {
                if is_letter(c) && out.chars().count() < 4 {
                    push_lower(&mut out, c);
                }
            };
            match ligature(c) {
                Some(l) => l.chars().for_each(&mut push),
                None => push(chars::fullwidth_alnum_to_ascii(c).unwrap_or(c)),
            }
            if out.chars().count() >= 4 {
                break;
            }
        }
        out.chars().take(4).collect()
    };
    // The neighbours of an occurrence: the nearest line of running text
    // after it (or before it), however far, past short lines without final
    // punctuation (titles, captions, page numbers) and lines already judged
    // stray, which the cleanup may remove: the neighbour once they are gone
    // is then the neighbour before (else a second cleanup would judge
    // otherwise; looked for within a number of lines, it would change when
    // lines in between go). Without such a line, none (read as empty).
    let lines = &page.lines;
    let running = |stray: &[Option<lines::Stray>], k: usize| {
        let l = &lines[k];
        // As wide as a caption may be (a line of one, up to twice the
        // width of its first), read raw or as judged.
        let short = l.w_raw.min(l.w) <= cfg.caption_max_width * 2.0;
        stray[k].is_none() && (!short || chars::ends_sentence(&l.view))
    };
    // A possible running head is no running text (no wider than a caption,
    // no sentence end), so that marking one stray below changes no line's
    // answer. Most neighbours stand a few lines away; past that, the
    // nearest running line at or after each line, and at or before it, are
    // found once for the page, in two passes (no quadratic cost on a page
    // of short lines).
    let far = std::cell::OnceCell::new();
    let far = |stray: &[Option<lines::Stray>]| {
        far.get_or_init(|| {
            let mut after = vec![None; lines.len() + 1];
            for k in (0..lines.len()).rev() {
                after[k] = if running(stray, k) {
                    Some(k)
                } else {
                    after[k + 1]
                };
            }
            let mut before = vec![None; lines.len() + 1];
            for k in 0..lines.len() {
                before[k + 1] = if running(stray, k) {
                    Some(k)
                } else {
                    before[k]
                };
            }
            (after, before)
        })
    };
    // The nearest running line at or after line `k`, at or before `k - 1`.
    let after = |stray: &[Option<lines::Stray>], k: usize| {
        let near = k..lines.len().min(k + HEAD_NEAR);
        match near.clone().find(|&j| running(stray, j)) {
            None if near.end < lines.len() => far(stray).0[near.end],
            found => found,
        }
    };
    let before = |stray: &[Option<lines::Stray>], k: usize| {
        let near = k.saturating_sub(HEAD_NEAR)..k;
        match near.clone().rev().find(|&j| running(stray, j)) {
            None if near.start > 0 => far(stray).1[near.start],
            found => found,
        }
    };
    let start_at = |k: usize| -> Option<String> {
        // The block that holds line k (an empty block starts where the
        // next one does).
        let b = page.start.partition_point(|&s| s <= k).checked_sub(1)?;
        Some(start_of(b, k - page.start[b]))
    };
    let neighbour = |k: Option<usize>| k.and_then(start_at).unwrap_or_default();
    // Whether the lines at `occ` are running heads, as the lines judged
    // stray so far leave the page: `Some(false)` when the answer may
    // change once more lines are (an occurrence not yet first or last in
    // its block).
    let test = |stray: &[Option<lines::Stray>], occ: &[(usize, usize)]| -> Option<bool> {
        // A running head recurs on several pages: in different blocks, or
        // (on a page read without blank lines) far apart in one block; a
        // page holds far more lines than that.
        let separate = occ
            .windows(2)
            .all(|w| w[0].0 != w[1].0 || w[1].1 >= w[0].1 + HEAD_MIN_LINES_APART);
        if occ.len() < cfg.running_head_min_repeats || !separate {
            return None;
        }
        // Short lines: their view is the line as judged.
        let texts: Vec<&str> = occ
            .iter()
            .map(|&(b, l)| page.of(b)[l].view.as_ref())
            .collect();
        let digits_vary = texts.iter().any(|t| t.chars().any(|c| c.is_ascii_digit()))
            && texts.windows(2).any(|w| w[0] != w[1]);
        let caps = texts.iter().all(|t| {
            t.chars().any(|c| c.is_ascii_uppercase()) && !t.chars().any(|c| c.is_ascii_lowercase())
        });
        // First or last in its block, lines already judged stray not
        // counted (they are gone when the next run reads the block).
        let edge = occ.iter().all(|&(b, l)| {
            let r = page.block(b);
            let k = r.start + l;
            stray[r.start..k].iter().all(Option::is_some)
                || stray[k + 1..r.end].iter().all(Option::is_some)
        });
        let strong = digits_vary || caps;
        if !strong && occ.len() < 3 {
            return None;
        }
        if !strong && !edge {
            return Some(false);
        }
        // A repeated passage repeats what stands around the line too; a
        // running head stands between different texts on each page: no
        // two occurrences before the same text, nor after the same text
        // (were only neighbouring occurrences compared, a passage repeated
        // around a page of other text would pass). Compared on their first
        // letters only, which repairs at line ends do not change; read
        // last, and only up to the first pair that agrees.
        let mut seen_next: HashSet<String> = HashSet::with_capacity(occ.len());
        let mut seen_prev: HashSet<String> = HashSet::with_capacity(occ.len());
        let neighbours_differ = occ.iter().all(|&(b, l)| {
            let g = page.start[b] + l;
            seen_next.insert(neighbour(after(stray, g + 1)))
                && seen_prev.insert(neighbour(before(stray, g)))
        });
        neighbours_differ.then_some(true)
    };
    // Lines marked for one key may put another key's lines first or last
    // in their blocks: tested again until no more are marked, so that the
    // answer is the one a second run, without the lines marked, gives.
    // Each round marks some or ends: at most one round per key.
    let mut open: Vec<&[(usize, usize)]> = seen.iter().map(Vec::as_slice).collect();
    loop {
        let mut marked = false;
        open.retain(|occ| match test(stray, occ) {
            Some(true) => {
                for &(b, l) in occ.iter() {
                    stray[page.start[b] + l] = Some(lines::Stray {
                        kind: RemovalKind::RunningHead,
                        reason: "running head: the same short line recurs on several pages, each time before different text",
                    });
                }
                marked = true;
                false
            }
            Some(false) => true,
            None => false,
        });
        if !marked || open.is_empty() {
            break;
        }
    }
    heads
}

/// Verbs and nouns that make a short line read as the description of an
/// event in a photo (`…开展…活动`), rather than as a topic.
const EVENT_VERBS: &[&str] = &[
    "开展",
    "举行",
    "举办",
    "参加",
    "参观",
    "观看",
    "体验",
    "召开",
    "慰问",
    "走访",
    "视察",
    "授旗",
    "颁奖",
    "颁发",
    "合影",
    "表演",
    "演出",
    "展示",
    "签约",
    "揭牌",
    "义诊",
    "宣讲",
    "讲解",
    "进社区",
    "进校园",
    "组织",
    "参与",
    "交流",
    "创演",
];
const EVENT_NOUNS: &[&str] = &[
    "活动",
    "仪式",
    "现场",
    "大会",
    "比赛",
    "典礼",
    "晚会",
    "展演",
    "演练",
    "会议",
    "课",
    "义诊",
    "述职会",
    "交流会",
];

fn event_score(t: &str) -> u32 {
    // Each verb tried where its first character stands, in one pass: most
    // characters are passed over on the low bits of their code point.
    let verb = t
        .char_indices()
        .filter(|&(_, c)| EVENT_VERB_STARTS & 1 << (u32::from(c) & 63) != 0)
        .any(|(i, _)| EVENT_VERBS.iter().any(|v| t[i..].starts_with(v)));
    let noun = verb && EVENT_NOUNS.iter().any(|n| t.ends_with(n));
    u32::from(verb) + u32::from(noun)
}

/// The low six bits of the first character of each of [`EVENT_VERBS`]
/// (all written in three UTF-8 bytes, the last of which holds those bits).
const EVENT_VERB_STARTS: u64 = {
    let mut m = 0u64;
    let mut i = 0;
    while i < EVENT_VERBS.len() {
        let b = EVENT_VERBS[i].as_bytes();
        assert!(b.len() >= 3 && b[0] >= 0xE0 && b[0] < 0xF0);
        m |= 1 << (b[2] & 63);
        i += 1;
    }
    m
};

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
                || matches!(
                    c,
                    '，' | '。' | '、' | '；' | '：' | '？' | '！' | ',' | '.' | ';'
                )
                || c.is_lowercase()
        }
        None => false,
    }
}

/// Whether `next` may finish a word that `prev` stops in, in CJK text: the
/// first stops on a letter, and the second opens with a sentence end after
/// one to three letters (`…优惠助` + `餐服务。…`); no paragraph opens with so
/// short a sentence.
fn finishes_a_word(prev: &str, next: &str) -> bool {
    let n: Vec<char> = next.trim_start().chars().take(4).collect();
    prev.trim_end()
        .chars()
        .next_back()
        .is_some_and(chars::is_cjk_letter)
        && n.iter()
            .position(|&c| matches!(c, '。' | '！' | '？'))
            .is_some_and(|at| at >= 1 && n[..at].iter().all(|&c| chars::is_cjk_letter(c)))
}

/// The context rules over the units of a page (`kept(k)`: the kept text of
/// unit `k`): one action per unit.
fn captions_in_context<'p>(
    cfg: &Config,
    infos: &[Info],
    kept: impl Fn(usize) -> Cow<'p, str>,
) -> Vec<Action> {
    let mut actions: Vec<Action> = infos.iter().map(|_| Action::default()).collect();
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
        let next_body = infos.get(nb).filter(|x| x.unit == Unit::Body).map(|_| nb);

        // The text of the paragraph before the run, when there is one.
        let prev_body = prev.filter(|p| p.unit == Unit::Body).map(|_| kept(s - 1));
        let prev_open = prev_body.as_ref().is_some_and(|p| {
            last_char(p).is_some_and(|c| is_clause_punct(c) || chars::is_opening(c))
        });
        let prev_unended = prev_body.as_ref().is_some_and(|p| !chars::ends_sentence(p));
        // A word finished after the run ties it to the paragraph before
        // only when every short line of the run is a plain phrase (letters
        // only, as captions are): a line with punctuation may be the text
        // the fragment finishes.
        let plain = || {
            cands.iter().all(|&k| {
                kept(k)
                    .chars()
                    .all(|c| chars::is_cjk_letter(c) || c.is_ascii_digit())
            })
        };
        let bridged = prev_unended
            && next.is_some_and(|x| x.unit == Unit::Body)
            && prev_body.as_ref().is_some_and(|p| {
                let n = kept(e);
                continues(p, &n) || (finishes_a_word(p, &n) && plain())
            });
        let at_end = next.is_none();
        let starts_section = prev.is_none_or(|p| p.unit != Unit::Body)
            || prev_body.as_ref().is_some_and(|p| chars::ends_sentence(p));
        let introduces = !bridged
            && !prev_open
            && (next_body.is_some() || next.is_some_and(|x| x.unit == Unit::Marked));

        let mut body_text: Option<Cow<'_, str>> = None;
        let mut body_words: Option<Vec<String>> = None;
        // The last short line of the run taken for a caption.
        let mut taken: Option<usize> = None;
        for &k in &cands {
            let t = &kept(k);
            let mut cap = 0u32;
            let mut why: Vec<&str> = Vec::new();
            // A picture credit or caption next to this line, other short
            // lines of the run in between.
            let is_pic =
                |u: Unit| matches!(u, Unit::Stray(RemovalKind::Credit | RemovalKind::Caption));
            let mut b = k;
            while b > s && infos[b - 1].unit == Unit::Cand {
                b -= 1;
            }
            let mut f = k + 1;
            while f < e && infos[f].unit == Unit::Cand {
                f += 1;
            }
            let before_picture = f < e && is_pic(infos[f].unit);
            let after_picture = b > s && is_pic(infos[b - 1].unit);
            // Right after a picture's caption (or a line just taken for
            // one) and right before its credit or another caption: one of
            // the picture's lines, whatever speaks for a heading.
            let picture_before = k > s && (is_pic(infos[k - 1].unit) || taken == Some(k - 1));
            let sandwiched = picture_before && k + 1 < e && is_pic(infos[k + 1].unit);
            if sandwiched {
                cap += 4;
                why.push("between a picture's caption and its credit or another caption");
            } else if before_picture || (after_picture && !introduces) {
                cap += 2;
                why.push("next to a picture credit or caption");
            } else if after_picture {
                // A credit closes its pictures' captions: a short line after
                // it that introduces the text below may as well be a heading.
                cap += 1;
                why.push("after a picture credit or caption");
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
            // Nothing speaks for a caption: the line is kept without a note,
            // whatever speaks for a heading (which is not read).
            if cap == 0 {
                continue;
            }
            let mut head = 0u32;
            let mut hwhy: Vec<&str> = Vec::new();
            // A heading is never followed by a picture credit or caption.
            if introduces && !before_picture {
                head += 1;
                hwhy.push("followed by text it may introduce");
            }
            if starts_section && !prev_open {
                head += 1;
                hwhy.push("comes after a finished paragraph");
            }
            if let Some(b) = next_body {
                // The body's words are read once per run, and only when the
                // line has words of that script to share.
                let a = Bigrams::of(t);
                let shared = if a.is_empty() {
                    0
                } else {
                    let body = body_text.get_or_insert_with(|| kept(b));
                    a.shared_with(body, 160, 2)
                };
                let lw = latin_words(t, 200);
                let shared_w = if lw.is_empty() {
                    0
                } else {
                    let bw = body_words.get_or_insert_with(|| latin_words(&kept(b), 400));
                    lw.iter().filter(|x| bw.binary_search(x).is_ok()).count()
                };
                if shared >= 2 || shared_w >= 1 {
                    head += 1;
                    hwhy.push("shares words with the text after it");
                }
            }
            if lines::has_numbering(t) {
                head += 3;
                hwhy.push("numbered like a section heading");
            }
            if cap >= cfg.caption_min_score && cap > head {
                taken = Some(k);
                actions[k].removals.push((
                    0..usize::MAX,
                    RemovalKind::Caption,
                    format!(
                        "short line without final punctuation, taken for a photo caption: {}",
                        why.join("; ")
                    ),
                ));
            } else if cap > 0 {
                actions[k].doubtful = Some(format!(
                    "kept a short line that may be a caption ({}) because it may be a heading ({})",
                    why.join("; "),
                    if hwhy.is_empty() {
                        "when unsure, text is kept".to_string()
                    } else {
                        hwhy.join("; ")
                    }
                ));
            }
        }
    }
    actions
}

/// Blocks of one short line that stand, with a picture's caption or credit,
/// between the two halves of a paragraph cut by the picture: the paragraph
/// before stops mid-sentence, the one after goes on with it, and nothing
/// but the picture's lines stands between them (a second caption line that
/// ends with a full stop, `A kayak team tows a tractor tire to shore.`);
/// or, without a picture's line beside it, one short sentence set into the
/// paragraph (see [`sentence_set_into`]). Each with its reason.
fn captions_inside_paragraphs(
    cfg: &Config,
    page: &Page<'_>,
    stray: &[Option<lines::Stray>],
    units: &[Info],
) -> Vec<(usize, &'static str)> {
    // A caption line is at most twice as wide as a caption's first line.
    let short_line = |bi: usize| {
        page.lone_line(stray, bi)
            .is_some_and(|k| page.lines[k].w <= cfg.caption_max_width * 2.0)
    };
    let mut out = Vec::new();
    for (p, u) in units.iter().enumerate() {
        let Some(pb) = u.block.filter(|_| u.unit == Unit::Body) else {
            continue;
        };
        // The picture's lines come in small groups: a few units at most.
        let near = || units.iter().skip(p + 1).take(6);
        let picture = |q: &Info| {
            matches!(
                q.unit,
                Unit::Stray(RemovalKind::Caption | RemovalKind::Credit)
            )
        };
        let before = kept_text(page, stray, pb);
        if chars::ends_sentence(&before) {
            continue;
        }
        if !near().any(picture) {
            if let Some(bi) = sentence_set_into(cfg, page, stray, units, p, &before) {
                out.push((bi, SET_INTO));
            }
            continue;
        }
        let (mut pictures, mut lines) = (0, Vec::new());
        for q in near() {
            match (q.unit, q.block) {
                _ if picture(q) => pictures += 1,
                (Unit::Stray(_), _) => {}
                (Unit::Body, Some(bi)) if continues(&before, &kept_text(page, stray, bi)) => {
                    if pictures > 0 {
                        out.extend(lines.drain(..).map(|bi| (bi, BESIDE_PICTURE)));
                    }
                    break;
                }
                (Unit::Body | Unit::Cand, Some(bi)) if short_line(bi) => lines.push(bi),
                _ => break,
            }
        }
    }
    out
}

/// Reasons of [`captions_inside_paragraphs`].
const BESIDE_PICTURE: &str = "short line between the two halves of a paragraph cut by a picture, \
                              beside the picture's caption or credit: part of the caption";
const SET_INTO: &str = "short sentence between the two halves of a paragraph (the first stops \
                        mid-sentence, the second can only go on from it): a caption set into \
                        the paragraph";

/// Without a picture's caption or credit beside it: the block of one line,
/// no wider than a caption, after unit `p` (whose kept text `before` stops
/// inside a sentence, on a letter or a digit) when it is one sentence of
/// its own (it opens with a capital or a CJK letter, not with a quote, and
/// ends a sentence, its only one) and the block after it can only go on
/// from `before` (it opens in lowercase or with closing punctuation, see
/// [`continues`]): a caption set into the paragraph, which a line of the
/// paragraph would not be (it would go on from `before` itself, and nothing
/// could go on after its full stop).
fn sentence_set_into(
    cfg: &Config,
    page: &Page<'_>,
    stray: &[Option<lines::Stray>],
    units: &[Info],
    p: usize,
    before: &str,
) -> Option<usize> {
    let block = |q: usize, unit: Unit| units.get(q).filter(|u| u.unit == unit)?.block;
    let mid = block(p + 1, Unit::Body).or_else(|| block(p + 1, Unit::Cand))?;
    let next = block(p + 2, Unit::Body)?;
    let k = page.lone_line(stray, mid)?;
    let line = &page.lines[k].view;
    if page.lines[k].w > cfg.caption_max_width
        || !last_char(before).is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let opens = line
        .chars()
        .next()
        .is_some_and(|c| is_letter(c) && !c.is_lowercase());
    let inner = line.trim_end_matches(|c: char| {
        chars::is_sentence_final(c) || c == '.' || chars::is_closing(c)
    });
    let ok = opens
        && chars::ends_sentence(line)
        && !has_sentence_final(inner)
        && !continues(before, line)
        && continues(before, &kept_text(page, stray, next));
    ok.then_some(mid)
}

/// `解决的难题。 笑键事 重温入党誓词`: after the last sentence of a paragraph,
/// short CJK pieces separated by spaces and without punctuation. Wrapped body
/// text never holds spaces that close together, so the pieces are misread
/// caption or headline words, not the paragraph's next sentence.
fn caption_tail(line: &str) -> Option<Range<usize>> {
    let (p, c) = line
        .char_indices()
        .rev()
        .find(|(_, c)| chars::is_sentence_final(*c) || *c == '。')?;
    let start = p + c.len_utf8();
    let tail = &line[start..];
    if !tail.starts_with(char::is_whitespace) {
        return None;
    }
    let pieces: Vec<&str> = tail.split_whitespace().collect();
    // Single characters count among three pieces or more: spaces every
    // character or two are no line breaks of any column.
    let min_len = if pieces.len() >= 3 { 1 } else { 2 };
    let ok = pieces.len() >= 2
        && pieces.iter().all(|x| {
            let n = x.chars().count();
            (min_len..=8).contains(&n) && x.chars().all(chars::is_cjk_letter)
        })
        && !wider_than(tail, 16.0);
    let lead = tail.len() - tail.trim_start().len();
    ok.then(|| start + lead..line.trim_end().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cache gives what judging the line gives, the first time and
    /// again, for a line alone in its block and among others.
    #[test]
    fn cached_judgements_are_the_judgements() {
        let cfg = Config::default();
        let texts = [
            "本稿配图由区教育局提供",
            "第3版",
            "学生们在操场上开展活动",
            "（左一）",
            "Photo by Jane Doe",
            "x",
            "第3版",
            "强基固本",
        ];
        let mut cache = ShapeCache {
            on: true,
            ..ShapeCache::default()
        };
        for _ in 0..2 {
            for t in texts {
                let line = test_line(&cfg, t);
                for alone in [false, true] {
                    assert_eq!(
                        cache.judge(&cfg, &line, alone),
                        lines::judge(&cfg, t, line.w, alone),
                        "{t:?} alone {alone}"
                    );
                }
            }
        }
        // One entry per text and placement.
        assert_eq!(cache.entries.len(), 2 * 7);
    }

    /// The lines of `text` that one static pass removes as running heads.
    fn running_heads_of(text: &str) -> Vec<String> {
        let cfg = Config::default();
        let doc = Document::new("p", text);
        let plan = plan(&cfg, &doc, Phase::Static, &mut ShapeCache::default());
        let mut out = Vec::new();
        for (b, act) in doc.blocks().iter().zip(plan.actions) {
            for (r, kind, _) in act.removals {
                if kind == RemovalKind::RunningHead {
                    out.push(b.text()[r].to_string());
                }
            }
        }
        out
    }

    /// Two recurring lines above each page's first paragraph: the second
    /// stands between the first and the paragraph, first in its block only
    /// once the first goes; its key is tested first (it also heads the
    /// page above them, and keys are tested in the order they first occur).
    /// One pass removes both, as a second run would.
    #[test]
    fn a_running_head_first_in_its_block_once_another_goes() {
        let bodies = [
            "全体教师坚持立德树人，把思想政治工作贯穿教育教学全过程，取得明显成效。",
            "今年以来，学校新建实验室三间，组织学生参加各类竞赛四十余人次。",
            "下一步，学校将继续深化课程改革，让每一名学生都能得到全面发展。",
            "区教育局还组织了多次教研活动，全区教师参与热情高涨，效果良好。",
        ];
        let (first, second) = ("城市之声周刊", "校园生活专栏");
        let mut text = format!("{second}\n{}\n\n", bodies[3]);
        for body in &bodies[..3] {
            text.push_str(&format!("{first}\n{second}\n{body}\n\n"));
        }
        let heads = running_heads_of(&text);
        assert_eq!(heads.iter().filter(|h| *h == first).count(), 3, "{heads:?}");
        assert_eq!(
            heads.iter().filter(|h| *h == second).count(),
            4,
            "{heads:?}"
        );
    }

    /// A recurring line's neighbours are the nearest lines of running text,
    /// however many short lines stand between (here twenty subheads before
    /// each page's paragraph): different paragraphs after each occurrence.
    #[test]
    fn running_head_neighbours_are_found_past_many_short_lines() {
        let bodies = [
            "全体教师坚持立德树人，把思想政治工作贯穿教育教学全过程，取得明显成效。",
            "今年以来，学校新建实验室三间，组织学生参加各类竞赛四十余人次。",
            "下一步，学校将继续深化课程改革，让每一名学生都能得到全面发展。",
        ];
        let head = "城市之声周刊";
        let mut text = String::new();
        for (k, body) in bodies.iter().enumerate() {
            text.push_str(&format!("{head}\n\n"));
            for n in 0..20 {
                text.push_str(&format!("第{}组学生风采展示\n\n", k * 20 + n));
            }
            text.push_str(&format!("{body}\n\n"));
        }
        assert_eq!(running_heads_of(&text), vec![head; 3]);
    }

    fn test_line<'a>(cfg: &Config, t: &'a str) -> Line<'a> {
        Line {
            full: 0..t.len(),
            content: 0..t.len(),
            marked: false,
            inline_cont: false,
            view: Cow::Borrowed(t),
            w_raw: line_width(t, width_cap(cfg)),
            w: line_width(t, width_cap(cfg)),
        }
    }

    /// The cache is kept for a document of several pages of short lines,
    /// not for one page of them; long lines do not count.
    #[test]
    fn the_cache_is_kept_for_several_pages() {
        let cfg = Config::default();
        let long = "加强党对教育工作的全面领导，是办好教育的根本保证。".repeat(4);
        let page: Vec<Line<'_>> = (0..300)
            .map(|_| test_line(&cfg, "强基固本"))
            .chain((0..2000).map(|_| test_line(&cfg, &long)))
            .collect();
        let mut cache = ShapeCache::default();
        cache.start(&page);
        assert!(!cache.on);
        let issue: Vec<Line<'_>> = (0..1200).map(|_| test_line(&cfg, "强基固本")).collect();
        cache.start(&issue);
        assert!(cache.on);
        // Judged once, then found.
        let l = &issue[0];
        assert_eq!(cache.judge(&cfg, l, false), cache.judge(&cfg, l, false));
        assert_eq!(cache.entries.len(), 1);
        // A page's worth of lines that do not repeat: the cache is dropped.
        let texts: Vec<String> = (0..PAGE_LINES + 1)
            .map(|n| format!("第{n}行短句"))
            .collect();
        for t in &texts {
            let l = test_line(&cfg, t);
            assert_eq!(
                cache.judge(&cfg, &l, false),
                lines::judge(&cfg, t, l.w, false)
            );
        }
        assert!(!cache.on);
        assert_eq!(cache.entries.len(), PAGE_LINES);
    }

    #[test]
    fn tails() {
        let l = "解决的难题。 笑键事 重温入党誓词";
        let r = caption_tail(l).unwrap();
        assert_eq!(&l[r], "笑键事 重温入党誓词");
        assert!(caption_tail("解决的难题。 下一句话开始了").is_none());
        let l = "成长途径。 囗 运动 会剪影 乂";
        assert_eq!(&l[caption_tail(l).unwrap()], "囗 运动 会剪影 乂");
        assert!(caption_tail("成长途径。 我 们").is_none());
        assert!(caption_tail("It ended. He went home").is_none());
    }

    #[test]
    fn continuation() {
        assert!(continues(
            "结合学校“立己立人尽善尽美”办学理念，",
            "念，挖掘学校"
        ));
        assert!(continues("一所学校一片风景。", "景。巫溪县以"));
        assert!(continues("the city council voted", "to approve the plan."));
        assert!(!continues("完成了任务。", "近年来，学校"));
    }

    #[test]
    fn events() {
        assert_eq!(event_score("巫溪开展2024年教育系统党组织书记述职会"), 2);
        assert_eq!(event_score("山城区第八小学创客社团"), 0);
        // Every verb counts, wherever it stands.
        for v in EVENT_VERBS {
            assert_eq!(event_score(&format!("学生{v}同学")), 1, "{v}");
        }
    }
}
