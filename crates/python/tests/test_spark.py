"""galley.spark on a real Spark standalone cluster (one master, two workers)."""

import json
import subprocess
import threading
import time

import pytest

import galley
import galley.spark as gs


def cli_dedup(galley_bin, corpus, tmp_path):
    clusters, kept = tmp_path / "clusters.jsonl", tmp_path / "kept.jsonl"
    subprocess.run([str(galley_bin), "dedup", str(corpus), "--clusters", str(clusters),
                    "-o", str(kept), "-q"], check=True, timeout=300)
    cl = [json.loads(line) for line in clusters.read_text().splitlines()]
    ids = [json.loads(line)["id"] for line in kept.read_text().splitlines()]
    return cl, ids


@pytest.fixture(scope="module")
def expected(galley_bin, corpus, tmp_path_factory):
    return cli_dedup(galley_bin, corpus, tmp_path_factory.mktemp("cli"))


def spark_dedup(spark, corpus):
    df = spark.read.schema("id string, text string").json(str(corpus))
    kept, clusters = gs.dedup(df)
    got = [r.asDict(recursive=True) for r in clusters.orderBy("cluster").collect()]
    ids = [r["id"] for r in kept.select("id").collect()]
    return got, ids


def test_clean_equals_cli_records(spark, galley_bin, sample_pages):
    from test_pipeline import cli_record

    rows = [(p.stem, p.read_text(encoding="utf-8")) for p in sample_pages] + [("bad", None)]
    df = spark.createDataFrame(rows, "id string, text string").repartition(3)
    out = {r["id"]: r for r in gs.clean(df).collect()}
    assert len(out) == 6
    for page in sample_pages:
        want = cli_record(galley_bin, page)
        want["source"] = None
        rec = json.loads(out[page.stem]["record"])
        assert rec == want, page.name
        assert out[page.stem]["error"] is None
    assert out["bad"]["error"] == "text is null" and out["bad"]["record"] is None


def test_dedup_equals_cli(spark, corpus, expected):
    want_clusters, want_ids = expected
    n_docs = sum(1 for _ in open(corpus))
    assert n_docs >= 20000 or n_docs == int(__import__("os").environ.get("GALLEY_TEST_DOCS", 0))
    assert len(want_clusters) > 100
    got_clusters, got_ids = spark_dedup(spark, corpus)
    assert len(got_clusters) == len(want_clusters)
    assert got_clusters == want_clusters
    assert got_ids == want_ids


def test_dedup_survives_a_lost_worker(spark, spark_cluster, corpus, expected):
    """One worker (with its executor) is killed mid-job: the job finishes, same result."""
    sc = spark.sparkContext
    state = {"killed_at": None, "jobs_before": None}
    done = threading.Event()

    def killer():
        tracker = sc.statusTracker()
        while not done.is_set():
            jobs = tracker.getJobIdsForGroup("fault")
            active = tracker.getActiveStageIds()
            if len(jobs) >= 4 and active:
                state["jobs_before"] = len(jobs)
                spark_cluster.kill("worker1")
                state["killed_at"] = time.time()
                return
            time.sleep(0.2)

    sc.setJobGroup("fault", "dedup with a lost worker")
    t = threading.Thread(target=killer, daemon=True)
    t.start()
    try:
        got_clusters, got_ids = spark_dedup(spark, corpus)
        finished = time.time()
    finally:
        done.set()
        t.join(timeout=10)
        sc.setLocalProperty("spark.jobGroup.id", None)
    assert state["killed_at"] is not None and state["killed_at"] < finished, state
    assert spark_cluster.alive_workers() == 1
    want_clusters, want_ids = expected
    assert got_clusters == want_clusters
    assert got_ids == want_ids
