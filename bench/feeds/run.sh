#!/usr/bin/env bash
# Feed import benchmark (issue #11): ClaimReview feeds of 20,000 and 200,000 reviews built
# by gen_feed.py from the real shapes of tests/data/feeds, imported into a fresh database
# by the release binary, timed with /usr/bin/time -v (wall time, peak RSS); then the
# same feed imported again (idempotence: nothing added), and the real corpus's figures.
# Usage: bench/feeds/run.sh [OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-bench/out/feeds}
mkdir -p "$OUT"
if [ -z "${CLAIMLOG_BIN:-}" ]; then cargo build --release --quiet; fi
BIN=${CLAIMLOG_BIN:-target/release/claimlog}
export CLAIMLOG_NOW=2024-01-01T00:00:00Z
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }
measure() { # label command...: prints wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -v -o "$OUT/.time" "$@" >"$OUT/.out" 2>"$OUT/.err" || { cat "$OUT/.err" "$OUT/.time"; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$OUT/.time")
  printf '%-34s wall %s  peak RSS %s MiB  %s\n' "$label" "$wall" "$rss" "$(tr '\n' ' ' <"$OUT/.out" | cut -c1-120)"
}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
for n in 20000 200000; do
  feed="$OUT/feed-$n.json"
  [ -s "$feed" ] || python3 bench/feeds/gen_feed.py "$n" >"$feed"
  echo "feed: $n reviews, $(du -h "$feed" | cut -f1)"
  db="$OUT/feed-$n.db"; fresh "$db"
  measure "import $n (fresh db)" "$BIN" --db "$db" -q import "$feed"
  measure "import $n again (adds nothing)" "$BIN" --db "$db" -q import "$feed"
  measure "export $n as ClaimReview" "$BIN" --db "$db" -q export --format claimreview -o "$OUT/export-$n.json"
done
db="$OUT/corpus.db"; fresh "$db"
"$BIN" --db "$db" --format json import tests/data/feeds/reviews.json >"$OUT/corpus.json" 2>/dev/null
python3 - "$OUT/corpus.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"real corpus: {s['added']} claims added, {s['existing']} already recorded, "
      f"{len(s.get('warnings', []))} warnings, rejected {s.get('rejected', 0)}")
PY
echo "ratings in other: $("$BIN" --db "$db" --format json list --verdict other --limit 100000 | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"
