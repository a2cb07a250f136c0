#!/usr/bin/env bash
# End-to-end test of the Slurm job-array workflow on a private single-node cluster.
#
# Everything the test starts or writes lives under one temporary folder: its own MUNGE key,
# munged (own socket, pid, log and seed files), its own slurm.conf (SLURM_CONF points to
# it), its own slurmctld and slurmd on free ports of 127.0.0.1 with their own state, spool,
# pid and log files (no cgroups: proctrack/linuxproc, task/none, jobacct_gather/none). It
# submits a small sweep as a job array with scripts/slurm-sweep.sh, merges the shards with
# scripts/slurm-merge.sh as a dependent job, checks that the merged files equal a local
# single-machine run byte for byte, then stops exactly the daemons it started, by their
# PIDs, checks that none is left, and removes the folder. It changes no system file and
# stops no process it did not start. Every wait is bounded by a timeout.
#
# It needs root (slurmd starts job steps) and the Slurm and MUNGE programs. When they are
# missing and apt-get is there, it installs Debian's slurm-wlm and munge packages
# system-wide (and says so); a service the installation starts is stopped again by its
# PID. Elsewhere it prints why it is skipped and exits 0. Set CARECAST_SLURM_KEEP=1 to keep the folder for a look afterwards.
#
#   bash tests/slurm/test.sh [path/to/carecast]     # default: target/debug/carecast
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
carecast=$(realpath "${1:-target/debug/carecast}")
sweep="$root/tests/slurm/sweep.toml"
daemons=(munged slurmctld slurmd slurmstepd)

say() { echo "slurm test: $*"; }
skip() { say "skipped: $*"; exit 0; }
[ -x "$carecast" ] || { say "no carecast binary at $carecast (build it first)"; exit 1; }
# slurmd starts job steps as the submitting user, which needs root.
[ "$(id -u)" = 0 ] || skip "slurmd needs root to start job steps"

have_slurm() {
    local c
    for c in munged munge slurmctld slurmd sbatch squeue sinfo; do
        command -v "$c" >/dev/null || return 1
    done
}
# The PIDs of running daemons of the names above, one per line (sorted for comm).
daemon_pids() { local d; for d in "${daemons[@]}"; do pgrep -x "$d" || true; done | sort; }

if ! have_slurm; then
    command -v apt-get >/dev/null || skip "Slurm and MUNGE are not installed, and there is no apt-get"
    say "installing Debian's slurm-wlm and munge packages with apt-get (system-wide)"
    before=$(daemon_pids)
    export DEBIAN_FRONTEND=noninteractive
    timeout 300 apt-get -o DPkg::Lock::Timeout=120 update -qq \
        || skip "apt-get update failed (no package mirror reachable)"
    timeout 600 apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends \
        slurm-wlm munge >/dev/null || skip "cannot install slurm-wlm and munge"
    # Package scripts may start the services; stop what they started, by PID.
    started=$(comm -13 <(echo "$before") <(daemon_pids) | grep . || true)
    if [ -n "$started" ]; then
        say "stopping the services the installation started (PIDs $(echo $started))"
        kill $started 2>/dev/null || true
        for _ in $(seq 50); do
            alive=$(for p in $started; do [ -d "/proc/$p" ] && echo "$p"; done || true)
            [ -z "$alive" ] && break
            sleep 0.2
        done
        [ -z "$alive" ] || kill -9 $alive 2>/dev/null || true
    fi
    have_slurm || skip "slurm-wlm and munge were installed but some of their commands are missing"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/carecast-slurm.XXXXXX")
