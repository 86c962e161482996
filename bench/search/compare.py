#!/usr/bin/env python3
"""Side-by-side table of the engines' results in target/bench-search/results-N/.

  compare.py RESULTS_DIR [--json]

Reads every <engine>.json there (postgres, lucene, kilde, in that order when present),
prints ingest and latency figures side by side, and how far the engines' hit counts
agree per query (from <engine>-queries.jsonl, where an engine wrote one). --json
prints the combined results as one JSON object instead.
"""

import json
import os
import sys

ORDER = ["kilde", "postgres", "lucene"]
KINDS = ["all", "term", "and", "phrase", "filter", "facet"]


def load(d):
    engines = {}
    for name in sorted(os.listdir(d)):
        if name.endswith(".json") and not name.endswith("-ingest.json"):
            with open(os.path.join(d, name)) as f:
                r = json.load(f)
            engines[r.get("engine", name[:-5])] = r
    return dict(sorted(engines.items(), key=lambda kv: (ORDER.index(kv[0]) if kv[0] in ORDER else 99, kv[0])))


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def hits_agreement(d, engines):
    per = {}
    for e in engines:
        p = os.path.join(d, f"{e}-queries.jsonl")
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                per[e] = {r["id"]: r.get("hits") for r in map(json.loads, filter(str.strip, f))}
    names = list(per)
    lines = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            common = [q for q in per[a] if q in per[b] and per[a][q] is not None and per[b][q] is not None]
            same = sum(per[a][q] == per[b][q] for q in common)
            close = sum(abs(per[a][q] - per[b][q]) <= 0.05 * max(per[a][q], per[b][q]) for q in common)
            lines.append(f"hit counts {a} vs {b}: equal on {same}/{len(common)} queries, "
                         f"within 5 % on {close}/{len(common)}")
    return lines


def main():
    d = sys.argv[1]
    engines = load(d)
    if "--json" in sys.argv[2:]:
        print(json.dumps(engines, indent=1, ensure_ascii=False))
        return
    names = list(engines)
    any_r = next(iter(engines.values()))
    print(f"{any_r['articles']:,} articles, {any_r['body_mb']:.1f} MB of text; "
          f"latency = median of {any_r.get('rounds')} timed rounds per query, one client")
    w = 12
    print(f"{'':<24}" + "".join(f"{n:>{w}}" for n in names))
    rows = [
        ("ingest s", "ingest_seconds", ".1f"),
        ("ingest docs/s", "docs_per_s", ",.0f"),
        ("ingest MB/s", "mb_per_s", ".2f"),
        ("ingest CPU s", "ingest_process_cpu_seconds", ".1f"),
        ("ingest peak RSS MB", "peak_rss_mb", ".0f"),
        ("  of it heap (RssAnon)", "ingest_peak_rss_anon_mb", ".0f"),
        ("query peak RSS MB", "query_peak_rss_mb", ".0f"),
    ]
    for label, key, spec in rows:
        print(f"{label:<24}" + "".join(f"{fmt(engines[n].get(key), spec):>{w}}" for n in names))
    print(f"{'index MB':<24}" + "".join(
        f"{fmt(None if engines[n].get('index_bytes') is None else engines[n]['index_bytes'] / 1e6, '.1f'):>{w}}"
        for n in names))
    for kind in KINDS:
        cells = []
        for n in names:
            q = (engines[n].get("queries") or {}).get(kind) or {}
            p50, p99 = q.get("p50_ms"), q.get("p99_ms")
            cells.append("-" if p50 is None else f"{p50:.2f}/{p99:.1f}")
        nq = ((any_r.get("queries") or {}).get(kind) or {}).get("n")
        print(f"{f'{kind} p50/p99 ms (n={nq})':<24}" + "".join(f"{c:>{w}}" for c in cells))
    cells = []
    for n in names:
        q = (engines[n].get("queries_with_snippets") or {}).get("all") or {}
        cells.append("-" if q.get("p50_ms") is None else f"{q['p50_ms']:.2f}/{q['p99_ms']:.1f}")
    if any(c != "-" for c in cells):
        print(f"{'all + snippets p50/p99':<24}" + "".join(f"{c:>{w}}" for c in cells))
    for line in hits_agreement(d, names):
        print(line)


if __name__ == "__main__":
    main()
