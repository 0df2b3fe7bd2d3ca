"""Writes the toy tagged corpora of this folder from the word lists and templates below (CC0, see SOURCE.md).

    python3 make_toy.py        # rewrites toy.train.conll, toy.valid.conll and toy.wnut here

The sentences are made up; a fixed seed makes the files the same on every run. CoNLL files have CoNLL-2003's four
space-separated columns (token POS chunk NER), NER tags in IOB1 and a -DOCSTART- line before each document; the WNUT
file has token<TAB>tag lines in IOB2 with some sentence breaks written as a line holding a single tab.
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

# Entities: each a list of tokens; CoNLL POS for every token of the type.
ENTITIES = {
    "PER": [["Anna", "Berg"], ["John", "Miller"], ["Maria", "Costa"], ["Peter", "Novak"], ["Lena", "Fischer"],
            ["David", "Okafor"], ["Sara", "Lindqvist"], ["Tom", "Hughes"], ["Yuki", "Tanaka"], ["Ahmed", "Rahman"],
            ["Clara"], ["Jonas"], ["Ivan", "Petrov"], ["Nina", "Duarte"], ["Paul", "Martin"], ["Elena", "Rossi"]],
    "LOC": [["Berlin"], ["Paris"], ["New", "York"], ["Lisbon"], ["Tokyo"], ["Cairo"], ["Oslo"], ["Lima"],
            ["South", "Africa"], ["Canada"], ["Vienna"], ["Hong", "Kong"], ["Kenya"], ["Chile"], ["Madrid"]],
    "ORG": [["Acme", "Corp"], ["Nordbank"], ["United", "Motors"], ["Globex"], ["Red", "Star", "FC"], ["City", "Council"],
            ["Delta", "Airways"], ["Helix", "Labs"], ["Orion", "Group"], ["Sunrise", "Foods"], ["the", "UN"], ["Vega", "Bank"]],
    "MISC": [["German"], ["French"], ["Olympic"], ["European"], ["Brazilian"], ["Dutch"], ["Asian", "Cup"],
             ["Japanese"], ["Nobel"], ["Italian"]],
}
POS = {"PER": "NNP", "LOC": "NNP", "ORG": "NNP", "MISC": "JJ"}

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ADJECTIVES = ["good", "bad", "fair", "late", "early", "final", "close"]
NUMBERS = ["two", "three", "four", "five", "10", "12", "20", "45"]

# Templates: words, and {TYPE} slots for entities, {DAY}, {ADJ}, {NUM}. Two slots of the same type side by side give
# IOB1's B- tag on the second entity.
TEMPLATES = [
    "{PER} visited {LOC} on {DAY} .",
    "{ORG} shares rose in {LOC} .",
    "{PER} , a spokesman for {ORG} , said the deal was {ADJ} .",
    "The {MISC} team beat {ORG} {NUM} - {NUM} .",
    "{PER} met {PER} in {LOC} on {DAY} .",
    "{LOC} won the {MISC} title .",
    "{ORG} said on {DAY} it would buy {ORG} .",
    "Police in {LOC} arrested {NUM} people .",
    "{PER} told {ORG} that the plan was {ADJ} .",
    "Talks between {PER} {PER} ended on {DAY} .",
    "The {MISC} minister flew to {LOC} .",
    "{ORG} {ORG} merger talks failed .",
    "Prices in {LOC} were {ADJ} on {DAY} .",
    "The market was {ADJ} on {DAY} .",
    "{PER} scored {NUM} goals for {ORG} .",
    "Fans in {LOC} cheered the {MISC} players .",
]

WORD_POS = {"The": "DT", "the": "DT", "a": "DT", ",": ",", ".": ".", "-": ":", "on": "IN", "in": "IN", "for": "IN",
            "to": "TO", "between": "IN", "that": "IN", "it": "PRP", "would": "MD", "was": "VBD", "were": "VBD",
            "visited": "VBD", "rose": "VBD", "said": "VBD", "beat": "VBD", "met": "VBD", "won": "VBD", "buy": "VB",
            "arrested": "VBD", "told": "VBD", "ended": "VBD", "flew": "VBD", "failed": "VBD", "scored": "VBD",
            "cheered": "VBD", "Police": "NNS", "Prices": "NNS", "Fans": "NNS", "people": "NNS", "shares": "NNS",
            "goals": "NNS", "talks": "NNS", "Talks": "NNS", "players": "NNS"}
CHUNK = {"DT": "NP", "NN": "NP", "NNS": "NP", "NNP": "NP", "JJ": "NP", "CD": "NP", "PRP": "NP", "VBD": "VP", "VB": "VP",
         "MD": "VP", "IN": "PP", "TO": "PP"}


def sentence(rng):
    """One sentence as (token, POS, entity type or None, starts an entity) rows."""
    rows = []
    for word in rng.choice(TEMPLATES).split():
        slot = word[1:-1] if word.startswith("{") else None
        if slot in ENTITIES:
            for i, token in enumerate(rng.choice(ENTITIES[slot])):
                rows.append((token, POS[slot], slot, i == 0))
        elif slot == "DAY":
            rows.append((rng.choice(DAYS), "NNP", None, False))
        elif slot == "ADJ":
            rows.append((rng.choice(ADJECTIVES), "JJ", None, False))
        elif slot == "NUM":
            rows.append((rng.choice(NUMBERS), "CD", None, False))
        else:
            rows.append((word, WORD_POS.get(word, "NN"), None, False))
    return rows


def conll_lines(rows):
    """CoNLL-2003 lines: IOB1 NER tags (B- only for an entity right after one of its type), IOB1 chunk tags."""
    lines, previous_type = [], None
    for token, pos, entity, first in rows:
        chunk = CHUNK.get(pos)
        chunk_tag = "O" if chunk is None else ("B-" if first and previous_type is not None else "I-") + chunk
        ner = "O" if entity is None else ("B-" if first and previous_type == entity else "I-") + entity
        lines.append(f"{token} {pos} {chunk_tag} {ner}")
        previous_type = entity
    return lines


def write_conll(path, sentences, seed):
    rng = random.Random(seed)
    out, made = [], 0
    while made < sentences:
        out += ["-DOCSTART- -X- O O", ""]
        for _ in range(min(rng.randint(3, 8), sentences - made)):
            out += conll_lines(sentence(rng)) + [""]
            made += 1
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


WNUT_TYPES = {"PER": "person", "LOC": "location", "ORG": "corporation", "MISC": "group"}


def write_wnut(path, sentences, seed):
    """Tweet-like lowercase sentences, token<TAB>tag in IOB2; every fourth break is a line holding a single tab."""
    rng = random.Random(seed)
    out = []
    for n in range(sentences):
        rows = sentence(rng)
        for token, _, entity, first in rows:
            tag = "O" if entity is None else ("B-" if first else "I-") + WNUT_TYPES[entity]
            out.append(f"{token.lower() if entity is None else token}\t{tag}")
        out.append("\t" if n % 4 == 3 else "")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    write_conll(os.path.join(HERE, "toy.train.conll"), 360, seed=16)
    write_conll(os.path.join(HERE, "toy.valid.conll"), 60, seed=17)
    write_wnut(os.path.join(HERE, "toy.wnut"), 100, seed=18)
