#!/usr/bin/python3
"""PyTorch reference for the soak runs of bench/RESULTS.md: the same models as `rnn train classify` / `rnn train lm`,
trained the same way, reporting seconds per epoch (or tokens/s) and the peak resident set (ru_maxrss).

classify: embedding (GloVe vectors where given) -> bidirectional LSTM -> max over time (padding masked) -> linear;
          batches of similar length (shuffled, sorted by length in chunks of 100 batches, as rnn does), packed sequences,
          Adam lr 1e-3, cross-entropy; --valid-split of the data held out (seeded), evaluated after each epoch.
lm:       char LSTM language model: embedding 64 -> LSTM (layers x hidden) -> linear; contiguous streams (batch 32),
          100-step windows, state carried and detached, Adam lr 5e-3, gradient norm clipped at 5, for --seconds.
Threads: OpenBLAS 2, torch intra-op 1 (the fast 2-core setting of ../shared/bench/benchutil.py).

Usage (run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset):
  /usr/bin/python3 bench/torch_memory_ref.py classify --data ../shared/data/sentiment_sst2_train/stsa.binary.train \
      --format label-first --pretrained ../shared/data/glove_twitter_25d_subset/glove.twitter.27B.25d.common11925.txt --epochs 10
  /usr/bin/python3 bench/torch_memory_ref.py classify --data ../shared/data/names --format folder --level char \
      --no-lowercase --valid-split 0.2 --hidden 256 --embedding-dim 64 --batch-size 64 --epochs 3
  /usr/bin/python3 bench/torch_memory_ref.py lm --data data/tinyshakespeare/input.txt --layers 2 --hidden 512 --seconds 120
"""
import argparse, json, os, random, resource, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'bench')))
import torch, torch.nn as nn, torch.nn.functional as F  # noqa: E402
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence  # noqa: E402
from benchutil import set_threads  # noqa: E402


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def read_examples(a):
    """(text, label) pairs: 'label text' lines, or a folder of <label>.txt files with one text per line."""
    if a.format == 'label-first':
        with open(a.data, encoding='utf-8') as f:
            return [(line[2:].strip(), line[0]) for line in f if line.strip()]
    examples = []
    for name in sorted(os.listdir(a.data)):
        if name.endswith('.txt') and name != 'SOURCE.md':
            with open(os.path.join(a.data, name), encoding='utf-8') as f:
                examples += [(line.strip(), name[:-4]) for line in f if line.strip()]
    return examples


def tokens(text, a):
    text = text.lower() if a.lowercase else text
    return list(text) if a.level == 'char' else text.split()


