#!/usr/bin/env python3
"""A ClaimReview DataFeed of N reviews built by repeating the real shapes of
tests/data/feeds/reviews.json (see its PROVENANCE.md): each copy keeps the review's
structure, labels, dates and authors, and gets its own claim text and URL so that it is
a distinct review. Usage: gen_feed.py N > feed.json"""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "tests", "data", "feeds", "reviews.json")


def review_of(element):
    return element if "claimReviewed" in element else element["item"][0]


def main(n):
    shapes = json.load(open(CORPUS, encoding="utf-8"))["dataFeedElement"]
    out = sys.stdout
    out.write('{"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": [\n')
    for i in range(n):
        element = copy.deepcopy(shapes[i % len(shapes)])
        review = review_of(element)
        text = review.get("claimReviewed")
        if isinstance(text, list):
            text = text[0]
        review["claimReviewed"] = f"{text} (#{i})"
        url = review.get("url") or "https://example.org/review"
        review["url"] = f"{url}{'&' if '?' in url else '?'}copy={i}"
        out.write(json.dumps(element, ensure_ascii=False))
        out.write(",\n" if i + 1 < n else "\n")
    out.write("]}\n")


if __name__ == "__main__":
    main(int(sys.argv[1]))
