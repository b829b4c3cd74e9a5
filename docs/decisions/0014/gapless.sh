#!/usr/bin/env bash
# Proof (i) of docs/decisions/0014-postgresql.md: gapless numbers and an unbroken hash chain under
# 8 concurrent writers, 1,000 transactions each (a tenth of them rolled back).
#   docs/decisions/0014/gapless.sh URL
set -euo pipefail
cd "$(dirname "$0")"
url=$1
run() { # name, script, extra pgbench options
  psql -X -q "$url" -f counters.sql
  echo "== $1"
  pgbench -n -c 8 -j 8 -t 1000 ${3:-} -f "$2" "$url" 2>&1 |
    grep -E 'processed|failed|retried|tps = |aborted|ERROR|latency average' | sort | uniq -c | sort -rn | head -n 8 || true
  psql -X "$url" -f verify.sql
}
run "(a) counter, READ COMMITTED" draw.pgbench
run "(b) counter, SERIALIZABLE, retried" draw_serializable.pgbench "--max-tries=1000"
run "(c) action with the write lock, READ COMMITTED" action.pgbench
run "(d) action without the write lock (the counter row lock still orders them)" action_nolock.pgbench
run "(e) event only, with the write lock" event.pgbench
run "(f) event only, without the write lock" event_nolock.pgbench
