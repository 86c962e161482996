"""spaCy's NER as the peer for kilde's own: data conversion and evaluation.

Two subcommands, used by bench/ner_vs_spacy.sh:

  convert IOB2 OUT.spacy   UNER Danish-DDT IOB2 (gold tokens) to a spaCy DocBin,
                           PER/ORG/LOC from column 3; a stray I-X starts a new span.
  evaluate MODEL IOB2      runs the trained pipeline on the gold tokens of IOB2 and
                           prints one JSON object: P/R/F1 per label and micro-averaged
                           (exact span match), and words per second (median of --runs).

Sentence boundaries and tokens come from the file, so spaCy and kilde see the same input.
"""

import argparse
import json
import statistics
import sys
import time

import spacy
from spacy.tokens import Doc, DocBin, Span

LABELS = ("PER", "ORG", "LOC")


def read_iob2(path):
    """Yields (words, tags) per sentence."""
    words, tags = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield words, tags
                words, tags = [], []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            words.append(cols[1])
            tags.append(cols[2])
    if words:
        yield words, tags


def spans(tags):
    """(start, end, label) spans from IOB2 tags; I-X after O or another type starts a span."""
    out, start, label = [], None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        kind, _, lab = tag.partition("-")
        if kind == "I" and start is not None and lab == label:
            continue
        if start is not None:
            out.append((start, i, label))
            start, label = None, None
        if kind in ("B", "I") and lab in LABELS:
            start, label = i, lab
    return out


def make_doc(vocab, words):
    return Doc(vocab, words=words, spaces=[True] * (len(words) - 1) + [False])


def convert(args):
    nlp = spacy.blank("da")
    db = DocBin()
    n = 0
    for words, tags in read_iob2(args.iob2):
        doc = make_doc(nlp.vocab, words)
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in spans(tags)]
        db.add(doc)
        n += 1
    db.to_disk(args.out)
    print(f"{args.iob2}: {n} sentences -> {args.out}", file=sys.stderr)


def evaluate(args):
    nlp = spacy.load(args.model)
    sents = list(read_iob2(args.iob2))
    words = sum(len(w) for w, _ in sents)
    seconds, predicted = [], None
    for _ in range(args.runs):
        docs = [make_doc(nlp.vocab, w) for w, _ in sents]
        started = time.perf_counter()
        predicted = list(nlp.pipe(docs, batch_size=256))
        seconds.append(time.perf_counter() - started)
    counts = {lab: [0, 0, 0] for lab in LABELS}  # tp, predicted, gold
    for doc, (_, tags) in zip(predicted, sents):
        gold = set(spans(tags))
        pred = {(e.start, e.end, e.label_) for e in doc.ents if e.label_ in LABELS}
        for s in gold:
            counts[s[2]][2] += 1
        for s in pred:
            counts[s[2]][1] += 1
            if s in gold:
                counts[s[2]][0] += 1

    def prf(tp, p, g):
        prec = tp / p if p else 0.0
        rec = tp / g if g else 0.0
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        return {"precision": prec, "recall": rec, "f1": f, "tp": tp, "predicted": p, "gold": g}

    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    median = statistics.median(seconds)
    print(json.dumps({
        "system": "spacy",
        "spacy": spacy.__version__,
        "model": args.model,
        "file": args.iob2,
        "sentences": len(sents),
        "tokens": words,
        "micro": prf(*total),
        "labels": {lab: prf(*counts[lab]) for lab in LABELS},
        "runs": args.runs,
        "median_seconds": median,
        "tokens_per_second": words / median,
    }))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("convert")
    c.add_argument("iob2")
    c.add_argument("out")
    e = sub.add_parser("evaluate")
    e.add_argument("model")
    e.add_argument("iob2")
    e.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    {"convert": convert, "evaluate": evaluate}[args.cmd](args)


if __name__ == "__main__":
    main()
