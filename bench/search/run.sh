#!/usr/bin/env bash
# The search benchmark: the same corpus and query set through PostgreSQL, Lucene and
# kilde, one after another in one run, then a comparison table and the JSON.
#
#   bash bench/search/run.sh N [ROUNDS]        e.g. bench/search/run.sh 100000
#
# Steps: bench/search/prepare.sh N (corpus + queries, kept between runs), pg.sh,
# lucene.sh, then kilde if this binary has `kilde ingest` (skipped with a message
# otherwise). ENGINES="postgres lucene kilde" picks engines; KILDE=path picks the
# binary (default target/release/kilde; this script never builds it).
# Results: target/bench-search/results-N/<engine>.json (+ <engine>-queries.jsonl).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:?usage: run.sh N [ROUNDS]}
rounds=${2:-3}
engines=${ENGINES:-postgres lucene kilde}
kilde=${KILDE:-target/release/kilde}
out=target/bench-search
res=$out/results-$n

bash bench/search/prepare.sh "$n"
mkdir -p "$res"
for e in $engines; do rm -f "$res/$e.json" "$res/$e-queries.jsonl" "$res/$e-ingest.json"; done

for e in $engines; do
  case $e in
    postgres) bash bench/search/pg.sh "$n" "$rounds" >/dev/null ;;
    lucene) bash bench/search/lucene.sh "$n" "$rounds" >/dev/null ;;
    kilde)
      if ! "$kilde" ingest --help >/dev/null 2>&1 || ! "$kilde" bench search --help >/dev/null 2>&1; then
        echo "kilde: skipped ($kilde has no 'ingest' / 'bench search' yet)" >&2
        continue
      fi
      idx=$out/kilde/index-$n
      rm -rf "$idx"
      mkdir -p "$out/kilde"
      echo "kilde: ingesting" >&2
      t0=$(date +%s.%N)
      /usr/bin/time -v -o "$out/kilde/time-ingest.txt" \
        "$kilde" ingest "$out/corpus-$n.jsonl" --index "$idx" >"$out/kilde/ingest.log" 2>&1 &
      timer=$!
      # Peak RSS counts the index files tantivy maps while merging (page cache the
      # kernel can drop); sample the process's own heap (RssAnon) apart, every second.
      sleep 1
      pid=$(pgrep -P "$timer" || true)
      peak_anon=0 peak_file=0
      while [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; do
        read -r anon file < <(awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
        [ "$anon" -gt "$peak_anon" ] && peak_anon=$anon
        [ "$file" -gt "$peak_file" ] && peak_file=$file
        sleep 1
      done
      wait "$timer"
      t1=$(date +%s.%N)
      python3 -c 'import json,sys; print(json.dumps({"engine": "kilde", "ingest_seconds": round(float(sys.argv[2]) - float(sys.argv[1]), 3), "index_bytes": int(sys.argv[3]), "ingest_peak_rss_anon_mb": round(int(sys.argv[4]) / 1024, 1), "ingest_peak_rss_file_mb": round(int(sys.argv[5]) / 1024, 1), "detail": {"index_bytes_means": "du -sb of the index directory", "ingest_seconds_means": "wall clock of the kilde ingest process", "rss_anon_means": "peak of RssAnon (heap, sampled each second); RssFile is mapped index files"}}))' \
        "$t0" "$t1" "$(du -sb "$idx" | cut -f1)" "$peak_anon" "$peak_file" >"$res/kilde-ingest.json"
      echo "kilde: querying" >&2
      /usr/bin/time -v -o "$out/kilde/time-query.txt" \
        "$kilde" bench search --index "$idx" --queries "$out/queries.jsonl" --json >"$res/kilde-bench.json"
      python3 bench/search/summarize.py --engine kilde --corpus "$out/corpus-$n.jsonl" \
        --ingest "$res/kilde-ingest.json" --queries "$res/kilde-bench.json" \
        --time-ingest "$out/kilde/time-ingest.txt" --time-query "$out/kilde/time-query.txt" >"$res/kilde.json"
      ;;
    *) echo "unknown engine $e" >&2; exit 2 ;;
  esac
done

echo
python3 bench/search/compare.py "$res"
echo
python3 bench/search/compare.py "$res" --json
