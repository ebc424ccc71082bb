//! Evaluate galley's summarisers against human reference summaries.
//!
//! ```text
//! cargo run --release -p galley-summary --example rouge_eval -- DATASET.jsonl \
//!     [--pred NAME=PREDICTIONS.jsonl]... [--chars SUBSET=N]... [--ref-length] [--sweep]
//! ```
//!
//! `DATASET.jsonl` holds one object per line with `id`, `text` and `summary`
//! (a directory is searched for its first `*.jsonl`). Rows are grouped into
//! subsets by the id's prefix before the last `-` (`clts`, `cltsplus`,
//! `lcsts`).
//!
//! Every system gets the same budget in characters per article and fills it
//! by the same rule, [`Budget::fill`]: greedy down the system's ranking,
//! skipping a sentence that would overflow, the first-ranked sentence alone
//! when none fits. The budget is fixed per subset (`--chars SUBSET=N`;
//! defaults `lcsts` 50, about one sentence of those ~3-sentence briefs, and
//! 100 for `clts`/`cltsplus`, about two sentences) or, with `--ref-length`,
//! the reference summary's length. The table prints ROUGE-1/2/L F1 (×100)
//! and the mean output length in characters beside them.
//!
//! ROUGE here: tokens are single CJK characters and runs of other letters
//! or digits (case-folded), punctuation and spaces dropped; n-gram counts
//! are clipped; ROUGE-L is the LCS F1 of the whole summary against the
//! whole reference.
//!
//! Systems: galley's default config, each ranker with and without the
//! position prior, LEAD (document order under the same rule), the
//! extractive oracle (sentences added greedily while they raise ROUGE-1 +
//! ROUGE-2 against the reference, each fitting the room left), and any
//! `--pred` file of `{"id", "ranked": [[position, sentence], ..], "seconds"}`
//! lines: a peer's whole ranking, best first (see `scripts/summary/peers.py`).
//!
//! `--sweep` also prints mean ROUGE-L per subset for a grid of
//! `position_weight` × `length_norm` of the default ranker.

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

