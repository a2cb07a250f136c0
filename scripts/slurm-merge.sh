#!/usr/bin/env bash
# Merges the N shard outputs of a carecast sweep run by scripts/slurm-sweep.sh:
#
#   sbatch --dependency=afterok:<array job id> scripts/slurm-merge.sh OUT N
#
# Writes OUT/merged/ (points.csv, sweep.json). `carecast merge` refuses missing,
# overlapping or foreign shards with a clear message.
#SBATCH --job-name=carecast-merge
#SBATCH --output=slurm-%j-merge.out
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: sbatch $0 OUT N" >&2
    exit 2
fi
out=$1
n=$2
carecast=${CARECAST:-carecast}
shards=()
for ((k = 0; k < n; k++)); do
    shards+=("$out/shard-$k-of-$n")
done
exec "$carecast" merge "${shards[@]}" --out "$out/merged"
