//! OCR-artifact cleanup: repairs broken spacing, punctuation width and
//! markers, and removes stray captions, credits and page furniture.
//!
//! This crate is the first stage of the galley pipeline. Build [`Clean`]
//! once from a [`Config`] and apply it to many
//! [`Document`]s. It works per block and per line:
//!
//! - **Stray lines** are removed with a kind and a reason: photo captions
//!   (alone or in runs, judged by their position: between two halves of a
//!   broken paragraph, next to a credit, at a page end; or by their shape:
//!   `(左一)`, `Photo: …`, `Figure 3.`), picture credits, page headers and
//!   footers, page numbers, column labels, running heads, continuation marks,
//!   rule lines, contact lines and garbage fragments. Short lines that may be
//!   headings are kept when in doubt, with a note and `hint.doubtful`.
//! - **Text repairs** are logged as edits: spaces that line breaks left in
//!   CJK text, punctuation width and straight quotes in CJK text, full-width
//!   Latin letters and digits, invisible characters, ligatures, Latin words
//!   hyphenated across a line end (or split without their hyphen), column-rule
//!   debris, Markdown markers (passed on as heading-level and quote hints).
//!
//! Line breaks inside blocks are kept (the paragraph stage reads the shape of
//! lines); only a word split across a line end is re-joined.
//!
//! ```
//! use galley_core::{Document, RemovalKind, Stage};
//! use galley_clean::{Clean, Config};
//!
//! let input = "## 强基固本\n\n区委 关于主题教育的要求, 高站位谋划。\n\n本稿配图由区教育局提供";
//! let stage = Clean::new(Config::default())?;
//! let mut doc = Document::new("page", input);
//! stage.apply(&mut doc)?;
//!
//! let texts: Vec<&str> = doc.blocks().iter().map(|b| b.text()).collect();
//! assert_eq!(texts, ["强基固本", "区委关于主题教育的要求，高站位谋划。"]);
//! assert_eq!(doc.blocks()[0].hint.heading_level, Some(2));
//! // The credit is logged as removed, with its source span.
//! let credit = &doc.removed()[0];
//! assert_eq!(credit.kind, RemovalKind::Credit);
//! assert_eq!(&input[credit.span.range()], "本稿配图由区教育局提供");
//! // Every edit points at the source bytes it replaced.
//! let edits: Vec<_> = doc.blocks()[1].edits().collect();
//! assert_eq!(edits.len(), 3); // the space after 区委, the comma, the space after it
//! assert_eq!(&input[edits[0].span.range()], " ");
//! assert_eq!(edits[1].text, "，");
//! galley_core::invariants::check_document(&doc)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Provenance
//!
//! The stage changes text only through the [`Document`]
//! API: removals with [`Document::remove_block`](galley_core::Document::remove_block)
//! and [`Document::remove_ranges`](galley_core::Document::remove_ranges),
//! repairs as one batch of edits per block, so every removal and every edit is
//! logged with its source span, and every non-blank input byte stays in a
//! block or in the removal log.
//!
//! # Crate features
//!
//! None.
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod config;
mod latin;
mod lines;
mod repair;
mod stray;
mod text;

use galley_core::{chars, Document, Stage};

pub use config::Config;

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
#[derive(Debug, Clone)]
pub struct Clean {
    config: Config,
}

impl Clean {
    /// Validate the config and build the stage.
    pub fn new(config: Config) -> Result<Clean, Error> {
        config.validate()?;
        Ok(Clean { config })
    }

