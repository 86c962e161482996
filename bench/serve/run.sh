#!/usr/bin/env bash
# Load test of `kilde serve` (issue 6): requests/s and p50/p99 at 1, 16 and 64 concurrent
# clients for the search and article endpoints, zero errors, and the server's memory over
# a soak run. See bench/serve/README.md.
#
#   bash bench/serve/run.sh INDEX_DIR [DURATION_S]
#
# Environment (all optional):
#   KILDE=target/release/kilde   the binary (never built by this script)
#   DURATION_S=30                seconds per measured run (the second argument wins)
#   SOAK_S=300                   seconds of the memory soak (0 skips it)
#   SOAK_CLIENTS=16              clients during the soak (search endpoint)
#   WARMUP_S=10                  seconds of warm-up per endpoint (16 clients, not measured)
#   CLIENTS="1 16 64"            concurrency levels
#   ENDPOINTS="search article"   endpoints
#   MAX_THREADS=2                wrk threads = min(clients, MAX_THREADS)
#   WRK_TIMEOUT=30               seconds before wrk counts a request as a timeout error
#                                (above the server's own 10 s request limit, so a slow
#                                request shows up as the server's 503)
#   ARTICLE_IDS=5000             distinct article ids the article runs rotate through
#   QUERIES=target/bench-search/queries.jsonl   the benchmark query file
#   RSS_EVERY=5                  seconds between RSS samples in the soak
#   SERVER_LOG=warn              RUST_LOG of the server (info logs every request)
#   OUT=target/bench-serve       where raw files and results-<articles>.json go
#
# Exit status: 0 when every run had zero errors, memory stayed flat over the soak and the
# server exited 0 on SIGTERM; 1 otherwise; 2 on a usage or set-up problem.
set -euo pipefail

cd "$(dirname "$0")/../.."
here=bench/serve

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
index=$1
duration=${2:-${DURATION_S:-30}}
KILDE=${KILDE:-target/release/kilde}
SOAK_S=${SOAK_S:-300}
SOAK_CLIENTS=${SOAK_CLIENTS:-16}
WARMUP_S=${WARMUP_S:-10}
CLIENTS=${CLIENTS:-"1 16 64"}
ENDPOINTS=${ENDPOINTS:-"search article"}
MAX_THREADS=${MAX_THREADS:-2}
WRK_TIMEOUT=${WRK_TIMEOUT:-30}
ARTICLE_IDS=${ARTICLE_IDS:-5000}
QUERIES=${QUERIES:-target/bench-search/queries.jsonl}
RSS_EVERY=${RSS_EVERY:-5}
SERVER_LOG=${SERVER_LOG:-warn}
OUT=${OUT:-target/bench-serve}

die() { echo "bench/serve: $*" >&2; exit 2; }
[ -d "$index" ] || die "no index directory $index"
[ -x "$KILDE" ] || die "no kilde binary at $KILDE (build it, or set KILDE=path)"
[ -f "$QUERIES" ] || die "no query file $QUERIES (bash bench/search/prepare.sh N writes it)"
command -v wrk >/dev/null || die "wrk is missing: apt-get install -y wrk"
command -v curl >/dev/null || die "curl is missing: apt-get install -y curl"
command -v python3 >/dev/null || die "python3 is missing"
for c in $CLIENTS $SOAK_CLIENTS; do
  case $c in '' | *[!0-9]* | 0) die "bad client count '$c'" ;; esac
done

# Raw files go to a directory of this run, renamed raw-<articles> at the end.
work=$OUT/work.$$
rm -rf "$work"
mkdir -p "$work/runs"

