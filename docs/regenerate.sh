#!/usr/bin/env bash
# Regenerates the README images, so they always show what `carecast run`, `carecast
# compare` and `carecast report` make (seed 1, 20 replications):
#   docs/week-view.png    the week view of the built-in default scenario
#   docs/comparison.png   the plan-comparison chart of the default scenario against
#                         scenarios/night-shift.toml
#   docs/sla-by-hour.png, docs/response-times.png, docs/outcome-mix.png
#                         the other charts of the default scenario's run
#   docs/comparison-6.png, docs/differences-6.png
#                         the plan comparison and the paired differences of six plans:
#                         the default week and five variants of it
#
# Usage, from the repository root: bash docs/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
target/release/carecast run --quiet --out "$work/retail-week" --report
for chart in week-view sla-by-hour response-times outcome-mix; do
    cp "$work/retail-week/charts/$chart.png" "docs/$chart.png"
    echo "docs/$chart.png regenerated"
done
target/release/carecast compare --quiet --reps 20 --out "$work/compare" --report \
    scenarios/retail-week.toml scenarios/night-shift.toml
cp "$work/compare/charts/plan-comparison.png" docs/comparison.png
echo "docs/comparison.png regenerated"
# Six plans: the default week (the baseline) and five variants of it.
target/release/carecast compare --quiet --reps 20 --out "$work/compare-6" --report \
    --variant 'lean-days=staffing.groups[0].agents=24' \
    --variant 'more-evenings=staffing.groups[1].agents=26' \
    --variant 'weekend-plus-4=staffing.groups[2].agents=30' \
    --variant 'lifo=policy.discipline=lifo' \
    --variant 'lean-days-evenings=staffing.groups[0].agents=24' \
    --variant 'lean-days-evenings=staffing.groups[1].agents=18' \
    scenarios/retail-week.toml
cp "$work/compare-6/charts/plan-comparison.png" docs/comparison-6.png
cp "$work/compare-6/charts/plan-differences.png" docs/differences-6.png
echo "docs/comparison-6.png and docs/differences-6.png regenerated"
