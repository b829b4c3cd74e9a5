#!/usr/bin/env bash
# The PL/pgSQL port of the stage-span rule (spans.sql) against SQLite's own rule, on every event of
# a demo database: SQLite derives the runs again through migration 003's trigger (in a transaction
# rolled back afterwards: the file is not changed), PostgreSQL through the port, oldest event first
# (what stage_spans::rebuild does), and the two sets of runs are compared row for row.
#   docs/decisions/0014/spans.sh URL DEMO_DB
set -euo pipefail
cd "$(dirname "$0")"
url=$1
db=$2
out=$(mktemp -d)
filter="json_type(payload, '\$.set.stage') IS NOT NULL
   OR json_type(payload, '\$.set.stageStartedOn') IS NOT NULL
   OR json_type(payload, '\$.set.dueDate') IS NOT NULL
   OR json_type(payload, '\$.set.departmentId') IS NOT NULL
   OR action = 'issue_supervision'"
runs="SELECT appeal_id, seq, stage, department_id, started_day, due_day, due_now_day, ended_day,
             supervised FROM stage_spans ORDER BY appeal_id, seq"
start=$(date +%s.%N)
sqlite3 -csv "$db" "BEGIN; DELETE FROM stage_spans;
  INSERT INTO stage_span_feed(appeal_id, at, action, payload)
  SELECT appeal_id, at, action, payload FROM events WHERE $filter ORDER BY id;
  $runs; ROLLBACK;" >"$out/sqlite.csv"
echo "SQLite rebuild: $(echo "$(date +%s.%N) - $start" | bc) s, $(wc -l <"$out/sqlite.csv") runs"
psql -X -q -v ON_ERROR_STOP=1 "$url" -f spans.sql
sqlite3 -csv "$db" "SELECT id, appeal_id, at, action, payload FROM events WHERE $filter ORDER BY id" |
  psql -X -q -v ON_ERROR_STOP=1 "$url" -c '\copy span_events FROM STDIN WITH (FORMAT csv)'
start=$(date +%s.%N)
psql -X -q -v ON_ERROR_STOP=1 "$url" -c "DO \$\$ DECLARE e record; BEGIN
  FOR e IN SELECT * FROM span_events ORDER BY id LOOP
    PERFORM minyi_stage_span_feed(e.appeal_id, e.at, e.action, e.payload);
  END LOOP; END \$\$"
events=$(psql -X -At "$url" -c "SELECT count(*) FROM span_events")
echo "PostgreSQL rebuild: $(echo "$(date +%s.%N) - $start" | bc) s for $events events"
psql -X -At -F, "$url" -c "$runs" >"$out/pg.csv"
# sqlite3 writes NULL as an empty field, psql -A as an empty field too.
if cmp -s "$out/sqlite.csv" "$out/pg.csv"; then
  echo "identical: $(wc -l <"$out/pg.csv") runs"
else
  echo "DIFFERENT:"
  diff "$out/sqlite.csv" "$out/pg.csv" | head -20
fi
rm -rf "$out"
