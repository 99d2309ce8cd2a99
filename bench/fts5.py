#!/usr/bin/env python3
"""The SQLite FTS5 baseline of the benchmark.

  bench/fts5.py index <paragraphs.tsv> <db>
  bench/fts5.py query <db> <queries.tsv> <repeats>

index: one row per paragraph of bench/generate.py's paragraphs.tsv in an FTS5 table (tokenizer
`unicode61 remove_diacritics 2`, no stemming: FTS5 has none built in), the facets as UNINDEXED
columns. Prints "paragraphs <n> seconds <s>".
query: per query, <repeats> times: top 10 by bm25() and the exact total and counts of the four
facets (session, body, kind, lang) from one GROUP BY over the matches. Prints one line per run:
"class<TAB>lang<TAB>query<TAB>total<TAB>ms". Queries are written in Palermo's syntax (words,
AND, OR, "phrases"); words are quoted for FTS5, operators and phrases kept.
"""
import re
import sqlite3
import sys
import time


def index(tsv, path):
    start = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("DROP TABLE IF EXISTS p")
    db.execute("CREATE VIRTUAL TABLE p USING fts5(text, doc UNINDEXED, lang UNINDEXED, "
               "session UNINDEXED, body UNINDEXED, kind UNINDEXED, "
               "tokenize = 'unicode61 remove_diacritics 2')")

    def rows():
        with open(tsv, encoding="utf-8") as f:
            for line in f:
                doc, lang, session, body, kind, text = line.rstrip("\n").split("\t", 5)
                yield text, doc, lang, session, body, kind

    db.executemany("INSERT INTO p(text, doc, lang, session, body, kind) VALUES (?, ?, ?, ?, ?, ?)", rows())
    db.commit()
    n = db.execute("SELECT count(*) FROM p").fetchone()[0]
    db.execute("INSERT INTO p(p) VALUES ('optimize')")  # one segment, as a served index would be
    db.commit()
    seconds = time.perf_counter() - start
    # The vocabulary's size shows the generator's growth with corpus size (not timed).
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(p, 'row')")
    terms = db.execute("SELECT count(*) FROM v").fetchone()[0]
    db.execute("DROP TABLE v")
    db.close()
    print(f"paragraphs {n} seconds {seconds:.3f} terms {terms}")


def fts_query(q):
    """Palermo's syntax -> FTS5's: quoted words and phrases, AND/OR kept."""
    out = []
    for m in re.finditer(r'"[^"]*"|\S+', q):
        t = m.group(0)
        if t in ("AND", "OR", "NOT"):
            out.append(t)
        else:
            out.append('"' + t.strip('"').replace('"', "") + '"')
    return " ".join(out)


def query(path, queries, repeats):
    db = sqlite3.connect(path)
    for line in open(queries, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cls, lang, q = line.rstrip("\n").split("\t")
        match = fts_query(q)
        for _ in range(repeats):
            start = time.perf_counter()
            top = db.execute("SELECT rowid, bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT 10",
                             (match,)).fetchall()
            facets = [{}, {}, {}, {}]
            total = 0
            for row in db.execute("SELECT session, body, kind, lang, count(*) FROM p WHERE p MATCH ? "
                                  "GROUP BY session, body, kind, lang", (match,)):
                n = row[4]
                total += n
                for i in range(4):
                    facets[i][row[i]] = facets[i].get(row[i], 0) + n
            ms = (time.perf_counter() - start) * 1000
            assert len(top) == min(10, total)
            print(f"{cls}\t{lang}\t{q}\t{total}\t{ms:.3f}")


def main():
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "index":
        index(a[1], a[2])
    elif len(a) == 4 and a[0] == "query":
        query(a[1], a[2], int(a[3]))
    else:
        sys.exit("usage: fts5.py index <paragraphs.tsv> <db> | query <db> <queries.tsv> <repeats>")


if __name__ == "__main__":
    main()
