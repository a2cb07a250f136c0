#!/usr/bin/env bash
# Runs one shard of a carecast sweep as a task of a Slurm job array.
#
#   N=8
#   jobid=$(sbatch --parsable --array=0-$((N-1)) scripts/slurm-sweep.sh SWEEP.toml OUT)
#   sbatch --dependency=afterok:$jobid scripts/slurm-merge.sh OUT N
#
# Task K of the array runs shard K of N (`carecast sweep --shard K/N`) into
# OUT/shard-K-of-N/; the merge job combines them into OUT/merged/, identical to a
# single-machine run of the same sweep. A task that is killed or preempted resumes where it
# stopped when it is run again (the sweep journal is durable), so `scontrol requeue` is safe.
# Each shard folder is locked while its task writes into it: a requeued task whose previous
# run still holds the lock (still being killed, or a lock a shared file system has not yet
# released after a node failure) waits up to CARECAST_LOCK_WAIT seconds (default 300), then
# fails with exit code 2 rather than compute the same points twice.
# Set CARECAST to the binary's path if `carecast` is not on the PATH of the compute nodes.
#SBATCH --job-name=carecast-sweep
#SBATCH --cpus-per-task=2
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: sbatch --array=0-<N-1> $0 SWEEP.toml OUT" >&2
    exit 2
fi
sweep=$1
out=$2
k=${SLURM_ARRAY_TASK_ID:?"run me as a job array: sbatch --array=0-<N-1> $0 ..."}
n=${SLURM_ARRAY_TASK_COUNT:-$((SLURM_ARRAY_TASK_MAX + 1))}
carecast=${CARECAST:-carecast}

exec "$carecast" sweep "$sweep" --shard "$k/$n" --out "$out/shard-$k-of-$n" \
    --threads "${SLURM_CPUS_PER_TASK:-1}" --lock-wait "${CARECAST_LOCK_WAIT:-300}" --quiet
