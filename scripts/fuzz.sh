#!/usr/bin/env bash
# Run every fuzz target for a bounded time; fail on the first crash.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (needs cargo-fuzz: `cargo install cargo-fuzz`)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^galley-fuzz$')
# Build all targets once, then run each.
RUSTC_BOOTSTRAP=1 cargo fuzz build
for t in $targets; do
  mkdir -p "fuzz/corpus/$t"
  echo "fuzz: $t for ${secs}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "fuzz/corpus/$t" examples/data -- \
    -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=0 2>&1 \
    | grep -E "^(#[0-9]+.*DONE|==[0-9]+==|SUMMARY|thread '|Test unit|artifact_prefix)" || true
  if ls fuzz/artifacts/"$t"/crash-* fuzz/artifacts/"$t"/oom-* fuzz/artifacts/"$t"/timeout-* >/dev/null 2>&1; then
    echo "fuzz: $t found a failing input:"; ls fuzz/artifacts/"$t"/
    exit 1
  fi
done
echo "fuzz: no crash in $(echo $targets | wc -w) targets"
