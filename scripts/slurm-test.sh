#!/usr/bin/env bash
# The Slurm test: a single-node cluster on this machine (scripts/slurm-cluster.sh), a small study submitted
# as a job array and compared with a local run of the same study (timing columns aside), then one task
# cancelled mid-run with scancel, the study re-submitted with relustudy submit, and the resumed results
# compared again. The cluster is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d /tmp/relustudy-slurm-test.XXXXXX)
export SLURM_DIR=$work/cluster SLURM_CONF=$work/cluster/slurm.conf
trap 'bash "$repo/scripts/slurm-cluster.sh" stop' EXIT
bash scripts/slurm-cluster.sh start
relustudy() { dotnet "$repo/core/ReluStudy.Cli/bin/Release/net10.0/relustudy.dll" "$@"; }
study=slurm-test

wait_for_job() { # until Slurm holds no task of job $1
    for _ in $(seq 1 300); do
        if [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; then return 0; fi
        sleep 2
    done
    echo "slurm test: job $1 did not finish in 10 minutes" >&2
    squeue >&2
    return 1
}
submitted_job() { sed -n 's/.*submitted job array \([0-9]*\).*/\1/p' | head -1; }

echo "== local run"
dotnet fsi scripts/slurm-study.fsx -- --results "$work/local" --threads 1 > "$work/local.log" 2>&1

echo "== job array (split in two by a MaxArraySize of 3: tasks 0-2, and task 0 with offset 3)"
cd "$work"
dotnet fsi "$repo/scripts/slurm-study.fsx" -- --results "$work/array" --submit --cpus 1 --mem 1500 --time 20 --max-array-size 3 > "$work/array.log"
jobs=$(sed -n 's/.*submitted job array \([0-9]*\).*/\1/p' "$work/array.log")
echo "job arrays submitted: $(echo $jobs)"
[ "$(echo "$jobs" | wc -w)" -eq 2 ] || { echo "slurm test: expected two arrays after the split" >&2; exit 1; }
for job in $jobs; do wait_for_job "$job"; done
relustudy status "$work/array/$study"
python3 "$repo/scripts/crash-check.py" "$work/array" "$work/local" "$study"

# The plan index of a run that is running and has written its first checkpoint, once there is one.
running_with_checkpoint() {
    for _ in $(seq 1 600); do
        # relustudy status: "index id state label"; a running task's run folder holds its checkpoint once it has written one.
        index=$(relustudy status "$1" | awk -v study="$1" '$3 == "running" { if (system("test -f " study "/" $2 "/checkpoint.safetensors") == 0) { print $1; exit } }')
        if [ -n "$index" ]; then echo "$index"; return 0; fi
        sleep 0.2
    done
    echo "slurm test: no task reached a checkpoint" >&2
    return 1
}

echo "== a task cancelled mid-run, then re-submitted"
job=$(dotnet fsi "$repo/scripts/slurm-study.fsx" -- --results "$work/cancel" --submit --cpus 1 --mem 1500 --time 20 | submitted_job)
echo "job array $job submitted"
victim=$(running_with_checkpoint "$work/cancel/$study")
scancel "${job}_${victim}"
echo "cancelled task ${job}_${victim} after its first checkpoint"
wait_for_job "$job"
relustudy status "$work/cancel/$study" | tee "$work/status.txt"
grep -qE "^ +$victim +[0-9a-f]+ +unfinished" "$work/status.txt" || { echo "slurm test: the cancelled run is not shown as unfinished" >&2; exit 1; }
# (not tee /dev/stderr: reopening a log file that stderr points to would truncate it)
resubmitted=$(relustudy submit "$work/cancel/$study")
echo "$resubmitted"
job=$(echo "$resubmitted" | submitted_job)
wait_for_job "$job"
grep -h "resuming" "$work/cancel/$study/slurm/logs/${job}_${victim}.out" || { echo "slurm test: the re-submitted task did not resume from the checkpoint" >&2; exit 1; }
relustudy status "$work/cancel/$study"
python3 "$repo/scripts/crash-check.py" "$work/cancel" "$work/local" "$study"

echo "== a task requeued mid-run (as pre-emption does)"
job=$(dotnet fsi "$repo/scripts/slurm-study.fsx" -- --results "$work/requeue" --submit --cpus 1 --mem 1500 --time 20 | submitted_job)
victim=$(running_with_checkpoint "$work/requeue/$study")
scontrol requeue "${job}_${victim}"
echo "requeued task ${job}_${victim} after its first checkpoint"
wait_for_job "$job"
grep -h "resuming" "$work/requeue/$study/slurm/logs/${job}_${victim}.out" || { echo "slurm test: the requeued task did not resume from the checkpoint" >&2; exit 1; }
python3 "$repo/scripts/crash-check.py" "$work/requeue" "$work/local" "$study"
echo "slurm test: passed (array == local; cancelled-and-resubmitted and requeued tasks resumed == local)"
