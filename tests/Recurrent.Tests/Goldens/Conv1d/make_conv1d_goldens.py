#!/usr/bin/python3
"""Golden file for the Conv1d and MaxPool1d layers (Recurrent.Layers.Conv1d, Recurrent.Layers.MaxPool1d).

Run with Debian's PyTorch (1.13) from the repository root:

    /usr/bin/python3 tests/Recurrent.Tests/Goldens/Conv1d/make_conv1d_goldens.py

Each case is torch.nn.Conv1d (default initialisation, seeded; with or without bias), optionally followed by nn.ReLU and
by nn.MaxPool1d, in float64, with loss = sum(outputs * R) for a fixed random R. PyTorch's Conv1d reads [N, C, T]; the
file holds every sequence tensor batch-first [N, T, C] as Recurrent's layers read them (inputs, outputs, R and the
gradient with respect to the inputs), and the weight [Cout, Cin, K] and bias [Cout] in PyTorch's layout.
"""

import json
import os

import torch

torch.set_default_dtype(torch.float64)

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv1d.json")

# name, batch, steps, in_channels, out_channels, kernel, stride, padding, bias, relu, pool kernel (or None), pool stride (or None)
CASES = [
    ("k3_relu_pool2", 3, 12, 1, 4, 3, 1, 0, True, True, 2, None),
    ("k5_stride2_pad2_pool3_stride1", 2, 15, 3, 5, 5, 2, 2, True, False, 3, 1),
    ("k2_stride3_pad1_relu_pool2", 2, 17, 2, 6, 2, 3, 1, True, True, 2, None),
    ("k1_no_bias_no_pool", 2, 5, 4, 3, 1, 1, 0, False, False, None, None),
    ("k4_pad3_relu_pool3_stride2", 4, 9, 3, 8, 4, 1, 3, True, True, 3, 2),
]


def run_case(index, name, batch, steps, cin, cout, kernel, stride, padding, bias, relu, pool_kernel, pool_stride):
    torch.manual_seed(1500 + index)
    conv = torch.nn.Conv1d(cin, cout, kernel, stride=stride, padding=padding, bias=bias)
    layers = [conv] + ([torch.nn.ReLU()] if relu else [])
    if pool_kernel is not None:
        layers.append(torch.nn.MaxPool1d(pool_kernel, stride=pool_stride))
    model = torch.nn.Sequential(*layers)
    inputs = torch.randn(batch, steps, cin, requires_grad=True)
    outputs = model(inputs.transpose(1, 2)).transpose(1, 2)  # [N, T'', Cout]
    loss_weights = torch.randn(outputs.shape)
    loss = (outputs * loss_weights).sum()
    loss.backward()
    return dict(
        name=name, in_channels=cin, out_channels=cout, kernel_size=kernel, stride=stride, padding=padding, bias=bias,
        activation="relu" if relu else "none", pool_kernel=pool_kernel, pool_stride=pool_stride,
        inputs=inputs.tolist(), weight=conv.weight.tolist(), bias_values=conv.bias.tolist() if bias else None,
        loss_weights=loss_weights.tolist(), outputs=outputs.tolist(), loss=loss.item(),
        gradients=dict(inputs=inputs.grad.tolist(), weight=conv.weight.grad.tolist(),
                       bias=conv.bias.grad.tolist() if bias else None))


def main():
    golden = dict(cases=[run_case(i, *case) for i, case in enumerate(CASES)])
    with open(OUT_PATH, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