    /// The stage's options.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Clean one text: split it into blocks at blank lines and apply the
    /// stage. The entry point for fuzzing and quick use.
    ///
    /// ```
    /// let doc = galley_clean::Clean::new(Default::default())?.clean_text("p", "我们 的学校很美。")?;
    /// assert_eq!(doc.blocks()[0].text(), "我们的学校很美。");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn clean_text(&self, id: &str, text: &str) -> Result<Document, galley_core::Error> {
        let mut doc = Document::new(id, text);
        self.apply(&mut doc)?;
        Ok(doc)
    }

    /// Remove what the plan of `phase` says; returns `(position, kind)` of
    /// every block removed whole (position: index of the block after it),
    /// the static pass's lines of the blocks it left as they were, one
    /// entry per block left (see [`stray::Saved`]), and whether the
    /// context pass left the page unsettled (see [`stray::Plan`]).
    fn remove_strays(
        &self,
        doc: &mut Document,
        phase: stray::Phase<'_>,
        shapes: &mut stray::ShapeCache,
    ) -> Result<Removed, galley_core::Error> {
        let stray::Plan {
            actions,
            mut saved,
            unsettled,
        } = stray::plan(&self.config, doc, phase, shapes);
        // Every removal of this phase in one batch: one pass over the blocks
        // however many go.
        let mut plan: Vec<(usize, galley_core::Cut)> = Vec::new();
        let mut first_kind: Vec<Option<galley_core::RemovalKind>> =
            Vec::with_capacity(actions.len());
        for (i, act) in actions.into_iter().enumerate() {
            first_kind.push(act.removals.first().map(|r| r.1));
            if let Some(note) = act.doubtful {
                let span = doc.blocks()[i].source_range();
                doc.blocks_mut()[i].hint.doubtful = true;
                doc.note("clean", span, note);
            }
            if act.removals.is_empty() {
                continue;
            }
            let cut = match act.removals.iter().find(|(r, _, _)| r.end == usize::MAX) {
                Some((_, kind, reason)) => {
                    first_kind[i] = Some(*kind);
                    galley_core::Cut::Whole(*kind, reason.clone())
                }
                None => galley_core::Cut::Ranges(act.removals),
            };
            plan.push((i, cut));
        }
        let gone = doc.remove_many(plan)?;
        // Numbered as the blocks are now: without the ones gone.
        saved.drop_blocks(&gone);
        // Where each removed block stood: the index of the block after it.
        let ghosts = gone
            .iter()
            .enumerate()
            .filter_map(|(rank, &i)| first_kind[i].map(|kind| (i - rank, kind)))
            .collect();
        Ok(Removed {
            ghosts,
            saved,
            unsettled,
        })
    }

    /// One run of the stage; returns whether it left the page unsettled:
    /// a second run could still change it.
    fn run(&self, doc: &mut Document) -> Result<bool, galley_core::Error> {
        // Order matters for idempotence: markers first (a heading line
        // becomes its own block), then the lines that are stray by their own
        // shape, then the repairs (which may join the lines of a hyphenated
        // word), then the short lines judged in context, on the text as it
        // now reads. A second run then sees the blocks the first one left.
        if self.config.markers {
            self.markers(doc)?;
        }
        // Short lines judged on their shape, kept for the second pass: most
        // come out of the repairs unchanged.
        let mut shapes = stray::ShapeCache::default();
        let Removed {
            ghosts, mut saved, ..
        } = self.remove_strays(doc, stray::Phase::Static, &mut shapes)?;
        let mut ctx = repair::Context::default();
        let latin = doc
            .blocks()
            .iter()
            .any(|b| text::has_ascii_letter(b.text().as_bytes()));
        if latin {
            let mut ends = LineEnds::default();
            for b in doc.blocks() {
                ends.add(b.text(), self.config.debris);
            }
            // The page's vocabulary decides words split at a line end: read
            // it only when a line ends in Latin letters.
            if ends.latin {
                for b in doc.blocks() {
                    ctx.vocab.add_block(b.text());
                }
            }
            ctx.debris = self.config.debris && ends.debris >= self.config.debris_min_lines;
        }
        let mut scratch = repair::Scratch::default();
        for i in 0..doc.blocks().len() {
            let b = &doc.blocks()[i];
            let heading = b.hint.heading_level.is_some();
            let edits = repair::edits(&self.config, &ctx, &mut scratch, b.text(), heading);
            if !edits.is_empty() {
                doc.edit_block(i, edits)?;
                // Repaired: the context pass reads it again.
                saved.forget(i);
            }
        }
        let phase = stray::Phase::Context {
            ghosts: &ghosts,
            saved: &saved,
        };
        let unsettled = self.remove_strays(doc, phase, &mut shapes)?.unsettled;
        doc.drop_blank_blocks();
        Ok(unsettled)
    }

    fn markers(&self, doc: &mut Document) -> Result<(), galley_core::Error> {
        // Phase 1, block by block: delete the markers and plan where each
        // block splits. Phase 2: all splits in one pass over the blocks.
        let mut plan: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut hints: Vec<Vec<Option<lines::Marker>>> = Vec::new();
        for i in 0..doc.blocks().len() {
            if memchr::memchr2(b'#', b'>', doc.blocks()[i].text().as_bytes()).is_none() {
                continue;
            }
            // (line start after edits, line end after edits, marker)
            let mut found: Vec<(usize, usize, lines::Marker)> = Vec::new();
            let mut edits = Vec::new();
            let mut shift = 0usize;
            let mut nonblank = 0;
            for (off, line) in doc.blocks()[i].lines() {
                nonblank += usize::from(!line.trim().is_empty());
                if let Some((m, lead, len)) = lines::marker(line) {
                    edits.push(galley_core::TextEdit::delete(
                        off + lead..off + lead + len,
                        galley_core::EditKind::Marker,
                    ));
                    found.push((off - shift, off + line.len() - shift - len, m));
                    shift += len;
                }
            }
            if found.is_empty() {
                continue;
            }
            doc.edit_block(i, edits)?;
            let all_quoted =
                found.len() == nonblank && found.iter().all(|f| f.2 == lines::Marker::Quote);
            if all_quoted {
                doc.blocks_mut()[i].hint.quoted = true;
                continue;
            }
            // Split so that each heading line, and each run of quote lines,
            // is a block of its own.
            let after = doc.blocks()[i].text();
            let len = after.len();
            let mut segs: Vec<(usize, usize, Option<lines::Marker>)> = Vec::new();
            let mut at = 0;
            for &(s, e, m) in &found {
                if let Some(last) = segs.last_mut() {
                    if last.2 == Some(lines::Marker::Quote)
                        && m == lines::Marker::Quote
                        && last.1 + 1 >= s
                    {
                        last.1 = e;
                        at = e;
                        continue;
                    }
                }
                if s > at {
                    segs.push((at, s, None));
                }
                segs.push((s, e, Some(m)));
                at = e;
            }
            if at < len {
                segs.push((at, len, None));
            }
            let kept: Vec<Option<lines::Marker>> = segs
                .iter()
                .filter(|(s, e, _)| after.get(*s..*e).is_some_and(|t| !t.trim().is_empty()))
                .map(|x| x.2)
                .collect();
            // Cut before the line break, so that the left part ends with
            // text and its trailing whitespace is trimmed.
            let cuts: Vec<usize> = segs
                .iter()
                .map(|&(s, _, _)| s)
                .filter(|&s| {
                    s > 0 && s < len && after.is_char_boundary(s) && !after[..s].trim().is_empty()
                })
                .map(|s| after[..s].trim_end().len())
                .collect();
            plan.push((i, cuts));
            hints.push(kept);
        }
        if plan.is_empty() {
            return Ok(());
        }
        let placed = doc.split_blocks_at(&plan)?;
        for ((start, count), kept) in placed.into_iter().zip(hints) {
            if count != kept.len() {
                continue;
            }
            for (k, m) in kept.into_iter().enumerate() {
                let hint = &mut doc.blocks_mut()[start + k].hint;
                match m {
                    Some(lines::Marker::Heading(l)) => hint.heading_level = Some(l),
                    Some(lines::Marker::Quote) => hint.quoted = true,
                    None => {}
                }
            }
        }
        Ok(())
    }
}

