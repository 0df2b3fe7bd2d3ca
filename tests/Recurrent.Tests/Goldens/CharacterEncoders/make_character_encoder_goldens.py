#!/usr/bin/python3
"""Golden file for the tagger's character encoders (Recurrent.Tasks.Tagging.CharacterCnnEncoder, CharacterLstmEncoder).

Run with Debian's PyTorch (1.13) from the repository root:

    /usr/bin/python3 tests/Recurrent.Tests/Goldens/CharacterEncoders/make_character_encoder_goldens.py

Both cases encode the distinct words of one batch of two sentences, in order of first occurrence, from their characters
(Unicode code points, original case; a character missing from the vocabulary is <unk> = 1, padding is <pad> = 0):
    cnn:  nn.Embedding(V, E, padding_idx=0) → nn.Conv1d(E, F, K, padding=(K-1)//2) → max over each word's own
          characters (positions past its length masked with -inf) → [W, F]
    lstm: nn.Embedding(V, E, padding_idx=0) → nn.LSTM(E, F/2, bidirectional) over each word's own characters
          (pack_padded_sequence) → [h_n forward; h_n reverse] → [W, F]
in float64, default initialisation (seeded), with loss = sum(outputs * R) for a fixed random R [W, F]. The file holds the
character vocabulary, the sentences, the batch as Recurrent lays it out (character ids [W, C], word lengths [W], the word
row of each token of the padded [B, T] batch, 0 at padded positions), the parameters by their state-dict names, R, the
outputs, the loss and the gradient of every parameter.
"""

import json
import os

import torch
from torch.nn.utils.rnn import pack_padded_sequence

torch.set_default_dtype(torch.float64)

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "character_encoders.json")

CHARACTERS = ["<pad>", "<unk>", "a", "b", "C", "D", "é", "1", ".", "\U0001d538"]  # the last one is outside the BMP
SENTENCES = [["aC", "b", "DaD1.", "\U0001d538é", "."], ["b", "aC", "xa"]]  # 'x' is unknown; the second is padded


def layout(sentences, characters):
    """Distinct words in order of first occurrence, char ids [W, C] padded with 0, lengths [W], token rows [B, T]."""
    index = {c: i for i, c in enumerate(characters)}
    words, row_of = [], {}
    steps = max(len(s) for s in sentences)
    rows = [[0] * steps for _ in sentences]
    for b, sentence in enumerate(sentences):
        for t, token in enumerate(sentence):
            if token not in row_of:
                row_of[token] = len(words)
                words.append(token)
            rows[b][t] = row_of[token]
    width = max(len(w) for w in words)
    ids = [[index.get(c, 1) for c in w] + [0] * (width - len(w)) for w in words]
    return words, ids, [len(w) for w in words], rows


class CharacterCnn(torch.nn.Module):
    def __init__(self, vocabulary, embedding, features, kernel):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding, padding_idx=0)
        self.conv = torch.nn.Conv1d(embedding, features, kernel, padding=(kernel - 1) // 2)

    def forward(self, ids, lengths):
        filtered = self.conv(self.embedding(ids).transpose(1, 2)).transpose(1, 2)         # [W, C, F]
        past_end = torch.arange(ids.shape[1]).unsqueeze(0) >= lengths.unsqueeze(1)       # [W, C]
        return filtered.masked_fill(past_end.unsqueeze(2), float("-inf")).max(dim=1).values


class CharacterLstm(torch.nn.Module):
    def __init__(self, vocabulary, embedding, features):
        super().__init__()
        self.embedding = torch.nn.Embedding(vocabulary, embedding, padding_idx=0)
        self.lstm = torch.nn.LSTM(embedding, features // 2, batch_first=True, bidirectional=True)

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=False)
        _, (h_n, _) = self.lstm(packed)                                                  # [2, W, F/2]
        return torch.cat([h_n[0], h_n[1]], dim=1)


def run_case(name, seed, kind, embedding, features, kernel):
    torch.manual_seed(seed)
    words, ids, lengths, rows = layout(SENTENCES, CHARACTERS)
    model = (CharacterCnn(len(CHARACTERS), embedding, features, kernel) if kind == "cnn"
             else CharacterLstm(len(CHARACTERS), embedding, features))
    outputs = model(torch.tensor(ids), torch.tensor(lengths))
    loss_weights = torch.randn(outputs.shape)
    loss = (outputs * loss_weights).sum()
    loss.backward()
    return dict(
        name=name, kind=kind, embedding_size=embedding, output_size=features, kernel_size=kernel,
        characters=CHARACTERS, sentences=SENTENCES, words=words, character_ids=ids, word_lengths=lengths, token_rows=rows,
        parameters={n: p.tolist() for n, p in model.named_parameters()},
        loss_weights=loss_weights.tolist(), outputs=outputs.tolist(), loss=loss.item(),
        gradients={n: p.grad.tolist() for n, p in model.named_parameters()})


def main():
    golden = dict(cases=[run_case("cnn_kernel3", 1601, "cnn", 4, 6, 3),
                         run_case("cnn_kernel5", 1602, "cnn", 3, 5, 5),
                         run_case("lstm", 1603, "lstm", 4, 6, None)])
    with open(OUT_PATH, "w", encoding="utf-8") as f:
        json.dump(golden, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
