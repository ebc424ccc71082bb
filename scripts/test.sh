#!/usr/bin/env bash
# galley's test command: every Rust test of the workspace, then the Python
# package and its PySpark jobs (a venv is created and filled on first use;
# a Spark standalone cluster is started on 127.0.0.1 by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace
scripts/python/test.sh
