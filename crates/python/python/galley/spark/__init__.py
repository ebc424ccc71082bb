"""PySpark jobs: the galley pipeline and corpus deduplication on a Spark cluster.

Both jobs run on Spark's own scheduling, shuffle and fault tolerance; the
work on each row is done by the Rust core through the Arrow entry points of
:class:`galley.Pipeline` and :class:`galley.Dedup` in ``mapInArrow``.

- :func:`clean`: the pipeline over a DataFrame of texts.
- :func:`dedup`: near-duplicate documents across a corpus; the same
  clusters and kept rows as ``galley dedup`` for the same input and options.

The ``galley`` wheel must be installed in the Python that the executors run
(``spark.pyspark.python``). See ``docs/cluster.md``.
"""

from __future__ import annotations

import functools
import json
from typing import Optional, Tuple

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["clean", "dedup", "connected_components", "CLEAN_SCHEMA", "CLUSTERS_SCHEMA"]

CLEAN_SCHEMA = (
    "id string, title string, text string, articles long, removed long, edits long, "
    "input_bytes long, output_bytes long, record string, error string"
)
SKETCH_SCHEMA = (
    "key long, id string, chars long, garbage long, units long, exact long, exact_order long, "
    "signature binary, shingles binary, band_keys array<long>, error string"
)
CLUSTER_STEP_SCHEMA = (
    "cluster long, members array<string>, first_key long, kept string, kept_key long, "
    "reason string, estimated double, verified double"
)
CLUSTERS_SCHEMA = (
    "cluster long, members array<string>, kept string, reason string, "
    "similarity struct<estimated: double, verified: double>"
)


@functools.lru_cache(maxsize=8)
def _pipeline(config: Optional[str]):
    import galley

    return galley.Pipeline(config)


@functools.lru_cache(maxsize=8)
def _dedup(options: str):
    import galley

    return galley.Dedup(**json.loads(options))


def clean(df, text_col: str = "text", id_col: str = "id", config: Optional[str] = None):
    """Run the pipeline over ``df`` (one row per document).

    ``config`` is TOML text (the CLI's schema). Returns a DataFrame with
    :data:`CLEAN_SCHEMA`: ``id``, ``title``, ``text``, counts, ``record``
    (the record ``galley run --format jsonl`` prints) and ``error`` (null,
    or why a row has no record: null text, invalid UTF-8, ...).
    """
    from pyspark.sql import functions as F

    if config is not None:
        _pipeline(config)  # fail early, on the driver, on a bad config

    def run(batches):
        p = _pipeline(config)
        for b in batches:
            yield p.run_arrow(b, "text", "id")

    src = df.select(F.col(id_col).cast("string").alias("id"), F.col(text_col).alias("text"))
    return src.mapInArrow(run, CLEAN_SCHEMA)


def _checkpoint(df, eager: bool = True):
    sc = df.sparkSession.sparkContext
    if sc.getCheckpointDir():
        return df.checkpoint(eager=eager)
    return df.localCheckpoint(eager=eager)


def connected_components(edges, max_rounds: int = 100):
    """Connected components of an undirected graph, with Spark joins only.

    ``edges`` has int64 columns ``a`` and ``b``. Alternates the large-star
    and small-star operations (Kiveris et al., 2014) until the graph is a
    forest of stars, each rooted at its component's smallest node. Returns
    ``(node, root)`` rows for every node that has an edge, the root included.
    Each round is checkpointed, so the lineage stays short.
    """
    from pyspark.sql import functions as F

    col = F.col
    e = edges.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v")).where(
        col("u") != col("v")
    ).distinct()
    e = _checkpoint(e)
    for _ in range(max_rounds):
        # Large-star: each node's larger neighbours attach to its smallest neighbour (or itself).
        both = e.unionByName(e.select(col("v").alias("u"), col("u").alias("v")))
        m = both.groupBy("u").agg(F.least(F.min("v"), col("u")).alias("m"))
        ls = (
            both.join(m, "u")
            .where(col("v") > col("u"))
            .select(col("v").alias("u"), col("m").alias("v"))
        )
        # Small-star: each node and its smaller neighbours attach to the smallest of those.
        o = ls.select(F.greatest("u", "v").alias("u"), F.least("u", "v").alias("v")).where(
            col("u") != col("v")
        )
        m2 = o.groupBy("u").agg(F.min("v").alias("m"))
        ss = (
            o.join(m2, "u")
            .select(col("v").alias("u"), col("m").alias("v"))
            .where(col("u") != col("v"))
            .unionByName(m2.select("u", col("m").alias("v")))
            .distinct()
        )
        e = _checkpoint(ss)
        # Converged: every node points to exactly one root, and no root points anywhere.
        multi = e.groupBy("u").count().where(col("count") > 1).limit(1).count()
        chained = (
            e.select("v").distinct().join(e.select(col("u").alias("v")), "v").limit(1).count()
        )
        if multi == 0 and chained == 0:
            break
    else:
        raise RuntimeError(f"connected components did not converge in {max_rounds} rounds")
    roots = e.select(col("v").alias("node"), col("v").alias("root")).distinct()
    return e.select(col("u").alias("node"), col("v").alias("root")).unionByName(roots)


