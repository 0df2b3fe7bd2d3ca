#!/usr/bin/python3
"""Golden file for the linear-chain CRF layer (Recurrent.Layers.Crf), and its PyTorch timing.

Run with Debian's PyTorch (1.13) from the repository root:

    /usr/bin/python3 tests/Recurrent.Tests/Goldens/Crf/make_crf_goldens.py              # writes crf.json
    /usr/bin/python3 tests/Recurrent.Tests/Goldens/Crf/make_crf_goldens.py --benchmark  # times the CRF, float32, 1 thread

The CRF below is pytorch-crf's (batch-first, with a mask from the lengths): _compute_score, _compute_normalizer and
_viterbi_decode, with parameters start_transitions [K], end_transitions [K] and transitions [K, K] (transitions[i, j]
scores tag j following tag i). Constraints, as in AllenNLP's CRF, replace the forbidden transitions, starts and ends by
-inf, so they have probability 0, are never decoded and get no gradient. The loss is the mean over the sentences of
log Z - score(gold path). Each case is seeded, in float64; gold tags at padded steps are written as -1.
"""

import json
import os
import sys
import time

import torch

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crf.json")

IOB2_TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]


def iob2_constraints(tags):
    """allowed[i, j], allowed_start, allowed_end: I-X only after B-X or I-X, and never first."""
    k = len(tags)
    allowed = torch.ones(k, k, dtype=torch.bool)
    allowed_start = torch.ones(k, dtype=torch.bool)
    for j, tag in enumerate(tags):
        if tag.startswith("I-"):
            allowed_start[j] = False
            for i, previous in enumerate(tags):
                allowed[i, j] = previous in ("B-" + tag[2:], "I-" + tag[2:])
    return allowed, allowed_start, torch.ones(k, dtype=torch.bool)


def masked(start, end, transitions, constraints):
    if constraints is None:
        return start, end, transitions
    allowed, allowed_start, allowed_end = constraints
    minus_inf = float("-inf")
    return (start.masked_fill(~allowed_start, minus_inf), end.masked_fill(~allowed_end, minus_inf),
            transitions.masked_fill(~allowed, minus_inf))


def compute_score(emissions, tags, mask, start, end, transitions):
    """score(gold path) [B]: pytorch-crf's _compute_score, batch-first."""
    batch, steps, _ = emissions.shape
    rows = torch.arange(batch)
    score = start[tags[:, 0]] + emissions[rows, 0, tags[:, 0]]
    for t in range(1, steps):
        step = transitions[tags[:, t - 1], tags[:, t]] + emissions[rows, t, tags[:, t]]
        score = score + torch.where(mask[:, t], step, torch.zeros_like(step))
    last = tags[rows, mask.sum(1) - 1]
    return score + end[last]


def compute_normalizer(emissions, mask, start, end, transitions):
    """log Z [B]: pytorch-crf's _compute_normalizer, batch-first."""
    score = start + emissions[:, 0]
    for t in range(1, emissions.shape[1]):
        next_score = torch.logsumexp(score.unsqueeze(2) + transitions + emissions[:, t].unsqueeze(1), dim=1)
        score = torch.where(mask[:, t].unsqueeze(1), next_score, score)
    return torch.logsumexp(score + end, dim=1)


def viterbi_decode(emissions, mask, start, end, transitions):
    """The best path of each sentence: pytorch-crf's _viterbi_decode, batch-first."""
    score = start + emissions[:, 0]
    history = []
    for t in range(1, emissions.shape[1]):
        next_score, indices = (score.unsqueeze(2) + transitions + emissions[:, t].unsqueeze(1)).max(dim=1)
        score = torch.where(mask[:, t].unsqueeze(1), next_score, score)
        history.append(indices)
    score = score + end
    paths = []
    for b, length in enumerate(mask.sum(1).tolist()):
        best = [score[b].argmax().item()]
        for indices in reversed(history[:length - 1]):
            best.append(indices[b][best[-1]].item())
        paths.append(best[::-1])
    return paths


def negative_log_likelihood(emissions, tags, lengths, start, end, transitions, constraints):
    steps = emissions.shape[1]
    mask = torch.arange(steps).unsqueeze(0) < torch.tensor(lengths).unsqueeze(1)
    start, end, transitions = masked(start, end, transitions, constraints)
    safe_tags = tags.clamp(min=0)
    log_z = compute_normalizer(emissions, mask, start, end, transitions)
    score = compute_score(emissions, safe_tags, mask, start, end, transitions)
    return (log_z - score).mean(), log_z, mask, (start, end, transitions)


