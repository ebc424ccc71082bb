#!/usr/bin/env python3
"""Throughput of the galley Spark jobs on 1 and 2 workers, beside the CLI.

    .venv/bin/python scripts/python/bench.py --docs 20000 --work /tmp/galley-bench

Generates a corpus (crates/dedup/examples/gen_corpus.rs), then measures
documents per second of the pipeline (`galley run -j1` / `galley.spark.clean`)
and of corpus dedup (`galley dedup -j1` / `galley.spark.dedup`) on a Spark
standalone cluster on 127.0.0.1 with 1 and then 2 workers of one core each.
Spark figures are wall clock from the first read to the last write (output
to Spark's `noop` sink), driver and daemons included; the CLI's are wall
clock and CPU seconds with one thread. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def timed(cmd) -> tuple:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.time()
    subprocess.run(cmd, check=True)
    wall = time.time() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/galley-bench"))
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release"
    corpus = args.work / f"corpus{args.docs}.jsonl"
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "galley-cli", "-p", "galley-dedup",
                    "--example", "gen_corpus"], cwd=ROOT, check=True)
    if not corpus.exists():
        subprocess.run([str(target / "examples" / "gen_corpus"), "--docs", str(args.docs),
                        "--seed", "11", "--out", str(corpus), "--truth",
                        str(args.work / "truth.jsonl")], check=True)
    mb = corpus.stat().st_size / 1e6
    rows = []
    galley = str(target / "galley")
    w, c = timed([galley, "run", "--input-format", "jsonl", "-j1", "-q", str(corpus),
                  "-o", str(args.work / "run.jsonl")])
    rows.append(("pipeline", "CLI `galley run -j1`", 1, w, c))
    w, c = timed([galley, "dedup", "-j1", "-q", str(corpus), "--clusters",
                  str(args.work / "clusters.jsonl"), "-o", str(args.work / "kept.jsonl")])
    rows.append(("dedup", "CLI `galley dedup -j1`", 1, w, c))

    import galley.spark as gs
    from galley.spark.standalone import Cluster

    for n in [int(x) for x in args.workers.split(",")]:
        cluster = Cluster(args.work / f"spark{n}", workers=n)
        try:
            spark = cluster.session(f"galley-bench-{n}", **{
                "spark.sql.files.maxPartitionBytes": str(8 << 20),
                "spark.sql.shuffle.partitions": str(4 * n)})
            spark.sparkContext.setCheckpointDir(str(args.work / f"ckpt{n}"))
            df = spark.read.schema("id string, text string").json(str(corpus))
            df.count()  # warm up: executors, Python workers
            t0 = time.time()
            gs.clean(df).write.format("noop").mode("overwrite").save()
            rows.append(("pipeline", f"Spark, {n} worker(s) × 1 core", n, time.time() - t0, None))
            t0 = time.time()
            kept, clusters = gs.dedup(df)
            clusters.write.format("noop").mode("overwrite").save()
            kept.write.format("noop").mode("overwrite").save()
            rows.append(("dedup", f"Spark, {n} worker(s) × 1 core", n, time.time() - t0, None))
            spark.stop()
        finally:
            cluster.stop()

    print(f"\n{args.docs:,} documents, {mb:.0f} MB of JSONL\n")
    print("| job | driver | cores | wall s | docs/s | docs/s/core | CPU s (CLI) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for job, how, cores, wall, cpu in rows:
        rate = args.docs / wall
        cpu_s = f"{cpu:.1f}" if cpu is not None else ""
        print(f"| {job} | {how} | {cores} | {wall:.1f} | {rate:,.0f} | {rate / cores:,.0f} | {cpu_s} |")
    (args.work / "bench.json").write_text(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
