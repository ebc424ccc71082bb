//! Labelled fixtures: every line of the five seed pages and of two English
//! OCR-style pages carries its expected class (`testdata/clean/labels/*.tsv`);
//! labelled repair samples (`labels/repairs.toml`). The tests compute
//! precision and recall, print them, and hold them to thresholds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use galley_core::invariants::check_document;

fn dir() -> PathBuf {
    galley_testkit::testdata().join("clean")
}

/// `(stem, text)` of every fixture page.
pub fn pages() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn labels(stem: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(dir().join("labels").join(format!("{stem}.tsv"))).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (c, t) = l.split_once('\t').unwrap();
            (c.to_string(), t.trim().to_string())
        })
        .collect()
}

#[derive(Default, Debug, Clone, Copy)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Count {
    fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }
    fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

fn report(title: &str, counts: &BTreeMap<String, Count>) {
    eprintln!("{title}");
    for (k, c) in counts {
        eprintln!(
            "  {k:<14} tp {:>3} fp {:>3} fn {:>3}  precision {:.3}  recall {:.3}",
            c.tp,
            c.fp,
            c.fn_,
            c.precision(),
            c.recall()
        );
    }
}

#[test]
fn stray_lines_precision_recall() {
    let mut by_class: BTreeMap<String, Count> = BTreeMap::new();
    let mut all = Count::default();
    let mut kept_lines = 0usize;
    let mut kept_lost = 0usize;
    for (stem, text) in pages() {
        let doc = crate::clean(&text);
        check_document(&doc).unwrap();
        let mut removed: Vec<(String, String)> = doc
            .removed()
            .iter()
            .map(|r| (r.kind.to_string(), r.text.trim().to_string()))
            .collect();
        let labels = labels(&stem);
        for (class, t) in &labels {
            if class == "keep" {
                kept_lines += 1;
                if removed.iter().any(|(_, r)| r == t) {
                    kept_lost += 1;
                    eprintln!("[{stem}] kept line removed: {t}");
                }
                continue;
            }
            let c = by_class.entry(class.clone()).or_default();
            match removed.iter().position(|(_, r)| r == t) {
                Some(i) => {
                    let (kind, _) = removed.remove(i);
                    all.tp += 1;
                    if &kind == class {
                        c.tp += 1;
                    } else {
                        c.fn_ += 1;
                        by_class.entry(kind).or_default().fp += 1;
                    }
                }
                None => {
                    eprintln!("[{stem}] missed {class}: {t}");
                    all.fn_ += 1;
                    c.fn_ += 1;
                }
            }
        }
        for (kind, t) in removed {
            eprintln!("[{stem}] removed but labelled keep: {kind} {t}");
            all.fp += 1;
            by_class.entry(kind).or_default().fp += 1;
        }
    }
    let mut total = BTreeMap::new();
    total.insert("ALL".to_string(), all);
    report(
        "stray-line removal, per class (seed pages + English pages):",
        &by_class,
    );
    report("stray-line removal, any class:", &total);
    eprintln!("  kept lines removed: {kept_lost} of {kept_lines}");
    assert!(all.precision() >= 0.95, "precision {:.3}", all.precision());
    assert!(all.recall() >= 0.90, "recall {:.3}", all.recall());
    for (k, c) in &by_class {
        assert!(c.precision() >= 0.9, "{k}: precision {:.3}", c.precision());
        assert!(c.recall() >= 0.5, "{k}: recall {:.3}", c.recall());
    }
}

fn is_cjk(c: char) -> bool {
    galley_core::chars::is_cjk(c) || matches!(c, ',' | '"')
}

