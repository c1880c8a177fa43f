#!/usr/bin/env python3
"""Convert `claimlog links list --format json` into the subset of lychee's JSON
report that ../shared/bench/linkcheck/score.py reads (error_map / timeout_map).

Mapping of claimlog outcomes to the scorer's verdicts:
  ok, redirected, changed                      -> "ok"       (alive)
  timeout                                      -> "timeout"
  broken, soft_404, server_error, unreachable,
  blocked, rate_limited, refused               -> "error"
A link never checked is left out, so the scorer counts it as "ok" (as it does for
lychee): check "checked" in the output to see that nothing was skipped.

usage: claimlog_to_lychee_json.py LINKS.json OUT.json
"""
import json
import sys

ALIVE = {"ok", "redirected", "changed"}

src, dst = sys.argv[1], sys.argv[2]
rows = json.load(open(src))
errors, timeouts, ok, checked = [], [], 0, 0
for row in rows:
    outcome = row.get("outcome")
    if outcome is None:
        continue
    checked += 1
    item = {"url": row["url"], "status": {"text": outcome, "code": row.get("http_status")}}
    if outcome in ALIVE:
        ok += 1
    elif outcome == "timeout":
        timeouts.append(item)
    else:
        errors.append(item)
json.dump({"total": len(rows), "checked": checked, "successful": ok,
           "errors": len(errors), "timeouts": len(timeouts),
           "error_map": {"claimlog": errors}, "timeout_map": {"claimlog": timeouts}},
          open(dst, "w"), indent=1)
