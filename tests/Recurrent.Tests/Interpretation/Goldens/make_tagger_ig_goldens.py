"""Integrated-gradients goldens of taggers for TaggingIntegratedGradientsGoldenTests, computed in PyTorch.

For a CRF and a softmax tagger the script builds Recurrent's TaggingModel architecture in torch without character features
or casing (nn.Embedding -> bidirectional nn.LSTM -> nn.Linear to the tags -> a linear-chain CRF or a softmax per token),
with TaggingModel's parameter names, draws seeded float32 weights and writes them to <model>.safetensors (with
make_ig_goldens.py's writer). It then computes integrated gradients on the word embedding with Captum's integration points
(make_ig_goldens.integration_points), for every position of a sentence, F = the probability of the tag at that position
(the Viterbi tag, or a given one): for the CRF the marginal p(y_j = k | x) = exp(log Z_{j,k} - log Z), where Z_{j,k} is the
forward algorithm's sum with the other tags' emissions at j set to -inf, differentiated by torch's autograd (not by the
expected-count formula the C# op uses); for the softmax the softmax of the emission scores at j. All path points of a
position go through one batched backward pass, in float64 from the float32 weights. tagger_ig_goldens.json lists the
models, the words and tags, and per case the expected tags, attributions [positions x words], probabilities and deltas.

Run from this folder: /usr/bin/python3 make_tagger_ig_goldens.py
"""
import json

import torch
from torch import nn

from make_ig_goldens import integration_points, save_safetensors

WORDS = ["<pad>", "<unk>"] + ["w" + letter for letter in "abcdefghij"]
TAGS = ["O", "B-LOC", "B-PER", "I-PER"]
EMBEDDING_DIMENSION, HIDDEN_SIZE = 6, 5
PAD, UNKNOWN = 0, 1


class TaggingModel(nn.Module):
    """Recurrent's TaggingModel without characters or casing: word_embedding.*, encoder.*, output.*, crf.*."""

    def __init__(self, crf):
        super().__init__()
        self.word_embedding = nn.Embedding(len(WORDS), EMBEDDING_DIMENSION)
        self.encoder = nn.LSTM(EMBEDDING_DIMENSION, HIDDEN_SIZE, batch_first=True, bidirectional=True)
        self.output = nn.Linear(2 * HIDDEN_SIZE, len(TAGS))
        if crf:
            self.crf = nn.Module()
            self.crf.start_transitions = nn.Parameter(torch.empty(len(TAGS)))
            self.crf.end_transitions = nn.Parameter(torch.empty(len(TAGS)))
            self.crf.transitions = nn.Parameter(torch.empty(len(TAGS), len(TAGS)))
        else:
            self.crf = None

    def emissions(self, words):
        """Emission scores [B, T, K] from word vectors [B, T, E]."""
        encoded, _ = self.encoder(words)
        return self.output(encoded)

    def log_partition(self, emissions):
        """log Z [B] by the forward algorithm: alpha_0 = start + E_0, alpha_t = logsumexp_i(alpha_{t-1} + A) + E_t."""
        alpha = self.crf.start_transitions + emissions[:, 0]
        for t in range(1, emissions.shape[1]):
            alpha = torch.logsumexp(alpha.unsqueeze(2) + self.crf.transitions, dim=1) + emissions[:, t]
        return torch.logsumexp(alpha + self.crf.end_transitions, dim=1)

    def probability(self, words, position, tag):
        """F [B]: p(y_position = tag | x) of each row of word vectors [B, T, E]."""
        emissions = self.emissions(words)
        if self.crf is None:
            return torch.softmax(emissions[:, position], dim=1)[:, tag]
        mask = torch.zeros_like(emissions, dtype=torch.bool)
        mask[:, position] = True
        mask[:, position, tag] = False
        clamped = emissions.masked_fill(mask, float("-inf"))
        return torch.exp(self.log_partition(clamped) - self.log_partition(emissions))

    def predict(self, words):
        """The best tags of one sentence [1, T, E]: Viterbi with a CRF (ties to the lower tag), else the best tag per token."""
        emissions = self.emissions(words)[0]
        if self.crf is None:
            return emissions.argmax(dim=1).tolist()
        best, pointers = self.crf.start_transitions + emissions[0], []
        for t in range(1, emissions.shape[0]):
            scores = best.unsqueeze(1) + self.crf.transitions  # [previous, next]
            best, previous = scores.max(dim=0)
            best = best + emissions[t]
            pointers.append(previous)
        path = [int((best + self.crf.end_transitions).argmax())]
        for previous in reversed(pointers):
            path.append(int(previous[path[-1]]))
        return path[::-1]


