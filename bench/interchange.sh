#!/usr/bin/env bash
# Interchange benchmark on a database of N synthetic claims (default 1,000,000, built by
# bench/gen_claims.py: 20,000 sources, ~3 links each, mixed statuses, ~30% with a verdict),
# timed as whole processes:
#   - export --format csv                       (claims/s)
#   - import of that CSV into a fresh database  (claims/s)
#   - export --format claimreview               (claims/s over the whole database, and
#                                                reviews written)
#   - import of those ClaimReviews into a fresh database (reviews/s)
# and checks that the CSV round trip is exact (export, import, export: same bytes).
# Wall time depends on what else the machine runs; CPU time (user + system) is printed too,
# and throughput is given for both.
# Usage: bench/interchange.sh [N] [OUTDIR]   (release build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
OUT=${2:-bench/out/interchange}
mkdir -p "$OUT"
# CLAIMLOG_BIN runs a binary built earlier (so that rebuilding meanwhile changes nothing).
if [ -z "${CLAIMLOG_BIN:-}" ]; then cargo build --release --quiet; fi
BIN=${CLAIMLOG_BIN:-target/release/claimlog}
DATA="$OUT/claims-$N.jsonl"
export CLAIMLOG_NOW=2024-01-01T00:00:00Z

if [ ! -s "$DATA" ]; then
  echo "generating $N claims..." >&2
  python3 bench/gen_claims.py "$N" > "$DATA"
fi
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }
now() { date +%s.%N; }
timed() { # command...: runs it, sets $elapsed (wall seconds) and $cpu (user + system seconds)
  local t0 t1
  t0=$(now); /usr/bin/time -f "%U %S" -o "$OUT/.time" "$@" >/dev/null; t1=$(now)
  elapsed=$(echo "$t1 - $t0" | bc -l)
  cpu=$(awk '{print $1 + $2}' "$OUT/.time")
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "claims: $N ($(du -h "$DATA" | cut -f1) of JSONL)"

SRC="$OUT/source.db"
if [ ! -s "$SRC" ] || [ "$(sqlite3 "$SRC" 'select count(*) from claims' 2>/dev/null || echo 0)" != "$N" ]; then
  fresh "$SRC"
  timed "$BIN" --db "$SRC" -q import "$DATA"
  printf 'jsonl import (setup): %.0f claims/s\n' "$(echo "$N / $elapsed" | bc -l)"
fi

timed "$BIN" --db "$SRC" -q export --format csv -o "$OUT/claims.csv"
csv_export=$elapsed; csv_export_cpu=$cpu
fresh "$OUT/csv.db"
timed "$BIN" --db "$OUT/csv.db" -q import "$OUT/claims.csv"
csv_import=$elapsed; csv_import_cpu=$cpu
timed "$BIN" --db "$SRC" -q export --format claimreview --review-url-base "https://factcheck.example/claims/" \
  --publisher "Bench Desk" -o "$OUT/reviews.jsonld"
cr_export=$elapsed; cr_export_cpu=$cpu
reviews=$(grep -c '"@type": "ClaimReview"' "$OUT/reviews.jsonld" || true)
fresh "$OUT/cr.db"
timed "$BIN" --db "$OUT/cr.db" -q import "$OUT/reviews.jsonld"
cr_import=$elapsed; cr_import_cpu=$cpu

"$BIN" --db "$OUT/csv.db" -q export --format csv -o "$OUT/claims-again.csv"
if cmp -s "$OUT/claims.csv" "$OUT/claims-again.csv"; then roundtrip="identical"; else roundtrip="DIFFERENT"; fi

rate() { echo "$1 / $2" | bc -l; }
printf '\n| measure | wall s | claims/s (wall) | CPU s | claims/s (CPU) |\n|---|---|---|---|---|\n'
row() { printf '| %s | %.1f | %.0f | %.1f | %.0f |\n' "$1" "$3" "$(rate "$2" "$3")" "$4" "$(rate "$2" "$4")"; }
row "export --format csv" "$N" "$csv_export" "$csv_export_cpu"
row "import CSV into a fresh database" "$N" "$csv_import" "$csv_import_cpu"
row "export --format claimreview (all claims; $reviews reviews written)" "$N" "$cr_export" "$cr_export_cpu"
row "import ClaimReview into a fresh database (per review)" "$reviews" "$cr_import" "$cr_import_cpu"
printf '| CSV round trip (export, import, export) | | %s | | |\n' "$roundtrip"
