"""A Spark standalone cluster on this machine, for tests and benchmarks.

Starts one master and N workers with ``spark-class`` from the ``pyspark``
package, bound to 127.0.0.1, each worker in its own process group so that
it can be killed with its executor (to simulate a lost machine), and stops
them all on :meth:`Cluster.stop`.

>>> c = Cluster(Path("/tmp/spark-work"), workers=2)      # doctest: +SKIP
>>> spark = c.session(executor_memory="640m")            # doctest: +SKIP
"""

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
from typing import Optional

__all__ = ["Cluster", "wait"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(pred, timeout: float, what: str):
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

    def __init__(self, work: Path, workers: int = 2, cores: int = 1, memory: str = "1g",
                 pid_file: Optional[str] = None):
        import pyspark

        self.home = Path(pyspark.__file__).parent
        self.work = Path(work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.ui = _free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        self.env = dict(os.environ, SPARK_HOME=str(self.home), SPARK_LOCAL_IP="127.0.0.1",
                        PYSPARK_PYTHON=sys.executable, SPARK_LOG_DIR=str(work / "logs"),
                        SPARK_WORKER_DIR=str(work / "worker"))
        self.procs = {}
        self.pid_file = pid_file
        self.workers = 0
        try:
            self.master = self._start(
                "master", ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                           "--port", str(self.port), "--webui-port", str(self.ui)])
            wait(lambda: self.state() is not None, 90, "the Spark master")
            self.cores, self.memory = cores, memory
            for _ in range(workers):
                self.add_worker()
            wait(lambda: self.alive_workers() == workers, 120, f"{workers} Spark workers")
        except BaseException:
            self.stop()
            raise

    def add_worker(self) -> str:
        """Start one more worker; returns its name (``worker0``, ...)."""
        name = f"worker{self.workers}"
        self.workers += 1
        self._start(name, [
            "org.apache.spark.deploy.worker.Worker", self.url, "--host", "127.0.0.1",
            "--cores", str(self.cores), "--memory", self.memory, "--webui-port",
            str(_free_port()), "--work-dir", str(self.work / name)])
        return name

    def _start(self, name, args):
        log = open(self.work / f"{name}.log", "wb")
        p = subprocess.Popen([str(self.home / "bin" / "spark-class"), *args], env=self.env,
                             stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = p
        if self.pid_file:
            with open(self.pid_file, "a") as f:
                f.write(f"{p.pid}\n")
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



    def session(self, app: str = "galley", executor_memory: str = "640m", **conf):
        """A SparkSession on this cluster, one core per executor, bound to
        127.0.0.1; waits until every worker runs an executor."""
        from pyspark.sql import SparkSession

        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
        os.environ["SPARK_HOME"] = str(self.home)
        b = SparkSession.builder.master(self.url).appName(app)
        settings = {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.driver.memory": "1g",
            "spark.executor.memory": executor_memory,
            "spark.executor.cores": str(self.cores),
            "spark.cores.max": str(self.cores * self.alive_workers()),
            "spark.pyspark.python": sys.executable,
            "spark.sql.shuffle.partitions": "4",
            "spark.default.parallelism": "4",
            "spark.ui.enabled": "false",
        }
        settings.update(conf)
        for k, v in settings.items():
            b = b.config(k, v)
        s = b.getOrCreate()
        s.sparkContext.setLogLevel("ERROR")
        want = self.cores * self.alive_workers()
        wait(lambda: sum(w["coresused"] for w in self.state()["workers"]) == want, 120,
             "an executor on each worker")
        return s
