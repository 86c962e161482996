#!/usr/bin/env python3
"""Summarizes one bench/serve run (python3, standard library only).

  report.py target/bench-serve/raw-N [--out target/bench-serve/results-N.json]

Reads what run.sh left in the raw directory: meta.env, healthz.json, article-ids.json,
runs/NAME.{info,wrk,metrics-before,metrics-after} (one per wrk run), rss.csv (the soak).
Prints a table and writes the JSON. Exit status 1 when any run had an error (socket
errors, timeouts or a non-2xx/3xx status seen by wrk, or a status other than 200 counted
by the server's own /metrics), a run gave no result, memory was not flat over the soak,
or the server did not exit 0 on SIGTERM; 0 otherwise.

Memory over the soak, from VmRSS in /proc/PID/status sampled every few seconds:
  start      the first sample (soak begins; warm-up and measured runs are behind it)
  ref        the first sample at or after min(60 s, soak/5): RSS after the first minute
  max, end   the largest and the last sample
  slope      least-squares MB/min over the last min(240 s, 4/5 of the soak)
  flat       |end - ref| <= max(10% of ref, 20 MB)
"""

import argparse
import csv
import json
import os
import re
import sys

METRIC = re.compile(r'^kilde_http_requests_total\{method="([^"]*)",route="([^"]*)",status="([^"]*)"\}\s+(\S+)')
DURATION = re.compile(r'^kilde_http_request_duration_seconds_(sum|count)\{route="([^"]*)"\}\s+(\S+)')
ROUTES = {"search": "/api/search", "article": "/api/articles/{id}"}


def read_env(path):
    env = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    env[k] = v
    return env


def read_info(path):
    info = {}
    with open(path, encoding="utf-8") as f:
        for word in f.read().split():
            k, _, v = word.partition("=")
            info[k] = int(v) if v.isdigit() else v
    return info


def read_metrics(path):
    """(status counts by route, duration sum and count by route) from a /metrics text."""
    status, dur = {}, {}
    if not os.path.exists(path):
        return status, dur
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = METRIC.match(line)
            if m:
                route = status.setdefault(m.group(2), {})
                route[m.group(3)] = route.get(m.group(3), 0) + float(m.group(4))
                continue
            m = DURATION.match(line)
            if m:
                dur.setdefault(m.group(2), {})[m.group(1)] = float(m.group(3))
    return status, dur


def server_side(f, endpoint):
    """What the server counted for the endpoint's route during one run."""
    route = ROUTES.get(endpoint)
    s0, d0 = read_metrics(f + ".metrics-before")
    s1, d1 = read_metrics(f + ".metrics-after")
    if not s1:
        return None
    before, after = s0.get(route, {}), s1.get(route, {})
    counts = {k: int(after.get(k, 0) - before.get(k, 0)) for k in sorted(set(before) | set(after))}
    counts = {k: v for k, v in counts.items() if v}
    n = d1.get(route, {}).get("count", 0) - d0.get(route, {}).get("count", 0)
    secs = d1.get(route, {}).get("sum", 0) - d0.get(route, {}).get("sum", 0)
    return {
        "route": route,
        "status": counts,
        "non_200": sum(v for k, v in counts.items() if k != "200"),
        "mean_ms": round(1000 * secs / n, 3) if n else None,
    }


