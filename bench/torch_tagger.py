#!/usr/bin/python3
"""PyTorch reference of issue 16's tagger (Bi-LSTM-CRF with character features): entity F1 after a budget, and speed.

The model (the issue's sizes; Recurrent's tagger is the same model):
    per token: word id (vocabulary of lower-cased tokens with every digit replaced by 0; <pad>=0 <unk>=1), the token's
    characters (original case, Unicode code points; vocabulary of the training characters, <pad>=0 <unk>=1), casing (6)
    word embedding E_w [B, T, E_w] (100, or the pretrained vectors' dimension: 25 for GloVe Twitter 25d)
      ⊕ character features [B, T, 50]  (each distinct word of the batch encoded once, then gathered per token)
          cnn:  char embedding 30 → Conv1d(30 → 50, kernel 3, padding 1) → max over the word's own characters
          lstm: char embedding 30 → Bi-LSTM 25 per direction over the word's characters → [h_fwd_last; h_bwd_first]
      ⊕ casing one-hot [B, T, 6]  (Numeric, Lower, Upper, Title, ContainsDigit, Other: Recurrent's WordCasings.Of)
    → dropout 0.5 → Bi-LSTM 200 per direction (packed by sentence length) → dropout 0.5 → Linear(400 → K) → emissions
    → linear-chain CRF over the K BIOES tags of the training data (start, end and K × K transition scores, as
      pytorch-crf), trained by its negative log-likelihood, mean over the sentences of a batch.
    Adam lr 1e-3, gradient norm clipped at 5, batches of 32 shuffled sentences padded to the batch's longest.
Embeddings: nn.Embedding's N(0, 1) rows (padding row zero); with --pretrained, the vocabulary is the training words
followed by the pretrained file's words it lacks (keys normalised the same way, first one wins), rows of words with a
vector are copied from the file and the others drawn N(0, 0.1²) (Recurrent's EmbeddingMatrixOptions default), fine-tuned.
Data: CoNLL column files, whitespace-separated, the tag in the last column; '-DOCSTART-' lines start documents, lines
that are empty after stripping (WNUT17 separates posts with a lone TAB) end sentences. Tags in IOB1 (CoNLL-2003) or
IOB2 (WNUT17) are read into entity spans by conlleval's rules and trained as BIOES; validation entity precision, recall
and F1 are conlleval's (micro-averaged over exact spans: same first token, last token and type).

Run with Debian's torch, AVX-512 OpenBLAS and the 2-core split (OpenBLAS 2 threads, torch 1; ../shared/bench/README.md):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_tagger.py --mode train \
        --data ../shared/data/ner_conll2003/eng.train --valid DIR/validation.conll \
        [--pretrained ../shared/data/glove_twitter_25d_subset/glove.twitter.27B.25d.common11925.txt] \
        [--char cnn|lstm] [--epochs 10] [--minutes 15]
  trains on the data minus the documents of the --valid file (a document matches when its token sequence is the same;
  without --valid, a seeded 10% of the documents is held out, or of the sentences when the file has fewer than 10
  documents) and prints one JSON line per epoch: mean training loss, validation loss, entity precision, recall and F1,
  seconds. Nothing is written.
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_tagger.py --mode speed --seconds 10 \
        [--data FILE] [--pretrained glove.txt] [--char cnn|lstm]
  prints one JSON line: training sentences/s (forward + CRF negative log-likelihood + backward + clip + Adam) and tagging
  sentences/s (evaluation mode: forward + Viterbi), both on batches of 32 shuffled training sentences of the data
  (default ../shared/data/ner_conll2003/eng.train, else data/tagging/toy.train.conll, else a synthetic corpus).
Smoke tests: --mode speed --seconds 3;  --mode train --minutes 1 --epochs 1.
"""
import argparse, collections, json, math, os, random, sys, time, unicodedata

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'bench')))
from benchutil import set_threads, env_info  # noqa: E402

