//! The corpus deduplicator on generated corpora with known clusters.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use galley_dedup::{Cluster, CorpusConfig, Deduplicator, Options, Source};

#[path = "../examples/gen_corpus.rs"]
mod gen;

fn material() -> gen::Material {
    gen::Material::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data"))
}

/// Write a generated corpus; return its path and the true cluster of each id.
fn corpus(dir: &Path, name: &str, docs: usize, seed: u64) -> (PathBuf, HashMap<String, u64>) {
    let path = dir.join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut truth = HashMap::new();
    gen::generate(docs, 0.3, seed, &material(), |g| {
        serde_json::to_writer(&mut f, &serde_json::json!({"id": g.id, "text": g.text})).unwrap();
        f.write_all(b"\n").unwrap();
        truth.insert(g.id, g.cluster);
    });
    f.flush().unwrap();
    (path, truth)
}

fn run(sources: &[Source], options: &Options) -> galley_dedup::Outcome {
    Deduplicator::new(CorpusConfig::default())
        .unwrap()
        .run(sources, options, |b| panic!("bad record {b}"))
        .unwrap()
}

/// Pair precision and recall of predicted clusters against the truth.
fn pair_scores(clusters: &[Cluster], truth: &HashMap<String, u64>) -> (f64, f64) {
    let mut by_true: HashMap<u64, usize> = HashMap::new();
    for c in truth.values() {
        *by_true.entry(*c).or_default() += 1;
    }
    let true_pairs: usize = by_true.values().map(|n| n * (n - 1) / 2).sum();
    let (mut predicted, mut correct) = (0usize, 0usize);
    for c in clusters {
        let m = &c.members;
        for i in 0..m.len() {
            for j in i + 1..m.len() {
                predicted += 1;
                if truth[&m[i]] == truth[&m[j]] {
                    correct += 1;
                }
            }
        }
    }
    (
        correct as f64 / predicted.max(1) as f64,
        correct as f64 / true_pairs.max(1) as f64,
    )
}

#[test]
fn generated_corpus_precision_and_recall_are_high() {
    let dir = tempfile::tempdir().unwrap();
    let (path, truth) = corpus(dir.path(), "c.jsonl", 4000, 11);
    let out = run(&[Source::Jsonl(path)], &Options::new());
    let (p, r) = pair_scores(&out.clusters, &truth);
    eprintln!(
        "pair precision {p:.4} recall {r:.4} clusters {}",
        out.clusters.len()
    );
    assert!(p >= 0.95, "precision {p}");
    assert!(r >= 0.95, "recall {r}");
    assert_eq!(out.docs, 4000);
    // Clusters are a partition of some documents, members in canonical order.
    let mut seen = HashSet::new();
    for (i, c) in out.clusters.iter().enumerate() {
        assert_eq!(c.cluster, i);
        assert!(c.members.len() >= 2);
        assert!(c.members.windows(2).all(|w| w[0] <= w[1]));
        assert!(c.members.contains(&c.kept));
        assert!(c.similarity.verified >= 0.0 && c.similarity.verified <= 1.0);
        for m in &c.members {
            assert!(seen.insert(m.clone()), "{m} in two clusters");
        }
    }
    // Kept = documents minus the non-kept members.
    let dropped: usize = out.clusters.iter().map(|c| c.members.len() - 1).sum();
    assert_eq!(out.kept, out.docs - dropped);
}

#[test]
fn unrelated_stories_sharing_one_quoted_sentence_stay_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.jsonl");
    let m = material();
    let quote = "“加强党对教育工作的全面领导，是办好教育的根本保证。”";
    let mut f = std::fs::File::create(&path).unwrap();
    let mut stories = Vec::new();
    gen::generate(40, 0.0, 5, &m, |g| stories.push(g));
    for (i, g) in stories.iter().enumerate() {
        let text = format!(
            "{}\n\n{quote}\n\nCopyright the Daily Courier. All rights reserved.",
            g.text
        );
        writeln!(
            f,
            "{}",
            serde_json::json!({"id": format!("s{i:03}"), "text": text})
        )
        .unwrap();
    }
    drop(f);
    let out = run(&[Source::Jsonl(path)], &Options::new());
    assert!(out.clusters.is_empty(), "{:?}", out.clusters);
    assert_eq!(out.kept, 40);
}

#[test]
fn results_do_not_depend_on_thread_count_or_input_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = corpus(dir.path(), "c.jsonl", 1500, 3);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let a = one.install(|| run(&[Source::Jsonl(path.clone())], &Options::new()));
    let b = run(&[Source::Jsonl(path.clone())], &Options::new());
    assert_eq!(a.clusters, b.clusters);
    // Reverse the records: same clusters, same numbers, same kept ids.
    let text = std::fs::read_to_string(&path).unwrap();
    let rev: Vec<&str> = text.lines().rev().collect();
    let rpath = dir.path().join("rev.jsonl");
    std::fs::write(&rpath, rev.join("\n")).unwrap();
    let c = run(&[Source::Jsonl(rpath)], &Options::new());
    assert_eq!(a.clusters, c.clusters);
}

#[test]
fn kept_output_holds_the_kept_records_verbatim() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = corpus(dir.path(), "c.jsonl", 300, 9);
    let out = run(&[Source::Jsonl(path.clone())], &Options::new());
    let mut buf = Vec::new();
    out.write_kept(&mut buf).unwrap();
    let kept: Vec<&str> = std::str::from_utf8(&buf).unwrap().lines().collect();
    assert_eq!(kept.len(), out.kept);
    let input = std::fs::read_to_string(&path).unwrap();
    let all: HashSet<&str> = input.lines().collect();
    let dropped: HashSet<&str> = out
        .clusters
        .iter()
        .flat_map(|c| c.members.iter().filter(move |m| **m != c.kept))
        .map(String::as_str)
        .collect();
    for line in kept {
        assert!(all.contains(line));
        let id = galley_dedup::parse_record(line.as_bytes()).unwrap().id;
        assert!(!dropped.contains(id.as_str()));
    }
}

