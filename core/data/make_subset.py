#!/usr/bin/env python3
"""Cuts the small class-balanced subset shipped in the repo out of the full data sets.

Usage: python3 core/data/make_subset.py FULL_DATA_FOLDER core/data
Keeps the official formats (gzip IDX for MNIST, CIFAR-10 binary records), so the same loaders read
both. Takes the first examples of each class in file order; gzip with mtime 0 for reproducible bytes.
"""
import gzip
import struct
import sys
from pathlib import Path

MNIST = {"train": 1000, "t10k": 250}     # per digit, digits 3 and 8
CIFAR = {"train": 400, "test": 100}      # per class, cat (3) and ship (8)


def write_gz(path, data):
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(data)


def mnist(src, dst):
    for split, per_class in MNIST.items():
        images = gzip.open(src / f"{split}-images-idx3-ubyte.gz").read()
        labels = gzip.open(src / f"{split}-labels-idx1-ubyte.gz").read()
        magic, count, rows, cols = struct.unpack(">iiii", images[:16])
        assert magic == 0x803 and struct.unpack(">ii", labels[:8]) == (0x801, count)
        keep, taken = [], {3: 0, 8: 0}
        for i in range(count):
            digit = labels[8 + i]
            if digit in taken and taken[digit] < per_class:
                taken[digit] += 1
                keep.append(i)
        size = rows * cols
        pixels = b"".join(images[16 + i * size:16 + (i + 1) * size] for i in keep)
        write_gz(dst / f"{split}-images-idx3-ubyte.gz", struct.pack(">iiii", 0x803, len(keep), rows, cols) + pixels)
        write_gz(dst / f"{split}-labels-idx1-ubyte.gz", struct.pack(">ii", 0x801, len(keep)) + bytes(labels[8 + i] for i in keep))


def cifar(src, dst):
    record = 3073
    for split, per_class in CIFAR.items():
        data = gzip.open(src / f"{split}.bin.gz").read()
        keep, taken = [], {3: 0, 8: 0}
        for r in range(len(data) // record):
            label = data[r * record]
            if label in taken and taken[label] < per_class:
                taken[label] += 1
                keep.append(data[r * record:(r + 1) * record])
        write_gz(dst / f"{split}.bin.gz", b"".join(keep))


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    (target / "mnist").mkdir(parents=True, exist_ok=True)
    (target / "cifar10-cat-ship").mkdir(parents=True, exist_ok=True)
    mnist(source / "mnist", target / "mnist")
    cifar(source / "cifar10-cat-ship", target / "cifar10-cat-ship")
