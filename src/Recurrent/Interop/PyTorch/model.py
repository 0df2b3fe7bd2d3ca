"""A Recurrent model as a torch.nn.Module, written by `rnn export DIR --pytorch OUTDIR`.

The modules and parameters carry the names of Recurrent's state dict, so the exported weights
load with `load_state_dict(..., strict=True)` and a state dict trained here comes back with
`rnn import --pytorch state.safetensors --config config.json --out DIR`.
Shapes: B batch, T time steps, V vocabulary, H hidden size, D directions, C classes.
"""

import json
import re
import struct
from pathlib import Path

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

RECURRENT_LAYERS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}
# The cells StepwiseRecurrence computes, each with its gate blocks in weight_ih and weight_hh.
STEPWISE_GATES = {"gru_reset_before": 3, "lstm_peephole": 4, "jordan": 1}
# Every parameter a StepwiseRecurrence cell may have, per layer and direction.
STEPWISE_WEIGHTS = (
    "weight_ih", "weight_hh", "bias_ih", "bias_hh",
    "weight_ho", "bias_ho",  # jordan's output layer
    "weight_pi", "weight_pf", "weight_po",  # lstm_peephole's p_i, p_f, p_o
)
ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid, "identity": lambda a: a}


def recurrent_layer(architecture, input_size):
    """nn.LSTM, nn.GRU or nn.RNN (tanh, relu), batch first; StepwiseRecurrence for the other cells."""
    cell, nonlinearity = architecture["cell"], architecture["nonlinearity"]
    options = {
        "input_size": input_size,
        "hidden_size": architecture["hidden_size"],
        "num_layers": architecture["num_layers"],
        "bidirectional": architecture.get("bidirectional", False),
        "dropout": architecture["dropout"],
    }
    if cell in STEPWISE_GATES or nonlinearity in ("sigmoid", "identity"):
        return StepwiseRecurrence(cell, nonlinearity, **options)
    if cell == "rnn":
        options["nonlinearity"] = nonlinearity
    return RECURRENT_LAYERS[cell](batch_first=True, **options)


