//! Evaluate galley's summarisers against human reference summaries.
//!
//! ```text
//! cargo run --release -p galley-summary --example rouge_eval -- DATASET.jsonl \
//!     [--pred NAME=PREDICTIONS.jsonl]... [--sweep] [--lcsts-sentences K] [--clts-sentences K]
//! ```
//!
//! `DATASET.jsonl` holds one object per line with `id`, `text` and `summary`
//! (a directory is searched for its first `*.jsonl`). Rows are grouped into
//! subsets by the id's prefix before the last `-` (`clts`, `cltsplus`,
//! `lcsts`). Every system gets the same budget, in sentences, per subset:
//! one sentence for `lcsts` (its articles are ~3-sentence briefs with
//! headline references) and `--clts-sentences` (default 2) for the long
//! articles. The table prints ROUGE-1/2/L F1 (×100) and the mean output
//! length in characters beside them, so that lengths can be compared.
//!
//! ROUGE here: tokens are single CJK characters and runs of other letters
//! or digits (case-folded), punctuation and spaces dropped; n-gram counts
//! are clipped; ROUGE-L is the LCS F1 of the whole summary against the
//! whole reference.
//!
//! Systems: galley's default config, each ranker with and without the
//! position prior, LEAD, the extractive oracle (sentences added greedily
//! while they raise ROUGE-1 + ROUGE-2 against the reference, under the same
//! budget), and any `--pred` file of `{"id", "summary": [..], "seconds"}`
//! lines (the Python peers, see `scripts/summary/peers.py`).
//!
//! `--sweep` also prints mean ROUGE-L per subset for a grid of
//! `position_weight` × `mmr_lambda` of the default ranker.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use galley_core::chars;
use galley_summary::{split_sentences, Budget, Config, Ranker, Summary};

