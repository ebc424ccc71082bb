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
# Known open: the cleanup stage is not yet idempotent on every fuzzed page
# (a second run still changes text the first left: one in about 50,000
# runs of this target, e.g. a line of Latin letters that is a running
# head only once the first run joined a word across its line end). The
# inputs found and fixed so far are cleaned twice in a test
# (testdata/clean/twice).
# Such an input is reported and kept under fuzz/artifacts, but does not
# fail the run; any other failure of any target does.
known_open="stage_clean:cleaning is not idempotent"
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
  # Known only when the run's one panic is that assertion.
  if [ "$t" = "${known_open%%:*}" ] && grep -qF "${known_open#*:}" "$log" \
    && [ "$(grep -c "panicked at" "$log")" -eq 1 ]; then
    echo "fuzz: $t: known open failure (${known_open#*:}), not fatal: $new"
  else
    echo "fuzz: $t found a failing input: $new"
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "fuzz: no new failure in $(echo $targets | wc -w) targets"
