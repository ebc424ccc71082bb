//! The document: the original input, the kept blocks, and the removal log.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::block::Block;
use crate::chars::is_blank;
#[cfg(test)]
use crate::EditKind;
use crate::{Error, RemovalKind, Span, TextEdit};

/// A piece of the input that is in no kept block, with why it was taken out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removal {
    /// What kind of stray piece it is.
    pub kind: RemovalKind,
    /// Its source span.
    pub span: Span,
    /// Its source text.
    pub text: String,
    /// A human-readable reason.
    pub reason: String,
}

/// A decision a stage made and wants a reviewer to be able to read (a join
/// or a break between blocks, a doubtful line kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// The stage that made the decision.
    pub stage: String,
    /// The source span the decision is about.
    pub span: Span,
    /// What was decided and why.
    pub note: String,
}

/// Per-article results that are not blocks: the summary and keywords.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    /// Summary sentences, verbatim from the article's paragraphs, in document order.
    pub summary: Vec<String>,
    /// Keywords, ranked.
    pub keywords: Vec<String>,
}

/// What [`Document::remove_many`] takes out of one block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cut {
    /// The whole block, with the removal's kind and reason.
    Whole(RemovalKind, String),
    /// Ranges of the block's text, each with its kind and reason.
    Ranges(Vec<(std::ops::Range<usize>, RemovalKind, String)>),
}

/// Where lossy decoding replaced invalid UTF-8 with U+FFFD.
#[derive(Clone, Debug, Default)]
pub(crate) struct Decoding {
    /// `(decoded offset, raw offset)` right after each replacement.
    pub(crate) marks: Vec<(usize, usize)>,
    /// Raw byte spans that were not valid UTF-8.
    pub(crate) invalid: Vec<Span>,
    pub(crate) raw_len: usize,
}

impl Decoding {
    /// Map an offset of the decoded text to an offset of the raw bytes.
    pub(crate) fn to_raw(&self, pos: usize) -> usize {
        let i = self.marks.partition_point(|&(d, _)| d <= pos);
        if i == 0 {
            pos
        } else {
            let (d, r) = self.marks[i - 1];
            r + (pos - d)
        }
    }
}

/// One document going through the pipeline.
///
/// It owns the original input and never changes it. The text that is kept
/// lives in [`Block`]s, each of which maps its text back to the input; text
/// leaves a block only through [`Document::remove_block`],
/// [`Document::remove_ranges`] or an edit, each of which is logged. So at any
/// point every non-blank byte of the input is in exactly one block or one
/// removal.
///
/// A new document is split into blocks at blank lines, each block trimmed of
/// surrounding whitespace.
///
/// ```
/// use galley_core::{Document, EditKind, RemovalKind, TextEdit};
///
/// let mut doc = Document::new("p1", "图片由本报提供\n\n我们 的学校");
/// assert_eq!(doc.blocks().len(), 2);
/// doc.remove_block(0, RemovalKind::Credit, "picture credit")?;
/// let space = doc.blocks()[0].text().find(' ').unwrap();
/// doc.edit_block(0, vec![TextEdit::delete(space..space + 1, EditKind::CjkSpace)])?;
/// assert_eq!(doc.blocks()[0].text(), "我们的学校");
/// let rec = doc.to_record();
/// assert_eq!(rec.removed[0].span.range(), 0..21);
/// assert_eq!(rec.edits[0].span.range(), 29..30);
/// # Ok::<(), galley_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Document {
    id: String,
    source: Option<String>,
    input: Arc<str>,
    decoding: Option<Decoding>,
    blocks: Vec<Block>,
    removed: Vec<Removal>,
    notes: Vec<Note>,
    articles: Vec<ArticleInfo>,
    warnings: Vec<String>,
}

impl Document {
    /// A document over valid UTF-8 text, split into blocks at blank lines.
    pub fn new(id: impl Into<String>, input: impl Into<Arc<str>>) -> Document {
        let input = input.into();
        let blocks = split_blank_lines(&input)
            .into_iter()
            .map(|s| Block::from_source(&input, s))
            .collect();
        Document {
            id: id.into(),
            source: None,
            input,
            decoding: None,
            blocks,
            removed: Vec::new(),
            notes: Vec::new(),
            articles: vec![ArticleInfo::default()],
            warnings: Vec::new(),
        }
    }

