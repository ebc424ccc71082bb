//! Paragraph reconstruction: re-joins paragraphs cut by column and page
//! breaks, tells titles, bylines and headings from body text, and splits a
//! page into articles.
//!
//! This crate is a stage of the galley pipeline: build [`Paragraphs`] once
//! from a [`Config`] and apply it to many [`Document`]s. It runs after the
//! cleanup stage and works alone on raw pages too (less well, never losing
//! text).
//!
//! What it does, in order:
//! 1. **Line breaks inside blocks.** Where a block holds several lines (one
//!    line per printed line, or a Latin archive without blank lines), it
//!    finds where paragraphs start (indentation, a sentence that ends on a
//!    short line, a heading-like line) and splits the block there; the
//!    other breaks are deleted (CJK) or become a space (Latin), each
//!    recorded as a `line_break` edit.
//! 2. **Seams between blocks.** For each pair of neighbouring blocks it
//!    decides join or break from evidence: sentence-final punctuation,
//!    brackets and quotes left open, a first character that cannot open a
//!    paragraph, a word that jieba finds across the seam, a column overlap
//!    (dropped as an `overlap` edit), the shape of both halves. A paragraph
//!    that goes on after a run of stray short blocks is joined across them.
//!    Every decision is noted with its reason.
//! 3. **Roles and articles.** Each block gets a [`Role`]: title, kicker,
//!    subtitle, byline, author note, heading or paragraph; the page is split
//!    into articles in reading order, and a headline found after its own
//!    story's first paragraphs is moved in front of them.
//!
//! ```
//! use galley_core::{Document, Role, Stage};
//! use galley_paragraphs::{Config, Paragraphs};
//!
//! let input = "教育强市基底\n\n教育兴则国家兴，教育强则国家\n\n强。作为战略先导，教育已铺开。\n\n王小寒";
//! let stage = Paragraphs::new(Config::default())?;
//! let mut doc = Document::new("page", input);
//! stage.apply(&mut doc)?;
//!
//! let texts: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
//! assert_eq!(texts, ["教育强市基底", "教育兴则国家兴，教育强则国家强。作为战略先导，教育已铺开。", "王小寒"]);
//! let roles: Vec<Role> = doc.blocks().iter().map(|b| b.role).collect();
//! assert_eq!(roles, [Role::Title, Role::Paragraph, Role::Byline]);
//!
//! // The joined paragraph keeps both source spans; the join is an edit.
//! let rec = doc.to_record();
//! let para = &rec.articles[0].blocks[0];
//! assert_eq!(para.spans.len(), 2);
//! assert_eq!(&input[para.spans[1]], "强。作为战略先导，教育已铺开。");
//! assert_eq!(rec.edits[0].kind.to_string(), "join");
//! // Every decision is noted for reviewers.
//! assert!(doc.notes().iter().any(|n| n.note.contains("one-character clause")));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Provenance
//!
//! The stage changes text only through the [`Document`] API: joins are
//! `join` edits over the blank lines between blocks, dropped column overlaps
//! are `overlap` edits, line breaks are `line_break` edits; splits and moves
//! keep every byte in a block. So every byte of the input stays in a block
//! or in the removal log, and every join and break is explained in
//! [`Document::notes`].
//!
//! # Crate features
//!
//! None. The jieba dictionary (jieba-rs's default dictionary) is loaded once
//! per process on first use, and is not loaded at all when
//! [`Config::jieba`] is off.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod lexicon;
mod lines;
mod roles;
mod seam;
mod text;

use galley_core::{Block, Document, EditKind, Span, Stage, TextEdit};
use serde::{Deserialize, Serialize};

pub use galley_core::Role;

