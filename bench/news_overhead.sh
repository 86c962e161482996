#!/usr/bin/env bash
# What quotes, cited sources and time expressions add to the analysis: the whole
# pipeline against the same pipeline without them (tokens, sentences, NER, entity
# linking), on the same articles, alternating in one run so that load from other
# processes falls on both alike. RUNS rounds; each round runs both pipelines (which
# one goes first alternates), each as its own process timing INNER passes over the
# articles in memory (the median pass counts). Reports the medians over the rounds
# and the median of the per-round ratios.
#
#   bash bench/news_overhead.sh [ARTICLES] [RUNS] [INNER]
#
# Honours CARGO_TARGET_DIR (the binary and the results go under it).
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-3000}
runs=${2:-5}
inner=${3:-3}
target=${CARGO_TARGET_DIR:-target}
out=$target/bench
mkdir -p "$out"
cargo build --release --quiet -p kilde
kilde=$target/release/kilde
corpus=$out/synth-$articles.txt
[ -s "$corpus" ] || $kilde corpus synth --articles "$articles" --out "$corpus"
: > "$out/news-overhead.jsonl"
for round in $(seq 1 "$runs"); do
    if [ $((round % 2)) -eq 1 ]; then order="base full"; else order="full base"; fi
    for which in $order; do
        if [ "$which" = base ]; then flag=--without-news; else flag=; fi
        # shellcheck disable=SC2086
        $kilde bench analyze "$corpus" --runs "$inner" $flag |
            python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"round": int(sys.argv[1]), "which": sys.argv[2], "seconds": r["median_seconds"], "bytes": r["bytes"]}))' \
                "$round" "$which" >> "$out/news-overhead.jsonl"
    done
done
python3 - "$out/news-overhead.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
base = {r["round"]: r["seconds"] for r in rows if r["which"] == "base"}
full = {r["round"]: r["seconds"] for r in rows if r["which"] == "full"}
mb = rows[0]["bytes"] / 1e6
b, f = statistics.median(base.values()), statistics.median(full.values())
ratios = [full[k] / base[k] for k in sorted(base)]
print(f"rounds                     : {len(ratios)}")
print(f"without quotes/sources/times: {b:.3f} s median ({mb / b:.2f} MB/s)  {sorted(round(x, 3) for x in base.values())}")
print(f"whole analysis             : {f:.3f} s median ({mb / f:.2f} MB/s)  {sorted(round(x, 3) for x in full.values())}")
print(f"extraction adds            : {100 * (f / b - 1):.1f} % (ratio of medians)")
print(f"                             {100 * (statistics.median(ratios) - 1):.1f} % (median of per-round ratios: {', '.join(f'{100 * (r - 1):.1f}' for r in ratios)})")
PY
