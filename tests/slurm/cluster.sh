#!/usr/bin/env bash
# A throw-away, single-node Slurm cluster on this machine, for tests (Debian 12, run as root).
#
#   tests/slurm/cluster.sh start DIR   install Slurm + MUNGE if missing, start munged,
#                                      slurmctld and slurmd with everything inside DIR, wait
#                                      until the node is idle, then print on stdout
#                                      `export SLURM_CONF=DIR/slurm.conf` for the caller to eval:
#                                          env=$(tests/slurm/cluster.sh start "$dir") && eval "$env"
#                                      (a bare `eval "$(...)"` would hide a failed start)
#   tests/slurm/cluster.sh stop DIR    stop the daemons started in DIR, by their recorded PIDs
#   tests/slurm/cluster.sh install     only install Slurm + MUNGE if missing (no service started)
#
# DIR should be a fresh folder whose parents the `munge` user may traverse (e.g. one made by
# `mktemp -d` under /tmp): munged runs as that user and keeps its key and socket in DIR/munge.
# Nothing is installed or written outside DIR except the Debian packages themselves; no
# system-wide service is started (the packages' own init scripts are kept from running).
#
# Only progress messages go to stderr; stdout carries nothing but the `export` lines.
# Environment knobs (optional):
#   SLURM_TEST_CTLD_PORT   slurmctld's port (default 6817)
#   SLURM_TEST_SLURMD_PORT slurmd's port    (default 6818)
#   SLURM_TEST_TIMEOUT     seconds to wait for the node to become idle (default 60)
set -euo pipefail

log() { echo "cluster.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    sed -n '2,10p' "$0" >&2
    exit 2
}

# The daemons we start, in start order; each one's PID is recorded in DIR/NAME.pid.
DAEMONS=(munged slurmctld slurmd)

# ---------------------------------------------------------------------------------------------
# Installation
# ---------------------------------------------------------------------------------------------

install_if_missing() {
    if command -v sbatch >/dev/null && command -v slurmctld >/dev/null &&
        command -v slurmd >/dev/null && command -v munged >/dev/null; then
        return 0
    fi
    log "installing slurmctld slurmd slurm-client munge"
    local t0=$SECONDS
    # Debian's packages try to start their services (munge, slurmctld, slurmd) from their
    # postinst scripts. We do not want system-wide daemons, so unless the machine already
    # has a policy-rc.d (Docker images do), install a temporary one that forbids starting.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 755 "$policy"
        own_policy=1
    fi
    # apt's chatter goes to DIR/apt.log, shown only if it fails. No recommended packages:
    # they are ~20 optional plugin packages (HDF5, RRD, InfluxDB, ...) a test never uses.
    local rc=0
    {
        apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                slurmctld slurmd slurm-client munge
    } >"$DIR/apt.log" 2>&1 || rc=$?
    if (( own_policy )); then rm -f "$policy"; fi
    (( rc == 0 )) || { tail -n 50 "$DIR/apt.log" >&2; die "apt-get failed (exit $rc)"; }
    log "installed in $(( SECONDS - t0 )) s"
}

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

# pid_of NAME: the recorded PID of daemon NAME if that process is still alive and is still
# that daemon (guards against a recycled PID); empty otherwise.
pid_of() {
    local name=$1 pid comm
    [[ -r $DIR/$name.pid ]] || return 0
    pid=$(<"$DIR/$name.pid")
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 0
    # /proc/PID/comm is cut to 15 characters; our names are shorter.
    [[ $comm == "$name" ]] && echo "$pid"
    return 0
}

# Print the daemons' logs to stderr (used whenever something goes wrong). slurmctld and
# slurmd in the foreground write the same lines to NAME.log and NAME.stderr, so NAME.stderr
# is shown only when NAME.log is empty (e.g. a slurm.conf error, before the log is opened).
dump_logs() {
    local f
    for f in "$DIR"/munged.stderr "$DIR"/slurmctld.log "$DIR"/slurmd.log \
        "$DIR"/slurmctld.stderr "$DIR"/slurmd.stderr; do
        [[ -s $f ]] || continue
        [[ $f == */slurm*.stderr && -s ${f%.stderr}.log ]] && continue
        echo "----- $f -----" >&2
        tail -n 100 "$f" >&2
    done
    echo "----- end of logs -----" >&2
}

# launch NAME COMMAND...: run a daemon in the foreground of its own session, in the
# background of this script, with its output in DIR/NAME.stderr, and record its PID.
# setsid and setpriv both exec (no fork here), so $! is the daemon's own PID; we wait
# (bounded) until that PID has exec'd into NAME, so that pid_of finds it from then on.
launch() {
    local name=$1 pid i comm=""; shift
    setsid "$@" </dev/null >"$DIR/$name.stderr" 2>&1 &
    pid=$!
    echo "$pid" >"$DIR/$name.pid"
    for (( i = 0; i < 50; i++ )); do
        comm=$(cat "/proc/$pid/comm" 2>/dev/null) || die "$name exited at start"
        [[ $comm == "$name" ]] && break
        sleep 0.1
    done
    [[ $comm == "$name" ]] || die "pid $pid is still '$comm', not $name, after 5 s"
    log "started $name (pid $pid)"
}

