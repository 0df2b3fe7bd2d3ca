#!/usr/bin/python3
"""PyTorch reference of issue 14's translator (English → German): quality after a time budget, and speed.

The model (sizes of the issue's reference):
    source ids [B, S] → embedding 256 → bidirectional GRU 256 per direction → H [B, S, 512]
    bridge: s_0 = tanh(W_b [h_fwd_last; h_bwd_first]) [B, 512]
    per target step t (teacher forcing: y_{t-1} is the reference token):
        Bahdanau attention e_{t,i} = v·tanh(W₁ s_{t-1} + W₂ h_i) (W₂H once per batch), source padding masked,
        α_t = softmax_i e_{t,i}, c_t = Σ_i α_{t,i} h_i [B, 512]
        s_t = GRUCell([emb(y_{t-1}) 256; c_t 512] (input feeding), s_{t-1}) [B, 512]
        logits_t = W_o [s_t; c_t] + b_o [B, V_target]
    Adam (lr 1e-3), gradient norm clipped at 1, cross-entropy ignoring padding, batch 64 (sources of similar lengths).
Data: English<TAB>German lines; lowercased word tokens, punctuation split off (clitics 's, 't kept as one token);
10% of the distinct English sentences held out with all their translations (seeded); vocabularies of the training
part with <pad>=0 <unk>=1 <bos>=2 <eos>=3.

Run with Debian's torch, AVX-512 OpenBLAS and the 2-core split (OpenBLAS 2 threads, torch 1; ../shared/bench/README.md):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_seq2seq.py --mode train \
        --minutes 10 --epochs 6 --out /tmp/seq2seq_torch
  prints (and appends to DIR/metrics.jsonl) one JSON line per epoch with the validation loss and token accuracy under
  teacher forcing, then writes the held-out distinct sources DIR/sources.txt, their references DIR/references.json (a
  list of reference lists, tokenised and lowercased as the model sees them), greedy and beam-5 translations
  DIR/hyp_greedy.txt, DIR/hyp_beam5.txt (space-joined tokens) and the model DIR/model.pt, and prints an INDICATIVE
  corpus BLEU-4 (this script's own multi-reference BLEU with brevity penalty on these tokens; score the files with
  sacreBLEU or Recurrent's scorer for the figure to report).
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_seq2seq.py --mode speed --seconds 10 \
        [--load DIR/model.pt]
  prints one JSON line: training target tokens/s (forward + backward + Adam, batch 64 of training pairs) and beam-5
  decoding sentences/s, batched over 64 held-out sentences at a time (all beams of all sentences in one tensor).
  Without --load the model is untrained and its beams mostly run to the maximum length (2 × source length + 5).
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench/torch_seq2seq.py --mode serve [--load DIR/model.pt]
  the same two measurements in slices on request (stdin "train SECONDS" / "beam SECONDS", one JSON line back each), for
  Recurrent.Bench seq2seq --interleave, which alternates with it every few seconds.
Smoke tests: --mode train --minutes 0.5 --epochs 1 --out /tmp/s2s;  --mode speed --seconds 3.
"""
import argparse, collections, copy, json, math, os, random, re, sys, time

import torch
from torch import nn
import torch.nn.functional as F
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'bench')))
from benchutil import set_threads, env_info  # noqa: E402

DATA = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'data', 'translation_eng_deu', 'deu_eng_train.txt'))
PAD, UNK, BOS, EOS = 0, 1, 2, 3
TOKEN = re.compile(r"\w+(?:[-.]\w+)*|['’]\w+|[^\w\s]")


def tokenize(text):
    return TOKEN.findall(text.lower())


def load_split(path, valid_fraction, seed):
    """(train pairs, held-out pairs) of token lists; the held-out part is 10% of the distinct English sentences."""
    pairs = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if len(cols) >= 2 and cols[0].strip() and cols[1].strip():
                pairs.append((tokenize(cols[0]), tokenize(cols[1])))
    sources = sorted({' '.join(s) for s, _ in pairs})
    random.Random(seed).shuffle(sources)
    held = set(sources[:round(len(sources) * valid_fraction)])
    train = [p for p in pairs if ' '.join(p[0]) not in held]
    valid = [p for p in pairs if ' '.join(p[0]) in held]
    return train, valid


