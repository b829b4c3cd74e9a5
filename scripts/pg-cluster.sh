#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests and benchmarks, in a folder of its own:
#
#   scripts/pg-cluster.sh start DIR   creates DIR, starts a cluster in it and prints its URL
#   scripts/pg-cluster.sh url DIR     prints the URL of the cluster running in DIR again
#   scripts/pg-cluster.sh stop DIR    stops that cluster and removes DIR with everything in it
#
# Nothing outside DIR is touched and no installed service is assumed or used: Debian's packages
# (postgresql-15, which brings pg_trgm) provide the programs, this script runs them. The cluster
# listens on 127.0.0.1 only, on a free port it finds, and puts its unix socket in DIR; it accepts
# one role, `minyi`, with a random password that is part of the printed URL
# (postgres://minyi:…@127.0.0.1:PORT/minyi), so other local users cannot walk in while it runs.
#
# PostgreSQL refuses to run as root. Run as root (CI containers, this machine), the cluster runs as
# the `postgres` account the Debian package creates: DIR is given to it, and DIR's parent must let
# that account in (a fresh folder under /tmp does; one under /root does not, and is refused with a
# message). Run as an ordinary user, the cluster runs as that user.
#
# The cluster is created with UTF-8 encoding and the C.UTF-8 locale: pg_trgm takes a character
# into its trigrams only when the database's character classification calls it a letter or digit,
# and under the plain C locale Chinese characters are not, so the search index would be empty.
#
# PG_BIN overrides where the programs are (default: the newest /usr/lib/postgresql/*/bin).
# PG_CLUSTER_FAST=1 turns off fsync and full-page writes: for test runs that do not measure, never
# for benchmark figures.
# PG_CLUSTER_BENCH=1 sizes memory as a deployment on this kind of machine would (shared_buffers a
# quarter of 16 GB and more, room for index builds and a bulk load's write-ahead log): the
# million-appeal figures in docs/performance.md are measured on such a cluster, durable as shipped.
set -euo pipefail

usage() {
  echo "usage: scripts/pg-cluster.sh start|url|stop DIR" >&2
  exit 2
}
stop_with() { # prints the lines given and stops
  printf '%s\n' "$@" >&2
  exit 1
}

[ $# -eq 2 ] || usage
cmd=$1
dir=$2
marker="$dir/.minyi-pg-cluster"

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
    return
  fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  [ -n "$newest" ] || stop_with "PostgreSQL is not installed: sudo apt-get install postgresql"
  echo "$newest"
}

# Runs a command as the account that owns the cluster.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Whether something already listens on 127.0.0.1:$1.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local bin port password tries log
  bin=$(pg_bin)
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    stop_with "$dir exists and is not empty: give a new folder (the cluster removes it on stop)."
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  marker="$dir/.minyi-pg-cluster"
  # The server's socket path must fit in 107 bytes: DIR/.s.PGSQL.NNNNN.
  [ ${#dir} -le 85 ] || stop_with "$dir is too long for a unix socket path; use a shorter folder."
  touch "$marker"
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 ||
      stop_with "Running as root needs the 'postgres' account of Debian's postgresql package."
    chown -R postgres: "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" ||
      stop_with "The postgres account cannot reach $dir: a folder above it is closed to other accounts (mktemp -d makes its folder 0700). Use a folder whose parents others may enter, e.g. /tmp/minyi-pg."
  fi
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$dir/password"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/password"
  chmod 600 "$dir/password"
  log="$dir/server.log"
  as_owner "$bin/initdb" -D "$dir/data" -U minyi --pwfile="$dir/password" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; stop_with "initdb failed (log above)."; }
  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 200"
    echo "shared_buffers = 256MB"
    echo "logging_collector = off"
    if [ "${PG_CLUSTER_FAST:-0}" = 1 ]; then
      echo "fsync = off"
      echo "full_page_writes = off"
      echo "synchronous_commit = off"
    fi
    if [ "${PG_CLUSTER_BENCH:-0}" = 1 ]; then
      echo "shared_buffers = 4GB"
      echo "effective_cache_size = 12GB"
      echo "maintenance_work_mem = 1GB"
      echo "work_mem = 32MB"
      echo "max_wal_size = 8GB"
    fi
  } >>"$dir/data/postgresql.conf"
  # A free port: start from a random one and move on while taken or while the start fails (another
  # process may take a port between the check and the start).
  port=$((20000 + RANDOM % 20000))
  for tries in $(seq 1 20); do
    if ! port_taken "$port" &&
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null; then
      echo "$port" >"$dir/port"
      [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/port"
      PGPASSWORD=$password "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U minyi -d postgres \
        -v ON_ERROR_STOP=1 -c "CREATE DATABASE minyi" >/dev/null
      url
      return
    fi
    port=$((20000 + RANDOM % 20000))
  done
  tail -n 20 "$log" >&2 || true
  stop_with "PostgreSQL did not start (log above)."
}

url() {
  [ -f "$marker" ] && [ -f "$dir/port" ] || stop_with "No cluster of this script is running in $dir."
  echo "postgres://minyi:$(cat "$dir/password")@127.0.0.1:$(cat "$dir/port")/minyi"
}

stop() {
  local bin
  bin=$(pg_bin)
  # Only ever remove a folder this script made.
  [ -f "$marker" ] || stop_with "$dir was not made by scripts/pg-cluster.sh; not touching it."
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$cmd" in
  start) start ;;
  url) url ;;
  stop) stop ;;
  *) usage ;;
esac
