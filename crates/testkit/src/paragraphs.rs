//! Scoring of the labelled paragraph fixtures (`testdata/paragraphs/fixtures`):
//! the seams where a paragraph was cut, the article starts and the roles of
//! a page, compared with what a run of stages made of it. One implementation
//! for every test that scores them (the paragraph stage alone, or after the
//! cleanup stage).
//!
//! The units scored are the page's raw blocks (split at blank lines), or its
//! lines when the labels list line breaks (pages with one line per printed
//! line). Predictions are read from the output blocks' source spans, so text
//! that an earlier stage changed or removed is scored by where it came from.

use std::collections::BTreeSet;

use galley_core::Document;
use serde::Deserialize;

use crate::testdata;

/// The labels of one page: `testdata/paragraphs/fixtures/<name>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageLabels {
    /// The page, relative to `testdata/paragraphs`.
    pub page: String,
    /// Seams where one paragraph was cut: `"end of first half|start of second half"`
    /// (with `line_breaks`, the seams across lines that are not neighbours:
    /// a paragraph cut by removed captions).
    #[serde(default)]
    pub joins: Vec<String>,
    /// For pages with one line per printed line: the lines that start a
    /// paragraph (every other line break is a join).
    #[serde(default)]
    pub line_breaks: Vec<String>,
    /// The first block (in input order) of each article.
    pub articles: Vec<String>,
    /// `[role, text]`: the role of the block that is (or starts with) `text`.
    pub roles: Vec<[String; 2]>,
}

/// Counts of hits over totals: `(hits, total)` for each measure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParagraphScore {
    /// Labelled joins that were made (recall).
    pub joins: (usize, usize),
    /// Joins made that are labelled (precision).
    pub joins_predicted: (usize, usize),
    /// Seams labelled as breaks that were kept.
    pub breaks: (usize, usize),
    /// Labelled article starts that were found (recall).
    pub articles: (usize, usize),
    /// Article starts found that are labelled (precision).
    pub article_starts_predicted: (usize, usize),
    /// Labelled roles that were given.
    pub roles: (usize, usize),
}

impl ParagraphScore {
    /// The thresholds for pages set one block per printed paragraph (the
    /// seed pages and the held-out pages of that shape); panics with the
    /// measure that falls short.
    pub fn assert_block_pages(&self) {
        assert!(ratio(self.joins) >= 0.90, "join recall {:?}", self.joins);
        assert!(
            ratio(self.joins_predicted) >= 0.80,
            "join precision {:?}",
            self.joins_predicted
        );
        assert!(ratio(self.breaks) >= 0.97, "breaks {:?}", self.breaks);
        assert!(
            ratio(self.articles) >= 0.85,
            "article starts {:?}",
            self.articles
        );
        assert!(
            ratio(self.article_starts_predicted) >= 0.70,
            "article precision {:?}",
            self.article_starts_predicted
        );
        assert!(ratio(self.roles) >= 0.80, "roles {:?}", self.roles);
    }

    /// The thresholds for pages of printed lines (the English pages and the
    /// held-out pages without blank lines); panics with the measure that
    /// falls short.
    pub fn assert_line_pages(&self) {
        assert!(ratio(self.joins) >= 0.85, "join recall {:?}", self.joins);
        assert!(ratio(self.breaks) >= 0.85, "breaks {:?}", self.breaks);
        assert!(
            ratio(self.articles) >= 0.5,
            "article starts {:?}",
            self.articles
        );
        assert!(ratio(self.roles) >= 0.6, "roles {:?}", self.roles);
    }
}

/// `hits / total`, and 1 when there is nothing to count.
pub fn ratio(x: (usize, usize)) -> f64 {
    if x.1 == 0 {
        1.0
    } else {
        x.0 as f64 / x.1 as f64
    }
}

impl std::fmt::Display for ParagraphScore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let part = |f: &mut std::fmt::Formatter<'_>, name: &str, x: (usize, usize)| {
            write!(f, "{name} {}/{} ({:.2})", x.0, x.1, ratio(x))
        };
        part(f, "joins found", self.joins)?;
        part(f, ", join precision", self.joins_predicted)?;
        // Breaks are many and nearly all kept: one more digit.
        write!(
            f,
            ", breaks kept {}/{} ({:.3})",
            self.breaks.0,
            self.breaks.1,
            ratio(self.breaks)
        )?;
        part(f, ", article starts found", self.articles)?;
        part(
            f,
            ", article start precision",
            self.article_starts_predicted,
        )?;
        part(f, ", roles", self.roles)
    }
}