def allowed_walk(length, tags, constraints, generator):
    """A random tag path that the constraints allow."""
    allowed, allowed_start, _ = constraints
    path = [int(torch.multinomial(allowed_start.double(), 1, generator=generator))]
    while len(path) < length:
        path.append(int(torch.multinomial(allowed[path[-1]].double(), 1, generator=generator)))
    return path


def run_case(index, name, batch, steps, tags, lengths, constrained):
    torch.manual_seed(1600 + index)
    generator = torch.Generator().manual_seed(1700 + index)
    constraints = iob2_constraints(IOB2_TAGS) if constrained else None
    emissions = torch.randn(batch, steps, tags, dtype=torch.float64, requires_grad=True)
    start = (0.5 * torch.randn(tags, dtype=torch.float64)).requires_grad_()
    end = (0.5 * torch.randn(tags, dtype=torch.float64)).requires_grad_()
    transitions = (0.5 * torch.randn(tags, tags, dtype=torch.float64)).requires_grad_()
    gold = torch.full((batch, steps), -1, dtype=torch.long)
    for b, length in enumerate(lengths):
        path = allowed_walk(length, tags, constraints, generator) if constrained else torch.randint(tags, (length,)).tolist()
        gold[b, :length] = torch.tensor(path)
    nll, log_z, mask, effective = negative_log_likelihood(emissions, gold, lengths, start, end, transitions, constraints)
    nll.backward()
    with torch.no_grad():
        best_paths = viterbi_decode(emissions, mask, *effective)
    return dict(
        name=name, tags=tags, tag_names=IOB2_TAGS if constrained else None, scheme="iob2" if constrained else None,
        allowed=constraints[0].tolist() if constrained else None,
        allowed_start=constraints[1].tolist() if constrained else None,
        allowed_end=constraints[2].tolist() if constrained else None,
        emissions=emissions.tolist(), gold_tags=gold.flatten().tolist(), lengths=lengths,
        start_transitions=start.tolist(), end_transitions=end.tolist(), transitions=transitions.tolist(),
        nll=nll.item(), log_partition=log_z.tolist(), best_paths=best_paths,
        gradients=dict(emissions=emissions.grad.tolist(), start_transitions=start.grad.tolist(),
                       end_transitions=end.grad.tolist(), transitions=transitions.grad.tolist()))


CASES = [
    # name, batch, steps, tags, lengths, constrained by IOB2
    ("unconstrained", 4, 6, 5, [6, 3, 1, 5], False),
    ("iob2_constrained", 5, 7, 5, [7, 2, 5, 1, 7], True),
    ("seventeen_tags", 3, 12, 17, [12, 9, 4], False),
]


def benchmark(batch=32, steps=30, tags=17, repeats=50):
    """Median milliseconds of NLL forward + backward and of Viterbi decoding, float32, one thread."""
    torch.set_num_threads(1)
    torch.manual_seed(1800)
    emissions = torch.randn(batch, steps, tags, requires_grad=True)
    start, end = torch.randn(tags, requires_grad=True), torch.randn(tags, requires_grad=True)
    transitions = torch.randn(tags, tags, requires_grad=True)
    gold = torch.randint(tags, (batch, steps))
    lengths = torch.randint(steps // 2, steps + 1, (batch,)).tolist()
    mask = torch.arange(steps).unsqueeze(0) < torch.tensor(lengths).unsqueeze(1)

    def train_step():
        nll = negative_log_likelihood(emissions, gold, lengths, start, end, transitions, None)[0]
        nll.backward()

    def decode():
        with torch.no_grad():
            viterbi_decode(emissions, mask, start, end, transitions)

    for name, step in (("nll forward+backward", train_step), ("viterbi decode", decode)):
        for _ in range(5):
            step()
        times = []
        for _ in range(repeats):
            begin = time.perf_counter()
            step()
            times.append((time.perf_counter() - begin) * 1000)
        times.sort()
        print(f"pytorch {name}, B={batch} T={steps} K={tags}, float32, 1 thread: median {times[len(times) // 2]:.3f} ms")


def main():
    if "--benchmark" in sys.argv:
        benchmark()
        return
    golden = dict(cases=[run_case(i, *case) for i, case in enumerate(CASES)])
    with open(OUT_PATH, "w") as f:
        json.dump(golden, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
