#!/usr/bin/env python3
"""Median whole-process time (ms) of `claimlog similar` on a database: one claim by id,
and free texts (a synthetic-like one whose words are all common, a real-world one).
Usage: time_similar.py BIN DB ID [RUNS]"""
import subprocess
import sys
import time

bin_, db, claim = sys.argv[1], sys.argv[2], sys.argv[3]
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 21
cases = {
    "similar ID": ["similar", claim],
    "similar --text (common words)": ["similar", "--text",
                                      "Les soldats ont bombardé le village frontière pendant la nuit selon le ministère"],
    "similar --text (rare words)": ["similar", "--text",
                                    "Azerbaijan opened fire on Armenian positions near Sotk, killing 29"],
    "show ID (peer)": ["show", claim],
    "--version (process start)": ["--version"],
}
for name, args in cases.items():
    cmd = [bin_] if args == ["--version"] else [bin_, "--db", db]
    cmd += args
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"| {name} | {times[len(times) // 2]:.1f} | {times[0]:.1f} |")
