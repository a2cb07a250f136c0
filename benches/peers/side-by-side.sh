#!/usr/bin/env bash
# The Erlang A benchmark model side by side: carecast, a bare Rust event loop
# (benches/peers/bare-loop/), SimPy and Ciw (benches/peers/*.py, pinned in requirements.txt).
#
# Model: arrivals 100/h, exponential service of 10 min, 18 agents, exponential patience of
# 60 min, call-centre semantics. carecast and the bare loop simulate 8,736,000 customers
# (3640 days) in one replication on one thread; the Python peers 200,000 customers.
# Every program runs as a whole process, one after the other, round after round
# (alternating, so that a change in the machine's load touches all of them alike); the
# table gives the median over the rounds of customers per second of CPU time (user + system
# of the process, which a busy machine disturbs less than wall time) and of wall time,
# and carecast's ratio to each, from the CPU figures: the ratio of the medians, and the
# median of the rounds' own ratios (each round sees one load of the machine).
#
# Usage (from the project root; takes a few minutes):
#   bash benches/peers/side-by-side.sh [ROUNDS] [PYTHON]
# ROUNDS defaults to 3. The script builds carecast and the bare loop in release mode,
# creates a virtual environment in target/peers-venv with PYTHON (default python3) and
# installs requirements.txt into it (from PyPI, once). PEERS=0 skips SimPy and Ciw.
# BEFORE=path/to/an/earlier/carecast adds a row for that build, run in the same rounds:
# a before-and-after comparison measured in one run.
set -euo pipefail
rounds=${1:-3}
py=${2:-python3}
[ -f scenarios/erlang-a.toml ] || { echo "run from the project root" >&2; exit 2; }
peers_dir=benches/peers
cargo build --release -q
cargo build --release -q --manifest-path "$peers_dir/bare-loop/Cargo.toml" --target-dir target/peers
carecast=target/release/carecast
bare=target/peers/release/bare-loop
venv=target/peers-venv
if [ "${PEERS:-1}" != 0 ]; then
  if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
    "$venv/bin/pip" install -q -r "$peers_dir/requirements.txt"
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
N=8736000      # 3640 days x 2400 arrivals a day
N_PY=200000

# time NAME CUSTOMERS COMMAND...: appends "NAME CUSTOMERS WALL_S CPU_S" to $work/times.
time_it() {
  local name=$1 n=$2; shift 2
  python3 - "$name" "$n" "$work/times" "$@" <<'PY'
import os, subprocess, sys, time
name, n, out, cmd = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
t0 = time.perf_counter()
p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
wall = time.perf_counter() - t0
if os.waitstatus_to_exitcode(status) != 0:
    sys.exit(f"{name} failed: {' '.join(cmd)}")
with open(out, "a") as f:
    f.write(f"{name} {n} {wall} {usage.ru_utime + usage.ru_stime}\n")
PY
}

# carecast_run NAME BINARY ROUND: the Erlang A benchmark model in one replication.
carecast_run() {
  time_it "$1" $N "$2" run scenarios/erlang-a.toml --reps 1 --threads 1 --quiet \
    --json --out "$work/$1$3" --seed "$3" \
    --set arrivals.rate_per_h=100 \
    --set 'classes[0].handle_time={ dist = "exponential", mean = "10m" }' \
    --set 'classes[0].patience={ dist = "exponential", mean = "60m" }' \
    --set 'staffing.groups[0].agents=18' --set 'horizon="3640d"' --set 'warmup="1d"'
}

for r in $(seq 1 "$rounds"); do
  echo "round $r of $rounds" >&2
  carecast_run carecast "$carecast" "$r"
  if [ -n "${BEFORE:-}" ]; then
    carecast_run carecast-before "$BEFORE" "$r"
  fi
  time_it bare-loop $N "$bare" $N 100 10 18 60 "$r"
  if [ "${PEERS:-1}" != 0 ]; then
    for p in "$peers_dir"/*.py; do
      time_it "$(basename "$p" .py)" $N_PY "$venv/bin/python" "$p" --n $N_PY --seed "$r"
    done
  fi
done

python3 - "$work/times" "$venv/bin/python" <<'PY'
import statistics, subprocess, sys
runs = {}
for line in open(sys.argv[1]):
    name, n, wall, cpu = line.split()
    runs.setdefault(name, []).append((int(n), float(wall), float(cpu)))
def version(mod):
    try:
        out = subprocess.run([sys.argv[2], "-c", f"import {mod}; print({mod}.__version__)"],
                             capture_output=True, text=True, check=True)
        return " " + out.stdout.strip()
    except Exception:
        return ""
label = {"bare-loop": "bare Rust loop", "carecast": "carecast",
         "carecast-before": "carecast, the earlier build",
         "erlang_a_simpy": "SimPy" + version("simpy"), "erlang_a_ciw": "Ciw" + version("ciw")}
cpu = {k: statistics.median(n / c for n, _, c in v) for k, v in runs.items()}
wall = {k: statistics.median(n / w for n, w, _ in v) for k, v in runs.items()}
cc = cpu["carecast"]
# Each round runs every simulator once, back to back, so a round's ratio sees one load of
# the machine: the median of the rounds' ratios is steadier than the ratio of medians.
def paired(k):
    return statistics.median((nc / c) / (nk / ck) for (nc, _, c), (nk, _, ck)
                             in zip(runs["carecast"], runs[k]))
def said(ratio, k):
    return ("1x" if k == "carecast" else f"{ratio:.2f}x" if ratio < 1
            else f"{ratio:.2f}x faster" if ratio < 10 else f"{ratio:.0f}x faster")
print(f"Erlang A benchmark, median of {len(runs['carecast'])} alternating runs, one core, whole process")
print()
print("| simulator | customers per run | customers/s (CPU) | customers/s (wall) | carecast is | median of the rounds' ratios |")
print("|---|---:|---:|---:|---|---|")
for k in sorted(runs, key=lambda k: -cpu[k]):
    print(f"| {label.get(k, k)} | {runs[k][0][0]:,} | {cpu[k]:,.0f} | {wall[k]:,.0f} "
          f"| {said(cc / cpu[k], k)} | {said(paired(k), k)} |")
PY
