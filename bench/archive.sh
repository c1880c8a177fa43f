#!/usr/bin/env bash
# `links check --archive` against `links check` on the loopback link-checker benchmark
# of ../shared/bench/linkcheck, in the same run: N realistic URLs (same seed), imported
# as claims into two identical databases, one server, then both checks timed with GNU
# time. Prints the throughput ratio (target >= 0.8), the peak memory of each (target
# <= 64 MiB with --archive), the bytes on disk per capture, and the share of revisit
# records when the archived run is repeated (the pages have not changed).
#
# usage: bench/archive.sh N LABEL
# env: MIX=realistic|allok  CLAIMLOG=target/release/claimlog  RESULTS=bench/out
#      PORT=8800  LATENCY_MS=20  HANG_S=25  MAX_RUN_S=900  SEED=42
# needs: python3 with aiohttp (pip install aiohttp), /usr/bin/time
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED_BENCH:-$repo/../shared/bench/linkcheck}"
[ -d "$shared" ] || shared=/work/shared/bench/linkcheck
N="${1:?N}"; LABEL="${2:?LABEL}"
MIX="${MIX:-realistic}"
CLAIMLOG="${CLAIMLOG:-$repo/target/release/claimlog}"
RESULTS="${RESULTS:-$repo/bench/out}"
PORT="${PORT:-8800}"; LATENCY_MS="${LATENCY_MS:-20}"; HANG_S="${HANG_S:-25}"
MAX_RUN_S="${MAX_RUN_S:-900}"; SEED="${SEED:-42}"
HOSTS="127.0.0.2-127.0.0.9"
limits=(--per-host 32 --host-rate 0 --concurrency 256 --timeout 5s)
[ -x "$CLAIMLOG" ] || (cd "$repo" && cargo build --release)
mkdir -p "$RESULTS"
run="$(cd "$RESULTS" && pwd)/$LABEL-archive"
rm -rf "$run"; mkdir -p "$run/stats"
cd "$run"
python3 "$shared/gen_urls.py" -n "$N" --hosts "$HOSTS" --port "$PORT" --host-dist zipf \
    --mix "$MIX" --seed "$SEED" --urls urls.txt --truth truth.tsv > gen.log
python3 - <<'PY'
import json
with open("urls.txt") as f, open("claims.jsonl", "w") as out:
    for i, url in enumerate(line.strip() for line in f):
        out.write(json.dumps({"text": f"Benchmark claim {i}", "speaker": f"Speaker {i // 100}",
                              "links": [{"url": url, "role": "source"}]}) + "\n")
PY
"$CLAIMLOG" -q --db plain.db import claims.jsonl > import.log
cp plain.db archived.db

python3 "$shared/server.py" --hosts "$HOSTS" --port "$PORT" --latency-ms "$LATENCY_MS" \
    --hang-seconds "$HANG_S" --max-seconds "$MAX_RUN_S" --stats-dir "$run/stats" \
    > server.log 2>&1 &
SERVER_PID=$!
cleanup() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 100); do
    grep -q "^serving" server.log 2>/dev/null && break
    sleep 0.1
done
grep -q "^serving" server.log || { echo "server did not start"; cat server.log; exit 1; }

timed() {
    local name="$1"; shift
    set +e
    timeout "$MAX_RUN_S" /usr/bin/time -v "$CLAIMLOG" -q --db "$name.db" links check --all \
        --allow-private "${limits[@]}" --format json "$@" > "$name.json" 2> "$name.time"
    set -e
}
timed plain
timed archived --archive --archive-dir "$run/warcs"
# The same links again, a day later: unchanged pages become revisit records.
cp archived.db again.db
CLAIMLOG_NOW="$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)" timed again --archive --archive-dir "$run/warcs"
cleanup
trap - EXIT

python3 - "$N" <<'PY'
import json, os, re, sys
n = int(sys.argv[1])
def figures(name):
    text = open(f"{name}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss_kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss_kib / 1024, json.load(open(f"{name}.json"))
plain_s, plain_mib, plain = figures("plain")
arch_s, arch_mib, arch = figures("archived")
again_s, again_mib, again = figures("again")
caps = arch["captures"]
captures = caps["captured"] + caps["revisits"]
disk = caps["bytes"]
print(f"links: {n}  checked: plain {plain['checked']}, archived {arch['checked']}")
print(f"plain:    {plain_s:.1f} s  {n / plain_s:.0f} links/s  peak {plain_mib:.1f} MiB")
print(f"archive:  {arch_s:.1f} s  {n / arch_s:.0f} links/s  peak {arch_mib:.1f} MiB")
print(f"throughput ratio (archive / plain): {plain_s / arch_s:.2f}")
print(f"captures: {captures}  WARC bytes on disk: {disk}  per capture: {disk / max(captures, 1):.0f}")
re = again["captures"]
print(f"second run: {again_s:.1f} s  peak {again_mib:.1f} MiB  captured {re['captured']}  "
      f"revisits {re['revisits']}  revisit ratio {re['revisits'] / max(re['captured'] + re['revisits'], 1):.3f}  "
      f"bytes {re['bytes']}  per capture {re['bytes'] / max(re['captured'] + re['revisits'], 1):.0f}")
PY
