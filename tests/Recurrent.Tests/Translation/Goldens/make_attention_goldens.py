#!/usr/bin/python3
"""Generate PyTorch golden files for Recurrent's decoder attention (Tasks/Translation).

Run from anywhere with Debian's PyTorch:

    /usr/bin/python3 tests/Recurrent.Tests/Translation/Goldens/make_attention_goldens.py

Each case writes ``attention_{kind}.json`` next to this script, in float64 from a seeded generator, so re-running
reproduces the files byte for byte.  A case has a batch of three source sentences of different lengths (padded
positions hold random values that must be ignored) and two decoder steps whose queries attend over the same
encoder outputs.  The scores are written here straight from the papers' formulas, without the keys precomputed:

    bahdanau       e_i = v . tanh(W1 s + W2 h_i)      query_layer.weight W1 [A, Ds], key_layer.weight W2 [A, Dh],
                                                      energy_layer.weight v [1, A]
    luong_dot      e_i = s . h_i                      (Ds = Dh, no parameters)
    luong_general  e_i = s^T W h_i                    key_layer.weight W [Ds, Dh]
    luong_concat   e_i = v . tanh(W [s; h_i])         concat_layer.weight W [A, Ds + Dh], energy_layer.weight v [1, A]

then alpha = softmax over the real positions (padding filled with -inf) and c = sum_i alpha_i h_i.  Weights are
nn.Linear(bias=False) layers with PyTorch's default initialisation.  The scalar loss

    loss = sum_t sum(c_t * R_c[t]) + sum_t sum(alpha_t * R_a[t])

uses fixed randn tensors (stored under "loss_weights"); the file stores the expected contexts, weights, loss and the
gradients with respect to the encoder outputs, the queries and every parameter.
"""

import json
import os

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

OUT_DIR = os.path.dirname(os.path.abspath(__file__))

BATCH, SOURCE_LENGTH, STEPS = 3, 4, 2
LENGTHS = [4, 2, 3]

CASES = [
    dict(kind="bahdanau", query_size=5, value_size=6, attention_size=7, seed=11),
    dict(kind="luong_dot", query_size=6, value_size=6, attention_size=0, seed=12),
    dict(kind="luong_general", query_size=5, value_size=6, attention_size=0, seed=13),
    dict(kind="luong_concat", query_size=5, value_size=6, attention_size=7, seed=14),
]


def to_list(t):
    return t.detach().to(torch.float64).tolist()


def make_layers(c):
    ds, dh, a = c["query_size"], c["value_size"], c["attention_size"]
    if c["kind"] == "bahdanau":
        return {"query_layer": nn.Linear(ds, a, bias=False), "key_layer": nn.Linear(dh, a, bias=False),
                "energy_layer": nn.Linear(a, 1, bias=False)}
    if c["kind"] == "luong_general":
        return {"key_layer": nn.Linear(dh, ds, bias=False)}
    if c["kind"] == "luong_concat":
        return {"concat_layer": nn.Linear(ds + dh, a, bias=False), "energy_layer": nn.Linear(a, 1, bias=False)}
    return {}


def scores(kind, layers, s, h):
    """s [B, Ds], h [B, S, Dh] -> e [B, S]."""
    if kind == "bahdanau":
        u = torch.tanh(layers["query_layer"](s)[:, None, :] + layers["key_layer"](h))
        return layers["energy_layer"](u).squeeze(-1)
    if kind == "luong_dot":
        return torch.einsum("bd,bsd->bs", s, h)
    if kind == "luong_general":
        return torch.einsum("bd,de,bse->bs", s, layers["key_layer"].weight, h)
    both = torch.cat([s[:, None, :].expand(-1, h.shape[1], -1), h], dim=-1)
    return layers["energy_layer"](torch.tanh(layers["concat_layer"](both))).squeeze(-1)


def make_case(c):
    torch.manual_seed(c["seed"])
    layers = make_layers(c)
    h = torch.randn(BATCH, SOURCE_LENGTH, c["value_size"], requires_grad=True)
    queries = torch.randn(STEPS, BATCH, c["query_size"], requires_grad=True)
    r_context = torch.randn(STEPS, BATCH, c["value_size"])
    r_weights = torch.randn(STEPS, BATCH, SOURCE_LENGTH)
    padding = torch.arange(SOURCE_LENGTH)[None, :] >= torch.tensor(LENGTHS)[:, None]  # [B, S]

    contexts, weights, loss = [], [], 0.0
    for t in range(STEPS):
        e = scores(c["kind"], layers, queries[t], h).masked_fill(padding, float("-inf"))
        alpha = torch.softmax(e, dim=-1)
        context = torch.bmm(alpha[:, None, :], h).squeeze(1)
        contexts.append(context)
        weights.append(alpha)
        loss = loss + (context * r_context[t]).sum() + (alpha * r_weights[t]).sum()
    loss.backward()

    parameters = {f"{name}.weight": layer.weight for name, layer in layers.items()}
    gradients = {"encoder_outputs": to_list(h.grad), "queries": to_list(queries.grad)}
    gradients.update({name: to_list(p.grad) for name, p in parameters.items()})
    return {
        "name": f"attention_{c['kind']}",
        "kind": c["kind"],
        "query_size": c["query_size"],
        "value_size": c["value_size"],
        "attention_size": c["attention_size"],
        "lengths": LENGTHS,
        "encoder_outputs": to_list(h),
        "queries": to_list(queries),
        "weights": {name: to_list(p) for name, p in parameters.items()},
        "loss_weights": {"contexts": to_list(r_context), "attention_weights": to_list(r_weights)},
        "expected": {
            "contexts": to_list(torch.stack(contexts)),
            "attention_weights": to_list(torch.stack(weights)),
            "loss": loss.item(),
            "gradients": gradients,
        },
    }


def main():
    for c in CASES:
        case = make_case(c)
        with open(os.path.join(OUT_DIR, case["name"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(case, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
