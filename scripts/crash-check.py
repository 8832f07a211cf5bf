"""Compares a crashed-and-resumed results folder with an uninterrupted one, and checks that no file is
truncated or unparseable. Prints runs compared and mismatches; exits 1 on any problem."""
import json
import os
import struct
import sys

resumed, reference = sys.argv[1], sys.argv[2]
problems = []


def readable(path):
    try:
        if path.endswith(".json"):
            json.load(open(path))
        elif path.endswith(".csv"):
            lines = open(path).read().split("\n")
            assert lines[-1] == "", "no final newline"
            width = len(lines[0].split(","))
            for i, line in enumerate(lines[1:-1], 2):
                assert len(line.split(",")) == width, f"line {i} has {len(line.split(','))} fields, header {width}"
        elif path.endswith(".safetensors"):
            data = open(path, "rb").read()
            (n,) = struct.unpack("<Q", data[:8])
            header = json.loads(data[8:8 + n])
            end = max((v["data_offsets"][1] for k, v in header.items() if k != "__metadata__"), default=0)
            assert 8 + n + end == len(data), "size does not match the header"
    except Exception as e:  # noqa: BLE001 - every failure is a finding
        problems.append(f"{path}: {e}")


def read(path):
    return open(path).read() if os.path.exists(path) else None


def without_seconds(path):
    rows = [line.split(",") for line in open(path).read().split("\n") if line]
    column = rows[0].index("seconds")
    return [",".join(v for i, v in enumerate(r) if i != column) for r in rows]


for root, _, files in os.walk(resumed):
    for name in files:
        readable(os.path.join(root, name))

name = sys.argv[3] if len(sys.argv) > 3 else "crash"
study = os.path.join(resumed, name)
runs = sorted(d for d in os.listdir(study) if os.path.isfile(os.path.join(study, d, "run.json")))
mismatches = 0
for run in runs:
    a, b = os.path.join(study, run), os.path.join(reference, name, run)
    status = json.load(open(os.path.join(a, "run.json")))["status"]
    same = (status == json.load(open(os.path.join(b, "run.json")))["status"]
            and without_seconds(os.path.join(a, "metrics.csv")) == without_seconds(os.path.join(b, "metrics.csv"))
            and all(read(os.path.join(a, f)) == read(os.path.join(b, f)) for f in ("prediction.csv", "kernel.csv"))
            and open(os.path.join(a, "final.safetensors"), "rb").read() == open(os.path.join(b, "final.safetensors"), "rb").read())
    if not same:
        mismatches += 1
        problems.append(f"{run}: differs from the uninterrupted run")
print(f"runs compared: {len(runs)}, mismatches: {mismatches}, unreadable files: {len([p for p in problems if 'differs' not in p])}")
for p in problems:
    print("  " + p)
sys.exit(1 if problems or len(runs) == 0 else 0)
