#!/usr/bin/python3
"""Golden files for the GRU in its reset-before form (CellKind.GruResetBefore).

Run with Debian's PyTorch (1.13):

    /usr/bin/python3 tests/Recurrent.Tests/Goldens/GruResetBefore/make_gru_reset_before_goldens.py

PyTorch's nn.GRU applies the reset gate after the recurrent product (reset-after); the reset-before form of
ONNX (linear_before_reset = 0) and Keras (reset_after = False) applies it to h_{t-1} first:

    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n_t = tanh(W_in x_t + b_in + W_hn (r_t * h_{t-1}) + b_hn)
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

nn.GRU has no switch for it, so these equations are written out here with torch ops and torch autograd takes
the gradients; nn.GRU only supplies the parameter names, shapes and default initialisation U(-1/sqrt(H), 1/sqrt(H)).
Sequences with lengths follow packed-sequence semantics: a padded step outputs zero and leaves the state
unchanged, so the reverse direction starts at each sequence's own end. The files have the format of
../make_goldens.py (cell "gru_reset_before"), computed in float64 from fixed seeds, so re-running reproduces them.
"""

import json
import os

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

SHAPES = [
    dict(suffix="2layer_bidirectional_lengths", input_size=3, hidden_size=4,
         num_layers=2, bidirectional=True, batch=3, time=5,
         lengths=[3, 5, 2], with_h0=True),
    dict(suffix="1layer_unidirectional", input_size=5, hidden_size=7,
         num_layers=1, bidirectional=False, batch=2, time=6,
         lengths=None, with_h0=False),
]


def to_list(t):
    return None if t is None else t.detach().to(torch.float64).tolist()


def step(x, h, w_ih, w_hh, b_ih, b_hh):
    """One reset-before GRU step: x [B, F], h [B, H] -> h_t [B, H]."""
    i_r, i_z, i_n = (x @ w_ih.T + b_ih).chunk(3, dim=1)
    w_hr, w_hz, w_hn = w_hh.chunk(3, dim=0)
    b_hr, b_hz, b_hn = b_hh.chunk(3)
    r = torch.sigmoid(i_r + h @ w_hr.T + b_hr)
    z = torch.sigmoid(i_z + h @ w_hz.T + b_hz)
    n = torch.tanh(i_n + (r * h) @ w_hn.T + b_hn)
    return (1 - z) * n + z * h


def direction(x, h, params, lengths, reverse):
    """x [B, T, F], h [B, H] -> outputs [B, T, H] (zero at padded steps), h_n [B, H]."""
    T = x.shape[1]
    outputs = [None] * T
    for t in (reversed(range(T)) if reverse else range(T)):
        active = (t < lengths).to(x.dtype).unsqueeze(1)  # [B, 1]
        h_new = step(x[:, t], h, *params)
        outputs[t] = active * h_new
        h = active * h_new + (1 - active) * h
    return torch.stack(outputs, dim=1), h


def make_case(seed, s):
    name = f"gru_reset_before_{s['suffix']}"
    torch.manual_seed(seed)
    B, T, I, H = s["batch"], s["time"], s["input_size"], s["hidden_size"]
    L, D = s["num_layers"], (2 if s["bidirectional"] else 1)
    module = nn.GRU(input_size=I, hidden_size=H, num_layers=L, bidirectional=s["bidirectional"], batch_first=True)

    inputs = torch.randn(B, T, I).requires_grad_()
    h0 = (torch.randn(L * D, B, H) * 0.5).requires_grad_() if s["with_h0"] else None
    r_out = torch.randn(B, T, D * H)
    r_h = torch.randn(L * D, B, H)
    lengths = torch.tensor(s["lengths"] if s["lengths"] is not None else [T] * B)

    p = dict(module.named_parameters())
    x = inputs
    finals = []
    for layer in range(L):
        outs = []
        for d in range(D):
            suffix = f"l{layer}" + ("_reverse" if d == 1 else "")
            params = (p["weight_ih_" + suffix], p["weight_hh_" + suffix], p["bias_ih_" + suffix], p["bias_hh_" + suffix])
            h_init = h0[layer * D + d] if h0 is not None else torch.zeros(B, H)
            out, h_n = direction(x, h_init, params, lengths, reverse=d == 1)
            outs.append(out)
            finals.append(h_n)
        x = torch.cat(outs, dim=2)
    outputs, h_n = x, torch.stack(finals, dim=0)

    loss = (outputs * r_out).sum() + (h_n * r_h).sum()
    loss.backward()

    gradients = {"inputs": to_list(inputs.grad), "h0": to_list(h0.grad) if h0 is not None else None, "c0": None}
    for n, w in module.named_parameters():
        gradients[n] = to_list(w.grad)
    return name, {
        "name": name,
        "cell": "gru_reset_before",
        "nonlinearity": None,
        "input_size": I,
        "hidden_size": H,
        "num_layers": L,
        "bidirectional": s["bidirectional"],
        "batch_first": True,
        "inputs": to_list(inputs),
        "lengths": s["lengths"],
        "h0": to_list(h0),
        "c0": None,
        "weights": {n: to_list(w) for n, w in module.named_parameters()},
        "loss_weights": {"outputs": to_list(r_out), "h_n": to_list(r_h), "c_n": None},
        "expected": {
            "outputs": to_list(outputs),
            "h_n": to_list(h_n),
            "c_n": None,
            "loss": loss.item(),
            "gradients": gradients,
        },
    }


def main():
    seed = 4321
    for s in SHAPES:
        name, case = make_case(seed, s)
        seed += 1
        path = os.path.join(OUT_DIR, name + ".json")
        with open(path, "w") as f:
            json.dump(case, f, indent=1)
            f.write("\n")
        print("wrote", path)


if __name__ == "__main__":
    main()
