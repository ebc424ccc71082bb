"""Fixtures: the `galley` binary, a generated corpus, and a real Spark
standalone cluster (one master, two workers) on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from galley.spark.standalone import Cluster, wait as _wait

ROOT = Path(__file__).resolve().parents[3]


def _bin(name: str) -> Path:
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    return target / "release" / name


@pytest.fixture(scope="session")
def galley_bin() -> Path:
    p = Path(os.environ.get("GALLEY_BIN", _bin("galley")))
    if not p.exists():
        subprocess.run(["cargo", "build", "--release", "-p", "galley-cli"], cwd=ROOT, check=True)
    return p


@pytest.fixture(scope="session")
def sample_pages() -> list:
    return sorted((ROOT / "examples" / "data").glob("*.txt"))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """20,000 generated documents with near-duplicate clusters."""
    d = tmp_path_factory.mktemp("corpus")
    out = d / "corpus.jsonl"
    docs = os.environ.get("GALLEY_TEST_DOCS", "20000")
    subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "galley-dedup", "--example", "gen_corpus",
         "--", "--docs", docs, "--seed", "5", "--out", str(out), "--truth", str(d / "truth.jsonl")],
        cwd=ROOT, check=True, timeout=600,
    )
    return out


def _terminate(signum, frame):
    # Turn a timeout's SIGTERM into an exception, so that fixtures stop the cluster.
    raise KeyboardInterrupt(f"signal {signum}")


signal.signal(signal.SIGTERM, _terminate)


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("spark"), workers=2,
                pid_file=os.environ.get("GALLEY_SPARK_PIDS"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="session")
def spark(spark_cluster, tmp_path_factory):
    s = spark_cluster.session(
        "galley-tests",
        **{
            "spark.sql.adaptive.enabled": "false",
            "spark.task.maxFailures": "8",
            "spark.stage.maxConsecutiveAttempts": "8",
            "spark.network.timeout": "60s",
            "spark.executor.heartbeatInterval": "5s",
        },
    )
    s.sparkContext.setCheckpointDir(str(tmp_path_factory.mktemp("checkpoints")))
    try:
        yield s
    finally:
        s.stop()