class Vocab:
    def __init__(self, sentences):
        counts = collections.Counter(w for s in sentences for w in s)
        self.words = ['<pad>', '<unk>', '<bos>', '<eos>'] + sorted(counts, key=lambda w: (-counts[w], w))
        self.index = {w: i for i, w in enumerate(self.words)}

    def ids(self, sentence):
        return [self.index.get(w, UNK) for w in sentence]


def pad(rows):
    """Right-padded LongTensor [B, max len] of the id lists."""
    out = torch.zeros(len(rows), max(len(r) for r in rows), dtype=torch.long)
    for b, r in enumerate(rows):
        out[b, :len(r)] = torch.tensor(r)
    return out


def batches(src_ids, tgt_ids, size, rng):
    """Shuffled batches of (source [B, S], lengths [B], target in [B, T] = <bos> y, target out [B, T] = y <eos>);
    sentences of similar source length share a batch (sorted within chunks of 50 batches)."""
    order = list(range(len(src_ids)))
    rng.shuffle(order)
    chunks = [sorted(order[i:i + size * 50], key=lambda j: len(src_ids[j])) for i in range(0, len(order), size * 50)]
    groups = [c[i:i + size] for c in chunks for i in range(0, len(c), size)]
    rng.shuffle(groups)
    for g in groups:
        yield (pad([src_ids[j] for j in g]), torch.tensor([len(src_ids[j]) for j in g]),
               pad([[BOS] + tgt_ids[j] for j in g]), pad([tgt_ids[j] + [EOS] for j in g]))


class Seq2Seq(nn.Module):
    def __init__(self, src_vocab, tgt_vocab, emb=256, enc=256, dec=512, attn=512):
        super().__init__()
        self.src_emb = nn.Embedding(src_vocab, emb, padding_idx=PAD)
        self.tgt_emb = nn.Embedding(tgt_vocab, emb, padding_idx=PAD)
        self.encoder = nn.GRU(emb, enc, batch_first=True, bidirectional=True)
        self.bridge = nn.Linear(2 * enc, dec)
        self.w1 = nn.Linear(dec, attn, bias=False)       # W₁ s_{t-1}
        self.w2 = nn.Linear(2 * enc, attn)               # W₂ h_i
        self.v = nn.Linear(attn, 1, bias=False)
        self.cell = nn.GRUCell(emb + 2 * enc, dec)
        self.out = nn.Linear(dec + 2 * enc, tgt_vocab)

    def encode(self, src, lengths):
        """Memory H [B, S, 512], keys W₂H [B, S, A], padding mask [B, S] (True on padding), initial state [B, 512]."""
        packed = pack_padded_sequence(self.src_emb(src), lengths, batch_first=True, enforce_sorted=False)
        out, last = self.encoder(packed)
        memory, _ = pad_packed_sequence(out, batch_first=True, total_length=src.shape[1])
        state = torch.tanh(self.bridge(torch.cat([last[0], last[1]], dim=1)))
        return memory, self.w2(memory), src == PAD, state

    def advance(self, prev, state, memory, keys, mask):
        """Attention and recurrence of one decoder step: prev ids [N], state [N, 512] → new state [N, 512],
        context [N, 512], α [N, S]."""
        scores = self.v(torch.tanh(self.w1(state).unsqueeze(1) + keys)).squeeze(2)      # [N, S]
        alpha = torch.softmax(scores.masked_fill(mask, float('-inf')), dim=1)
        context = torch.bmm(alpha.unsqueeze(1), memory).squeeze(1)                       # [N, 512]
        state = self.cell(torch.cat([self.tgt_emb(prev), context], dim=1), state)
        return state, context, alpha

    def step(self, prev, state, memory, keys, mask):
        """One decoding step: logits [N, V] and the new state [N, 512]."""
        state, context, _ = self.advance(prev, state, memory, keys, mask)
        return self.out(torch.cat([state, context], dim=1)), state

    def forward(self, src, lengths, tgt_in):
        """Teacher-forced logits [B, T, V]; the output layer runs once over all steps."""
        memory, keys, mask, state = self.encode(src, lengths)
        features = []
        for t in range(tgt_in.shape[1]):
            state, context, _ = self.advance(tgt_in[:, t], state, memory, keys, mask)
            features.append(torch.cat([state, context], dim=1))
        return self.out(torch.stack(features, dim=1))                                    # [B, T, V]