fn strip(t: &str) -> &str {
    t.trim_start_matches(|c: char| c == '#' || c == '>' || c.is_whitespace())
}

fn tail(t: &str) -> String {
    let n = t.chars().count();
    t.chars().skip(n.saturating_sub(12)).collect()
}

fn head(t: &str) -> String {
    t.chars().take(12).collect()
}

/// Load the labels of fixture `name` (`testdata/paragraphs/fixtures/<name>.toml`).
pub fn load_labels(name: &str) -> PageLabels {
    let path = testdata()
        .join("paragraphs/fixtures")
        .join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Score fixture pages: for each name, load its labels and page, run `run`
/// on a document of the page, and add up the scores. Every miss is printed
/// (run the test with `--nocapture` to read them), then the totals.
pub fn score_fixtures(pages: &[&str], run: impl Fn(&mut Document)) -> ParagraphScore {
    let mut s = ParagraphScore::default();
    for name in pages {
        let labels = load_labels(name);
        let path = testdata().join("paragraphs").join(&labels.page);
        let input =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut doc = Document::new(*name, input.as_str());
        run(&mut doc);
        score_page(name, &labels, &input, &doc, &mut s);
    }
    eprintln!("{s}");
    s
}

/// Score one page's output `doc` (made from `input`) against its labels.
pub fn score_page(
    name: &str,
    labels: &PageLabels,
    input: &str,
    doc: &Document,
    s: &mut ParagraphScore,
) {
    let raw = Document::new(name, input);
    // Units: raw blocks, or lines when the page labels line breaks.
    let units: Vec<(usize, usize)> = if labels.line_breaks.is_empty() {
        raw.blocks()
            .iter()
            .map(|b| (b.source_range().start, b.source_range().end))
            .collect()
    } else {
        let mut v = Vec::new();
        let mut at = 0;
        for l in input.split_inclusive('\n') {
            let t = l.trim();
            if !t.is_empty() {
                let s0 = at + (l.len() - l.trim_start().len());
                v.push((s0, s0 + t.len()));
            }
            at += l.len();
        }
        v
    };
    let unit_of = |pos: usize| units.iter().position(|&(a, b)| a <= pos && pos < b);
    let text = |u: usize| &input[units[u].0..units[u].1];
    // Predicted joins: consecutive source pieces of one output block that
    // lie in different units.
    let mut predicted: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut unit_article = vec![usize::MAX; units.len()];
    for b in doc.blocks() {
        // Each source piece without the whitespace at its ends (a piece may
        // end in the line break before a line the cleanup stage cut out);
        // pieces of whitespace alone say nothing.
        let bytes = input.as_bytes();
        let spans: Vec<std::ops::Range<usize>> = b
            .spans()
            .into_iter()
            .filter_map(|sp| {
                let r = sp.range();
                let start = r.clone().find(|&i| !bytes[i].is_ascii_whitespace())?;
                let end = r.rev().find(|&i| !bytes[i].is_ascii_whitespace())? + 1;
                Some(start..end)
            })
            .collect();
        for sp in &spans {
            for u in 0..units.len() {
                if units[u].0 < sp.end && sp.start < units[u].1 {
                    unit_article[u] = b.article;
                }
            }
        }
        for w in spans.windows(2) {
            if let (Some(x), Some(y)) = (unit_of(w[0].end - 1), unit_of(w[1].start)) {
                if x != y {
                    predicted.insert((x, y));
                }
            }
        }
        // Line breaks inside a piece are joins of lines too.
        for sp in &spans {
            if let (Some(x), Some(y)) = (unit_of(sp.start), unit_of(sp.end - 1)) {
                for u in x..y {
                    predicted.insert((u, u + 1));
                }
            }
        }
    }
    // Labelled joins.
    let mut labelled: BTreeSet<(usize, usize)> = BTreeSet::new();
    // Joins named by their two sides: on a page labelled by line breaks,
    // the joins across removed lines (a paragraph cut by captions), which
    // no pair of neighbouring lines can name.
    {
        for j in &labels.joins {
            let (tail, head) = j
                .split_once('|')
                .unwrap_or_else(|| panic!("{name}: join label without `|`: {j}"));
            let a = (0..units.len())
                .find(|&u| text(u).ends_with(tail))
                .unwrap_or_else(|| panic!("{name}: no block ends with {tail}"));
            let b = (a + 1..units.len())
                .find(|&u| strip(text(u)).starts_with(head))
                .unwrap_or_else(|| panic!("{name}: no block starts with {head}"));
            labelled.insert((a, b));
        }
    }
    if !labels.line_breaks.is_empty() {
        let starts: Vec<usize> = labels
            .line_breaks
            .iter()
            .map(|p| {
                (0..units.len())
                    .find(|&u| text(u).starts_with(p.as_str()))
                    .unwrap_or_else(|| panic!("{name}: no line {p}"))
            })
            .collect();
        for u in 0..units.len().saturating_sub(1) {
            if !starts.contains(&(u + 1)) {
                labelled.insert((u, u + 1));
            }
        }
    }
    // A seam between two lines that an earlier stage removed whole (the two
    // lines of a caption) joins nothing in the output: not scored.
    let removed = |u: usize| unit_article[u] == usize::MAX;
    for l in labelled.iter().filter(|l| !(removed(l.0) && removed(l.1))) {
        s.joins.1 += 1;
        if predicted.contains(l) {
            s.joins.0 += 1;
        } else {
            eprintln!(
                "{name}: missed join {:?} | {:?}",
                tail(text(l.0)),
                head(text(l.1))
            );
        }
    }
    for p in &predicted {
        s.joins_predicted.1 += 1;
        if labelled.contains(p) {
            s.joins_predicted.0 += 1;
        } else {
            eprintln!(
                "{name}: wrong join {:?} | {:?}",
                tail(text(p.0)),
                head(text(p.1))
            );
        }
    }
    for u in 0..units.len().saturating_sub(1) {
        if !labelled.contains(&(u, u + 1)) {
            s.breaks.1 += 1;
            if !predicted.contains(&(u, u + 1)) {
                s.breaks.0 += 1;
            }
        }
    }
    // Articles: the units where the article changes, in input order. Units
    // that an earlier stage removed whole belong to no article and are
    // passed over; a labelled start that was removed moves to the next unit
    // that was kept.
    let kept = |u: usize| unit_article[u] != usize::MAX;
    let want: BTreeSet<usize> = labels
        .articles
        .iter()
        .map(|p| {
            let u = (0..units.len())
                .find(|&u| text(u) == p.as_str())
                .or_else(|| (0..units.len()).find(|&u| text(u).starts_with(p.as_str())))
                .unwrap_or_else(|| panic!("{name}: no article start {p}"));
            (u..units.len()).find(|&k| kept(k)).unwrap_or(u)
        })
        .collect();
    let mut got: BTreeSet<usize> = BTreeSet::new();
    let mut last: Option<usize> = None;
    for u in (0..units.len()).filter(|&u| kept(u)) {
        if last != Some(unit_article[u]) {
            got.insert(u);
        }
        last = Some(unit_article[u]);
    }
    for w in &want {
        s.articles.1 += 1;
        if got.contains(w) {
            s.articles.0 += 1;
        } else {
            eprintln!("{name}: missed article start {:?}", head(text(*w)));
        }
    }
    for g in &got {
        s.article_starts_predicted.1 += 1;
        if want.contains(g) {
            s.article_starts_predicted.0 += 1;
        } else {
            eprintln!("{name}: wrong article start {:?}", head(text(*g)));
        }
    }
    // Roles: the output block whose text is (or starts with) the label's
    // text; when an earlier stage changed that text, the output block that
    // holds the start of the labelled unit.
    for [role, prefix] in &labels.roles {
        s.roles.1 += 1;
        let found = doc
            .blocks()
            .iter()
            .find(|b| strip(b.text()) == prefix.as_str())
            .or_else(|| {
                doc.blocks()
                    .iter()
                    .find(|b| strip(b.text()).starts_with(prefix.as_str()))
            })
            .or_else(|| {
                let u = (0..units.len()).find(|&u| strip(text(u)).starts_with(prefix.as_str()))?;
                let at = units[u].0 + (text(u).len() - strip(text(u)).len());
                doc.blocks()
                    .iter()
                    .find(|b| b.spans().iter().any(|sp| sp.start <= at && at < sp.end))
            });
        match found {
            Some(b) if b.role.to_string() == *role => s.roles.0 += 1,
            Some(b) => eprintln!("{name}: role of {prefix:?}: want {role}, got {}", b.role),
            None => eprintln!("{name}: no block starts with {prefix:?}"),
        }
    }
}
