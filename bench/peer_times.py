"""kilde's time expressions against two peers, HeidelTime's automatically generated
Danish resources (`auto-danish`) and Duckling's Danish rules (`da$core`), on the same
gold articles, scored by the same rules.

Used by bench/times_vs_peers.sh (which downloads HeidelTime and Duckling and builds
kilde); standard library only:

  python3 bench/peer_times.py --jar HEIDELTIME.jar --duckling-jars DIR \
      --duckling-script RUN.clj --kilde target/release/kilde --out DIR GOLD.jsonl [...]

For every gold article with a `times` layer (the gold format of `kilde eval news`,
crates/kilde-news/README.md) it

- runs `kilde analyze` once over all of them (JSON Lines input: id, text, date,
  sources), and HeidelTime standalone once per article (`-l auto-danish -t news
  -pos no`, the article's date as `-dct`; a month-precision date `2018-03` is given
  as its first day, `2018-03-01`, because HeidelTime needs a day);
- maps HeidelTime's TIMEX3 tags back to code-point offsets in the text (the tagged
  text with the tags removed must be the input text, or the run fails);
- runs Duckling 0.4.23 once over all of them in one JVM (RUN.clj, written by the
  shell script: `duckling.core/parse` with module `:da$core`, dims `:time` and
  `:duration`, reference time the article's date at 12:00 Europe/Copenhagen, a
  month-precision date as its first day; no date: Duckling's default, now), then
  keeps its non-latent winners, resolves partial overlaps (see `select_duckling`),
  maps UTF-16 offsets to code points and turns its values into TIMEX3-style
  strings (`duckling_value`);
- scores the three systems with the rules of `kilde eval news` (kilde_news::eval):
  a system span matches a gold span when they overlap, one-to-one, largest overlap
  first; P/R/F1 over matches; value accuracy over all gold times, an unmatched gold
  time counting as wrong (`values_over_gold`, the figure `kilde eval news` prints).
  It adds exact-span P/R/F1 (start and end equal) and value accuracy over the
  matched spans only (`values_over_matched`, `values_over_exact`);
- checks that its score of kilde's own output equals `kilde eval news --json`'s
  (same spans, same raw values), so the two cannot drift apart.

Values are compared raw (as `kilde eval news` does) and after `normalize`, which
maps notations that mean the same thing to one form, applied alike to gold,
kilde, HeidelTime and Duckling (after `duckling_value`); see its docstring for the list.

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
    kilde, HeidelTime and Duckling values:

    - upper case, surrounding white space dropped;
    - a part of day after a date is dropped: HeidelTime's `2024-06-23TEV` (`søndag
      aften`) is the day `2024-06-23`, as kilde and its gold write it (TMO, TAF, TEV,
      TNI, TDT, TMI);
    - clock times: `T14` = `T14:00`, and `:00` seconds are dropped;
    - ISO weeks: `2018-W5` = `2018-W05`;
    - a decade: HeidelTime's `195` (TIMEX3) = `195X` = kilde's `1950/1959`;
      a century: `18` = `18XX` = `1800/1899`;
    - `PRESENT_REF` (`nu`, `i øjeblikket`) = the article's day when it has one.

    Duckling's values are first written as TIMEX3 strings by `duckling_value`.

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


# ---------------------------------------------------------------- Duckling


def edn_string(text):
    """`text` as an ASCII-only EDN (Clojure reader) string literal."""
    out = ['"']
    for ch in text:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif 0x20 <= o < 0x7F:
            out.append(ch)
        elif o > 0xFFFF:
            o -= 0x10000
            out.append(f"\\u{0xD800 + (o >> 10):04x}\\u{0xDC00 + (o & 0x3FF):04x}")
        else:
            out.append(f"\\u{o:04x}")
    out.append('"')
    return "".join(out)


def utf16_to_code_points(text):
    """Maps each UTF-16 offset of `text` (Java's string indices) to a code-point offset."""
    table = []
    for i, ch in enumerate(text):
        table.extend([i] * (2 if ord(ch) > 0xFFFF else 1))
    table.append(len(text))
    return table


def duckling_local(iso):
    """Duckling's `2018-03-08T00:00:00.000+01:00` as a naive local datetime (its
    fields are Copenhagen time, the reference time's zone; the offset is dropped)."""
    return datetime.datetime.strptime(iso[:19], "%Y-%m-%dT%H:%M:%S")


def add_months(dt, n):
    y, m = divmod(dt.year * 12 + dt.month - 1 + n, 12)
    return dt.replace(year=y, month=m + 1)


def minus_grain(dt, grain):
    """The start of the grain before `dt` (Duckling's interval ends are exclusive)."""
    if grain == "year":
        return dt.replace(year=dt.year - 1)
    if grain == "quarter":
        return add_months(dt, -3)
    if grain == "month":
        return add_months(dt, -1)
    step = {"week": datetime.timedelta(days=7), "day": datetime.timedelta(days=1),
            "hour": datetime.timedelta(hours=1), "minute": datetime.timedelta(minutes=1),
            "second": datetime.timedelta(seconds=1)}
    return dt - step[grain]


def timex_at_grain(dt, grain):
    """A TIMEX3 value for the `grain` that starts at `dt`."""
    if grain == "year":
        return f"{dt.year:04d}"
    if grain == "quarter":
        return f"{dt.year:04d}-Q{(dt.month - 1) // 3 + 1}"
    if grain == "month":
        return dt.strftime("%Y-%m")
    if grain == "week":
        y, w, _ = dt.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if grain == "day":
        return dt.strftime("%Y-%m-%d")
    if grain == "hour":
        return dt.strftime("%Y-%m-%dT%H:00")
    if grain == "minute":
        return dt.strftime("%Y-%m-%dT%H:%M")
    if grain == "second":
        return dt.strftime("%Y-%m-%dT%H:%M:%S")
    raise BenchError(f"unknown Duckling grain {grain!r}")


# Duckling's Danish seasons (languages/da/rules/time.clj) are day intervals starting on
# these days (`sommer` comes out as 06-21 to 09-24, exclusive).
DUCKLING_SEASONS = {"06-21": "SU", "03-20": "SP", "09-23": "FA", "12-21": "WI"}

DURATION_UNITS = [("year", "Y", False), ("quarter", None, False), ("month", "M", False),
                  ("week", "W", False), ("day", "D", False), ("hour", "H", True),
                  ("minute", "M", True), ("second", "S", True)]


def duckling_value(dim, value):
    """Duckling's exported value as a TIMEX3-style string:

    - a time `value` at its grain: year `2018`, quarter `2018-Q1`, month `2018-03`,
      week `2018-W10` (ISO week of its first day), day `2018-03-08`, hour
      `2018-03-08T14:00`, minute `…T14:30`, second `…T14:30:15`;
    - an interval `from`/`to`: `A/B`, each at the interval's grain, B the last grain
      inside it (Duckling's `to` is the exclusive end instant, so one grain is taken
      off: `fra maj til juni` = from 2024-05-01 to 2024-07-01 = `2024-05/2024-06`); a
      season, which Duckling gives as a day interval of about three months from the
      season's first day (`sommer` = 2024-06-21 to 2024-09-24), as the TIMEX3 season
      of its start year (`2024-SU`); one-sided intervals
      (`før`/`efter`) as `A/..` and `../B`;
    - a duration's fields as an ISO 8601 period: `{year 2}` = `P2Y`, `{hour 3}` =
      `PT3H`, a quarter as three months.
    """
    if dim == "duration":
        date, time = "", ""
        for key, letter, is_time in DURATION_UNITS:
            n = value.get(key)
            if not isinstance(n, int):
                continue
            if key == "quarter":
                date += f"{3 * n}M"
            elif is_time:
                time += f"{n}{letter}"
            else:
                date += f"{n}{letter}"
        if not date and not time:
            raise BenchError(f"Duckling duration without fields: {value}")
        return "P" + date + (("T" + time) if time else "")
    if value.get("type") == "value":
        return timex_at_grain(duckling_local(value["value"]), value["grain"])
    if value.get("type") == "interval":
        a, b = value.get("from"), value.get("to")
        if a and b:
            grain = a["grain"]
            start, end = duckling_local(a["value"]), duckling_local(b["value"])
            season = DUCKLING_SEASONS.get(start.strftime("%m-%d"))
            if grain == "day" and season and 85 <= (end - start).days <= 100:
                return f"{start.year:04d}-{season}"
            return f"{timex_at_grain(start, grain)}/{timex_at_grain(minus_grain(end, grain), grain)}"
        if a:
            return f"{timex_at_grain(duckling_local(a['value']), a['grain'])}/.."
        if b:
            return f"../{timex_at_grain(duckling_local(b['value']), b['grain'])}"
    raise BenchError(f"unexpected Duckling value {value}")


def select_duckling(winners):
    """Duckling's `parse` already drops a candidate that another candidate of the same
    dimension contains (or, with the same span, that scores lower), and a candidate of
    either wanted dimension that a candidate of the other contains; winners that only
    partly overlap, or that cover the same span with different dimensions, are all kept
    (core.clj compare-tokens). Latent winners (Duckling's own flag for guesses that
    need context, e.g. a bare number as a year, `aften` alone) are dropped, as its
    users do. The rest are kept longest first (ties: earlier start, then time before
    duration), each only if it overlaps none already kept, so the spans do not overlap.
    Returns (kept, latent dropped, overlapping dropped)."""
    plain = [w for w in winners if not w["latent"]]
    plain.sort(key=lambda w: (-(w["end"] - w["start"]), w["start"], w["dim"] != "time"))
    kept = []
    for w in plain:
        if all(w["end"] <= k["start"] or k["end"] <= w["start"] for k in kept):
            kept.append(w)
    kept.sort(key=lambda w: (w["start"], w["end"]))
    return kept, len(winners) - len(plain), len(plain) - len(kept)


def run_duckling(jars, script, articles, workdir, java="java"):
    """Runs Duckling over all articles in one JVM. Returns (outputs, counts)."""
    src = os.path.join(workdir, "duckling_input.edn")
    with open(src, "w", encoding="ascii") as f:
        for g in articles:
            dct = dct_for(g.get("date"))
            f.write(f"[{edn_string(g['_key'])} {edn_string(dct) if dct else 'nil'} "
                    f"{edn_string(g['text'])}]\n")
    cmd = [java, "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8",
           "-cp", os.path.join(jars, "*"), "clojure.main", script]
    with open(src, "rb") as stdin:
        proc = subprocess.run(cmd, stdin=stdin, capture_output=True)
    out = proc.stdout.decode("utf-8")
    with open(os.path.join(workdir, "duckling.jsonl"), "w", encoding="utf-8") as f:
        f.write(out)
    if proc.returncode != 0 or "\n{\"done\":" not in "\n" + out:
        raise BenchError(f"Duckling failed (exit {proc.returncode}):\n"
                         + proc.stderr.decode("utf-8", "replace")[-3000:])
    by_key = {g["_key"]: g for g in articles}
    winners = {g["_key"]: [] for g in articles}
    for line in out.splitlines():
        if not line.startswith("{"):
            continue
        rec = json.loads(line, strict=False)
        if "done" in rec:
            if rec["done"] != len(articles):
                raise BenchError(f"Duckling read {rec['done']} articles, not {len(articles)}")
            continue
        g = by_key[rec["article"]]
        cp = utf16_to_code_points(g["text"])
        start, end = cp[rec["start"]], cp[rec["end"]]
        if g["text"][start:end] != rec["body"]:
            raise BenchError(f"Duckling's span {rec['start']}..{rec['end']} in {g['id']} is "
                             f"{g['text'][start:end]!r}, its body {rec['body']!r}")
        winners[rec["article"]].append(
            {"start": start, "end": end, "text": rec["body"], "dim": rec["dim"],
             "latent": rec["latent"], "duckling": rec["value"],
             "value": duckling_value(rec["dim"], rec["value"]), "type": rec["dim"]})
    outputs, counts = {}, {"winners": 0, "latent_dropped": 0, "overlapping_dropped": 0}
    for key, ws in winners.items():
        outputs[key], latent, overlapping = select_duckling(ws)
        counts["winners"] += len(ws)
        counts["latent_dropped"] += latent
        counts["overlapping_dropped"] += overlapping
    counts["kept"] = sum(map(len, outputs.values()))
    counts["dims_kept"] = {}
    for spans in outputs.values():
        for s in spans:
            counts["dims_kept"][s["dim"]] = counts["dims_kept"].get(s["dim"], 0) + 1
    return outputs, counts


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
    ap.add_argument("--duckling-jars", required=True,
                    help="directory with duckling-0.4.23.jar, clojure and the other jars")
    ap.add_argument("--duckling-script", required=True, help="the Clojure script that runs Duckling")
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
    dk_out, dk_counts = run_duckling(args.duckling_jars, args.duckling_script, articles,
                                     workdir, args.java)

    outputs = {"kilde": kilde_out, "HeidelTime auto-danish": ht_out, "Duckling da": dk_out}
    systems = {name: score(articles, out) for name, out in outputs.items()}

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

    rows, extras = details(articles, outputs)
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
        "duckling": {"jars": os.path.relpath(args.duckling_jars),
                     "options": "duckling.core/parse :da$core [:time :duration], reference "
                                "time the article's date 12:00 Europe/Copenhagen; latent "
                                "winners dropped, partial overlaps resolved longest first",
                     **dk_counts},
        "scoring": "kilde eval news rules: overlap one-to-one, largest overlap first; "
                   "values_over_gold counts an unmatched gold time as wrong; values "
                   "normalized (see bench/peer_times.py normalize; Duckling's values "
                   "written as TIMEX3 strings first, duckling_value)",
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
    dc = summary["duckling"]
    print(f"\nDuckling: {dc['winners']} winners of duckling.core/parse, {dc['latent_dropped']} "
          f"latent dropped, {dc['overlapping_dropped']} dropped for overlapping a longer one, "
          f"{dc['kept']} kept {dc['dims_kept']}")
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
        print(f"peer_times: {e}", file=sys.stderr)
        sys.exit(1)
