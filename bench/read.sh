#!/usr/bin/env bash
# Reading and parsing throughput of a whole process, and its peak memory, on a
# synthetic seed-format corpus (the default 400,000 articles is about 1 GB).
#
#   bash bench/read.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-400000}
runs=${2:-5}
out=target/bench
mkdir -p "$out"
cargo build --release --quiet -p kilde
kilde=target/release/kilde
corpus=$out/synth-$articles.txt
[ -s "$corpus" ] || $kilde corpus synth --articles "$articles" --out "$corpus"
ls -l "$corpus"
$kilde bench read "$corpus" --runs "$runs"
# Peak memory of a full analysis of the same corpus, output discarded.
/usr/bin/time -f 'analyze: %e s, max RSS %M KiB' $kilde analyze --quiet "$corpus" > /dev/null