    /// A document over raw bytes. Invalid UTF-8 is replaced with U+FFFD and
    /// reported: the record lists the invalid byte spans, carries a warning,
    /// and gives every span in offsets of the raw bytes.
    pub fn from_bytes(id: impl Into<String>, bytes: &[u8]) -> Document {
        match std::str::from_utf8(bytes) {
            Ok(s) => Document::new(id, s),
            Err(_) => {
                let mut text = String::with_capacity(bytes.len() + 16);
                let mut dec = Decoding {
                    raw_len: bytes.len(),
                    ..Decoding::default()
                };
                let mut raw = 0;
                for chunk in bytes.utf8_chunks() {
                    text.push_str(chunk.valid());
                    raw += chunk.valid().len();
                    let bad = chunk.invalid();
                    if !bad.is_empty() {
                        text.push('\u{FFFD}');
                        match dec.invalid.last_mut() {
                            Some(last) if last.end == raw => last.end += bad.len(),
                            _ => dec.invalid.push(Span::new(raw, raw + bad.len())),
                        }
                        raw += bad.len();
                        dec.marks.push((text.len(), raw));
                    }
                }
                let n: usize = dec.invalid.iter().map(|s| s.len()).sum();
                let mut doc = Document::new(id, text);
                doc.warnings.push(format!(
                    "input is not valid UTF-8: {n} byte(s) in {} place(s) replaced with U+FFFD",
                    dec.invalid.len()
                ));
                doc.decoding = Some(dec);
                doc
            }
        }
    }

