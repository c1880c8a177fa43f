#!/usr/bin/env bash
# Eight processes (adds, verifications, edits, imports) writing at once to one
# PostgreSQL database for SECONDS (default 30): the test `eight_writers_at_once_lose_nothing`
# (tests/desk.rs) with a release build, against a PostgreSQL server of its own on a Unix
# socket, stopped on exit. It fails if a write is lost, a writer fails or an event has no
# actor, and prints how many writes each kind made.
# Usage: bench/desk.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_WANTED=${1:-30}
PG_BIN="$(pg_config --bindir)"
PG_DIR="$(mktemp -d /tmp/claimlog-desk.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-k $PG_DIR -c listen_addresses=" start >/dev/null
trap 'as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$PG_DIR"' EXIT
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $("$PG_BIN/postgres" --version)"
CLAIMLOG_TEST_PG="postgres://postgres@localhost/postgres?host=$PG_DIR" \
CLAIMLOG_DESK_SECONDS="$SECONDS_WANTED" \
    cargo test --release --quiet --test desk eight_writers_at_once_lose_nothing -- --nocapture
