#!/usr/bin/env python3
"""PostgreSQL full-text search peer: one client, over a Unix socket (psycopg 3).

  pg_bench.py ingest --host SOCKDIR --corpus corpus-N.jsonl > ingest.json
      Streams the JSON Lines file unchanged into a staging table with COPY, then builds
      the `docs` table in SQL (jsonb parsing, `to_tsvector('danish', ...)` into a stored
      tsvector column), a GIN index on it and a B-tree on the month, and ANALYZE.
      The clock runs from the first COPY byte to the end of ANALYZE.

  pg_bench.py query --host SOCKDIR --queries queries.jsonl --rounds R > latencies.jsonl
      One warm-up pass over the query set, then R timed passes; one line a query with
      its R latencies (ms, client wall clock: send, execute, fetch every row) and its
      hit count (counted afterwards, untimed).
"""

import argparse
import json
import sys
import time

import psycopg

CONFIG = "danish"


def connect(host, db="bench"):
    # prepare_threshold=None: never server-side prepared, so every query gets a custom
    # plan for its own tsquery (a generic plan cannot see how common a word is).
    return psycopg.connect(host=host, dbname=db, user="bench", autocommit=True,
                           prepare_threshold=None)


def ingest(args):
    conn = connect(args.host)
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS docs")
    phases = {}
    t0 = time.perf_counter()
    last = t0

    def lap(name):
        nonlocal last
        now = time.perf_counter()
        phases[name] = round(now - last, 3)
        last = now

    # One transaction: with wal_level=minimal, tables created in it skip the WAL.
    cur.execute("BEGIN")
    cur.execute("CREATE TABLE raw (line text)")
    # CSV with a delimiter and quote that JSON text never contains: each line arrives
    # as one value, byte for byte (JSON escapes every control character).
    with open(args.corpus, "rb") as f, cur.copy(
            "COPY raw FROM STDIN (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')") as copy:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                break
            copy.write(chunk)
    lap("copy_seconds")
    cur.execute("""
        CREATE TABLE docs (
            id      text NOT NULL,
            date    text,
            month   int,          -- YYYYMM, for ranges and the month facet
            sources text[] NOT NULL,
            title   text,
            body    text NOT NULL,
            tsv     tsvector NOT NULL
        )""")
    cur.execute(f"""
        INSERT INTO docs
        SELECT j->>'id', j->>'date',
               replace(left(j->>'date', 7), '-', '')::int,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(j->'sources', '[]'))),
               j->>'title', j->>'text',
               to_tsvector('{CONFIG}', coalesce(j->>'title' || E'\\n', '') || (j->>'text'))
        FROM (SELECT line::jsonb AS j FROM raw) s""")
    cur.execute("DROP TABLE raw")
    lap("tsvector_seconds")
    cur.execute("CREATE INDEX docs_tsv ON docs USING gin (tsv)")
    lap("gin_seconds")
    cur.execute("CREATE INDEX docs_month ON docs (month)")
    cur.execute("COMMIT")
    cur.execute("ANALYZE docs")
    lap("btree_analyze_seconds")
    seconds = time.perf_counter() - t0
    cur.execute("CHECKPOINT")
    cur.execute("""SELECT (SELECT count(*) FROM docs), pg_total_relation_size('docs'), pg_relation_size('docs'),
                          pg_total_relation_size('docs') - pg_relation_size('docs')
                            - pg_indexes_size('docs'),
                          pg_relation_size('docs_tsv'), pg_relation_size('docs_month'),
                          pg_database_size('bench')""")
    count, total, heap, toast, gin, btree, dbsize = cur.fetchone()
    json.dump({
        "engine": "postgres",
        "version": conn.execute("SHOW server_version").fetchone()[0],
        "articles_loaded": count,
        "ingest_seconds": round(seconds, 3),
        "index_bytes": total,
        "detail": {
            **phases,
            "heap_bytes": heap, "toast_bytes": toast, "gin_bytes": gin,
            "month_btree_bytes": btree, "database_bytes": dbsize,
            "index_bytes_means": "pg_total_relation_size('docs'): heap + TOAST (body and "
                                 "tsvector) + GIN + month B-tree",
        },
    }, sys.stdout)
    print()


