"""An independent safetensors reader using only the standard library (json, struct):
prints, per tensor, its dtype, shape, element count, first value and sum, and the metadata, as JSON."""
import json
import struct
import sys

with open(sys.argv[1], "rb") as f:
    (length,) = struct.unpack("<Q", f.read(8))
    header = json.loads(f.read(length))
    data = f.read()

out = {"metadata": header.pop("__metadata__", {}), "tensors": {}}
for name, info in header.items():
    begin, end = info["data_offsets"]
    code, size = {"F32": ("f", 4), "F64": ("d", 8)}[info["dtype"]]
    count = (end - begin) // size
    values = struct.unpack("<%d%s" % (count, code), data[begin:end])
    expected = 1
    for s in info["shape"]:
        expected *= s
    assert expected == count, (name, info["shape"], count)
    out["tensors"][name] = {"dtype": info["dtype"], "shape": info["shape"], "count": count,
                            "first": values[0], "sum": sum(values)}
print(json.dumps(out))