impl Stage for Clean {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn apply(&self, doc: &mut Document) -> Result<(), galley_core::Error> {
        // Cleaning twice changes nothing: a run that leaves the page
        // unsettled (rare: a line repeated on the page, some copies removed
        // in context) is followed by another, a few at most.
        for _ in 0..MAX_RUNS {
            if !self.run(doc)? {
                break;
            }
        }
        Ok(())
    }
}

/// Runs of the stage on one page, at most (see [`Clean::apply`]).
const MAX_RUNS: usize = 4;

/// What [`Clean::remove_strays`] did.
struct Removed {
    /// `(position, kind)` of every block removed whole.
    ghosts: Vec<(usize, galley_core::RemovalKind)>,
    /// The static pass's lines of the blocks it left.
    saved: stray::Saved,
    /// The context pass left the page unsettled.
    unsettled: bool,
}

/// What the line ends of a page tell the repairs, read in one pass over
/// the lines of each block.
#[derive(Debug, Default)]
struct LineEnds {
    /// A line other than its block's last may end inside a Latin word, so
    /// that the repairs may read the page's vocabulary to join it to the
    /// next line: its last visible character (or, where column-rule debris
    /// `word |` may be cut, the one before the space) is a Latin letter or
    /// a hyphen, as ASCII, a ligature or a full-width letter. CJK pages,
    /// whose lines end in CJK letters and marks, skip the vocabulary.
    latin: bool,
    /// Lines ending in a space and a lone debris-like character.
    debris: usize,
}