def train_step(model, opt, batch):
    src, lengths, tgt_in, tgt_out = batch
    logits = model(src, lengths, tgt_in)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[2]), tgt_out.reshape(-1), ignore_index=PAD)
    opt.zero_grad()
    loss.backward()
    nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    return int((tgt_out != PAD).sum())


@torch.no_grad()
def evaluate(model, src_ids, tgt_ids):
    """Teacher-forced mean loss per target token and token accuracy on the held-out pairs."""
    model.eval()
    loss_sum, correct, tokens = 0.0, 0, 0
    for src, lengths, tgt_in, tgt_out in batches(src_ids, tgt_ids, 64, random.Random(0)):
        logits = model(src, lengths, tgt_in)
        real = tgt_out != PAD
        loss_sum += float(F.cross_entropy(logits.reshape(-1, logits.shape[2]), tgt_out.reshape(-1),
                                          ignore_index=PAD, reduction='sum'))
        correct += int(((logits.argmax(2) == tgt_out) & real).sum())
        tokens += int(real.sum())
    model.train()
    return loss_sum / tokens, correct / tokens


@torch.no_grad()
def greedy(model, src, lengths):
    """Greedy translations (id lists without <eos>) of a batch; at most 2 × source length + 5 tokens."""
    memory, keys, mask, state = model.encode(src, lengths)
    prev = torch.full((src.shape[0],), BOS, dtype=torch.long)
    done = torch.zeros(src.shape[0], dtype=torch.bool)
    out = [[] for _ in range(src.shape[0])]
    for t in range(int(lengths.max()) * 2 + 5):
        logits, state = model.step(prev, state, memory, keys, mask)
        prev = logits.argmax(1)
        done |= t >= lengths * 2 + 5
        for b in (~done & (prev != EOS)).nonzero().flatten().tolist():
            out[b].append(int(prev[b]))
        done |= prev == EOS
        if bool(done.all()):
            break
    return out


@torch.no_grad()
def beam_search(model, src, lengths, width=5):
    """Beam search batched over sentences: all B × K beams advance as one [B·K] batch. Beams are ranked by their
    length-normalised log-probability (sum / tokens, <eos> counted); a finished beam keeps its score and length.
    Returns the best id list (without <eos>) of each sentence; at most 2 × source length + 5 tokens."""
    B, K = src.shape[0], width
    memory, keys, mask, state = model.encode(src, lengths)
    rep = lambda x: x.repeat_interleave(K, dim=0)                                    # [B, …] → [B·K, …]
    memory, keys, mask, state = rep(memory), rep(keys), rep(mask), rep(state)
    total = torch.full((B, K), float('-inf'))
    total[:, 0] = 0.0                                                                # one live beam at the start
    length = torch.zeros(B, K)
    finished = torch.zeros(B, K, dtype=torch.bool)
    prev = torch.full((B * K,), BOS, dtype=torch.long)
    tokens = torch.zeros(B, K, 0, dtype=torch.long)
    limit = lengths * 2 + 5
    for t in range(int(limit.max()) + 1):
        logits, state = model.step(prev, state, memory, keys, mask)
        logp = torch.log_softmax(logits, dim=1).view(B, K, -1)                       # [B, K, V]
        force_end = (t >= limit).view(B, 1, 1)                                       # only <eos> after limit words
        logp = torch.where(force_end & (torch.arange(logp.shape[2]) != EOS), float('-inf'), logp)
        # a finished beam has a single continuation, <pad>, that changes neither its score nor its length
        keep = torch.full_like(logp, float('-inf'))
        keep[:, :, PAD] = 0.0
        logp = torch.where(finished.unsqueeze(2), keep, logp)
        new_total = total.unsqueeze(2) + logp
        new_length = length.unsqueeze(2) + (~finished).unsqueeze(2).float()
        _, flat = (new_total / new_length.clamp(min=1)).view(B, -1).topk(K, dim=1)  # [B, K]
        origin, word = flat // logp.shape[2], flat % logp.shape[2]
        total = new_total.view(B, -1).gather(1, flat)
        length = length.gather(1, origin) + (~finished.gather(1, origin)).float()
        finished = finished.gather(1, origin) | (word == EOS)
        kept = tokens.gather(1, origin.unsqueeze(2).expand(-1, -1, tokens.shape[2]))                # [B, K, t]
        tokens = torch.cat([kept, word.unsqueeze(2)], dim=2)
        rows = (origin + torch.arange(B).unsqueeze(1) * K).flatten()
        state, prev = state[rows], word.flatten()
        if bool(finished.all()):
            break
    top = (total / length).argmax(1)
    return [[w for w in tokens[b, top[b]].tolist() if w not in (EOS, PAD)] for b in range(B)]


