#!/usr/bin/env python3
"""Cleanup + paragraphs: galley beside the cleaning functions of `unstructured`.

Both run on the same pages (the five sample pages and the two English
OCR-style pages of testdata/clean/pages), and are scored with the same
labels (testdata/clean/labels/*.tsv: every line's class, `keep` or a stray
kind):

- stray lines left: lines labelled as captions, credits, page furniture...
  whose text still appears in the output (lower is better);
- kept lines lost: lines labelled `keep` whose letters and digits no longer
  appear in the output (lower is better);
- CJK line-break spaces left: a space between two Han characters;
- throughput: MB/s over all pages, single thread, for each tool in this run.

unstructured's chain is its documented cleaning of OCR text:
group_broken_paragraphs, then per paragraph clean(extra_whitespace, dashes,
bullets), clean_ligatures and replace_unicode_quotes.

Usage (from the repository root):
    python3 -m venv /tmp/uvenv && /tmp/uvenv/bin/pip install unstructured
    cargo build --release -p galley-cli
    /tmp/uvenv/bin/python scripts/bench/unstructured_compare.py [--reps 20]
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGES = ROOT / "testdata/clean/pages"
LABELS = ROOT / "testdata/clean/labels"
GALLEY = ROOT / "target/release/galley"
CONFIG = '[[stage]]\ntype = "clean"\n\n[[stage]]\ntype = "paragraphs"\n'
HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff])")


def letters(s):
    """Letters and digits only: compares texts across punctuation-width and spacing repairs."""
    return "".join(c for c in s if c.isalnum())


def labels(stem):
    out = []
    for line in (LABELS / f"{stem}.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        cls, text = line.split("\t", 1)
        out.append((cls, text))
    return out


def unstructured_clean(text):
    from unstructured.cleaners.core import (
        clean, clean_ligatures, group_broken_paragraphs, replace_unicode_quotes)
    grouped = group_broken_paragraphs(text)
    paras = [p for p in re.split(r"\n\s*\n", grouped) if p.strip()]
    out = []
    for p in paras:
        p = clean(p, extra_whitespace=True, dashes=True, bullets=True)
        p = clean_ligatures(p)
        p = replace_unicode_quotes(p)
        out.append(p)
    return "\n\n".join(out)


def galley_clean(paths, reps):
    """Run the galley CLI (clean + paragraphs, one thread) on `reps` copies of the pages."""
    with tempfile.TemporaryDirectory() as d:
        d = pathlib.Path(d)
        (d / "cfg.toml").write_text(CONFIG)
        inp = d / "in"
        inp.mkdir()
        for r in range(reps):
            for p in paths:
                (inp / f"{r:03d}_{p.stem}.txt").write_bytes(p.read_bytes())
        cmd = [str(GALLEY), "run", "-q", "-j", "1", "--config", str(d / "cfg.toml"), "--format", "text"]
        def timed(args):
            # The best of three runs: a cold first run (page cache, dictionary
            # load) would otherwise weigh on one side only.
            best = float("inf")
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run(cmd + args, check=True, capture_output=True)
                best = min(best, time.perf_counter() - t0)
            return best

        # Start-up (dictionary load) measured apart and subtracted.
        startup = timed([str(paths[0])])
        elapsed = timed([str(inp)]) - startup
        outs = {}
        for p in paths:
            r = subprocess.run(cmd + [str(p)], check=True, capture_output=True)
            outs[p.stem] = r.stdout.decode("utf-8")
        return outs, elapsed


def score(stem, output):
    norm = letters(output)
    stray_left = stray_total = kept_lost = kept_total = 0
    for cls, text in labels(stem):
        key = letters(text)
        if not key:
            continue
        if cls == "keep":
            kept_total += 1
            kept_lost += key not in norm
        else:
            stray_total += 1
            stray_left += key in norm
    return stray_left, stray_total, kept_lost, kept_total, len(HAN_SPACE.findall(output))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args()
    if not GALLEY.exists():
        sys.exit("build the CLI first: cargo build --release -p galley-cli")
    paths = sorted(PAGES.glob("*.txt"))
    total_bytes = sum(p.stat().st_size for p in paths)

    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    t0 = time.perf_counter()
    for _ in range(args.reps):
        u_out = {k: unstructured_clean(v) for k, v in texts.items()}
    u_time = time.perf_counter() - t0

    g_out, g_time = galley_clean(paths, args.reps)

    mb = total_bytes * args.reps / 1e6
    print(f"{len(paths)} pages, {total_bytes} bytes, {args.reps} passes, single thread\n")
    print("| page | galley stray left | unstructured stray left | galley kept lost | unstructured kept lost | galley CJK spaces | unstructured CJK spaces |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    sums = [0] * 8
    for p in paths:
        gs = score(p.stem, g_out[p.stem])
        us = score(p.stem, u_out[p.stem])
        print(f"| {p.stem} | {gs[0]}/{gs[1]} | {us[0]}/{us[1]} | {gs[2]}/{gs[3]} | {us[2]}/{us[3]} | {gs[4]} | {us[4]} |")
        for i, v in enumerate([gs[0], us[0], gs[1], gs[2], us[2], gs[3], gs[4], us[4]]):
            sums[i] += v
    print(f"| **all** | {sums[0]}/{sums[2]} | {sums[1]}/{sums[2]} | {sums[3]}/{sums[5]} | {sums[4]}/{sums[5]} | {sums[6]} | {sums[7]} |")
    print()
    print(f"throughput: galley {mb / g_time:.1f} MB/s, unstructured {mb / u_time:.1f} MB/s "
          f"(galley/unstructured = {u_time / g_time:.2f}x)")


if __name__ == "__main__":
    main()
