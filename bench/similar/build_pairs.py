#!/usr/bin/env python3
"""Builds tests/data/similar/pairs.jsonl, the labelled pairs `similar` is measured on.

Every sentence comes from real published text already in the repository (see
tests/data/similar/PROVENANCE.md): the four French seed articles and their 40 sample
claims, and the English and French news articles of Mozilla Readability's test pages.
A pair is {"a", "b", "same", "lang", "kind", "source"}; `kind` says how it was made:

same statement (same = true)
  seed_claim      a sample claim and the sentence of its seed article it was taken from
  reported        a sentence and the same sentence as another outlet would report it,
                  with a cue and a speaker around it ("..., a déclaré X" / "X said ...")
  shortened       a sentence and its main clause (cut at the last comma or semicolon)
different statements (same = false)
  number_changed  a sentence with a figure and the same sentence with another figure
  negated         a sentence and the same sentence negated
  same_article    two sentences of one article (same topic, other facts)
  same_speaker    two sample claims by the same speaker

Deterministic: run it again and the file is the same.
"""
import gzip
import html
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path("/work/shared/seeds")
PAGES = ROOT / "tests/data/drift/pages"
NEWS = {"en": ["bbc-1", "cnn", "nytimes-1", "nytimes-2", "wapo-1", "wapo-2", "seattletimes-1", "telegraph"],
        "fr": ["lemonde-1", "liberation-1"]}


def sentences(text):
    text = re.sub(r"\s+", " ", text)
    out = []
    for s in re.split(r"(?<=[.!?»])\s+(?=[A-ZÀ-Ý«\"“])", text):
        words = s.split()
        if 8 <= len(words) <= 45 and not re.search(r"https?:|@|©|\|", s):
            out.append(s.strip())
    return out


def page_text(name):
    raw = gzip.open(PAGES / f"{name}.expected.html.gz", "rt", encoding="utf-8").read()
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    paras = re.findall(r"<p[^>]*>(.*?)</p>", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", p)) for p in paras)


NUM = re.compile(r"\b\d+\b")


def change_number(s, rng):
    m = list(NUM.finditer(s))
    if not m:
        return None
    t = rng.choice(m)
    n = int(t.group())
    new = n + rng.choice([1, 2, 3, 5, 10]) if n < 1900 or n > 2100 else n + 1
    return s[: t.start()] + str(new) + s[t.end():]


NEG_EN = [(" is ", " is not "), (" was ", " was not "), (" are ", " are not "), (" were ", " were not "),
          (" will ", " will not "), (" has ", " has not "), (" have ", " have not "), (" can ", " cannot ")]
NEG_FR = [(" est ", " n'est pas "), (" sont ", " ne sont pas "), (" a ", " n'a pas "), (" ont ", " n'ont pas "),
          (" était ", " n'était pas "), (" sera ", " ne sera pas "), (" va ", " ne va pas ")]


def negate(s, lang):
    for old, new in (NEG_EN if lang == "en" else NEG_FR):
        if old in s:
            return s.replace(old, new, 1)
    return None


def report(s, lang, rng):
    body = s.rstrip(".")
    if lang == "fr":
        who = rng.choice(["l'AFP", "Reuters", "un porte-parole", "le ministère"])
        return rng.choice([f"« {body} », a déclaré {who}.", f"Selon {who}, {body[0].lower() + body[1:]}."])
    who = rng.choice(["a spokesman", "officials", "Reuters", "the ministry"])
    return rng.choice([f'"{body}," {who} said.', f"According to {who}, {body[0].lower() + body[1:]}."])


def shorten(s):
    cut = max(s.rfind(", "), s.rfind("; "))
    if cut < len(s) * 0.6:
        return None
    return s[:cut] + "."


def main():
    rng = random.Random(13)
    pairs = []

    def add(a, b, same, lang, kind, source):
        if a and b and a != b:
            pairs.append({"a": a, "b": b, "same": same, "lang": lang, "kind": kind, "source": source})

    # Sample claims and the seed sentences they come from.
    seed_sentences = {}
    for f in sorted(SEEDS.glob("*.txt")):
        seed_sentences[f.name] = sentences(f.read_text(encoding="utf-8"))
    claims = [json.loads(l) for l in (ROOT / "data/sample.jsonl").open(encoding="utf-8")]
    for c in claims:
        words = set(re.findall(r"\w+", c["text"].lower()))
        best, best_overlap, where = None, 0, None
        for name, ss in seed_sentences.items():
            for s in ss:
                overlap = len(words & set(re.findall(r"\w+", s.lower()))) / max(1, len(words))
                if overlap > best_overlap:
                    best, best_overlap, where = s, overlap, name
        if best and best_overlap >= 0.8 and best != c["text"]:
            add(c["text"], best, True, "fr", "seed_claim", f"data/sample.jsonl + seeds/{where}")
    by_speaker = {}
    for c in claims:
        by_speaker.setdefault(c["speaker"], []).append(c["text"])
    for speaker, texts in sorted(by_speaker.items()):
        for i in range(len(texts) - 1):
            add(texts[i], texts[i + 1], False, "fr", "same_speaker", f"data/sample.jsonl ({speaker})")

    # Sentences of real articles.
    corpus = [(lang, f"seeds/{n}", s) for n, ss in seed_sentences.items() for s in ss for lang in ["fr"]]
    for lang, names in NEWS.items():
        for name in names:
            for s in sentences(page_text(name)):
                corpus.append((lang, f"readability/{name}", s))
    by_source = {}
    for lang, source, s in corpus:
        by_source.setdefault((lang, source), []).append(s)
    for (lang, source), ss in sorted(by_source.items()):
        picked = ss[: 12]
        for i, s in enumerate(picked):
            kinds = [("reported", True), ("shortened", True), ("number_changed", False),
                     ("negated", False), ("same_article", False)]
            kind, same = kinds[i % len(kinds)]
            if kind == "reported":
                add(s, report(s, lang, rng), True, lang, kind, source)
            elif kind == "shortened":
                add(s, shorten(s), True, lang, kind, source)
            elif kind == "number_changed":
                add(s, change_number(s, rng), False, lang, kind, source)
            elif kind == "negated":
                add(s, negate(s, lang), False, lang, kind, source)
            else:
                add(s, picked[(i + 1) % len(picked)], False, lang, kind, source)
            # Every sentence with a figure also gets a changed-figure twin.
            if kind != "number_changed" and NUM.search(s):
                add(s, change_number(s, rng), False, lang, "number_changed", source)
    out = ROOT / "tests/data/similar/pairs.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(pairs), Counter((p["kind"], p["same"]) for p in pairs), Counter(p["lang"] for p in pairs), file=sys.stderr)


if __name__ == "__main__":
    main()