def decode_all(model, decoder, src_ids, size=64):
    """Translations (id lists) of all sources, in order, in batches of similar lengths."""
    order = sorted(range(len(src_ids)), key=lambda j: len(src_ids[j]))
    out = [None] * len(src_ids)
    model.eval()
    for i in range(0, len(order), size):
        group = order[i:i + size]
        hyps = decoder(model, pad([src_ids[j] for j in group]), torch.tensor([len(src_ids[j]) for j in group]))
        for j, hyp in zip(group, hyps):
            out[j] = hyp
    return out


def corpus_bleu(hyps, refs):
    """Corpus BLEU-4 (0–100) of token lists against lists of reference token lists: clipped n-gram precisions,
    brevity penalty against the reference closest in length (shorter wins ties). Indicative only."""
    match, count, hyp_len, ref_len = [0] * 4, [0] * 4, 0, 0
    for hyp, rs in zip(hyps, refs):
        hyp_len += len(hyp)
        ref_len += min((abs(len(r) - len(hyp)), len(r)) for r in rs)[1]
        for n in range(1, 5):
            grams = collections.Counter(tuple(hyp[i:i + n]) for i in range(len(hyp) - n + 1))
            most = collections.Counter()
            for r in rs:
                most |= collections.Counter(tuple(r[i:i + n]) for i in range(len(r) - n + 1))
            match[n - 1] += sum(min(c, most[g]) for g, c in grams.items())
            count[n - 1] += max(len(hyp) - n + 1, 0)
    if min(match) == 0:
        return 0.0
    log_precision = sum(math.log(m / c) for m, c in zip(match, count)) / 4
    brevity = min(0.0, 1 - ref_len / hyp_len)
    return 100 * math.exp(log_precision + brevity)


def load_valid_file(path, valid_path):
    """(train pairs, held-out pairs): the held-out pairs are those of valid_path (source<TAB>target lines, e.g. the
    validation.tsv a Recurrent run writes beside its model); training pairs are the pairs of path whose source sentence
    is not among them, so both tools train and validate on the same split."""
    def read(p):
        with open(p, encoding='utf-8') as f:
            rows = [line.rstrip('\n').split('\t') for line in f]
        return [(r[0], r[1]) for r in rows if len(r) >= 2 and r[0].strip() and r[1].strip()]
    held = read(valid_path)
    held_sources = {s for s, _ in held}
    train = [(tokenize(s), tokenize(t)) for s, t in read(path) if s not in held_sources]
    return train, [(tokenize(s), tokenize(t)) for s, t in held]


def prepare(args):
    train, valid = load_valid_file(args.data, args.valid) if args.valid else load_split(args.data, 0.1, args.seed)
    src_vocab, tgt_vocab = Vocab(s for s, _ in train), Vocab(t for _, t in train)
    return train, valid, src_vocab, tgt_vocab


