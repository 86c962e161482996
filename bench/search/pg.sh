#!/usr/bin/env bash
# PostgreSQL full-text search peer: the 'danish' configuration (Snowball stemmer and stop
# words), a stored tsvector column with a GIN index, one client over a Unix socket.
# A private cluster in target/bench-search/pg (no TCP), started for the load and again
# for the queries, stopped at the end. Installs Debian's postgresql with apt if initdb
# is missing, and psycopg from PyPI into target/bench-search/venv.
#
#   bash bench/search/pg.sh N [ROUNDS]     (after bench/search/prepare.sh N)
#
# Writes target/bench-search/results-N/postgres.json (+ postgres-queries.jsonl: per-query
# latencies, hit counts, top ids, facet counts; postgres-plans.txt: EXPLAIN ANALYZE of
# one query of each kind).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:?usage: pg.sh N [ROUNDS]}
rounds=${2:-3}
out=$PWD/target/bench-search
res=$out/results-$n
corpus=$out/corpus-$n.jsonl
[ -s "$corpus" ] || { echo "no $corpus: run bench/search/prepare.sh $n first" >&2; exit 1; }
mkdir -p "$res"

# --- PostgreSQL binaries ----------------------------------------------------------
pgbin=
for cand in "$(dirname "$(readlink -f "$(command -v initdb 2>/dev/null || echo /nonexistent)")")" \
            $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$cand/initdb" ] && [ -x "$cand/postgres" ] && [ -x "$cand/pg_ctl" ]; then pgbin=$cand; break; fi
done
if [ -z "$pgbin" ]; then
  echo "pg.sh: no initdb; installing Debian's postgresql" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V -r | head -n 1)
fi

# --- client -----------------------------------------------------------------------
venv=$out/venv
if ! "$venv/bin/python" -c 'import psycopg' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'psycopg[binary]>=3.1,<3.3'
fi

# --- private cluster ----------------------------------------------------------------
# PostgreSQL will not run as root: then the cluster belongs to the 'postgres' user.
pg=$out/pg
as_pg=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /nonexistent postgres
  as_pg=(runuser -u postgres --)
fi
stop_cluster() {
  if [ -f "$pg/data/postmaster.pid" ]; then
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pg/data" -m fast -w stop >/dev/null || true
  fi
  [ -n "${server_pid:-}" ] && wait "$server_pid" 2>/dev/null || true
  server_pid=
}
trap stop_cluster EXIT
[ -f "$pg/data/postmaster.pid" ] && stop_cluster
rm -rf "$pg"
mkdir -p "$pg"
[ "$(id -u)" = 0 ] && chown postgres: "$pg"
"${as_pg[@]}" "$pgbin/initdb" -D "$pg/data" -U bench --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$pg/initdb.log"
cat >>"$pg/data/postgresql.conf" <<EOF
# bench/search/pg.sh
listen_addresses = ''
unix_socket_directories = '$pg'
shared_buffers = 256MB
work_mem = 64MB
maintenance_work_mem = 512MB        # the GIN build sorts in this
wal_level = minimal                 # a table created in the loading transaction skips WAL
max_wal_senders = 0
max_wal_size = 8GB
max_parallel_workers_per_gather = 0 # one core per query, like the other engines
max_parallel_maintenance_workers = 0
jit = off
default_text_search_config = 'pg_catalog.danish'
EOF

# Runs the server in the foreground of GNU time, so its peak RSS (the largest of the
# postmaster and the backends it waited for, shared buffers they touched included)
# lands in $pg/time-$1.txt when the server stops.
start_cluster() {
  "${as_pg[@]}" /usr/bin/time -v -o "$pg/time-$1.txt" "$pgbin/postgres" -D "$pg/data" \
    >"$pg/server-$1.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    "$pgbin/pg_isready" -q -h "$pg" -d postgres -U bench && return 0
    sleep 0.2
  done
  cat "$pg/server-$1.log" >&2
  return 1
}

start_cluster ingest
"$pgbin/createdb" -h "$pg" -U bench bench
echo "postgres: loading $corpus" >&2
"$venv/bin/python" bench/search/pg_bench.py ingest --host "$pg" --corpus "$corpus" >"$res/postgres-ingest.json"
stop_cluster

start_cluster query
echo "postgres: querying (1 warm-up + $rounds timed rounds)" >&2
"$venv/bin/python" bench/search/pg_bench.py query --host "$pg" --queries "$out/queries.jsonl" \
  --rounds "$rounds" --plans "$res/postgres-plans.txt" >"$res/postgres-queries.jsonl"
stop_cluster

python3 bench/search/summarize.py --engine postgres --corpus "$corpus" \
  --ingest "$res/postgres-ingest.json" --queries "$res/postgres-queries.jsonl" \
  --time-ingest "$pg/time-ingest.txt" --time-query "$pg/time-query.txt" >"$res/postgres.json"
cat "$res/postgres.json"
