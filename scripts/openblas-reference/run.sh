#!/usr/bin/env bash
# Builds the plain-C OpenBLAS GD iteration (gd_iteration.c) and times the bench's three workloads with it:
# a second reference for `relustudy bench`, independent of the .NET process. Needs gcc and Debian's
# libopenblas0 (runtime package only).
#   scripts/openblas-reference/run.sh [repeats]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
library="$(ldconfig -p | awk '/libopenblas\.so\.0 / {print $NF; exit}')"
[ -n "$library" ] || { echo "run.sh: libopenblas.so.0 not found (apt-get install libopenblas0)" >&2; exit 3; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
gcc -O3 -march=native -fopenmp -o "$out/gd_iteration" "$here/gd_iteration.c" "$library" -lm
threads="$(nproc)"
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" OMP_WAIT_POLICY=PASSIVE
repeats="${1:-9}"
echo "$(lscpu | sed -n 's/^Model name: *//p'), $threads threads, $(grep -o -w -m1 avx512f /proc/cpuinfo || echo 'no avx512f'), gcc $(gcc -dumpversion)"
"$out/gd_iteration" 1000 785 256 15 "$((repeats * 2 + 1))"
"$out/gd_iteration" 1000 785 1024 15 "$repeats"
"$out/gd_iteration" 4000 785 1024 15 "$(( (repeats + 1) / 2 ))"
