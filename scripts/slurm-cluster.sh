#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the Slurm test: start | stop.
# Installs Debian's slurm-wlm and munge when missing; runs munged, slurmctld and slurmd as root with a
# minimal configuration under $SLURM_DIR (default /tmp/relustudy-slurm).
set -euo pipefail
dir=${SLURM_DIR:-/tmp/relustudy-slurm}
conf=$dir/slurm.conf

start() {
    if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
    fi
    mkdir -p "$dir/state" "$dir/spool" "$dir/log" /etc/munge /var/log/munge /run/munge
    [ -s /etc/munge/munge.key ] || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chmod 400 /etc/munge/munge.key
    chown -R munge:munge /etc/munge /var/log/munge /run/munge 2>/dev/null || true
    pgrep -x munged >/dev/null || munged --force
    host=$(hostname -s)
    cpus=$(nproc)
    memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
    cat > "$conf" <<CONF
ClusterName=relustudy
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobRequeue=1
ReturnToService=2
MaxArraySize=1001
KillWait=5
InactiveLimit=0
MinJobAge=300
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF=$conf
    pgrep -x slurmctld >/dev/null || slurmctld -f "$conf"
    pgrep -x slurmd >/dev/null || slurmd -f "$conf"
    for _ in $(seq 1 60); do
        if sinfo -h -o '%t' 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
            echo "slurm: single-node cluster up ($host, $cpus CPUs); SLURM_CONF=$conf"
            return 0
        fi
        sleep 1
    done
    echo "slurm: the node did not come up; see $dir/log" >&2
    sinfo >&2 || true
    return 1
}

stop() {
    pkill -x slurmd 2>/dev/null || true
    pkill -x slurmctld 2>/dev/null || true
    pkill -x munged 2>/dev/null || true
    echo "slurm: stopped"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
