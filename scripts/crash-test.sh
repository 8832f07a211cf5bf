#!/usr/bin/env bash
# Crash test: runs scripts/crash-study.fsx, SIGKILLs it at random moments (at least KILLS times),
# resumes it each time, then compares every run with an uninterrupted run of the same study and checks
# that no file in the results folder is truncated or unparseable. Needs the solution built (Release).
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS="${KILLS:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
study=scripts/crash-study.fsx

dotnet fsi "$study" -- --results "$work/reference" --threads 1 > "$work/reference.log"

kills=0
while :; do
  # its own process group: "dotnet fsi" runs the script in a child process, and the kill must reach it
  setsid dotnet fsi "$study" -- --results "$work/resumed" > "$work/run.log" 2>&1 &
  pid=$!
  # kill at a random moment once training has begun (fsi's start-up time varies from machine to machine); the
  # window is wide because a resume spends its first few tenths of a second restoring (W(0)'s kernels, the first
  # optimised code), and kills that always land there would make no progress
  for _ in $(seq 600); do
    if grep -q "^start " "$work/run.log" 2>/dev/null || ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 3.0), 2))')"
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- -"$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    kills=$((kills + 1))
    echo "kill $kills"
    if [ "$kills" -ge 200 ]; then echo "200 kills and the study has not finished: resuming makes no progress"; exit 1; fi
  else
    wait "$pid" || { echo "the study failed:"; cat "$work/run.log"; exit 1; }
    break
  fi
done
if [ "$kills" -lt "$KILLS" ]; then echo "the study finished after only $kills kills (need $KILLS): make it longer"; exit 1; fi
echo "kills survived: $kills"
python3 scripts/crash-check.py "$work/resumed" "$work/reference"
