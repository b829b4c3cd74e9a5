#!/usr/bin/env bash
# Proof (iii) of docs/decisions/0014-postgresql.md: the event chain of a demo database, whose
# hashes the program computed in Rust, verified and extended in PostgreSQL; tampering refused.
#   docs/decisions/0014/chain.sh URL DEMO_DB [EVENTS]
set -euo pipefail
cd "$(dirname "$0")"
url=$1
db=$2
n=${3:-100000}
psql -X -q -v ON_ERROR_STOP=1 "$url" -f chain.sql
sqlite3 -csv "$db" "SELECT id, appeal_id, at, actor_id, action, from_status, to_status, reason,
    payload, on_behalf_department, on_behalf_person, prev_hash, hash FROM events WHERE id <= $n ORDER BY id" |
  psql -X -q -v ON_ERROR_STOP=1 "$url" -c '\copy events FROM STDIN WITH (FORMAT csv)'
psql -X -v ON_ERROR_STOP=1 "$url" -f chain_check.sql 2>&1