    /// Decode strictly: an error naming the first invalid byte if `bytes` is not UTF-8.
    pub fn from_bytes_strict(id: impl Into<String>, bytes: &[u8]) -> Result<Document, Error> {
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(Document::new(id, s)),
            Err(e) => Err(Error::InvalidUtf8 {
                offset: e.valid_up_to(),
            }),
        }
    }

    /// Set the label of where the input came from (a path).
    pub fn with_source(mut self, source: impl Into<String>) -> Document {
        self.source = Some(source.into());
        self
    }

    /// The document's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Where the input came from, if known.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The original input (after lossy decoding, if it was not UTF-8).
    pub fn input(&self) -> &str {
        &self.input
    }

    /// A shared handle to the original input.
    pub fn input_arc(&self) -> Arc<str> {
        Arc::clone(&self.input)
    }

    /// The kept blocks, in reading order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// Mutable access to the blocks, to set roles, articles and hints or to
    /// apply edits. Blocks cannot be dropped through this slice.
    pub fn blocks_mut(&mut self) -> &mut [Block] {
        &mut self.blocks
    }

    /// The removal log.
    pub fn removed(&self) -> &[Removal] {
        &self.removed
    }

    /// Decisions that stages noted.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }

    /// Warnings about the input (lossy decoding).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Add a warning about the input, carried into the record.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(message.into());
    }

    /// Per-article summaries and keywords; index with a block's `article`.
    pub fn articles(&self) -> &[ArticleInfo] {
        &self.articles
    }

    /// Mutable per-article info; grows the list so that `index` exists.
    pub fn article_mut(&mut self, index: usize) -> &mut ArticleInfo {
        if self.articles.len() <= index {
            self.articles.resize_with(index + 1, ArticleInfo::default);
        }
        &mut self.articles[index]
    }

    /// Record a decision about `span` for reviewers.
    pub fn note(&mut self, stage: &str, span: Span, note: impl Into<String>) {
        self.notes.push(Note {
            stage: stage.to_string(),
            span,
            note: note.into(),
        });
    }

    fn check_index(&self, index: usize) -> Result<(), Error> {
        if index < self.blocks.len() {
            Ok(())
        } else {
            Err(Error::NoSuchBlock {
                index,
                len: self.blocks.len(),
            })
        }
    }

    fn log_removals(&mut self, spans: Vec<Span>, kind: RemovalKind, reason: &str) {
        for span in spans {
            if self.input[span].chars().all(is_blank) {
                continue;
            }
            self.removed.push(Removal {
                kind,
                span,
                text: self.input[span].to_string(),
                reason: reason.to_string(),
            });
        }
    }

    /// Remove a whole block, logging its source as removed.
    pub fn remove_block(
        &mut self,
        index: usize,
        kind: RemovalKind,
        reason: &str,
    ) -> Result<(), Error> {
        self.check_index(index)?;
        let block = self.blocks.remove(index);
        let spans = block.spans();
        self.log_removals(spans, kind, reason);
        Ok(())
    }

    /// Remove several pieces of one block's text, each logged with its kind
    /// and reason. Ranges are offsets into the block's current text and must
    /// not overlap. A block left with only whitespace is removed whole (its
    /// remaining source logged with the last kind and reason).
    pub fn remove_ranges(
        &mut self,
        index: usize,
        ranges: Vec<(std::ops::Range<usize>, RemovalKind, String)>,
    ) -> Result<(), Error> {
        self.check_index(index)?;
        if ranges.is_empty() {
            return Ok(());
        }
        match self.cut_ranges(index, ranges)? {
            None => {}
            Some(None) => {
                // Only inserted text is left: no input byte goes with it.
                self.blocks.remove(index);
            }
            Some(Some((kind, reason))) => self.remove_block(index, kind, &reason)?,
        }
        Ok(())
    }

    /// Cut `ranges` out of block `index`, logging each, and say whether the
    /// block must go: `None` it stays; `Some(None)` only inserted text is
    /// left (nothing to log); `Some(Some(kind, reason))` only blank text is
    /// left, to be logged with the last range's kind and reason.
    fn cut_ranges(
        &mut self,
        index: usize,
        mut ranges: Vec<(std::ops::Range<usize>, RemovalKind, String)>,
    ) -> Result<Option<Option<(RemovalKind, String)>>, Error> {
        if ranges.is_empty() {
            return Ok(None);
        }
        ranges.sort_by_key(|r| (r.0.start, r.0.end));
        // Cut from the end so that earlier offsets stay valid.
        for (range, kind, reason) in ranges.iter().rev() {
            let spans = self.blocks[index].cut(vec![range.clone()])?;
            self.log_removals(spans, *kind, reason);
        }
        let block = &mut self.blocks[index];
        block.trim_copy_whitespace();
        if block.spans().is_empty() {
            Ok(Some(None))
        } else if block.text().trim().is_empty() {
            let (_, kind, reason) = &ranges[ranges.len() - 1];
            Ok(Some(Some((
                *kind,
                format!("{reason} (nothing else left in the block)"),
            ))))
        } else {
            Ok(None)
        }
    }

    /// Take many pieces out of many blocks at once: each entry names a block
    /// (index in the current order, at most once) and either the whole block
    /// or ranges of its text, each with its kind and reason, as
    /// [`Document::remove_block`] and [`Document::remove_ranges`] would. A
    /// block left blank goes whole. Returns the indices (numbering before the
    /// call, ascending) of the blocks that are gone. Cost: one pass over the
    /// blocks, however many are touched.
    pub fn remove_many(&mut self, plan: Vec<(usize, Cut)>) -> Result<Vec<usize>, Error> {
        let n = self.blocks.len();
        let mut seen = vec![false; n];
        for (i, _) in &plan {
            self.check_index(*i)?;
            if std::mem::replace(&mut seen[*i], true) {
                return Err(Error::NoSuchBlock { index: *i, len: n });
            }
        }
        // The blocks that go, with their kind and reason, or `None` when
        // only inserted text was left (nothing to log).
        let mut goes: Vec<(usize, Option<(RemovalKind, String)>)> = Vec::new();
        for (i, cut) in plan {
            match cut {
                Cut::Whole(kind, reason) => goes.push((i, Some((kind, reason)))),
                Cut::Ranges(ranges) => {
                    if let Some(why) = self.cut_ranges(i, ranges)? {
                        goes.push((i, why));
                    }
                }
            }
        }
        if goes.is_empty() {
            return Ok(Vec::new());
        }
        // Logged in the order of the blocks, then all dropped in one pass.
        goes.sort_unstable_by_key(|g| g.0);
        for (i, why) in &goes {
            if let Some((kind, reason)) = why {
                let spans = self.blocks[*i].spans();
                self.log_removals(spans, *kind, reason);
            }
        }
        let gone: Vec<usize> = goes.into_iter().map(|g| g.0).collect();
        let mut next = gone.iter().peekable();
        let mut i = 0;
        self.blocks.retain(|_| {
            let keep = next.next_if_eq(&&i).is_none();
            i += 1;
            keep
        });
        Ok(gone)
    }

    /// Apply edits to one block (see [`Block::apply`]).
    pub fn edit_block(&mut self, index: usize, edits: Vec<TextEdit>) -> Result<(), Error> {
        self.check_index(index)?;
        self.blocks[index].apply(edits)
    }

    /// Split block `index` at byte `at` of its text into two blocks; the
    /// whitespace around the cut is dropped. Both halves keep the block's
    /// role, article and hints. An empty half is not kept.
    pub fn split_block(&mut self, index: usize, at: usize) -> Result<(), Error> {
        self.check_index(index)?;
        let (left, right) = self.blocks[index].split_at(at)?;
        let halves: Vec<Block> = [left, right]
            .into_iter()
            .filter_map(|h| self.keep_piece(h))
            .collect();
        self.blocks.splice(index..=index, halves);
        Ok(())
    }

    /// A piece of a split block, if it is worth keeping: a piece with only
    /// inserted text (no source) is dropped, nothing of the input is lost; a
    /// blank piece is dropped and its source logged as noise.
    fn keep_piece(&mut self, piece: Block) -> Option<Block> {
        let spans = piece.spans();
        if spans.is_empty() {
            return None;
        }
        if piece.text().trim().is_empty() {
            self.log_removals(spans, RemovalKind::Noise, "nothing left after edits");
            return None;
        }
        Some(piece)
    }

    /// Split block `index` at several offsets of its text at once (the
    /// offsets in any order). Offsets that cannot be split at (inside an
    /// edit, not a char boundary, out of range, or at either end) are skipped
    /// and returned, so that the caller can note them. Cost: one pass over
    /// the block and one splice, however many cuts.
    pub fn split_block_at(&mut self, index: usize, cuts: &[usize]) -> Result<Vec<usize>, Error> {
        self.check_index(index)?;
        let block = &self.blocks[index];
        let len = block.text().len();
        let mut ok: Vec<usize> = Vec::with_capacity(cuts.len());
        let mut skipped = Vec::new();
        let mut sorted = cuts.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        for at in sorted {
            if at > 0 && at < len && block.can_split_at(at) {
                ok.push(at);
            } else {
                skipped.push(at);
            }
        }
        if ok.is_empty() {
            return Ok(skipped);
        }
        let pieces = block.split_many(&ok)?;
        let keep: Vec<Block> = pieces
            .into_iter()
            .filter_map(|p| self.keep_piece(p))
            .collect();
        self.blocks.splice(index..=index, keep);
        Ok(skipped)
    }

    /// Split several blocks at once: `plan` lists `(block index, offsets)`
    /// (indices in the current order, each block at most once). Offsets are
    /// filtered as by [`Document::split_block_at`]. Returns, for each entry
    /// of `plan` in the order given, the new index of its first piece and the
    /// number of pieces kept. Cost: one pass over the blocks, however many
    /// blocks are split.
    pub fn split_blocks_at(
        &mut self,
        plan: &[(usize, Vec<usize>)],
    ) -> Result<Vec<(usize, usize)>, Error> {
        let n = self.blocks.len();
        let mut cuts_of: Vec<Option<usize>> = vec![None; n];
        for (k, (i, _)) in plan.iter().enumerate() {
            self.check_index(*i)?;
            if cuts_of[*i].replace(k).is_some() {
                return Err(Error::NoSuchBlock { index: *i, len: n });
            }
        }
        // Split every planned block first (fallible), then rebuild the list.
        let mut pieces_of: Vec<Option<Vec<Block>>> = vec![None; plan.len()];
        for (k, (i, cuts)) in plan.iter().enumerate() {
            let block = &self.blocks[*i];
            let len = block.text().len();
            let mut ok: Vec<usize> = cuts
                .iter()
                .copied()
                .filter(|&at| at > 0 && at < len && block.can_split_at(at))
                .collect();
            ok.sort_unstable();
            ok.dedup();
            if !ok.is_empty() {
                pieces_of[k] = Some(block.split_many(&ok)?);
            }
        }
        let mut out = vec![(0usize, 0usize); plan.len()];
        let old = std::mem::take(&mut self.blocks);
        for (i, block) in old.into_iter().enumerate() {
            let Some(k) = cuts_of[i] else {
                self.blocks.push(block);
                continue;
            };
            let start = self.blocks.len();
            match pieces_of[k].take() {
                None => self.blocks.push(block),
                Some(pieces) => {
                    for piece in pieces {
                        if let Some(piece) = self.keep_piece(piece) {
                            self.blocks.push(piece);
                        }
                    }
                }
            }
            out[k] = (start, self.blocks.len() - start);
        }
        Ok(out)
    }

    /// Make many joins at once: each `(first, second, sep)` appends block
    /// `second` to block `first` (indices in the current order, `first <
    /// second`). Chains are allowed: `(1, 2)` and `(1, 4)` make one block
    /// of 1, 2 and 4 (3 stays where it is); `(1, 2)` and `(2, 3)` make one
    /// block of 1, 2 and 3. Each join is recorded as by
    /// [`Document::join_blocks`]. Cost: one pass over the blocks, however
    /// many joins. Nothing changes if any join is invalid.
    pub fn join_many(&mut self, joins: &[(usize, usize, &str)]) -> Result<(), Error> {
        let n = self.blocks.len();
        let mut into: Vec<Option<(usize, &str)>> = vec![None; n];
        for &(a, b, sep) in joins {
            self.check_index(a)?;
            self.check_index(b)?;
            if a >= b || into[b].is_some() {
                return Err(Error::JoinOrder {
                    first: a,
                    second: b,
                });
            }
            into[b] = Some((a, sep));
        }
        // Root of each joined block, and a dry run of the source-order check.
        let mut root: Vec<usize> = (0..n).collect();
        // The source end of each root so far, read from its block only when
        // something is joined to it (`usize::MAX`: not read yet).
        let mut end: Vec<usize> = vec![usize::MAX; n];
        // What each root gains: text bytes and segments, reserved at once.
        let mut gain: Vec<(usize, usize)> = vec![(0, 0); n];
        for k in 0..n {
            if let Some((a, sep)) = into[k] {
                let r = root[a];
                root[k] = r;
                gain[r].0 += sep.len() + self.blocks[k].text().len();
                gain[r].1 += 1 + self.blocks[k].segment_count();
                if end[r] == usize::MAX {
                    end[r] = self.blocks[r].source_range().end;
                }
                let start = self.blocks[k].source_range().start;
                if end[r] > start {
                    return Err(Error::JoinOrder {
                        first: a,
                        second: k,
                    });
                }
                end[r] = self.blocks[k].source_range().end;
            }
        }
        // In place: the blocks kept so far fill `blocks[..w]`, in order; a
        // joined block is taken out (an empty block, which owns no memory,
        // stands in its place) and appended to its root, which is kept and
        // lies before it. No second list of blocks is built.
        let mut newpos = vec![usize::MAX; n];
        let mut w = 0;
        for k in 0..n {
            match into[k] {
                None => {
                    self.blocks.swap(w, k);
                    if gain[k] != (0, 0) {
                        self.blocks[w].reserve(gain[k].0, gain[k].1);
                    }
                    newpos[k] = w;
                    w += 1;
                }
                Some((_, sep)) => {
                    let at = newpos[root[k]];
                    let block = std::mem::replace(&mut self.blocks[k], Block::placeholder());
                    let gap = self.join_gap(
                        self.blocks[at].source_range().end,
                        block.source_range().start,
                    );
                    self.blocks[at].append(gap, sep, block);
                }
            }
        }
        self.blocks.truncate(w);
        Ok(())
    }

    /// Remove many whole blocks at once (indices in the current order, each
    /// with its kind and reason), logging their source. Cost: one pass.
    pub fn remove_blocks(
        &mut self,
        removals: Vec<(usize, RemovalKind, String)>,
    ) -> Result<(), Error> {
        let n = self.blocks.len();
        let mut why: Vec<Option<(RemovalKind, String)>> = vec![None; n];
        for (i, kind, reason) in removals {
            self.check_index(i)?;
            why[i] = Some((kind, reason));
        }
        let old = std::mem::take(&mut self.blocks);
        for (block, w) in old.into_iter().zip(why) {
            match w {
                None => self.blocks.push(block),
                Some((kind, reason)) => self.log_removals(block.spans(), kind, &reason),
            }
        }
        Ok(())
    }

    /// Put the blocks in a new reading order: `order` lists every current
    /// index once. Cost: one pass.
    pub fn reorder_blocks(&mut self, order: &[usize]) -> Result<(), Error> {
        let n = self.blocks.len();
        let mut seen = vec![false; n];
        if order.len() != n {
            return Err(Error::NoSuchBlock {
                index: order.len(),
                len: n,
            });
        }
        for &i in order {
            self.check_index(i)?;
            if std::mem::replace(&mut seen[i], true) {
                return Err(Error::NoSuchBlock { index: i, len: n });
            }
        }
        // In place, one cycle of the permutation at a time: position `p`
        // takes the block at `order[p]`, whose position takes the block at
        // `order[order[p]]`, and so on back to the start of the cycle.
        let mut done = vec![false; n];
        for start in 0..n {
            let mut p = start;
            while !done[p] {
                done[p] = true;
                let q = order[p];
                if q == start {
                    break;
                }
                self.blocks.swap(p, q);
                p = q;
            }
        }
        Ok(())
    }

    /// Join block `second` onto block `first` with `sep` between them (`""`
    /// for CJK, `" "` for Latin), recording a [`EditKind::Join`](crate::EditKind::Join) edit whose
    /// span is the whitespace before the second block. `second` must start
    /// after `first` ends in the input; the blocks between them in reading
    /// order stay where they are.
    pub fn join_blocks(&mut self, first: usize, second: usize, sep: &str) -> Result<(), Error> {
        self.check_index(first)?;
        self.check_index(second)?;
        let a_end = self.blocks[first].source_range().end;
        let b_start = self.blocks[second].source_range().start;
        if first == second || a_end > b_start {
            return Err(Error::JoinOrder { first, second });
        }
        let gap_span = self.join_gap(a_end, b_start);
        let other = self.blocks.remove(second);
        let first = if second < first { first - 1 } else { first };
        self.blocks[first].append(gap_span, sep, other);
        Ok(())
    }

    /// The span a join records between a block ending at `a_end` and one
    /// starting at `b_start`: the whitespace right before the second block.
    fn join_gap(&self, a_end: usize, b_start: usize) -> Span {
        let gap = &self.input[a_end..b_start];
        let ws = gap.len() - gap.trim_end().len();
        Span::new(b_start - ws, b_start)
    }

    /// Move block `from` to position `to` of the reading order.
    pub fn move_block(&mut self, from: usize, to: usize) -> Result<(), Error> {
        self.check_index(from)?;
        self.check_index(to)?;
        let b = self.blocks.remove(from);
        self.blocks.insert(to, b);
        Ok(())
    }

    /// Remove every block whose text became blank through edits, logging its
    /// source as `noise`.
    pub fn drop_blank_blocks(&mut self) {
        if !self.blocks.iter().any(|b| b.text().trim().is_empty()) {
            return;
        }
        for block in std::mem::take(&mut self.blocks) {
            if block.text().trim().is_empty() {
                self.log_removals(
                    block.spans(),
                    RemovalKind::Noise,
                    "nothing left after edits",
                );
            } else {
                self.blocks.push(block);
            }
        }
    }

    pub(crate) fn decoding(&self) -> Option<&Decoding> {
        self.decoding.as_ref()
    }

    /// Length of the raw input in bytes.
    pub fn input_len(&self) -> usize {
        self.decoding
            .as_ref()
            .map_or(self.input.len(), |d| d.raw_len)
    }
}