/// The stage's options. Every field has a default; unknown keys are rejected.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    /// Use the jieba dictionary for the seam word test and for telling
    /// names from common words in bylines.
    pub jieba: bool,
    /// Decide paragraph starts inside multi-line blocks and turn the other
    /// line breaks into nothing (CJK) or a space (Latin).
    pub reflow_lines: bool,
    /// Join paragraphs cut by column and page breaks.
    pub join: bool,
    /// Assign roles and split the page into articles.
    pub articles: bool,
    /// Longest CJK title or heading, in characters (twice this with a heading marker).
    pub max_title_chars: usize,
    /// Longest Latin title or heading, in words (twice this with a heading marker).
    pub max_title_words: usize,
    /// Shortest line that can be a title when a headline deck has several lines.
    pub min_title_chars: usize,
    /// Longest line that is a kicker above a marked headline (`江津` above `### …`).
    pub max_kicker_chars: usize,
    /// Longest byline made of names only, in characters.
    pub max_byline_chars: usize,
    /// Longest column overlap to look for, in characters.
    pub overlap_max_chars: usize,
    /// How many short stray blocks (captions left in place) a paragraph may
    /// continue across.
    pub max_interleaved: usize,
    /// A printed line narrower than this share of the block's usual line
    /// width is a short line (a paragraph's last line, or a heading).
    pub short_line_ratio: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            jieba: true,
            reflow_lines: true,
            join: true,
            articles: true,
            max_title_chars: 48,
            max_title_words: 14,
            min_title_chars: 6,
            max_kicker_chars: 10,
            max_byline_chars: 16,
            overlap_max_chars: 4,
            max_interleaved: 8,
            short_line_ratio: 0.8,
        }
    }
}

/// The commented TOML of [`Config::default()`], for `galley config --default`.
pub const DEFAULT_TOML: &str = include_str!("default.toml");

/// Errors of this stage.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An option has a value the stage cannot use.
    #[error("invalid value for `{key}`: {message}")]
    InvalidOption {
        /// The option's key.
        key: &'static str,
        /// What is wrong with it.
        message: String,
    },
}

/// The stage, built once from its [`Config`].
#[derive(Debug, Clone, Default)]
pub struct Paragraphs {
    config: Config,
}

impl Paragraphs {
    /// Validate the config and build the stage (loading the jieba
    /// dictionary now, so that the first document does not pay for it).
    pub fn new(config: Config) -> Result<Paragraphs, Error> {
        if !(0.1..=1.0).contains(&config.short_line_ratio) {
            return Err(Error::InvalidOption {
                key: "short_line_ratio",
                message: format!("{} is not between 0.1 and 1.0", config.short_line_ratio),
            });
        }
        if config.overlap_max_chars > 16 {
            return Err(Error::InvalidOption {
                key: "overlap_max_chars",
                message: format!("{} is more than 16", config.overlap_max_chars),
            });
        }
        if config.max_title_chars == 0 || config.max_title_words == 0 {
            return Err(Error::InvalidOption {
                key: "max_title_chars",
                message: "titles must be allowed at least one character and one word".into(),
            });
        }
        if config.jieba {
            lexicon::jieba();
        }
        Ok(Paragraphs { config })
    }

    /// The stage's config.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Run the stage on one document: the clean entry point for fuzzing.
    /// Equivalent to [`Stage::apply`].
    pub fn run(&self, doc: &mut Document) -> Result<(), galley_core::Error> {
        let cfg = &self.config;
        if cfg.reflow_lines {
            lines::reflow(doc, cfg)?;
        }
        let joined = if cfg.join {
            join_blocks(doc, cfg)?
        } else {
            Joined::default()
        };
        if cfg.articles {
            assign_roles(doc, &joined, cfg)?;
        }
        Ok(())
    }
}

impl Stage for Paragraphs {
    fn name(&self) -> &'static str {
        "paragraphs"
    }

    fn apply(&self, doc: &mut Document) -> Result<(), galley_core::Error> {
        self.run(doc)
    }
}

/// How many removals lie between two source offsets.
#[cfg(test)]
fn removed_between(starts: &[usize], from: usize, to: usize) -> usize {
    let a = starts.partition_point(|&s| s < from);
    let b = starts.partition_point(|&s| s < to);
    b.saturating_sub(a)
}

/// [`removed_between`] for a pass whose `from` mostly grows: the search
/// starts where the last one ended (`cursor`) and gallops forward, so a pass
/// over a page reads the sorted removal starts about once instead of
/// bisecting them at every seam. Any order of calls gives the same counts.
fn removed_between_from(starts: &[usize], from: usize, to: usize, cursor: &mut usize) -> usize {
    let a = lower_bound_from(starts, from, *cursor);
    let b = lower_bound_from(starts, to, a);
    *cursor = a;
    b.saturating_sub(a)
}

