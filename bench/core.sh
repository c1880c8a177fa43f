#!/usr/bin/env bash
# Core benchmark: a database of N synthetic claims (default 1,000,000; 20,000 sources,
# ~3 links each, a mix of statuses), timed as whole processes:
#   - JSONL import throughput (claims/s), against a peer: Python's sqlite3 inserting the
#     same records as flat rows into one table, the floor of any importer on SQLite
#   - list --unverified --limit 50, list --search WORD --limit 50, show ID (median of
#     runs, ms), against the peer `claimlog --version` (process start, no database)
#   - bytes per claim on disk
# Usage: bench/core.sh [N] [OUTDIR]   (release build; about 2 minutes at 1M on 2 cores)
#        BIN=path/to/claimlog bench/core.sh ...   times that binary instead (no build),
#        to compare two builds in one session
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
OUT=${2:-bench/out/core}
mkdir -p "$OUT"
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=target/release/claimlog
fi
DB="$OUT/claims.db"
DATA="$OUT/claims-$N.jsonl"

if [ ! -s "$DATA" ]; then
  echo "generating $N claims..." >&2
  python3 bench/gen_claims.py "$N" > "$DATA"
fi
rm -f "$DB" "$DB-wal" "$DB-shm"

now() { date +%s.%N; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "claims: $N ($(du -h "$DATA" | cut -f1) of JSONL)"

t0=$(now)
"$BIN" --db "$DB" -q import "$DATA" >/dev/null
t1=$(now)
import_s=$(echo "$t1 - $t0" | bc -l)

t0=$(now)
python3 - "$DATA" "$OUT/peer.db" <<'PY'
import json, os, sqlite3, sys
data, db = sys.argv[1], sys.argv[2]
for suffix in ("", "-wal", "-shm"):
    try: os.remove(db + suffix)
    except FileNotFoundError: pass
conn = sqlite3.connect(db)
conn.execute("PRAGMA journal_mode=WAL")
conn.execute("CREATE TABLE claims(text, lang, speaker, cue, outlet, claimed_on, links, history)")
def rows():
    with open(data, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            yield (r["text"], r["lang"], r["speaker"], r["cue"], r["outlet"], r["claimed_on"],
                   json.dumps(r["links"]), json.dumps(r["history"]))
with conn:
    conn.executemany("INSERT INTO claims VALUES (?,?,?,?,?,?,?,?)", rows())
conn.close()
PY
t1=$(now)
peer_s=$(echo "$t1 - $t0" | bc -l)

# Fold the WAL into the file so the size is the database's own.
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()" "$DB"
bytes=$(stat -c %s "$DB")

median_ms() { # runs a command 21 times, prints the median wall time in ms
  python3 - "$@" <<'PY'
import subprocess, sys, time
cmd = sys.argv[1:]
times = []
for _ in range(21):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t) * 1000)
times.sort()
print(f"{times[len(times)//2]:.1f}")
PY
}
floor=$(median_ms "$BIN" --version)
unverified=$(median_ms "$BIN" --db "$DB" list --unverified --limit 50)
search=$(median_ms "$BIN" --db "$DB" list --search blocus --limit 50)
search_rare=$(median_ms "$BIN" --db "$DB" list --search "#$((N / 2))" --limit 50)
show=$(median_ms "$BIN" --db "$DB" show $((N / 2)))
json_list=$(median_ms "$BIN" --db "$DB" list --unverified --limit 50 --format json)

printf '\n| measure | claimlog | peer | ratio |\n|---|---|---|---|\n'
printf '| import (claims/s) | %.0f | %.0f (python sqlite3, flat rows) | %.2fx |\n' \
  "$(echo "$N / $import_s" | bc -l)" "$(echo "$N / $peer_s" | bc -l)" "$(echo "$peer_s / $import_s" | bc -l)"
for row in "list --unverified --limit 50:$unverified" "list --unverified --limit 50 --format json:$json_list" \
           "list --search blocus --limit 50 (common word):$search" "list --search (one claim):$search_rare" "show ID:$show"; do
  name=${row%:*}; ms=${row##*:}
  printf '| %s (ms, median of 21) | %s | %s (claimlog --version) | %.2fx |\n' "$name" "$ms" "$floor" "$(echo "$ms / $floor" | bc -l)"
done
printf '| bytes per claim on disk | %.0f | %.0f (JSONL input) | %.2fx |\n' \
  "$(echo "$bytes / $N" | bc -l)" "$(echo "$(stat -c %s "$DATA") / $N" | bc -l)" "$(echo "$bytes / $(stat -c %s "$DATA")" | bc -l)"