# ---------------------------------------------------------------------------------------------
# start
# ---------------------------------------------------------------------------------------------

start_munged() {
    local m=$DIR/munge
    getent passwd munge >/dev/null || die "no 'munge' user (is the munge package installed?)"
    # munged refuses insecure paths: its folders must belong to munge (or root) and must not
    # be writable by group/others. 0755 lets any local user (slurmd, job steps) reach the
    # socket, which itself is world-connectable by design.
    mkdir -p "$m"
    chown munge:munge "$m"
    chmod 0755 "$m"
    # A fresh 1 KiB random key, readable by munge only.
    dd if=/dev/urandom of="$m/munge.key" bs=1024 count=1 status=none
    chown munge:munge "$m/munge.key"
    chmod 0400 "$m/munge.key"
    setpriv --reuid=munge --regid=munge --init-groups test -r "$m/munge.key" ||
        die "the munge user cannot reach $m (make every parent of DIR traversable, e.g. use mktemp -d under /tmp)"

    # Run as the munge user, in the foreground (we background it ourselves and know its PID);
    # in the foreground munged logs to stderr, i.e. DIR/munged.stderr. Every path munged
    # would otherwise take from /etc, /run or /var/lib is given.
    launch munged setpriv --reuid=munge --regid=munge --init-groups -- \
        munged --foreground \
        --key-file="$m/munge.key" \
        --socket="$m/munge.socket" \
        --pid-file="$m/munged.pid" \
        --seed-file="$m/munge.seed" \
        --num-threads=2

    # Wait (bounded) for the socket, then check that a credential round-trips.
    local i
    for (( i = 0; i < 100; i++ )); do
        [[ -S $m/munge.socket ]] && break
        [[ -n $(pid_of munged) ]] || die "munged exited at start"
        sleep 0.1
    done
    [[ -S $m/munge.socket ]] || die "munged did not create $m/munge.socket within 10 s"
    munge --socket="$m/munge.socket" -n </dev/null |
        unmunge --socket="$m/munge.socket" >/dev/null ||
        die "munge/unmunge round trip failed"
}

write_slurm_conf() {
    local node=$1 ctld_port=$2 slurmd_port=$3 hw
    # The node's real hardware, as slurmd itself sees it, e.g.
    #   NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 RealMemory=24105
    # (we drop NodeName, which we set ourselves, and the UpTime field).
    hw=$(slurmd -C 2>/dev/null | grep -m1 '^NodeName=' | tr ' ' '\n' |
        grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore|RealMemory)=' |
        tr '\n' ' ') || true
    if [[ -z $hw ]]; then
        # slurmd -C failed for some reason: fall back to the CPU count, memory untracked.
        hw="CPUs=$(nproc)"
        log "warning: 'slurmd -C' gave nothing; using $hw"
    fi
    mkdir -p "$DIR/state" "$DIR/spool" "$DIR/run"
    cat >"$DIR/slurm.conf" <<EOF
# Single-node test cluster written by tests/slurm/cluster.sh; everything lives in $DIR.
ClusterName=selftest
# The controller must be named as this host calls itself (hostname -s); the address in
# parentheses spares any name resolution.
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root

# MUNGE authentication through our private munged socket.
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge/munge.socket

# State, spool, pid files and logs, all inside DIR.
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/run/slurmctld.pid
SlurmdPidFile=$DIR/run/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info

# No cgroups, no accounting, no MPI: the least that runs batch jobs.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
# No mailer is installed; this silences "Configured MailProg is invalid".
MailProg=/bin/true

# Hand out single cores, so that several 1-CPU array tasks share the node.
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# A node that went down comes back by itself once slurmd registers.
ReturnToService=2
# Keep finished jobs visible to scontrol/squeue for 5 minutes (the default, made explicit).
MinJobAge=300

NodeName=$node NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

# Wait (bounded) until sinfo reports the node idle; fail early if a daemon died.
wait_for_idle() {
    local timeout=$1 deadline state="" name
    deadline=$(( SECONDS + timeout ))
    while (( SECONDS < deadline )); do
        for name in "${DAEMONS[@]}"; do
            [[ -n $(pid_of "$name") ]] || die "$name exited during start"
        done
        state=$(SLURM_CONF=$DIR/slurm.conf sinfo -h -N -o '%t' 2>/dev/null | head -n1) || true
        [[ $state == idle ]] && return 0
        sleep 1
    done
    die "node not idle after $timeout s (last sinfo state: '${state:-none}')"
}

