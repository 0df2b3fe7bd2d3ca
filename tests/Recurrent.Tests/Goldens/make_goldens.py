#!/usr/bin/python3
"""Generate PyTorch golden files for Recurrent's recurrent layers.

Run from anywhere with Debian's PyTorch (1.13):

    /usr/bin/python3 tests/Recurrent.Tests/Goldens/make_goldens.py

Each case writes ``{name}.json`` next to this script.  Everything is computed
in float64 and every random draw comes from a per-case seeded generator, so
re-running the script reproduces the files byte for byte.

Each case builds an nn.RNN / nn.LSTM / nn.GRU (batch_first=True) with PyTorch's
default initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every weight and bias, and
runs it forward (through pack_padded_sequence / pad_packed_sequence when the
case has lengths).  The scalar loss

    loss = sum(outputs * R_out) + sum(h_n * R_h) [+ sum(c_n * R_c) for LSTM]

uses fixed randn tensors R_* (stored under "loss_weights"), so every output
and final state receives a non-trivial gradient.  The file stores the inputs,
initial states, weights, loss weights, and the expected outputs, final states,
loss and gradients with respect to inputs, h0, c0 and every weight.
"""

import json
import os

import torch
import torch.nn as nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.set_default_dtype(torch.float64)

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

# (kind, nonlinearity) for each cell family: kind is the JSON "cell" value.
CELLS = {
    "rnn_tanh": ("rnn", "tanh"),
    "rnn_relu": ("rnn", "relu"),
    "lstm": ("lstm", None),
    "gru": ("gru", None),
}

# Case shapes shared by every cell family.  lengths=None means every sequence
# runs the full time span; with_h0=False means zero initial state (h0/c0 null).
SHAPES = [
    dict(suffix="2layer_bidirectional_lengths", input_size=3, hidden_size=4,
         num_layers=2, bidirectional=True, batch=3, time=5,
         lengths=[3, 5, 2], with_h0=True),
    dict(suffix="1layer_unidirectional", input_size=5, hidden_size=7,
         num_layers=1, bidirectional=False, batch=2, time=6,
         lengths=None, with_h0=False),
    dict(suffix="3layer_bidirectional_equal", input_size=4, hidden_size=3,
         num_layers=3, bidirectional=True, batch=2, time=4,
         lengths=None, with_h0=True),
]


def to_list(t):
    """Tensor -> nested Python lists of floats (json writes repr, i.e. round-trip digits)."""
    if t is None:
        return None
    return t.detach().to(torch.float64).tolist()


def make_module(kind, nonlinearity, s):
    common = dict(input_size=s["input_size"], hidden_size=s["hidden_size"],
                  num_layers=s["num_layers"], bidirectional=s["bidirectional"],
                  batch_first=True)
    if kind == "rnn":
        # Default init U(±1/sqrt(H)) already keeps ReLU activations moderate
        # for these small sizes, so no extra scaling is applied.
        return nn.RNN(nonlinearity=nonlinearity, **common)
    if kind == "lstm":
        return nn.LSTM(**common)
    return nn.GRU(**common)


def make_case(seed, cell_name, s):
    kind, nonlinearity = CELLS[cell_name]
    name = f"{cell_name}_{s['suffix']}"
    torch.manual_seed(seed)  # seeds the module's default init and all randn draws

    module = make_module(kind, nonlinearity, s)
    B, T, I, H = s["batch"], s["time"], s["input_size"], s["hidden_size"]
    L, D = s["num_layers"], (2 if s["bidirectional"] else 1)

    # Inputs: random everywhere, including padded steps (which must be ignored).
    inputs = torch.randn(B, T, I).requires_grad_()
    h0 = c0 = None
    if s["with_h0"]:
        h0 = (torch.randn(L * D, B, H) * 0.5).requires_grad_()
        if kind == "lstm":
            c0 = (torch.randn(L * D, B, H) * 0.5).requires_grad_()

    # Fixed loss weights.
    r_out = torch.randn(B, T, D * H)
    r_h = torch.randn(L * D, B, H)
    r_c = torch.randn(L * D, B, H) if kind == "lstm" else None

    # Forward.
    if kind == "lstm":
        hx = (h0, c0) if h0 is not None else None
    else:
        hx = h0
    if s["lengths"] is not None:
        packed = pack_padded_sequence(inputs, torch.tensor(s["lengths"]),
                                      batch_first=True, enforce_sorted=False)
        packed_out, state = module(packed, hx)
        outputs, _ = pad_packed_sequence(packed_out, batch_first=True, total_length=T)
    else:
        outputs, state = module(inputs, hx)
    if kind == "lstm":
        h_n, c_n = state
    else:
        h_n, c_n = state, None

    # Loss and backward.
    loss = (outputs * r_out).sum() + (h_n * r_h).sum()
    if c_n is not None:
        loss = loss + (c_n * r_c).sum()
    loss.backward()

    weights = {n: to_list(p) for n, p in module.named_parameters()}
    gradients = {
        "inputs": to_list(inputs.grad),
        "h0": to_list(h0.grad) if h0 is not None else None,
        "c0": to_list(c0.grad) if c0 is not None else None,
    }
    for n, p in module.named_parameters():
        gradients[n] = to_list(p.grad)

    return name, {
        "name": name,
        "cell": kind,
        "nonlinearity": nonlinearity,
        "input_size": I,
        "hidden_size": H,
        "num_layers": L,
        "bidirectional": s["bidirectional"],
        "batch_first": True,
        "inputs": to_list(inputs),
        "lengths": s["lengths"],
        "h0": to_list(h0),
        "c0": to_list(c0),
        "weights": weights,
        "loss_weights": {
            "outputs": to_list(r_out),
            "h_n": to_list(r_h),
            "c_n": to_list(r_c),
        },
        "expected": {
            "outputs": to_list(outputs),
            "h_n": to_list(h_n),
            "c_n": to_list(c_n),
            "loss": loss.item(),
            "gradients": gradients,
        },
    }


def main():
    seed = 1234
    for cell_name in CELLS:
        for s in SHAPES:
            name, case = make_case(seed, cell_name, s)
            seed += 1
            path = os.path.join(OUT_DIR, name + ".json")
            with open(path, "w") as f:
                json.dump(case, f, indent=1)
                f.write("\n")
            print("wrote", path)


if __name__ == "__main__":
    main()
