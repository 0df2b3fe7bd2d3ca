#!/usr/bin/python3
"""Write safetensors fixtures from a PyTorch LSTM state dict, for Recurrent's reader tests.

Run with Debian's PyTorch (1.13), which has no safetensors package:

    /usr/bin/python3 tests/Recurrent.Tests/Serialization/make_safetensors_fixture.py

The state dict of nn.LSTM(3, 4, num_layers=2, bidirectional=True) (seed 1234) is written
by hand following the Hugging Face spec -- an 8-byte little-endian header length, a JSON
header padded with spaces to a multiple of 8, then each tensor's little-endian bytes in
state-dict order -- once per dtype:

    Fixtures/torch_lstm.safetensors       F32
    Fixtures/torch_lstm_f16.safetensors   F16
    Fixtures/torch_lstm_bf16.safetensors  BF16
    Fixtures/torch_lstm_f64.safetensors   F64

Fixtures/torch_lstm_expected.json lists, per file, each tensor's name, shape, its first
values and its sum after PyTorch converts the stored dtype back to float32 -- exactly what
Recurrent's reader must produce.  Every file is read back with read_safetensors.py's reader
and compared with the state dict before the expected values are written, and re-running the
script reproduces the files byte for byte.
"""

import json
import os
import struct

import torch
import torch.nn as nn

from read_safetensors import read_safetensors

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "Fixtures")
FIRST = 6

# dtype name in the header -> (torch dtype, numpy little-endian view used for the raw bytes)
DTYPES = {
    "F32": (torch.float32, "<f4"),
    "F16": (torch.float16, "<f2"),
    "BF16": (torch.bfloat16, "<i2"),  # numpy has no bfloat16: write its 16 bits as int16
    "F64": (torch.float64, "<f8"),
}


def tensor_bytes(tensor, dtype_name):
    torch_dtype, numpy_type = DTYPES[dtype_name]
    t = tensor.detach().to(torch_dtype).contiguous()
    if dtype_name == "BF16":
        t = t.view(torch.int16)
    return t.numpy().astype(numpy_type).tobytes()


def write_safetensors(path, state, dtype_name, metadata):
    header = {"__metadata__": metadata}
    chunks = []
    offset = 0
    for name, tensor in state.items():
        data = tensor_bytes(tensor, dtype_name)
        header[name] = {"dtype": dtype_name, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for chunk in chunks:
            f.write(chunk)


def main():
    torch.manual_seed(1234)
    lstm = nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    state = lstm.state_dict()
    metadata = {"format": "pt", "source": "make_safetensors_fixture.py", "module": "nn.LSTM(3, 4, num_layers=2, bidirectional=True)"}

    os.makedirs(FIXTURES, exist_ok=True)
    files = []
    for dtype_name in DTYPES:
        file_name = "torch_lstm.safetensors" if dtype_name == "F32" else f"torch_lstm_{dtype_name.lower()}.safetensors"
        path = os.path.join(FIXTURES, file_name)
        write_safetensors(path, state, dtype_name, metadata)

        read_metadata, tensors = read_safetensors(path)
        assert read_metadata == metadata
        assert list(tensors) == list(state)
        entries = []
        for name, tensor in state.items():
            expected = tensor.to(DTYPES[dtype_name][0]).to(torch.float32)
            assert torch.equal(tensors[name], expected), name
            entries.append({
                "name": name,
                "shape": list(tensor.shape),
                "first": expected.flatten()[:FIRST].tolist(),
                "sum": expected.double().sum().item(),
            })
        files.append({"file": file_name, "dtype": dtype_name, "tensors": entries})

    with open(os.path.join(FIXTURES, "torch_lstm_expected.json"), "w") as f:
        json.dump({"generator": "make_safetensors_fixture.py", "torch_version": torch.__version__,
                   "metadata": metadata, "files": files}, f, indent=1)
        f.write("\n")
    print(f"wrote {len(files)} files with {len(state)} tensors each to {FIXTURES}")


if __name__ == "__main__":
    main()