/// The extractive oracle under a character budget: sentences are added
/// greedily, each step taking the sentence that fits the room left and
/// raises ROUGE-1 + ROUGE-2 against the reference most; it stops when no
/// sentence raises it. When no sentence fits at all it takes the single
/// best sentence, as [`Budget::fill`] does.
fn oracle(text: &str, reference: &str, budget: usize) -> Vec<String> {
    let sents: Vec<&str> = split_sentences(text)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    let lens: Vec<usize> = sents.iter().map(|s| s.chars().count()).collect();
    let r = tokens(reference);
    let score = |picked: &[usize]| {
        let p = tokens(&picked.iter().map(|&j| sents[j]).collect::<String>());
        rouge_n(&p, &r, 1) + rouge_n(&p, &r, 2)
    };
    let fits_any = lens.iter().any(|&l| l <= budget);
    let mut picked: Vec<usize> = Vec::new();
    let mut room = budget;
    let mut best = 0.0;
    loop {
        let mut choice = None;
        for (i, &len) in lens.iter().enumerate() {
            if picked.contains(&i) || (fits_any && len > room) {
                continue;
            }
            let mut trial = picked.clone();
            trial.push(i);
            trial.sort_unstable();
            let s = score(&trial);
            if s > best {
                best = s;
                choice = Some(i);
            }
        }
        match choice {
            Some(i) => {
                picked.push(i);
                picked.sort_unstable();
                if !fits_any {
                    break;
                }
                room -= lens[i];
            }
            None => break,
        }
    }
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

/// The character budget of an article: the reference's length with
/// `--ref-length`, else the fixed budget of its subset.
struct Budgets {
    per_subset: BTreeMap<String, usize>,
    fallback: usize,
    ref_length: bool,
}

impl Budgets {
    fn of(&self, row: &Row) -> usize {
        if self.ref_length {
            row.reference.chars().count().max(1)
        } else {
            self.per_subset
                .get(&row.subset)
                .copied()
                .unwrap_or(self.fallback)
        }
    }
    fn describe(&self, subset: &str) -> String {
        if self.ref_length {
            "budget = the reference's length in chars".into()
        } else {
            format!(
                "budget {} chars",
                self.per_subset
                    .get(subset)
                    .copied()
                    .unwrap_or(self.fallback)
            )
        }
    }
}

/// Score a galley config on every row; returns the per-subset scores and
/// the summed wall time.
fn run_config(
    cfg: &Config,
    rows: &[Row],
    budgets: &Budgets,
) -> Result<(BTreeMap<String, Score>, f64), Box<dyn std::error::Error>> {
    let stage = Summary::new(cfg.clone())?;
    let mut per: BTreeMap<String, Score> = BTreeMap::new();
    let mut total = 0.0;
    for row in rows {
        let t = Instant::now();
        let d = stage.summarize_with(&row.text, &Budget::Chars(budgets.of(row)));
        let secs = t.elapsed().as_secs_f64();
        total += secs;
        per.entry(row.subset.clone())
            .or_default()
            .add(&d.sentences, &row.reference, secs);
    }
    Ok((per, total))
}

/// A peer's predictions: per id, its ranked sentences (best first) with
/// their positions in the peer's own segmentation, and its wall time.
type Ranked = HashMap<String, (Vec<(usize, String)>, f64)>;

fn load_ranked(file: &str) -> Result<Ranked, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(file)?;
    let mut by_id = Ranked::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let ranked = v["ranked"]
            .as_array()
            .ok_or("a line without `ranked`: rerun scripts/summary/peers.py")?
            .iter()
            .filter_map(|x| {
                let pos = x.get(0)?.as_u64()? as usize;
                Some((pos, x.get(1)?.as_str()?.to_string()))
            })
            .collect();
        by_id.insert(
            v["id"].as_str().unwrap_or_default().to_string(),
            (ranked, v["seconds"].as_f64().unwrap_or(0.0)),
        );
    }
    Ok(by_id)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data = None;
    let mut preds: Vec<(String, String)> = Vec::new();
    let mut sweep = false;
    let mut budgets = Budgets {
        per_subset: [("lcsts", 50), ("clts", 100), ("cltsplus", 100)]
            .into_iter()
            .map(|(s, n)| (s.to_string(), n))
            .collect(),
        fallback: 100,
        ref_length: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--pred" => {
                let v = it.next().ok_or("--pred NAME=FILE")?;
                let (n, f) = v.split_once('=').ok_or("--pred NAME=FILE")?;
                preds.push((n.to_string(), f.to_string()));
            }
            "--chars" => {
                let v = it.next().ok_or("--chars SUBSET=N")?;
                let (s, n) = v.split_once('=').ok_or("--chars SUBSET=N")?;
                budgets.per_subset.insert(s.to_string(), n.parse()?);
            }
            "--ref-length" => budgets.ref_length = true,
            "--sweep" => sweep = true,
            _ => data = Some(a.clone()),
        }
    }
    let data = data.ok_or(
        "usage: rouge_eval DATASET.jsonl [--pred NAME=FILE]... [--chars SUBSET=N]... [--ref-length] [--sweep]",
    )?;
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
    // LEAD: document order under the same budget rule, nothing else.
    let mut lead = Config::default();
    lead.ranker = Ranker::Lead;
    lead.mmr_lambda = 1.0;
    lead.max_overlap = 1.0;
    systems.push(("LEAD".into(), lead));

    // Load the jieba dictionary and IDF table before anything is timed.
    let _ = Summary::new(Config::default())?.summarize("预热词典。");
    let mut table: BTreeMap<String, Vec<(String, Score)>> = BTreeMap::new();
    let total_bytes: usize = rows.iter().map(|r| r.text.len()).sum();
    let mut default_secs = 0.0;
    for (name, cfg) in &systems {
        let mut c = cfg.clone();
        c.keywords = 0;
        let (mut per, secs) = run_config(&c, &rows, &budgets)?;
        if name == "galley (default)" {
            default_secs = secs;
        }
        for s in &subsets {
            table
                .entry(s.clone())
                .or_default()
                .push((name.clone(), per.remove(s).unwrap_or_default()));
        }
    }
    // Keywords cost too: time the full default (summary + keywords).
    let (_, full_secs) = run_config(&Config::default(), &rows, &budgets)?;

    let mut per: HashMap<String, Score> = HashMap::new();
    for row in &rows {
        let t = Instant::now();
        let o = oracle(&row.text, &row.reference, budgets.of(row));
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
    let mut peer_speed: Vec<(String, f64)> = Vec::new();
    for (name, file) in &preds {
        let by_id = load_ranked(file)?;
        let mut per: HashMap<String, Score> = HashMap::new();
        let mut secs_all = 0.0;
        for row in &rows {
            let (ranked, secs) = by_id.get(&row.id).cloned().unwrap_or_default();
            secs_all += secs;
            // The same rule as galley's: Budget::fill over the peer's ranking,
            // then the chosen sentences in document order.
            let lengths: Vec<usize> = ranked.iter().map(|(_, s)| s.chars().count()).collect();
            let mut chosen: Vec<&(usize, String)> = Budget::Chars(budgets.of(row))
                .fill(&lengths, 0)
                .into_iter()
                .filter_map(|k| ranked.get(k))
                .collect();
            chosen.sort_by_key(|(pos, _)| *pos);
            let sents: Vec<String> = chosen.into_iter().map(|(_, s)| s.clone()).collect();
            per.entry(row.subset.clone())
                .or_default()
                .add(&sents, &row.reference, secs);
        }
        peer_speed.push((name.clone(), secs_all));
        for s in &subsets {
            table
                .entry(s.clone())
                .or_default()
                .push((name.clone(), per.remove(s).unwrap_or_default()));
        }
    }

    for (subset, systems) in &table {
        let n = systems.first().map_or(0, |(_, s)| s.n);
        println!(
            "\n### {subset}-* ({n} articles, {})\n",
            budgets.describe(subset)
        );
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
    let mb = total_bytes as f64 / 1e6;
    let n = rows.len() as f64;
    println!("\n### speed on the {} articles ({mb:.3} MB)\n", rows.len());
    println!("| system | MB/s | articles/s | ms/article |");
    println!("|---|---:|---:|---:|");
    let mut speed = vec![
        ("galley default, summary only".to_string(), default_secs),
        (
            "galley default, summary + 8 keywords".to_string(),
            full_secs,
        ),
    ];
    speed.extend(peer_speed);
    for (name, secs) in &speed {
        let secs = secs.max(1e-9);
        println!(
            "| {name} | {:.3} | {:.0} | {:.3} |",
            mb / secs,
            n / secs,
            1000.0 * secs / n
        );
    }

    if sweep {
        println!(
            "\n### sweep: mean ROUGE-L (mean length) of text_rank per subset, mmr_lambda 0.7\n"
        );
        println!(
            "| position_weight | length_norm | {} |",
            subsets.join(" | ")
        );
        println!("|---:|---:|{}", "---:|".repeat(subsets.len()));
        for w in [0.0, 0.2, 0.3, 0.4, 0.5, 0.6] {
            for ln in [0.0, 0.2, 0.3, 0.5, 0.7, 1.0] {
                let mut c = Config::default();
                c.keywords = 0;
                c.position_weight = w;
                c.length_norm = ln;
                let (per, _) = run_config(&c, &rows, &budgets)?;
                let cells: Vec<String> = subsets
                    .iter()
                    .map(|s| {
                        per.get(s).map_or(String::new(), |x| {
                            format!("{:.2} ({:.1})", 100.0 * x.mean(x.rl), x.mean(x.len))
                        })
                    })
                    .collect();
                println!("| {w} | {ln} | {} |", cells.join(" | "));
            }
        }
    }
    Ok(())
}
