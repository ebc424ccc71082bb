//! Throughput of the whole pipeline: on the sample pages, and on a series of
//! generated corpora (1, 10, 100 MB) to show that cost grows linearly. The
//! group `clean_paragraphs` runs the cleanup and paragraph stages alone
//! (their default configs), on the sample pages and on 1, 10 and 50 MB of
//! pages, one document per page.
//!
//! `cargo bench --bench pipeline`; reports read MB/s (`Throughput::Bytes`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use galley::{Document, Pipeline};

fn sample_pages() -> Vec<(String, String)> {
    galley_testkit::sample_texts()
}

/// A page-like corpus of about `bytes` bytes: the sample pages repeated,
/// each copy with a few characters changed so that no two pages are equal.
fn corpus(bytes: usize) -> Vec<String> {
    let pages = sample_pages();
    let mut out = Vec::new();
    let mut total = 0;
    let mut n = 0usize;
    while total < bytes && !pages.is_empty() {
        let (_, p) = &pages[n % pages.len()];
        let page = format!("第{n}版\n\n{p}");
        total += page.len();
        out.push(page);
        n += 1;
    }
    out
}

fn bench_pages(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("default pipeline");
    let mut g = c.benchmark_group("pipeline/sample_pages");
    for (id, text) in sample_pages() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("default", &id), &text, |b, t| {
            b.iter(|| pipeline.run_document(Document::new("p", t.as_str())))
        });
    }
    g.finish();
}

fn bench_scaling(c: &mut Criterion) {
    let pipeline = Pipeline::new().expect("default pipeline");
    let mut g = c.benchmark_group("pipeline/scaling");
    g.sample_size(10);
    for mb in [1usize, 10, 100] {
        let docs = corpus(mb << 20);
        let bytes: usize = docs.iter().map(|d| d.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(
            BenchmarkId::new("single_thread", format!("{mb}MB")),
            &docs,
            |b, docs| {
                b.iter(|| {
                    for d in docs {
                        let _ = pipeline.run_document(Document::new("p", d.as_str()));
                    }
                })
            },
        );
    }
    g.finish();
}

/// Cleanup then paragraphs, single-threaded: the paragraph stage measured
/// on input that has been through the cleanup stage, as in real use. The
/// stages only (`Pipeline::process`), not the making of the record.
fn bench_clean_paragraphs(c: &mut Criterion) {
    let pipeline = Pipeline::builder()
        .stage(galley::clean::Clean::new(Default::default()).expect("default cleanup stage"))
        .stage(
            galley::paragraphs::Paragraphs::new(Default::default())
                .expect("default paragraph stage"),
        )
        .build();
    let mut g = c.benchmark_group("clean_paragraphs");
    for (id, text) in sample_pages() {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("page", &id), &text, |b, t| {
            b.iter(|| {
                let mut doc = Document::new("p", t.as_str());
                let _ = pipeline.process(&mut doc);
                doc
            })
        });
    }
    g.sample_size(10);
    for mb in [1usize, 10, 50] {
        let docs = corpus(mb << 20);
        let bytes: usize = docs.iter().map(|d| d.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_with_input(
            BenchmarkId::new("single_thread", format!("{mb}MB")),
            &docs,
            |b, docs| {
                b.iter(|| {
                    for d in docs {
                        let mut doc = Document::new("p", d.as_str());
                        let _ = pipeline.process(&mut doc);
                    }
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench_pages, bench_scaling, bench_clean_paragraphs);
criterion_main!(benches);
