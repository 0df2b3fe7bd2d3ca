#!/usr/bin/python3
"""Golden file for cross-entropy with label smoothing (CrossEntropyOptions.LabelSmoothing).

Run with Debian's PyTorch (1.13) from the repository root:

    /usr/bin/python3 tests/Recurrent.Tests/Goldens/LabelSmoothing/make_label_smoothing_goldens.py

Each case is F.cross_entropy(logits, targets, weight=w or None, reduction=..., label_smoothing=eps) in float64 on the
same seeded logits [N, C]; two of the targets are the ignore index -100. PyTorch's formula per counted row is
(1 - eps) * w_y * (-log p_y) + eps / C * sum_c w_c * (-log p_c), and the mean divides by sum of w_y over counted rows.
The file holds the logits, targets, class weights and, per case, the loss and the gradient with respect to the logits.
"""

import json
import os

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "label_smoothing.json")
IGNORE = -100


def main():
    torch.manual_seed(14)
    rows, classes = 7, 5
    logits = torch.randn(rows, classes) * 2.0
    targets = torch.tensor([3, IGNORE, 0, 4, 1, IGNORE, 2])
    class_weights = torch.tensor([0.5, 2.0, 1.0, 1.5, 0.25])

    cases = []
    for eps in (0.1, 0.3):
        for reduction in ("mean", "sum"):
            for weighted in (False, True):
                leaf = logits.clone().requires_grad_()
                loss = F.cross_entropy(leaf, targets, weight=class_weights if weighted else None,
                                       ignore_index=IGNORE, reduction=reduction, label_smoothing=eps)
                loss.backward()
                cases.append(dict(label_smoothing=eps, reduction=reduction, weighted=weighted,
                                  loss=loss.item(), gradient=leaf.grad.tolist()))

    golden = dict(rows=rows, classes=classes, ignore_index=IGNORE, logits=logits.tolist(),
                  targets=targets.tolist(), class_weights=class_weights.tolist(), cases=cases)
    with open(OUT_PATH, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
