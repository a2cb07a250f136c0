#!/usr/bin/env bash
# Renders what a manager sees first on each report page (run, compare, sweep, optimize)
# to docs/screenshots/<page>.png with headless Chromium, 1280 px wide and 2000 px tall.
#
# Usage, from the repository root: bash docs/screenshots.sh [--debug]
# The browser is $CARECAST_BROWSER, else target/ci/chromium/chromium (made by
# tests/browser/install-chromium.sh target/ci/chromium), else chromium on the PATH.
# --debug uses a debug build (quicker to build, slower to run).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
[[ ${1:-} == --debug ]] && profile=debug
if [[ $profile == release ]]; then cargo build --release --quiet; else cargo build --quiet; fi
bin="target/$profile/carecast"
browser=${CARECAST_BROWSER:-}
if [[ -z $browser && -x target/ci/chromium/chromium ]]; then browser=target/ci/chromium/chromium; fi
if [[ -z $browser ]]; then browser=$(command -v chromium || command -v chromium-browser || true); fi
[[ -n $browser ]] || { echo "screenshots: no Chromium (set CARECAST_BROWSER)" >&2; exit 3; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p docs/screenshots
targets=(--set 'targets.service_level=[{share=0.8, within="30m", scope="every_hour"}]'
    --set targets.max_abandonment=0.05)

"$bin" run --quiet --reps 10 --out "$work/run" --report "${targets[@]}"
"$bin" compare --quiet --reps 10 --out "$work/compare" --report "${targets[@]}" \
    scenarios/retail-week.toml scenarios/night-shift.toml \
    --variant 'day-30=staffing.groups[0].agents=30' \
    --variant 'day-24=staffing.groups[0].agents=24' \
    --variant 'lifo=policy.discipline="lifo"' \
    --variant 'deadline=policy.discipline="deadline"'
"$bin" sweep --quiet --out "$work/sweep" --report scenarios/sweeps/staffing-grid.toml
"$bin" optimize --quiet --reps 4 --out "$work/optimize" --report "${targets[@]}"

for page in run compare sweep optimize; do
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --screenshot="$PWD/docs/screenshots/$page.png" --window-size=1280,2000 \
        "file://$work/$page/report.html" 2>/dev/null
    echo "docs/screenshots/$page.png"
done
