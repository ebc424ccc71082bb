//! Throughput of the review page: the seed pages (as records built from
//! their blocks) and synthetic documents of 1, 10 and 50 MB with a mark every
//! few hundred bytes. Building the records stays outside the timed loop.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use galley_review::render;

mod synthetic;

fn seed_pages(c: &mut Criterion) {
    let mut g = c.benchmark_group("review/seed");
    for (name, text) in synthetic::pages() {
        let doc = galley_core::Document::new(name.as_str(), text.as_str());
        let rec = doc.to_record();
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, text| {
            b.iter(|| render(&rec, text.as_bytes()).map(|p| p.len()))
        });
    }
    g.finish();
}

fn sizes(c: &mut Criterion) {
    let mut g = c.benchmark_group("review/size");
    g.sample_size(10);
    for mb in [1usize, 10, 50] {
        let (rec, text) = synthetic::document(mb << 20);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{mb}MB")),
            &text,
            |b, text| b.iter(|| render(&rec, text.as_bytes()).map(|p| p.len())),
        );
    }
    g.finish();
}

criterion_group!(benches, seed_pages, sizes);
criterion_main!(benches);
