"""kilde's time expressions against HeidelTime's automatically generated Danish
resources (`auto-danish`), on the same gold articles, scored by the same rules.

Used by bench/times_vs_heideltime.sh (which downloads HeidelTime and builds kilde);
standard library only:

  python3 bench/heideltime_times.py --jar HEIDELTIME.jar --kilde target/release/kilde \
      --out DIR GOLD.jsonl [GOLD.jsonl ...]

For every gold article with a `times` layer (the gold format of `kilde eval news`,
crates/kilde-news/README.md) it

- runs `kilde analyze` once over all of them (JSON Lines input: id, text, date,
  sources), and HeidelTime standalone once per article (`-l auto-danish -t news
  -pos no`, the article's date as `-dct`; a month-precision date `2018-03` is given
  as its first day, `2018-03-01`, because HeidelTime needs a day);
- maps HeidelTime's TIMEX3 tags back to code-point offsets in the text (the tagged
  text with the tags removed must be the input text, or the run fails);
- scores both systems with the rules of `kilde eval news` (kilde_news::eval):
  a system span matches a gold span when they overlap, one-to-one, largest overlap
  first; P/R/F1 over matches; value accuracy over all gold times, an unmatched gold
  time counting as wrong (`values_over_gold`, the figure `kilde eval news` prints).
  It adds exact-span P/R/F1 (start and end equal) and value accuracy over the
  matched spans only (`values_over_matched`, `values_over_exact`);
- checks that its score of kilde's own output equals `kilde eval news --json`'s
  (same spans, same raw values), so the two cannot drift apart.

Values are compared raw (as `kilde eval news` does) and after `normalize`, which
maps notations that mean the same thing to one form, applied alike to gold,
kilde and HeidelTime; see its docstring for the list.

Writes DIR/summary.json (the figures) and DIR/details.json (every gold time with
what each system gave, and each system's extra spans); prints a table, the
expressions each system misses, and the summary.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

CONFIG_PROPS = """\
considerDate = true
considerDuration = true
considerSet = true
considerTime = true
considerTemponym = false
treeTaggerHome = /nonexistent
typeSystemHome = desc/type/HeidelTime_TypeSystem.xml
typeSystemHome_DKPro = desc/type/DKPro_TypeSystem.xml
uimaVarDate = Date
uimaVarDuration = Duration
uimaVarLanguage = Language
uimaVarSet = Set
uimaVarTime = Time
uimaVarTemponym = Temponym
uimaVarTypeToProcess = Type
"""


class BenchError(Exception):
    """A real failure: the run cannot be scored."""


# ---------------------------------------------------------------- gold


def read_gold(paths):
    """The annotated articles with a `times` layer, as kilde_news::eval::read_gold
    reads them (blank lines and `#`, `//` comments skipped)."""
    out = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.strip()
                if not line or line.startswith("#") or line.startswith("//"):
                    continue
                g = json.loads(line)
                if g.get("times") is None:
                    continue
                g["_file"] = os.path.basename(path)
                g["_key"] = f"{os.path.basename(path)}:{n}"
                g.setdefault("id", g["_key"])
                out.append(g)
    return out


def dct_for(date):
    """HeidelTime's document creation time for a gold date: the day itself, or the
    first day of a month-precision date (`2018-03` -> `2018-03-01`)."""
    if date is None:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return date
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return date + "-01"
    raise BenchError(f"unexpected gold date {date!r}")


# ---------------------------------------------------------------- values


def normalize(value, dct=None):
    """One notation for values that mean the same thing. Applied alike to the gold,
    kilde and HeidelTime values:

    - upper case, surrounding white space dropped;
    - a part of day after a date is dropped: HeidelTime's `2024-06-23TEV` (`søndag
      aften`) is the day `2024-06-23`, as kilde and its gold write it (TMO, TAF, TEV,
      TNI, TDT, TMI);
    - clock times: `T14` = `T14:00`, and `:00` seconds are dropped;
    - ISO weeks: `2018-W5` = `2018-W05`;
    - a decade: HeidelTime's `195` (TIMEX3) = `195X` = kilde's `1950/1959`;
      a century: `18` = `18XX` = `1800/1899`;
    - `PRESENT_REF` (`nu`, `i øjeblikket`) = the article's day when it has one.

    Not normalized (different information, so counted as wrong): values left
    underspecified (`XXXX-05`: month known, year not resolved), `PAST_REF` and
    `FUTURE_REF`, a point where the gold has an interval or the reverse, kilde's
    `|`-joined candidates.
    """
    v = value.strip().upper()
    v = re.sub(r"^(\d{4}-\d{2}-\d{2})T(MO|AF|EV|NI|DT|MI)$", r"\1", v)
    v = re.sub(r"T(\d{2})$", r"T\1:00", v)
    v = re.sub(r"(T\d{2}:\d{2}):00$", r"\1", v)
    v = re.sub(r"-W(\d)(?=$|-)", r"-W0\1", v)
    m = re.fullmatch(r"(\d{3})X?", v)
    if m:
        v = f"{m[1]}0/{m[1]}9"
    m = re.fullmatch(r"(\d{2})(XX)?", v)
    if m:
        v = f"{m[1]}00/{m[1]}99"
    if v == "PRESENT_REF" and dct and re.fullmatch(r"\d{4}-\d{2}-\d{2}", dct):
        v = dct
    return v


# ---------------------------------------------------------------- scoring


def match_spans(system, gold):
    """kilde_news::eval::match_spans: pairs overlapping spans one-to-one, largest
    overlap first (ties: lower system index, then lower gold index)."""
    pairs = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            overlap = max(0, min(s[1], g[1]) - max(s[0], g[0]))
            if overlap > 0:
                pairs.append((overlap, i, j))
    pairs.sort(key=lambda p: (-p[0], p[1]))
    used_s, used_g, out = set(), set(), []
    for _, i, j in pairs:
        if i not in used_s and j not in used_g:
            used_s.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


# Words a span may start with in kilde's gold (`i juli`, `fra maj`, `i hele juli`) that
# TimeML leaves outside the TIMEX3 extent (`juli`, `maj`).
LEADING_WORDS = {"i", "på", "til", "fra", "om", "hele", "siden", "efter", "inden", "senest",
                 "ved", "under", "for", "med", "af", "før", "allerede", "cirka", "omkring"}


def strip_leading(text, span):
    """`span` without leading prepositions and the like (LEADING_WORDS)."""
    start, end = span
    while True:
        m = re.match(r"(\w+)\s+", text[start:end])
        if not m or m[1].lower() not in LEADING_WORDS or m.end() >= end - start:
            return (start, end)
        start += m.end()


def match_exact(system, gold):
    """One-to-one pairs with the same start and end."""
    used_s, out = set(), []
    for j, g in enumerate(gold):
        for i, s in enumerate(system):
            if i not in used_s and tuple(s) == tuple(g):
                used_s.add(i)
                out.append((i, j))
                break
    return out


def prf(tp, predicted, gold):
    """kilde_news::eval::Prf."""
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "predicted": predicted, "gold": gold, "precision": p, "recall": r, "f1": f1}


def acc(correct, total):
    return {"correct": correct, "total": total, "accuracy": correct / total if total else 0.0}


def score(articles, outputs):
    """Scores one system. `outputs[key]` is a list of {start, end, value, text}."""
    n_pred = n_gold = 0
    tp_overlap = tp_exact = tp_lenient = 0
    raw_ok = norm_ok = norm_ok_exact = 0
    for g in articles:
        sys_times = outputs[g["_key"]]
        sys_spans = [(t["start"], t["end"]) for t in sys_times]
        gold_spans = [(t["start"], t["end"]) for t in g["times"]]
        n_pred += len(sys_spans)
        n_gold += len(gold_spans)
        dct = g.get("date")
        overlap = match_spans(sys_spans, gold_spans)
        tp_overlap += len(overlap)
        for i, j in overlap:
            want, got = g["times"][j]["value"], sys_times[i]["value"]
            raw_ok += got == want
            norm_ok += normalize(got, dct) == normalize(want, dct)
        exact = match_exact(sys_spans, gold_spans)
        tp_exact += len(exact)
        for i, j in exact:
            want, got = g["times"][j]["value"], sys_times[i]["value"]
            norm_ok_exact += normalize(got, dct) == normalize(want, dct)
        tp_lenient += len(match_exact([strip_leading(g["text"], x) for x in sys_spans],
                                      [strip_leading(g["text"], x) for x in gold_spans]))
    return {
        "spans_overlap": prf(tp_overlap, n_pred, n_gold),
        "spans_exact": prf(tp_exact, n_pred, n_gold),
        "spans_exact_without_prepositions": prf(tp_lenient, n_pred, n_gold),
        "values_over_gold_raw": acc(raw_ok, n_gold),
        "values_over_gold": acc(norm_ok, n_gold),
        "values_over_matched": acc(norm_ok, tp_overlap),
        "values_over_exact": acc(norm_ok_exact, tp_exact),
    }


def details(articles, outputs_by_system):
    """Every gold time with each system's matched span and value, and each
    system's spans that match no gold time."""
    rows, extras = [], {name: [] for name in outputs_by_system}
    for g in articles:
        gold_spans = [(t["start"], t["end"]) for t in g["times"]]
        dct = g.get("date")
        found = {}
        for name, outputs in outputs_by_system.items():
            sys_times = outputs[g["_key"]]
            m = match_spans([(t["start"], t["end"]) for t in sys_times], gold_spans)
            found[name] = {j: sys_times[i] for i, j in m}
            matched_sys = {i for i, _ in m}
            for i, t in enumerate(sys_times):
                if i not in matched_sys:
                    extras[name].append(
                        {"article": g["id"], "text": t["text"], "value": t["value"],
                         **({"type": t["type"]} if "type" in t else {})})
        for j, t in enumerate(g["times"]):
            row = {"article": g["id"], "date": dct, "text": g["text"][t["start"]:t["end"]],
                   "gold": t["value"]}
            for name in outputs_by_system:
                s = found[name].get(j)
                if s is None:
                    row[name] = None
                else:
                    row[name] = {
                        "text": s["text"], "value": s["value"],
                        "exact_span": (s["start"], s["end"]) == (t["start"], t["end"]),
                        "value_ok": normalize(s["value"], dct) == normalize(t["value"], dct),
                    }
            rows.append(row)
    return rows, extras


# ---------------------------------------------------------------- kilde


def run_kilde(kilde, articles, workdir):
    path = os.path.join(workdir, "articles.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for g in articles:
            rec = {"id": g["_key"], "text": g["text"]}
            if g.get("date"):
                rec["date"] = g["date"]
            if g.get("sources"):
                rec["sources"] = g["sources"]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    proc = subprocess.run([kilde, "analyze", path], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BenchError(f"kilde analyze exited {proc.returncode}:\n{proc.stderr}")
    out = {}
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        text = rec["text"]
        out[rec["id"]] = [
            {"start": t["start"], "end": t["end"], "value": t["value"],
             "text": text[t["start"]:t["end"]]}
            for t in rec.get("times", [])
        ]
    missing = [g["_key"] for g in articles if g["_key"] not in out]
    if missing:
        raise BenchError(f"kilde analyze gave no record for {missing}")
    return out


def kilde_eval_news(kilde, gold_paths):
    """`kilde eval news --json` per gold file, for the consistency check."""
    reports = []
    for path in gold_paths:
        proc = subprocess.run([kilde, "eval", "news", "--gold", path, "--json"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise BenchError(f"kilde eval news --gold {path} exited {proc.returncode}:\n{proc.stderr}")
        reports.append(json.loads(proc.stdout))
    return reports


# ---------------------------------------------------------------- HeidelTime

TAG = re.compile(r"<(/?)(TIMEX3(?:INTERVAL)?)\b([^>]*)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_timeml(timeml, text):
    """TIMEX3 spans of HeidelTime's TimeML output as code-point offsets into `text`."""
    m = re.search(r"<TimeML>\n(.*)\n</TimeML>", timeml, re.DOTALL)
    if not m:
        raise BenchError("HeidelTime printed no <TimeML> document")
    body = m[1]
    plain, spans, stack, pos = [], [], [], 0
    for tag in TAG.finditer(body):
        plain.append(body[pos:tag.start()])
        pos = tag.end()
        offset = sum(map(len, plain))
        closing, name, attrs = tag[1] == "/", tag[2], dict(ATTR.findall(tag[3]))
        if not closing:
            stack.append((name, offset, attrs))
        else:
            if not stack or stack[-1][0] != name:
                raise BenchError(f"unbalanced </{name}> in HeidelTime output")
            _, start, attrs = stack.pop()
            if name == "TIMEX3":
                spans.append({"start": start, "end": offset, "value": attrs.get("value", ""),
                              "type": attrs.get("type", "")})
    plain.append(body[pos:])
    plain = "".join(plain)
    if stack:
        raise BenchError("unclosed TIMEX3 in HeidelTime output")
    if plain != text:
        raise BenchError("HeidelTime's text without its tags differs from the input "
                         f"({len(plain)} vs {len(text)} code points)")
    for s in spans:
        s["text"] = text[s["start"]:s["end"]]
    spans.sort(key=lambda s: (s["start"], s["end"]))
    return spans


def run_heideltime(jar, articles, workdir, jobs, java="java"):
    conf = os.path.join(workdir, "config.props")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(CONFIG_PROPS)
    tml_dir = os.path.join(workdir, "heideltime")
    os.makedirs(tml_dir, exist_ok=True)

    def one(k_g):
        k, g = k_g
        src = os.path.join(tml_dir, f"{k:03d}.txt")
        with open(src, "w", encoding="utf-8", newline="") as f:
            f.write(g["text"])
        cmd = [java, "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-jar", jar, src,
               "-l", "auto-danish", "-t", "news", "-pos", "no", "-e", "UTF-8", "-c", conf]
        dct = dct_for(g.get("date"))
        if dct:
            cmd += ["-dct", dct]
        proc = subprocess.run(cmd, capture_output=True, cwd=workdir)
        out = proc.stdout.decode("utf-8")
        with open(src[:-4] + ".tml", "w", encoding="utf-8") as f:
            f.write(out)
        if proc.returncode != 0 or "<TimeML>" not in out:
            raise BenchError(f"HeidelTime failed on {g['id']} (exit {proc.returncode}):\n"
                             + proc.stderr.decode("utf-8", "replace")[-2000:])
        return g["_key"], parse_timeml(out, g["text"])

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(one, enumerate(articles)))


# ---------------------------------------------------------------- output


def table(summary):
    names = list(summary["systems"])
    width = max(32, *(len(n) + 2 for n in names))
    lines = [f"{'':<34}" + "".join(f"{n:>{width}}" for n in names)]

    def row(label, cell):
        lines.append(f"{label:<34}" + "".join(f"{cell(summary['systems'][n]):>{width}}" for n in names))

    def p(x):
        return f"P {x['precision']:.3f} R {x['recall']:.3f} F1 {x['f1']:.3f}"

    def a(x):
        return f"{x['correct']}/{x['total']} = {x['accuracy']:.3f}"

    row("spans exact", lambda s: p(s["spans_exact"]))
    row("spans exact, prepositions apart", lambda s: p(s["spans_exact_without_prepositions"]))
    row("spans overlap", lambda s: p(s["spans_overlap"]))
    row("values over gold (eval news)", lambda s: a(s["values_over_gold"]))
    row("values over gold, raw strings", lambda s: a(s["values_over_gold_raw"]))
    row("values over overlap matches", lambda s: a(s["values_over_matched"]))
    row("values over exact matches", lambda s: a(s["values_over_exact"]))
    row("spans predicted / matched / gold", lambda s: "{predicted} / {tp} / {gold}".format(**s["spans_overlap"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--jar", required=True, help="de.unihd.dbs.heideltime.standalone.jar")
    ap.add_argument("--kilde", required=True, help="the kilde binary")
    ap.add_argument("--out", required=True, help="directory for inputs and results")
    ap.add_argument("--jobs", type=int, default=2, help="HeidelTime processes at once")
    ap.add_argument("--java", default="java")
    args = ap.parse_args()

    os.makedirs(args.out, exist_ok=True)
    articles = read_gold(args.gold)
    if not articles:
        raise BenchError("no gold article has a `times` layer")
    workdir = os.path.join(args.out, "run")
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)

    kilde_out = run_kilde(args.kilde, articles, workdir)
    ht_out = run_heideltime(args.jar, articles, workdir, args.jobs, args.java)

    systems = {"kilde": score(articles, kilde_out), "HeidelTime auto-danish": score(articles, ht_out)}

    # Consistency with `kilde eval news`: same spans and raw values, same counts.
    reports = kilde_eval_news(args.kilde, args.gold)
    ev_times = [sum(r["times"][k] for r in reports) for k in ("tp", "predicted", "gold")]
    ev_values = sum(r["time_values"]["correct"] for r in reports)
    k = systems["kilde"]
    mine = [k["spans_overlap"][x] for x in ("tp", "predicted", "gold")]
    if mine != ev_times or k["values_over_gold_raw"]["correct"] != ev_values:
        raise BenchError(
            "scoring kilde analyze's output disagrees with kilde eval news: "
            f"tp/predicted/gold {mine} vs {ev_times}, raw values "
            f"{k['values_over_gold_raw']['correct']} vs {ev_values}")

    rows, extras = details(articles, {"kilde": kilde_out, "HeidelTime auto-danish": ht_out})
    ht_types = {}
    for spans in ht_out.values():
        for s in spans:
            ht_types[s["type"]] = ht_types.get(s["type"], 0) + 1
    dated_by_month = sum(1 for g in articles if g.get("date") and len(g["date"]) == 7)
    summary = {
        "date": datetime.date.today().isoformat(),
        "gold": [os.path.relpath(p) for p in args.gold],
        "articles": len(articles),
        "articles_dated_by_month_only": dated_by_month,
        "gold_times": sum(len(g["times"]) for g in articles),
        "heideltime": {"jar": os.path.relpath(args.jar),
                       "options": "-l auto-danish -t news -pos no -dct <article date>",
                       "timex3_types": ht_types},
        "scoring": "kilde eval news rules: overlap one-to-one, largest overlap first; "
                   "values_over_gold counts an unmatched gold time as wrong; values "
                   "normalized (see bench/heideltime_times.py normalize)",
        "kilde_eval_news_agrees": True,
        "systems": systems,
    }
    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=1, ensure_ascii=False)
    with open(os.path.join(args.out, "details.json"), "w", encoding="utf-8") as f:
        json.dump({"gold_times": rows, "extra_spans": extras}, f, indent=1, ensure_ascii=False)

    print(f"{summary['gold_times']} gold times in {len(articles)} articles "
          f"({', '.join(summary['gold'])}); {dated_by_month} dated by month only")
    print(table(summary))
    print("(values over gold: right values, normalized, over all gold times, an unmatched one "
          "counting as wrong, as kilde eval news counts; prepositions apart: exact after "
          "dropping leading `i`, `fra`, `til`, `på`, `hele`, ... from both spans)")
    for name in systems:
        missed = [r for r in rows if r[name] is None]
        wrong = [r for r in rows if r[name] is not None and not r[name]["value_ok"]]
        print(f"\n{name}: missed {len(missed)}, wrong value {len(wrong)}, extra spans {len(extras[name])}")
        for r in missed:
            print(f"  missed  {r['text']!r:<24} gold {r['gold']}")
        for r in wrong:
            print(f"  value   {r['text']!r:<24} gold {r['gold']:<12} got {r[name]['value']} ({r[name]['text']!r})")
        for x in extras[name]:
            print(f"  extra   {x['text']!r:<24} {x['value']}" + (f" {x['type']}" if "type" in x else ""))
    print(f"\nsummary: {os.path.join(args.out, 'summary.json')}; details: {os.path.join(args.out, 'details.json')}")
    print(json.dumps({"date": summary["date"], "gold_times": summary["gold_times"],
                      "systems": {n: {"exact_f1": round(s["spans_exact"]["f1"], 3),
                                      "overlap_f1": round(s["spans_overlap"]["f1"], 3),
                                      "values_over_gold": s["values_over_gold"]["accuracy"],
                                      "values_over_matched": s["values_over_matched"]["accuracy"]}
                                  for n, s in systems.items()}}))


if __name__ == "__main__":
    try:
        main()
    except BenchError as e:
        print(f"heideltime_times: {e}", file=sys.stderr)
        sys.exit(1)
