#!/usr/bin/env bash
# Extraction throughput and peak memory, single-threaded, in release. Two corpora of
# at least SIZE_MB (default 50):
#   real   the real published articles of tests/data/extract/real, concatenated;
#   large  the suite's test articles (French and English) concatenated, after one
#          pathological megabyte (an unclosed quotation with no newline), the 50 MB
#          case that `cargo test` no longer runs.
# Each is run with the language detected, then forced to fr and en, under
# /usr/bin/time -v (peak RSS). Usage: bench/extract.sh [SIZE_MB]
# Scratch files go to $SCRATCH (default: a temporary directory) and are removed.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-50}"
target=$((size_mb * 1000 * 1000))
scratch="$(mktemp -d "${SCRATCH:-${TMPDIR:-/tmp}}/claimlog-extract-bench.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

build_corpus() { # build_corpus OUT FILES...
    local out="$1"
    shift
    while [ "$(stat -c %s "$out")" -lt "$target" ]; do
        for _ in $(seq 1 100); do cat "$@"; done >> "$out"
    done
}

real="$scratch/real.txt"
: > "$real"
build_corpus "$real" tests/data/extract/real/articles/*.txt

large="$scratch/large.txt"
python3 -c '
import sys
s = "« "
while len(s.encode()) < 1_000_000:
    s += "une phrase sans fin, a déclaré le ministre, "
sys.stdout.write(s + "\n")' > "$large"
build_corpus "$large" tests/data/extract/articles/*.txt

cargo build --release --quiet --example extract_bench
echo "$(nproc) cores on this machine, 1 used; $(uname -m)"
for corpus in real large; do
    file="$scratch/$corpus.txt"
    echo "corpus $corpus: $(stat -c %s "$file") bytes"
    for lang in detect fr en; do
        args=("$file")
        [ "$lang" = detect ] || args+=("$lang")
        printf '  lang %-6s ' "$lang:"
        /usr/bin/time -v target/release/examples/extract_bench "${args[@]}" 2> "$scratch/time.txt"
        grep 'Maximum resident' "$scratch/time.txt" | sed 's/^\s*/    /'
    done
done
