#!/usr/bin/env python3
"""Writes bench/RESULTS.md from one bench/run.sh run's measurements.

  bench/report.py <results-dir> <RESULTS.md>

<results-dir> holds figures.tsv (key<TAB>value: machine, commit, command, indexing figures),
q_<system>.tsv (class, lang, query, total, ms[, client ms] per timed run), wrk_<n>.txt (wrk
--latency output at n connections) and features.txt (Palermo's feature queries). Percentiles are
nearest-rank over every run of every query of a class.
"""
import math
import os
import re
import statistics
import sys

CLASSES = ["rare", "mid", "common", "AND", "OR", "phrase"]
SYSTEMS = [("palermo_on", "Palermo"), ("palermo_off", "Palermo, crosslang off"),
           ("xapian", "raw Xapian"), ("fts5", "SQLite FTS5")]


def pct(values, p):
    v = sorted(values)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)] if v else float("nan")


def read_runs(path):
    runs = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 5:
                runs.append({"class": f[0], "lang": f[1], "q": f[2], "total": int(f[3]),
                             "ms": float(f[4]), "client": float(f[5]) if len(f) > 5 else None})
    return runs


def fmt(x, digits=1):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if abs(x) >= 10000:
        return f"{x:,.0f}"
    if digits == 1 and abs(x) < 10:
        digits = 2
    return f"{x:,.{digits}f}"


def ratio(a, b):
    return "–" if not a or not b or math.isnan(a) or math.isnan(b) else f"{a / b:.2f}"