#[test]
fn bad_records_are_reported_with_line_numbers_or_abort_in_strict_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    let mut bytes =
        b"{\"id\":\"a\",\"text\":\"first text here\"}\n{oops\n{\"id\":\"b\"}\n".to_vec();
    bytes.extend_from_slice(
        b"{\"id\":\"c\",\"text\":\"\xff\xfe\"}\n{\"id\":\"d\",\"text\":\"first text here\"}\n",
    );
    std::fs::write(&path, bytes).unwrap();
    let d = Deduplicator::new(CorpusConfig::default()).unwrap();
    let mut bad = Vec::new();
    let out = d
        .run(&[Source::Jsonl(path.clone())], &Options::new(), |b| {
            bad.push(b.clone())
        })
        .unwrap();
    let lines: Vec<u64> = bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![2, 3, 4]);
    assert_eq!(out.docs, 2);
    assert_eq!(out.bad, 3);
    assert_eq!(out.clusters.len(), 1);
    assert_eq!(out.clusters[0].members, vec!["a", "d"]);
    let err = d
        .run(&[Source::Jsonl(path)], &Options::new().strict(true), |_| {})
        .unwrap_err();
    assert!(err.to_string().contains(":2:"), "{err}");
}

#[test]
fn directories_of_text_files_are_read_with_stems_as_ids() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data");
    let sub = dir.path().join("pages");
    std::fs::create_dir(&sub).unwrap();
    for e in std::fs::read_dir(&data).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, sub.join(p.file_name().unwrap())).unwrap();
    }
    // A re-wrapped copy of page 002 is a near duplicate of it.
    let page = std::fs::read_to_string(sub.join("002_f7efa9ca69d6c9b8.txt")).unwrap();
    let wrapped: String = page
        .chars()
        .enumerate()
        .flat_map(|(i, c)| if i % 25 == 24 { vec![c, '\n'] } else { vec![c] })
        .collect();
    std::fs::write(sub.join("zz_copy.txt"), wrapped).unwrap();
    let sources = galley_dedup::reader::expand(&[sub]).unwrap();
    assert_eq!(sources.len(), 6);
    let out = run(&sources, &Options::new());
    assert_eq!(out.clusters.len(), 1);
    assert_eq!(
        out.clusters[0].members,
        vec!["002_f7efa9ca69d6c9b8", "zz_copy"]
    );
    // The re-wrap splits a few numbers and Latin words in two.
    assert!(out.clusters[0].similarity.verified > 0.95);
}

#[test]
fn an_index_dedups_a_new_batch_against_earlier_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (path, truth) = corpus(dir.path(), "all.jsonl", 2000, 21);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Alternate records between the two batches, so that clusters straddle them.
    type Batch<'a> = Vec<(usize, &'a str)>;
    let (b1, b2): (Batch, Batch) = lines
        .iter()
        .copied()
        .enumerate()
        .partition(|(i, _)| i % 2 == 0);
    let id_of = |l: &str| galley_dedup::parse_record(l.as_bytes()).unwrap().id;
    let ids1: HashSet<String> = b1.iter().map(|l| id_of(l.1)).collect();
    let ids2: HashSet<String> = b2.iter().map(|l| id_of(l.1)).collect();
    let join = |b: &[(usize, &str)]| b.iter().map(|l| l.1).collect::<Vec<_>>().join("\n");
    let (p1, p2) = (dir.path().join("b1.jsonl"), dir.path().join("b2.jsonl"));
    std::fs::write(&p1, join(&b1)).unwrap();
    std::fs::write(&p2, join(&b2)).unwrap();
    let index = dir.path().join("index");
    let whole = run(&[Source::Jsonl(path)], &Options::new());
    let first = run(&[Source::Jsonl(p1.clone())], &Options::new().index(&index));
    assert_eq!(first.previous, 0);
    // An interrupted run: garbage appended to the index files without a commit.
    for name in ["sets.bin", "sigs.bin", "ids.jsonl"] {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(index.join(name))
            .unwrap();
        f.write_all(b"half-written").unwrap();
    }
    let second = run(&[Source::Jsonl(p2)], &Options::new().index(&index));
    assert_eq!(second.previous, 1000);
    assert_eq!(second.docs, 1000);
    // The clusters touching the second batch are those of a single run over
    // both batches, with the same numbers and the same kept ids.
    let touching: Vec<&Cluster> = whole
        .clusters
        .iter()
        .filter(|c| c.members.iter().any(|m| ids2.contains(m)))
        .collect();
    assert_eq!(second.clusters.len(), touching.len());
    for (a, b) in second.clusters.iter().zip(touching) {
        assert_eq!(a, b);
    }
    let straddling = second
        .clusters
        .iter()
        .filter(|c| c.members.iter().any(|m| ids1.contains(m)))
        .count();
    assert!(straddling > 50, "{straddling}");
    let _ = truth;
    // A different config cannot reuse the index.
    let mut other = CorpusConfig::default();
    other.threshold = 0.5;
    let err = Deduplicator::new(other)
        .unwrap()
        .run(&[Source::Jsonl(p1)], &Options::new().index(&index), |_| {})
        .unwrap_err();
    assert!(err.to_string().contains("other options"), "{err}");
}
