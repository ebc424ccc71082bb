#!/usr/bin/env bash
# Run every fuzz target for a bounded time; fail when any of them found a
# failing input (after running them all).
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (needs cargo-fuzz: `cargo install cargo-fuzz`)
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-30}"
targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^galley-fuzz$')
# Build all targets once, then run each.
RUSTC_BOOTSTRAP=1 cargo fuzz build
# A failing input is kept under fuzz/artifacts/<target>; once fixed, add it
# to the tests (the cleanup's idempotence failures are cleaned twice from
# testdata/clean/twice).
log=$(mktemp)
stamp=$(mktemp)
trap 'rm -f "$log" "$stamp"' EXIT
failed=0
for t in $targets; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  echo "fuzz: $t for ${secs}s"
  touch "$stamp"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "fuzz/corpus/$t" examples/data -- \
    -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=0 >"$log" 2>&1 || true
  grep -E "^(#[0-9]+.*DONE|==[0-9]+==|SUMMARY|thread '|assertion|Test unit|artifact_prefix)" "$log" || true
  # Inputs this run wrote (older ones from earlier local runs do not count).
  new=$(find "fuzz/artifacts/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' \) -newer "$stamp")
  if [ -z "$new" ]; then
    continue
  fi
  echo "fuzz: $t found a failing input: $new"
  failed=1
done
if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "fuzz: no new failure in $(echo $targets | wc -w) targets"