def integrated_gradients(model, ids, rule, baseline, steps, target):
    table = model.word_embedding.weight.detach()
    x = table[ids].unsqueeze(0)  # [1, T, E]
    if baseline == "Zero":
        reference = torch.zeros_like(x)
    else:
        reference = table[[PAD if baseline == "Pad" else UNKNOWN] * len(ids)].unsqueeze(0)
    with torch.no_grad():
        tags = model.predict(x) if target is None else [TAGS.index(target)] * len(ids)
    alphas, weights = integration_points(rule, steps)
    alphas = torch.tensor(alphas, dtype=torch.float64).view(-1, 1, 1)
    weights = torch.tensor(weights, dtype=torch.float64).view(-1, 1, 1)
    rows = []
    for position, tag in enumerate(tags):
        with torch.no_grad():
            input_score = float(model.probability(x, position, tag)[0])
            baseline_score = float(model.probability(reference, position, tag)[0])
        points = (reference + alphas * (x - reference)).requires_grad_(True)  # [n, T, E], one row per path point
        (gradients,) = torch.autograd.grad(model.probability(points, position, tag).sum(), points)
        attributions = ((x - reference)[0] * (weights * gradients).sum(dim=0)).sum(dim=1)
        rows.append({
            "tag": TAGS[tag], "attributions": attributions.tolist(), "input_score": input_score, "baseline_score": baseline_score,
            "delta": float(attributions.sum()) - (input_score - baseline_score),
        })
    return rows


def seeded_model(seed, crf):
    torch.manual_seed(seed)
    model = TaggingModel(crf)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            # Wide weights so that the probabilities move well away from 1/K along the path; the padding row is not zero,
            # so the Pad and Zero baselines differ.
            if name == "word_embedding.weight":
                parameter.normal_(0.0, 1.0)
            else:
                parameter.uniform_(-1.0, 1.0)
    return model


MODELS = [("tagger_crf", 23, True), ("tagger_softmax", 24, False)]
CASES = [  # ids, rule, baseline, steps, target tag (None: the predicted one)
    ([5, 3, 9, 2, 7], "GaussLegendre", "Pad", 16, None),
    ([7, 4, 11, 6], "RiemannTrapezoid", "Zero", 12, None),
    ([2, 10, 4], "GaussLegendre", "Unknown", 24, "B-PER"),
    ([9, 6, 5, 11, 2, 8], "RiemannMiddle", "Pad", 8, None),
]


def main():
    models = []
    for name, seed, crf in MODELS:
        model = seeded_model(seed, crf)
        save_safetensors(model, f"{name}.safetensors")
        # The C# side holds the float32 weights; compute in float64 from exactly those values.
        model = model.to(torch.float32).double()
        cases = []
        for ids, rule, baseline, steps, target in CASES:
            expected = integrated_gradients(model, ids, rule, baseline, steps, target)
            cases.append({"ids": ids, "rule": rule, "baseline": baseline, "steps": steps, "target": target, "expected": expected})
        models.append({"name": name, "weights": f"{name}.safetensors", "crf": crf, "cases": cases})
    goldens = {
        "words": WORDS, "tags": TAGS, "embedding_dimension": EMBEDDING_DIMENSION, "hidden_size": HIDDEN_SIZE, "torch": torch.__version__,
        "models": models,
    }
    with open("tagger_ig_goldens.json", "w") as file:
        json.dump(goldens, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
