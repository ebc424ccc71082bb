//! Throughput of the in-document stage, of shingling + MinHash, and of LSH
//! band keys + bucket sorting.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use galley_core::{Document, Stage};
use galley_dedup::sketch::{band_key, bucket_pairs};
use galley_dedup::{Config, CorpusConfig, Dedup, MinHasher};

fn pages() -> Vec<(String, String)> {
    galley_testkit::sample_texts()
        .into_iter()
        .map(|(stem, text)| (stem.chars().take(3).collect(), text))
        .collect()
}

/// About `mb` megabytes of page text, each repetition perturbed (one
/// character in 17 shifted) so that repetitions are not copies of each other.
fn sized(mb: usize) -> String {
    let all: String = pages().into_iter().map(|p| p.1 + "\n\n").collect();
    let mut out = String::with_capacity(mb << 20);
    let mut rep = 0u32;
    while out.len() < mb << 20 {
        rep += 1;
        for (i, c) in all.chars().enumerate() {
            if (i as u32 + rep) % 17 == 0 && galley_core::chars::is_cjk_letter(c) {
                out.push(char::from_u32(0x4E00 + (c as u32 + rep) % 0x5000).unwrap_or(c));
            } else {
                out.push(c);
            }
        }
    }
    out
}

fn page_stage(c: &mut Criterion) {
    let stage = Dedup::new(Config::default()).unwrap();
    let mut g = c.benchmark_group("dedup_page");
    for (name, text) in pages() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("stage", name), &text, |b, t| {
            b.iter(|| {
                let mut doc = Document::new("p", t.as_str());
                stage.apply(&mut doc).unwrap();
                doc
            })
        });
    }
    for mb in [1, 10] {
        let text = sized(mb);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.sample_size(10);
        g.bench_with_input(
            BenchmarkId::new("stage", format!("{mb}MB")),
            &text,
            |b, t| {
                b.iter(|| {
                    let mut doc = Document::new("p", t.as_str());
                    stage.apply(&mut doc).unwrap();
                    doc
                })
            },
        );
    }
    g.finish();
}

fn sketching(c: &mut Criterion) {
    let hasher = MinHasher::new(CorpusConfig::default()).unwrap();
    let mut g = c.benchmark_group("dedup_sketch");
    for (name, text) in pages() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("shingle_minhash", name), &text, |b, t| {
            b.iter(|| hasher.sketch(t))
        });
    }
    let en: String = (0..600)
        .map(|i| format!("word{} ", (i * 7919) % 3000))
        .collect();
    g.throughput(Throughput::Bytes(en.len() as u64));
    g.bench_with_input(BenchmarkId::new("shingle_minhash", "latin"), &en, |b, t| {
        b.iter(|| hasher.sketch(t))
    });
    g.finish();
}

fn lsh(c: &mut Criterion) {
    let config = CorpusConfig::default();
    let hasher = MinHasher::new(config.clone()).unwrap();
    let docs: Vec<Vec<u32>> = (0..10_000u32)
        .map(|i| {
            let text: String = (0..200)
                .map(|j| format!("w{} ", (i * 31 + j * 7) % 5000))
                .collect();
            hasher.sketch(&text).signature
        })
        .collect();
    let mut g = c.benchmark_group("dedup_lsh");
    g.throughput(Throughput::Elements(docs.len() as u64));
    // Insert: band keys of every document, sorted into buckets per band.
    // Query: walk the buckets and list candidate pairs.
    g.bench_function("insert_and_query_10k", |b| {
        b.iter(|| {
            let mut pairs = 0usize;
            for band in 0..config.bands {
                let mut keys: Vec<(u64, u32)> = docs
                    .iter()
                    .enumerate()
                    .map(|(d, s)| (band_key(s, band, config.rows, config.seed), d as u32))
                    .collect();
                keys.sort_unstable();
                for bucket in keys.chunk_by(|a, b| a.0 == b.0) {
                    pairs += bucket_pairs(bucket.len(), config.bucket_window).count();
                }
            }
            pairs
        })
    });
    g.finish();
}

criterion_group!(benches, page_stage, sketching, lsh);
criterion_main!(benches);
