"""Trains a model exported by `rnn export DIR --pytorch EXPORTED` a few steps; saves its state dict.

Usage: python3 train_in_pytorch.py EXPORTED STATE.safetensors

The model is wrapped in torch.nn.DataParallel, as DistributedDataParallel wraps it on many GPUs,
so the saved names start with "module." (rnn import --pytorch removes it). The examples of
EXPORTED/examples.json are the training data: a classifier learns the labels 0, 1, 0, ... in
order, a language model the prime's next tokens. Prints one JSON object: the model's outputs on
the examples before training (the exported weights) and after (the saved ones), for the test to
compare with rnn's.
"""

import json
import sys
from pathlib import Path

import torch
from torch.nn.utils.rnn import pad_sequence

exported, state_path = Path(sys.argv[1]), sys.argv[2]
sys.path.insert(0, str(exported))
from model import build_model, load_safetensors, read_config, save_safetensors  # noqa: E402

torch.manual_seed(0)
config = read_config(exported)
examples = json.loads((exported / "examples.json").read_text(encoding="utf-8"))
model = build_model(config)
model.load_state_dict(load_safetensors(exported / "model.safetensors"), strict=True)
parallel = torch.nn.DataParallel(model)

if config["task"] == "classification":
    ids = pad_sequence([torch.tensor(example["ids"]) for example in examples], batch_first=True)
    lengths = torch.tensor([len(example["ids"]) for example in examples])
    labels = torch.arange(len(examples)) % len(config["labels"])

    def loss_of_batch():
        return torch.nn.functional.cross_entropy(parallel(ids, lengths), labels)

    @torch.no_grad()
    def outputs():
        return torch.softmax(model(ids, lengths), dim=-1).tolist()

else:
    prime = torch.tensor([examples[0]["ids"]])

    def loss_of_batch():
        logits, _ = parallel(prime[:, :-1])
        return torch.nn.functional.cross_entropy(logits.flatten(0, 1), prime[0, 1:])

    @torch.no_grad()
    def outputs():
        logits, _ = model(prime)
        return {
            "log_probabilities": torch.log_softmax(logits[0, -1], dim=-1).tolist(),
            "greedy": model.greedy(examples[0]["ids"], 20),
        }


model.eval()
before = outputs()
model.train()
optimizer = torch.optim.Adam(parallel.parameters(), lr=0.01)
for _ in range(5):
    optimizer.zero_grad()
    loss_of_batch().backward()
    optimizer.step()
model.eval()
save_safetensors(parallel.state_dict(), state_path)
print(json.dumps({"before": before, "after": outputs()}))
