#!/usr/bin/env bash
# What quotes, cited sources and time expressions add to the analysis, counted in
# instructions rather than seconds: valgrind's callgrind runs `kilde bench analyze`
# once with the whole pipeline and once without them, one thread, on the same
# articles. Instruction counts repeat exactly from run to run whatever else the
# machine is doing, where the wall-clock ratios of bench/news_overhead.sh swing by
# tens of percent on a shared machine. Needs valgrind (Debian's package).
#
#   bash bench/news_overhead_instructions.sh [ARTICLES]
#
# Honours CARGO_TARGET_DIR (the binary and the results go under it).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-1000}
target=${CARGO_TARGET_DIR:-target}
out=$target/bench
mkdir -p "$out"
command -v valgrind > /dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
cargo build --release --quiet -p kilde
kilde=$target/release/kilde
corpus=$out/synth-$articles.txt
[ -s "$corpus" ] || $kilde corpus synth --articles "$articles" --out "$corpus"
count() {
  valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-$1.out" \
    "$kilde" bench analyze "$corpus" --runs 1 --threads 1 $2 > /dev/null 2> "$out/callgrind-$1.log"
  grep -oE 'Collected : [0-9]+' "$out/callgrind-$1.log" | grep -oE '[0-9]+'
}
base=$(count base --without-news)
whole=$(count whole "")
python3 - "$base" "$whole" "$articles" <<'PY'
import sys
base, whole, n = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
print(f"articles                    : {n}")
print(f"without quotes/sources/times: {base:,} instructions (whole process)")
print(f"whole analysis              : {whole:,} instructions")
print(f"extraction adds             : {100 * (whole - base) / base:.1f} %")
PY
