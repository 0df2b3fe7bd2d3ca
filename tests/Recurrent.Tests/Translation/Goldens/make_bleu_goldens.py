#!/usr/bin/python3
"""Generate sacreBLEU goldens for Recurrent's translation metrics.

Writes ``sacrebleu_goldens.json`` next to this script: the 13a tokenisation of
a few hundred sentences (lowercase off and on), and corpus BLEU and chrF of a
few hundred generated corpora, as sacreBLEU computes them with its defaults.

Run with sacreBLEU importable (pip's ``sacrebleu``, or a source checkout of
github.com/mjpost/sacrebleu at tag v2.6.0 on PYTHONPATH, with a
``sacrebleu/version.py`` holding ``__version__ = "2.6.0"``; it needs Debian's
python3-regex, python3-portalocker, python3-tabulate, python3-numpy,
python3-colorama and python3-lxml):

    PYTHONPATH=/path/to/sacrebleu /usr/bin/python3 tests/Recurrent.Tests/Translation/Goldens/make_bleu_goldens.py

Sentences are built from German and English words (umlauts, ß, capitals for
the lowercase option), numbers with decimal points, thousands commas and
hyphens, ASCII and typographic punctuation, HTML entities, white space of
several kinds and a few characters outside the Basic Multilingual Plane.  A
hypothesis is one of its references edited (words dropped, repeated, swapped,
replaced, re-cased, punctuation changed), a sentence about something else, an
empty line, or a reference unchanged.  Corpora have 1 to 4 references per
hypothesis, the same number for every sentence or a different number each.
Everything is drawn from one seeded generator, so re-running the script
reproduces the file byte for byte.
"""

import json
import logging
import os
import random

import sacrebleu
from sacrebleu.metrics import BLEU, CHRF

logging.getLogger("sacrebleu").setLevel(logging.ERROR)

OUT_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sacrebleu_goldens.json")

GERMAN = (
    "Ich bin müde Du bist groß Er hat Hunger Wir gehen nach Hause Sie spielen Fußball auf der Straße "
    "Das Mädchen liest ein Buch über Öl und Übungen Grüße aus Köln Die Bäume sind grün Ärger Öfen "
    "Überraschung heiß weiß süß Maß Fluss Fuß schließen Tür Schlüssel Käse Brötchen fünf zwölf "
    "ÄRGER STRASSE ẞ Zürich München Düsseldorf schön früh spät hören können müssen dürfen"
).split()
ENGLISH = (
    "I am tired You are tall He is hungry We go home They play football on the street The girl reads "
    "a book about oil and exercises Greetings from Cologne The trees are green It's don't can't O'Neil "
    "Hello World hello world THE cat sat on mat Tom Mary Boston guide action party military always"
).split()
NUMBERS = ["3.5", "1,000", "2-3", "1990-2000", "10-jährige", "3.", ".5", "5,", "0.25%", "4-", "-7", "12:30", "1/2", "$20", "€5"]
PUNCTUATION = [".", ",", "!", "?", ";", ":", "...", "..", "-", "--", "'", '"', "(", ")", "[", "]", "{", "}", "/", "\\",
               "&", "%", "#", "@", "*", "+", "=", "<", ">", "^", "_", "`", "|", "~", "„", "“", "”", "«", "»", "–", "—", "…"]
SPECIAL = ["&quot;", "&amp;", "&lt;", "&gt;", "&amp;quot;", "AT&T", "<skipped>", "e-mail", "z.B.", "U.S.A.", "a.b",
           "😀", "𝔘𝔫𝔦", "İstanbul", "Ⅻ", "naïve", "café", "x-y", "(hi)", "\"Hallo\"", "'quote'"]
SPACES = [" ", " ", " ", " ", " ", "  ", "\t", "\u00a0", "\u2009", "\u001f", "\n", "-\n", "\u3000"]


def word(rng, language):
    """One token: mostly a word of the language, sometimes a number, punctuation or a special string."""
    roll = rng.random()
    if roll < 0.70:
        return rng.choice(GERMAN if language == "de" else ENGLISH)
    if roll < 0.80:
        return rng.choice(NUMBERS)
    if roll < 0.93:
        return rng.choice(PUNCTUATION)
    return rng.choice(SPECIAL)


def join(rng, tokens):
    """Detokenised text: punctuation often glued to the previous word, odd white space now and then."""
    text = ""
    for k, token in enumerate(tokens):
        if k > 0:
            glue = token in (".", ",", "!", "?", ";", ":", "...", ")") and rng.random() < 0.7
            text += "" if glue else (rng.choice(SPACES) if rng.random() < 0.1 else " ")
        text += token
    if rng.random() < 0.05:
        text += rng.choice([" ", "  ", "\t", "\n", "\u00a0"])
    if rng.random() < 0.03:
        text = " " + text
    return text


