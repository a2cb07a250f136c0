#!/usr/bin/env bash
# Regenerates the README images from the built-in default scenario (20 replications,
# seed 1), so they always show what `carecast run` and `carecast report` make:
#   docs/week-view.png   the week view of the default run
#
# Usage, from the repository root: bash docs/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
run=$(mktemp -d)/retail-week
trap 'rm -rf "$(dirname "$run")"' EXIT
target/release/carecast run --quiet --out "$run"
target/release/carecast report "$run"
cp "$run/charts/week-view.png" docs/week-view.png
echo "docs/week-view.png regenerated"