def batches(lengths, size, rng):
    """Shuffled indices cut into batches of similar length: sorted by length within chunks of 100 batches."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk, plan = size * 100, []
    for start in range(0, len(order), chunk):
        part = sorted(order[start:start + chunk], key=lambda i: lengths[i])
        plan += [part[i:i + size] for i in range(0, len(part), size)]
    rng.shuffle(plan)
    return plan


class Classifier(nn.Module):
    def __init__(self, vocab, dim, hidden, classes):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim, padding_idx=0)
        self.lstm = nn.LSTM(dim, hidden, bidirectional=True)
        self.output = nn.Linear(2 * hidden, classes)

    def forward(self, ids, lengths):  # ids (T, B), lengths (B,)
        packed = pack_padded_sequence(self.embedding(ids), lengths, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = pad_packed_sequence(out, padding_value=float('-inf'))  # (T, B, 2H), padding never the max
        return self.output(out.max(dim=0).values)


def classify(a):
    rng = random.Random(a.seed)
    examples = read_examples(a)
    rng.shuffle(examples)
    n_valid = int(len(examples) * a.valid_split)
    valid, train = examples[:n_valid], examples[n_valid:]
    labels = sorted({label for _, label in examples})
    vocab = {'<pad>': 0, '<unk>': 1}
    for text, _ in train:
        for t in tokens(text, a):
            vocab.setdefault(t, len(vocab))
    dim = a.embedding_dim
    vectors = {}
    if a.pretrained:
        with open(a.pretrained, encoding='utf-8') as f:
            for line in f:
                parts = line.rstrip().split(' ')
                if parts[0] in vocab:
                    vectors[parts[0]] = [float(v) for v in parts[1:]]
        dim = len(next(iter(vectors.values())))
    model = Classifier(len(vocab), dim, a.hidden, len(labels))
    with torch.no_grad():
        for word, vector in vectors.items():
            model.embedding.weight[vocab[word]] = torch.tensor(vector)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def encode(data):
        ids = [[vocab.get(t, 1) for t in tokens(text, a)][:a.max_length] or [1] for text, _ in data]
        return ids, [labels.index(label) for _, label in data]

    def tensors(ids, ys, batch):
        longest = max(len(ids[i]) for i in batch)
        x = torch.zeros(longest, len(batch), dtype=torch.long)
        for column, i in enumerate(batch):
            x[:len(ids[i]), column] = torch.tensor(ids[i])
        return x, torch.tensor([len(ids[i]) for i in batch]), torch.tensor([ys[i] for i in batch])

    train_ids, train_y = encode(train)
    valid_ids, valid_y = encode(valid)
    print(json.dumps({'examples': len(examples), 'train': len(train), 'valid': len(valid), 'vocab': len(vocab),
                      'parameters': sum(p.numel() for p in model.parameters())}), flush=True)
    for epoch in range(1, a.epochs + 1):
        model.train()
        start, total, count = time.perf_counter(), 0.0, 0
        for batch in batches([len(ids) for ids in train_ids], a.batch_size, rng):
            x, lengths, y = tensors(train_ids, train_y, batch)
            loss = F.cross_entropy(model(x, lengths), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total, count = total + loss.item() * len(batch), count + len(batch)
        seconds = time.perf_counter() - start
        model.eval()
        correct = 0
        with torch.inference_mode():
            for batch in batches([len(ids) for ids in valid_ids], a.batch_size, rng):
                x, lengths, y = tensors(valid_ids, valid_y, batch)
                correct += (model(x, lengths).argmax(dim=1) == y).sum().item()
        print(json.dumps({'epoch': epoch, 'train_loss': round(total / count, 4),
                          'valid_accuracy': round(correct / max(1, len(valid)), 4), 'train_s': round(seconds, 2),
                          'peak_mb': round(peak_mb())}), flush=True)


class CharModel(nn.Module):
    def __init__(self, vocab, dim, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, num_layers=layers)
        self.output = nn.Linear(hidden, vocab)

    def forward(self, ids, state):  # ids (T, B)
        out, state = self.lstm(self.embedding(ids), state)
        return self.output(out), state


def lm(a):
    torch.manual_seed(a.seed)
    text = open(a.data, encoding='utf-8').read()
    chars = sorted(set(text))
    index = {ch: i for i, ch in enumerate(chars)}
    data = torch.tensor([index[ch] for ch in text])
    data = data[:int(0.9 * len(data))]
    B, T = a.batch_size, a.seq_length
    streams = data[:len(data) // B * B].view(B, -1).t().contiguous()  # (N, B) contiguous streams
    model = CharModel(len(chars), a.embedding_dim, a.hidden, a.layers)
    opt = torch.optim.Adam(model.parameters(), lr=5e-3)
    print(json.dumps({'vocab': len(chars), 'parameters': sum(p.numel() for p in model.parameters())}), flush=True)
    state, position, steps, start = None, 0, 0, time.perf_counter()
    while time.perf_counter() - start < a.seconds:
        if position + T + 1 > streams.size(0):
            state, position = None, 0
        x, y = streams[position:position + T], streams[position + 1:position + T + 1]
        logits, state = model(x, state)
        state = tuple(s.detach() for s in state)
        loss = F.cross_entropy(logits.reshape(-1, len(chars)), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        position, steps = position + T, steps + 1
        if steps % 20 == 0:
            elapsed = time.perf_counter() - start
            print(json.dumps({'step': steps, 'loss': round(loss.item(), 4), 'tokens_per_s': round(steps * B * T / elapsed),
                              'peak_mb': round(peak_mb())}), flush=True)
    elapsed = time.perf_counter() - start
    print(json.dumps({'steps': steps, 'tokens_per_s': round(steps * B * T / elapsed), 'peak_mb': round(peak_mb())}), flush=True)


p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
sub = p.add_subparsers(dest='task', required=True)
c = sub.add_parser('classify')
c.add_argument('--data', required=True)
c.add_argument('--format', choices=['label-first', 'folder'], default='label-first')
c.add_argument('--level', choices=['word', 'char'], default='word')
c.add_argument('--no-lowercase', dest='lowercase', action='store_false')
c.add_argument('--pretrained')
c.add_argument('--valid-split', type=float, default=0.1)
c.add_argument('--hidden', type=int, default=128)
c.add_argument('--embedding-dim', type=int, default=100)
c.add_argument('--batch-size', type=int, default=32)
c.add_argument('--max-length', type=int, default=256)
c.add_argument('--epochs', type=int, default=10)
l = sub.add_parser('lm')
l.add_argument('--data', required=True)
l.add_argument('--layers', type=int, default=2)
l.add_argument('--hidden', type=int, default=256)
l.add_argument('--embedding-dim', type=int, default=64)
l.add_argument('--batch-size', type=int, default=32)
l.add_argument('--seq-length', type=int, default=100)
l.add_argument('--seconds', type=float, default=120)
for parser in (c, l):
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--threads', type=int, default=2)
a = p.parse_args()
set_threads(a.threads, torch_threads=1)
classify(a) if a.task == 'classify' else lm(a)