cmd_start() {
    local t0=$SECONDS
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    install_if_missing
    local t_installed=$SECONDS

    # munged (user munge) must be able to traverse DIR to reach DIR/munge.
    chmod 0755 "$DIR"
    for name in "${DAEMONS[@]}"; do
        [[ -z $(pid_of "$name") ]] || die "$name is already running from $DIR (stop it first)"
    done

    # From here on, any failure dumps the logs and stops whatever we started.
    STARTED=0
    trap 'if (( ! STARTED )); then dump_logs; cmd_stop >/dev/null 2>&1 || true; fi' EXIT

    local node ctld_port=${SLURM_TEST_CTLD_PORT:-6817} slurmd_port=${SLURM_TEST_SLURMD_PORT:-6818}
    node=$(hostname -s)
    [[ -n $node ]] || die "hostname -s is empty"

    # A clear message for the likeliest clash: another cluster using the same ports.
    local port
    for port in "$ctld_port" "$slurmd_port"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "port $port is already in use (another cluster? set SLURM_TEST_CTLD_PORT/SLURM_TEST_SLURMD_PORT)"
        fi
    done

    start_munged
    write_slurm_conf "$node" "$ctld_port" "$slurmd_port"

    # -D: stay in the foreground (we background them and record the PIDs ourselves);
    # -i: ignore unreadable state files (there are none in a fresh DIR).
    launch slurmctld slurmctld -D -i -f "$DIR/slurm.conf"
    # Give the controller a moment to listen before slurmd registers (it retries anyway).
    sleep 1
    launch slurmd slurmd -D -f "$DIR/slurm.conf" -N "$node"

    wait_for_idle "${SLURM_TEST_TIMEOUT:-60}"
    # shellcheck disable=SC2034 # read by the EXIT trap
    STARTED=1
    log "cluster up in $DIR: install $(( t_installed - t0 )) s, start $(( SECONDS - t_installed )) s"
    echo "export SLURM_CONF=$DIR/slurm.conf"
}

# ---------------------------------------------------------------------------------------------
# stop
# ---------------------------------------------------------------------------------------------

# stop_one NAME: SIGTERM the daemon, wait up to 10 s, then SIGKILL it.
stop_one() {
    local name=$1 pid i
    pid=$(pid_of "$name")
    if [[ -z $pid ]]; then
        rm -f "$DIR/$name.pid"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
    for (( i = 0; i < 100; i++ )); do
        [[ -n $(pid_of "$name") ]] || break
        sleep 0.1
    done
    if [[ -n $(pid_of "$name") ]]; then
        log "$name (pid $pid) ignored SIGTERM for 10 s: sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        for (( i = 0; i < 50; i++ )); do
            [[ -n $(pid_of "$name") ]] || break
            sleep 0.1
        done
    fi
    [[ -z $(pid_of "$name") ]] || { log "error: $name (pid $pid) survived SIGKILL"; return 1; }
    rm -f "$DIR/$name.pid"
    log "stopped $name (pid $pid)"
}

cmd_stop() {
    [[ -d $DIR ]] || die "$DIR: no such folder"
    DIR=$(cd "$DIR" && pwd -P)
    local rc=0 jobs
    # Cancel whatever is still queued or running, so that no job step outlives slurmd.
    if [[ -n $(pid_of slurmctld) && -r $DIR/slurm.conf ]]; then
        jobs=$(SLURM_CONF=$DIR/slurm.conf squeue -h -o '%A' 2>/dev/null | tr '\n' ' ') || true
        if [[ -n ${jobs// /} ]]; then
            log "cancelling jobs still in the queue: $jobs"
            # shellcheck disable=SC2086 # word splitting of the job list is intended
            SLURM_CONF=$DIR/slurm.conf scancel $jobs 2>/dev/null || true
            local i
            for (( i = 0; i < 10; i++ )); do
                [[ -z $(SLURM_CONF=$DIR/slurm.conf squeue -h -o '%A' 2>/dev/null) ]] && break
                sleep 1
            done
        fi
    fi
    # Reverse start order: slurmd, slurmctld, then munged (which both of them use).
    stop_one slurmd || rc=1
    stop_one slurmctld || rc=1
    stop_one munged || rc=1
    return "$rc"
}

# ---------------------------------------------------------------------------------------------

[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, starts munged as the munge user)"
if [[ $# -eq 1 && $1 == install ]]; then
    # Only the packages, with no service started (for .ci/run, before the tests).
    DIR=$(mktemp -d)
    trap 'rm -rf "$DIR"' EXIT
    install_if_missing
    exit 0
fi
[[ $# -eq 2 ]] || usage
DIR=$2
case "$1" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    *) usage ;;
esac
