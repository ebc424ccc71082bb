//! Throughput of galley-summary: the seed pages, articles from 10 to 10,000
//! sentences, and the sentence splitter alone. Construction and the jieba
//! dictionary load stay outside the timed loops.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use galley_core::{Document, Stage};
use galley_summary::{split_sentences, Budget, Config, Ranker, Summary};

fn pages() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .filter_map(|p| {
                    let name = p.file_stem()?.to_string_lossy().into_owned();
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// An article of `n` sentences built from the seed pages' sentences, cycled.
fn article(n: usize, pool: &[String]) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&pool[i % pool.len()]);
        if i % 5 == 4 {
            s.push_str("\n\n");
        }
    }
    s
}

fn benches(c: &mut Criterion) {
    let pages = pages();
    let stage = Summary::new(Config::default()).expect("default config");
    // Warm the process-wide dictionary before timing.
    let _ = stage.summarize("预热。");

    let mut g = c.benchmark_group("summary/pages");
    for (name, text) in &pages {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("stage", name), text, |b, t| {
            b.iter(|| {
                let mut doc = Document::new("p", t.as_str());
                stage.apply(&mut doc).expect("stage");
                doc
            })
        });
    }
    g.finish();

    let pool: Vec<String> = pages
        .iter()
        .flat_map(|(_, t)| {
            split_sentences(t)
                .into_iter()
                .map(|r| t[r].to_string())
                .collect::<Vec<_>>()
        })
        .filter(|s| s.chars().count() > 8)
        .collect();
    let mut g = c.benchmark_group("summary/sentences");
    g.sample_size(10);
    for n in [10usize, 100, 1_000, 10_000] {
        let text = article(n, &pool);
        g.throughput(Throughput::Bytes(text.len() as u64));
        for ranker in Ranker::ALL {
            let mut cfg = Config::default();
            cfg.ranker = ranker;
            let s = Summary::new(cfg).expect("config");
            g.bench_with_input(BenchmarkId::new(ranker.name(), n), &text, |b, t| {
                b.iter(|| s.summarize_with(t, &Budget::Sentences(3)))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("summary/articles");
    let all: String = pages.iter().map(|(_, t)| t.as_str()).collect();
    g.throughput(Throughput::Elements(pages.len() as u64));
    g.bench_function("seed_pages_per_article", |b| {
        b.iter(|| {
            for (_, t) in &pages {
                let _ = stage.summarize(t);
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("summary/split");
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_function("split_sentences", |b| b.iter(|| split_sentences(&all)));
    g.finish();
}

criterion_group!(summary, benches);
criterion_main!(summary);
