//! The stage's options.

use serde::{Deserialize, Serialize};

use crate::Error;

/// The stage's options. Every repair and every class of stray line has a
/// switch (all on by default); rules with a size limit have a threshold.
/// Unknown keys are rejected.
///
/// Widths count a CJK character as 1 and any other character as 1/2, so one
/// limit fits Chinese lines and Latin lines alike.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Config {
    // ---- text repairs ----
    /// Delete spaces that line breaks left between CJK characters.
    pub cjk_space: bool,
    /// In a block where line breaks became spaces, also delete spaces between
    /// CJK and Latin letters or digits (`11 月` → `11月`).
    pub mixed_space: bool,
    /// Normalise other whitespace: tabs and ideographic spaces inside a line,
    /// runs of spaces between words, spaces at line ends.
    pub whitespace: bool,
    /// Delete zero-width characters, the byte-order mark and control characters.
    pub invisible: bool,
    /// Turn ASCII punctuation beside CJK text into its full-width form.
    pub punct_width: bool,
    /// Which ASCII marks `punct_width` may widen (a subset of `,:;()!?`).
    pub punct_width_marks: String,
    /// Turn straight double quotes in CJK text into paired curly quotes.
    pub quotes: bool,
    /// Turn full-width Latin letters and digits into ASCII.
    pub fullwidth_alnum: bool,
    /// Delete Markdown heading and quote markers (`#`, `##`, `###`, `>`) at
    /// line start and pass them on as block hints.
    pub markers: bool,
    /// Re-join Latin words hyphenated across a line end (`informa-` / `tion`).
    pub hyphenation: bool,
    /// Re-join Latin words split across a line end without a hyphen
    /// (`construc` / `tion`) when the joined form is a word of the page or
    /// the second half is a bare suffix.
    pub lost_hyphen: bool,
    /// Expand typographic ligatures (`ﬁ` → `fi`).
    pub ligatures: bool,
    /// Delete column-rule debris: a stray character at the end of many lines.
    pub debris: bool,
    /// How many lines of a page must end in a stray character before such
    /// endings count as column-rule debris.
    pub debris_min_lines: usize,

    // ---- stray lines ----
    /// Remove photo captions.
    pub captions: bool,
    /// Remove picture credits (`图片由…提供`, `Photo by …`).
    pub credits: bool,
    /// Remove page headers and footers (date and weekday, editor credits, masthead lines).
    pub page_headers: bool,
    /// Remove page numbers and page labels (`第3版`, `A3`, `Page 6`).
    pub page_numbers: bool,
    /// Remove column labels (`【学思践悟】`).
    pub column_labels: bool,
    /// Remove running heads repeated on several pages.
    pub running_heads: bool,
    /// How many times a short line must occur to be taken for a running head.
    pub running_head_min_repeats: usize,
    /// Remove continuation marks (`（下转第四版）`, `Continued on Page 6`).
    pub continuations: bool,
    /// Remove rule lines made of dots, dashes or underscores.
    pub rules: bool,
    /// Remove editor and contact lines (`本版编辑：…`, `电话：…`, `E-mail:…`).
    pub contacts: bool,
    /// Remove garbage fragments (symbol junk, single stray characters,
    /// misread caption pieces after a paragraph's last sentence).
    pub noise: bool,
    /// A line wider than this is never taken for a caption or heading.
    pub caption_max_width: f32,
    /// A column label's text (inside the brackets) is at most this wide.
    pub label_max_width: f32,
    /// The caption score a short line needs to be removed; it must also beat
    /// the line's heading score. Lower removes more.
    pub caption_min_score: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            cjk_space: true,
            mixed_space: true,
            whitespace: true,
            invisible: true,
            punct_width: true,
            punct_width_marks: ",:;()!?".to_string(),
            quotes: true,
            fullwidth_alnum: true,
            markers: true,
            hyphenation: true,
            lost_hyphen: true,
            ligatures: true,
            debris: true,
            debris_min_lines: 3,
            captions: true,
            credits: true,
            page_headers: true,
            page_numbers: true,
            column_labels: true,
            running_heads: true,
            running_head_min_repeats: 2,
            continuations: true,
            rules: true,
            contacts: true,
            noise: true,
            caption_max_width: 48.0,
            label_max_width: 16.0,
            caption_min_score: 2,
        }
    }
}

impl Config {
    /// Check the values the stage cannot use.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(c) = self
            .punct_width_marks
            .chars()
            .find(|c| !",:;()!?".contains(*c))
        {
            return Err(Error::InvalidOption {
                key: "punct_width_marks",
                message: format!("`{c}` is not one of `,:;()!?`"),
            });
        }
        if !(self.caption_max_width.is_finite() && (0.0..=200.0).contains(&self.caption_max_width))
        {
            return Err(Error::InvalidOption {
                key: "caption_max_width",
                message: "must be a number from 0 to 200".into(),
            });
        }
        if !(self.label_max_width.is_finite() && self.label_max_width >= 0.0) {
            return Err(Error::InvalidOption {
                key: "label_max_width",
                message: "must be a finite number >= 0".into(),
            });
        }
        if self.running_head_min_repeats < 2 {
            return Err(Error::InvalidOption {
                key: "running_head_min_repeats",
                message: "must be at least 2 (a line seen once repeats nothing)".into(),
            });
        }
        if self.debris_min_lines == 0 {
            return Err(Error::InvalidOption {
                key: "debris_min_lines",
                message: "must be at least 1".into(),
            });
        }
        Ok(())
    }
}
