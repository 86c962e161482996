#!/usr/bin/env bash
# NER: kilde's own model vs spaCy 3.8's NER (CPU "efficiency" config), both trained on
# the UNER Danish-DDT train split, selected on dev, and scored on test (gold tokens,
# micro F1 over PER/ORG/LOC, exact span match) in one run, with words per second and
# the speed ratio. Installs spaCy into target/bench-venv from PyPI if it is not there.
# Needs ../shared beside the repo.
#
#   bash bench/ner_vs_spacy.sh [--retrain]
#
# spaCy training (30 epochs on 2 cores) takes a while, so its model is kept in
# target/bench/spacy-ner and reused; --retrain trains it again.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${UNER_DIR:-../shared/data/uner-danish-ddt}
out=target/bench/spacy-ner
mkdir -p "$out"
py=target/bench-venv/bin/python

if [ ! -x "$py" ] || ! "$py" -c 'import spacy' 2>/dev/null; then
  python3 -m venv target/bench-venv
  target/bench-venv/bin/pip install --quiet 'spacy>=3.8,<3.9'
fi

if [ "${1:-}" = "--retrain" ] || [ ! -d "$out/model/model-best" ]; then
  "$py" bench/spacy_ner.py convert "$data/da_ddt-ud-train.iob2" "$out/train.spacy"
  "$py" bench/spacy_ner.py convert "$data/da_ddt-ud-dev.iob2" "$out/dev.spacy"
  "$py" -m spacy init config --force --lang da --pipeline ner --optimize efficiency "$out/config.cfg"
  # 30 full epochs (no step limit, no early stop); spaCy keeps model-best by dev ents_f.
  /usr/bin/time -f 'spaCy training: %e s' \
    "$py" -m spacy train "$out/config.cfg" --output "$out/model" \
      --paths.train "$out/train.spacy" --paths.dev "$out/dev.spacy" \
      --training.max_epochs 30 --training.max_steps 0 --training.patience 0 \
      --training.seed 0 > "$out/train.log" 2>&1
  tail -n 5 "$out/train.log"
fi

# One core for both: numpy/BLAS would otherwise spread spaCy over every core.
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
  "$py" bench/spacy_ner.py evaluate "$out/model/model-best" "$data/da_ddt-ud-test.iob2" --runs 3 > "$out/spacy-test.json"

cargo build --release --quiet -p kilde
target/release/kilde eval ner --iob2 "$data/da_ddt-ud-test.iob2" --json > "$out/kilde-test.json"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
sp = json.load(open(f"{out}/spacy-test.json"))
ki = json.load(open(f"{out}/kilde-test.json"))
print(f"UNER Danish-DDT test: {sp['sentences']} sentences, {sp['tokens']} tokens (gold tokens)")
print(f"{'system':<22} {'P':>6} {'R':>6} {'F1':>6}   {'PER':>6} {'ORG':>6} {'LOC':>6}   tokens/s")
for name, r in ((f"spaCy {sp['spacy']} efficiency", sp), ("kilde NER", ki)):
    m, l = r["micro"], r["labels"]
    print(f"{name:<22} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}   "
          f"{l['PER']['f1']:6.3f} {l['ORG']['f1']:6.3f} {l['LOC']['f1']:6.3f}   {r['tokens_per_second']:>10,.0f}")
print(f"micro F1 difference (kilde - spaCy): {ki['micro']['f1'] - sp['micro']['f1']:+.3f}")
print(f"speed ratio kilde/spaCy: {ki['tokens_per_second'] / sp['tokens_per_second']:.1f}x")
PY
