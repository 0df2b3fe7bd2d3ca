"""Integrated-gradients goldens for IntegratedGradientsGoldenTests, computed in PyTorch.

For each model below the script builds Recurrent's TextClassifier architecture in torch (nn.Embedding -> nn.LSTM / nn.RNN
-> pooling -> dense layers with ReLU -> output), with TextClassifier's parameter names, draws seeded float32 weights and
writes them to <model>.safetensors (the format written by hand: 8-byte little-endian header length, JSON header, raw
little-endian float32 data). It then computes integrated gradients at the embedding layer the way Captum's
LayerIntegratedGradients does, with Captum's integration points and weights (approximation_methods.py, restated below;
Captum is not needed), F = the softmax probability of the target class, every path point in one batched backward pass,
in float64 from the float32 weights. ig_goldens.json lists the models and, per case, the expected attributions,
probabilities and completeness delta.

The C# test runs the network in float32, so it agrees with these float64 numbers to about 1e-6 relative; it compares at
1e-4 absolute, well above that rounding and far below the attributions' size (0.01 to 0.5).

Run from this folder: /usr/bin/python3 make_ig_goldens.py
"""
import json
import struct

import numpy as np
import torch
from torch import nn

LABELS = ["negative", "neutral", "positive"]
VOCABULARY_SIZE, EMBEDDING_DIMENSION, HIDDEN_SIZE = 12, 6, 5
PAD, UNKNOWN = 0, 1


class TextClassifier(nn.Module):
    """Recurrent's TextClassifier for one layer: parameter names embedding.*, encoder.*, dense{k}.*, output.*."""

    def __init__(self, cell, bidirectional, pooling, dense_layers):
        super().__init__()
        self.pooling = pooling
        self.embedding = nn.Embedding(VOCABULARY_SIZE, EMBEDDING_DIMENSION)
        recurrent = nn.LSTM if cell == "Lstm" else nn.RNN
        self.encoder = recurrent(EMBEDDING_DIMENSION, HIDDEN_SIZE, batch_first=True, bidirectional=bidirectional)
        features = HIDDEN_SIZE * (2 if bidirectional else 1)
        self.dense = []
        for k, width in enumerate(dense_layers):
            layer = nn.Linear(features, width)
            self.add_module(f"dense{k}", layer)
            self.dense.append(layer)
            features = width
        self.output = nn.Linear(features, len(LABELS))

    def forward_embedded(self, embedded):
        """Logits [B, C] from token vectors [B, T, E]; every sequence spans all T steps."""
        encoded, final = self.encoder(embedded)
        if self.pooling == "Max":
            pooled = encoded.max(dim=1).values
        elif self.pooling == "Mean":
            pooled = encoded.mean(dim=1)
        else:  # Last: h_n of each direction, forward then reverse
            hidden = final[0] if isinstance(final, tuple) else final
            pooled = torch.cat(list(hidden), dim=1)
        for layer in self.dense:
            pooled = torch.relu(layer(pooled))
        return self.output(pooled)


def integration_points(rule, n):
    """(alphas, weights) of Captum's approximation methods."""
    if rule == "GaussLegendre":
        nodes, weights = np.polynomial.legendre.leggauss(n)
        return 0.5 * (1 + nodes), 0.5 * weights
    weights = np.full(n, 1 / n)
    if rule == "RiemannTrapezoid":
        weights[0] /= 2
        weights[-1] /= 2
        return np.linspace(0, 1, n), weights
    if rule == "RiemannLeft":
        return np.linspace(0, 1 - 1 / n, n), weights
    if rule == "RiemannMiddle":
        return np.linspace(1 / (2 * n), 1 - 1 / (2 * n), n), weights
    return np.linspace(1 / n, 1, n), weights  # RiemannRight