/// The number of values of sorted `v` below `x`, searched from `hint`.
fn lower_bound_from(v: &[usize], x: usize, hint: usize) -> usize {
    let hint = hint.min(v.len());
    if hint > 0 && v.get(hint - 1).is_some_and(|&s| s >= x) {
        return v.get(..hint).map_or(0, |h| h.partition_point(|&s| s < x));
    }
    // Every value before `lo` is below `x`; probe `hint`, `hint + 1`,
    // `hint + 3`, … until a value is not.
    let mut lo = hint;
    let mut p = hint;
    while v.get(p).is_some_and(|&s| s < x) {
        lo = p + 1;
        p = hint + 2 * (p - hint) + 1;
    }
    let hi = p.min(v.len()).max(lo);
    lo + v.get(lo..hi).map_or(0, |w| w.partition_point(|&s| s < x))
}

/// What the seam test needs to know of one side: computed once per block,
/// and once per join for a growing paragraph, never once per seam.
#[derive(Clone, Copy, Debug)]
struct Feat {
    /// The text reads as Latin script.
    latin: bool,
    /// The Latin test read its whole window of characters: text appended
    /// to this one cannot change it.
    latin_settled: bool,
    shape: roles::Shape,
    /// The heading hint the block came with.
    hint_level: Option<u8>,
    /// The heading level: the hint, or a marker still in the text.
    level: Option<u8>,
}

impl Feat {
    fn of(text: &str, hint_level: Option<u8>, cfg: &Config) -> Feat {
        let (latin, latin_settled) = text::latin_window(text);
        Feat::with_latin(text, hint_level, latin, latin_settled, cfg)
    }

    fn with_latin(
        text: &str,
        hint_level: Option<u8>,
        latin: bool,
        latin_settled: bool,
        cfg: &Config,
    ) -> Feat {
        let level = hint_level.or_else(|| text::marker_level(text));
        Feat {
            latin,
            latin_settled,
            shape: roles::shape_of(text, level, cfg),
            hint_level,
            level,
        }
    }

    /// The features of `text`, which is the text these features were
    /// computed from with more text appended.
    fn grown(self, text: &str, cfg: &Config) -> Feat {
        let (latin, settled) = if self.latin_settled {
            (self.latin, true)
        } else {
            text::latin_window(text)
        };
        Feat::with_latin(text, self.hint_level, latin, settled, cfg)
    }
}

/// The features of block `k`, computed on first use.
fn feat_at(feats: &mut [Option<Feat>], blocks: &[Block], k: usize, cfg: &Config) -> Feat {
    if let Some(f) = feats.get(k).copied().flatten() {
        return f;
    }
    let f = match blocks.get(k) {
        Some(b) => Feat::of(b.text(), b.hint.heading_level, cfg),
        None => Feat::of("", None, cfg),
    };
    if let Some(slot) = feats.get_mut(k) {
        *slot = Some(f);
    }
    f
}

fn sides(a: &Feat, b: &Feat) -> seam::Sides {
    seam::Sides {
        latin: a.latin && b.latin,
        a_headline: a.shape == roles::Shape::Headline || a.level.is_some(),
        b_headline: b.shape == roles::Shape::Headline || b.level.is_some(),
        meta: a.shape.is_meta() || b.shape.is_meta(),
        in_block: false,
        across: false,
    }
}

