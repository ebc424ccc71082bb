//! Throughput of the clean stage: the seed pages, and page-like inputs of
//! 1, 10 and 50 MB (the pages repeated with perturbations) to show that the
//! cost is linear in the input size. The same inputs again with the
//! document built outside the timed loop (`clean_stage_only`): the stage's
//! own cost, without `Document::new` splitting and copying the input.

use criterion::{
    criterion_group, criterion_main, BatchSize, Bencher, BenchmarkId, Criterion, Throughput,
};
use galley_clean::{Clean, Config};
use galley_core::{Document, Stage};

fn seed_pages() -> Vec<(String, String)> {
    galley_testkit::sample_texts()
        .into_iter()
        .map(|(stem, text)| (stem.chars().take(3).collect(), text))
        .collect()
}

/// A page-like input of about `bytes` bytes: the seed pages and an English
/// page repeated, each copy perturbed (a page number and a varying line) so
/// that no two copies are identical.
fn page_like(bytes: usize) -> String {
    let pages = seed_pages();
    let english = "THE RIVERTON COURIER\n\nThe city council voted late on Mon-\nday to approve the construc\ntion of a new bridge, end-\ning a long debate.\n\nPhoto by Tom Okafor\n\n";
    let mut out = String::with_capacity(bytes + 100_000);
    let mut k = 0usize;
    while out.len() < bytes {
        let (_, p) = &pages[k % pages.len()];
        out.push_str(p);
        out.push_str(&format!(
            "\n\n{}\n\n第{}版 本期共{}字\n\n",
            k,
            k % 16 + 1,
            p.len() + k
        ));
        out.push_str(english);
        k += 1;
    }
    out
}

/// `text` with every block's lines cut every `width` characters.
fn wrap_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        for piece in chars.chunks(width.max(1)) {
            out.extend(piece);
            out.push('\n');
        }
        if chars.is_empty() {
            out.push('\n');
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let stage = Clean::new(Config::default()).unwrap();
    // Read and built once, measured twice (with and without building the
    // document).
    let seeds = seed_pages();
    let sizes: Vec<(usize, String)> = [1usize, 10, 50]
        .into_iter()
        .map(|mb| (mb, page_like(mb << 20)))
        .collect();
    let mut g = c.benchmark_group("clean");
    for (name, text) in &seeds {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("seed", name), text, |b, t| {
            with_document(b, &stage, t)
        });
    }
    // The other common shape of OCR output: one line per printed line (the
    // seed pages' paragraphs wrapped every 22 characters), every line short.
    let wrapped = seeds
        .iter()
        .map(|(_, t)| wrap_lines(t, 22))
        .collect::<Vec<_>>()
        .join("\n\n");
    g.throughput(Throughput::Bytes(wrapped.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("shape", "line_per_printed_line"),
        &wrapped,
        |b, t| with_document(b, &stage, t),
    );
    // Baseline: building the document alone (block split), no cleaning.
    let all: String = seeds
        .iter()
        .map(|p| p.1.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_with_input(
        BenchmarkId::new("baseline_document_new", "seeds"),
        &all,
        |b, t| b.iter(|| Document::new("p", t.as_str())),
    );
    g.sample_size(10);
    for (mb, text) in &sizes {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("size", format!("{mb}MB")), text, |b, t| {
            with_document(b, &stage, t)
        });
    }
    g.finish();

    let mut g = c.benchmark_group("clean_stage_only");
    for (name, text) in &seeds {
        g.throughput(Throughput::Bytes(text.len() as u64));
        // One document at a time, as the timed loop above reads them (a
        // batch of documents built ahead is read cold).
        g.bench_with_input(BenchmarkId::new("seed", name), text, |b, t| {
            stage_only(b, &stage, t, BatchSize::PerIteration)
        });
    }
    g.sample_size(10);
    for (mb, text) in &sizes {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("size", format!("{mb}MB")), text, |b, t| {
            stage_only(b, &stage, t, BatchSize::LargeInput)
        });
    }
    g.finish();
}

/// The document built from `text` and the stage applied, both timed.
fn with_document(b: &mut Bencher<'_>, stage: &Clean, text: &str) {
    b.iter(|| {
        let mut doc = Document::new("p", text);
        stage.apply(&mut doc).unwrap();
        doc
    })
}

/// The stage alone on `text`: the document is built outside the timed
/// routine, `size` inputs at a time.
fn stage_only(b: &mut Bencher<'_>, stage: &Clean, text: &str, size: BatchSize) {
    b.iter_batched(
        || Document::new("p", text),
        |mut doc| {
            stage.apply(&mut doc).ok();
            doc
        },
        size,
    )
}

criterion_group!(benches, bench);
criterion_main!(benches);