def integrated_gradients(model, ids, rule, baseline, steps, target):
    table = model.embedding.weight.detach()
    x = table[ids].unsqueeze(0)  # [1, T, E]
    if baseline == "Zero":
        reference = torch.zeros_like(x)
    else:
        reference = table[[PAD if baseline == "Pad" else UNKNOWN] * len(ids)].unsqueeze(0)
    with torch.no_grad():
        probabilities = torch.softmax(model.forward_embedded(x), dim=1)[0]
        target_class = int(probabilities.argmax()) if target is None else LABELS.index(target)
        baseline_score = float(torch.softmax(model.forward_embedded(reference), dim=1)[0, target_class])
    alphas, weights = integration_points(rule, steps)
    alphas = torch.tensor(alphas, dtype=torch.float64).view(-1, 1, 1)
    points = (reference + alphas * (x - reference)).requires_grad_(True)  # [n, T, E], one row per path point
    score = torch.softmax(model.forward_embedded(points), dim=1)[:, target_class].sum()
    (gradients,) = torch.autograd.grad(score, points)
    average = (torch.tensor(weights, dtype=torch.float64).view(-1, 1, 1) * gradients).sum(dim=0)
    attributions = ((x - reference)[0] * average).sum(dim=1)
    input_score = float(probabilities[target_class])
    return {
        "target_class": target_class,
        "attributions": attributions.tolist(),
        "input_score": input_score,
        "baseline_score": baseline_score,
        "delta": float(attributions.sum()) - (input_score - baseline_score),
    }


def seeded_model(seed, cell, bidirectional, pooling, dense_layers):
    torch.manual_seed(seed)
    model = TextClassifier(cell, bidirectional, pooling, dense_layers)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            # Wider than PyTorch's initialisation so that the probabilities move well away from 1/3 along the path;
            # the padding row is not zero, so the Pad and Zero baselines differ.
            if name == "embedding.weight":
                parameter.normal_(0.0, 1.0)
            else:
                parameter.uniform_(-1.0, 1.0)
    return model


def save_safetensors(model, path):
    tensors = [(name, p.detach().to(torch.float32).contiguous().numpy()) for name, p in model.named_parameters()]
    header, offset = {}, 0
    for name, array in tensors:
        header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text)
        for _, array in tensors:
            file.write(array.astype("<f4").tobytes())


MODELS = [
    ("lstm_bi_max", 17, "Lstm", True, "Max", []),
    ("lstm_bi_last", 18, "Lstm", True, "Last", []),
    ("elman_mean_dense", 19, "Elman", False, "Mean", [4]),
]
CASES = [  # ids, rule, baseline, steps, target label (None: the predicted one)
    ([5, 3, 9, 2], "GaussLegendre", "Pad", 16, None),
    ([7, 4, 11, 6, 3, 8], "RiemannTrapezoid", "Zero", 12, None),
    ([2, 10, 4], "GaussLegendre", "Zero", 24, "neutral"),
    ([9, 6, 5, 11, 2], "RiemannTrapezoid", "Pad", 10, "positive"),
    ([3, 8, 1, 7], "RiemannLeft", "Unknown", 8, None),
    ([6, 2, 10, 4, 9], "RiemannRight", "Pad", 8, None),
    ([11, 5, 7], "RiemannMiddle", "Zero", 8, "negative"),
]


def main():
    models = []
    for name, seed, cell, bidirectional, pooling, dense_layers in MODELS:
        model = seeded_model(seed, cell, bidirectional, pooling, dense_layers)
        save_safetensors(model, f"{name}.safetensors")
        # The C# side holds the float32 weights; compute in float64 from exactly those values.
        model = model.to(torch.float32).double()
        cases = []
        for ids, rule, baseline, steps, target in CASES:
            expected = integrated_gradients(model, ids, rule, baseline, steps, target)
            cases.append({"ids": ids, "rule": rule, "baseline": baseline, "steps": steps, "target": target, "expected": expected})
        models.append({
            "name": name, "weights": f"{name}.safetensors", "cell": cell, "bidirectional": bidirectional, "pooling": pooling,
            "dense_layers": dense_layers, "cases": cases,
        })
    goldens = {
        "labels": LABELS, "vocabulary_size": VOCABULARY_SIZE, "embedding_dimension": EMBEDDING_DIMENSION,
        "hidden_size": HIDDEN_SIZE, "torch": torch.__version__, "models": models,
    }
    with open("ig_goldens.json", "w") as file:
        json.dump(goldens, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