def sentence(rng, language, length=None):
    length = rng.randint(0, 14) if length is None else length
    return join(rng, [word(rng, language) for _ in range(length)])


def edit(rng, reference, language):
    """A hypothesis made from a reference by a few random edits of its words."""
    tokens = reference.split()
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.2 and tokens:
            del tokens[rng.randrange(len(tokens))]
        elif roll < 0.35 and tokens:
            k = rng.randrange(len(tokens))
            tokens.insert(k, tokens[k])
        elif roll < 0.5 and len(tokens) > 1:
            k = rng.randrange(len(tokens) - 1)
            tokens[k], tokens[k + 1] = tokens[k + 1], tokens[k]
        elif roll < 0.65 and tokens:
            tokens[rng.randrange(len(tokens))] = word(rng, language)
        elif roll < 0.8 and tokens:
            k = rng.randrange(len(tokens))
            tokens[k] = rng.choice([tokens[k].upper(), tokens[k].lower(), tokens[k].capitalize()])
        elif roll < 0.9 and tokens:
            tokens[rng.randrange(len(tokens))] += rng.choice([".", ",", "!", "?"])
        else:
            tokens.append(word(rng, language))
    return join(rng, tokens)


def hypothesis(rng, references, language):
    roll = rng.random()
    if roll < 0.03:
        return ""
    if roll < 0.12:
        return rng.choice(references)
    if roll < 0.20:
        return sentence(rng, language)
    if roll < 0.25:
        return sentence(rng, language, rng.randint(20, 40))
    return edit(rng, rng.choice(references), language)


def corpus(rng, index):
    language = rng.choice(["de", "en"])
    size = rng.choice([1, 1, 2, 3, 5, 8, 12, 20, 30])
    fixed = rng.choice([1, 1, 2, 3, 4, None])
    lowercase = rng.random() < 0.5
    references = []
    for _ in range(size):
        count = fixed if fixed is not None else rng.randint(1, 4)
        base = sentence(rng, language)
        refs = [base] + [edit(rng, base, language) if rng.random() < 0.6 else sentence(rng, language) for _ in range(count - 1)]
        if rng.random() < 0.02:
            refs[rng.randrange(count)] = ""
        references.append(refs)
    hypotheses = [hypothesis(rng, refs, language) for refs in references]

    # sacreBLEU takes references as streams: stream k holds the k-th reference of every sentence, None where there is none.
    streams = [[refs[k] if k < len(refs) else None for refs in references] for k in range(max(map(len, references)))]
    bleu = sacrebleu.corpus_bleu(hypotheses, streams, lowercase=lowercase)
    chrf = CHRF(lowercase=True).corpus_score(hypotheses, streams) if lowercase else sacrebleu.corpus_chrf(hypotheses, streams)
    return {
        "name": f"corpus_{index:03d}_{language}_{'lc' if lowercase else 'mixed'}",
        "lowercase": lowercase,
        "hypotheses": hypotheses,
        "references": references,
        "bleu": {
            "score": bleu.score,
            "precisions": bleu.precisions,
            "bp": bleu.bp,
            "ratio": bleu.ratio,
            "hyp_len": bleu.sys_len,
            "ref_len": bleu.ref_len,
            "counts": bleu.counts,
            "totals": bleu.totals,
        },
        "chrf": chrf.score,
    }


def tokenization_cases(rng):
    texts = list(GERMAN[:10] + NUMBERS + PUNCTUATION + SPECIAL)
    texts += ["Hallo Welt.", "Hello, world!", "Es kostet 3.50 Euro, d.h. 1,000 Cent.", "Seite 10-12 (siehe oben).",
              "Er sagte: &quot;Nein&quot; &amp; ging.", "a..b", "x.,y", "1.-2.", "Größe: 1,5m", "Straße & Maß",
              "end.", "3.", "-\nline", "tab\there", "  leading and trailing  ", "", " ", "\u001c\u001d", "ÄÖÜẞ İ",
              "<skipped> word", "mid<skipped>dle", "don't won't O'Neil's", "e-mail 2-3 4--5", "$100 #1 @home ~tilde"]
    texts += [sentence(rng, rng.choice(["de", "en"])) for _ in range(120)]
    cases = []
    for text in texts:
        for lowercase in (False, True):
            cases.append({"text": text, "lowercase": lowercase, "tokenized": BLEU(lowercase=lowercase)._preprocess_segment(text)})
    return cases


def main():
    rng = random.Random(14)
    golden = {
        "sacrebleu_version": sacrebleu.__version__,
        "tokenization": tokenization_cases(rng),
        "corpora": [corpus(rng, index) for index in range(300)],
    }
    with open(OUT_PATH, "w", encoding="utf-8") as f:
        json.dump(golden, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