impl LineEnds {
    /// Read the line ends of a block's `text`; its debris only if `debris`.
    fn add(&mut self, text: &str, debris: bool) {
        let blank = |c: char| c.is_whitespace() || chars::is_invisible(c);
        let latin = |c: char| c == '-' || text::becomes_latin_letter(c);
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            // The line's end as the repairs leave it: trailing spaces and
            // invisible characters go, as they do before the debris is cut.
            let t = line.trim_end_matches(blank);
            let mut it = t.chars().rev();
            let (Some(x), sp) = (it.next(), it.next()) else {
                continue;
            };
            let rest = &t[..t.len() - x.len_utf8()];
            let next = lines.peek();
            if next.is_some() && !self.latin {
                self.latin = latin(x)
                    || (sp.is_some_and(blank) && rest.trim_end_matches(blank).ends_with(latin));
            }
            if !debris || !sp.is_some_and(char::is_whitespace) {
                continue;
            }
            let next: String = next
                .map(|l| {
                    l.trim_start()
                        .chars()
                        .take_while(|&c| text::is_letter(c))
                        .collect()
                })
                .unwrap_or_default();
            let before: String = rest
                .trim_end()
                .rsplit(char::is_whitespace)
                .next()
                .unwrap_or("")
                .chars()
                .filter(|&c| !chars::is_invisible(c))
                .collect();
            if latin::is_debris(x, &before, &next) && !chars::is_cjk(x) {
                self.debris += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_toml_is_the_default_config() {
        let parsed: Config = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(parsed, Config::default());
    }

    fn latin_line_end(text: &str) -> bool {
        let mut ends = LineEnds::default();
        ends.add(text, false);
        ends.latin
    }

    fn debris_lines(text: &str) -> usize {
        let mut ends = LineEnds::default();
        ends.add(text, true);
        ends.debris
    }

    #[test]
    fn debris_lines_are_counted() {
        assert_eq!(
            debris_lines("the construc |\ntion of a\nbridge over l\nthe river"),
            2
        );
        assert_eq!(debris_lines("the city |"), 1);
        // A word, a CJK character or a lone `I` after an ordinary word.
        assert_eq!(debris_lines("the city\n教育 丨\nwhen I\nthink"), 0);
        // Not counted unless asked for.
        let mut ends = LineEnds::default();
        ends.add("the construc |\ntion", false);
        assert_eq!(ends.debris, 0);
    }

    #[test]
    fn latin_line_ends_are_told_from_cjk_line_ends() {
        // A Latin word, a hyphen, a ligature or a full-width letter at the
        // end of a line that another follows.
        assert!(latin_line_end("the construc\ntion"));
        assert!(latin_line_end("a well-\nknown"));
        assert!(latin_line_end("the ﬁ\nrst"));
        assert!(latin_line_end("ＡＢ\u{200B} \nＣ"));
        // Column-rule debris after the word: the word before the space.
        assert!(latin_line_end("the construc |\ntion"));
        // CJK line ends, a last line, a Latin word inside a CJK line.
        assert!(!latin_line_end("教育 OCR 的质量，\n提高了。"));
        assert!(!latin_line_end("全面领导\n是根本保证"));
        assert!(!latin_line_end("the end"));
        assert!(!latin_line_end("第 3\n版"));
    }

    #[test]
    fn bad_options_are_rejected() {
        let c: Config = toml::from_str("punct_width_marks = \",x\"").unwrap();
        assert!(Clean::new(c).is_err());
        assert!(toml::from_str::<Config>("no_such_key = 1").is_err());
    }
}