CONLL = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'data', 'ner_conll2003', 'eng.train'))
TOY = os.path.normpath(os.path.join(HERE, '..', 'data', 'tagging', 'toy.train.conll'))
PAD, UNK = 0, 1
BATCH = 32


# ---------------------------------------------------------------- data

Sentence = collections.namedtuple('Sentence', 'tokens tags document')


def read_conll(path):
    """Sentences of a CoNLL column file: tokens, tags (last column) and document number (0-based; a file without
    -DOCSTART- lines is one document)."""
    sentences, tokens, tags, document, started = [], [], [], 0, False

    def flush():
        if tokens:
            sentences.append(Sentence(list(tokens), list(tags), document))
            tokens.clear()
            tags.clear()

    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = line.split()
            if not fields:
                flush()
            elif fields[0] == '-DOCSTART-':
                flush()
                document += started
                started = True
            else:
                started = True
                tokens.append(fields[0])
                tags.append(fields[-1])
    flush()
    return sentences


def synthetic_corpus(sentences=2000, seed=1):
    """Random sentences of 5–30 tokens over 3,000 made-up words, a fifth of them in IOB1 entities of four types."""
    rng = random.Random(seed)
    words = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(2, 10))) for _ in range(3000)]
    corpus = []
    for i in range(sentences):
        tokens, tags = [], []
        while len(tokens) < rng.randint(5, 30):
            word = rng.choice(words)
            if rng.random() < 0.2:
                kind = rng.choice(['PER', 'LOC', 'ORG', 'MISC'])
                for _ in range(rng.randint(1, 3)):
                    tokens.append(word.capitalize())
                    tags.append('I-' + kind)
            else:
                tokens.append(rng.choice([word, word, str(rng.randint(0, 2000)), ',', '.']))
                tags.append('O')
        corpus.append(Sentence(tokens, tags, i // 20))
    return corpus


def documents(sentences):
    """{document number: its sentences}, in file order."""
    grouped = collections.OrderedDict()
    for s in sentences:
        grouped.setdefault(s.document, []).append(s)
    return grouped


def split(sentences, valid_path, seed):
    """(training sentences, validation sentences): the documents of valid_path are held out (matched by their token
    sequences); without it, a seeded 10% of the documents (of the sentences when there are fewer than 10 documents)."""
    if valid_path:
        valid = read_conll(valid_path)
        held = {tuple(t for s in doc for t in s.tokens) for doc in documents(valid).values()}
        train = [s for doc in documents(sentences).values() if tuple(t for s in doc for t in s.tokens) not in held
                 for s in doc]
        return train, valid
    units = list(documents(sentences).values())
    if len(units) < 10:
        units = [[s] for s in sentences]
    order = list(range(len(units)))
    random.Random(seed).shuffle(order)
    held = set(order[:max(1, round(len(units) * 0.1))])
    return ([s for i, u in enumerate(units) if i not in held for s in u],
            [s for i, u in enumerate(units) if i in held for s in u])


# ---------------------------------------------------------------- tags and spans (conlleval's rules)

def split_tag(tag):
    return ('O', '') if tag == 'O' else tuple(tag.split('-', 1)) if '-' in tag else (tag, '')


def end_of_chunk(prev_tag, tag, prev_type, type_):
    """conlleval's endOfChunk: does a chunk end between the previous token and this one?"""
    return (prev_tag in ('E', 'S', ']', '[')
            or (prev_tag == 'B' and tag in ('B', 'S', 'O'))
            or (prev_tag == 'I' and tag in ('B', 'S', 'O'))
            or (prev_tag not in ('O', '.') and prev_type != type_))


def start_of_chunk(prev_tag, tag, prev_type, type_):
    """conlleval's startOfChunk: does a chunk start at this token?"""
    return (tag in ('B', 'S', '[', ']')
            or (prev_tag in ('E', 'S', 'O') and tag in ('E', 'I'))
            or (tag not in ('O', '.') and prev_type != type_))


def spans(tags):
    """Entity spans (first, last, type) of one sentence's tags (IOB1, IOB2 or BIOES) by conlleval's rules."""
    found, start, prev_tag, prev_type = [], None, 'O', ''
    for i, full in enumerate(list(tags) + ['O']):
        tag, type_ = split_tag(full)
        if start is not None and end_of_chunk(prev_tag, tag, prev_type, type_):
            found.append((start, i - 1, prev_type))
            start = None
        if start_of_chunk(prev_tag, tag, prev_type, type_):
            start = i
        prev_tag, prev_type = tag, type_
    return found


def to_bioes(tags):
    """The BIOES tags of the spans that tags (IOB1 or IOB2) mark."""
    out = ['O'] * len(tags)
    for first, last, type_ in spans(tags):
        if first == last:
            out[first] = 'S-' + type_
        else:
            out[first], out[last] = 'B-' + type_, 'E-' + type_
            for i in range(first + 1, last):
                out[i] = 'I-' + type_
    return out


def entity_scores(gold, predicted):
    """conlleval's micro precision, recall and F1 (in %) over exact spans of lists of tag sequences."""
    correct = found = expected = 0
    for g, p in zip(gold, predicted):
        gs, ps = set(spans(g)), set(spans(p))
        correct, found, expected = correct + len(gs & ps), found + len(ps), expected + len(gs)
    precision = 100 * correct / found if found else 0.0
    recall = 100 * correct / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---------------------------------------------------------------- features

CASINGS = 6  # Numeric, Lower, Upper, Title, ContainsDigit, Other


def casing(token):
    """Recurrent's WordCasings.Of: the first rule that holds, over code points (digit = Nd, lower = Ll, upper = Lu)."""
    digits = sum(c.isdecimal() for c in token)
    letters = [c for c in token if c.isalpha()]
    lower = sum(unicodedata.category(c) == 'Ll' for c in letters)
    upper = sum(unicodedata.category(c) == 'Lu' for c in letters)
    if digits == len(token):
        return 0
    if letters and lower == len(letters):
        return 1
    if letters and upper == len(letters):
        return 2
    if unicodedata.category(token[0]) == 'Lu' and lower == len(letters) - 1:
        return 3
    return 4 if digits else 5


def normalise(token):
    """The word-vocabulary key: lower-cased, every decimal digit replaced by 0."""
    return ''.join('0' if c.isdecimal() else c for c in token.lower())


class Vocab:
    """<pad>=0, <unk>=1, then the items by descending count, ties in code-point order (as Recurrent's Vocabulary.Build)."""

    def __init__(self, items):
        counts = collections.Counter(items)
        self.items = ['<pad>', '<unk>'] + sorted(counts, key=lambda w: (-counts[w], w))
        self.index = {w: i for i, w in enumerate(self.items)}

    def extend(self, items):
        for w in items:
            if w not in self.index:
                self.index[w] = len(self.items)
                self.items.append(w)

    def ids(self, items):
        return [self.index.get(w, UNK) for w in items]


def read_vectors(path):
    """{normalised word: vector} of a GloVe text file (first occurrence of a key wins) and the dimension."""
    vectors = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            fields = line.rstrip('\n').split(' ')
            if len(fields) > 2:
                vectors.setdefault(normalise(fields[0]), [float(v) for v in fields[1:]])
    return vectors, len(next(iter(vectors.values())))


class Encoded:
    """A sentence as the model reads it: word ids, casing ids, per-token character ids, tag ids, its tokens and tags."""
    __slots__ = ('words', 'casings', 'chars', 'tags', 'tokens', 'gold')

    def __init__(self, sentence, word_vocab, char_vocab, tag_index):
        self.tokens, self.gold = sentence.tokens, sentence.tags
        self.words = word_vocab.ids(normalise(t) for t in sentence.tokens)
        self.casings = [casing(t) for t in sentence.tokens]
        self.chars = [tuple(char_vocab.ids(t)) for t in sentence.tokens]
        self.tags = [tag_index.get(t, 0) for t in to_bioes(sentence.tags)]


def make_batch(group):
    """Padded tensors of a batch: words, casings, tags [B, T], lengths [B]; the batch's distinct words as character ids
    [W, C] with their lengths [W]; and the row of each token's word [B, T] (0 at padded positions)."""
    lengths = [len(e.words) for e in group]
    steps = max(lengths)
    words = torch.zeros(len(group), steps, dtype=torch.long)
    casings = torch.zeros(len(group), steps, dtype=torch.long)
    tags = torch.zeros(len(group), steps, dtype=torch.long)
    rows = torch.zeros(len(group), steps, dtype=torch.long)
    row_of, distinct = {}, []
    for b, e in enumerate(group):
        n = len(e.words)
        words[b, :n] = torch.tensor(e.words)
        casings[b, :n] = torch.tensor(e.casings)
        tags[b, :n] = torch.tensor(e.tags)
        for t, token in enumerate(e.tokens):
            row = row_of.get(token)
            if row is None:
                row = row_of[token] = len(distinct)
                distinct.append(e.chars[t])
            rows[b, t] = row
    width = max(len(c) for c in distinct)
    chars = torch.zeros(len(distinct), width, dtype=torch.long)
    for w, c in enumerate(distinct):
        chars[w, :len(c)] = torch.tensor(c)
    return dict(words=words, casings=casings, tags=tags, lengths=torch.tensor(lengths), chars=chars,
                char_lengths=torch.tensor([len(c) for c in distinct]), rows=rows)


def batches(encoded, rng, bucket=False):
    """Batches of 32 shuffled sentences, forever. With bucket, as Recurrent's BatchPlan groups them: the shuffled sentences
    are sorted by length within chunks of 50 batches, cut into batches, and the batches shuffled (little padding)."""
    order = list(range(len(encoded)))
    while True:
        rng.shuffle(order)
        if not bucket:
            for i in range(0, len(order), BATCH):
                yield make_batch([encoded[j] for j in order[i:i + BATCH]])
            continue
        cut = []
        for c in range(0, len(order), 50 * BATCH):
            chunk = sorted(order[c:c + 50 * BATCH], key=lambda j: len(encoded[j].words))
            cut.extend(chunk[i:i + BATCH] for i in range(0, len(chunk), BATCH))
        rng.shuffle(cut)
        for group in cut:
            yield make_batch([encoded[j] for j in group])


# ---------------------------------------------------------------- model

class CharacterCnn(nn.Module):
    def __init__(self, vocabulary, embedding=30, features=50, kernel=3):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding, padding_idx=PAD)
        self.conv = nn.Conv1d(embedding, features, kernel, padding=(kernel - 1) // 2)

    def forward(self, chars, lengths):
        """[W, C] character ids → [W, 50]: max over each word's own characters."""
        filtered = self.conv(self.embedding(chars).transpose(1, 2)).transpose(1, 2)           # [W, C, 50]
        past_end = torch.arange(chars.shape[1]).unsqueeze(0) >= lengths.unsqueeze(1)          # [W, C]
        return filtered.masked_fill(past_end.unsqueeze(2), float('-inf')).max(dim=1).values


class CharacterLstm(nn.Module):
    def __init__(self, vocabulary, embedding=30, features=50):
        super().__init__()
        self.embedding = nn.Embedding(vocabulary, embedding, padding_idx=PAD)
        self.lstm = nn.LSTM(embedding, features // 2, batch_first=True, bidirectional=True)

    def forward(self, chars, lengths):
        """[W, C] character ids → [W, 50] = [h_fwd at the last character; h_bwd at the first]."""
        packed = pack_padded_sequence(self.embedding(chars), lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)                                                        # [2, W, 25]
        return torch.cat([h_n[0], h_n[1]], dim=1)


class Crf(nn.Module):
    """Linear-chain CRF over K tags, as pytorch-crf: score(y) = start[y_0] + Σ_t emissions[t, y_t]
    + Σ_{t>0} transitions[y_{t-1}, y_t] + end[y_{L-1}]; parameters initialised U(−0.1, 0.1)."""

    def __init__(self, tags):
        super().__init__()
        self.start_transitions = nn.Parameter(torch.empty(tags).uniform_(-0.1, 0.1))
        self.end_transitions = nn.Parameter(torch.empty(tags).uniform_(-0.1, 0.1))
        self.transitions = nn.Parameter(torch.empty(tags, tags).uniform_(-0.1, 0.1))

    def negative_log_likelihood(self, emissions, tags, mask):
        """Mean over the batch of log Z − score(gold); emissions [B, T, K], tags [B, T], mask [B, T] (True on tokens)."""
        emissions, tags, mask = emissions.transpose(0, 1), tags.transpose(0, 1), mask.transpose(0, 1)  # time-major
        return (self._log_partition(emissions, mask) - self._score(emissions, tags, mask)).mean()

    def _score(self, emissions, tags, mask):
        steps, batch = tags.shape
        arange = torch.arange(batch)
        score = self.start_transitions[tags[0]] + emissions[0, arange, tags[0]]
        maskf = mask.to(emissions.dtype)
        for t in range(1, steps):
            score = score + (self.transitions[tags[t - 1], tags[t]] + emissions[t, arange, tags[t]]) * maskf[t]
        last = tags[mask.sum(0) - 1, arange]
        return score + self.end_transitions[last]

    def _log_partition(self, emissions, mask):
        """The forward algorithm: α_t = logsumexp over the previous tag of [B, K, K] scores, kept where t is padding."""
        alpha = self.start_transitions + emissions[0]                                          # [B, K]
        for t in range(1, emissions.shape[0]):
            scores = alpha.unsqueeze(2) + self.transitions + emissions[t].unsqueeze(1)          # [B, K, K]
            alpha = torch.where(mask[t].unsqueeze(1), torch.logsumexp(scores, dim=1), alpha)
        return torch.logsumexp(alpha + self.end_transitions, dim=1)

    def viterbi(self, emissions, mask):
        """The best tag sequence of each sentence: a [B, T] tensor, valid up to each sentence's length."""
        emissions, mask = emissions.transpose(0, 1), mask.transpose(0, 1)
        steps, batch, tags = emissions.shape
        identity = torch.arange(tags).expand(batch, tags)
        score, history = self.start_transitions + emissions[0], []
        for t in range(1, steps):
            best, previous = (score.unsqueeze(2) + self.transitions + emissions[t].unsqueeze(1)).max(dim=1)
            score = torch.where(mask[t].unsqueeze(1), best, score)
            history.append(torch.where(mask[t].unsqueeze(1), previous, identity))           # padding: tag carried over
        path = [(score + self.end_transitions).argmax(dim=1)]
        for previous in reversed(history):
            path.append(previous.gather(1, path[-1].unsqueeze(1)).squeeze(1))
        return torch.stack(path[::-1], dim=1)


class Tagger(nn.Module):
    def __init__(self, words, word_dim, chars, tags, char_kind='cnn', hidden=200, dropout=0.5):
        super().__init__()
        self.word_embedding = nn.Embedding(words, word_dim, padding_idx=PAD)
        self.char_encoder = CharacterCnn(chars) if char_kind == 'cnn' else CharacterLstm(chars)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(word_dim + 50 + CASINGS, hidden, batch_first=True, bidirectional=True)
        self.output = nn.Linear(2 * hidden, tags)
        self.crf = Crf(tags)

    def emissions(self, batch):
        """Per-token tag scores [B, T, K]."""
        characters = self.char_encoder(batch['chars'], batch['char_lengths'])[batch['rows']]    # [B, T, 50]
        casing = nn.functional.one_hot(batch['casings'], CASINGS).to(characters.dtype)         # [B, T, 6]
        x = self.dropout(torch.cat([self.word_embedding(batch['words']), characters, casing], dim=2))
        packed = pack_padded_sequence(x, batch['lengths'], batch_first=True, enforce_sorted=False)
        h, _ = pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=x.shape[1])
        return self.output(self.dropout(h))

    def loss(self, batch):
        mask = torch.arange(batch['words'].shape[1]).unsqueeze(0) < batch['lengths'].unsqueeze(1)
        return self.crf.negative_log_likelihood(self.emissions(batch), batch['tags'], mask)

    def tag(self, batch):
        mask = torch.arange(batch['words'].shape[1]).unsqueeze(0) < batch['lengths'].unsqueeze(1)
        emissions = self.emissions(batch)
        return emissions, mask, self.crf.viterbi(emissions, mask)


def train_step(model, opt, batch):
    loss = model.loss(batch)
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    opt.step()
    return float(loss)


# ---------------------------------------------------------------- setup

def build(train, args):
    """Vocabularies of the training sentences (words extended by the pretrained file's), tag set, model, optimiser."""
    word_vocab = Vocab(normalise(t) for s in train for t in s.tokens)
    char_vocab = Vocab(c for s in train for t in s.tokens for c in t)
    tag_set = sorted({t for s in train for t in to_bioes(s.tags)} - {'O'}, key=lambda t: (t[2:], t))
    tag_names = ['O'] + tag_set
    vectors, word_dim = read_vectors(args.pretrained) if args.pretrained else ({}, 100)
    word_vocab.extend(vectors)
    model = Tagger(len(word_vocab.items), word_dim, len(char_vocab.items), len(tag_names), args.char)
    if vectors:
        with torch.no_grad():
            weight = model.word_embedding.weight
            weight.normal_(0, args.missing_std)
            for w, i in word_vocab.index.items():
                if w in vectors:
                    weight[i] = torch.tensor(vectors[w])
            weight[PAD] = 0
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    tag_index = {t: i for i, t in enumerate(tag_names)}
    return word_vocab, char_vocab, tag_names, tag_index, model, opt


@torch.no_grad()
def evaluate(model, encoded, tag_names):
    """(mean validation loss per sentence, precision, recall, F1) with the model in evaluation mode."""
    model.eval()
    loss_sum, gold, predicted = 0.0, [], []
    for i in range(0, len(encoded), BATCH):
        group = encoded[i:i + BATCH]
        batch = make_batch(group)
        emissions, mask, paths = model.tag(batch)
        loss_sum += float(model.crf.negative_log_likelihood(emissions, batch['tags'], mask)) * len(group)
        for e, path in zip(group, paths.tolist()):
            gold.append(e.gold)
            predicted.append([tag_names[t] for t in path[:len(e.words)]])
    model.train()
    return (loss_sum / len(encoded),) + entity_scores(gold, predicted)


def run_train(args):
    train, valid = split(read_conll(args.data), args.valid, args.seed)
    word_vocab, char_vocab, tag_names, tag_index, model, opt = build(train, args)
    tr = [Encoded(s, word_vocab, char_vocab, tag_index) for s in train]
    va = [Encoded(s, word_vocab, char_vocab, tag_index) for s in valid]
    print(json.dumps({'train_sentences': len(tr), 'valid_sentences': len(va), 'words': len(word_vocab.items),
                      'characters': len(char_vocab.items), 'tags': len(tag_names), 'char_encoder': args.char,
                      'word_dim': model.word_embedding.embedding_dim, 'pretrained': args.pretrained}), flush=True)
    rng, start = random.Random(args.seed), time.perf_counter()
    deadline = start + args.minutes * 60
    for epoch in range(1, args.epochs + 1):
        epoch_start, losses, order = time.perf_counter(), [], list(range(len(tr)))
        rng.shuffle(order)
        for i in range(0, len(order), BATCH):
            losses.append(train_step(model, opt, make_batch([tr[j] for j in order[i:i + BATCH]])))
            if time.perf_counter() >= deadline:
                break
        train_seconds = time.perf_counter() - epoch_start
        loss, precision, recall, f1 = evaluate(model, va, tag_names)
        print(json.dumps({'epoch': epoch, 'train_loss': round(sum(losses) / len(losses), 4), 'valid_loss': round(loss, 4),
                          'valid_precision': round(precision, 2), 'valid_recall': round(recall, 2),
                          'valid_f1': round(f1, 2), 'train_batches': len(losses),
                          'train_seconds': round(train_seconds, 1), 'elapsed_s': round(time.perf_counter() - start, 1),
                          'complete': len(losses) == math.ceil(len(tr) / BATCH)}), flush=True)
        if time.perf_counter() >= deadline:
            break


def timed(fn, seconds):
    """Calls fn (returning a count) repeatedly for about `seconds` after one warm-up call; count per second."""
    fn()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        count += fn()
    return count / (time.perf_counter() - start)


def run_speed(args):
    data = args.data or next((p for p in (CONLL, TOY) if os.path.exists(p)), None)
    sentences = read_conll(data) if data else synthetic_corpus()
    word_vocab, char_vocab, tag_names, tag_index, model, opt = build(sentences, args)
    encoded = [Encoded(s, word_vocab, char_vocab, tag_index) for s in sentences]
    training = batches(encoded, random.Random(args.seed), args.bucket)
    tagging = batches(encoded, random.Random(args.seed + 1), args.bucket)

    def one_train_step():
        batch = next(training)
        train_step(model, opt, batch)
        return int(batch['lengths'].shape[0])

    train_sps = timed(one_train_step, args.seconds)

    def one_tagging_batch():
        batch = next(tagging)
        model.eval()
        with torch.no_grad():
            model.tag(batch)
        model.train()
        return int(batch['lengths'].shape[0])

    tag_sps = timed(one_tagging_batch, args.seconds)
    print(json.dumps({'bench': 'tagger_bilstm_crf', 'data': data or 'synthetic', 'sentences': len(encoded),
                      'batch': BATCH, 'words': len(word_vocab.items), 'word_dim': model.word_embedding.embedding_dim,
                      'characters': len(char_vocab.items), 'char_encoder': args.char, 'char_features': 50,
                      'casing': CASINGS, 'hidden': '2x200', 'tags': len(tag_names), 'threads': args.threads,
                      'bucket': args.bucket, 'train_sentences_per_s': round(train_sps, 1), 'tag_sentences_per_s': round(tag_sps, 1),
                      'env': env_info()}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--mode', choices=['train', 'speed'], required=True)
    p.add_argument('--data', help='CoNLL training file (train mode: default ../shared/data/ner_conll2003/eng.train)')
    p.add_argument('--valid', help='held-out CoNLL file (e.g. the validation.conll a Recurrent run writes): its '
                                  'documents are left out of training; default: a seeded 10%% of the documents')
    p.add_argument('--pretrained', help='GloVe text file whose vectors initialise the word embedding (and set its size)')
    p.add_argument('--missing-std', type=float, default=0.1, help='σ of the rows of words without a pretrained vector')
    p.add_argument('--char', choices=['cnn', 'lstm'], default='cnn', help='character encoder')
    p.add_argument('--epochs', type=int, default=10)
    p.add_argument('--minutes', type=float, default=15.0, help='training time budget (train mode)')
    p.add_argument('--seconds', type=float, default=10.0, help='seconds of each speed measurement')
    p.add_argument('--threads', type=int, default=2, help='OpenBLAS threads (torch intra-op stays at 1)')
    p.add_argument('--seed', type=int, default=1)
    p.add_argument('--bucket', action='store_true', help='speed mode: batches of sentences of similar lengths (Recurrent\'s '
                   'training batches) instead of shuffled ones')
    args = p.parse_args()
    if args.mode == 'train' and not args.data:
        args.data = CONLL
    set_threads(args.threads, 1)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    (run_train if args.mode == 'train' else run_speed)(args)


if __name__ == '__main__':
    main()
