#!/usr/bin/env python3
"""Benchmark inputs for the search peers (standard library only).

  prepare.py corpus SEED_FILE OUT.jsonl
      Converts a synthetic seed-format corpus (`kilde corpus synth`) into JSON Lines,
      one article a line: {"id","date","sources","text"} (+ "title" if the input had
      one; the seed format has none). The date keeps its precision (YYYY-MM or
      YYYY-MM-DD); the sign-off line becomes `sources` and leaves the text, as kilde's
      reader does. Ids are the article's position, zero-padded ("00000001"), so every
      engine reports the same ids.

  prepare.py queries SAMPLE.jsonl OUT.jsonl [--stopwords FILE] [--seed S] [--per-kind K]
      Draws a fixed, seeded query set from the vocabulary of SAMPLE (a JSON Lines
      corpus as written above): K queries of each kind term, and, phrase, filter, facet.
      Terms are picked across document-frequency bands (common >= 5 % of articles,
      mid 0.5-5 %, rare < 0.5 %); stop words are never query words.

The synthetic generator is a deterministic stream: the first N articles of a larger
corpus are the N-article corpus. bench/search/prepare.sh therefore draws the queries
from a fixed 20,000-article sample, so queries.jsonl is the same for every N.
"""

import argparse
import collections
import glob
import json
import os
import random
import re
import sys
import zipfile

DATE_LINE = re.compile(r"^[ \t]*date[ \t]+(\d{4}-\d[0-9-]*)[ \t]*(.*)$")
# A sign-off line as the synthetic generator writes them: /ritzau/, /ritzau/AFP/Reuters,
# /ritzau/AP/, bare ritzau or Ritzau.
SIGNOFF = re.compile(r"^(?:/[A-Za-z][A-Za-z0-9 .&-]*(?:/[A-Za-z][A-Za-z0-9 .&-]*)*/?|[Rr]itzau)$")


def normalize_agency(name):
    return "ritzau" if name.lower() == "ritzau" else name


def parse_signoff(line):
    line = line.strip()
    if not line or len(line) > 120 or not SIGNOFF.match(line):
        return None
    inner = line.strip("/") if line.startswith("/") else line
    return [normalize_agency(p.strip()) for p in inner.split("/") if p.strip()]


def finish(date, lines):
    body = "\n".join(lines).strip()
    sources = []
    head, sep, last = body.rpartition("\n")
    parsed = parse_signoff(last)
    if parsed:
        sources = parsed
        body = head.rstrip() if sep else ""
    return date, sources, body


def seed_articles(path):
    """Yields (date, sources, text) from a seed-format file."""
    date, lines = None, []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            m = DATE_LINE.match(line)
            if m:
                if date is not None:
                    yield finish(date, lines)
                date, lines = m.group(1), [m.group(2)]
            elif date is not None:
                lines.append(line)
    if date is not None:
        yield finish(date, lines)


def cmd_corpus(args):
    n = 0
    body_bytes = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for date, sources, text in seed_articles(args.seed_file):
            if not text:
                continue
            n += 1
            body_bytes += len(text.encode("utf-8"))
            rec = {"id": f"{n:08d}", "date": date, "sources": sources, "text": text}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(json.dumps({"articles": n, "body_bytes": body_bytes}))


WORD = re.compile(r"[^\W\d_]+")
QUERY_WORD = re.compile(r"^[a-zæøåéü]{3,}$")


def load_stopwords(path):
    """Stop words from a file (one a line, `|` starts a comment: Snowball's format)."""
    if path:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    else:
        text = None
        # Found at run time on this machine, never copied into the repository:
        # PostgreSQL's Snowball list, or the same list inside Lucene's analysis jar.
        for cand in sorted(glob.glob("/usr/share/postgresql/*/tsearch_data/danish.stop")):
            with open(cand, encoding="utf-8") as f:
                text = f.read()
            print(f"stop words: {cand}", file=sys.stderr)
            break
        if text is None:
            for jar in glob.glob("target/bench-search/lucene/lib/lucene-analysis-common-*.jar"):
                with zipfile.ZipFile(jar) as z:
                    text = z.read("org/apache/lucene/analysis/snowball/danish_stop.txt").decode("utf-8")
                print(f"stop words: {jar}", file=sys.stderr)
                break
        if text is None:
            return None
    words = set()
    for line in text.splitlines():
        line = line.split("|", 1)[0].strip()
        words.update(w.lower() for w in line.split())
    return words


