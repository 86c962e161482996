#!/usr/bin/env bash
# Reading throughput and memory on a synthetic seed-format corpus, whole process:
#  1. `kilde bench read` over about 1 GB (540,000 articles): median MB/s of RUNS runs,
#     and the peak RSS of that process (it holds nothing, so memory must stay flat);
#  2. the peak RSS of a full `kilde analyze` (output discarded) on SMALL and 4×SMALL
#     articles: flat memory means the two peaks are about the same.
# Needs ../shared beside the repo (the generator's Danish sentences).
#
#   bash bench/read.sh [ARTICLES] [RUNS] [SMALL]
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-540000}
runs=${2:-5}
small=${3:-5000}
out=target/bench
mkdir -p "$out"
cargo build --release --quiet -p kilde
kilde=${CARGO_TARGET_DIR:-target}/release/kilde
corpus=$out/synth-$articles.txt
[ -s "$corpus" ] || $kilde corpus synth --articles "$articles" --out "$corpus"
ls -l "$corpus"
/usr/bin/time -f 'bench read: peak RSS %M KiB' $kilde bench read "$corpus" --runs "$runs"
for n in "$small" $((small * 4)); do
  part=$out/synth-$n.txt
  [ -s "$part" ] || $kilde corpus synth --articles "$n" --out "$part"
  /usr/bin/time -f "analyze $n articles: %e s, peak RSS %M KiB" \
    $kilde analyze --quiet --rejects /dev/null "$part" > /dev/null
done
