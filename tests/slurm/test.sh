#!/usr/bin/env bash
# End-to-end test of the Slurm job-array workflow on a single-node cluster started here.
#
# Installs Slurm and MUNGE from Debian's packages when they are missing, starts munged,
# slurmctld and slurmd on this machine (no cgroups: proctrack/linuxproc, task/none,
# jobacct_gather/none, SlurmdUser=root), submits a small sweep as a job array with
# scripts/slurm-sweep.sh, merges the shards with scripts/slurm-merge.sh as a dependent job,
# checks that the merged files equal a local single-machine run byte for byte, and stops
# the daemons. Every wait is bounded by a timeout. It needs root and apt-get; elsewhere it
# prints why it is skipped and exits 0.
#
#   bash tests/slurm/test.sh [path/to/carecast]     # default: target/debug/carecast
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
carecast=$(realpath "${1:-target/debug/carecast}")
sweep="$root/tests/slurm/sweep.toml"

skip() { echo "slurm test: skipped: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root to install and run the Slurm daemons"
command -v apt-get >/dev/null || skip "no apt-get to install Slurm from Debian's packages"
[ -x "$carecast" ] || { echo "slurm test: no carecast binary at $carecast (build it first)"; exit 1; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    echo "slurm test: installing slurm-wlm and munge"
    export DEBIAN_FRONTEND=noninteractive
    timeout 300 apt-get update -qq || skip "apt-get update failed (no package mirror reachable)"
    timeout 600 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null \
        || skip "cannot install slurm-wlm and munge"
fi

work=$(mktemp -d)
conf_dir=/etc/slurm
pids=()
cleanup() {
    set +e
    scontrol shutdown >/dev/null 2>&1
    sleep 1
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    pkill -x slurmctld 2>/dev/null; pkill -x slurmd 2>/dev/null
    [ -f "$work/munged.pid" ] && kill "$(cat "$work/munged.pid")" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# MUNGE: a key, and the daemon on a private socket.
mkdir -p /etc/munge /var/lib/munge /var/log/munge /run/munge
[ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
chown -R munge:munge /etc/munge /var/lib/munge /var/log/munge /run/munge 2>/dev/null || true
chmod 0700 /etc/munge; chmod 0400 /etc/munge/munge.key
pkill -x munged 2>/dev/null || true
runuser -u munge -- munged --force --pid-file="$work/munged.pid.tmp" 2>/dev/null \
    || munged --force 2>/dev/null || true
cp "$work/munged.pid.tmp" "$work/munged.pid" 2>/dev/null || true
timeout 20 bash -c 'until munge -n >/dev/null 2>&1; do sleep 0.5; done' \
    || { echo "slurm test: munged did not start"; exit 1; }

# A single-node cluster without cgroups.
host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$conf_dir" /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
cat > "$conf_dir/slurm.conf" <<CONF
ClusterName=carecast-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
pkill -x slurmctld 2>/dev/null || true
pkill -x slurmd 2>/dev/null || true
slurmctld -i
slurmd
timeout 60 bash -c 'until sinfo -h -o %t 2>/dev/null | grep -qE "idle|mix"; do sleep 1; done' \
    || { echo "slurm test: the node did not come up"; sinfo; tail -20 "$work"/slurm*.log; exit 1; }
echo "slurm test: cluster up ($(sinfo -h -o '%P %D %t'))"

# The sweep as a 3-task array, then the merge as a dependent job.
out="$work/out"
mkdir -p "$out"
export CARECAST="$carecast"
cd "$work"
array=$(sbatch --parsable --array=0-2 --cpus-per-task=1 "$root/scripts/slurm-sweep.sh" "$sweep" "$out")
merge=$(sbatch --parsable --kill-on-invalid-dep=yes --dependency=afterok:"$array" "$root/scripts/slurm-merge.sh" "$out" 3)
echo "slurm test: submitted array $array and merge $merge"
if ! timeout 300 bash -c "while squeue -h -j $array,$merge 2>/dev/null | grep -q .; do sleep 1; done"; then
    echo "slurm test: jobs did not finish within 300 s"; squeue; exit 1
fi
state=$(timeout 10 sacct -n -X -j "$merge" -o State 2>/dev/null | tr -d ' ' || true)
[ -f "$out/merged/points.csv" ] || {
    echo "slurm test: no merged output (merge job state: ${state:-unknown})"
    cat "$work"/slurm-*.out 2>/dev/null | tail -30; exit 1; }

# The same sweep on this machine, without Slurm: the files must be identical.
"$carecast" sweep "$sweep" --out "$work/local" --quiet
for f in points.csv sweep.json; do
    cmp "$out/merged/$f" "$work/local/$f" || { echo "slurm test: $f differs from the local run"; exit 1; }
done
echo "slurm test: merged job-array output equals the local run (points.csv, sweep.json)"