def one_run(raw, name):
    f = os.path.join(raw, "runs", name)
    info = read_info(f + ".info")
    run = {
        "endpoint": info.get("endpoint"),
        "clients": info.get("clients"),
        "wrk_threads": info.get("wrk_threads"),
        "seconds": info.get("seconds"),
        "server_rss_before_mb": mb(info.get("before_rss_kb")),
        "server_rss_after_mb": mb(info.get("after_rss_kb")),
        "server_threads_before": info.get("before_threads"),
        "server_threads_after": info.get("after_threads"),
    }
    wrk = None
    non2xx = 0
    with open(f + ".wrk", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("WRK_JSON "):
                wrk = json.loads(line[len("WRK_JSON "):])
            m = re.match(r"\s*Non-2xx or 3xx responses:\s*(\d+)", line)
            if m:
                non2xx = int(m.group(1))
    if wrk is None:
        run["error"] = "wrk gave no result (see " + f + ".wrk)"
        run["errors"] = {"total": 1}
        return run
    lat = wrk["latency_us"]
    run.update({
        "requests": wrk["requests"],
        "requests_per_s": round(wrk["requests_per_s"], 1),
        "p50_ms": ms(lat["p50"]),
        "p90_ms": ms(lat["p90"]),
        "p99_ms": ms(lat["p99"]),
        "max_ms": ms(lat["max"]),
        "mean_ms": ms(lat["mean"]),
        "mb_per_s": round(wrk["bytes"] / wrk["duration_us"], 3),
        "errors": wrk["errors"],
    })
    run["errors"]["non_2xx_line"] = non2xx
    server = server_side(f, run["endpoint"])
    if server is not None:
        run["server"] = server
    return run


def run_errors(run):
    """wrk's errors, or the server's count of non-200 answers when that is larger
    (the two see the same failed request, so they are not added)."""
    return max(run["errors"].get("total", 0), run.get("server", {}).get("non_200", 0))


def ms(us):
    return round(us / 1000, 3)


def mb(kb):
    return round(kb / 1024, 1) if isinstance(kb, int) else None


def slope_per_min(points):
    """Least-squares slope of (seconds, MB) in MB per minute."""
    if len(points) < 2:
        return None
    n = len(points)
    mx = sum(t for t, _ in points) / n
    my = sum(v for _, v in points) / n
    sxx = sum((t - mx) ** 2 for t, _ in points)
    if sxx == 0:
        return None
    sxy = sum((t - mx) * (v - my) for t, v in points)
    return round(60 * sxy / sxx, 3)


def soak(raw, soak_s):
    path = os.path.join(raw, "rss.csv")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    if not rows:
        return {"error": "no RSS samples"}
    t_end = rows[-1]["t_s"]
    ref_t = min(60.0, soak_s / 5)
    ref = next((r for r in rows if r["t_s"] >= ref_t), rows[-1])
    window_from = max(ref_t, t_end - min(240.0, soak_s * 4 / 5))
    window = [r for r in rows if r["t_s"] >= window_from]

    def pick(key):
        return {
            "start_mb": mb(int(rows[0][key])),
            "ref_mb": mb(int(ref[key])),
            "max_mb": mb(int(max(r[key] for r in rows))),
            "end_mb": mb(int(rows[-1][key])),
            "slope_mb_per_min": slope_per_min([(r["t_s"], r[key] / 1024) for r in window]),
        }

    vm = pick("vmrss_kb")
    threads = [int(r["threads"]) for r in rows if "threads" in r]
    tolerance = max(0.10 * vm["ref_mb"], 20.0)
    return {
        "samples": len(rows),
        "ref_at_s": ref["t_s"],
        "slope_window_s": [round(window_from, 1), t_end],
        "vmrss": vm,
        "rssanon": pick("rssanon_kb"),
        "rssfile": pick("rssfile_kb"),
        "server_threads": {"start": threads[0], "max": max(threads), "end": threads[-1]} if threads else None,
        "flat_tolerance_mb": round(tolerance, 1),
        "flat": abs(vm["end_mb"] - vm["ref_mb"]) <= tolerance,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("raw")
    p.add_argument("--out")
    args = p.parse_args()
    raw = args.raw
    meta = read_env(os.path.join(raw, "meta.env"))
    with open(os.path.join(raw, "healthz.json"), encoding="utf-8") as f:
        articles = json.load(f)["articles"]
    ids = {}
    if os.path.exists(os.path.join(raw, "article-ids.json")):
        with open(os.path.join(raw, "article-ids.json"), encoding="utf-8") as f:
            ids = json.load(f)

    names = sorted(n[:-5] for n in os.listdir(os.path.join(raw, "runs")) if n.endswith(".info"))
    warmups = [one_run(raw, n) for n in names if n.startswith("warmup-")]
    order = {"search": 0, "article": 1}
    runs = [one_run(raw, n) for n in names if not n.startswith("warmup-") and n != "soak"]
    runs.sort(key=lambda r: (order.get(r["endpoint"], 9), r["endpoint"], r["clients"]))
    soak_run = one_run(raw, "soak") if "soak" in names else None
    soak_s = int(meta.get("soak_s", "0") or 0)
    memory = soak(raw, soak_s) if soak_run else None

    failures = []
    for r in warmups + runs + ([soak_run] if soak_run else []):
        e = run_errors(r)
        if e:
            failures.append(f"{r['endpoint']} at {r['clients']} clients: {e} errors "
                            f"(wrk {r['errors']}, server {r.get('server', {}).get('status')})")
    if memory is not None and not memory.get("flat", False):
        vm = memory.get("vmrss", {})
        failures.append(f"memory not flat over the soak: VmRSS end {vm.get('end_mb')} MB against "
                        f"{vm.get('ref_mb')} MB after {memory.get('ref_at_s')} s "
                        f"(tolerance {memory.get('flat_tolerance_mb')} MB)")
    server_exit = meta.get("server_exit")
    if server_exit != "0":
        failures.append(f"the server exited {server_exit} on SIGTERM, not 0")

    result = {
        "articles": articles,
        "index": meta.get("index"),
        "index_bytes": int(meta["index_bytes"]) if meta.get("index_bytes", "").isdigit() else None,
        "article_ids": ids,
        "queries": "target/bench-search/queries.jsonl (250: term, and, phrase, filter, facet; facet ones with facets=month,source)",
        "meta": meta,
        "units": {"latency": "ms, from wrk's histogram (client side, includes queueing)",
                  "server.mean_ms": "the server's own mean handling time (/metrics)",
                  "memory": "MB (MiB) from /proc/PID/status"},
        "runs": runs,
        "warmup": warmups,
        "soak": {"run": soak_run, "memory": memory} if soak_run else None,
        "server_exit": server_exit,
        "errors_total": sum(run_errors(r) for r in warmups + runs + ([soak_run] if soak_run else [])),
        "pass": not failures,
        "failures": failures,
    }

    print(f"kilde serve load test: {articles} articles ({meta.get('index')}), "
          f"{meta.get('duration_s')} s per run, wrk threads <= {meta.get('max_threads')}, "
          f"{meta.get('cpus')} CPUs shared by client and server, load average at start {meta.get('loadavg_start')}")
    head = f"{'endpoint':<9} {'clients':>7} {'requests':>9} {'req/s':>9} {'p50 ms':>9} {'p90 ms':>9} {'p99 ms':>9} {'max ms':>9} {'srv ms':>8} {'RSS MB':>7} {'thr':>4} {'errors':>6}"
    print(head)
    print("-" * len(head))
    for r in runs + ([dict(soak_run, endpoint="soak")] if soak_run else []):
        if "requests" not in r:
            print(f"{r['endpoint']:<9} {r['clients']:>7} {r.get('error')}")
            continue
        srv = r.get("server", {}).get("mean_ms")
        print(f"{r['endpoint']:<9} {r['clients']:>7} {r['requests']:>9} {r['requests_per_s']:>9.1f} "
              f"{r['p50_ms']:>9.2f} {r['p90_ms']:>9.2f} {r['p99_ms']:>9.2f} {r['max_ms']:>9.2f} "
              f"{format(srv, '.2f') if srv is not None else '-':>8} {r['server_rss_after_mb'] or '-':>7} "
              f"{r['server_threads_after'] or '-':>4} {run_errors(r):>6}")
    print("(latency: client side, wrk; srv ms: the server's mean handling time from /metrics; "
          "RSS MB, thr: the server's RSS and thread count after the run)")
    if soak_run and memory and "vmrss" in memory:
        vm, anon = memory["vmrss"], memory["rssanon"]
        print(f"soak: search, {soak_run['clients']} clients, {meta.get('soak_s')} s, {memory['samples']} RSS samples")
        print(f"  VmRSS   start {vm['start_mb']} MB, after {memory['ref_at_s']:.0f} s {vm['ref_mb']} MB, "
              f"max {vm['max_mb']} MB, end {vm['end_mb']} MB, slope {vm['slope_mb_per_min']} MB/min "
              f"over {memory['slope_window_s'][0]:.0f}..{memory['slope_window_s'][1]:.0f} s")
        print(f"  RssAnon start {anon['start_mb']} MB, after {memory['ref_at_s']:.0f} s {anon['ref_mb']} MB, "
              f"max {anon['max_mb']} MB, end {anon['end_mb']} MB, slope {anon['slope_mb_per_min']} MB/min")
        if memory.get("server_threads"):
            th = memory["server_threads"]
            print(f"  server threads start {th['start']}, max {th['max']}, end {th['end']}")
        d = abs(vm["end_mb"] - vm["ref_mb"])
        print(f"  memory {'flat' if memory['flat'] else 'NOT flat'}: |end - RSS after {memory['ref_at_s']:.0f} s| = "
              f"{d:.1f} MB {'<=' if memory['flat'] else '>'} {memory['flat_tolerance_mb']} MB (10% or 20 MB)")
    print(f"server exit on SIGTERM: {server_exit}; errors: {result['errors_total']} "
          f"(warm-up included); load average at end {meta.get('loadavg_end')}")
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        print(f"written: {args.out}")
    sys.exit(0 if not failures else 1)


if __name__ == "__main__":
    main()
