#!/usr/bin/env bash
# Several `claimlog links check` workers on one PostgreSQL database, on the loopback
# link-checker benchmark of ../shared/bench/linkcheck (its server counts requests and the
# peak in flight per host).
#
# For 1, 2 and 3 workers started together over the same N links (a fresh database and a
# fresh server each time): wall time and rate, checks recorded, links checked more than
# once, requests the server saw per URL, and the peak in flight per host against
# --per-host. Then 3 workers with one killed (kill -9) once a third of the links are
# recorded, and a next run: what it checked, and that no link is recorded twice.
# Everything stays on 127.0.0.2-9; the server stops by itself (MAX_RUN_S).
#
# usage: bench/workers.sh [N]      (default 10000)
# env: PG=admin URL of a PostgreSQL server (required), CLAIMLOG=target/release/claimlog,
#      SCRATCH=/tmp/claimlog-workers, PER_HOST=4, CONCURRENCY=16, MIX=allok,
#      HOST_DIST=uniform, LATENCY_MS=20, PORT=8810, MAX_RUN_S=600, SEED=42
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED_BENCH:-$repo/../shared/bench/linkcheck}"
[ -d "$shared" ] || shared=/work/shared/bench/linkcheck
N="${1:-10000}"
PG="${PG:?set PG to the admin URL of a PostgreSQL server}"
CLAIMLOG="${CLAIMLOG:-$repo/target/release/claimlog}"
SCRATCH="${SCRATCH:-/tmp/claimlog-workers}"
PER_HOST="${PER_HOST:-4}"; CONCURRENCY="${CONCURRENCY:-16}"
MIX="${MIX:-allok}"; HOST_DIST="${HOST_DIST:-uniform}"
LATENCY_MS="${LATENCY_MS:-20}"; PORT="${PORT:-8810}"; MAX_RUN_S="${MAX_RUN_S:-600}"
SEED="${SEED:-42}"
HOSTS="127.0.0.2-127.0.0.9"
DBNAME=claimlog_workers_bench
[ -x "$CLAIMLOG" ] || { echo "build first: cargo build --release"; exit 2; }

db_url() { python3 -c 'import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$PG" "$DBNAME"; }
psql_admin() { psql "$PG" -qAtX -c "$1"; }
psql_db() { psql "$(db_url)" -qAtX -c "$1"; }

rm -rf "$SCRATCH"; mkdir -p "$SCRATCH"; cd "$SCRATCH"
python3 "$shared/gen_urls.py" -n "$N" --hosts "$HOSTS" --port "$PORT" --host-dist "$HOST_DIST" \
    --mix "$MIX" --seed "$SEED" --urls urls.txt --truth truth.tsv > gen.log
python3 - <<'PY'
import json
with open("urls.txt") as f, open("claims.jsonl", "w") as out:
    for i, url in enumerate(line.strip() for line in f):
        out.write(json.dumps({"text": f"Benchmark claim {i}", "speaker": f"Speaker {i // 100}",
                              "links": [{"url": url, "role": "source"}]}) + "\n")
PY
export CLAIMLOG_DB
CLAIMLOG_DB="$(db_url)"

fresh_db() {
    psql_admin "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)"
    psql_admin "CREATE DATABASE $DBNAME"
    "$CLAIMLOG" -q import claims.jsonl > /dev/null
}

SERVER_PID=
start_server() {
    rm -rf "$1/stats"; mkdir -p "$1/stats"
    python3 "$shared/server.py" --hosts "$HOSTS" --port "$PORT" --latency-ms "$LATENCY_MS" \
        --max-seconds "$MAX_RUN_S" --stats-dir "$1/stats" > "$1/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 100); do
        grep -q "^serving" "$1/server.log" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "server did not start"; cat "$1/server.log"; exit 1
}
stop_server() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}
trap 'stop_server; jobs -p | xargs -r kill 2>/dev/null || true' EXIT

check_args=(-q links check --allow-private --format json --per-host "$PER_HOST"
            --concurrency "$CONCURRENCY" --host-rate 0 --timeout 10s)

# Server-side figures of a run: requests, URLs requested more than once, peak per host.
server_figures() {
    python3 - "$1/stats" <<'PY'
import glob, json, sys
stats = [json.load(open(p)) for p in glob.glob(sys.argv[1] + "/server-*.json")]
requests = sum(s["requests"] for s in stats)
distinct = sum(s["distinct_urls"] for s in stats)
peak = max(s["peak_inflight"] for s in stats)
print(f"requests={requests} urls={distinct} repeated_requests={requests - distinct} "
      f"max_per_url={max(s['max_requests_for_one_url'] for s in stats)} peak_per_host={peak}")
PY
}

db_figures() {
    echo "checks=$(psql_db "SELECT count(*) FROM link_checks") \
links_checked=$(psql_db "SELECT count(DISTINCT link_id) FROM link_checks") \
checked_twice=$(psql_db "SELECT count(*) FROM (SELECT link_id FROM link_checks GROUP BY link_id HAVING count(*) > 1) d") \
leases_left=$(psql_db "SELECT count(*) FROM link_leases")"
}

echo "N=$N mix=$MIX hosts=$HOST_DIST latency=${LATENCY_MS}ms per-host=$PER_HOST concurrency/worker=$CONCURRENCY"
for workers in 1 2 3; do
    run="$SCRATCH/w$workers"; mkdir -p "$run"
    fresh_db
    start_server "$run"
    start=$(date +%s.%N)
    pids=()
    for i in $(seq 1 "$workers"); do
        timeout "$MAX_RUN_S" "$CLAIMLOG" "${check_args[@]}" > "$run/worker$i.json" 2> "$run/worker$i.err" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    end=$(date +%s.%N)
    stop_server
    shares=$(for i in $(seq 1 "$workers"); do python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["checked"])' "$run/worker$i.json"; done | paste -sd+)
    rate=$(python3 -c "print(f'{$N / ($end - $start):.0f}')")
    printf '%d worker(s): %.1f s, %s links/s; shares %s; %s; %s\n' "$workers" \
        "$(python3 -c "print($end - $start)")" "$rate" "$shares" "$(db_figures)" "$(server_figures "$run")"
done

# kill -9 one of three workers once a third of the links are recorded, then a next run.
run="$SCRATCH/kill"; mkdir -p "$run"
fresh_db
start_server "$run"
pids=()
for i in 1 2 3; do
    # Not under `timeout`: $! must be the worker itself, for kill -9 to kill it.
    "$CLAIMLOG" "${check_args[@]}" > "$run/worker$i.json" 2> "$run/worker$i.err" &
    pids+=($!)
done
while [ "$(psql_db "SELECT count(*) FROM link_checks")" -lt $((N / 3)) ]; do sleep 0.02; done
kill -9 "${pids[0]}" || { echo "worker 1 ended before the kill"; exit 1; }
killed_at=$(psql_db "SELECT count(*) FROM link_checks")
wait "${pids[0]}" 2>/dev/null || true
wait "${pids[1]}" || true; wait "${pids[2]}" || true
after_kill=$(psql_db "SELECT count(*) FROM link_checks")
unchecked=$(psql_db "SELECT count(*) FROM links WHERE last_checked_at IS NULL")
"$CLAIMLOG" "${check_args[@]}" > "$run/next.json" 2> "$run/next.err"
stop_server
next=$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); print("due=%s checked=%s" % (s["due"], s["checked"]))' "$run/next.json")
echo "kill -9: one of 3 workers killed at $killed_at checks recorded; the other two ended at $after_kill, $unchecked links left unchecked; next run: $next; $(db_figures); $(server_figures "$run")"
psql_admin "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)"
