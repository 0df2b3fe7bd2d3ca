"""Runs models exported by `rnn export DIR --pytorch EXPORTED` on token ids; prints their outputs.

Usage: python3 pytorch_outputs.py ROWS EXPORTED...   (PyTorchModuleTests runs it)

ROWS is a JSON list of token-id rows of unequal lengths. For each EXPORTED directory, prints one
JSON line: a classifier's probabilities [B, C] of the rows as one batch padded with id 3 (a real
token, which the lengths must hide), or a language model's log-probabilities [T, V] of the next
token after each token of the first row.
"""

import json
import sys
from pathlib import Path

import torch
from torch.nn.utils.rnn import pad_sequence

rows = json.loads(sys.argv[1])
for directory in sys.argv[2:]:
    sys.path.insert(0, directory)
    sys.modules.pop("model", None)
    from model import build_model, load_safetensors, read_config

    sys.path.pop(0)
    config = read_config(directory)
    model = build_model(config)
    model.load_state_dict(load_safetensors(Path(directory) / "model.safetensors"), strict=True)
    model.eval()
    with torch.no_grad():
        if config["task"] == "classification":
            tensors = [torch.tensor(row) for row in rows]
            ids = pad_sequence(tensors, batch_first=True, padding_value=3)
            lengths = torch.tensor([len(row) for row in rows])
            outputs = torch.softmax(model(ids, lengths), dim=-1)
        else:
            logits, _ = model(torch.tensor([rows[0]]))
            outputs = torch.log_softmax(logits[0], dim=-1)
    print(json.dumps(outputs.tolist()))
