"""Writes conlleval_random_iob.txt: 400 sentences of random IOB tags (B-, I- or O; PER, LOC, ORG), gold then predicted.

    python3 make_random_iob.py
    perl conlleval.pl < conlleval_random_iob.txt > conlleval_random_iob.expected

The .expected file is what conlleval.pl (version 2004-01-26, the CoNLL shared tasks' scorer; not kept here for its
licence) printed for it. Random tags hit every combination of conlleval's chunk rules for these prefixes.
"""
import os
import random

rng = random.Random(1)


def tag():
    prefix = rng.choice(["B", "I", "O", "O"])
    return "O" if prefix == "O" else prefix + "-" + rng.choice(["PER", "LOC", "ORG"])


lines = []
for _ in range(400):
    for t in range(rng.randint(1, 12)):
        lines.append(f"w{t} {tag()} {tag()}")
    lines.append("")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "conlleval_random_iob.txt"), "w", newline="\n") as f:
    f.write("\n".join(lines) + "\n")
