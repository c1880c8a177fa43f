#!/usr/bin/env bash
# Web view under load: `claimlog serve` over N synthetic claims (default 1,000,000, from
# bench/gen_claims.py), driven by wrk (Debian's `wrk`) for 30 s per target on loopback
# while `links check` writes results in the background:
#   - the queue (/), filtered by an outlet, by a search, and the API (/api/claims)
#   - requests/s, p50/p99 latency, errors (non-2xx and socket errors)
#   - the server's time per page (single requests: the first, whose counts are then
#     made in the background over a large database, and the median of 21 after it)
#   - the server's peak memory (VmHWM)
# Everything runs inside a fresh network namespace (`unshare -n`, loopback only): the
# synthetic claims cite real-world hosts, and the background link check must never
# reach them. Needs root (for unshare), wrk, python3, curl.
# Usage: bench/serve.sh [N] [OUTDIR]   (release build; OUTDIR holds ~2 GB at 1M)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
OUT=$(realpath -m "${2:-bench/out/serve}")
DURATION=${DURATION:-30s}
mkdir -p "$OUT"

if [ -z "${CLAIMLOG_BENCH_IN_NETNS:-}" ]; then
  [ -n "${CLAIMLOG_BIN:-}" ] || cargo build --release --quiet
  exec unshare -n env CLAIMLOG_BENCH_IN_NETNS=1 DURATION="$DURATION" CLAIMLOG_BIN="${CLAIMLOG_BIN:-}" "$0" "$N" "$OUT"
fi
ip link set lo up

# CLAIMLOG_BIN: another build to measure (a debug build to try the script quickly).
BIN=${CLAIMLOG_BIN:-$(pwd)/target/release/claimlog}
DB="$OUT/claims.db"
DATA="$OUT/claims-$N.jsonl"
if [ ! -s "$DB" ] && [ ! -s "$DATA" ]; then
  echo "generating $N claims..." >&2
  python3 bench/gen_claims.py "$N" > "$DATA"
fi
if [ ! -s "$DB" ]; then
  echo "importing..." >&2
  "$BIN" --db "$DB" -q import "$DATA" >/dev/null
  rm -f "$DATA"  # disk: the database holds it all now
fi
export CLAIMLOG_DB="$DB"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "claims: $N (+ 5,000 citing a loopback site)"

# A loopback site for the background link check: 5,000 claims cite pages of it.
python3 - <<'PY' &
import http.server, socketserver
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body><p>page %s</p></body></html>" % self.path.encode()
        self.send_response(404 if self.path.endswith("7") else 200)
        self.send_header("content-type", "text/html"); self.send_header("content-length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(("127.0.0.1", 18471), H).serve_forever()
PY
SITE=$!
if [ "$("$BIN" list --search loopbackpage --limit 1 --format json)" = "[]" ]; then
  python3 - "$OUT/loopback.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(5000):
        f.write(json.dumps({"text": f"loopbackpage claim {i}", "speaker": "Bench Site",
                            "links": [{"url": f"http://127.0.0.1:18471/p/{i}", "role": "source"}]}) + "\n")
PY
  "$BIN" -q import "$OUT/loopback.jsonl" >/dev/null
fi

"$BIN" users remove bench >/dev/null 2>&1 || true
"$BIN" users add bench --role viewer >/dev/null
TOKEN=$("$BIN" -q users token bench)
"$BIN" -q serve --bind 127.0.0.1:18472 > "$OUT/serve.url" &
SERVER=$!
trap 'kill $SERVER $SITE ${CHECK:-} 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" http://127.0.0.1:18472/api/claims?limit=1 && break; sleep 0.2; done
BASE=http://127.0.0.1:18472

# Server time of one page (the queue prints it; the API is timed by curl).
server_ms() { curl -s -H "Authorization: Bearer $TOKEN" "$BASE$1" | { grep -o 'server [0-9.]* ms' || echo "- -"; } | cut -d' ' -f2; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "server time per page, ms (cold: first request; warm: median of 21 after it)"
OUTLET=$("$BIN" list --limit 5100 --format json | python3 -c "import json,sys,urllib.parse; print(urllib.parse.quote(next(c['outlet'] for c in json.load(sys.stdin) if c['outlet'])))")
# Every order, common and rare filters (a tag nobody used, a verdict only verified claims
# have, a language the newest 5,000 claims lack), deep pages and a common search word.
for path in "/" "/?search=blocus" "/?search=gouvernement%20blocus" "/?outlet=$OUTLET" \
    "/?tag=armenie" "/?tag=nosuchtag" "/?lang=en" "/?verdict=false" \
    "/?sort=speaker" "/?sort=verification" "/?sort=oldest" "/?sort=speaker&page=200" \
    "/?unverified=1&page=200" "/?dead_links=1" "/?verification=verified&search=armée" \
    "/?sort=speaker&search=blocus"; do
  cold=$(server_ms "$path")
  warm=$(for _ in $(seq 21); do server_ms "$path"; done | median)
  echo "  $path  cold $cold  warm $warm"
done
api_ms=$(for _ in $(seq 21); do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$BASE/api/claims?unverified=1&limit=50"; done | median)
echo "  /api/claims?unverified=1&limit=50  $(echo "$api_ms * 1000" | bc -l | cut -c1-6) (curl total)"

echo
echo "background: links check --all (loopback site and every synthetic link; no network but lo)"
"$BIN" -q links check --all --allow-private --per-host 0 --host-rate 0 --timeout 2s --retries 0 \
  --concurrency 64 >/dev/null 2>"$OUT/check.err" &
CHECK=$!
sleep 2

run() {
  echo
  echo "wrk $DURATION, 2 threads, 16 connections: $1"
  wrk -t2 -c16 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE$1" \
    | grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors|requests in"
}
run "/"
run "/?outlet=$OUTLET"
# "blocus" is one of the generator's 50 French words: it is in 31% of the claims, the
# worst case for a search ordered newest first.
run "/?search=blocus"
run "/api/claims?unverified=1&limit=50"
kill "$CHECK" 2>/dev/null || true
wait "$CHECK" 2>/dev/null || true
echo
echo "link checks written during the runs: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM link_checks').fetchone()[0])" "$DB")"
# VmHWM counts the database pages mapped in (mmap), shared with the page cache;
# RssAnon is the server's own memory.
echo "server peak memory: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/$SERVER/status) resident at most, of which $(awk '/RssAnon/ {printf "%.0f MiB", $2/1024}' /proc/$SERVER/status) its own at the end"
