#!/usr/bin/python3
"""PyTorch reference of `rnn train classify` on SST-2: the same Bi-LSTM, data split, vocabulary and budget.

Two sub-commands:

    classify_sst2_torch.py split --data stsa.binary.train --out DIR [--fraction 0.1] [--seed 1]
        writes DIR/train.txt and DIR/valid.txt (label-first lines, as read): a stratified, seeded 10% held out.
        Both programs then read the same two files (`rnn train classify --data DIR/train.txt --valid DIR/valid.txt`).

    classify_sst2_torch.py train --train DIR/train.txt --valid DIR/valid.txt --pretrained glove.txt --seed 1
        [--pretrained-vocabulary train|all] [--pretrained-mode init|concat] [--embedding-dim 100]
        [--tokenizer whitespace|recurrent] [--embedding-init-std 1.0] [--epochs 10] [--batch-size 32] [--lr 1e-3]
        trains and prints one line per epoch and the validation accuracy of the best epoch (lowest validation loss, whose
        weights are restored, as Recurrent's default --monitor valid_loss does).

The model, as Recurrent builds it (src/Recurrent/Tasks/Classification/TextClassifier.cs):
    ids [B, T] → embedding [B, T, E] (init: GloVe rows, fine-tuned; concat: [frozen GloVe 25 | trainable E])
    → Bi-LSTM H=128 [B, T, 2H] → max over the real steps [B, 2H] → Linear → logits [B, 2]; Adam, cross-entropy, no dropout.
Layers keep PyTorch's own initialisation (LSTM and Linear uniform ±1/√fan); trainable embedding rows N(0, σ²) with
σ = --embedding-init-std (PyTorch's default 1; Recurrent's default 0.1); the padding row is zero.
Words without a vector: N(0, 0.1²) in init mode (Recurrent's EmbeddingMatrixOptions default), zeros in the frozen part.
"""
import argparse
import collections
import random
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

PAD, UNK = 0, 1


def read_label_first(path):
    """(label, text) per non-empty line: the first whitespace-separated field is the label."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            label, _, text = line.strip().partition(" ")
            rows.append((label, text))
    return rows


def split(args):
    """Stratified hold-out: each class's lines shuffled with Random(seed), round(fraction·n_c) of them to validation."""
    with open(args.data, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip()]
    by_class = collections.defaultdict(list)
    for i, line in enumerate(lines):
        by_class[line.split(None, 1)[0]].append(i)
    rng = random.Random(args.seed)
    valid = set()
    for label in sorted(by_class):
        indices = by_class[label]
        rng.shuffle(indices)
        valid.update(indices[: round(args.fraction * len(indices))])
    import os
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "train.txt"), "w", encoding="utf-8") as t, \
            open(os.path.join(args.out, "valid.txt"), "w", encoding="utf-8") as v:
        for i, line in enumerate(lines):
            (v if i in valid else t).write(line + "\n")
    print(f"{len(lines) - len(valid)} training, {len(valid)} validation lines in {args.out}")


# Recurrent's WordTokenizer (src/Recurrent/Text/WordTokenizer.cs), for lower-cased text: a word is a run of \w with '.'/','
# between digits and an apostrophe between letters kept inside; a final n't or 's 'm 'd 'll 're 've is split off; every
# other character is a token, a run of one repeated character one token.
_CLITICS = {"s", "m", "d", "ll", "re", "ve"}


def _is_word(c):
    return c.isalnum() or c == "_"


def _add_word(word, tokens):
    if len(word) > 3 and word.endswith("n't"):
        tokens += [word[:-3], "n't"]
        return
    cut = word.rfind("'")
    if cut > 0 and word[cut + 1:] in _CLITICS:
        tokens += [word[:cut], word[cut:]]
        return
    tokens.append(word)


