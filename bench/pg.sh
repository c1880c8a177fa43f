#!/usr/bin/env bash
# PostgreSQL against SQLite, in the same run, on the same N synthetic claims (default
# 1,000,000; bench/gen_claims.py): import into an empty database (PostgreSQL: staged in
# a private SQLite file, then COPY), then list --unverified, list --search (a common and
# a rare word) and show, as whole processes (median of 21 runs, ms), over a local Unix
# socket. Also `copy` of the whole database each way.
#
# It starts a PostgreSQL server of its own (PostgreSQL 15 binaries, `pg_config --bindir`)
# in OUTDIR, on a Unix socket only, and stops it on exit.
# Usage: bench/pg.sh [N] [OUTDIR]   (release build; about 10 minutes at 1M on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
OUT=$(realpath -m "${2:-bench/out/pg}")
mkdir -p "$OUT"
cargo build --release --quiet
BIN=$PWD/target/release/claimlog
DATA="$OUT/claims-$N.jsonl"
SQLITE="$OUT/claims.db"
[ -s "$DATA" ] || { echo "generating $N claims..." >&2; python3 bench/gen_claims.py "$N" > "$DATA"; }
rm -f "$SQLITE" "$SQLITE-wal" "$SQLITE-shm" "$OUT/back.db"*

PG_BIN="$(pg_config --bindir)"
PG_DIR="$OUT/pg"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-k $PG_DIR -c listen_addresses= -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null
trap 'as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true' EXIT
ADMIN="postgres://postgres@localhost/postgres?host=$PG_DIR"
PG="postgres://postgres@localhost/claims?host=$PG_DIR"
PG2="postgres://postgres@localhost/claims2?host=$PG_DIR"
psql -q "postgresql://postgres@/postgres?host=$PG_DIR" -c "CREATE DATABASE claims" -c "CREATE DATABASE claims2"

now() { date +%s.%N; }
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m); $("$PG_BIN/postgres" --version)"
echo "claims: $N ($(du -h "$DATA" | cut -f1) of JSONL)"

timed() { local t0 t1; t0=$(now); "$@" >/dev/null; t1=$(now); echo "$t1 - $t0" | bc -l; }
rate() { echo "$N / $1" | bc; }

# One actor for both: by default it is the OS user on SQLite and the role on PostgreSQL.
sq_import=$(timed "$BIN" --db "$SQLITE" -q --as bench import "$DATA")
pg_import=$(timed "$BIN" --db "$PG" -q --as bench import "$DATA")
to_pg=$(timed "$BIN" -q copy --from "$SQLITE" --to "$PG2")
to_sqlite=$(timed "$BIN" -q copy --from "$PG" --to "$OUT/back.db")

median_ms() {
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
row() { # label, then the arguments after --db
  local label=$1; shift
  local s p
  s=$(median_ms "$BIN" --db "$SQLITE" "$@")
  p=$(median_ms "$BIN" --db "$PG" "$@")
  printf '| %s | %s ms | %s ms | %.2fx |\n' "$label" "$s" "$p" "$(echo "$p / $s" | bc -l)"
}
same() { cmp -s <("$BIN" --db "$SQLITE" "$@") <("$BIN" --db "$PG" "$@") && echo same || echo DIFFERENT; }

echo
echo "| measure | SQLite | PostgreSQL | ratio |"
echo "|---|---|---|---|"
printf '| import of %s claims into an empty database | %s claims/s (%.0f s) | %s claims/s (%.0f s) | %.2fx |\n' \
  "$N" "$(rate "$sq_import")" "$sq_import" "$(rate "$pg_import")" "$pg_import" "$(echo "$sq_import / $pg_import" | bc -l)"
printf '| copy of the whole database | SQLite -> PostgreSQL %.0f s | PostgreSQL -> SQLite %.0f s | |\n' "$to_pg" "$to_sqlite"
row "list --unverified --limit 50" list --unverified --limit 50
row "list --search blocus --limit 50 (common word)" list --search blocus --limit 50
row "list --search \"#$((N / 2))\" (one claim)" list --search "#$((N / 2))" --limit 50
row "show $((N / 2))" show $((N / 2))
row "claimlog --version (process start)" --version
echo
echo "same output on both engines: list --unverified $(same list --unverified --limit 50), search $(same list --search blocus --limit 50), show $(same show $((N / 2))), JSON list $(same --format json list --limit 200)"
