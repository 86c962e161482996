#!/usr/bin/env bash
# Tokenization + sentence splitting: kilde on 1 and 2 threads vs spaCy's Danish
# tokenizer (spacy.blank("da")), on the same synthetic corpus, in one run.
# Installs spaCy into target/bench-venv from PyPI. Needs ../shared beside the repo
# (the synthetic corpus is built from the UNER Danish-DDT train sentences).
#
#   bash bench/tokenize_vs_spacy.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
articles=${1:-20000}
runs=${2:-5}
out=target/bench
mkdir -p "$out"

if [ ! -x target/bench-venv/bin/python ]; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet 'spacy>=3.8,<3.9'
fi
cargo build --release --quiet -p kilde
kilde=target/release/kilde
corpus=$out/synth-$articles.txt
[ -s "$corpus" ] || $kilde corpus synth --articles "$articles" --out "$corpus"

$kilde bench tokens "$corpus" --runs "$runs" --threads 1 > "$out/kilde-tokens-1.json"
$kilde bench tokens "$corpus" --runs "$runs" --threads 2 > "$out/kilde-tokens-2.json"
# The machine's own second core, as a control: two independent one-thread
# processes at once. Their summed throughput over one process is the most two
# threads could gain here (on a shared or hyperthreaded host it is under 2).
$kilde bench tokens "$corpus" --runs "$runs" --threads 1 > "$out/kilde-tokens-pair-a.json" &
$kilde bench tokens "$corpus" --runs "$runs" --threads 1 > "$out/kilde-tokens-pair-b.json"
wait
target/bench-venv/bin/python bench/spacy_tokenize.py "$corpus" --runs "$runs" > "$out/spacy-tokens.json"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
k1 = json.load(open(f"{out}/kilde-tokens-1.json"))
k2 = json.load(open(f"{out}/kilde-tokens-2.json"))
sp = json.load(open(f"{out}/spacy-tokens.json"))
print(f"corpus: {k1['articles']} articles, {k1['bytes']/1e6:.1f} MB (spaCy saw {sp['bytes']/1e6:.1f} MB)")
print(f"spaCy {sp['spacy']} blank('da') tokenizer : {sp['mb_per_s']:8.2f} MB/s  ({sp['tokens']} tokens)")
print(f"kilde tokens+sentences, 1 thread   : {k1['mb_per_s']:8.2f} MB/s  ({k1['tokens']} tokens, {k1['sentences']} sentences)")
print(f"kilde tokens+sentences, 2 threads  : {k2['mb_per_s']:8.2f} MB/s")
print(f"ratio kilde(1 thread)/spaCy        : {k1['mb_per_s']/sp['mb_per_s']:8.1f}x")
print(f"ratio kilde(2 threads)/spaCy       : {k2['mb_per_s']/sp['mb_per_s']:8.1f}x")
pair = sum(json.load(open(f"{out}/kilde-tokens-pair-{x}.json"))["mb_per_s"] for x in "ab")
print(f"second core speed-up               : {k2['mb_per_s']/k1['mb_per_s']:8.2f}x")
print(f"control: two 1-thread processes    : {pair/k1['mb_per_s']:8.2f}x  ({pair:.2f} MB/s together)")
print(f"two threads / two processes        : {k2['mb_per_s']/pair:8.2f}")
PY
