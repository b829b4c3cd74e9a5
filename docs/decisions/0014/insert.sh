#!/usr/bin/env bash
# The cost of the search indexes for a registration (docs/decisions/0014-postgresql.md, §3.2):
# 4 clients insert appeal rows for 60 s into the table search.py built, with the GIN indexes set as
# MODE says; per-transaction latencies from pgbench's log, as percentiles. The rows it adds are
# removed again.
#   docs/decisions/0014/insert.sh URL [MODE]
# MODE: default  fastupdate on, the default 4 MB pending list (merged by the insert that fills it)
#       off      fastupdate off (every insert writes into the index itself)
#       cleaner  fastupdate on, a 64 MB pending list no insert fills, merged every 2 s by another
#                session (gin_clean_pending_list), as a background task of the server would
set -euo pipefail
cd "$(dirname "$0")"
url=$1
mode=${2:-default}
gins="SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'appeals_text'::regclass
      AND indexrelid::regclass::text <> 'appeals_text_pkey'"
case "$mode" in
  default) settings="fastupdate = on, gin_pending_list_limit = 4096" ;;
  off) settings="fastupdate = off" ;;
  cleaner) settings="fastupdate = on, gin_pending_list_limit = 65536" ;;
  *) echo "MODE is default, off or cleaner" >&2; exit 2 ;;
esac
# Empty the pending lists first, then set the indexes.
psql -X -q -v ON_ERROR_STOP=1 "$url" -c "DO \$\$ DECLARE i regclass; BEGIN
  FOR i IN $gins LOOP
    PERFORM gin_clean_pending_list(i);
    EXECUTE format('ALTER INDEX %s SET ($settings)', i);
  END LOOP; END \$\$"
cleaner=""
if [ "$mode" = cleaner ]; then
  (for _ in $(seq 1 31); do
    psql -X -q -At "$url" -c "SELECT sum(gin_clean_pending_list(i)) FROM ($gins) AS g(i)" >/dev/null
    sleep 2
  done) &
  cleaner=$!
fi
log=$(mktemp -d)
psql -X -q "$url" -c "CREATE SEQUENCE IF NOT EXISTS appeals_text_new START 900000001"
(cd "$log" && pgbench -n -c 4 -j 4 -T 60 -l -f "$OLDPWD/insert.pgbench" "$url" 2>&1 |
  grep -E 'processed|tps =|latency average')
# Each log line: client, transaction, latency in µs, …
cat "$log"/pgbench_log.* | awk '{print $3}' | sort -n | awk '{a[NR] = $1} END {
  printf "inserts %d: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms\n", NR,
    a[int(NR * 0.50)] / 1000, a[int(NR * 0.95)] / 1000, a[int(NR * 0.99)] / 1000,
    a[int(NR * 0.999)] / 1000, a[NR] / 1000 }'
rm -rf "$log"
[ -z "$cleaner" ] || wait "$cleaner"
psql -X -q "$url" -c "DELETE FROM appeals_text WHERE id >= 900000001" -c "DROP SEQUENCE appeals_text_new"
