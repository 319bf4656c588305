#!/usr/bin/env bash
# Proves that tests/slurm/cluster.sh gives a working Slurm cluster (run as root, Debian 12):
#
#   tests/slurm/selftest.sh
#
# In a fresh temporary folder it starts the cluster (installing Slurm if missing), then:
#   (a) a 3-task job array writing out-1..out-3, and a job depending on it with afterok
#       that writes `merged`: every task and the dependent job must complete;
#   (b) the same with task 2 failing (exit 1): the dependent job, submitted with
#       --kill-on-invalid-dep=yes, must be cancelled (not left PENDING) and never run;
# then stops the cluster and checks that no daemon it started is left running.
# Exits non-zero, with the daemons' logs, on any failure. Set KEEP=1 to keep the folder.
# SLURM_TEST_JOB_TIMEOUT bounds each wait for jobs (seconds, default 120).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster=$here/cluster.sh
job_timeout=${SLURM_TEST_JOB_TIMEOUT:-120}

log() { echo "selftest: $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

# PIDs of every Slurm/MUNGE process on the machine, one per line (read from /proc).
daemon_pids() {
    local p comm
    for p in /proc/[0-9]*; do
        comm=$(cat "$p/comm" 2>/dev/null) || continue
        case $comm in
            munged | slurmctld | slurmd | slurmstepd | slurmscriptd) echo "${p#/proc/} $comm" ;;
        esac
    done | sort
}

dir=$(mktemp -d /tmp/slurm-selftest.XXXXXX)
before=$(daemon_pids)
cluster_up=0

# On any exit: on failure show what the jobs and daemons said; always stop the cluster.
cleanup() {
    local rc=$?
    if (( rc != 0 && cluster_up )); then
        log "jobs known to slurmctld:"
        scontrol show job 2>&1 | sed 's/^/    /' >&2 || true
        # (slurmctld/slurmd write the same lines to NAME.log and NAME.stderr.)
        for f in "$dir"/slurmctld.log "$dir"/slurmd.log "$dir"/munged.stderr "$dir"/slurm-*.out; do
            [[ -s $f ]] || continue
            echo "----- $f -----" >&2
            tail -n 60 "$f" >&2
        done
    fi
    if (( cluster_up )); then
        "$cluster" stop "$dir" || rc=1
    fi
    if [[ ${KEEP:-0} == 1 ]]; then
        log "kept $dir"
    else
        rm -rf "$dir"
    fi
    exit "$rc"
}
trap cleanup EXIT

# submit, states, wait_finished, expect_state
# shellcheck source=tests/slurm/lib.sh
source "$here/lib.sh"

# ---------------------------------------------------------------------------------------------
t0=$SECONDS
# (Not `eval "$(... start ...)"`, whose status would be eval's, i.e. 0 even on failure.)
cluster_env=$("$cluster" start "$dir") || fail "cluster.sh start failed"
eval "$cluster_env"
cluster_up=1
[[ -r ${SLURM_CONF:-} ]] || fail "cluster.sh start did not give SLURM_CONF"
log "cluster up in $(( SECONDS - t0 )) s (SLURM_CONF=$SLURM_CONF)"
sinfo >&2

# --- (a) an array, then a job that runs only when every task succeeded --------------------
t0=$SECONDS
q=$(printf '%q' "$dir")
array=$(submit --array=1-3 --wrap="echo \$SLURM_ARRAY_TASK_ID > $q/out-\$SLURM_ARRAY_TASK_ID")
merge=$(submit --dependency="afterok:$array" --kill-on-invalid-dep=yes --wrap="touch $q/merged")
log "(a) submitted array $array and dependent job $merge"
wait_finished "$array" "$merge"
states "$array" >&2
states "$merge" >&2
for i in 1 2 3; do
    expect_state "$array" "$i" COMPLETED
    [[ -f $dir/out-$i ]] || fail "(a) $dir/out-$i is missing"
    [[ $(<"$dir/out-$i") == "$i" ]] || fail "(a) out-$i holds '$(<"$dir/out-$i")', not $i"
done
expect_state "$merge" N/A COMPLETED
[[ -f $dir/merged ]] || fail "(a) the dependent job did not write $dir/merged"
log "(a) passed in $(( SECONDS - t0 )) s: 3 tasks completed, then the dependent job"

# --- (b) task 2 fails: the afterok job must be cancelled, not left pending forever ---------
t0=$SECONDS
array=$(submit --array=1-3 \
    --wrap="if [ \"\$SLURM_ARRAY_TASK_ID\" = 2 ]; then exit 1; fi; echo ok > $q/b-out-\$SLURM_ARRAY_TASK_ID")
merge=$(submit --dependency="afterok:$array" --kill-on-invalid-dep=yes --wrap="touch $q/b-merged")
log "(b) submitted array $array (task 2 fails) and dependent job $merge"
wait_finished "$array" "$merge"
states "$array" >&2
states "$merge" >&2
expect_state "$array" 1 COMPLETED
expect_state "$array" 2 FAILED
expect_state "$array" 3 COMPLETED
expect_state "$merge" N/A CANCELLED
[[ ! -e $dir/b-merged ]] || fail "(b) the dependent job ran although task 2 failed"
log "(b) passed in $(( SECONDS - t0 )) s: dependent job shows:" \
    "$(scontrol show job -o "$merge" | grep -oE '(JobState|Reason|Dependency)=[^ ]+' | tr '\n' ' ')"

# --- stop, and check that nothing we started is left ----------------------------------------
t0=$SECONDS
cluster_up=0
"$cluster" stop "$dir" || fail "cluster.sh stop failed"
log "cluster stopped in $(( SECONDS - t0 )) s"
for f in "$dir"/*.pid; do
    if [[ -e $f ]]; then fail "pid file $f left behind"; fi
done
leftover=$(comm -13 <(echo "$before") <(daemon_pids))
[[ -z $leftover ]] || fail "processes left running: $(tr '\n' ' ' <<<"$leftover")"

log "OK: cluster start, job array + afterok dependency, cancelled dependency, clean stop"
