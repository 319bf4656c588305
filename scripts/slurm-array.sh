#!/usr/bin/env bash
# Run a teamsim sweep (or compare) as a Slurm job array, one shard per array task, and
# merge the shards when every task has finished.
#
#   scripts/slurm-array.sh [--dry-run] [--command sweep|compare] SCENARIO SHARDS OUT [teamsim options...]
#
#   SCENARIO  a scenario file, e.g. scenarios/baseline.toml
#   SHARDS    how many array tasks (1..10000); each runs one slice of the replications
#   OUT       folder for the shards (OUT/shard-K) and the merged result (OUT/merged)
#   options   passed to every task, e.g. --grid 21 --runs 1000 --threads 8
#
# Every task runs `teamsim <command> SCENARIO --shard K/SHARDS --out OUT/shard-K`; a
# second job, started only when all tasks succeeded (afterok; cancelled if one fails), runs
# `teamsim merge OUT/shard-* --out OUT/merged`, which writes exactly the files a single
# machine would. Set TEAMSIM to the teamsim binary (default: target/release/teamsim) and
# SBATCH_ARGS for site options (partition, account, time). --dry-run prints the sbatch
# commands instead of submitting them.
set -euo pipefail

dry_run=0
command=sweep
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dry-run) dry_run=1; shift ;;
        --command) command="$2"; shift 2 ;;
        *) break ;;
    esac
done
if [[ $# -lt 3 ]]; then
    sed -n '2,19p' "$0" >&2
    exit 2
fi
scenario="$1"; shards="$2"; out="$3"; shift 3
if [[ "$command" != sweep && "$command" != compare ]]; then
    echo "error: --command must be sweep or compare, not '$command'" >&2; exit 2
fi
if ! [[ "$shards" =~ ^[0-9]+$ ]] || (( shards < 1 || shards > 10000 )); then
    echo "error: SHARDS must be a whole number within 1..=10000, not '$shards'" >&2; exit 2
fi
if [[ ! -f "$scenario" ]]; then
    echo "error: $scenario: no such scenario file" >&2; exit 2
fi
teamsim="${TEAMSIM:-target/release/teamsim}"
extra=$(printf ' %q' "$@")
sbatch_args="${SBATCH_ARGS:-}"

task="$teamsim $command $(printf '%q' "$scenario")$extra --quiet --shard \${SLURM_ARRAY_TASK_ID}/$shards --out $(printf '%q' "$out")/shard-\${SLURM_ARRAY_TASK_ID}"
merge="$teamsim merge $(printf '%q' "$out")/shard-* --out $(printf '%q' "$out")/merged"

submit_array=(sbatch --parsable --array="1-$shards" --job-name=teamsim-shards $sbatch_args --wrap="$task")
if (( dry_run )); then
    printf '%q ' "${submit_array[@]}"; echo
    echo "sbatch --parsable --dependency=afterok:<array job id> --kill-on-invalid-dep=yes --job-name=teamsim-merge $sbatch_args --wrap=\"$merge\""
    exit 0
fi
mkdir -p "$out"
job=$("${submit_array[@]}")
job=${job%%;*}
# --kill-on-invalid-dep: if a shard fails, the merge can never run; cancel it rather
# than leave it pending in the queue forever.
merge_job=$(sbatch --parsable --dependency="afterok:$job" --kill-on-invalid-dep=yes --job-name=teamsim-merge $sbatch_args --wrap="$merge")
echo "submitted shards as job $job and the merge as job ${merge_job%%;*}; the merge writes $out/merged"
