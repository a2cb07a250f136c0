#!/usr/bin/env bash
# Loads a carecast report.html in headless Chromium, as a reader would, and checks that:
#   - the page loads with no console messages (errors or otherwise: it has no scripts);
#   - it makes no network request (Chromium's net log names no URL but file://, data:
#     and about:);
#   - the DOM holds the charts as SVG, the KPI table and the scenario;
#   - a screenshot is a non-trivial PNG;
#   - it prints to PDF on A4 and on Letter, with pages of the right size.
#
# Usage: tests/browser/check-report.sh REPORT_HTML [OUT_DIR]
#
# The browser is $CARECAST_BROWSER, else the first of chromium, chromium-browser and
# google-chrome on the PATH; with none, the check is skipped with a reason and exit code 0.
# It installs nothing (tests/browser/install-chromium.sh DIR unpacks Debian's Chromium into
# DIR without touching the system). Every browser call is bounded with `timeout`.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 REPORT_HTML [OUT_DIR]" >&2
    exit 2
fi
html=$(realpath "$1")
[[ -f $html ]] || { echo "FAIL: no such file: $1" >&2; exit 1; }
out=${2:-$(mktemp -d)}
mkdir -p "$out"
out=$(realpath "$out")

skip() {
    echo "SKIPPED: browser check: $*"
    exit 0
}
fail() {
    echo "FAIL: browser check: $*" >&2
    exit 1
}

find_browser() {
    local b
    for b in chromium chromium-browser google-chrome; do
        if command -v "$b" >/dev/null 2>&1; then
            command -v "$b"
            return 0
        fi
    done
    return 1
}

if [[ -n ${CARECAST_BROWSER:-} ]]; then
    [[ -x $CARECAST_BROWSER ]] || fail "CARECAST_BROWSER=$CARECAST_BROWSER is not an executable"
    browser=$CARECAST_BROWSER
else
    browser=$(find_browser) || skip "no Chromium: set CARECAST_BROWSER=/path/to/chromium, or make one with tests/browser/install-chromium.sh DIR (as .ci/run does)"
fi
echo "browser: $($browser --version 2>/dev/null || echo "$browser")"

# Each call gets a fresh profile and home, removed at the end.
profiles=()
cleanup() {
    local p
    for p in "${profiles[@]}"; do rm -rf "$p"; done
}
trap cleanup EXIT

chrome() {
    local profile
    profile=$(mktemp -d)
    profiles+=("$profile")
    # A home of its own too, so no cache or configuration is written in the user's.
    HOME="$profile" XDG_CONFIG_HOME="$profile/config" XDG_CACHE_HOME="$profile/cache" \
        timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --disable-extensions --no-default-browser-check \
        --disable-client-side-phishing-detection --disable-domain-reliability --no-pings \
        --disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter \
        --proxy-server=127.0.0.1:9 \
        --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@"
}

url="file://$html"

# 1. The DOM, with console logging and the net log.
if ! chrome --log-net-log="$out/netlog.json" --dump-dom "$url" >"$out/dom.html" 2>"$out/dom.stderr"; then
    tail -20 "$out/dom.stderr" >&2
    fail "Chromium could not load the page (dump-dom)"
fi
if grep -E 'CONSOLE|Failed to load resource|net::ERR_' "$out/dom.stderr"; then
    fail "console messages while loading the page (above; all in $out/dom.stderr)"
fi
[[ -s $out/netlog.json ]] || fail "Chromium wrote no net log"
# Requests the page caused: URL requests with the page (an opaque file:// origin, "null")
# as initiator. The browser's own background requests (initiator "not an origin") are not
# the page's; the dead proxy above keeps them on this machine anyway.
command -v python3 >/dev/null 2>&1 || skip "python3 is needed to read Chromium's net log"
if ! urls=$(python3 - "$out/netlog.json" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    log = json.load(f)
types = {v: k for k, v in log["constants"]["logEventTypes"].items()}
seen = set()
for e in log.get("events", []):
    p = e.get("params") or {}
    if types.get(e.get("type")) != "URL_REQUEST_START_JOB" or "url" not in p:
        continue
    url = p["url"]
    if url.split(":", 1)[0] in ("file", "data", "about", "blob"):
        continue
    if p.get("initiator") == "not an origin":
        continue
    seen.add("%s (initiator %s)" % (url, p.get("initiator")))
print("\n".join(sorted(seen)))
PY
); then
    fail "cannot read the net log $out/netlog.json"
fi
if [[ -n $urls ]]; then
    echo "$urls" >&2
    fail "the page made network requests (above; net log in $out/netlog.json)"
fi
requests=$(grep -c '"url"' "$out/netlog.json" || true)
echo "ok: net log read ($requests URL mentions, none from the page)"
svgs=$(grep -o '<svg' "$out/dom.html" | wc -l)
[[ $svgs -ge 3 ]] || fail "the DOM has $svgs <svg> elements, expected the charts"
grep -q 'Key performance indicators' "$out/dom.html" || fail "the DOM lacks the KPI table"
grep -q 'id="scenario"' "$out/dom.html" || fail "the DOM lacks the scenario section"
if grep -qi '<script' "$out/dom.html"; then fail "the DOM has a script"; fi
echo "ok: page loads with no console messages and no network request; $svgs charts in the DOM"

# 2. A screenshot.
if ! chrome --hide-scrollbars --window-size=1280,2400 --screenshot="$out/screenshot.png" "$url" \
    >/dev/null 2>"$out/screenshot.stderr"; then
    tail -20 "$out/screenshot.stderr" >&2
    fail "Chromium could not take a screenshot"
fi
[[ -s $out/screenshot.png ]] || fail "no screenshot written"
magic=$(head -c 8 "$out/screenshot.png" | od -An -tx1 | tr -d ' \n')
[[ $magic == 89504e470d0a1a0a ]] || fail "the screenshot is not a PNG"
size=$(stat -c %s "$out/screenshot.png")
[[ $size -gt 20000 ]] || fail "the screenshot is only $size bytes: a blank page?"
echo "ok: screenshot $out/screenshot.png ($size bytes)"

# 3. Print to PDF on A4 and on Letter: the same page with only the paper size set.
for paper in A4 letter; do
    page="$out/report-$paper.html"
    sed "s|</head>|<style>@page { size: $paper; }</style></head>|" "$html" >"$page"
    pdf="$out/report-$paper.pdf"
    if ! chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$page" \
        >/dev/null 2>"$out/pdf-$paper.stderr"; then
        tail -20 "$out/pdf-$paper.stderr" >&2
        fail "Chromium could not print to PDF ($paper)"
    fi
    [[ -s $pdf ]] || fail "no PDF written ($paper)"
    [[ $(head -c 4 "$pdf") == %PDF ]] || fail "$pdf does not start with %PDF"
    pages=$(grep -a -cE '/Type ?/Page([^s]|$)' "$pdf" || true)
    [[ $pages -ge 2 ]] || fail "$pdf has $pages pages, expected several"
    case $paper in
    A4) box='/MediaBox \[0 0 59[45]\.?[0-9]* 84[12]' ;;
    letter) box='/MediaBox \[0 0 612 792\]' ;;
    esac
    grep -aqE "$box" "$pdf" || fail "$pdf pages are not $paper sized"
    echo "ok: $paper PDF $pdf, $pages pages"
done
echo "PASS: browser check of $html"