def run_train(args):
    train, valid, sv, tv = prepare(args)
    tr_src, tr_tgt = [sv.ids(s) for s, _ in train], [tv.ids(t) for _, t in train]
    va_src, va_tgt = [sv.ids(s) for s, _ in valid], [tv.ids(t) for _, t in valid]
    model = Seq2Seq(len(sv.words), len(tv.words))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    os.makedirs(args.out, exist_ok=True)
    print(json.dumps({'train_pairs': len(train), 'valid_pairs': len(valid), 'src_vocab': len(sv.words),
                      'tgt_vocab': len(tv.words)}), flush=True)
    rng, start, deadline = random.Random(args.seed), time.perf_counter(), time.perf_counter() + args.minutes * 60
    for epoch in range(1, args.epochs + 1):
        tokens = 0
        for batch in batches(tr_src, tr_tgt, 64, rng):
            tokens += train_step(model, opt, batch)
            if time.perf_counter() >= deadline:
                break
        loss, acc = evaluate(model, va_src, va_tgt)
        rec = {'epoch': epoch, 'valid_loss': round(loss, 4), 'valid_perplexity': round(math.exp(loss), 2),
               'valid_token_accuracy': round(acc, 4), 'train_tokens': tokens,
               'elapsed_s': round(time.perf_counter() - start, 1), 'complete': time.perf_counter() < deadline}
        print(json.dumps(rec), flush=True)
        with open(os.path.join(args.out, 'metrics.jsonl'), 'a') as f:
            f.write(json.dumps(rec) + '\n')
        if time.perf_counter() >= deadline:
            break
    torch.save({'model': model.state_dict(), 'src_vocab': sv.words, 'tgt_vocab': tv.words},
               os.path.join(args.out, 'model.pt'))
    refs = collections.OrderedDict()
    for s, t in valid:
        refs.setdefault(' '.join(s), []).append(' '.join(t))
    sources = list(refs)
    src_ids = [sv.ids(s.split()) for s in sources]
    with open(os.path.join(args.out, 'sources.txt'), 'w', encoding='utf-8') as f:
        f.writelines(s + '\n' for s in sources)
    with open(os.path.join(args.out, 'references.json'), 'w', encoding='utf-8') as f:
        json.dump(list(refs.values()), f, ensure_ascii=False)
    result = {'sentences': len(sources)}
    for name, decoder in (('greedy', greedy), ('beam5', beam_search)):
        t0 = time.perf_counter()
        hyps = [[tv.words[i] for i in h] for h in decode_all(model, decoder, src_ids)]
        result[name + '_decode_s'] = round(time.perf_counter() - t0, 1)
        with open(os.path.join(args.out, 'hyp_%s.txt' % name), 'w', encoding='utf-8') as f:
            f.writelines(' '.join(h) + '\n' for h in hyps)
        bleu = corpus_bleu(hyps, [[r.split() for r in rs] for rs in refs.values()])
        result[name + '_bleu_indicative'] = round(bleu, 2)
    print(json.dumps(result), flush=True)


def timed(fn, seconds, warm_up):
    """Calls fn (returning a count) repeatedly for about `seconds` after calling it for `warm_up` seconds (at least once)
    untimed; count per second."""
    start = time.perf_counter()
    fn()
    while time.perf_counter() - start < warm_up:
        fn()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        count += fn()
    return count / (time.perf_counter() - start)


