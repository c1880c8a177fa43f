#!/usr/bin/env bash
# Extraction throughput: builds a corpus of at least 50 MB by concatenating the test
# articles (French and English), then runs the extractor once, single-threaded, in
# release, and prints MB/s. Usage: bench/extract.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-50}"
corpus="$(mktemp -t claimlog-extract-corpus.XXXXXX)"
trap 'rm -f "$corpus"' EXIT
articles=(tests/data/extract/articles/*.txt)
target=$((size_mb * 1000 * 1000))
while [ "$(stat -c %s "$corpus")" -lt "$target" ]; do
    for _ in $(seq 1 200); do cat "${articles[@]}"; done >> "$corpus"
done
cargo build --release --quiet --example extract_bench
echo "corpus: $(stat -c %s "$corpus") bytes from ${#articles[@]} articles; $(nproc) cores on this machine, 1 used"
for lang in detect fr en; do
    if [ "$lang" = detect ]; then
        printf 'lang detected: '
        target/release/examples/extract_bench "$corpus"
    else
        printf 'lang %s:       ' "$lang"
        target/release/examples/extract_bench "$corpus" "$lang"
    fi
done
