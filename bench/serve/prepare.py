#!/usr/bin/env python3
"""The request lists the serve load test rotates through (python3, standard library only).

  prepare.py search  --queries target/bench-search/queries.jsonl --out search.paths
  prepare.py article --base http://127.0.0.1:PORT --out article.paths [--count 1000]

search: one `/api/search` path per line of the benchmark query file (the same 250
queries `kilde bench search` runs): `terms` joined by spaces (in double quotes for
kind `phrase`), `from`/`to`/`source` as filters, `facets=month,source` (the facets
the line names) when it asks for facets, `limit=10`.

article: `/api/articles/{id}` paths for ids spread evenly over the whole index. The
id format is read from the running server (the ids of a match-all search): when they
are zero-padded numbers (the benchmark corpus numbers its articles 00000001..N), the
ids are N evenly spaced positions in that range; each is fetched once and only those
answering 200 are kept. When the ids are not numbers, or fewer than 90% of the
guessed ids exist, the ids are taken from the hits of searches instead.
"""

import argparse
import http.client
import json
import sys
import urllib.parse


def search_paths(args):
    paths = []
    with open(args.queries, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            q = json.loads(line)
            words = " ".join(q["terms"])
            if q["kind"] == "phrase":
                words = f'"{words}"'
            params = [("q", words), ("limit", "10")]
            for name in ("from", "to", "source"):
                if q.get(name):
                    params.append((name, q[name]))
            if q.get("facet"):
                # The facets the query names (month, source), as the search benchmark counts them.
                params.append(("facets", ",".join(q["facet"])))
            paths.append("/api/search?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
    if not paths:
        sys.exit(f"prepare.py: no queries in {args.queries}")
    write(args.out, paths)
    print(f"prepare.py: {len(paths)} search requests -> {args.out}", file=sys.stderr)


class Client:
    """One keep-alive connection to the server."""

    def __init__(self, base):
        u = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)

    def get(self, path):
        self.conn.request("GET", path)
        r = self.conn.getresponse()
        return r.status, r.read()

    def json(self, path):
        status, body = self.get(path)
        if status != 200:
            sys.exit(f"prepare.py: GET {path} answered {status}: {body[:300]!r}")
        return json.loads(body)


def article_paths(args):
    c = Client(args.base)
    articles = c.json("/healthz")["articles"]
    sample = [h["id"] for h in c.json("/api/search?q=*&limit=100")["hits"]]
    if not sample:
        sys.exit("prepare.py: the index has no articles")
    count = min(args.count, articles)
    ids, how = [], ""
    width = len(sample[0])
    if all(i.isdigit() and len(i) == width for i in sample):
        # Positions 1..N (and 0..N-1, whichever the index holds), evenly spread.
        low = 0 if c.get("/api/articles/" + "0" * width)[0] == 200 else 1
        guessed = sorted({low + (k * articles) // count for k in range(count)})
        ids = [i for i in (str(p).zfill(width) for p in guessed) if c.get(f"/api/articles/{i}")[0] == 200]
        how = f"{len(ids)} of {len(guessed)} evenly spaced {width}-digit ids {low}..{low + articles - 1} exist"
        if len(ids) < 0.9 * len(guessed):
            ids = []
    if not ids:
        seen = {}
        with open(args.queries, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    q = " ".join(json.loads(line)["terms"])
                    path = "/api/search?" + urllib.parse.urlencode({"q": q, "limit": "100"}, quote_via=urllib.parse.quote)
                    for h in c.json(path)["hits"]:
                        seen.setdefault(h["id"], None)
        for sort in ("newest", "oldest"):
            for h in c.json(f"/api/search?q=*&limit=100&sort={sort}")["hits"]:
                seen.setdefault(h["id"], None)
        ids = list(seen)[: args.count]
        how += ("; " if how else "") + f"{len(ids)} ids taken from search hits"
    write(args.out, [f"/api/articles/{urllib.parse.quote(i, safe='')}" for i in ids])
    print(f"prepare.py: {how} -> {args.out}", file=sys.stderr)
    print(json.dumps({"articles": articles, "article_ids": len(ids), "article_ids_how": how}))


def write(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("search")
    s.add_argument("--queries", required=True)
    s.add_argument("--out", required=True)
    a = sub.add_parser("article")
    a.add_argument("--base", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--count", type=int, default=1000)
    a.add_argument("--queries", default="target/bench-search/queries.jsonl", help="for the fallback")
    args = p.parse_args()
    {"search": search_paths, "article": article_paths}[args.cmd](args)


if __name__ == "__main__":
    main()