def speed_work(args):
    """The two timed units of work on the same model: one training step (returns its target tokens) and one beam-5 search over
    64 held-out sentences (returns 64); the model is untrained, or loaded from --load."""
    train, valid, sv, tv = prepare(args)
    model = Seq2Seq(len(sv.words), len(tv.words))
    if args.load:
        state = torch.load(args.load)
        sv.words, tv.words = state['src_vocab'], state['tgt_vocab']
        sv.index, tv.index = {w: i for i, w in enumerate(sv.words)}, {w: i for i, w in enumerate(tv.words)}
        model = Seq2Seq(len(sv.words), len(tv.words))
        model.load_state_dict(state['model'])
    # Training steps change the model they train: they get a copy, so that beam search decodes the untrained (or loaded)
    # weights however long training ran before it.
    trainee = copy.deepcopy(model)
    opt = torch.optim.Adam(trainee.parameters(), lr=1e-3)
    tr_src, tr_tgt = [sv.ids(s) for s, _ in train], [tv.ids(t) for _, t in train]
    rng = random.Random(args.seed)
    stream = iter(())

    def one_train_step():
        nonlocal stream
        trainee.train()
        batch = next(stream, None)
        if batch is None:
            stream = batches(tr_src, tr_tgt, 64, rng)
            batch = next(stream)
        return train_step(trainee, opt, batch)

    va_src = [sv.ids(s.split()) for s in sorted({' '.join(s) for s, _ in valid})]
    random.Random(args.seed).shuffle(va_src)
    position = 0

    def one_beam_batch():
        nonlocal position
        group = [va_src[(position + i) % len(va_src)] for i in range(64)]
        position += 64
        model.eval()
        beam_search(model, pad(group), torch.tensor([len(s) for s in group]))
        return len(group)

    return model, sv, tv, one_train_step, one_beam_batch


def run_speed(args):
    model, sv, tv, one_train_step, one_beam_batch = speed_work(args)
    train_tps = timed(one_train_step, args.seconds, args.warm_up)
    beam_sps = timed(one_beam_batch, args.seconds, args.warm_up)
    print(json.dumps({'bench': 'seq2seq_gru_bahdanau', 'emb': 256, 'enc': '2x256', 'dec': 512, 'batch': 64,
                      'src_vocab': len(sv.words), 'tgt_vocab': len(tv.words), 'trained': bool(args.load),
                      'threads': args.threads, 'warm_up_s': args.warm_up, 'train_target_tokens_per_s': round(train_tps, 1),
                      'beam5_sentences_per_s': round(beam_sps, 2), 'beam_batched_over_sentences': 64,
                      'env': env_info()}), flush=True)


def run_serve(args):
    """Speed in slices on request, for a benchmark that alternates with another process every few seconds: prints
    {"ready": ...} once the model is built, then for each stdin line "train SECONDS" or "beam SECONDS" runs that work for
    about SECONDS (at least once) and prints {"count": ..., "seconds": ...}; "quit" or end of input stops."""
    _, sv, tv, one_train_step, one_beam_batch = speed_work(args)
    print(json.dumps({'ready': True, 'src_vocab': len(sv.words), 'tgt_vocab': len(tv.words), 'threads': args.threads,
                      'env': env_info()}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == 'quit':
            break
        work = one_train_step if words[0] == 'train' else one_beam_batch
        seconds, count, start = float(words[1]), 0, time.perf_counter()
        while True:
            count += work()
            if time.perf_counter() - start >= seconds:
                break
        print(json.dumps({'count': count, 'seconds': time.perf_counter() - start}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--mode', choices=['train', 'speed', 'serve'], required=True)
    p.add_argument('--data', default=DATA)
    p.add_argument('--minutes', type=float, default=10.0)
    p.add_argument('--epochs', type=int, default=6)
    p.add_argument('--out', help='output directory (train mode)')
    p.add_argument('--seconds', type=float, default=10.0, help='seconds of each speed measurement')
    p.add_argument('--warm-up', type=float, default=3.0, help='seconds of the same work, untimed, before each speed measurement')
    p.add_argument('--valid', help='held-out pairs (e.g. a Recurrent model directory\'s validation.tsv): the same split '
                                  'as Recurrent\'s; default: this script\'s own seeded 10%% of the distinct sources')
    p.add_argument('--load', help='model.pt written by --mode train (speed mode; default: untrained weights)')
    p.add_argument('--threads', type=int, default=2, help='OpenBLAS threads (torch intra-op stays at 1)')
    p.add_argument('--seed', type=int, default=1)
    args = p.parse_args()
    if args.mode == 'train' and not args.out:
        p.error('--mode train needs --out DIR')
    set_threads(args.threads, 1)
    random.seed(args.seed)
    torch.manual_seed(args.seed)
    {'train': run_train, 'speed': run_speed, 'serve': run_serve}[args.mode](args)


if __name__ == '__main__':
    main()