class StepwiseRecurrence(nn.Module):
    """The cells no torch.nn module computes, one step at a time, with nn.GRU's and nn.LSTM's names.

    gru_reset_before: r, z as nn.GRU's, n = tanh(W_in x + b_in + W_hn (r * h) + b_hn).
    lstm_peephole: nn.LSTM's gate blocks i, f, g, o and the peephole weights p_i, p_f, p_o [H]:
      i = sigmoid(W_ii x + b_ii + W_hi h + b_hi + p_i * c),
      f = sigmoid(W_if x + b_if + W_hf h + b_hf + p_f * c),
      c' = f * c + i * tanh(W_ig x + b_ig + W_hg h + b_hg),
      o = sigmoid(W_io x + b_io + W_ho h + b_ho + p_o * c'), h' = o * tanh(c');
      its state is (h, c), as nn.LSTM's.
    jordan: a = g(W_ih x + b_ih + W_hh y + b_hh), y = W_ho a + b_ho; y is the state and output.
    rnn with sigmoid or identity: h = g(W_ih x + b_ih + W_hh h + b_hh).
    A sequence's state stays as it is after its length, and its outputs there are zero.
    """

    def __init__(self, cell, nonlinearity, input_size, hidden_size, num_layers, bidirectional, dropout):
        super().__init__()
        self.cell, self.activation = cell, ACTIVATIONS[nonlinearity]
        self.hidden_size, self.num_layers = hidden_size, num_layers
        self.bidirectional, self.dropout = bidirectional, dropout
        gates = STEPWISE_GATES.get(cell, 1)
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            for suffix in ["", "_reverse"][:directions]:
                inputs = input_size if layer == 0 else directions * hidden_size
                shapes = {
                    "weight_ih": (gates * hidden_size, inputs),
                    "weight_hh": (gates * hidden_size, hidden_size),
                    "bias_ih": (gates * hidden_size,),
                    "bias_hh": (gates * hidden_size,),
                }
                if cell == "jordan":
                    shapes.update(weight_ho=(hidden_size, hidden_size), bias_ho=(hidden_size,))
                if cell == "lstm_peephole":
                    peephole = (hidden_size,)
                    shapes.update(weight_pi=peephole, weight_pf=peephole, weight_po=peephole)
                for name, shape in shapes.items():
                    self.register_parameter(f"{name}_l{layer}{suffix}", nn.Parameter(torch.zeros(shape)))

    def forward(self, x, lengths=None, state=None):
        """x [B, T, I], lengths [B] (None: all T), state h_0 [L*D, B, H] -> outputs [B, T, D*H], h_n.

        lstm_peephole's states are tuples (h, c), each [L*D, B, H], as nn.LSTM's.
        """
        batch, steps = x.shape[0], x.shape[1]
        directions = 2 if self.bidirectional else 1
        if lengths is None:
            lengths = torch.full((batch,), steps, dtype=torch.long)
        if state is None:
            zeros = x.new_zeros(self.num_layers * directions, batch, self.hidden_size)
            state = (zeros, zeros) if self.cell == "lstm_peephole" else zeros
        states = state if isinstance(state, tuple) else (state,)  # (h,) or (h, c)
        active = (torch.arange(steps)[None, :] < lengths[:, None]).to(x.dtype)  # [B, T]
        finals = [[] for _ in states]
        for layer in range(self.num_layers):
            if layer > 0:
                x = nn.functional.dropout(x, self.dropout, self.training)
            outputs = []
            for direction, suffix in enumerate(["", "_reverse"][:directions]):
                weights = {
                    name: getattr(self, f"{name}_l{layer}{suffix}")
                    for name in STEPWISE_WEIGHTS
                    if hasattr(self, f"{name}_l{layer}{suffix}")
                }
                carried = tuple(s[layer * directions + direction] for s in states)  # each [B, H]
                output = [None] * steps
                for t in reversed(range(steps)) if direction == 1 else range(steps):
                    mask = active[:, t, None]
                    new = self.step(x[:, t], carried, weights)
                    carried = tuple(mask * n + (1 - mask) * old for n, old in zip(new, carried))
                    output[t] = mask * new[0]
                outputs.append(torch.stack(output, dim=1))
                for final, carried_state in zip(finals, carried):
                    final.append(carried_state)
            x = torch.cat(outputs, dim=-1)
        final_states = tuple(torch.stack(final) for final in finals)
        return x, final_states if isinstance(state, tuple) else final_states[0]

    def step(self, x, state, w):
        """One step: x [B, I], the state (h,) or (h, c), each [B, H] -> the new state, h first."""
        h = state[0]
        input_part = nn.functional.linear(x, w["weight_ih"], w["bias_ih"])
        if self.cell == "lstm_peephole":
            c = state[1]
            gates = input_part + nn.functional.linear(h, w["weight_hh"], w["bias_hh"])  # [B, 4H]
            input_block, forget_block, candidate_block, output_block = gates.chunk(4, dim=1)
            input_gate = torch.sigmoid(input_block + w["weight_pi"] * c)
            forget_gate = torch.sigmoid(forget_block + w["weight_pf"] * c)
            cell = forget_gate * c + input_gate * torch.tanh(candidate_block)
            output_gate = torch.sigmoid(output_block + w["weight_po"] * cell)
            return output_gate * torch.tanh(cell), cell
        if self.cell == "gru_reset_before":
            size = self.hidden_size
            gate_part = nn.functional.linear(h, w["weight_hh"][: 2 * size], w["bias_hh"][: 2 * size])
            reset, update = torch.sigmoid(input_part[:, : 2 * size] + gate_part).chunk(2, dim=1)
            candidate_weight, candidate_bias = w["weight_hh"][2 * size :], w["bias_hh"][2 * size :]
            candidate_part = nn.functional.linear(reset * h, candidate_weight, candidate_bias)
            candidate = torch.tanh(input_part[:, 2 * size :] + candidate_part)
            return ((1 - update) * candidate + update * h,)
        hidden = self.activation(input_part + nn.functional.linear(h, w["weight_hh"], w["bias_hh"]))
        if self.cell == "jordan":
            return (nn.functional.linear(hidden, w["weight_ho"], w["bias_ho"]),)
        return (hidden,)


