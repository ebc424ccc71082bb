#!/usr/bin/env bash
# Build the galley Python package and run its tests, from a fresh machine:
# creates the venv if missing, installs the pinned Python dependencies,
# builds and installs the abi3 wheel, builds the `galley` binary and the
# corpus generator the tests compare against, and runs pytest (which starts
# and stops a Spark standalone cluster on 127.0.0.1 itself).
#
# Needs: cargo, python3 (>= 3.9, with venv), Java 17 (for Spark).
# Environment: GALLEY_VENV (default: .venv at the repository root),
# GALLEY_TEST_TIMEOUT (seconds, default 1200), GALLEY_TEST_DOCS (corpus size,
# default 20000), PYTEST_ARGS (extra pytest arguments).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VENV="${GALLEY_VENV:-$ROOT/.venv}"
cd "$ROOT"

command -v java >/dev/null || { echo "test.sh: java (17) is needed for the Spark tests" >&2; exit 1; }
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r crates/python/requirements-test.txt

# Two commands: a target flag (`--example`) would leave the CLI's binary
# unbuilt, and the tests would compare against a stale one.
cargo build --release -q -p galley-cli
cargo build --release -q -p galley-dedup --example gen_corpus

WHEELS="$(mktemp -d)"
PIDS="$(mktemp)"
cleanup() {
    # Process groups of Spark daemons the tests started, if pytest could not stop them.
    while read -r pgid; do
        [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true
    done < "$PIDS"
    rm -rf "$WHEELS" "$PIDS"
}
trap cleanup EXIT

(cd crates/python && "$VENV/bin/maturin" build --release --quiet --out "$WHEELS" -i "$VENV/bin/python")
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/galley-*.whl

export GALLEY_SPARK_PIDS="$PIDS"
# Run from the tests directory so that `import galley` is the installed wheel.
cd crates/python/tests
timeout --signal=TERM --kill-after=30 "${GALLEY_TEST_TIMEOUT:-1200}" \
    "$VENV/bin/python" -m pytest -p no:cacheprovider -q -rfE ${PYTEST_ARGS:-} .