/// Every space between CJK characters on the seed pages is labelled: on page
/// 002 (line ends turned into spaces) all are artifacts but the parallel
/// quoted phrase below; on the other pages all are deliberate separators
/// (headlines, names, quoted phrases).
#[test]
fn cjk_space_precision_recall_on_seed_pages() {
    let deliberate_002 = ["急救进万家 科普走基层"];
    let mut c = Count::default();
    // Seed pages only (their stems start with the page number): the labels
    // above say nothing of the spaces on the other Chinese pages.
    for (stem, text) in pages()
        .into_iter()
        .filter(|p| p.0.starts_with(|c: char| c.is_ascii_digit()))
    {
        let doc = crate::clean(&text);
        let deleted: Vec<galley_core::Span> = doc
            .blocks()
            .iter()
            .flat_map(|b| b.edits())
            .filter(|e| e.kind == galley_core::EditKind::CjkSpace)
            .map(|e| e.span)
            .collect();
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut i = 1;
        while i + 1 < chars.len() {
            let (off, ch) = chars[i];
            if ch != ' ' && ch != '\u{3000}' {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < chars.len() && (chars[j].1 == ' ' || chars[j].1 == '\u{3000}') {
                j += 1;
            }
            let (p, n) = (chars[i - 1].1, chars.get(j).map_or(' ', |x| x.1));
            let end = chars.get(j).map_or(text.len(), |x| x.0);
            let in_removed = doc
                .removed()
                .iter()
                .any(|r| r.span.start <= off && end <= r.span.end);
            if is_cjk(p) && is_cjk(n) && !in_removed {
                let ctx_s = chars[i.saturating_sub(6)].0;
                let ctx_e = chars
                    .get((j + 6).min(chars.len() - 1))
                    .map_or(text.len(), |x| x.0);
                let ctx = &text[ctx_s..ctx_e];
                let artifact =
                    stem.starts_with("002") && !deliberate_002.iter().any(|d| ctx.contains(d));
                // Deleted by an edit, or trimmed away with a removed neighbour.
                let kept = doc
                    .blocks()
                    .iter()
                    .flat_map(|b| b.spans())
                    .any(|s| s.start <= off && end <= s.end);
                let predicted = deleted.iter().any(|s| s.start <= off && end <= s.end) || !kept;
                match (artifact, predicted) {
                    (true, true) => c.tp += 1,
                    (false, true) => {
                        c.fp += 1;
                        eprintln!("[{stem}] deliberate space deleted: {ctx}");
                    }
                    (true, false) => {
                        c.fn_ += 1;
                        eprintln!("[{stem}] artifact space kept: {ctx}");
                    }
                    (false, false) => {}
                }
            }
            i = j;
        }
    }
    let mut m = BTreeMap::new();
    m.insert("cjk_space".to_string(), c);
    report("CJK spaces on the seed pages:", &m);
    assert!(c.precision() >= 0.97 && c.recall() >= 0.95, "{c:?}");
}

#[derive(serde::Deserialize)]
struct Samples {
    sample: Vec<Sample>,
}

#[derive(serde::Deserialize)]
struct Sample {
    kind: String,
    input: String,
    expected: String,
}

#[test]
fn repairs_precision_recall() {
    let text = std::fs::read_to_string(dir().join("labels/repairs.toml")).unwrap();
    let samples: Samples = toml::from_str(&text).unwrap();
    let mut counts: BTreeMap<String, Count> = BTreeMap::new();
    for s in &samples.sample {
        let doc = crate::clean(&s.input);
        check_document(&doc).unwrap();
        let out = doc
            .blocks()
            .iter()
            .map(|b| b.text())
            .collect::<Vec<_>>()
            .join("\n");
        let made = doc
            .blocks()
            .iter()
            .flat_map(|b| b.edits())
            .any(|e| e.kind.to_string() == s.kind);
        let want = s.input != s.expected;
        let right = out == s.expected;
        let c = counts.entry(s.kind.clone()).or_default();
        match (want, made, right) {
            (true, true, true) => c.tp += 1,
            (_, true, _) => {
                c.fp += 1;
                if want {
                    c.fn_ += 1;
                }
                eprintln!(
                    "wrong {}: {:?} -> {:?} (want {:?})",
                    s.kind, s.input, out, s.expected
                );
            }
            (true, false, _) => {
                c.fn_ += 1;
                eprintln!("missed {}: {:?} -> {:?}", s.kind, s.input, out);
            }
            (false, false, _) => {}
        }
    }
    report("repairs on labelled samples:", &counts);
    for (k, c) in &counts {
        assert!(c.precision() >= 0.9 && c.recall() >= 0.8, "{k}: {c:?}");
    }
}
