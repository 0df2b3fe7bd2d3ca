"""Runs the exported classifier on examples.json as one padded batch; prints the probabilities."""

import json
from pathlib import Path

import torch
from torch.nn.utils.rnn import pad_sequence

from model import build_model, load_safetensors, read_config

here = Path(__file__).parent
config = read_config(here)
model = build_model(config)
model.load_state_dict(load_safetensors(here / "model.safetensors"), strict=True)
model.eval()
examples = json.loads((here / "examples.json").read_text(encoding="utf-8"))
ids = pad_sequence([torch.tensor(example["ids"]) for example in examples], batch_first=True)
lengths = torch.tensor([len(example["ids"]) for example in examples])
with torch.no_grad():
    probabilities = torch.softmax(model(ids, lengths), dim=-1)
for example, row in zip(examples, probabilities.tolist()):
    scores = ", ".join(f"{label} {p:.6f}" for label, p in zip(config["labels"], row))
    print(f"{example['text']}\t{scores}")