chmod 0700 "$work"
pids=()
# The job steps of this cluster: slurmstepd processes (they belong to no process of ours)
# whose environment names this folder (SLURM_CONF, inherited from slurmd).
our_steps() {
    local p
    for p in $(pgrep -x slurmstepd); do
        if { tr '\0' '\n' <"/proc/$p/environ"; } 2>/dev/null | grep -qF "$work"; then echo "$p"; fi
    done
}
# Waits up to $1 tenths of a second for the given PIDs to end; prints those still alive.
wait_gone() {
    local n=$1 p alive
    shift
    for _ in $(seq "$n"); do
        alive=""
        for p in "$@"; do [ -d "/proc/$p" ] && alive="$alive $p"; done
        [ -z "$alive" ] && return 0
        sleep 0.1
    done
    echo $alive
}
stop_steps() {
    local steps left
    steps=$(our_steps)
    [ -n "$steps" ] || return 0
    left=$(wait_gone 150 $steps)
    [ -n "$left" ] || return 0
    say "stopping job steps left by this test (PIDs $left)"
    kill $left 2>/dev/null
    left=$(wait_gone 50 $left)
    [ -z "$left" ] || kill -9 $left 2>/dev/null
}
cleanup() {
    local rc=$? p i left alive
    set +e
    stop_steps
    # The daemons are stopped in reverse order of start, each by its PID.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        p=${pids[i]}
        kill "$p" 2>/dev/null || continue
        left=$(wait_gone 100 "$p")
        if [ -n "$left" ]; then
            say "PID $p did not stop on SIGTERM within 10 s: SIGKILL"
            kill -9 "$p" 2>/dev/null
        fi
        wait "$p" 2>/dev/null
    done
    stop_steps
    alive=$(wait_gone 20 "${pids[@]}" $(our_steps))
    if [ -n "$alive" ]; then
        say "FAIL: processes of this test still running (PIDs $alive)"
        [ "$rc" = 0 ] && rc=1
    elif [ ${#pids[@]} -gt 0 ]; then
        say "stopped the ${#pids[@]} daemons it started (PIDs ${pids[*]}); none is left"
    fi
    cd /
    if [ -n "${CARECAST_SLURM_KEEP:-}" ]; then
        say "kept $work"
    else
        rm -rf "$work"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# MUNGE: a key and a daemon of this test only, on a socket in the folder. munged checks
# that the folders of its files are not writable by others; the temporary folder's parent
# (/tmp, sticky) passes only with --force.
mkdir -m 0700 -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 0400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --foreground --force --socket="$socket" --key-file="$work/munge/munge.key" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
    --seed-file="$work/munge/munged.seed" 2>>"$work/munge/munged.stderr" &
pids+=($!)
if ! timeout 20 bash -c "until munge --socket='$socket' -n >/dev/null 2>&1; do sleep 0.2; done"; then
    say "munged did not start"; cat "$work/munge/munged.stderr" "$work/munge/munged.log" 2>/dev/null | tail -20; exit 1
fi
say "munged up (PID ${pids[0]}, socket in the test folder)"

# Two free TCP ports of 127.0.0.1 for slurmctld and slurmd.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p
    for _ in $(seq 200); do
        p=$((20000 + RANDOM % 30000))
        [ "$p" = "${1:-}" ] && continue
        port_free "$p" && { echo "$p"; return 0; }
    done
    return 1
}
ctld_port=$(free_port) || { say "no free port for slurmctld"; exit 1; }
slurmd_port=$(free_port "$ctld_port") || { say "no free port for slurmd"; exit 1; }

# A single-node cluster without cgroups, configured by a slurm.conf in the folder.
host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/etc" "$work/state" "$work/spool" "$work/log" "$work/run"
export SLURM_CONF="$work/etc/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=carecast-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
logs() { tail -20 "$work"/log/*.log 2>/dev/null; }
slurmctld -D -i >"$work/log/slurmctld.stderr" 2>&1 &
pids+=($!)
slurmd -D >"$work/log/slurmd.stderr" 2>&1 &
pids+=($!)
if ! timeout 60 bash -c 'until sinfo -h -o %t 2>/dev/null | grep -qE "idle|mix"; do sleep 1; done'; then
    say "the node did not come up"; sinfo; logs; exit 1
fi
say "cluster up: slurmctld PID ${pids[1]} on port $ctld_port, slurmd PID ${pids[2]} on port $slurmd_port ($(sinfo -h -o '%P %D %t'))"

# The sweep as a 3-task array, then the merge as a dependent job.
out="$work/out"
mkdir -p "$out"
export CARECAST="$carecast"
cd "$work"
array=$(sbatch --parsable --array=0-2 --cpus-per-task=1 "$root/scripts/slurm-sweep.sh" "$sweep" "$out")
merge=$(sbatch --parsable --kill-on-invalid-dep=yes --dependency=afterok:"$array" "$root/scripts/slurm-merge.sh" "$out" 3)
say "submitted array $array and merge $merge"
if ! timeout 300 bash -c "while squeue -h -j $array,$merge 2>/dev/null | grep -q .; do sleep 1; done"; then
    say "jobs did not finish within 300 s"; squeue; logs; exit 1
fi
[ -f "$out/merged/points.csv" ] || {
    say "no merged output"
    cat "$work"/slurm-*.out 2>/dev/null | tail -30; logs; exit 1; }

# The same sweep on this machine, without Slurm: the files must be identical.
"$carecast" sweep "$sweep" --out "$work/local" --quiet
for f in points.csv sweep.json; do
    cmp "$out/merged/$f" "$work/local/$f" || { say "$f differs from the local run"; exit 1; }
done
say "merged job-array output equals the local run (points.csv, sweep.json)"
