//! The vocabularies of the logs: what kind of edit, what kind of removal, what role a block plays.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of character-level change an [`Edit`](crate::Edit) made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EditKind {
    /// Two blocks re-joined into one paragraph; the span is the gap between them.
    Join,
    /// A line break inside a block deleted (CJK) or turned into a space (Latin).
    LineBreak,
    /// A space that a line break left inside CJK text, deleted.
    CjkSpace,
    /// Other whitespace normalised (ideographic spaces, tabs, runs of spaces).
    Whitespace,
    /// ASCII punctuation in CJK context turned full-width.
    PunctWidth,
    /// Straight quotes turned into paired curly quotes.
    Quote,
    /// Full-width Latin letters and digits turned into ASCII.
    FullwidthAlnum,
    /// A Markdown or quote marker left by the OCR tool (`#`, `>`), deleted.
    Marker,
    /// A word hyphenated across a line end, re-joined.
    Hyphenation,
    /// A typographic ligature (`ﬁ`) expanded.
    Ligature,
    /// An invisible or control character (zero-width space, BOM), deleted.
    Invisible,
    /// Characters repeated across a column break, dropped.
    Overlap,
    /// Column-rule debris at a line end, deleted.
    Debris,
    /// Text cut out of a block by the deduplicator (a pasted copy of another passage).
    Duplicate,
    /// Any other change; the stage says what in its notes.
    Other,
}

/// What kind of stray piece a [`Removal`](crate::Removal) took out of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RemovalKind {
    /// A photo caption.
    Caption,
    /// A picture or photo credit.
    Credit,
    /// A page header or footer (date, weekday, editor credits).
    PageHeader,
    /// A page number or page/section label.
    PageNumber,
    /// A column label such as `【学思践悟】`.
    ColumnLabel,
    /// A running head repeated on several pages.
    RunningHead,
    /// A continuation mark (`（下转第四版）`, `Continued on Page 6`).
    Continuation,
    /// A masthead or a rule line of dots, dashes or underscores.
    Rule,
    /// Editor, layout and contact lines (`本版编辑：…`, `E-mail:…`).
    Contact,
    /// A passage that repeats another one kept elsewhere.
    Duplicate,
    /// A garbage fragment: misread characters, a headline piece of a neighbouring story.
    Noise,
    /// Any other stray piece; the reason says what.
    Other,
}

/// The role a kept block plays in its article.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// Body text.
    #[default]
    Paragraph,
    /// A section heading inside an article.
    Heading,
    /// The article's title.
    Title,
    /// A kicker above the title.
    Kicker,
    /// A subtitle below the title.
    Subtitle,
    /// A byline.
    Byline,
    /// An author note (`(作者系…)`).
    AuthorNote,
}

impl Role {
    /// Whether the role belongs to an article's `meta` rather than its body `blocks`.
    pub fn is_meta(self) -> bool {
        !matches!(self, Role::Paragraph | Role::Heading)
    }
}

macro_rules! display_as_serde {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // The serde name is the stable, snake_case name used in records.
                let s = serde_json::to_string(self).map_err(|_| fmt::Error)?;
                f.write_str(s.trim_matches('"'))
            }
        }
    )*};
}
display_as_serde!(EditKind, RemovalKind, Role);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_snake_case() {
        assert_eq!(EditKind::CjkSpace.to_string(), "cjk_space");
        assert_eq!(RemovalKind::PageHeader.to_string(), "page_header");
        assert_eq!(Role::AuthorNote.to_string(), "author_note");
        assert!(Role::Byline.is_meta());
        assert!(!Role::Heading.is_meta());
    }
}
