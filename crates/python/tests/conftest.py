"""Fixtures: the `galley` binary, a generated corpus, and a real Spark
standalone cluster (one master, two workers) on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(pred, timeout: float, what: str):
    end = time.time() + timeout
    while time.time() < end:
        try:
            if pred():
                return
        except Exception:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"timed out waiting for {what}")


class Cluster:
    """A Spark standalone cluster of processes started with `spark-class`."""

    def __init__(self, work: Path, workers: int = 2):
        import pyspark

        self.home = Path(pyspark.__file__).parent
        self.work = work
        self.port = _free_port()
        self.ui = _free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.env = dict(os.environ, SPARK_HOME=str(self.home), SPARK_LOCAL_IP="127.0.0.1",
                        PYSPARK_PYTHON=sys.executable, SPARK_LOG_DIR=str(work / "logs"),
                        SPARK_WORKER_DIR=str(work / "worker"))
        self.procs = {}
        self.master = self._start(
            "master", ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                       "--port", str(self.port), "--webui-port", str(self.ui)])
        _wait(lambda: self.state() is not None, 90, "the Spark master")
        for i in range(workers):
            self._start(f"worker{i}", [
                "org.apache.spark.deploy.worker.Worker", self.url, "--host", "127.0.0.1",
                "--cores", "1", "--memory", "1g", "--webui-port", str(_free_port()),
                "--work-dir", str(work / f"worker{i}")])
        _wait(lambda: self.alive_workers() == workers, 120, f"{workers} Spark workers")

    def _start(self, name, args):
        log = open(self.work / f"{name}.log", "wb")
        p = subprocess.Popen([str(self.home / "bin" / "spark-class"), *args], env=self.env,
                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = p
        return p

    def state(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.ui}/json/", timeout=5) as r:
            return json.load(r)

    def alive_workers(self) -> int:
        return sum(1 for w in self.state()["workers"] if w["state"] == "ALIVE")

    def kill(self, name: str):
        """Kill a process group: the worker, its executor and Python workers."""
        p = self.procs[name]
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait(timeout=30)

    def stop(self):
        for name, p in reversed(list(self.procs.items())):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for p in self.procs.values():
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait(timeout=10)


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("spark"))
    try:
        yield c
    finally:
        c.stop()


@pytest.fixture(scope="session")
def spark(spark_cluster, tmp_path_factory):
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["SPARK_HOME"] = str(spark_cluster.home)
    s = (
        SparkSession.builder.master(spark_cluster.url)
        .appName("galley-tests")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", "1g")
        .config("spark.executor.memory", "640m")
        .config("spark.executor.cores", "1")
        .config("spark.cores.max", "2")
        .config("spark.pyspark.python", sys.executable)
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.ui.enabled", "false")
        .config("spark.task.maxFailures", "8")
        .config("spark.stage.maxConsecutiveAttempts", "8")
        .config("spark.network.timeout", "60s")
        .config("spark.executor.heartbeatInterval", "5s")
        .getOrCreate()
    )
    s.sparkContext.setCheckpointDir(str(tmp_path_factory.mktemp("checkpoints")))
    s.sparkContext.setLogLevel("ERROR")
    _wait(lambda: len(s.sparkContext._jsc.sc().getExecutorMemoryStatus()) >= 3, 120,
          "two executors")
    try:
        yield s
    finally:
        s.stop()