/// Decide every seam between neighbouring blocks and join where the
/// evidence says one paragraph was cut.
///
/// Decisions are made left to right on a virtual list (a linked list of the
/// blocks still standing, and the text of the growing paragraph, appended
/// to in place), then all joins are made in one batch: the cost stays
/// linear in the input however many joins a page needs. Each block's
/// features are computed once.
fn join_blocks(doc: &mut Document, cfg: &Config) -> Result<Joined, galley_core::Error> {
    // Blocks a paragraph went on across (by index before the joins).
    let mut strays: Vec<usize> = Vec::new();
    let mut starts: Vec<usize> = doc.removed().iter().map(|r| r.span.start).collect();
    starts.sort_unstable();
    let blocks = doc.blocks();
    let n = blocks.len();
    // Each block's features, computed when the seam pass first reaches the
    // block (its text is then read once while it is in cache).
    let mut feats: Vec<Option<Feat>> = vec![None; n];
    // next[i]: the block after i that is still standing (n = none).
    let mut next: Vec<usize> = (1..=n).collect();
    // The paragraph growing at the current head, once something was joined
    // to it: its features and source end; its text is `buf` (one buffer
    // serves every paragraph in turn).
    let mut grown: Option<(Feat, usize)> = None;
    let mut buf = String::new();
    let mut joins: Vec<(usize, usize, &'static str)> = Vec::new();
    // Overlaps to drop, per head: offsets in the head's joined text.
    let mut overlaps: Vec<(usize, usize, usize)> = Vec::new();
    let mut notes: Vec<(Span, String)> = Vec::with_capacity(n);
    // Where the last count of removals started.
    let mut cursor = 0;
    // The brackets left open at the end of the head block, when known.
    let mut head_open: Option<Vec<char>> = None;
    let mut i = 0;
    while i < n && next[i] < n {
        let ip1 = next[i];
        let (head, head_feat, a_end) = match &grown {
            Some((f, end)) => (buf.as_str(), *f, *end),
            None => (
                blocks[i].text(),
                feat_at(&mut feats, blocks, i, cfg),
                blocks[i].source_range().end,
            ),
        };
        let s = sides(&head_feat, &feat_at(&mut feats, blocks, ip1, cfg));
        // The brackets left open by the head are known when the head is a
        // block's own text that the last seam test read whole.
        let mut marks = seam::Marks {
            a_open: if grown.is_none() {
                head_open.take()
            } else {
                None
            },
            b_open: None,
        };
        let mut d = seam::decide_with(head, blocks[ip1].text(), s, cfg, &mut marks);
        let ip1_open = marks.b_open.take();
        let mut j = ip1;
        // The standing block before j (to unlink j when it is joined).
        let mut before_j = i;
        // A paragraph that goes on after stray short blocks left in place.
        if !d.join && s.b_headline && !s.meta && !s.a_headline {
            let a = head;
            // Whether the first half wants more text: read only when the
            // answer decides something (a strong join past the strays that
            // is not a column overlap, or no overlap test at all).
            let wants_more = || !text::ends_final(a) || !text::open_marks(a).is_empty();
            if cfg.overlap_max_chars > 0 || wants_more() {
                let mut prev_k = ip1;
                let mut k = next[ip1];
                let mut skipped = 1;
                while k < n && skipped <= cfg.max_interleaved {
                    let fk = feat_at(&mut feats, blocks, k, cfg);
                    let mut sk = sides(&head_feat, &fk);
                    sk.across = true;
                    // A stray block with edits of its own is not skipped.
                    if sk.meta || fk.level.is_some() || blocks[k].edits().next().is_some() {
                        break;
                    }
                    if sk.b_headline {
                        prev_k = k;
                        k = next[k];
                        skipped += 1;
                        continue;
                    }
                    let dk = seam::decide(a, blocks[k].text(), sk, cfg);
                    // One line kept in doubt between a first half that stops
                    // on a letter inside a sentence of running prose (a
                    // clause of it set off by a comma: no header or title)
                    // and a second that goes on with a letter (not a quote
                    // or bracket that opens a paragraph): a caption set
                    // into the paragraph, as the weaker join says.
                    let in_doubt = skipped == 1
                        && blocks[ip1].hint.doubtful
                        && text::last_char(a).is_some_and(char::is_alphanumeric)
                        && blocks[k]
                            .text()
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric)
                        && text::has_inner_comma(text::last_sentence(a));
                    if dk.join && (dk.strong || in_doubt) && (dk.overlap > 0 || wants_more()) {
                        d = dk;
                        let past = if d.strong {
                            format!("{skipped} stray short block(s)")
                        } else {
                            "a short line the cleanup kept in doubt as a caption".to_string()
                        };
                        d.reason =
                            format!("{} (the paragraph goes on after {past})", d.reason).into();
                        j = k;
                        before_j = prev_k;
                    }
                    break;
                }
            }
        }
        let b_start = blocks[j].source_range().start;
        let gap = Span::new(a_end.min(b_start), b_start.max(a_end));
        let stray = removed_between_from(&starts, a_end, b_start, &mut cursor);
        let mut reason = d.reason;
        if stray > 0 {
            reason.to_mut().push_str(&format!(
                " ({stray} removed stray piece(s) between the halves)"
            ));
        }
        if d.join && a_end <= b_start {
            let sep: &'static str = if s.latin && !head.ends_with('-') {
                " "
            } else {
                ""
            };
            let a_len = head.len();
            notes.push((gap, text::prefixed("join: ", &reason)));
            let mut k = ip1;
            while k != j && k < n {
                strays.push(k);
                k = next[k];
            }
            if d.overlap > 0 {
                let at = a_len + sep.len();
                overlaps.push((i, at, at + d.overlap));
            }
            joins.push((i, j, sep));
            if grown.is_none() {
                buf.clear();
                buf.push_str(blocks[i].text());
            }
            buf.push_str(sep);
            buf.push_str(blocks[j].text());
            let f = head_feat.grown(&buf, cfg);
            grown = Some((f, blocks[j].source_range().end));
            next[before_j] = next[j];
        } else {
            notes.push((gap, text::prefixed("break: ", &reason)));
            // A finished paragraph's features are those of its block now.
            if let Some((f, _)) = grown.take() {
                feats[i] = Some(f);
            }
            i = ip1;
            head_open = ip1_open;
        }
    }
    if let Some((f, _)) = grown.take() {
        if let Some(slot) = feats.get_mut(i) {
            *slot = Some(f);
        }
    }
    // Every block was reached by the seam pass; the shapes are read now,
    // before the notes borrow the document.
    let shapes: Vec<(roles::Shape, Option<u8>)> = (0..n)
        .map(|k| {
            let f = feat_at(&mut feats, blocks, k, cfg);
            (f.shape, f.level)
        })
        .collect();
    for (span, note) in notes {
        doc.note("paragraphs", span, note);
    }
    // Index of each head once the joined blocks are gone.
    let mut gone = vec![false; n];
    for &(_, b, _) in &joins {
        gone[b] = true;
    }
    let mut new_index = vec![0usize; n];
    let mut count = 0;
    for k in 0..n {
        new_index[k] = count;
        if !gone[k] {
            count += 1;
        }
    }
    // Dropped overlaps change a paragraph's text: its shape is found anew.
    let mut stale = vec![false; n];
    for &(head, _, _) in &overlaps {
        stale[head] = true;
    }
    let mut out = Joined {
        stray: vec![false; count],
        shapes: Some(
            (0..n)
                .filter(|&k| !gone[k])
                .map(|k| (!stale[k]).then_some(shapes[k]))
                .collect(),
        ),
    };
    for k in strays {
        if !gone[k] {
            if let Some(s) = out.stray.get_mut(new_index[k]) {
                *s = true;
            }
        }
    }
    if joins.is_empty() {
        return Ok(out);
    }
    doc.join_many(&joins)?;
    // Drop the overlaps, all edits of one paragraph in one batch (offsets
    // are in the joined text before any of them is applied).
    overlaps.sort_unstable();
    let mut k = 0;
    while k < overlaps.len() {
        let head = overlaps[k].0;
        let mut edits = Vec::new();
        while k < overlaps.len() && overlaps[k].0 == head {
            edits.push(TextEdit::delete(
                overlaps[k].1..overlaps[k].2,
                EditKind::Overlap,
            ));
            k += 1;
        }
        doc.edit_block(new_index[head], edits)?;
    }
    Ok(out)
}

