#!/usr/bin/env python3
"""Builds tests/data/similar/heldout.jsonl: labelled pairs for `similar` from real
published articles that the score was NOT tuned on.

Source: the 41 real articles of tests/data/extract/real (20 French, 21 English, 35
outlets; see its README.md and provenance.json) and their hand annotations (gold/*.json:
each claim's speaker, cue and text as the article gives it). None of these texts is in
tests/data/similar/pairs.jsonl, the set the score was tuned on. `part` follows
tests/data/extract/real/split.json: "dev" (may be looked at when changing the score)
or "blind" (held out: only measured).

A pair is {"a", "b", "same", "lang", "kind", "part", "source"}; kinds:

same statement (same = true)
  quoted          an annotated claim and the whole sentence of the article it sits in
  reported        a claim and the same words as another outlet would print them, with
                  the speaker and a cue ("X said ..." / "..., a déclaré X")
different statements (same = false)
  number_changed  a claim with a figure and the same claim with another figure
  negated         a claim and the same claim negated
  same_speaker    two claims one speaker made in one article
  same_article    two claims of one article by different speakers

Deterministic: run it again and the file is the same.
"""
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "tests/data/extract/real"
MIN_WORDS = 6

NUM = re.compile(r"\b\d+\b")
NEG_EN = [(" is ", " is not "), (" was ", " was not "), (" are ", " are not "), (" were ", " were not "),
          (" will ", " will not "), (" has ", " has not "), (" have ", " have not "), (" can ", " cannot "),
          (" would ", " would not "), (" could ", " could not ")]
NEG_FR = [(" est ", " n'est pas "), (" sont ", " ne sont pas "), (" a ", " n'a pas "), (" ont ", " n'ont pas "),
          (" était ", " n'était pas "), (" sera ", " ne sera pas "), (" va ", " ne va pas "),
          (" peut ", " ne peut pas "), (" doit ", " ne doit pas ")]


def norm(s):
    return re.sub(r"\s+", " ", s.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


def sentences(text):
    text = re.sub(r"\s+", " ", text)
    return [s.strip() for s in re.split(r"(?<=[.!?»\"”])\s+(?=[A-ZÀ-Ý«\"“])", text) if s.strip()]


def change_number(s, rng):
    m = list(NUM.finditer(s))
    if not m:
        return None
    t = rng.choice(m)
    n = int(t.group())
    new = n + rng.choice([1, 2, 3, 5, 10]) if n < 1900 or n > 2100 else n + 1
    return s[: t.start()] + str(new) + s[t.end():]


def negate(s, lang):
    padded = f" {s} "
    for old, new in (NEG_EN if lang == "en" else NEG_FR):
        if old in padded:
            return padded.replace(old, new, 1).strip()
    return None


def report(claim, lang):
    text = claim["text"].rstrip(" .")
    if lang == "en":
        return f"{claim['speaker']} said {text[0].lower() + text[1:]}"
    return f"« {text} », a déclaré {claim['speaker']}"


def main():
    rng = random.Random(13)
    split = json.loads((REAL / "split.json").read_text())
    pairs = []
    for gold_file in sorted((REAL / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text())
        name, lang = gold["article"], gold["lang"]
        part = split[name]
        source = f"tests/data/extract/real/articles/{name} + gold"
        article = (REAL / "articles" / name).read_text(encoding="utf-8")
        sents = sentences(article)
        claims = [i for i in gold["items"]
                  if i["kind"] == "claim" and len(i["text"].split()) >= MIN_WORDS]

        def add(a, b, same, kind):
            pairs.append({"a": a, "b": b, "same": same, "lang": lang, "kind": kind,
                          "part": part, "source": source})

        for c in claims:
            text = c["text"]
            inside = [s for s in sents if norm(text) in norm(s)]
            if inside and len(inside[0].split()) >= len(text.split()) + 3:
                add(text, inside[0], True, "quoted")
            if rng.random() < 0.5:
                add(text, report(c, lang), True, "reported")
            changed = change_number(text, rng)
            if changed:
                add(text, changed, False, "number_changed")
            negated = negate(text, lang)
            if negated and rng.random() < 0.6:
                add(text, negated, False, "negated")
        by_speaker = {}
        for c in claims:
            by_speaker.setdefault(c["speaker"], []).append(c)
        for said in by_speaker.values():
            for x, y in zip(said, said[1:]):
                if norm(x["text"]) not in norm(y["text"]) and norm(y["text"]) not in norm(x["text"]):
                    add(x["text"], y["text"], False, "same_speaker")
        others = [(x, y) for x in claims for y in claims if x["speaker"] < y["speaker"]]
        for x, y in rng.sample(others, min(2, len(others))):
            add(x["text"], y["text"], False, "same_article")
    out = ROOT / "tests/data/similar/heldout.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(pairs), Counter((p["part"], p["same"]) for p in pairs), Counter(p["kind"] for p in pairs),
          Counter(p["lang"] for p in pairs))


if __name__ == "__main__":
    main()
