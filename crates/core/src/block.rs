//! A kept block of text and the map from its text back to the input.

use std::borrow::Cow;
use std::ops::Range;

use crate::{EditKind, Error, Role, Span};

/// One piece of a block's text and where it came from.
///
/// A block's text is tiled by its segments in order: a *copy* segment is bytes
/// taken verbatim from the input; an *edit* segment is text that replaced a
/// source span (possibly empty text, for a deletion; possibly an empty span,
/// for an insertion). Storing segments rather than one offset per byte keeps
/// the map at O(edits) memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub(crate) src: Span,
    pub(crate) len: usize,
    pub(crate) edit: Option<EditKind>,
}

/// An edit as found in a block: the source span replaced and the text that replaced it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    /// What kind of change.
    pub kind: EditKind,
    /// The source span that was replaced.
    pub span: Span,
    /// The replacement text (empty for a deletion).
    pub text: String,
}

/// Hints that one stage leaves for the next about a block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Hint {
    /// Heading level from a Markdown marker the OCR tool left (`#` = 1).
    pub heading_level: Option<u8>,
    /// The block was marked as a quote (`>`) by the OCR tool.
    pub quoted: bool,
    /// The cleanup stage kept the block although it looked stray (a possible
    /// caption or heading); the paragraph stage may weigh this.
    pub doubtful: bool,
}

/// One kept block of text: a paragraph, a heading or an article's metadata.
///
/// A block's text can change only through [`Block::apply`] (and the
/// [`Document`](crate::Document) methods that remove or join blocks), which
/// keep the map back to the input and record every change as an edit.
#[derive(Clone, Debug)]
pub struct Block {
    text: String,
    segs: Vec<Segment>,
    /// The role of the block in its article.
    pub role: Role,
    /// Index of the article the block belongs to.
    pub article: usize,
    /// Hints left by earlier stages.
    pub hint: Hint,
}

/// A change to apply to a block's text, in the block's own offsets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// Byte range of the block's current text to replace.
    pub range: Range<usize>,
    /// Replacement text: borrowed when it is a constant (most repairs write
    /// one of a few characters), so that an edit need not allocate.
    pub text: Cow<'static, str>,
    /// What kind of change this is.
    pub kind: EditKind,
}

impl TextEdit {
    /// Replace `range` with `text` (a `String` or a `&'static str`).
    pub fn replace(
        range: Range<usize>,
        text: impl Into<Cow<'static, str>>,
        kind: EditKind,
    ) -> TextEdit {
        TextEdit {
            range,
            text: text.into(),
            kind,
        }
    }

    /// Delete `range`.
    pub fn delete(range: Range<usize>, kind: EditKind) -> TextEdit {
        TextEdit::replace(range, "", kind)
    }
}

/// A pending operation after expansion to edit-segment boundaries.
struct Op {
    start: usize,
    end: usize,
    text: Cow<'static, str>,
    /// `None`: the range is cut out of the block without an edit (a removal).
    kind: Option<EditKind>,
}

impl Block {
    /// A block holding the input bytes of `span` verbatim.
    pub(crate) fn from_source(input: &str, span: Span) -> Block {
        Block {
            text: input[span].to_string(),
            segs: vec![Segment {
                src: span,
                len: span.len(),
                edit: None,
            }],
            role: Role::Paragraph,
            article: 0,
            hint: Hint::default(),
        }
    }

    /// An empty block with no segments, which owns no memory: it stands in
    /// for a block taken out of a list until the list is truncated.
    pub(crate) fn placeholder() -> Block {
        Block {
            text: String::new(),
            segs: Vec::new(),
            role: Role::Paragraph,
            article: 0,
            hint: Hint::default(),
        }
    }

    pub(crate) fn from_parts(text: String, segs: Vec<Segment>, like: &Block) -> Block {
        Block {
            text,
            segs,
            role: like.role,
            article: like.article,
            hint: like.hint.clone(),
        }
    }

    /// The block's current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The source spans the block was made from, in order, without the gaps
    /// that joins bridged. Edits inside them are listed by [`Block::edits`].
    pub fn spans(&self) -> Vec<Span> {
        runs(self.segs.iter())
    }

    /// The source range from the block's first to its last byte.
    pub fn source_range(&self) -> Span {
        let start = self.segs.first().map_or(0, |s| s.src.start);
        let end = self.segs.last().map_or(start, |s| s.src.end);
        Span::new(start, end)
    }