/// What the join pass leaves for the role pass, by block index after the
/// joins: which blocks a paragraph went on across (stray captions left in
/// place), and each block's shape and heading level where they are already
/// known.
#[derive(Debug, Default)]
struct Joined {
    stray: Vec<bool>,
    shapes: Option<Vec<roles::Known>>,
}

/// For each block, whether a piece of the input that the cleanup stage
/// removed as `kind` stands between it and the block before it. (Without
/// such removals, which is usual, no block is read.)
fn after_removals(doc: &Document, kind: galley_core::RemovalKind) -> Vec<bool> {
    let mut marks: Vec<usize> = doc
        .removed()
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.span.start)
        .collect();
    marks.sort_unstable();
    doc.blocks()
        .iter()
        .take(if marks.is_empty() { 0 } else { usize::MAX })
        .enumerate()
        .map(|(k, b)| {
            let start = b.source_range().start;
            let after = k
                .checked_sub(1)
                .and_then(|p| doc.blocks().get(p))
                .map_or(0, |p| p.source_range().end);
            let at = marks.partition_point(|&m| m < after);
            marks.get(at).is_some_and(|&m| m < start)
        })
        .collect()
}

/// Set every block's role and article, and move headlines found after
/// their story's first paragraphs in front of them.
fn assign_roles(
    doc: &mut Document,
    joined: &Joined,
    cfg: &Config,
) -> Result<(), galley_core::Error> {
    // Blocks after a continuation mark the cleanup stage removed: the text
    // before the mark jumps to another page, so its article ends there.
    let jumped = after_removals(doc, galley_core::RemovalKind::Continuation);
    // Blocks after garbage the cleanup stage removed (pieces of another
    // story's headline, misread captions): layout debris at a story's edge.
    let after_garbage = after_removals(doc, galley_core::RemovalKind::Noise);
    let plan = roles::plan(
        doc.blocks(),
        &joined.stray,
        &roles::Edges {
            jumped: &jumped,
            after_garbage: &after_garbage,
        },
        joined.shapes.as_deref(),
        cfg,
    );
    for (k, (why_at, why)) in plan.reasons.iter().enumerate() {
        if let Some(b) = doc.blocks().get(*why_at) {
            let span = b.source_range();
            doc.note(
                "paragraphs",
                span,
                format!("article {} starts: {why}", k + 1),
            );
        }
    }
    for (k, b) in doc.blocks_mut().iter_mut().enumerate() {
        b.role = plan.roles.get(k).copied().unwrap_or_default();
        b.article = plan.articles.get(k).copied().unwrap_or(0);
    }
    // Realise the new order (it moves late headlines before their story).
    let identity = plan.order.iter().enumerate().all(|(p, &k)| p == k);
    if !identity {
        if plan.order.len() == doc.blocks().len() {
            doc.reorder_blocks(&plan.order)?;
        } else {
            // A partial order: realise it with moves.
            let mut ids: Vec<usize> = (0..doc.blocks().len()).collect();
            for (pos, &want) in plan.order.iter().enumerate() {
                if ids.get(pos) == Some(&want) {
                    continue;
                }
                if let Some(from) = ids.iter().position(|&x| x == want) {
                    doc.move_block(from, pos)?;
                    let id = ids.remove(from);
                    ids.insert(pos, id);
                }
            }
        }
    }
    // Article numbers in reading order (the plan's numbers are below the
    // number of blocks: a table, not a hash map).
    let mut map: Vec<Option<usize>> = Vec::new();
    let mut count = 0;
    for b in doc.blocks_mut() {
        if map.len() <= b.article {
            map.resize(b.article + 1, None);
        }
        if let Some(slot) = map.get_mut(b.article) {
            b.article = *slot.get_or_insert_with(|| {
                count += 1;
                count - 1
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_is_the_default_config() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(parsed, Config::default());
    }

    #[test]
    fn galloping_count_is_the_plain_count() {
        // Generated sorted lists and calls in any order (mostly growing, as
        // in a pass over a page): the galloping count is the bisecting one.
        let mut rnd = crate::text::tests::rng(11);
        for _ in 0..300 {
            let mut starts: Vec<usize> = (0..rnd(60)).map(|_| rnd(500)).collect();
            starts.sort_unstable();
            let mut cursor = rnd(80);
            let mut from = 0;
            for _ in 0..40 {
                from = if rnd(5) == 0 {
                    rnd(520)
                } else {
                    from + rnd(40)
                };
                let to = if rnd(4) == 0 {
                    rnd(520)
                } else {
                    from + rnd(60)
                };
                assert_eq!(
                    removed_between_from(&starts, from, to, &mut cursor),
                    removed_between(&starts, from, to),
                    "{starts:?} {from} {to}"
                );
            }
        }
    }

    #[test]
    fn misspelt_key_fails() {
        assert!(toml::from_str::<Config>("max_title_char = 3").is_err());
    }

    #[test]
    fn bad_values_fail() {
        let c = Config {
            short_line_ratio: 2.0,
            ..Config::default()
        };
        assert!(Paragraphs::new(c).is_err());
    }
}