/// Spans of the runs of non-blank lines, each trimmed of surrounding whitespace.
pub(crate) fn split_blank_lines(input: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut at = 0;
    let mut from = 0;
    for stop in crate::block::line_ends(input) {
        let line = &input[from..stop];
        from = stop;
        let trimmed_start = line.len() - line.trim_start().len();
        if line.trim().is_empty() {
            if let Some(s) = start.take() {
                out.push(Span::new(s, end));
            }
        } else {
            if start.is_none() {
                start = Some(at + trimmed_start);
            }
            end = at + line.trim_end().len();
        }
        at += line.len();
    }
    if let Some(s) = start {
        out.push(Span::new(s, end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block's lines, found with memchr, are those of the plain split:
    /// `split_inclusive('\n')`, line break and a carriage return before it
    /// stripped, with their offsets.
    #[test]
    fn block_lines_match_the_plain_split() {
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "\n\n",
            "教\n\r\n育",
            "\r",
        ] {
            let mut b = Document::new("t", "x").blocks()[0].clone();
            b.apply(vec![TextEdit::replace(0..1, text, EditKind::Whitespace)])
                .unwrap();
            let mut at = 0;
            let plain: Vec<(usize, &str)> = text
                .split_inclusive('\n')
                .map(|l| {
                    let off = at;
                    at += l.len();
                    let l = l.strip_suffix('\n').unwrap_or(l);
                    (off, l.strip_suffix('\r').unwrap_or(l))
                })
                .collect();
            assert_eq!(b.lines().collect::<Vec<_>>(), plain, "{text:?}");
        }
    }

    /// The memchr line search splits as `split_inclusive('\n')` would.
    #[test]
    fn blank_line_split_matches_the_plain_split() {
        fn plain(input: &str) -> Vec<Span> {
            let mut out = Vec::new();
            let (mut start, mut end, mut at) = (None, 0, 0);
            for line in input.split_inclusive('\n') {
                let lead = line.len() - line.trim_start().len();
                if line.trim().is_empty() {
                    if let Some(s) = start.take() {
                        out.push(Span::new(s, end));
                    }
                } else {
                    start.get_or_insert(at + lead);
                    end = at + line.trim_end().len();
                }
                at += line.len();
            }
            if let Some(s) = start {
                out.push(Span::new(s, end));
            }
            out
        }
        for t in [
            "",
            "\n",
            "a",
            "a\n",
            "\n\na\n\n",
            "a\r\n\r\nb",
            " a \n \u{3000}\n b",
            "x\ny\n\n\nz",
        ] {
            assert_eq!(split_blank_lines(t), plain(t), "{t:?}");
        }
    }

    #[test]
    fn splits_at_blank_lines() {
        let t = "\n\n a\nb \n\n \u{3000}\n c\n";
        let spans = split_blank_lines(t);
        let texts: Vec<&str> = spans.iter().map(|s| &t[*s]).collect();
        assert_eq!(texts, vec!["a\nb", "c"]);
    }

    #[test]
    fn lossy_offsets_map_to_raw() {
        let raw = b"ab\xff\xfecd\n\nef";
        let doc = Document::from_bytes("x", raw);
        assert_eq!(doc.input(), "ab\u{FFFD}\u{FFFD}cd\n\nef");
        let d = doc.decoding().unwrap();
        assert_eq!(d.invalid, vec![Span::new(2, 4)]);
        assert_eq!(d.to_raw(2), 2);
        assert_eq!(d.to_raw(5), 3);
        assert_eq!(d.to_raw(8), 4);
        assert_eq!(d.to_raw(doc.input().len()), raw.len());
        assert!(Document::from_bytes_strict("x", raw).is_err());
    }

    #[test]
    fn remove_and_join() {
        let mut doc = Document::new("x", "前半段让每\n\n图片说明\n\n名党员成为旗帜。");
        doc.remove_block(1, RemovalKind::Caption, "caption")
            .unwrap();
        doc.join_blocks(0, 1, "").unwrap();
        let b = &doc.blocks()[0];
        assert_eq!(b.text(), "前半段让每名党员成为旗帜。");
        assert_eq!(b.spans().len(), 2);
        let e: Vec<_> = b.edits().collect();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, EditKind::Join);
        assert_eq!(&doc.input()[e[0].span], "\n\n");
        assert!(doc.join_blocks(0, 0, "").is_err());
    }

    #[test]
    fn batch_operations() {
        let mut doc = Document::new("x", "甲一\n\n图\n\n乙二\n\n丙三\n\n丁四");
        doc.join_many(&[(0, 2, ""), (0, 3, "")]).unwrap();
        let t: Vec<_> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
        assert_eq!(t, vec!["甲一乙二丙三", "图", "丁四"]);
        assert!(doc.join_many(&[(2, 1, "")]).is_err());
        doc.remove_blocks(vec![(1, RemovalKind::Caption, "caption".into())])
            .unwrap();
        doc.reorder_blocks(&[1, 0]).unwrap();
        assert_eq!(doc.blocks()[0].text(), "丁四");
        assert!(doc.reorder_blocks(&[0, 0]).is_err());
        let mut cuts = Document::new("c", "甲\n\n图一\n\n乙 图二\n\n丙");
        let gone = cuts
            .remove_many(vec![
                (1, Cut::Whole(RemovalKind::Caption, "caption".into())),
                (
                    2,
                    Cut::Ranges(vec![(4..10, RemovalKind::Caption, "caption".into())]),
                ),
            ])
            .unwrap();
        assert_eq!(gone, vec![1]);
        let t: Vec<_> = cuts.blocks().iter().map(|b| b.text().to_string()).collect();
        assert_eq!(t, vec!["甲", "乙", "丙"]);
        let gone = cuts
            .remove_many(vec![(
                1,
                Cut::Ranges(vec![(0..3, RemovalKind::Noise, "x".into())]),
            )])
            .unwrap();
        assert_eq!(gone, vec![1]);
        crate::invariants::check_document(&cuts).unwrap();
        let mut many = Document::new("z", "甲\n乙\n\n丙\n\n丁\n戊");
        let placed = many
            .split_blocks_at(&[(0, vec![3]), (2, vec![3, 99])])
            .unwrap();
        assert_eq!(placed, vec![(0, 2), (3, 2)]);
        let t: Vec<_> = many.blocks().iter().map(|b| b.text().to_string()).collect();
        assert_eq!(t, vec!["甲", "乙", "丙", "丁", "戊"]);
        assert!(many.split_blocks_at(&[(0, vec![]), (0, vec![])]).is_err());
        crate::invariants::check_document(&many).unwrap();
        let mut doc = Document::new("y", "一行\n二行\n三行");
        let skipped = doc.split_block_at(0, &[14, 7, 0]).unwrap();
        assert_eq!(skipped, vec![0]);
        let t: Vec<_> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
        assert_eq!(t, vec!["一行", "二行", "三行"]);
        crate::invariants::check_document(&doc).unwrap();
    }

    #[test]
    fn batch_joins_and_orders_match_a_plain_model() {
        // Generated batches of joins (chains included) and permutations on a
        // document of 9 blocks: the in-place passes give the texts a plain
        // model gives, and the provenance invariants hold.
        let input: String = (0..9).map(|k| format!("b{k}\n\n")).collect();
        let mut seed: u64 = 7;
        let mut rnd = |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) as usize) % n
        };
        for _ in 0..500 {
            let mut doc = Document::new("m", input.as_str());
            let n = doc.blocks().len();
            // Model: each block's text, and where a joined one went.
            let mut texts: Vec<String> = (0..n).map(|k| format!("b{k}")).collect();
            let mut root: Vec<usize> = (0..n).collect();
            let mut joins = Vec::new();
            for b in 1..n {
                if rnd(2) == 0 {
                    let a = rnd(b);
                    joins.push((a, b, "+"));
                    let r = root[a];
                    root[b] = r;
                    let t = std::mem::take(&mut texts[b]);
                    texts[r] = format!("{}+{t}", texts[r]);
                }
            }
            doc.join_many(&joins).unwrap();
            let want: Vec<String> = (0..n)
                .filter(|&k| root[k] == k)
                .map(|k| texts[k].clone())
                .collect();
            let got: Vec<String> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
            assert_eq!(got, want, "{joins:?}");
            crate::invariants::check_document(&doc).unwrap();
            // A random permutation of what is left.
            let m = want.len();
            let mut order: Vec<usize> = (0..m).collect();
            for k in (1..m).rev() {
                order.swap(k, rnd(k + 1));
            }
            doc.reorder_blocks(&order).unwrap();
            let got: Vec<String> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
            let want: Vec<String> = order.iter().map(|&k| want[k].clone()).collect();
            assert_eq!(got, want, "{order:?}");
        }
    }

    #[test]
    fn split_trims() {
        let mut doc = Document::new("x", "标题\n正文第一句。");
        doc.split_block(0, "标题".len()).unwrap();
        let t: Vec<_> = doc.blocks().iter().map(|b| b.text().to_string()).collect();
        assert_eq!(t, vec!["标题", "正文第一句。"]);
    }

    #[test]
    fn remove_ranges_inside_block() {
        let mut doc = Document::new("x", "李佳佳\n图片由各学校提供");
        let b = doc.blocks()[0].text().to_string();
        let at = b.find('图').unwrap();
        doc.remove_ranges(0, vec![(at..b.len(), RemovalKind::Credit, "credit".into())])
            .unwrap();
        assert_eq!(doc.blocks()[0].text(), "李佳佳");
        assert_eq!(doc.removed()[0].text, "图片由各学校提供");
        doc.remove_ranges(0, vec![(0.."李佳佳".len(), RemovalKind::Noise, "x".into())])
            .unwrap();
        assert!(doc.blocks().is_empty());
    }
}