    /// The edits recorded inside this block, in order.
    pub fn edits(&self) -> impl Iterator<Item = Edit> + '_ {
        let mut at = 0;
        self.segs.iter().filter_map(move |s| {
            let out = at..at + s.len;
            at += s.len;
            s.edit.map(|kind| Edit {
                kind,
                span: s.src,
                text: self.text[out].to_string(),
            })
        })
    }

    /// The number of segments (copies and edits) that map the text to the input.
    pub fn segment_count(&self) -> usize {
        self.segs.len()
    }

    pub(crate) fn segments(&self) -> &[Segment] {
        &self.segs
    }

    /// The source span that the block text `range` came from. An offset inside
    /// an edited segment maps to the whole segment.
    pub fn to_source(&self, range: Range<usize>) -> Result<Span, Error> {
        self.check_range(&range)?;
        let (s, e) = self.expand(&self.starts(), range.start, range.end);
        Ok(Span::new(self.map_start(s), self.map_end(s, e)))
    }

    /// Apply a set of edits to the block's text in one pass.
    ///
    /// The edits' ranges are offsets into the current text, on char
    /// boundaries, and must not overlap; they may come in any order. An edit
    /// that touches part of an earlier edit widens to cover it whole, so the
    /// log never holds two edits over the same source bytes. An edit that
    /// replaces text with the same text is dropped. Cost: O(text + segments +
    /// edits·log segments).
    pub fn apply(&mut self, mut edits: Vec<TextEdit>) -> Result<(), Error> {
        edits.retain(|e| {
            self.text.get(e.range.clone()) != Some(&*e.text) || e.range.end > self.text.len()
        });
        if edits.is_empty() {
            return Ok(());
        }
        // (Most callers give them in order already.)
        if !edits.is_sorted_by_key(|e| (e.range.start, e.range.end)) {
            edits.sort_by_key(|e| (e.range.start, e.range.end));
        }
        for w in edits.windows(2) {
            if w[0].range.end > w[1].range.start {
                return Err(Error::InvalidSpan {
                    span: w[1].range.clone().into(),
                    len: self.text.len(),
                });
            }
        }
        for e in &edits {
            self.check_range(&e.range)?;
        }
        let ops = self.plan(edits.into_iter().map(|e| (e.range, e.text, Some(e.kind))));
        self.execute(ops);
        Ok(())
    }

    /// Cut `ranges` out of the block without recording edits, returning the
    /// source spans that were cut (the caller logs them as removals).
    pub(crate) fn cut(&mut self, mut ranges: Vec<Range<usize>>) -> Result<Vec<Span>, Error> {
        ranges.sort_by_key(|r| (r.start, r.end));
        for r in &ranges {
            self.check_range(r)?;
        }
        for w in ranges.windows(2) {
            if w[0].end > w[1].start {
                return Err(Error::InvalidSpan {
                    span: w[1].clone().into(),
                    len: self.text.len(),
                });
            }
        }
        let ops = self.plan(ranges.into_iter().map(|r| (r, Cow::Borrowed(""), None)));
        let mut cut = Vec::new();
        for op in &ops {
            cut.extend(self.source_runs(op.start, op.end));
        }
        self.execute(ops);
        Ok(cut)
    }

    /// Split into `[..at]` and `[at..]`; whitespace at the cut is trimmed from both.
    pub(crate) fn split_at(&self, at: usize) -> Result<(Block, Block), Error> {
        self.check_range(&(at..at))?;
        let mut pieces = self.split_many(&[at])?.into_iter();
        match (pieces.next(), pieces.next()) {
            (Some(left), Some(right)) => Ok((left, right)),
            _ => Err(Error::SplitInsideEdit { offset: at }),
        }
    }

    /// Split at several offsets of the text in one pass (sorted, distinct,
    /// each on a char boundary and not strictly inside an edit segment).
    /// Whitespace at each cut is trimmed. Cost: O(text + segments + cuts).
    pub(crate) fn split_many(&self, cuts: &[usize]) -> Result<Vec<Block>, Error> {
        let mut pieces: Vec<(String, Vec<Segment>)> = Vec::with_capacity(cuts.len() + 1);
        let mut cur_segs: Vec<Segment> = Vec::new();
        let mut piece_start = 0;
        let mut pos = 0;
        let mut ci = 0;
        for s in &self.segs {
            let end = pos + s.len;
            let mut seg = s.clone();
            let mut seg_pos = pos;
            // Cuts that fall inside (or at the end of) this segment.
            while ci < cuts.len() && cuts[ci] <= end {
                let at = cuts[ci];
                if at < seg_pos {
                    return Err(Error::SplitInsideEdit { offset: at });
                }
                if at > seg_pos && at < end {
                    if seg.edit.is_some() {
                        return Err(Error::SplitInsideEdit { offset: at });
                    }
                    let d = at - seg_pos;
                    cur_segs.push(Segment {
                        src: Span::new(seg.src.start, seg.src.start + d),
                        len: d,
                        edit: None,
                    });
                    seg = Segment {
                        src: Span::new(seg.src.start + d, seg.src.end),
                        len: seg.len - d,
                        edit: None,
                    };
                    seg_pos = at;
                } else if at == end {
                    // The segment ends exactly at the cut: it belongs to the left piece.
                    break;
                }
                pieces.push((
                    self.text[piece_start..at].to_string(),
                    std::mem::take(&mut cur_segs),
                ));
                piece_start = at;
                ci += 1;
            }
            cur_segs.push(seg);
            if ci < cuts.len() && cuts[ci] == end {
                pieces.push((
                    self.text[piece_start..end].to_string(),
                    std::mem::take(&mut cur_segs),
                ));
                piece_start = end;
                ci += 1;
            }
            pos = end;
        }
        if ci < cuts.len() {
            return Err(Error::InvalidSpan {
                span: Span::empty(cuts[ci]),
                len: self.text.len(),
            });
        }
        pieces.push((self.text[piece_start..].to_string(), cur_segs));
        Ok(pieces
            .into_iter()
            .map(|(text, segs)| {
                let mut b = Block::from_parts(text, segs, self);
                b.trim_copy_whitespace();
                b
            })
            .collect())
    }

    /// Whether the text can be split at `at`: a char boundary not strictly
    /// inside an edit segment.
    pub fn can_split_at(&self, at: usize) -> bool {
        if at > self.text.len() || !self.text.is_char_boundary(at) {
            return false;
        }
        let mut pos = 0;
        for s in &self.segs {
            let end = pos + s.len;
            if at > pos && at < end {
                return s.edit.is_none();
            }
            if pos >= at {
                break;
            }
            pos = end;
        }
        true
    }

    /// A copy of this block with `other` appended after `sep`, as
    /// [`Document::join_blocks`](crate::Document::join_blocks) would make it,
    /// for a stage to look ahead at a join it has not made yet. The preview
    /// cannot be put into a document.
    pub fn join_preview(&self, other: &Block, sep: &str) -> Block {
        let mut b = self.clone();
        b.append(Span::empty(other.source_range().start), sep, other.clone());
        b
    }

    /// Drop whitespace at both ends of the text where it was copied verbatim
    /// from the input (blank bytes need no record).
    pub(crate) fn trim_copy_whitespace(&mut self) {
        self.drop_edge_joins();
        // Leading.
        while let Some(first) = self.segs.first() {
            if first.edit.is_some() {
                break;
            }
            let t = &self.text[..first.len];
            let trimmed = t.trim_start();
            let d = t.len() - trimmed.len();
            if d == 0 {
                break;
            }
            self.text.drain(..d);
            if d == first.len {
                self.segs.remove(0);
            } else {
                let f = &mut self.segs[0];
                f.src.start += d;
                f.len -= d;
                break;
            }
        }
        // Trailing.
        while let Some(last) = self.segs.last() {
            if last.edit.is_some() {
                break;
            }
            let from = self.text.len() - last.len;
            let t = &self.text[from..];
            let d = t.len() - t.trim_end().len();
            if d == 0 {
                break;
            }
            self.text.truncate(self.text.len() - d);
            if d == last.len {
                self.segs.pop();
            } else if let Some(l) = self.segs.last_mut() {
                l.src.end -= d;
                l.len -= d;
                break;
            }
        }
        self.normalize_anchors();
    }

    /// A join gap with no source text before or after it (ignoring
    /// insertions) joins nothing any more: drop it if its text is blank.
    fn drop_edge_joins(&mut self) {
        let real = |s: &Segment| !s.src.is_empty() && s.edit != Some(EditKind::Join);
        let first_real = self.segs.iter().position(real);
        let last_real = self.segs.iter().rposition(real);
        let mut at = 0;
        let mut keep_text = String::with_capacity(self.text.len());
        let mut keep = Vec::with_capacity(self.segs.len());
        let mut changed = false;
        for (i, seg) in self.segs.iter().enumerate() {
            let out = &self.text[at..at + seg.len];
            at += seg.len;
            let edge = first_real.is_none_or(|f| i < f) || last_real.is_none_or(|l| i > l);
            if seg.edit == Some(EditKind::Join) && edge && out.trim().is_empty() {
                changed = true;
                continue;
            }
            keep_text.push_str(out);
            keep.push(seg.clone());
        }
        if changed {
            self.text = keep_text;
            self.segs = keep;
        }
    }

    /// An insertion (an edit with an empty source span) must sit next to the
    /// source around it: after a cut, a split or a trim its anchor may point
    /// into a hole; move it to the end of the source before it, or the start
    /// of the source after it.
    fn normalize_anchors(&mut self) {
        // Only join gaps and insertions move.
        let moves =
            |s: &Segment| s.edit == Some(EditKind::Join) || s.edit.is_some() && s.src.is_empty();
        if !self.segs.iter().any(moves) {
            return;
        }
        // Two join gaps with nothing between them (a cut took the text
        // between) make one join over the later gap.
        if self
            .segs
            .windows(2)
            .any(|w| w[0].edit == Some(EditKind::Join) && w[1].edit == Some(EditKind::Join))
        {
            let mut merged: Vec<Segment> = Vec::with_capacity(self.segs.len());
            for seg in std::mem::take(&mut self.segs) {
                match merged.last_mut() {
                    Some(last)
                        if last.edit == Some(EditKind::Join)
                            && seg.edit == Some(EditKind::Join) =>
                    {
                        last.len += seg.len;
                        last.src = seg.src;
                    }
                    _ => merged.push(seg),
                }
            }
            self.segs = merged;
        }
        let n = self.segs.len();
        let mut next: Vec<Option<(usize, bool)>> = vec![None; n + 1];
        // A join gap must end where the source after it begins: after a cut
        // of the text right behind the gap, move the (empty) join there.
        let mut next_real: Option<usize> = None;
        for seg in self.segs.iter_mut().rev() {
            if seg.edit == Some(EditKind::Join) {
                if let Some(ns) = next_real {
                    if ns > seg.src.end {
                        seg.src = Span::empty(ns);
                    }
                }
            } else if !seg.src.is_empty() {
                next_real = Some(seg.src.start);
            }
        }
        // For each position: the start of the next segment with source, and
        // whether that segment is a join gap.
        for i in (0..n).rev() {
            let s = &self.segs[i];
            next[i] = if s.src.is_empty() && s.edit != Some(EditKind::Join) {
                next[i + 1]
            } else {
                Some((s.src.start, s.edit == Some(EditKind::Join)))
            };
        }
        let mut prev: Option<(usize, bool)> = None;
        for (i, seg) in self.segs.iter_mut().enumerate() {
            if seg.src.is_empty() && seg.edit != Some(EditKind::Join) {
                if seg.edit.is_none() {
                    continue;
                }
                let p = seg.src.start;
                let prev_end = prev.map(|x| x.0);
                let after_join = prev.is_some_and(|x| x.1);
                let next_start = next[i + 1].map(|x| x.0);
                let before_join = next[i + 1].is_some_and(|x| x.1);
                // Beside a join gap, an insertion belongs to the source on the
                // other side (the gap is not the block's text).
                let want = match (after_join, before_join) {
                    (true, false) => next_start.or(prev_end),
                    (false, true) => prev_end.or(next_start),
                    (true, true) => prev_end,
                    (false, false) => {
                        if Some(p) == prev_end || Some(p) == next_start {
                            Some(p)
                        } else {
                            prev_end.or(next_start)
                        }
                    }
                };
                if let Some(q) = want {
                    seg.src = Span::empty(q);
                }
            } else {
                prev = Some((seg.src.end, seg.edit == Some(EditKind::Join)));
            }
        }
    }

    /// Make room for `text` more bytes and `segs` more segments.
    pub(crate) fn reserve(&mut self, text: usize, segs: usize) {
        self.text.reserve(text);
        self.segs.reserve(segs);
    }

    /// Append `other` after a join segment covering `gap` that reads `sep`.
    pub(crate) fn append(&mut self, gap: Span, sep: &str, other: Block) {
        self.segs.push(Segment {
            src: gap,
            len: sep.len(),
            edit: Some(EditKind::Join),
        });
        self.text.push_str(sep);
        self.text.push_str(&other.text);
        self.segs.extend(other.segs);
    }

    fn check_range(&self, r: &Range<usize>) -> Result<(), Error> {
        if r.start <= r.end
            && r.end <= self.text.len()
            && self.text.is_char_boundary(r.start)
            && self.text.is_char_boundary(r.end)
        {
            Ok(())
        } else {
            Err(Error::InvalidSpan {
                span: Span {
                    start: r.start,
                    end: r.end,
                },
                len: self.text.len(),
            })
        }
    }

    /// Out offsets where each segment starts.
    fn starts(&self) -> Vec<usize> {
        let mut v = Vec::with_capacity(self.segs.len());
        let mut at = 0;
        for s in &self.segs {
            v.push(at);
            at += s.len;
        }
        v
    }

    /// Index of the non-empty segment containing out byte `o` (`start <= o < end`).
    fn seg_at(&self, starts: &[usize], o: usize) -> Option<usize> {
        // Last segment whose start <= o and that is non-empty and covers o.
        let mut i = starts.partition_point(|&s| s <= o);
        while i > 0 {
            i -= 1;
            let s = &self.segs[i];
            if s.len > 0 {
                return (starts[i] + s.len > o).then_some(i);
            }
        }
        None
    }

    /// Widen `[s, e)` so that neither end falls strictly inside an edit segment.
    fn expand(&self, starts: &[usize], s: usize, e: usize) -> (usize, usize) {
        let (mut s2, mut e2) = (s, e);
        if let Some(i) = self.seg_at(starts, s) {
            if self.segs[i].edit.is_some() && starts[i] < s {
                s2 = starts[i];
            }
        }
        if e > 0 {
            if let Some(i) = self.seg_at(starts, e - 1) {
                let end = starts[i] + self.segs[i].len;
                if self.segs[i].edit.is_some() && end > e {
                    e2 = end;
                }
            }
        }
        (s2, e2)
    }

    /// Source offset of out offset `o` taken as the start of a range.
    fn map_start(&self, o: usize) -> usize {
        let starts = self.starts();
        match self.seg_at(&starts, o) {
            Some(i) => {
                let seg = &self.segs[i];
                if seg.edit.is_some() {
                    seg.src.start
                } else {
                    seg.src.start + (o - starts[i])
                }
            }
            None => self.segs.last().map_or(0, |s| s.src.end),
        }
    }

    /// Source offset of out offset `e` taken as the end of a range starting at `s`.
    fn map_end(&self, s: usize, e: usize) -> usize {
        if e == s {
            return self.map_start(s);
        }
        let starts = self.starts();
        match self.seg_at(&starts, e - 1) {
            Some(i) => {
                let seg = &self.segs[i];
                if seg.edit.is_some() {
                    seg.src.end
                } else {
                    seg.src.start + (e - starts[i])
                }
            }
            None => self.map_start(s),
        }
    }

    /// Source runs (contiguous source bytes, join gaps excluded) under out range `[s, e)`.
    fn source_runs(&self, s: usize, e: usize) -> Vec<Span> {
        let mut pieces = Vec::new();
        let mut at = 0;
        for seg in &self.segs {
            let end = at + seg.len;
            let inside = if seg.len == 0 {
                at > s && at < e
            } else {
                at < e && end > s
            };
            if inside {
                let src = if seg.edit.is_some() {
                    seg.src
                } else {
                    let a = s.max(at) - at;
                    let b = e.min(end) - at;
                    Span::new(seg.src.start + a, seg.src.start + b)
                };
                pieces.push(Segment {
                    src,
                    len: 0,
                    edit: seg.edit,
                });
            }
            at = end;
        }
        runs(pieces.iter())
    }

    /// Expand every requested change to edit-segment boundaries and merge the
    /// ones that then overlap, applying their original replacements in order.
    fn plan(
        &self,
        reqs: impl Iterator<Item = (Range<usize>, Cow<'static, str>, Option<EditKind>)>,
    ) -> Vec<Op> {
        // Without an edit segment nothing widens a request (the callers'
        // requests are sorted and do not overlap): each is its own op.
        if self.segs.iter().all(|s| s.edit.is_none()) {
            return reqs
                .map(|(r, text, kind)| Op {
                    start: r.start,
                    end: r.end,
                    text,
                    kind,
                })
                .collect();
        }
        let mut ops: Vec<Op> = Vec::new();
        // Requests that fall into one widened region, pending merge.
        let mut group: Vec<(Range<usize>, Cow<'static, str>, Option<EditKind>)> = Vec::new();
        let mut gs = 0;
        let mut ge = 0;
        let flush = |group: &mut Vec<(Range<usize>, Cow<'static, str>, Option<EditKind>)>,
                     gs: usize,
                     ge: usize,
                     ops: &mut Vec<Op>| {
            if group.is_empty() {
                return;
            }
            // A request that no edit segment widened is its own op: its
            // replacement moves over as it is.
            if group.len() == 1 && group[0].0 == (gs..ge) {
                if let Some((_, text, kind)) = group.pop() {
                    ops.push(Op {
                        start: gs,
                        end: ge,
                        text,
                        kind,
                    });
                    return;
                }
            }
            let mut text = String::new();
            let mut at = gs;
            let mut kind = None;
            for (r, t, k) in group.drain(..) {
                text.push_str(&self.text[at..r.start]);
                text.push_str(&t);
                at = r.end;
                if kind.is_none() {
                    kind = k;
                }
            }
            text.push_str(&self.text[at..ge]);
            ops.push(Op {
                start: gs,
                end: ge,
                text: Cow::Owned(text),
                kind,
            });
        };
        let starts = self.starts();
        for (r, t, k) in reqs {
            let (s2, e2) = self.expand(&starts, r.start, r.end);
            if !group.is_empty() && s2 < ge {
                ge = ge.max(e2);
                group.push((r, t, k));
                continue;
            }
            flush(&mut group, gs, ge, &mut ops);
            gs = s2;
            ge = e2;
            group.push((r, t, k));
        }
        flush(&mut group, gs, ge, &mut ops);
        ops
    }

    /// Rebuild text and segments with `ops` (sorted, non-overlapping, aligned
    /// to edit-segment boundaries).
    fn execute(&mut self, ops: Vec<Op>) {
        // Most blocks that a stage edits hold their source verbatim (the
        // first stage to touch them): each op then maps to the source by an
        // offset, with no segment to walk.
        match self.segs.as_slice() {
            [only] if only.edit.is_none() && only.len == self.text.len() && only.len > 0 => {
                let base = only.src.start;
                self.execute_verbatim(base, ops)
            }
            _ => self.execute_segments(ops),
        }
    }

    /// [`Block::execute`] on a block whose text is the source from `base`
    /// on, verbatim: the same text and segments as
    /// [`Block::execute_segments`] gives.
    fn execute_verbatim(&mut self, base: usize, ops: Vec<Op>) {
        let grow: usize = ops.iter().map(|op| op.text.len()).sum();
        let old = std::mem::take(&mut self.text);
        let mut text = String::with_capacity(old.len() + grow);
        let mut segs: Vec<Segment> = Vec::with_capacity(2 * ops.len() + 1);
        let copy = |text: &mut String, segs: &mut Vec<Segment>, from: usize, to: usize| {
            if from < to {
                text.push_str(&old[from..to]);
                push_segment(
                    segs,
                    Segment {
                        src: Span::new(base + from, base + to),
                        len: to - from,
                        edit: None,
                    },
                );
            }
        };
        let mut cursor = 0;
        for op in &ops {
            copy(&mut text, &mut segs, cursor, op.start);
            cursor = cursor.max(op.end);
            // A removal (no kind) leaves nothing in the text; the caller
            // logged its source before the call.
            if let Some(kind) = op.kind {
                text.push_str(&op.text);
                push_segment(
                    &mut segs,
                    Segment {
                        src: Span::new(base + op.start, base + op.end),
                        len: op.text.len(),
                        edit: Some(kind),
                    },
                );
            }
        }
        copy(&mut text, &mut segs, cursor, old.len());
        self.text = text;
        self.segs = segs;
        self.normalize_anchors();
    }

    /// [`Block::execute`] on any block: walks its segments.
    fn execute_segments(&mut self, ops: Vec<Op>) {
        // The new text's length, at most: the old one plus the replacements.
        let grow: usize = ops.iter().map(|op| op.text.len()).sum();
        let mut text = String::with_capacity(self.text.len() + grow);
        let mut segs: Vec<Segment> = Vec::with_capacity(self.segs.len() + 2 * ops.len());
        let mut si = 0;
        let mut seg_start = 0;
        let mut cursor = 0;
        let old = std::mem::take(&mut self.segs);
        let old_text = std::mem::take(&mut self.text);

        // Copy old content from `cursor` up to `to`; zero-length segments at `to` included.
        let copy_until = |to: usize,
                          si: &mut usize,
                          seg_start: &mut usize,
                          cursor: &mut usize,
                          text: &mut String,
                          segs: &mut Vec<Segment>| {
            while *si < old.len() {
                let seg = &old[*si];
                let seg_end = *seg_start + seg.len;
                if seg.len == 0 {
                    if *seg_start <= to {
                        push_segment(segs, seg.clone());
                        *si += 1;
                        continue;
                    }
                    break;
                }
                if *seg_start >= to {
                    break;
                }
                let a = (*cursor).max(*seg_start);
                let b = to.min(seg_end);
                if a < b {
                    text.push_str(&old_text[a..b]);
                    if seg.edit.is_some() {
                        push_segment(segs, seg.clone());
                    } else {
                        let d0 = a - *seg_start;
                        let d1 = b - *seg_start;
                        push_segment(
                            segs,
                            Segment {
                                src: Span::new(seg.src.start + d0, seg.src.start + d1),
                                len: b - a,
                                edit: None,
                            },
                        );
                    }
                }
                *cursor = b;
                if seg_end <= to {
                    *si += 1;
                    *seg_start = seg_end;
                } else {
                    break;
                }
            }
        };

        // The source runs under one op (one buffer for all ops).
        let mut runs: Vec<(Span, bool)> = Vec::new();
        for op in &ops {
            copy_until(
                op.start,
                &mut si,
                &mut seg_start,
                &mut cursor,
                &mut text,
                &mut segs,
            );
            // Skip the old content of [op.start, op.end), collecting the
            // source it covered as contiguous runs; join gaps stay separate.
            runs.clear();
            let mut add = |src: Span, join: bool| match runs.last_mut() {
                Some((last, false)) if !join && last.end == src.start => last.end = src.end,
                _ => runs.push((src, join)),
            };
            while si < old.len() {
                let seg = &old[si];
                let seg_end = seg_start + seg.len;
                if seg.len == 0 {
                    if seg_start >= op.start && seg_start < op.end {
                        add(seg.src, seg.edit == Some(EditKind::Join));
                        si += 1;
                        continue;
                    }
                    break;
                }
                if seg_start >= op.end {
                    break;
                }
                let a = cursor.max(seg_start);
                let b = op.end.min(seg_end);
                let src = if seg.edit.is_some() {
                    seg.src
                } else {
                    Span::new(
                        seg.src.start + (a - seg_start),
                        seg.src.start + (b - seg_start),
                    )
                };
                add(src, seg.edit == Some(EditKind::Join));
                cursor = b;
                if seg_end <= op.end {
                    si += 1;
                    seg_start = seg_end;
                } else {
                    break;
                }
            }
            // A removal (no kind) leaves nothing in the text; the caller
            // logged its source before the call.
            let Some(kind) = op.kind else {
                continue;
            };
            if runs.iter().all(|r| r.1) && !op.text.is_empty() {
                // An insertion: an empty span where the next source byte starts.
                let at = old
                    .get(si)
                    .map(|s| {
                        if s.edit.is_some() {
                            s.src.start
                        } else {
                            s.src.start + (cursor - seg_start)
                        }
                    })
                    .or_else(|| old.last().map(|s| s.src.end))
                    .unwrap_or(0);
                runs.insert(0, (Span::empty(at), false));
            }
            // One edit segment per source run, so that an edit never claims
            // source bytes that lie in a hole of the block (cut out, or
            // between joined blocks); the replacement goes to the first run.
            let mut replacement = Some(&*op.text);
            for &(src, join) in &runs {
                let out = if join {
                    ""
                } else {
                    replacement.take().unwrap_or("")
                };
                text.push_str(out);
                push_segment(
                    &mut segs,
                    Segment {
                        src,
                        len: out.len(),
                        edit: Some(if join { EditKind::Join } else { kind }),
                    },
                );
            }
        }
        let end = old_text.len();
        copy_until(
            end,
            &mut si,
            &mut seg_start,
            &mut cursor,
            &mut text,
            &mut segs,
        );
        self.text = text;
        self.segs = segs;
        self.normalize_anchors();
    }

    /// Split the text into lines: `(offset, line)` without the line terminator.
    pub fn lines(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        let text = self.text.as_str();
        let mut at = 0;
        line_ends(text).map(move |e| {
            let off = at;
            at = e;
            let l = &text[off..e];
            let l = l.strip_suffix('\n').unwrap_or(l);
            (off, l.strip_suffix('\r').unwrap_or(l))
        })
    }
}

/// Append `seg` to `segs`: source copied verbatim goes on the last
/// segment when it continues it (after a removal that cut nothing), and a
/// copy of nothing is dropped; an edit segment always stands on its own.
fn push_segment(segs: &mut Vec<Segment>, seg: Segment) {
    if seg.edit.is_none() {
        if let Some(last) = segs.last_mut() {
            if last.edit.is_none() && last.src.end == seg.src.start {
                last.src.end = seg.src.end;
                last.len += seg.len;
                return;
            }
        }
        if seg.len == 0 {
            return;
        }
    }
    segs.push(seg);
}

/// Where the lines of `text` end, their terminators included (the ends of
/// `split_inclusive('\n')`), found with memchr's vectorised search.
pub(crate) fn line_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
        .map(|e| e + 1)
        .chain((!text.ends_with('\n') && !text.is_empty()).then_some(text.len()))
}

/// Merge segments' source spans into maximal contiguous runs; a join
/// segment ends a run and is not itself part of one (two halves joined
/// across an empty gap stay two spans, so the record shows the join).
fn runs<'a>(segs: impl Iterator<Item = &'a Segment>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut after_join = false;
    for s in segs {
        if s.edit == Some(EditKind::Join) {
            after_join = true;
            continue;
        }
        if s.src.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.end == s.src.start && !after_join => last.end = s.src.end,
            _ => out.push(s.src),
        }
        after_join = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Sorted, non-overlapping ops at character boundaries of `text`, from
    /// `picks`: (a position, a length in characters, what the op does).
    fn ops_from(text: &str, picks: &[(usize, usize, u8)]) -> Vec<Op> {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let mut at = 0;
        let mut ops = Vec::new();
        for &(gap, len, what) in picks {
            let Some(&start) = bounds.get(at + gap % 4) else {
                break;
            };
            let i = at + gap % 4;
            let end_i = (i + len % 3).min(bounds.len() - 1);
            let end = bounds[end_i];
            let (text, kind) = match what % 5 {
                0 => (Cow::Borrowed(""), None),
                1 => (Cow::Borrowed(""), Some(EditKind::CjkSpace)),
                2 => (Cow::Borrowed("，"), Some(EditKind::PunctWidth)),
                3 => (Cow::Owned("ab".to_string()), Some(EditKind::Ligature)),
                _ => (Cow::Borrowed(" "), Some(EditKind::LineBreak)),
            };
            // An edit that changes nothing never reaches `execute`
            // (`Block::apply` drops it).
            if start < end || !text.is_empty() || kind.is_none() {
                ops.push(Op {
                    start,
                    end,
                    text,
                    kind,
                });
            }
            // The next op starts at the end of this one or later; an empty
            // op leaves a character before the next.
            at = end_i + usize::from(end == start);
        }
        ops
    }

    fn fresh(text: &str, base: usize) -> Block {
        let input = format!("{}{text}", "x".repeat(base));
        Block::from_source(&input, Span::new(base, input.len()))
    }

    proptest! {
        #[test]
        fn verbatim_execution_is_the_segment_walk(
            text in "[a-c ,\n教育。]{1,24}",
            base in 0usize..5,
            picks in proptest::collection::vec((0usize..8, 0usize..6, 0u8..5), 0..8),
        ) {
            let ops = ops_from(&text, &picks);
            let copy = |ops: &[Op]| {
                ops.iter()
                    .map(|o| Op { start: o.start, end: o.end, text: o.text.clone(), kind: o.kind })
                    .collect::<Vec<Op>>()
            };
            let mut fast = fresh(&text, base);
            fast.execute_verbatim(base, copy(&ops));
            let mut walk = fresh(&text, base);
            walk.execute_segments(copy(&ops));
            prop_assert_eq!(&fast.text, &walk.text);
            prop_assert_eq!(&fast.segs, &walk.segs);
        }
    }
}
