"""Continues the prime of examples.json with the language model's most likely next tokens."""

import json
from pathlib import Path

from model import build_model, load_safetensors, read_config, read_vocabulary

here = Path(__file__).parent
config = read_config(here)
model = build_model(config)
model.load_state_dict(load_safetensors(here / "model.safetensors"), strict=True)
model.eval()
vocabulary = read_vocabulary(here, config)
prime = json.loads((here / "examples.json").read_text(encoding="utf-8"))[0]
continuation = [vocabulary[i] for i in model.greedy(prime["ids"], 40)]
separator = "" if config["architecture"]["level"] == "character" else " "
print(prime["text"] + separator.join(continuation))
