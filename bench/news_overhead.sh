#!/usr/bin/env bash
# What quotes, cited sources and time expressions add to the analysis: the whole
# pipeline against the same pipeline without them (tokens, sentences, NER, entity
# linking), on the same articles in one run, alternating, median of RUNS each.
#
#   bash bench/news_overhead.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-3000}
runs=${2:-5}
out=target/bench
mkdir -p "$out"
cargo build --release --quiet -p kilde
kilde=target/release/kilde
corpus=$out/synth-$articles.txt
[ -s "$corpus" ] || $kilde corpus synth --articles "$articles" --out "$corpus"
$kilde bench analyze "$corpus" --runs "$runs" --without-news > "$out/analyze-without-news.json"
$kilde bench analyze "$corpus" --runs "$runs" > "$out/analyze.json"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
base = json.load(open(f"{out}/analyze-without-news.json"))
full = json.load(open(f"{out}/analyze.json"))
print(f"without quotes/sources/times: {base['median_seconds']:.3f} s ({base['mb_per_s']:.2f} MB/s)")
print(f"whole analysis             : {full['median_seconds']:.3f} s ({full['mb_per_s']:.2f} MB/s)")
print(f"extraction adds            : {100 * (full['median_seconds'] / base['median_seconds'] - 1):.1f} %")
PY