def month_num(ym):
    return int(ym[:4]) * 100 + int(ym[5:7])


def where_clause(q):
    """SQL condition and its parameters for a query's match and filters."""
    fn = "phraseto_tsquery" if q["kind"] == "phrase" else "plainto_tsquery"
    tsq = f"{fn}('{CONFIG}', %s)"
    text = " ".join(q["terms"])
    sql = f"tsv @@ {tsq}"
    params = [text]
    if q.get("from"):
        sql += " AND month >= %s"
        params.append(month_num(q["from"]))
    if q.get("to"):
        sql += " AND month <= %s"
        params.append(month_num(q["to"]))
    if q.get("source"):
        sql += " AND sources @> ARRAY[%s]::text[]"
        params.append(q["source"])
    return tsq, text, sql, params


def run_one(cur, q):
    tsq, text, where, params = where_clause(q)
    cur.execute(f"SELECT id, ts_rank(tsv, {tsq}) AS rank FROM docs WHERE {where} "
                f"ORDER BY rank DESC LIMIT 10", [text] + params)
    top = cur.fetchall()
    if q.get("facet"):
        facets = {}
        if "month" in q["facet"]:
            cur.execute(f"SELECT month, count(*) FROM docs WHERE {where} GROUP BY month", params)
            facets["month"] = {f"{m // 100:04d}-{m % 100:02d}": c for m, c in cur.fetchall()}
        if "source" in q["facet"]:
            cur.execute(f"SELECT s, count(*) FROM docs, unnest(sources) AS s WHERE {where} "
                        f"GROUP BY s", params)
            facets["source"] = dict(cur.fetchall())
        return top, facets
    return top, None


def query(args):
    queries = [json.loads(line) for line in open(args.queries, encoding="utf-8")]
    conn = connect(args.host)
    cur = conn.cursor()
    for q in queries:  # warm-up
        run_one(cur, q)
    times = {q["id"]: [] for q in queries}
    for _ in range(args.rounds):
        for q in queries:
            t = time.perf_counter()
            run_one(cur, q)
            times[q["id"]].append((time.perf_counter() - t) * 1000.0)
    for q in queries:
        _, _, where, params = where_clause(q)
        cur.execute(f"SELECT count(*) FROM docs WHERE {where}", params)
        hits = cur.fetchone()[0]
        top, facets = run_one(cur, q)
        row = {"id": q["id"], "kind": q["kind"], "band": q.get("band"),
               "ms": [round(x, 4) for x in times[q["id"]]], "hits": hits,
               "top": [r[0] for r in top]}
        if facets is not None:
            row["facets"] = facets
        print(json.dumps(row, ensure_ascii=False))
    if args.plans:
        # The plan of the first query of each kind, for checking (untimed).
        with open(args.plans, "w") as f:
            seen = set()
            for q in queries:
                if q["kind"] in seen:
                    continue
                seen.add(q["kind"])
                tsq, text, where, params = where_clause(q)
                cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) SELECT id, ts_rank(tsv, {tsq}) AS rank "
                            f"FROM docs WHERE {where} ORDER BY rank DESC LIMIT 10", [text] + params)
                f.write(f"-- {json.dumps(q, ensure_ascii=False)}\n")
                f.write("\n".join(r[0] for r in cur.fetchall()) + "\n\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    i = sub.add_parser("ingest")
    i.add_argument("--host", required=True)
    i.add_argument("--corpus", required=True)
    q = sub.add_parser("query")
    q.add_argument("--host", required=True)
    q.add_argument("--queries", required=True)
    q.add_argument("--rounds", type=int, default=3)
    q.add_argument("--plans", help="write EXPLAIN ANALYZE of one query of each kind here")
    args = ap.parse_args()
    {"ingest": ingest, "query": query}[args.cmd](args)


if __name__ == "__main__":
    main()