class AttentionPooling(nn.Module):
    """u_t = tanh(W h_t + b), s_t = v·u_t, alpha = softmax over real steps, y = sum alpha_t h_t."""

    def __init__(self, features, attention_size):
        super().__init__()
        self.projection = nn.Linear(features, attention_size)
        self.context = nn.Linear(attention_size, 1, bias=False)

    def forward(self, outputs, mask):
        """outputs [B, T, F], mask [B, T] (True on real steps) -> [B, F]."""
        scores = self.context(torch.tanh(self.projection(outputs))).squeeze(-1)  # [B, T]
        weights = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)
        return torch.einsum("bt,btf->bf", weights, outputs)


class TextClassifier(nn.Module):
    """Token ids -> embedding -> recurrent encoder -> pooling -> dense layers (ReLU) -> logits."""

    def __init__(self, architecture):
        super().__init__()
        vocabulary = architecture["vocabulary_size"]
        self.pooling = architecture["pooling"]
        embedding_dimension = architecture["embedding_dimension"]
        self.embedding = nn.Embedding(vocabulary, embedding_dimension, padding_idx=0)
        self.embedding.weight.requires_grad_(not architecture["freeze_embeddings"])
        token_dimension = embedding_dimension
        self.pretrained_embedding = None
        if architecture["pretrained_mode"] == "concat":
            self.pretrained_embedding = nn.Embedding(
                vocabulary, architecture["pretrained_dimension"], padding_idx=0
            )
            self.pretrained_embedding.weight.requires_grad_(False)
            token_dimension += architecture["pretrained_dimension"]
        self.encoder = recurrent_layer(architecture, token_dimension)
        features = architecture["hidden_size"] * (2 if self.encoder.bidirectional else 1)
        if self.pooling == "attention":
            self.attention = AttentionPooling(features, architecture["attention_size"])
        self.dense_layers = []
        for k, width in enumerate(architecture["dense_layers"]):
            layer = nn.Linear(features, width)
            self.add_module(f"dense{k}", layer)
            self.dense_layers.append(layer)
            features = width
        self.output = nn.Linear(features, architecture["class_count"])
        self.dropout = nn.Dropout(architecture["dropout"])
        self.embedding_dropout = nn.Dropout(architecture["embedding_dropout"])

    def forward(self, ids, lengths):
        """ids [B, T] int64 (0 pads), lengths [B] int64 in [1, T] -> logits [B, C]."""
        steps = ids.shape[1]
        tokens = self.embedding(ids)  # [B, T, E]
        if self.pretrained_embedding is not None:
            tokens = torch.cat([self.pretrained_embedding(ids), tokens], dim=-1)
        tokens = self.embedding_dropout(tokens)
        if isinstance(self.encoder, StepwiseRecurrence):
            outputs, state = self.encoder(tokens, lengths)
        else:
            packed = pack_padded_sequence(tokens, lengths.cpu(), batch_first=True, enforce_sorted=False)
            packed_outputs, state = self.encoder(packed)
            outputs, _ = pad_packed_sequence(packed_outputs, batch_first=True, total_length=steps)
        mask = torch.arange(steps, device=ids.device)[None, :] < lengths[:, None]  # [B, T]
        pooled = self.pool(outputs, mask, lengths, state)  # [B, D*H]
        for layer in self.dense_layers:
            pooled = torch.relu(layer(self.dropout(pooled)))
        return self.output(self.dropout(pooled))

    def pool(self, outputs, mask, lengths, state):
        """outputs [B, T, D*H] (zero after each length) -> [B, D*H]."""
        if self.pooling == "mean":
            return outputs.sum(dim=1) / lengths[:, None].to(outputs.dtype)
        if self.pooling == "max":
            return outputs.masked_fill(~mask[..., None], float("-inf")).amax(dim=1)
        if self.pooling == "attention":
            return self.attention(outputs, mask)
        hidden = state[0] if isinstance(state, tuple) else state  # h_n [L*D, B, H]
        directions = 2 if self.encoder.bidirectional else 1
        return torch.cat(list(hidden[-directions:]), dim=-1)