def _carry_clusters(d, batches):
    """Feed whole clusters to the core: rows arrive sorted by cluster, and a
    cluster cut by a batch boundary is carried to the next batch."""
    carry = None
    for b in batches:
        if b.num_rows == 0:
            continue
        t = b if carry is None else pa.Table.from_batches([carry, b]).combine_chunks().to_batches()[0]
        last = t.column("cluster")[t.num_rows - 1]
        i = pc.index(t.column("cluster"), last).as_py()
        if i > 0:
            yield d.clusters_arrow(t.slice(0, i))
        carry = t.slice(i)
    if carry is not None and carry.num_rows:
        yield d.clusters_arrow(carry)


def dedup(
    df,
    text_col: str = "text",
    id_col: str = "id",
    threshold: Optional[float] = None,
    bands: Optional[int] = None,
    rows: Optional[int] = None,
    shingle: Optional[int] = None,
    seed: Optional[int] = None,
    bucket_window: Optional[int] = None,
    key_col: Optional[str] = None,
) -> Tuple[object, object]:
    """Near-duplicate documents of ``df``, as ``galley dedup`` finds them.

    1. Sketch and band keys of each text (``mapInArrow``, Rust core);
       checkpointed.
    2. Exact duplicates (equal normalised text): grouped by hash; the first
       in canonical order (id, then text hash, then input order) represents
       the group.
    3. LSH: representatives grouped by (band, key) in Spark's shuffle; each
       bucket in canonical order gives its candidate pairs (core rule,
       windowed in very large buckets).
    4. Candidates verified by exact Jaccard of the shingle sets (core).
    5. Connected components with Spark joins (:func:`connected_components`).
    6. Per component: canonical member order, the keeper rule, reason and
       similarity figures (core); clusters numbered by their first member.

    Options left ``None`` take ``galley dedup``'s defaults. ``key_col``
    names an int64 column that orders the input (default: a
    ``monotonically_increasing_id`` of ``df``, i.e. the input order of a
    file read); it only decides between documents with the same id and the
    same normalised text.

    Returns ``(kept, clusters)``: the rows of ``df`` that are kept (rows
    whose text is null or not valid UTF-8 are dropped, as ``galley dedup``
    skips bad records), ordered by the key; and one row per cluster of two
    or more with ``galley dedup --clusters``'s fields (:data:`CLUSTERS_SCHEMA`).
    """
    from pyspark.sql import functions as F
    from pyspark.sql import Row  # noqa: F401

    col = F.col
    opts = dict(threshold=threshold, bands=bands, rows=rows, shingle=shingle, seed=seed,
                bucket_window=bucket_window)
    opts_json = json.dumps({k: v for k, v in opts.items() if v is not None}, sort_keys=True)
    _dedup(opts_json)  # validate on the driver

    key = "_galley_key"
    base = df.withColumn(key, col(key_col).cast("long") if key_col else F.monotonically_increasing_id())
    base = _checkpoint(base)

    def sketch(batches):
        d = _dedup(opts_json)
        for b in batches:
            out = d.sketch_arrow(b, "text", "id")
            yield pa.RecordBatch.from_arrays(
                [b.column(0)] + out.columns, names=["key"] + out.schema.names
            )

    src = base.select(col(key).alias("key"), col(id_col).cast("string").alias("id"),
                      col(text_col).alias("text"))
    sk = _checkpoint(src.mapInArrow(sketch, SKETCH_SCHEMA))
    good = sk.where(col("error").isNull()).drop("error")

    # Exact duplicates.
    nonempty = good.where(col("units") > 0)
    first = nonempty.groupBy("exact").agg(
        F.min(F.struct("id", "exact_order", "key")).getField("key").alias("rep")
    )
    grouped = nonempty.join(first, "exact")
    exact_edges = grouped.where(col("key") != col("rep")).select(col("rep").alias("a"), col("key").alias("b"))
    reps = grouped.where(col("key") == col("rep")).drop("rep")

    # LSH buckets and their candidate pairs.
    buckets = (
        reps.select("key", "id", "exact_order", F.posexplode("band_keys").alias("band", "bkey"))
        .groupBy("band", "bkey")
        .agg(F.count(F.lit(1)).alias("n"),
             F.array_sort(F.collect_list(F.struct("id", "exact_order", "key"))).alias("m"))
        .where(col("n") > 1)
        .select(col("m").getField("key").alias("members"))
    )

    def pairs_of(batches):
        d = _dedup(opts_json)
        for b in batches:
            yield d.bucket_pairs_arrow(b, "members")

    pairs = (
        buckets.mapInArrow(pairs_of, "a long, b long")
        .select(F.least("a", "b").alias("a"), F.greatest("a", "b").alias("b"))
        .distinct()
    )

    # Verification.
    sets = reps.select("key", "shingles")
    cand = pairs.join(sets.select(col("key").alias("a"), col("shingles").alias("shingles_a")), "a").join(
        sets.select(col("key").alias("b"), col("shingles").alias("shingles_b")), "b"
    )

    def verify(batches):
        d = _dedup(opts_json)
        for b in batches:
            v = d.jaccard_arrow(b, "shingles_a", "shingles_b")
            yield pa.RecordBatch.from_arrays(
                [b.column("a"), b.column("b"), v.column("similar")], names=["a", "b", "similar"]
            )

    verified = (
        cand.select("a", "b", "shingles_a", "shingles_b")
        .mapInArrow(verify, "a long, b long, similar boolean")
        .where(col("similar"))
        .select("a", "b")
    )
    edges = _checkpoint(exact_edges.unionByName(verified))

    # Components, then the keeper rule per component.
    comp = connected_components(edges)
    members = (
        comp.join(good, comp["node"] == good["key"])
        .select(col("root").alias("cluster"), "key", "id", "exact", "exact_order", "chars",
                "garbage", "signature", "shingles")
        .repartition("cluster")
        .sortWithinPartitions("cluster", "id", "exact_order", "key")
    )

    def keep_rule(batches):
        yield from _carry_clusters(_dedup(opts_json), batches)

    step = _checkpoint(
        members.drop("exact_order").mapInArrow(keep_rule, CLUSTER_STEP_SCHEMA)
    )
    order = step.join(
        good.select(col("key").alias("first_key"), col("id").alias("first_id"),
                    col("exact_order").alias("first_order")),
        "first_key",
    ).orderBy("first_id", "first_order", "first_key")
    numbered = order.rdd.zipWithIndex().map(
        lambda r: (r[1], r[0]["members"], r[0]["kept"], r[0]["reason"],
                   (r[0]["estimated"], r[0]["verified"]), r[0]["cluster"], r[0]["kept_key"])
    )
    spark = df.sparkSession
    clusters_full = spark.createDataFrame(
        numbered,
        CLUSTERS_SCHEMA + ", root long, kept_key long",
    )
    clusters = clusters_full.select("cluster", "members", "kept", "reason", "similarity")

    dropped = comp.join(clusters_full.select(col("root"), "kept_key"), "root").where(
        col("node") != col("kept_key")
    ).select(col("node").alias(key))
    kept = (
        base.join(good.select(col("key").alias(key)), key, "left_semi")
        .join(dropped, key, "left_anti")
        .orderBy(key)
        .drop(key)
    )
    return kept, clusters
