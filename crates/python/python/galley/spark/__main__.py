"""The galley Spark job: ``spark-submit .../galley/spark/__main__.py {clean,dedup} IN OUT``.

Run it with ``spark-submit`` on a cluster (the path is printed by
``python -m galley.spark --path``), or with ``python -m galley.spark`` for a
local run. Input: JSONL (``id``, ``text``, other fields kept) or Parquet,
files or directories; output: a directory of JSONL or Parquet part files.

    spark-submit --master spark://HOST:7077 "$(python -m galley.spark --path)" \\
        dedup corpus.jsonl out/kept --clusters out/clusters --checkpoint hdfs:///tmp/galley-ckpt
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def _read(spark, path, fmt, id_col, text_col):
    fmt = fmt or ("parquet" if path.rstrip("/").endswith(".parquet") else "json")
    if fmt == "parquet":
        return spark.read.parquet(path)
    return spark.read.json(path)


def _write(df, path, fmt):
    w = df.write.mode("overwrite")
    if fmt == "parquet":
        w.parquet(path)
    else:
        w.json(path)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--path"]:
        print(os.path.abspath(__file__))
        return 0
    ap = argparse.ArgumentParser(prog="galley.spark", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    for name in ("clean", "dedup"):
        p = sub.add_parser(name)
        p.add_argument("input")
        p.add_argument("output")
        p.add_argument("--input-format", choices=["json", "parquet"])
        p.add_argument("--output-format", choices=["json", "parquet"], default="json")
        p.add_argument("--id-col", default="id")
        p.add_argument("--text-col", default="text")
        p.add_argument("--checkpoint", help="checkpoint directory (shared storage on a cluster)")
        p.add_argument("--partitions", type=int, help="repartition the input into N partitions")
        if name == "clean":
            p.add_argument("--config", help="pipeline config (TOML file)")
        else:
            p.add_argument("--clusters", required=True, help="write the clusters here")
            for opt, ty in (("threshold", float), ("bands", int), ("rows", int),
                            ("shingle", int), ("seed", int)):
                p.add_argument("--" + opt, type=ty)
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession

    import galley.spark as gs

    spark = SparkSession.builder.appName(f"galley {args.cmd}").getOrCreate()
    if args.checkpoint:
        spark.sparkContext.setCheckpointDir(args.checkpoint)
    df = _read(spark, args.input, args.input_format, args.id_col, args.text_col)
    if args.partitions:
        df = df.repartition(args.partitions)
    t0 = time.time()
    if args.cmd == "clean":
        config = open(args.config, encoding="utf-8").read() if args.config else None
        out = gs.clean(df, text_col=args.text_col, id_col=args.id_col, config=config)
        _write(out, args.output, args.output_format)
        n = spark.read.parquet(args.output).count() if args.output_format == "parquet" else None
        print(f"galley clean: written to {args.output}" + (f" ({n} records)" if n else ""),
              file=sys.stderr)
    else:
        kept, clusters = gs.dedup(df, text_col=args.text_col, id_col=args.id_col,
                                  threshold=args.threshold, bands=args.bands, rows=args.rows,
                                  shingle=args.shingle, seed=args.seed)
        _write(clusters.orderBy("cluster").coalesce(1), args.clusters, "json")
        _write(kept, args.output, args.output_format)
        print(f"galley dedup: done in {time.time() - t0:.1f} s", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
