#!/usr/bin/env bash
# The cluster path of teamsim on a real Slurm (run as root, Debian 12):
#
#   tests/slurm/teamsim.sh TEAMSIM_BINARY SCENARIO
#
# Starts a single-node cluster (tests/slurm/cluster.sh, installing Slurm if missing), then
#   1. runs scripts/slurm-array.sh on a small sweep (3 shards and a merge job) and checks
#      that the merged result is byte for byte the result of one machine;
#   2. makes one shard fail and checks that the merge job is cancelled, not left pending,
#      and wrote nothing;
# and stops the daemons by their PIDs. Exits non-zero on any failure.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cluster=$here/cluster.sh
job_timeout=${SLURM_TEST_JOB_TIMEOUT:-180}
teamsim=$(realpath "$1")
scenario=$(realpath "$2")

log() { echo "slurm test: $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

dir=$(mktemp -d /tmp/teamsim-slurm.XXXXXX)
chmod 755 "$dir"
cluster_up=0
cleanup() {
    local rc=$?
    if (( rc != 0 && cluster_up )); then
        scontrol show job 2>&1 | sed 's/^/    /' >&2 || true
        for f in "$dir"/slurmctld.log "$dir"/slurmd.log "$dir"/slurm-*.out; do
            [[ -s $f ]] && { echo "----- $f -----" >&2; tail -n 40 "$f" >&2; }
        done
    fi
    if (( cluster_up )); then "$cluster" stop "$dir" || rc=1; fi
    rm -rf "$dir"
    exit "$rc"
}
trap cleanup EXIT
# shellcheck source=tests/slurm/lib.sh
source "$here/lib.sh"

cluster_env=$("$cluster" start "$dir") || fail "cluster.sh start failed"
eval "$cluster_env"
cluster_up=1

# submit_sweep OUT: the array script on the sweep; prints "ARRAY_ID MERGE_ID".
submit_sweep() {
    local said
    said=$(cd "$root" && TEAMSIM="$teamsim" SBATCH_ARGS="--chdir=$dir --output=$dir/slurm-%j.out" \
        scripts/slurm-array.sh "$scenario" 3 "$1" --grid 3 --runs 9 --threads 1) ||
        fail "slurm-array.sh failed: $said"
    log "$said"
    sed -nE 's/.*shards as job ([0-9]+).* merge as job ([0-9]+).*/\1 \2/p' <<<"$said"
}

# 1. Three shards and their merge give the files of one machine.
"$teamsim" sweep "$scenario" --grid 3 --runs 9 --threads 1 --out "$dir/single" -q
read -r array merge < <(submit_sweep "$dir/cluster")
[[ -n ${merge:-} ]] || fail "no job ids in the script's output"
wait_finished "$array" "$merge"
for k in 1 2 3; do expect_state "$array" "$k" COMPLETED; done
expect_state "$merge" N/A COMPLETED
for f in cells.csv sweep_stats.csv runs.csv; do
    cmp "$dir/single/$f" "$dir/cluster/merged/$f" || fail "merged $f differs from one machine's"
done
log "three shards on Slurm merged into the files of one machine"

# 2. A shard that fails: the merge job is cancelled, never left pending, and writes nothing.
mkdir -p "$dir/broken"
touch "$dir/broken/shard-2" # a file where shard 2's folder must go: that task fails
read -r array merge < <(submit_sweep "$dir/broken")
wait_finished "$array" "$merge"
expect_state "$array" 1 COMPLETED
expect_state "$array" 2 FAILED
expect_state "$merge" N/A CANCELLED
[[ ! -e $dir/broken/merged ]] || fail "the merge ran although shard 2 failed"
log "a failed shard cancels the merge job"

cluster_up=0
"$cluster" stop "$dir" || fail "cluster.sh stop failed"
log "OK"