def cmd_queries(args):
    docs = []
    with open(args.sample, encoding="utf-8") as f:
        for line in f:
            docs.append(json.loads(line))
    n = len(docs)
    df = collections.Counter()
    tf = collections.Counter()
    for d in docs:
        words = [w.lower() for w in WORD.findall(d["text"])]
        tf.update(words)
        df.update(set(words))
    stop = load_stopwords(args.stopwords)
    if stop is None:
        # No list on this machine: treat the 200 most frequent words as stop words.
        stop = {w for w, _ in tf.most_common(200)}
        print("stop words: none found, using the 200 most frequent words", file=sys.stderr)

    def ok(w):
        return w not in stop and QUERY_WORD.match(w) is not None

    bands = {"common": [], "mid": [], "rare": []}
    for w, c in df.items():
        if not ok(w):
            continue
        share = c / n
        if share >= 0.05:
            bands["common"].append(w)
        elif share >= 0.005:
            bands["mid"].append(w)
        else:
            bands["rare"].append(w)
    for b in bands.values():
        b.sort()  # deterministic before sampling
    rng = random.Random(args.seed)

    def pick(band):
        return rng.choice(bands[band])

    band_cycle = ["common", "mid", "rare"]
    k = args.per_kind
    queries = []

    def add(kind, terms, band, frm=None, to=None, source=None, facet=None):
        queries.append({
            "id": f"q{len(queries) + 1:03d}", "kind": kind, "terms": terms, "band": band,
            "from": frm, "to": to, "source": source, "facet": facet,
        })

    for i in range(k):
        b = band_cycle[i % 3]
        add("term", [pick(b)], b)
    pairs = [("common", "common"), ("common", "mid"), ("common", "rare"),
             ("mid", "mid"), ("mid", "rare"), ("rare", "rare")]
    for i in range(k):
        b1, b2 = pairs[i % len(pairs)]
        t1 = pick(b1)
        t2 = pick(b2)
        while t2 == t1:
            t2 = pick(b2)
        add("and", [t1, t2], f"{b1}+{b2}")
    # Phrases: 2-3 adjacent words of a random article (single spaces between them, no
    # stop words), so every phrase matches at least one article.
    seen = set()
    while sum(1 for q in queries if q["kind"] == "phrase") < k:
        d = docs[rng.randrange(n)]
        length = 2 + rng.randrange(2)
        toks = list(re.finditer(r"\S+", d["text"]))
        if len(toks) < length:
            continue
        s = rng.randrange(len(toks) - length + 1)
        words = [t.group(0) for t in toks[s:s + length]]
        if not all(QUERY_WORD.match(w.lower()) for w in words):
            continue
        words = [w.lower() for w in words]
        if not all(ok(w) for w in words) or tuple(words) in seen:
            continue
        seen.add(tuple(words))
        rarest = min(df[w] for w in words) / n
        band = "common" if rarest >= 0.05 else "mid" if rarest >= 0.005 else "rare"
        add("phrase", words, band)
    sources = ["ritzau", "AFP", "Reuters", "FINANS", "dpa", "AP"]
    for i in range(k):
        b = band_cycle[i % 3]
        shape = i % 3  # 0: date range, 1: source, 2: both
        frm = to = src = None
        if shape in (0, 2):
            y1 = rng.randint(1995, 2024)
            y2 = min(2025, y1 + rng.randint(0, 9))
            m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
            if y1 == y2 and m2 < m1:
                m1, m2 = m2, m1
            frm, to = f"{y1:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}"
        if shape in (1, 2):
            src = rng.choice(sources)
        add("filter", [pick(b)], b, frm, to, src)
    for i in range(k):
        b = band_cycle[i % 3]
        add("facet", [pick(b)], b, facet=["month", "source"])
    with open(args.out, "w", encoding="utf-8") as out:
        for q in queries:
            out.write(json.dumps(q, ensure_ascii=False) + "\n")
    print(json.dumps({"queries": len(queries), "sample_articles": n,
                      "band_sizes": {b: len(v) for b, v in bands.items()}, "out": args.out}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("seed_file")
    c.add_argument("out")
    q = sub.add_parser("queries")
    q.add_argument("sample")
    q.add_argument("out")
    q.add_argument("--stopwords")
    q.add_argument("--seed", type=int, default=20240601)
    q.add_argument("--per-kind", type=int, default=50)
    args = ap.parse_args()
    {"corpus": cmd_corpus, "queries": cmd_queries}[args.cmd](args)


if __name__ == "__main__":
    main()
