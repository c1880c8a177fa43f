#!/usr/bin/env bash
# claimlog vs lychee on the loopback link-checker benchmark of ../shared/bench/linkcheck.
#
# One comparison: generate N URLs (same seed for both), then
#   1. lychee through the shared run_bench.sh (skipped when lychee is not installed),
#   2. claimlog: import the same URLs as claims (untimed), start a fresh server, time
#      `claimlog links check --all --allow-private` with the same limits, score it
#      with the same score.py (through claimlog_to_lychee_json.py).
# Everything stays on 127.0.0.2-9; the server stops by itself (MAX_RUN_S) and every
# run is wrapped in `timeout`.
#
# usage: bench/linkcheck.sh N LABEL PROFILE
#   PROFILE fast:    lychee --host-request-interval 0s --host-concurrency 32 --max-concurrency 256 --timeout 5
#                    claimlog --per-host 32 --host-rate 0 --concurrency 256 --timeout 5s
#   PROFILE raw:     as fast without timeouts (lychee's "all-200, fast" row); use MIX=allok
#   PROFILE unbound: claimlog only, no per-host cap (--per-host 0 --host-rate 0 --concurrency 256)
# env: MIX=realistic|allok  LYCHEE=lychee  CLAIMLOG=target/release/claimlog  SKIP_LYCHEE=1
#      RESULTS=bench/out  PORT=8800  LATENCY_MS=20  HANG_S=25  MAX_RUN_S=900  SEED=42
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
shared="${SHARED_BENCH:-$repo/../shared/bench/linkcheck}"
[ -d "$shared" ] || shared=/work/shared/bench/linkcheck
N="${1:?N}"; LABEL="${2:?LABEL}"; PROFILE="${3:-fast}"
MIX="${MIX:-realistic}"
LYCHEE="${LYCHEE:-lychee}"
CLAIMLOG="${CLAIMLOG:-$repo/target/release/claimlog}"
RESULTS="${RESULTS:-$repo/bench/out}"
PORT="${PORT:-8800}"; LATENCY_MS="${LATENCY_MS:-20}"; HANG_S="${HANG_S:-25}"
MAX_RUN_S="${MAX_RUN_S:-900}"; SEED="${SEED:-42}"
HOSTS="127.0.0.2-127.0.0.9"

case "$PROFILE" in
    fast)    lychee_args=(--host-request-interval 0s --host-concurrency 32 --max-concurrency 256 --timeout 5)
             claimlog_args=(--per-host 32 --host-rate 0 --concurrency 256 --timeout 5s) ;;
    raw)     lychee_args=(--host-request-interval 0s --host-concurrency 32 --max-concurrency 256)
             claimlog_args=(--per-host 32 --host-rate 0 --concurrency 256) ;;
    unbound) lychee_args=()
             claimlog_args=(--per-host 0 --host-rate 0 --concurrency 256 --timeout 5s) ;;
    *) echo "unknown PROFILE $PROFILE (fast, raw, unbound)"; exit 2 ;;
esac
[ -x "$CLAIMLOG" ] || (cd "$repo" && cargo build --release)
mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"

if [ "$PROFILE" != unbound ] && [ -z "${SKIP_LYCHEE:-}" ] && command -v "$LYCHEE" > /dev/null; then
    RESULTS="$RESULTS" MIX="$MIX" PORT="$PORT" LATENCY_MS="$LATENCY_MS" HANG_S="$HANG_S" \
        MAX_RUN_S="$MAX_RUN_S" SEED="$SEED" LYCHEE="$LYCHEE" \
        "$shared/run_bench.sh" "$N" "$LABEL-lychee" "${lychee_args[@]}" > /dev/null
    echo "lychee:   $(python3 "$shared/score.py" "$RESULTS/$LABEL-lychee" "$LABEL-lychee")"
else
    echo "lychee:   not run (not installed, SKIP_LYCHEE set, or PROFILE unbound)"
fi

run="$RESULTS/$LABEL-claimlog"
rm -rf "$run"; mkdir -p "$run/stats"
cd "$run"
python3 "$shared/gen_urls.py" -n "$N" --hosts "$HOSTS" --port "$PORT" --host-dist zipf \
    --mix "$MIX" --seed "$SEED" --urls urls.txt --truth truth.tsv > gen.log
# One claim per cited URL, as a newsroom's archive would have them; a hundred claims per
# speaker (import checks each new claim against its speaker's claims).
python3 - <<'PY'
import json
with open("urls.txt") as f, open("claims.jsonl", "w") as out:
    for i, url in enumerate(line.strip() for line in f):
        out.write(json.dumps({"text": f"Benchmark claim {i}", "speaker": f"Speaker {i // 100}",
                              "links": [{"url": url, "role": "source"}]}) + "\n")
PY
export CLAIMLOG_DB="$run/claims.db"
"$CLAIMLOG" -q import claims.jsonl > import.log

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

"$CLAIMLOG" --version > version.txt
echo "$CLAIMLOG -q links check --all --allow-private ${claimlog_args[*]} --format json" > cmd.txt
set +e
timeout "$MAX_RUN_S" /usr/bin/time -v "$CLAIMLOG" -q links check --all --allow-private \
    "${claimlog_args[@]}" --format json > check.json 2> time.txt
set -e
cleanup
trap - EXIT
"$CLAIMLOG" links list --format json > links.json
python3 "$here/claimlog_to_lychee_json.py" links.json lychee.json
echo "claimlog: $(python3 "$shared/score.py" "$run" "$LABEL-claimlog")"
