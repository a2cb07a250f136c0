#!/usr/bin/env bash
# Regenerates the README images, so they always show what `carecast run`, `carecast
# compare` and `carecast report` make (seed 1, 20 replications):
#   docs/week-view.png    the week view of the built-in default scenario
#   docs/comparison.png   the plan-comparison chart of the default scenario against
#                         scenarios/night-shift.toml
#
# Usage, from the repository root: bash docs/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/carecast run --quiet --out "$work/retail-week" --report
cp "$work/retail-week/charts/week-view.png" docs/week-view.png
echo "docs/week-view.png regenerated"
target/release/carecast compare --quiet --reps 20 --out "$work/compare" --report \
    scenarios/retail-week.toml scenarios/night-shift.toml
cp "$work/compare/charts/plan-comparison.png" docs/comparison.png
echo "docs/comparison.png regenerated"