def tokenize_recurrent(text):
    tokens = []
    for chunk in text.lower().split():
        i, n = 0, len(chunk)
        while i < n:
            if _is_word(chunk[i]):
                j = i
                while j < n:
                    if _is_word(chunk[j]):
                        j += 1
                        continue
                    if j + 1 < n and j > i and ((chunk[j] in ".," and chunk[j - 1].isdigit() and chunk[j + 1].isdigit())
                                                or (chunk[j] == "'" and chunk[j - 1].isalpha() and chunk[j + 1].isalpha())):
                        j += 1
                        continue
                    break
                _add_word(chunk[i:j], tokens)
                i = j
                continue
            if chunk[i] == "'":
                j = i + 1
                while j < n and _is_word(chunk[j]):
                    j += 1
                if j > i + 1 and chunk[i + 1:j] in _CLITICS:
                    tokens.append(chunk[i:j])
                    i = j
                    continue
            j = i + 1
            while j < n and chunk[j] == chunk[i]:
                j += 1
            tokens.append(chunk[i:j])
            i = j
    return tokens


def tokenize_whitespace(text):
    return text.lower().split()


def read_vectors(path):
    words, rows = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip().split(" ")
            words.append(fields[0])
            rows.append([float(x) for x in fields[1:]])
    return words, np.asarray(rows, dtype=np.float32)


class Classifier(nn.Module):
    def __init__(self, vocab_size, pretrained, mode, embedding_dim, init_std, hidden=128, classes=2):
        super().__init__()
        glove_dim = pretrained.shape[1]
        self.mode = mode
        if mode == "init":
            self.embedding = nn.Embedding(vocab_size, glove_dim, padding_idx=PAD)
            self.embedding.weight.data.copy_(torch.from_numpy(pretrained))     # [V, 25], fine-tuned
            width = glove_dim
        else:
            self.pretrained = nn.Embedding.from_pretrained(torch.from_numpy(pretrained), freeze=True, padding_idx=PAD)  # [V, 25]
            self.embedding = nn.Embedding(vocab_size, embedding_dim, padding_idx=PAD)                                  # [V, E]
            nn.init.normal_(self.embedding.weight, 0.0, init_std)
            with torch.no_grad():
                self.embedding.weight[PAD].zero_()
            width = glove_dim + embedding_dim
        self.encoder = nn.LSTM(width, hidden, batch_first=True, bidirectional=True)
        self.output = nn.Linear(2 * hidden, classes)

    def forward(self, ids, lengths):                          # ids [B, T], lengths [B]
        x = self.embedding(ids)                                # [B, T, E]
        if self.mode == "concat":
            x = torch.cat([self.pretrained(ids), x], dim=2)   # [B, T, 25 + E]
        packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.encoder(packed)
        out, _ = pad_packed_sequence(out, batch_first=True, padding_value=float("-inf"))  # [B, T, 2H], padding −∞
        return self.output(out.max(dim=1).values)             # max over real steps → [B, 2H] → [B, C]


def batches(examples, batch_size, rng, shuffle):
    order = list(range(len(examples)))
    if shuffle:
        rng.shuffle(order)
    for start in range(0, len(order), batch_size):
        chunk = [examples[i] for i in order[start:start + batch_size]]
        lengths = torch.tensor([len(ids) for ids, _ in chunk])
        ids = torch.zeros(len(chunk), int(lengths.max()), dtype=torch.long)
        for b, (row, _) in enumerate(chunk):
            ids[b, :len(row)] = torch.tensor(row)
        yield ids, lengths, torch.tensor([label for _, label in chunk])


def evaluate(model, examples):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for ids, lengths, labels in batches(examples, 128, None, shuffle=False):
            logits = model(ids, lengths)
            loss += nn.functional.cross_entropy(logits, labels, reduction="sum").item()
            correct += (logits.argmax(1) == labels).sum().item()
    model.train()
    return loss / len(examples), correct / len(examples)


