#!/bin/sh
# Browser test of the review page (galley-review, `galley run --format html`).
#
# Opens generated pages in headless Chromium, reads back the rendered DOM and
# checks: one `data-kind` element per removal and one `data-edit` element per
# edit of the record, the page's own script ran (`data-ready`), and the
# `<script>` and `<img onerror>` placed in the input ran nothing
# (`window.__pwned` stays undefined) and show as text.
#
# Needs `chromium` (Debian: apt-get install -y chromium) on PATH, or its path
# in GALLEY_CHROMIUM. Fails when no browser is found: in `cargo test` alone
# the same tests are skipped with a notice instead.
set -eu
cd "$(dirname "$0")/../.."

browser="${GALLEY_CHROMIUM:-}"
if [ -n "$browser" ] && [ ! -x "$browser" ]; then
    echo "browser-test: GALLEY_CHROMIUM=$browser is not an executable file" >&2
    exit 1
fi
if [ -z "$browser" ]; then
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$name" >/dev/null 2>&1; then
            browser="$(command -v "$name")"
            break
        fi
    done
fi
if [ -z "$browser" ]; then
    echo "browser-test: no chromium found (apt-get install -y chromium, or set GALLEY_CHROMIUM)" >&2
    exit 1
fi
echo "browser-test: using $browser"

export GALLEY_CHROMIUM="$browser"
export GALLEY_REQUIRE_BROWSER=1
cargo test -p galley-review --test lib browser -- --nocapture
cargo test -p galley-cli --test lib review::browser -- --nocapture
