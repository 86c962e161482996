#!/usr/bin/env bash
# Lucene peer: Lucene 9.12.2's DanishAnalyzer on the machine's Java 17, one indexing
# thread, one query thread. Maven Central is not reachable, so the unmodified Lucene
# jars come from the PyPI wheel nlp4j-local-search 0.7.4.0, which bundles them:
# downloaded with `pip download --no-deps` into target/bench-search/lucene and unpacked
# there at run time (nothing of it enters the repository). bench/search/LuceneBench.java
# is compiled with javac.
#
#   bash bench/search/lucene.sh N [ROUNDS]     (after bench/search/prepare.sh N)
#
# Writes target/bench-search/results-N/lucene.json (+ lucene-queries.jsonl: per-query
# latencies, hit counts, top ids, facet counts). JVM heap: LUCENE_INDEX_HEAP (1g) for
# indexing (256 MB RAM buffer), LUCENE_QUERY_HEAP (512m) for querying.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:?usage: lucene.sh N [ROUNDS]}
rounds=${2:-3}
out=target/bench-search
res=$out/results-$n
corpus=$out/corpus-$n.jsonl
[ -s "$corpus" ] || { echo "no $corpus: run bench/search/prepare.sh $n first" >&2; exit 1; }
mkdir -p "$res"
luc=$out/lucene
lib=$luc/lib
version=9.12.2
jars=(lucene-core lucene-analysis-common lucene-queryparser)

have_jars() { for j in "${jars[@]}"; do [ -s "$lib/$j-$version.jar" ] || return 1; done; }
if ! have_jars; then
  mkdir -p "$luc/dl" "$lib"
  python3 -m pip download --quiet --no-deps --disable-pip-version-check \
    'nlp4j-local-search==0.7.4.0' -d "$luc/dl"
  # The wheel holds one executable jar, which holds the Lucene jars as entries.
  python3 - "$luc/dl" "$lib" "$version" "${jars[@]}" <<'PY'
import glob, io, sys, zipfile
dl, lib, version, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
wheel = glob.glob(f"{dl}/nlp4j_local_search-0.7.4.0-*.whl")[0]
found = {}
with zipfile.ZipFile(wheel) as w:
    for entry in w.namelist():
        if not entry.endswith(".jar"):
            continue
        with zipfile.ZipFile(io.BytesIO(w.read(entry))) as outer:
            for inner in outer.namelist():
                base = inner.rsplit("/", 1)[-1]
                for name in names:
                    if base == f"{name}-{version}.jar":
                        data = outer.read(inner)
                        with zipfile.ZipFile(io.BytesIO(data)) as j:
                            mf = j.read("META-INF/MANIFEST.MF").decode()
                        if f"Implementation-Version: {version} " not in mf:
                            sys.exit(f"{base}: manifest is not Lucene {version}")
                        with open(f"{lib}/{base}", "wb") as f:
                            f.write(data)
                        found[name] = base
missing = [n for n in names if n not in found]
if missing:
    sys.exit(f"not in {wheel}: {missing}")
print("lucene jars:", ", ".join(sorted(found.values())), file=sys.stderr)
PY
  rm -rf "$luc/dl"
fi
have_jars
cp=$(printf "$lib/%s-$version.jar:" "${jars[@]}")
classes=$luc/classes
mkdir -p "$classes"
javac -nowarn -encoding UTF-8 -d "$classes" -cp "$cp" bench/search/LuceneBench.java
cp=$cp$classes

idx=$luc/index-$n
rm -rf "$idx"
echo "lucene: indexing $corpus" >&2
/usr/bin/time -v -o "$luc/time-ingest.txt" \
  java -Xmx"${LUCENE_INDEX_HEAP:-1g}" -cp "$cp" LuceneBench index "$corpus" "$idx" >"$res/lucene-ingest.json"
echo "lucene: querying (1 warm-up + $rounds timed rounds)" >&2
/usr/bin/time -v -o "$luc/time-query.txt" \
  java -Xmx"${LUCENE_QUERY_HEAP:-512m}" -cp "$cp" LuceneBench query "$idx" "$out/queries.jsonl" "$rounds" \
  >"$res/lucene-queries.jsonl"

python3 bench/search/summarize.py --engine lucene --corpus "$corpus" \
  --ingest "$res/lucene-ingest.json" --queries "$res/lucene-queries.jsonl" \
  --time-ingest "$luc/time-ingest.txt" --time-query "$luc/time-query.txt" >"$res/lucene.json"
cat "$res/lucene.json"