def train(args):
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    tokenize = tokenize_recurrent if args.tokenizer == "recurrent" else tokenize_whitespace
    train_rows, valid_rows = read_label_first(args.train), read_label_first(args.valid)
    labels = sorted({label for label, _ in train_rows})

    # Vocabulary as Recurrent builds it: <pad>, <unk>, training tokens by descending count (ties in ordinal order),
    # then with --pretrained-vocabulary all the vector file's words they lack, in file order.
    counts = collections.Counter(t for _, text in train_rows for t in tokenize(text))
    vocab = ["<pad>", "<unk>"] + sorted(counts, key=lambda t: (-counts[t], t))
    words, vectors = read_vectors(args.pretrained)
    if args.pretrained_vocabulary == "all":
        present = set(vocab)
        vocab += [w for w in words if w not in present and tokenize(w) == [w]]
    vocab = vocab[:50_000]
    index = {t: i for i, t in enumerate(vocab)}
    row_of = {w: i for i, w in enumerate(words)}

    # [V, 25]: GloVe rows; a token without one gets N(0, 0.1²) (init mode, learnt) or zeros (the frozen part of concat).
    matrix = np.zeros((len(vocab), vectors.shape[1]), dtype=np.float32)
    noise = np.random.default_rng(args.seed)
    for i, token in enumerate(vocab):
        if i == PAD:
            continue
        if token in row_of and i != UNK:
            matrix[i] = vectors[row_of[token]]
        elif args.pretrained_mode == "init":
            matrix[i] = noise.normal(0.0, 0.1, vectors.shape[1])

    def encode(rows):
        return [([index.get(t, UNK) for t in tokenize(text)][:256] or [UNK], labels.index(label)) for label, text in rows]

    train_set, valid_set = encode(train_rows), encode(valid_rows)
    valid_tokens = [i for ids, _ in valid_set for i in ids]
    print(f"vocabulary {len(vocab)}; validation tokens {sum(i == UNK for i in valid_tokens) / len(valid_tokens):.1%} unknown")

    model = Classifier(len(vocab), matrix, args.pretrained_mode, args.embedding_dim, args.embedding_init_std)
    optimizer = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    best = (float("inf"), 0.0, 0)
    best_state = None
    clock = time.time()
    for epoch in range(1, args.epochs + 1):
        total = 0.0
        for ids, lengths, targets in batches(train_set, args.batch_size, rng, shuffle=True):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(ids, lengths), targets)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(targets)
        valid_loss, valid_accuracy = evaluate(model, valid_set)
        print(f"epoch {epoch}  train_loss {total / len(train_set):.4f}  valid_loss {valid_loss:.4f}  "
              f"valid_accuracy {valid_accuracy:.4f}  {time.time() - clock:.0f} s", flush=True)
        if valid_loss < best[0]:
            best = (valid_loss, valid_accuracy, epoch)
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    print(f"best epoch {best[2]} (valid_loss {best[0]:.4f}): validation accuracy {evaluate(model, valid_set)[1]:.4f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("split")
    s.add_argument("--data", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--fraction", type=float, default=0.1)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("--threads", type=int, default=1)
    t = commands.add_parser("train")
    t.add_argument("--train", required=True)
    t.add_argument("--valid", required=True)
    t.add_argument("--pretrained", required=True)
    t.add_argument("--seed", type=int, default=1)
    t.add_argument("--pretrained-vocabulary", choices=["train", "all"], default="train")
    t.add_argument("--pretrained-mode", choices=["init", "concat"], default="init")
    t.add_argument("--embedding-dim", type=int, default=100, help="the trainable part's width in concat mode")
    t.add_argument("--embedding-init-std", type=float, default=1.0)
    t.add_argument("--tokenizer", choices=["whitespace", "recurrent"], default="whitespace")
    t.add_argument("--epochs", type=int, default=10)
    t.add_argument("--batch-size", type=int, default=32)
    t.add_argument("--lr", type=float, default=1e-3)
    t.add_argument("--threads", type=int, default=1, help="1: OpenMP threads spin on a shared 2-core machine")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    split(args) if args.command == "split" else train(args)


if __name__ == "__main__":
    sys.exit(main())