struct Row {
    id: String,
    subset: String,
    text: String,
    reference: String,
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if chars::is_cjk_letter(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn f1(overlap: f64, pred: usize, reference: usize) -> f64 {
    if overlap == 0.0 || pred == 0 || reference == 0 {
        return 0.0;
    }
    let p = overlap / pred as f64;
    let r = overlap / reference as f64;
    2.0 * p * r / (p + r)
}

fn rouge_n(pred: &[String], reference: &[String], n: usize) -> f64 {
    fn grams(t: &[String], n: usize) -> HashMap<&[String], usize> {
        let mut m: HashMap<&[String], usize> = HashMap::new();
        for g in t.windows(n) {
            *m.entry(g).or_insert(0) += 1;
        }
        m
    }
    if pred.len() < n || reference.len() < n {
        return 0.0;
    }
    let (p, r) = (grams(pred, n), grams(reference, n));
    let overlap: usize = p
        .iter()
        .map(|(g, &c)| c.min(r.get(g).copied().unwrap_or(0)))
        .sum();
    f1(overlap as f64, pred.len() + 1 - n, reference.len() + 1 - n)
}

fn rouge_l(pred: &[String], reference: &[String]) -> f64 {
    let mut prev = vec![0usize; reference.len() + 1];
    let mut cur = vec![0usize; reference.len() + 1];
    for a in pred {
        for (j, b) in reference.iter().enumerate() {
            cur[j + 1] = if a == b {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    f1(prev[reference.len()] as f64, pred.len(), reference.len())
}

#[derive(Default, Clone)]
struct Score {
    r1: f64,
    r2: f64,
    rl: f64,
    len: f64,
    secs: f64,
    n: usize,
}

impl Score {
    fn add(&mut self, pred: &[String], reference: &str, secs: f64) {
        let p = tokens(&pred.concat());
        let r = tokens(reference);
        self.r1 += rouge_n(&p, &r, 1);
        self.r2 += rouge_n(&p, &r, 2);
        self.rl += rouge_l(&p, &r);
        self.len += pred.iter().map(|s| s.chars().count()).sum::<usize>() as f64;
        self.secs += secs;
        self.n += 1;
    }
    fn mean(&self, x: f64) -> f64 {
        x / self.n.max(1) as f64
    }
}

fn oracle(text: &str, reference: &str, k: usize) -> Vec<String> {
    let sents: Vec<&str> = split_sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    let r = tokens(reference);
    let mut picked: Vec<usize> = Vec::new();
    let mut best = 0.0;
    while picked.len() < k {
        let mut choice = None;
        for i in 0..sents.len() {
            if picked.contains(&i) {
                continue;
            }
            let mut trial = picked.clone();
            trial.push(i);
            trial.sort_unstable();
            let p = tokens(&trial.iter().map(|&j| sents[j]).collect::<String>());
            let s = rouge_n(&p, &r, 1) + rouge_n(&p, &r, 2);
            if s > best {
                best = s;
                choice = Some(i);
            }
        }
        match choice {
            Some(i) => picked.push(i),
            None => break,
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| sents[i].to_string()).collect()
}

fn load(path: &str) -> Result<Vec<Row>, Box<dyn std::error::Error>> {
    let mut path = std::path::PathBuf::from(path);
    if path.is_dir() {
        let mut found: Vec<_> = std::fs::read_dir(&path)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .collect();
        found.sort();
        path = found
            .into_iter()
            .next()
            .ok_or("no *.jsonl in the directory")?;
    }
    let text = std::fs::read_to_string(&path)?;
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let id = v["id"].as_str().ok_or("row without id")?.to_string();
        let subset = id
            .rsplit_once('-')
            .map_or(id.as_str(), |(s, _)| s)
            .to_string();
        rows.push(Row {
            subset,
            text: v["text"].as_str().unwrap_or_default().to_string(),
            reference: v["summary"].as_str().unwrap_or_default().to_string(),
            id,
        });
    }
    Ok(rows)
}

fn budget_for(subset: &str, lcsts: usize, clts: usize) -> usize {
    if subset == "lcsts" {
        lcsts
    } else {
        clts
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = None;
    let mut preds: Vec<(String, String)> = Vec::new();
    let mut sweep = false;
    let (mut lcsts_k, mut clts_k) = (1usize, 2usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--pred" => {
                let v = it.next().ok_or("--pred NAME=FILE")?;
                let (n, f) = v.split_once('=').ok_or("--pred NAME=FILE")?;
                preds.push((n.to_string(), f.to_string()));
            }
            "--sweep" => sweep = true,
            "--lcsts-sentences" => lcsts_k = it.next().ok_or("a number")?.parse()?,
            "--clts-sentences" => clts_k = it.next().ok_or("a number")?.parse()?,
            _ => data = Some(a.clone()),
        }
    }
    let data = data.ok_or("usage: rouge_eval DATASET.jsonl [--pred NAME=FILE]... [--sweep]")?;
    let rows = load(&data)?;
    let subsets: Vec<String> = {
        let mut s: Vec<String> = rows.iter().map(|r| r.subset.clone()).collect();
        s.dedup();
        s
    };

    let mut systems: Vec<(String, Config)> = vec![("galley (default)".into(), Config::default())];
    for r in Ranker::ALL {
        if r == Ranker::Lead {
            continue;
        }
        let mut c = Config::default();
        c.ranker = r;
        systems.push((format!("{} + prior", r.name()), c.clone()));
        c.position_weight = 0.0;
        systems.push((format!("{} (no prior)", r.name()), c));
    }
    let mut lead = Config::default();
    lead.ranker = Ranker::Lead;
    lead.mmr_lambda = 1.0;
    systems.push(("LEAD".into(), lead));

    // Load the jieba dictionary and IDF table before anything is timed.
    let _ = Summary::new(Config::default())?.summarize("预热词典。");
    // table[subset][system] = score
    let mut table: BTreeMap<String, Vec<(String, Score)>> = BTreeMap::new();
    let mut total_bytes = 0usize;
    let mut default_secs = 0.0;
    for (name, cfg) in &systems {
        let mut c = cfg.clone();
        c.keywords = 0;
        let stage = Summary::new(c)?;
        let mut per: HashMap<String, Score> = HashMap::new();
        for row in &rows {
            let k = budget_for(&row.subset, lcsts_k, clts_k);
            let t = Instant::now();
            let d = stage.summarize_with(&row.text, &Budget::Sentences(k));
            let secs = t.elapsed().as_secs_f64();
            per.entry(row.subset.clone())
                .or_default()
                .add(&d.sentences, &row.reference, secs);
            if name == "galley (default)" {
                total_bytes += row.text.len();
                default_secs += secs;
            }
        }
        for s in &subsets {
            table
                .entry(s.clone())
                .or_default()
                .push((name.clone(), per.remove(s).unwrap_or_default()));
        }
    }
    // Keywords cost too: time the full default (summary + keywords).
    let full = Summary::new(Config::default())?;
    let t = Instant::now();
    for row in &rows {
        let k = budget_for(&row.subset, lcsts_k, clts_k);
        let _ = full.summarize_with(&row.text, &Budget::Sentences(k));
    }
    let full_secs = t.elapsed().as_secs_f64();

    let mut per: HashMap<String, Score> = HashMap::new();
    for row in &rows {
        let k = budget_for(&row.subset, lcsts_k, clts_k);
        let t = Instant::now();
        let o = oracle(&row.text, &row.reference, k);
        per.entry(row.subset.clone()).or_default().add(
            &o,
            &row.reference,
            t.elapsed().as_secs_f64(),
        );
    }
    for s in &subsets {
        table
            .entry(s.clone())
            .or_default()
            .push(("oracle".into(), per.remove(s).unwrap_or_default()));
    }
    for (name, file) in &preds {
        let text = std::fs::read_to_string(file)?;
        let mut by_id: HashMap<String, (Vec<String>, f64)> = HashMap::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let sents = v["summary"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            by_id.insert(
                v["id"].as_str().unwrap_or_default().to_string(),
                (sents, v["seconds"].as_f64().unwrap_or(0.0)),
            );
        }
        let mut per: HashMap<String, Score> = HashMap::new();
        for row in &rows {
            let (sents, secs) = by_id.get(&row.id).cloned().unwrap_or_default();
            per.entry(row.subset.clone())
                .or_default()
                .add(&sents, &row.reference, secs);
        }
        for s in &subsets {
            table
                .entry(s.clone())
                .or_default()
                .push((name.clone(), per.remove(s).unwrap_or_default()));
        }
    }

    for (subset, systems) in &table {
        let n = systems.first().map_or(0, |(_, s)| s.n);
        let k = budget_for(subset, lcsts_k, clts_k);
        println!("\n### {subset}-* ({n} articles, budget {k} sentence(s))\n");
        println!("| system | ROUGE-1 | ROUGE-2 | ROUGE-L | mean length (chars) | ms/article |");
        println!("|---|---:|---:|---:|---:|---:|");
        for (name, s) in systems {
            println!(
                "| {name} | {:.2} | {:.2} | {:.2} | {:.1} | {:.3} |",
                100.0 * s.mean(s.r1),
                100.0 * s.mean(s.r2),
                100.0 * s.mean(s.rl),
                s.mean(s.len),
                1000.0 * s.mean(s.secs),
            );
        }
    }
    println!(
        "\ngalley default, summaries only: {} articles, {:.2} MB in {:.3} s = {:.2} MB/s, {:.0} articles/s; \
         with keywords: {:.3} s = {:.2} MB/s, {:.0} articles/s",
        rows.len(),
        total_bytes as f64 / 1e6,
        default_secs,
        total_bytes as f64 / 1e6 / default_secs.max(1e-9),
        rows.len() as f64 / default_secs.max(1e-9),
        full_secs,
        total_bytes as f64 / 1e6 / full_secs.max(1e-9),
        rows.len() as f64 / full_secs.max(1e-9),
    );

    if sweep {
        println!("\n### sweep: mean ROUGE-L of text_rank per subset\n");
        println!("| position_weight | mmr_lambda | {} |", subsets.join(" | "));
        println!("|---:|---:|{}", "---:|".repeat(subsets.len()));
        for w in [
            0.0, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 1.0,
        ] {
            for l in [0.6, 0.7, 0.8] {
                let mut c = Config::default();
                c.keywords = 0;
                c.position_weight = w;
                c.mmr_lambda = l;
                let stage = Summary::new(c)?;
                let mut per: BTreeMap<String, Score> = BTreeMap::new();
                for row in &rows {
                    let k = budget_for(&row.subset, lcsts_k, clts_k);
                    let d = stage.summarize_with(&row.text, &Budget::Sentences(k));
                    per.entry(row.subset.clone()).or_default().add(
                        &d.sentences,
                        &row.reference,
                        0.0,
                    );
                }
                let cells: Vec<String> = subsets
                    .iter()
                    .map(|s| {
                        per.get(s)
                            .map_or(String::new(), |x| format!("{:.2}", 100.0 * x.mean(x.rl)))
                    })
                    .collect();
                println!("| {w} | {l} | {} |", cells.join(" | "));
            }
        }
    }
    Ok(())
}