def wrk_figures(path):
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    lat = {p: float(v) * unit[u] for p, v, u in re.findall(r"^\s+(50|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)}
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:(.*)", text)
    total = re.search(r"(\d+) requests in", text)
    return {"rps": float(rps.group(1)) if rps else float("nan"), "lat": lat,
            "bad": int(bad.group(1)) if bad else 0, "errors": errors.group(1).strip() if errors else "",
            "requests": int(total.group(1)) if total else 0}


def summary(fig, runs, results, paragraphs, text_bytes, num):
    """The headline table (README's benchmark section copies it)."""
    def p(s, q):
        return pct([r["ms"] for r in runs[s]], q)
    rate = {s: paragraphs / num(f"{s}_index_seconds") for s in ("palermo", "xapian", "fts5")}
    size = {s: num(f"{s}_size") / text_bytes for s in ("palermo", "xapian", "fts5")}
    comp = {s: num(f"{s}_size_compact") / text_bytes for s in ("palermo", "xapian")}
    rss = {s: num(f"{s}_rss_kb") / 1024 for s in ("palermo", "xapian", "fts5")}
    wrk = [wrk_figures(os.path.join(results, f"wrk_{c}.txt")) for c in (1, 8, 32)]
    rows = [
        f"| {fmt(paragraphs, 0)} paragraphs | Palermo | raw Xapian (TermGenerator, BM25, 4 ValueCountMatchSpy) | SQLite FTS5 |",
        "|---|---|---|---|",
        f"| indexing, paragraphs/s | {fmt(rate['palermo'], 0)} | {fmt(rate['xapian'], 0)} | {fmt(rate['fts5'], 0)} |",
        f"| index size × text bytes | {fmt(size['palermo'], 2)} ({fmt(comp['palermo'], 2)} compacted) | "
        f"{fmt(size['xapian'], 2)} ({fmt(comp['xapian'], 2)}) | {fmt(size['fts5'], 2)} |",
        f"| indexer peak RSS, MiB | {fmt(rss['palermo'], 0)} | {fmt(rss['xapian'], 0)} | {fmt(rss['fts5'], 0)} |",
        f"| query + exact facets, p50 / p99 ms (server side) | {fmt(p('palermo_on', 50))} / {fmt(p('palermo_on', 99))} | "
        f"{fmt(p('xapian', 50))} / {fmt(p('xapian', 99))} | {fmt(p('fts5', 50))} / {fmt(p('fts5', 99))} |",
        f"| same, crosslang off | {fmt(p('palermo_off', 50))} / {fmt(p('palermo_off', 99))} | | |",
    ]
    if all(wrk):
        rows.append("| HTTP requests/s at 1 / 8 / 32 connections (wrk, query mix) | "
                    + " / ".join(fmt(f["rps"], 0) for f in wrk) + " | | |")
    return "\n".join(rows)


def targets(fig, runs, results, paragraphs, text_bytes, num):
    """Issue 10's targets, each with this run's figure and whether it holds."""
    def p(s, q):
        return pct([r["ms"] for r in runs[s]], q)
    rate = {s: paragraphs / num(f"{s}_index_seconds") for s in ("palermo", "xapian")}
    w8 = wrk_figures(os.path.join(results, "wrk_8.txt"))
    rows = [  # what, measured, limit, holds when measured <= limit (True) or >= limit (False)
        ("query p50 ÷ raw Xapian's p50", p("palermo_on", 50) / p("xapian", 50), 0.5, True),
        ("query p99 ÷ raw Xapian's p99", p("palermo_on", 99) / p("xapian", 99), 1.0, True),
        ("crosslang on ÷ off, p50", p("palermo_on", 50) / p("palermo_off", 50), 1.3, True),
        ("crosslang on ÷ off, p99", p("palermo_on", 99) / p("palermo_off", 99), 1.3, True),
        ("HTTP requests/s at 8 connections", w8["rps"] if w8 else float("nan"), 200, False),
        ("indexing paragraphs/s ÷ raw Xapian's", rate["palermo"] / rate["xapian"], 1.0, False),
        ("index size × text bytes, before compaction", num("palermo_size") / text_bytes, 4.0, True),
        ("indexer peak RSS, MiB", num("palermo_rss_kb") / 1024, 1024, True),
    ]
    out = ["| target | measured | limit | holds |", "|---|---|---|---|"]
    for what, value, limit, at_most in rows:
        holds = "–" if math.isnan(value) else ("yes" if (value <= limit if at_most else value >= limit) else "**no**")
        out.append(f"| {what} | {fmt(value, 2)} | {'≤' if at_most else '≥'} {fmt(limit, 1 if limit < 10 else 0)} | {holds} |")
    return "\n".join(out)


def main():
    results, out = sys.argv[1], sys.argv[2]
    fig = {}
    for line in open(os.path.join(results, "figures.tsv"), encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition("\t")
        fig[k] = v
    num = lambda k: float(fig[k]) if fig.get(k) not in (None, "") else float("nan")
    runs = {s: read_runs(os.path.join(results, f"q_{s}.tsv")) for s, _ in SYSTEMS}
    text_bytes = num("text_bytes")
    paragraphs = num("paragraphs")

    w = []
    w.append("# Benchmark results\n")
    w.append(f"Written by `bench/run.sh` on {fig.get('date')}; measured commit `{fig.get('commit')}`"
             f" ({fig.get('build_type')} build). Command:\n\n```\n{fig.get('command')}\n```\n")
    w.append(f"Machine: {fig.get('nproc')} cores ({fig.get('cpu')}), {fig.get('ram')} RAM, "
             f"{fig.get('os')}. Load average at the start: {fig.get('load_start')}, at the end: "
             f"{fig.get('load_end')}.")
    if fig.get("note"):
        w.append(f"\n**{fig['note']}**")
    w.append("")
    w.append(f"Corpus: `bench/generate.py --paragraphs {fig.get('requested')} --seed {fig.get('seed')}`: "
             f"{fig.get('documents')} documents in Spanish and English, {fmt(paragraphs, 0)} paragraphs "
             f"(Palermo's indexer counts {fig.get('palermo_paragraphs')}), {fmt(text_bytes / 1e6)} MB of "
             f"paragraph text ({fmt(num('markdown_bytes') / 1e6)} MB of Markdown), {fmt(num('fts5_terms'), 0)} distinct "
             f"words (FTS5's vocabulary). Queries: "
             f"`bench/queries.txt` (50: rare, mid, common, AND, OR, phrase; both languages), "
             f"{fig.get('repeats')} timed runs each after one warm-up run.\n")

    w.append("## Summary\n")
    w.append(summary(fig, runs, results, paragraphs, text_bytes, num))
    w.append("")
    w.append("## Issue 10's targets\n")
    w.append("The issue sets them for 1,000,000 paragraphs (HTTP: 200,000); at another size they "
             "are indicative only.\n")
    w.append(targets(fig, runs, results, paragraphs, text_bytes, num))
    w.append("")
    w.append("## Indexing\n")
    w.append("Paragraphs/s count the generated paragraphs for every system (the same text). Size × text "
             "is the index's bytes over the paragraphs' plain-text bytes; compacted with "
             "`xapian-compact`. Peak RSS from `/usr/bin/time -v`.\n")
    w.append("| | Palermo | raw Xapian | SQLite FTS5 | Palermo ÷ raw Xapian | Palermo ÷ FTS5 |")
    w.append("|---|---|---|---|---|---|")
    rate = {s: paragraphs / num(f"{s}_index_seconds") for s in ("palermo", "xapian", "fts5")}
    w.append(f"| indexing, paragraphs/s | {fmt(rate['palermo'], 0)} | {fmt(rate['xapian'], 0)} | "
             f"{fmt(rate['fts5'], 0)} | {ratio(rate['palermo'], rate['xapian'])} | {ratio(rate['palermo'], rate['fts5'])} |")
    cpu = {s: paragraphs / num(f"{s}_index_cpu_seconds") for s in ("palermo", "xapian", "fts5")}
    w.append(f"| same, per CPU second (user + system) | {fmt(cpu['palermo'], 0)} | {fmt(cpu['xapian'], 0)} | "
             f"{fmt(cpu['fts5'], 0)} | {ratio(cpu['palermo'], cpu['xapian'])} | {ratio(cpu['palermo'], cpu['fts5'])} |")
    w.append(f"| indexing, seconds | {fmt(num('palermo_index_seconds'))} | {fmt(num('xapian_index_seconds'))} | "
             f"{fmt(num('fts5_index_seconds'))} | | |")
    size = {s: num(f"{s}_size") / text_bytes for s in ("palermo", "xapian", "fts5")}
    comp = {s: num(f"{s}_size_compact") / text_bytes for s in ("palermo", "xapian")}
    w.append(f"| index size × text bytes | {fmt(size['palermo'], 2)} | {fmt(size['xapian'], 2)} | "
             f"{fmt(size['fts5'], 2)} | {ratio(size['palermo'], size['xapian'])} | {ratio(size['palermo'], size['fts5'])} |")
    w.append(f"| same, compacted | {fmt(comp['palermo'], 2)} | {fmt(comp['xapian'], 2)} | | "
             f"{ratio(comp['palermo'], comp['xapian'])} | |")
    rss = {s: num(f"{s}_rss_kb") / 1024 for s in ("palermo", "xapian", "fts5")}
    w.append(f"| indexer peak RSS, MiB | {fmt(rss['palermo'], 0)} | {fmt(rss['xapian'], 0)} | "
             f"{fmt(rss['fts5'], 0)} | {ratio(rss['palermo'], rss['xapian'])} | {ratio(rss['palermo'], rss['fts5'])} |")
    w.append("")

    w.append("## Queries with exact total and facet counts (server side, ms)\n")
    w.append("Palermo: `GET /api/search?q=…&size=10` (top 10, exact total, all facets), time from "
             "its Server-Timing header, answer cache off. raw Xapian: QueryParser, BM25, top 10, exact counts of 4 "
             "facets with ValueCountMatchSpy (`check_at_least` = document count). FTS5: top 10 by "
             "bm25() plus one GROUP BY of the 4 facets over the matches. Each cell p50 / p90 / p99.\n")
    head = "| class | " + " | ".join(name for _, name in SYSTEMS) + \
        " | p50, p99 Palermo ÷ raw Xapian | p50, p99 Palermo ÷ FTS5 | p50 crosslang on ÷ off |"
    w.append(head)
    w.append("|" + "---|" * (len(SYSTEMS) + 4))
    for cls in CLASSES + ["all"]:
        cells = []
        p = {}
        for s, _ in SYSTEMS:
            ms = [r["ms"] for r in runs[s] if cls == "all" or r["class"] == cls]
            p[s] = (pct(ms, 50), pct(ms, 90), pct(ms, 99))
            cells.append(" / ".join(fmt(x) for x in p[s]))
        label = f"**{cls}**" if cls == "all" else cls
        w.append(f"| {label} | " + " | ".join(cells) +
                 f" | {ratio(p['palermo_on'][0], p['xapian'][0])}, {ratio(p['palermo_on'][2], p['xapian'][2])}"
                 f" | {ratio(p['palermo_on'][0], p['fts5'][0])}, {ratio(p['palermo_on'][2], p['fts5'][2])}"
                 f" | {ratio(p['palermo_on'][0], p['palermo_off'][0])} |")
    w.append("")
    w.append("Matches per query class (median of the queries' totals): the systems analyse text "
             "differently (Palermo: its own tokenizer, stemming, accentless variants and, with "
             "crosslang, glossary translations; raw Xapian: TermGenerator/QueryParser stemming of the "
             "query's language; FTS5: no stemming), so their match sets differ in size.\n")
    w.append("| class | " + " | ".join(name for _, name in SYSTEMS) + " |")
    w.append("|" + "---|" * (len(SYSTEMS) + 1))
    for cls in CLASSES:
        cells = []
        for s, _ in SYSTEMS:
            per_query = {r["q"]: r["total"] for r in runs[s] if r["class"] == cls}
            cells.append(fmt(statistics.median(per_query.values()), 0) if per_query else "–")
        w.append(f"| {cls} | " + " | ".join(cells) + " |")
    w.append("")
    client = [r["client"] - r["ms"] for r in runs["palermo_on"] if r["client"] is not None]
    if client:
        w.append(f"Client-side time over server-side time, fresh connection per request (Python "
                 f"http.client): median +{fmt(pct(client, 50))} ms, p90 +{fmt(pct(client, 90))} ms.\n")

    w.append("## HTTP throughput (wrk, keep-alive, the 50-query mix cycling)\n")
    w.append(f"`wrk -t<min(c,2)> -c<c> -d{fig.get('wrk_seconds')}s --latency -s bench/wrk_queries.lua`, "
             "Palermo with crosslang on and its answer cache off (`serve --cached-answers 0`) except in the "
             "last row; latency as the client sees it. wrk runs on the same cores as the server.\n")
    w.append("| connections | requests/s | p50 ms | p90 ms | p99 ms | requests | errors |")
    w.append("|---|---|---|---|---|---|---|")
    for c, name in ((1, "wrk_1"), (8, "wrk_8"), (32, "wrk_32"), ("8, answer cache on", "wrk_8_cached")):
        f = wrk_figures(os.path.join(results, f"{name}.txt"))
        if f:
            err = ", ".join(x for x in (f"{f['bad']} non-2xx" if f["bad"] else "", f["errors"]) if x) or "0"
            w.append(f"| {c} | {fmt(f['rps'])} | {fmt(f['lat'].get('50'))} | {fmt(f['lat'].get('90'))} | "
                     f"{fmt(f['lat'].get('99'))} | {f['requests']} | {err} |")
    health = [(c, wrk_figures(os.path.join(results, f"wrk_health_{c}.txt"))) for c in (1,)]
    for c, f in health:
        if f:
            w.append(f"\n`/api/health` on one keep-alive connection: p50 {fmt(f['lat'].get('50'), 2)} ms, "
                     f"{fmt(f['rps'])} requests/s (a health probe: an uncached search and a paragraph read, so that it says the index answers; not the HTTP layer alone).")
    w.append("")
    feat = os.path.join(results, "features.txt")
    if os.path.exists(feat):
        w.append("## Palermo's features on the same corpus (server side, ms)\n")
        w.append("Each row timed as written and with `crosslang=off`; median / p90 of the repeats.\n")
        w.append("```")
        w.append(open(feat, encoding="utf-8").read().rstrip())
        w.append("```\n")
    for name, title in (("profile_search", "Profile: Palermo's server over the queries (crosslang on)"),
                        ("profile_index", "Profile: Palermo's indexer")):
        path = os.path.join(results, f"{name}.txt")
        if os.path.exists(path):
            w.append(f"## {title}\n")
            w.append("`perf record -g`, flat by symbol (samples in the symbol itself), from `--profile`.\n")
            w.append("```")
            w.append(open(path, encoding="utf-8").read().rstrip())
            w.append("```\n")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(w) + "\n")


if __name__ == "__main__":
    main()