server_pid=
sampler_pid=
cleanup() {
  if [ -n "$sampler_pid" ] && kill -0 "$sampler_pid" 2>/dev/null; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    echo "bench/serve: stopping the server (pid $server_pid)" >&2
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# ------------------------------------------------------------------ the server
echo "bench/serve: starting $KILDE serve --index $index" >&2
RUST_LOG=$SERVER_LOG "$KILDE" serve --index "$index" --addr 127.0.0.1:0 \
  >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
base=
for _ in $(seq 1 1200); do  # up to 120 s to open the index
  base=$(sed -n 's|^kilde: serving .* at \(http://[^/]*\)/$|\1|p' "$work/server.out" | head -n1)
  [ -n "$base" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "the server exited before listening"; }
  sleep 0.1
done
[ -n "$base" ] || die "the server did not print its address within 120 s"
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >"$work/healthz.json" 2>/dev/null && break
  sleep 0.1
done
[ -s "$work/healthz.json" ] || die "$base/healthz does not answer"
echo "bench/serve: server pid $server_pid at $base: $(cat "$work/healthz.json")" >&2

# "rss_kb=N threads=N" of the server, from /proc.
proc_info() {
  awk -v p="$1" '/^VmRSS:/ {r=$2} /^Threads:/ {t=$2} END {printf "%srss_kb=%s %sthreads=%s", p, r+0, p, t+0}' \
    "/proc/$server_pid/status" 2>/dev/null || true
}

# ------------------------------------------------------------- request lists
python3 "$here/prepare.py" search --queries "$QUERIES" --out "$work/search.paths"
python3 "$here/prepare.py" article --base "$base" --queries "$QUERIES" --count "$ARTICLE_IDS" \
  --out "$work/article.paths" >"$work/article-ids.json"

{
  echo "index=$(cd "$index" && pwd)"
  echo "index_bytes=$(du -sb "$index" | cut -f1)"
  echo "kilde=$KILDE"
  echo "kilde_version=$("$KILDE" --version 2>/dev/null | head -n1 || true)"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || true)"
  echo "wrk=$(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2)"
  echo "cpus=$(nproc)"
  echo "duration_s=$duration"
  echo "soak_s=$SOAK_S"
  echo "soak_clients=$SOAK_CLIENTS"
  echo "warmup_s=$WARMUP_S"
  echo "max_threads=$MAX_THREADS"
  echo "wrk_timeout_s=$WRK_TIMEOUT"
  echo "rss_every_s=$RSS_EVERY"
  echo "server_log=$SERVER_LOG"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "started=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$work/meta.env"

# One wrk run: NAME ENDPOINT CLIENTS SECONDS. Keeps wrk's output, the server's
# /metrics before and after, and its RSS and thread count before and after.
load() {
  local name=$1 endpoint=$2 clients=$3 seconds=$4
  local threads=$((clients < MAX_THREADS ? clients : MAX_THREADS))
  local f=$work/runs/$name
  echo "bench/serve: $name: $endpoint, $clients clients, $threads wrk threads, ${seconds}s" >&2
  curl -fsS "$base/metrics" >"$f.metrics-before"
  echo "endpoint=$endpoint clients=$clients wrk_threads=$threads seconds=$seconds $(proc_info before_)" >"$f.info"
  wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout "${WRK_TIMEOUT}s" --latency \
    -s "$here/rotate.lua" "$base" -- "$work/$endpoint.paths" >"$f.wrk" 2>&1 || true
  echo "$(proc_info after_)" >>"$f.info"
  curl -fsS "$base/metrics" >"$f.metrics-after" || true
  grep -h '^WRK_JSON' "$f.wrk" >/dev/null || { cat "$f.wrk" >&2; echo "bench/serve: wrk gave no result for $name" >&2; }
}

# ---------------------------------------------------------------- the runs
if [ "$WARMUP_S" -gt 0 ]; then
  for endpoint in $ENDPOINTS; do
    load "warmup-$endpoint" "$endpoint" 16 "$WARMUP_S"
  done
fi
for endpoint in $ENDPOINTS; do
  for clients in $CLIENTS; do
    load "$endpoint-$clients" "$endpoint" "$clients" "$duration"
  done
done

# ------------------------------------------------------------------ the soak
if [ "$SOAK_S" -gt 0 ]; then
  # RSS every RSS_EVERY seconds from /proc: seconds since the soak began, then kB.
  (
    t0=$(date +%s.%N)
    echo "t_s,vmrss_kb,rssanon_kb,rssfile_kb,threads"
    while [ -r "/proc/$server_pid/status" ]; do
      now=$(date +%s.%N)
      awk -v t="$(echo "$now $t0" | awk '{printf "%.1f", $1 - $2}')" '
        /^VmRSS:/ {v=$2} /^RssAnon:/ {a=$2} /^RssFile:/ {f=$2} /^Threads:/ {n=$2}
        END {if (v != "") printf "%s,%s,%s,%s,%s\n", t, v, a, f, n}' "/proc/$server_pid/status"
      sleep "$RSS_EVERY"
    done
  ) >"$work/rss.csv" &
  sampler_pid=$!
  load soak search "$SOAK_CLIENTS" "$SOAK_S"
  # One last sample after the load stops, then the sampler ends.
  sleep 1
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=
fi

# -------------------------------------------------------------- shutdown
echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$work/meta.env"
echo "bench/serve: SIGTERM to the server" >&2
kill -TERM "$server_pid"
server_exit=
for _ in $(seq 1 300); do  # up to 30 s to finish
  if ! kill -0 "$server_pid" 2>/dev/null; then
    set +e; wait "$server_pid"; server_exit=$?; set -e
    break
  fi
  sleep 0.1
done
if [ -z "$server_exit" ]; then
  echo "bench/serve: the server did not stop within 30 s of SIGTERM: killing it" >&2
  kill -KILL "$server_pid" 2>/dev/null || true
  server_exit=timeout
fi
server_pid=
echo "server_exit=$server_exit" >>"$work/meta.env"

# ----------------------------------------------------------------- report
articles=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["articles"])' "$work/healthz.json")
rm -rf "$OUT/raw-$articles"
mv "$work" "$OUT/raw-$articles"
set +e
python3 "$here/report.py" "$OUT/raw-$articles" --out "$OUT/results-$articles.json"
status=$?
set -e
exit "$status"