class TiedOutput(nn.Module):
    """A language model's output layer with tied weights: the embedding [V, E] and a bias [V]."""

    def __init__(self, vocabulary):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(vocabulary))

    def forward(self, hidden, weight):
        return nn.functional.linear(hidden, weight, self.bias)


class LanguageModel(nn.Module):
    """Token ids -> embedding -> stacked recurrent layers -> one score per vocabulary entry."""

    def __init__(self, architecture):
        super().__init__()
        vocabulary = architecture["vocabulary_size"]
        self.tied = architecture["tie_weights"]
        self.embedding = nn.Embedding(vocabulary, architecture["embedding_dimension"])
        self.rnn = recurrent_layer(architecture, architecture["embedding_dimension"])
        if self.tied:
            self.output = TiedOutput(vocabulary)
        else:
            self.output = nn.Linear(architecture["hidden_size"], vocabulary)
        self.dropout = nn.Dropout(architecture["dropout"])

    def forward(self, ids, state=None):
        """ids [B, T] int64 -> next-token logits [B, T, V] and the state after the last step."""
        tokens = self.dropout(self.embedding(ids))  # [B, T, E]
        if isinstance(self.rnn, StepwiseRecurrence):
            outputs, state = self.rnn(tokens, state=state)  # [B, T, H]
        else:
            outputs, state = self.rnn(tokens, state)
        hidden = self.dropout(outputs)
        if self.tied:
            return self.output(hidden, self.embedding.weight), state
        return self.output(hidden), state

    @torch.no_grad()
    def greedy(self, prime_ids, count, suppressed=(0, 1)):
        """The `count` most likely next ids after prime_ids (rnn generate --temperature 0)."""
        logits, state = self(torch.tensor([prime_ids]))
        generated = []
        for _ in range(count):
            scores = logits[0, -1].clone()
            scores[list(suppressed)] = float("-inf")
            generated.append(int(scores.argmax()))
            logits, state = self(torch.tensor([[generated[-1]]]), state)
        return generated


TASKS = {"classification": TextClassifier, "language_model": LanguageModel}


def build_model(config):
    """The module for a Recurrent config.json (its task and architecture), with fresh weights."""
    return TASKS[config["task"]](config["architecture"])


def read_config(directory):
    """config.json of an exported model directory."""
    return json.loads((Path(directory) / "config.json").read_text(encoding="utf-8"))


VOCABULARY_ESCAPES = {"\\\\": "\\", "\\n": "\n", "\\r": "\r", "\\t": "\t"}


def read_vocabulary(directory, config):
    """The tokens in id order, one a line in the file config.json names (escapes undone)."""
    path = Path(directory) / config["vocabulary"]
    size = config["architecture"]["vocabulary_size"]
    lines = path.read_text(encoding="utf-8").split("\n")[:size]
    return [re.sub(r"\\.", lambda m: VOCABULARY_ESCAPES[m.group(0)], line) for line in lines]


def load_safetensors(path):
    """The F32 tensors of a safetensors file: 8-byte header length, JSON header, raw data."""
    data = Path(path).read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    data_start = 8 + header_length
    header = json.loads(data[8:data_start])
    header.pop("__metadata__", None)
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: {name} is {entry['dtype']}; this reader reads F32 tensors")
        first, last = (data_start + offset for offset in entry["data_offsets"])
        raw = bytearray(data[first:last])
        tensors[name] = torch.frombuffer(raw, dtype=torch.float32).reshape(entry["shape"]).clone()
    return tensors


def save_safetensors(tensors, path):
    """Writes a state dict as F32 safetensors (what rnn import --pytorch reads)."""
    header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, tensor in tensors.items():
        blob = tensor.detach().to(torch.float32).contiguous().cpu().numpy().astype("<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    encoded = json.dumps(header).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    Path(path).write_bytes(struct.pack("<Q", len(encoded)) + encoded + b"".join(blobs))
