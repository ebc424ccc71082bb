//! Throughput of the paragraph stage on the seed pages, an English page and
//! a size series (1, 10, 50 MB built by repeating the pages with blank
//! lines between them) to show that the cost is linear in input size; the
//! series again with the document built outside the timed loop
//! (`paragraphs_stage_only`), the stage's own cost.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use galley_core::{Document, Stage};
use galley_paragraphs::Paragraphs;

fn pages() -> Vec<(String, String)> {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/paragraphs/pages");
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter_map(|e| {
                    let p = e.path();
                    let name = p
                        .file_stem()?
                        .to_string_lossy()
                        .chars()
                        .take(10)
                        .collect::<String>();
                    Some((name, std::fs::read_to_string(&p).ok()?))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn bench(c: &mut Criterion) {
    // Build once, outside the timed loop (loads the jieba dictionary).
    let stage = Paragraphs::default();
    let pages = pages();
    let mut g = c.benchmark_group("paragraphs");
    for (name, text) in &pages {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("page", name), text, |b, t| {
            b.iter(|| {
                let mut doc = Document::new("p", t.as_str());
                stage.apply(&mut doc).ok();
                doc
            })
        });
    }
    g.finish();
    let all: String = pages
        .iter()
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut g = c.benchmark_group("paragraphs_size");
    g.sample_size(10);
    for mb in [1usize, 10, 50] {
        let big = series(&all, mb);
        g.throughput(Throughput::Bytes(big.len() as u64));
        g.bench_with_input(BenchmarkId::new("size_mb", mb), &big, |b, t| {
            b.iter(|| {
                let mut doc = Document::new("p", t.as_str());
                stage.apply(&mut doc).ok();
                doc
            })
        });
    }
    g.finish();
    // The same series with the document built outside the timed loop: the
    // stage's own cost, without `Document::new` splitting and copying the
    // input (which the cleanup stage's figures include too).
    let mut g = c.benchmark_group("paragraphs_stage_only");
    g.sample_size(10);
    for mb in [1usize, 10, 50] {
        let big = series(&all, mb);
        g.throughput(Throughput::Bytes(big.len() as u64));
        g.bench_with_input(BenchmarkId::new("size_mb", mb), &big, |b, t| {
            b.iter_batched(
                || Document::new("p", t.as_str()),
                |mut doc| {
                    stage.apply(&mut doc).ok();
                    doc
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

/// About `mb` MB of the pages repeated, each copy followed by a different
/// page number so that no two copies are the same.
fn series(all: &str, mb: usize) -> String {
    let mut big = String::with_capacity(mb << 20);
    let mut k = 0usize;
    while big.len() < mb << 20 {
        big.push_str(all);
        big.push_str(&format!("\n\n第{k}版。\n\n"));
        k += 1;
    }
    big
}

criterion_group!(benches, bench);
criterion_main!(benches);
