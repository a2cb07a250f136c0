#!/usr/bin/env bash
# Regenerates the README's examples and the images in docs/, so they always show what
# this build of carecast makes (fixed seeds: running it twice changes nothing):
#   README.md             the output of every `$ carecast ...` example block
#                         (docs/readme_examples.py)
#   docs/week-view.png, docs/sla-by-hour.png, docs/response-times.png,
#   docs/outcome-mix.png  the charts of the built-in default scenario's run
#   docs/comparison.png   the plan comparison of the default scenario against
#                         scenarios/night-shift.toml (20 replications)
#   docs/comparison-6.png, docs/differences-6.png, docs/week-overlay-6.png
#                         the plan comparison, the paired differences and the overlaid
#                         weeks of six plans: the default week and five variants of it
#   docs/sweep-lines.png  one numeric parameter and a categorical one
#                         (scenarios/sweeps/staffing-grid.toml)
#   docs/sweep-heatmap.png, docs/sweep-frontier.png
#                         a full grid of two numeric parameters (day and evening team)
#   docs/sweep-scatter.png
#                         a Latin hypercube (scenarios/sweeps/lhs.toml)
#   docs/staffing-gap.png the optimizer's requirement against its plan
#
# Usage, from the repository root: bash docs/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/carecast
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CI=true

python3 docs/readme_examples.py target/release

"$bin" run --quiet --out "$work/retail-week" --report
for chart in week-view sla-by-hour response-times outcome-mix; do
    cp "$work/retail-week/charts/$chart.png" "docs/$chart.png"
done
echo "docs/{week-view,sla-by-hour,response-times,outcome-mix}.png regenerated"

"$bin" compare --quiet --reps 20 --out "$work/compare" --report \
    scenarios/retail-week.toml scenarios/night-shift.toml
cp "$work/compare/charts/plan-comparison.png" docs/comparison.png
echo "docs/comparison.png regenerated"

# Six plans: the default week (the baseline) and five variants of it.
"$bin" compare --quiet --reps 20 --out "$work/compare-6" --report \
    --variant 'lean-days=staffing.groups[0].agents=24' \
    --variant 'more-evenings=staffing.groups[1].agents=26' \
    --variant 'weekend-plus-4=staffing.groups[2].agents=30' \
    --variant 'lifo=policy.discipline=lifo' \
    --variant 'lean-days-evenings=staffing.groups[0].agents=24' \
    --variant 'lean-days-evenings=staffing.groups[1].agents=18' \
    scenarios/retail-week.toml
cp "$work/compare-6/charts/plan-comparison.png" docs/comparison-6.png
cp "$work/compare-6/charts/plan-differences.png" docs/differences-6.png
cp "$work/compare-6/charts/week-overlay.png" docs/week-overlay-6.png
echo "docs/{comparison-6,differences-6,week-overlay-6}.png regenerated"

# Each sweep kind: lines, a heatmap and its frontier, a scatter.
"$bin" sweep --quiet --out "$work/sweep-lines" --report scenarios/sweeps/staffing-grid.toml
cp "$work/sweep-lines/charts/lines-answered_within_30m.png" docs/sweep-lines.png
cat >"$work/grid.toml" <<'EOF'
name = "day-evening-grid"
base = "builtin"
set = ['horizon = "21d"']
replications = 5
seed = 1

[[parameters]]
name = "day_agents"
path = "staffing.groups[0].agents"
values = [24, 28, 32]

[[parameters]]
name = "evening_agents"
path = "staffing.groups[1].agents"
values = [18, 22, 26]
EOF
"$bin" sweep --quiet --out "$work/sweep-grid" --report "$work/grid.toml"
cp "$work/sweep-grid/charts/heatmap-answered_within_30m.png" docs/sweep-heatmap.png
cp "$work/sweep-grid/charts/frontier.png" docs/sweep-frontier.png
"$bin" sweep --quiet --out "$work/sweep-lhs" --report scenarios/sweeps/lhs.toml
cp "$work/sweep-lhs/charts/scatter-answered_within_30m.png" docs/sweep-scatter.png
echo "docs/{sweep-lines,sweep-heatmap,sweep-frontier,sweep-scatter}.png regenerated"

"$bin" optimize --quiet --out "$work/optimize" --report \
    --set 'targets.service_level=[{share=0.8, within="30m", scope="every_hour"}]' \
    --set targets.max_abandonment=0.05
cp "$work/optimize/charts/staffing-gap.png" docs/staffing-gap.png
echo "docs/staffing-gap.png regenerated"
