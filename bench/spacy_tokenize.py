"""Time spaCy's Danish tokenizer (spacy.blank("da")) on a corpus in kilde's seed format.

Prints one JSON object: the median of --runs timed runs over the article bodies,
in the same shape as `kilde bench tokens`, so bench/tokenize_vs_spacy.sh can
compare the two on the same text. The bodies are cut out the way kilde reads
them: the `date ...` header and a last-line agency sign-off are removed.
"""

import argparse
import json
import re
import statistics
import time

import spacy

HEADER = re.compile(r"^\s*date (\d{4}-\d{2}(?:-\d{2})?) ", re.M)
SIGNOFF = re.compile(r"\n\s*(/[^\n]*/[^\n]*|[Rr]itzau)\s*$")


def articles(path):
    with open(path, encoding="utf-8") as f:
        data = f.read()
    starts = [m for m in HEADER.finditer(data)]
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(data)
        body = SIGNOFF.sub("", data[m.end() : end].rstrip()).strip()
        if body:
            yield body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = list(articles(args.corpus))
    size = sum(len(t.encode("utf-8")) for t in texts)
    nlp = spacy.blank("da")
    seconds, tokens = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    print(json.dumps({
        "bench": "spacy-blank-da-tokenizer",
        "spacy": spacy.__version__,
        "articles": len(texts),
        "bytes": size,
        "tokens": tokens,
        "runs": args.runs,
        "median_seconds": median,
        "mb_per_s": size / 1e6 / median,
        "seconds": sorted(seconds),
    }))


if __name__ == "__main__":
    main()
