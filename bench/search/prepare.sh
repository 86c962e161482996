#!/usr/bin/env bash
# Inputs for the search benchmark, shared by every engine:
#   target/bench-search/corpus-N.jsonl  N synthetic articles (kilde corpus synth, seed 1)
#                                       as JSON Lines: id, date, sources, text
#   target/bench-search/queries.jsonl   the fixed query set (250 queries, seeded), drawn
#                                       from the first 20,000 synthetic articles, so it is
#                                       the same for every N
#   target/bench-search/corpus-N.meta.json  {"articles":N,"body_bytes":...} (UTF-8 bytes of
#                                       the texts: the MB in every MB/s figure)
# Existing files are kept; delete them to rebuild.
#
#   bash bench/search/prepare.sh N
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:?usage: prepare.sh N}
out=target/bench-search
kilde=${KILDE:-target/release/kilde}
mkdir -p "$out"

# The sample the queries come from; also the corpus itself when N is 20,000.
sample=$out/corpus-20000.jsonl
for size in "$n" 20000; do
  jsonl=$out/corpus-$size.jsonl
  if [ ! -s "$jsonl" ]; then
    seed=$out/synth-$size.txt
    "$kilde" corpus synth --articles "$size" --out "$seed"
    python3 bench/search/prepare.py corpus "$seed" "$jsonl.tmp" > "$out/corpus-$size.meta.json"
    mv "$jsonl.tmp" "$jsonl"
    rm -f "$seed"
  fi
done
if [ ! -s "$out/queries.jsonl" ]; then
  python3 bench/search/prepare.py queries "$sample" "$out/queries.jsonl.tmp"
  mv "$out/queries.jsonl.tmp" "$out/queries.jsonl"
fi
ls -l "$out/corpus-$n.jsonl" "$out/queries.jsonl"
