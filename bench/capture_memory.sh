#!/usr/bin/env bash
# Peak memory of `links check --archive` when many long pages are in flight at once:
# N links to a 30 MiB page (python3's http.server on 127.0.0.2, one query string per
# link so each is its own link), 32 fetched at a time, with the default 20 MiB capture
# cap. Prints the peak resident set of `links check` and of `links check --archive`.
#
# usage: bench/capture_memory.sh [N]     env: CLAIMLOG=target/release/claimlog
#        SCRATCH=/tmp/claimlog-capture-memory  PORT=8811
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
N="${1:-64}"
CLAIMLOG="${CLAIMLOG:-$repo/target/release/claimlog}"
SCRATCH="${SCRATCH:-${TMPDIR:-/tmp}/claimlog-capture-memory}"
PORT="${PORT:-8811}"
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH/site"
cd "$SCRATCH"
head -c $((30 << 20)) /dev/zero | tr '\0' 'a' > site/big.html
python3 - "$N" "$PORT" <<'PY'
import json, sys
n, port = int(sys.argv[1]), sys.argv[2]
with open("claims.jsonl", "w") as out:
    for i in range(n):
        out.write(json.dumps({"text": f"Long report {i}", "speaker": "Bench",
                              "links": [{"url": f"http://127.0.0.2:{port}/big.html?i={i}",
                                         "role": "source"}]}) + "\n")
PY
"$CLAIMLOG" -q --db plain.db import claims.jsonl
cp plain.db archived.db
python3 -m http.server "$PORT" --bind 127.0.0.2 --directory site > server.log 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
sleep 1
peak() {
    local name="$1"; shift
    timeout 600 /usr/bin/time -v "$CLAIMLOG" -q --db "$name.db" links check --all \
        --allow-private --per-host 32 --concurrency 64 --host-rate 0 --timeout 120s \
        --format json "$@" > "$name.json" 2> "$name.time" || true
    local kib; kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$name.time")
    local wall; wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$name.time")
    echo "$name: peak $((kib / 1024)) MiB, wall $wall, $(python3 -c "import json; s=json.load(open('$name.json')); print(s['checked'], 'checked', s.get('captures') or '')")"
}
peak plain
peak archived --archive --archive-dir "$SCRATCH/warcs"
du -sh "$SCRATCH/warcs"
