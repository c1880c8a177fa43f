#!/usr/bin/env python3
"""Writes N synthetic claims as claimlog JSONL, deterministic for a seed.

Realistic shapes: claim texts of 60-400 characters in French and English, 20,000
sources (Zipf-weighted speakers), ~3 links each over a shared pool of URLs, one or
two relays on a third of the claims, and a mix of verification states with events.
"""
import json
import random
import sys

WORDS_FR = ("le la les des un une et à de du pour sur dans par avec sans contre selon "
            "armée gouvernement ministère frontière village positions soldats civils "
            "attaque bombardement cessez-le-feu accord négociations blocus corridor "
            "déploiement réfugiés prisonniers humanitaire président premier ministre "
            "déclaration communiqué officiel région frappes drones artillerie pertes "
            "militaires forces troupes nuit matin hier aujourd'hui semaine victimes").split()
WORDS_EN = ("the a of and to in on for with by against according army government "
            "ministry border village positions soldiers civilians attack shelling "
            "ceasefire agreement talks blockade corridor deployment refugees prisoners "
            "humanitarian president prime minister statement official region strikes "
            "drones artillery losses military forces troops night morning yesterday").split()
HOSTS = ["www.lemonde.fr", "www.lefigaro.fr", "edition.cnn.com", "www.reuters.com",
         "apnews.com", "twitter.com", "x.com", "armenpress.am", "www.azernews.az",
         "www.bbc.com", "www.france24.com", "www.rferl.org", "news.am", "www.aa.com.tr"]
STATES = (["unverified"] * 55 + ["unable_to_verify"] * 15 + ["partially_verified"] * 10
          + ["verified"] * 20)
VERDICTS = ["true", "mostly_true", "mixed", "mostly_false", "false", "misleading"]
CUES_FR = ["a déclaré", "selon", "a affirmé", "a indiqué", "a démenti", "a annoncé"]
CUES_EN = ["said", "according to", "told", "claimed", "denied", "announced"]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 42
    rng = random.Random(seed)
    sources = [f"Source {i:05d} {rng.choice(['ministère', 'agence', 'porte-parole', 'ONG', 'Reuters', 'témoin'])}"
               for i in range(20_000)]
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(sources))]
    url_pool = max(1000, n)  # shared pool: popular articles are cited by many claims
    out = sys.stdout
    speakers = rng.choices(sources, weights=weights, k=n)
    for i in range(n):
        fr = rng.random() < 0.7
        words = WORDS_FR if fr else WORDS_EN
        length = rng.randint(10, 60)
        text = " ".join(rng.choice(words) for _ in range(length)).capitalize() + f" (#{i})"
        day = rng.randint(0, 3 * 365)
        year, rest = 2021 + day // 365, day % 365
        date = f"{year}-{rest // 31 % 12 + 1:02d}-{rest % 28 + 1:02d}"
        links = []
        for _ in range(rng.choice([1, 2, 3, 3, 4, 5])):
            host = rng.choice(HOSTS)
            links.append({"url": f"https://{host}/article/{rng.randrange(url_pool)}",
                          "role": rng.choice(["source", "appearance", "appearance", "evidence"])})
        state = rng.choice(STATES)
        history = []
        verdict = None
        if state != "unverified":
            if state in ("verified", "partially_verified"):
                verdict = rng.choice(VERDICTS)
            history.append({"at": f"{date}T12:00:00Z", "by": rng.choice(sources),
                            "verification": state, "verdict": verdict,
                            "note": "vérification" if fr else "checked", "evidence": None})
        rec = {
            "text": text,
            "lang": "fr" if fr else "en",
            "speaker": speakers[i],
            "cue": rng.choice(CUES_FR if fr else CUES_EN),
            "relays": rng.sample(sources, rng.choice([0, 0, 1, 2])),
            "outlet": rng.choice(sources[:500]),
            "claimed_on": date,
            "links": links,
            "tags": rng.sample(["armenie", "azerbaidjan", "ukraine", "russie", "gaza", "sante", "climat"], rng.choice([0, 1, 2])),
            "history": history,
            "created_at": f"{date}T08:00:00Z",
        }
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
