"""Side by side: galley dedup and datatrove's MinHash on the same corpus.

usage:
  python scripts/dedup/compare.py --docs 20000 [--work /tmp/dedup-compare]
      [--galley target/release/galley] [--python .venv/bin/python] [--seed 1]

Generates a corpus with known clusters (crates/dedup/examples/gen_corpus.rs),
runs both tools with the same shingle size, bands and rows, and prints pair
precision, recall and F1 of each against the truth, their documents per
second per core (documents / CPU seconds, user + system, all processes) and
the throughput ratio. datatrove runs with one task and one worker.
"""

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def run_timed(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    subprocess.run(cmd, check=True, **kw)
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def pairs_of(groups):
    out = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            out.add((a, b))
    return out


def scores(pred, truth):
    tp = len(pred & truth)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(truth) if truth else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default="/tmp/dedup-compare")
    ap.add_argument("--galley", default=os.path.join(ROOT, "target/release/galley"))
    ap.add_argument("--gen", default=os.path.join(ROOT, "target/release/examples/gen_corpus"))
    ap.add_argument("--python", default=os.path.join(ROOT, ".venv/bin/python"))
    ap.add_argument("--bands", type=int, default=25)
    ap.add_argument("--rows", type=int, default=5)
    ap.add_argument("--ngrams", type=int, default=5)
    ap.add_argument("--skip-datatrove", action="store_true")
    ap.add_argument("--dt-language", default="en",
                    help="datatrove's word tokenizer language (en splits on spaces; zh uses jieba)")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    corpus = os.path.join(a.work, "corpus.jsonl")
    truth_path = os.path.join(a.work, "truth.jsonl")
    subprocess.run(
        [a.gen, "--docs", str(a.docs), "--seed", str(a.seed), "--out", corpus, "--truth", truth_path],
        check=True,
    )
    truth = defaultdict(list)
    with open(truth_path) as f:
        for line in f:
            d = json.loads(line)
            truth[d["cluster"]].append(d["id"])
    true_pairs = pairs_of(truth)

    rows = []
    clusters = os.path.join(a.work, "galley-clusters.jsonl")
    wall, cpu, _ = run_timed(
        [a.galley, "dedup", "--quiet", corpus, "--clusters", clusters,
         "-o", os.path.join(a.work, "galley-kept.jsonl"),
         "--bands", str(a.bands), "--rows", str(a.rows), "--shingle", str(a.ngrams)]
    )
    pred = {}
    with open(clusters) as f:
        for line in f:
            c = json.loads(line)
            pred[c["cluster"]] = c["members"]
    rows.append(("galley", wall, cpu) + scores(pairs_of(pred), true_pairs))

    if not a.skip_datatrove:
        work = os.path.join(a.work, "datatrove")
        wall, cpu, _ = run_timed(
            [a.python, os.path.join(ROOT, "scripts/dedup/datatrove_run.py"), corpus, work,
             "--bands", str(a.bands), "--rows", str(a.rows), "--ngrams", str(a.ngrams),
             "--language", a.dt_language],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        pred = defaultdict(list)
        with open(os.path.join(work, "assign.jsonl")) as f:
            for line in f:
                d = json.loads(line)
                pred[d["cluster"]].append(d["id"])
        rows.append(("datatrove", wall, cpu) + scores(pairs_of(pred), true_pairs))

    print(f"datatrove tokenizer: {a.dt_language}")
    print(f"corpus: {a.docs} documents, {len(true_pairs)} true duplicate pairs, "
          f"shingle {a.ngrams}, {a.bands} bands x {a.rows} rows")
    print(f"{'tool':<10} {'wall s':>8} {'cpu s':>8} {'docs/s/core':>12} {'precision':>10} {'recall':>8} {'F1':>8}")
    for name, wall, cpu, p, r, f1 in rows:
        print(f"{name:<10} {wall:8.1f} {cpu:8.1f} {a.docs / cpu:12.0f} {p:10.4f} {r:8.4f} {f1:8.4f}")
    if len(rows) == 2:
        print(f"throughput ratio (docs/s/core): {rows[1][2] / rows[0][2]:.1f}x")


if __name__ == "__main__":
    sys.exit(main())
