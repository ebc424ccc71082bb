#!/bin/sh
# Regenerate docs/img/review.png: the review page of a sample page, as
# `galley run --format html` writes it, in headless Chromium at 1600x1000.
#
#   scripts/review/screenshot.sh [PAGE.txt] [OUT.png]
#
# Needs chromium (Debian: apt-get install -y chromium) and a CJK font for the
# sample pages (Debian: apt-get install -y fonts-noto-cjk).
set -eu
cd "$(dirname "$0")/../.."

page="${1:-examples/data/001_362c4761db3f9978.txt}"
out="${2:-docs/img/review.png}"
browser="${GALLEY_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}"
if [ -z "$browser" ]; then
    echo "screenshot: no chromium found (apt-get install -y chromium)" >&2
    exit 1
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh)" ]; then
    echo "screenshot: warning: no CJK font installed, Chinese text will show as boxes (apt-get install -y fonts-noto-cjk)" >&2
fi

cargo build -q --release -p galley-cli
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
target/release/galley run -q --format html -o "$tmp/review.html" "$page"
"$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" --hide-scrollbars --force-device-scale-factor=1 \
    --window-size=1600,1000 --virtual-time-budget=2000 \
    --screenshot="$tmp/review.png" "file://$tmp/review.html" >/dev/null 2>&1
mkdir -p "$(dirname "$out")"
cp "$tmp/review.png" "$out"
echo "screenshot: wrote $out"
