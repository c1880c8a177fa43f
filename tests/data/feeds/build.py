#!/usr/bin/env python3
"""Builds the feeds corpus from the spec fixtures of meedan/fetch (MIT).

Usage: build.py PATH/TO/meedan-fetch/spec/fixtures

Writes, beside this script:
  reviews.json   every ClaimReview found in the fixtures, verbatim, as one DataFeed
  pages/*.html   six fact-check pages, verbatim (the "page" field of the fixture)
  broken.json    reviews.json with the documented mutations below (one item in ten broken)
See PROVENANCE.md.
"""
import copy
import glob
import json
import os
import sys
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))

PAGES = {
    "afp_raw.json": "afp-en.html",
    "afp_fact_check_hindi_raw.json": "afp-hindi.html",
    "tfc_taiwan_missing_page.json": "tfc-taiwan.html",
    "comprova_raw.json": "comprova-pt.html",
    "efe_verifica_raw.json": "efe-verifica-es.html",
    "africa_check_raw.json": "africa-check.html",
}


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self.current = [], None

    def handle_starttag(self, tag, attrs):
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.strip().lower().startswith("application/ld+json"):
            self.current = []

    def handle_endtag(self, tag):
        if tag == "script" and self.current is not None:
            self.blocks.append("".join(self.current))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.append(data)


def is_review(v):
    t = v.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and x.endswith("ClaimReview") for x in types)


def reviews_in(v, out):
    if isinstance(v, list):
        for x in v:
            reviews_in(x, out)
    elif isinstance(v, dict):
        if is_review(v):
            out.append(v)
            return
        for x in v.values():
            reviews_in(x, out)


def pages_in(obj):
    if isinstance(obj, str):
        if "<html" in obj[:2000].lower():
            yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from pages_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from pages_in(v)


def main(fixtures):
    elements = []
    for path in sorted(glob.glob(os.path.join(fixtures, "*"))):
        name = os.path.basename(path)
        raw = open(path, encoding="utf-8").read()
        try:
            obj = json.loads(raw)
        except ValueError:
            obj = raw
        if name == "data_commons_raw.json":
            # A DataFeedItem of the Data Commons feed: kept whole, wrapper and all.
            elements.append(obj)
            continue
        for page in pages_in(obj):
            if name in PAGES:
                with open(os.path.join(HERE, "pages", PAGES[name]), "w", encoding="utf-8") as f:
                    f.write(page)
            parser = Scripts()
            parser.feed(page)
            for block in parser.blocks:
                try:
                    value = json.loads(block.strip())
                except ValueError:
                    continue
                reviews_in(value, elements)
        if not isinstance(obj, str):
            direct = []
            reviews_in(obj, direct)
            elements.extend(direct)
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": elements}
    with open(os.path.join(HERE, "reviews.json"), "w", encoding="utf-8") as f:
        json.dump(feed, f, ensure_ascii=False, indent=1)
        f.write("\n")

    # broken.json: the same reviews, mutated to hold every failure kind of issue #11
    # that the real items above do not already show. Every tenth item loses its
    # claimReviewed (the one fault that rejects a review).
    broken = copy.deepcopy(elements)
    reviews = [e if is_review(e) else e["item"][0] for e in broken]
    reviews[0]["itemReviewed"]["datePublished"] = "2015-2-4"
    reviews[1]["datePublished"] = "April 27, 2016"
    reviews[3]["url"] = "English.factcrescendo.com/2020/05/viral-claim/"
    reviews[4]["url"] = "See the fact-check on our website"
    rating = reviews[2]["reviewRating"]  # AFP Hindi: a label in Devanagari, numbers removed
    for key in ("ratingValue", "bestRating", "worstRating"):
        rating.pop(key, None)
    reviews[5]["reviewRating"] = {"@type": "Rating", "ratingValue": 3, "worstRating": 1, "bestRating": 5}
    reviews[6]["reviewRating"] = {"@type": "Rating", "ratingValue": "8", "worstRating": "0", "bestRating": "10"}
    for i, review in enumerate(reviews):
        if i % 10 == 9:
            review["claimReviewed"] = ""
    feed["dataFeedElement"] = broken
    with open(os.path.join(HERE, "broken.json"), "w", encoding="utf-8") as f:
        json.dump(feed, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{len(elements)} reviews; {len(PAGES)} pages")


if __name__ == "__main__":
    main(sys.argv[1])
