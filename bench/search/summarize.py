#!/usr/bin/env python3
"""One engine's result JSON from its ingest JSON and per-query latencies.

  summarize.py --engine E --corpus corpus-N.jsonl --ingest ingest.json \
               --queries latencies.jsonl [--time-ingest T1] [--time-query T2]

ingest.json: {"ingest_seconds": s, "index_bytes": b, ...anything else is kept}.
latencies.jsonl: one line a query, {"id","kind","ms":[one per timed round],"hits",...};
  or one JSON object that already has a "queries" summary (an engine that computes its
  own percentiles, as `kilde bench search --json` may): then that summary is used.
T1, T2: GNU `time -v` reports of the ingest and query processes (peak RSS, CPU time).

A query's latency is the median of its timed rounds; p50/p99 are nearest-rank
percentiles over queries (p99 of 50 queries is the second slowest). MB are 10^6 bytes
of article text (UTF-8), the same for every engine.
"""

import argparse
import json
import math
import os
import statistics

KINDS = ["term", "and", "phrase", "filter", "facet"]


def pct(sorted_values, p):
    if not sorted_values:
        return None
    k = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[k - 1]


def summary(values):
    v = sorted(values)
    if not v:
        return {"n": 0, "p50_ms": None, "p99_ms": None}
    return {"n": len(v), "p50_ms": round(pct(v, 50), 3), "p99_ms": round(pct(v, 99), 3),
            "mean_ms": round(statistics.fmean(v), 3), "max_ms": round(v[-1], 3)}


def gnu_time(path):
    """(peak RSS in MB, user+system CPU seconds) from a GNU `time -v` report."""
    if not path or not os.path.exists(path):
        return None, None
    rss = cpu = None
    with open(path) as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            if key == "Maximum resident set size (kbytes)":
                rss = round(int(value) / 1024, 1)
            elif key in ("User time (seconds)", "System time (seconds)"):
                cpu = (cpu or 0.0) + float(value)
    return rss, None if cpu is None else round(cpu, 2)


def corpus_meta(corpus):
    meta = corpus[: -len(".jsonl")] + ".meta.json" if corpus.endswith(".jsonl") else None
    if meta and os.path.exists(meta):
        with open(meta) as f:
            m = json.load(f)
        return m["articles"], m["body_bytes"]
    n = b = 0
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            n += 1
            b += len(json.loads(line)["text"].encode("utf-8"))
    return n, b


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--ingest", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--time-ingest", help="GNU `time -v` report of the ingest process")
    ap.add_argument("--time-query", help="GNU `time -v` report of the query process")
    args = ap.parse_args()
    articles, body_bytes = corpus_meta(args.corpus)
    with open(args.ingest) as f:
        ing = json.load(f)
    with open(args.queries, encoding="utf-8") as f:
        text = f.read()
    own = None
    try:
        own = json.loads(text)
    except ValueError:
        pass
    if isinstance(own, dict) and isinstance(own.get("queries"), dict):
        rows = []
        queries = own["queries"]
    else:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
        for row in rows:  # "ms": one latency or a list, one per timed round
            if not isinstance(row["ms"], list):
                row["ms"] = [row["ms"]]
        lat = {row["id"]: statistics.median(row["ms"]) for row in rows}
        queries = {"all": summary(lat.values())}
        for kind in KINDS:
            queries[kind] = summary([lat[r["id"]] for r in rows if r["kind"] == kind])
    ingest_rss, ingest_cpu = gnu_time(args.time_ingest)
    query_rss, query_cpu = gnu_time(args.time_query)
    secs = ing["ingest_seconds"]
    body_mb = body_bytes / 1e6
    result = {
        "engine": args.engine,
        "articles": articles,
        "body_mb": round(body_mb, 3),
        "ingest_seconds": round(secs, 3),
        "docs_per_s": round(articles / secs, 1),
        "mb_per_s": round(body_mb / secs, 3),
        "peak_rss_mb": ingest_rss,
        "index_bytes": ing["index_bytes"],
        "queries": queries,
        "query_peak_rss_mb": query_rss,
        "ingest_process_cpu_seconds": ingest_cpu,
        "query_process_cpu_seconds": query_cpu,
        "rounds": len(rows[0]["ms"]) if rows else (own or {}).get("rounds"),
        "loadavg_at_end": [float(x) for x in open("/proc/loadavg").read().split()[:3]],
    }
    if isinstance(own, dict) and isinstance(own.get("queries_with_snippets"), dict):
        # kilde also times each query as a user sees it, with highlighted snippets.
        result["queries_with_snippets"] = own["queries_with_snippets"]
    for key, value in ing.items():
        if key not in result and key not in ("ingest_seconds", "index_bytes"):
            result[key] = value
    print(json.dumps(result, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
