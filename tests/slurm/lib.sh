# Helpers shared by the Slurm tests (sourced): submit jobs, read their states, wait for them.
# Expects `dir` (the cluster's folder), `job_timeout` (seconds) and a `fail` function.

# submit SBATCH-ARGS...: submit a job in $dir, print its id (sbatch --parsable may add ";cluster").
submit() {
    local out
    out=$(sbatch --parsable --chdir="$dir" --output="$dir/slurm-%j.out" "$@") ||
        fail "sbatch $* failed"
    echo "${out%%;*}"
}

# field NAME LINE: the value of NAME=VALUE in one line of `scontrol show job -o`.
# Prints nothing (and succeeds) when the field is absent.
field() { { grep -oE "(^| )$1=[^ ]+" <<<"$2" || true; } | head -n1 | cut -d= -f2-; }

# states ID: "ID_TASK STATE REASON" for the job, or for every task of an array job, e.g.
# "1_2 FAILED NonZeroExitCode"; a plain job shows as "5_N/A COMPLETED None".
states() {
    local line id task
    scontrol show job -o "$1" | while read -r line; do
        [[ -n $line ]] || continue
        # An array task has its own JobId; ArrayJobId is the id it was submitted under.
        id=$(field ArrayJobId "$line"); [[ -n $id ]] || id=$(field JobId "$line")
        task=$(field ArrayTaskId "$line"); [[ -n $task ]] || task=N/A
        echo "${id}_$task $(field JobState "$line") $(field Reason "$line")"
    done
}

# wait_finished ID...: wait (bounded) until squeue no longer lists the jobs and slurmctld
# reports each of them (every array task included) in a final state.
wait_finished() {
    local deadline=$(( SECONDS + job_timeout )) ids all
    ids=$(IFS=,; echo "$*")
    while (( SECONDS < deadline )); do
        all=$(for id in "$@"; do states "$id"; done) || true
        if [[ -z $(squeue -h -j "$ids" -t PD,R,CG,CF,S,RQ,RS,SO,SI,RF,RH 2>/dev/null) ]] &&
            ! grep -qE ' (PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUED|RESIZING|STAGE_OUT|SIGNALING)' <<<"$all"; then
            return 0
        fi
        sleep 1
    done
    fail "jobs $ids still active after $job_timeout s: $(tr '\n' ' ' <<<"$all")"
}

# expect_state ID TASK STATE: job ID (array task TASK, or N/A) must be in STATE.
expect_state() {
    local got
    got=$(states "$1" | awk -v t="$1_$2" '$1 == t { print $2 }')
    [[ $got == "$3" ]] || fail "job $1_$2 is '${got:-missing}', expected $3"
}

