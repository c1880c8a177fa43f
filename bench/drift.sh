#!/usr/bin/env bash
# Drift on real pages: 36 of Mozilla Readability's article pages (tests/data/drift),
# each served from a loopback server in two versions: 7 boilerplate-only variants
# (timestamp, comment counter, sidebar, related links, ads, cookie banner, all six) and
# up to 4 real edits (paragraph removed, number changed, quotation altered, quotation
# removed). Prints false `changed` on the first kind, detection on the second, and the
# quotations flagged `quote_removed`. Targets: <= 1% false, >= 95% detected, all flagged.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --test drift_pages drift_on_every_real_page_meets_its_targets \
    -- --ignored --nocapture 2>&1 | grep -E "variants|edits|quotations|test result|panicked"
