#!/usr/bin/env bash
# Regenerate docs/guide.md from its hand-written head and `galley config --default`.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  cat docs/guide.md.head
  echo '```toml'
  cargo run -q -p galley-cli -- config --default
  echo '```'
} > docs/guide.md
