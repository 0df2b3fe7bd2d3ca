#!/usr/bin/python3
"""Read a safetensors file by hand (struct + json, no safetensors package) and print what it holds.

    /usr/bin/python3 tests/Recurrent.Tests/Serialization/read_safetensors.py model.safetensors

Prints the metadata, then one line per tensor: name, dtype, shape and first values.  Used to
check once that files written by Recurrent read in Python exactly as the spec says; the same
reader checks the fixtures written by make_safetensors_fixture.py.  It validates what the spec
requires: the header fits the file, offsets tile the data with no gap or overlap, and each
tensor's byte length is its element count times the dtype size.
"""

import json
import struct
import sys

import torch

# header dtype -> (bytes per element, torch dtype as stored)
DTYPES = {"F32": (4, torch.float32), "F16": (2, torch.float16), "BF16": (2, torch.bfloat16), "F64": (8, torch.float64)}


def read_safetensors(path):
    """Returns (metadata, {name: float32 tensor}) with tensors in file order."""
    with open(path, "rb") as f:
        blob = f.read()
    (header_length,) = struct.unpack("<Q", blob[:8])
    assert 8 + header_length <= len(blob), f"header length {header_length} runs past the end of the file"
    header = json.loads(blob[8:8 + header_length].decode("utf-8"))
    data = blob[8 + header_length:]
    metadata = header.pop("__metadata__", {})

    entries = sorted(header.items(), key=lambda item: item[1]["data_offsets"])
    covered = 0
    tensors = {}
    for name, info in entries:
        begin, end = info["data_offsets"]
        size, torch_dtype = DTYPES[info["dtype"]]
        count = 1
        for extent in info["shape"]:
            count *= extent
        assert begin == covered, f"{name}: offsets not contiguous ({begin} != {covered})"
        assert end - begin == count * size, f"{name}: {end - begin} bytes for {count} {info['dtype']} values"
        raw = bytearray(data[begin:end])
        tensor = torch.frombuffer(raw, dtype=torch_dtype) if raw else torch.empty(0, dtype=torch_dtype)
        tensors[name] = tensor.reshape(info["shape"]).to(torch.float32)
        covered = end
    assert covered == len(data), f"{len(data) - covered} trailing bytes belong to no tensor"
    return metadata, tensors


def main():
    metadata, tensors = read_safetensors(sys.argv[1])
    print("metadata:", json.dumps(metadata, sort_keys=True))
    for name, tensor in tensors.items():
        print(f"{name} {list(tensor.shape)} {tensor.flatten()[:4].tolist()}")


if __name__ == "__main__":
    main()
