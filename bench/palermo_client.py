#!/usr/bin/env python3
"""Times the benchmark's queries through Palermo's HTTP API.

  bench/palermo_client.py <base-url> <queries.tsv> <repeats> [extra=value&...]

Per query, <repeats> times GET /api/search?q=…&size=10[&extra] on a fresh connection (so no
keep-alive effect enters the client figure; wrk measures keep-alive). Prints one line per run:
"class<TAB>lang<TAB>query<TAB>total<TAB>server ms<TAB>client ms", the server time read from the
Server-Timing header (app;dur=…), the total from the JSON body (exact: the API counts every match).
A request that fails stops the run: a benchmark over error pages would measure nothing.
"""
import http.client
import json
import sys
import time
import urllib.parse


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    url = urllib.parse.urlsplit(sys.argv[1])
    extra = ("&" + sys.argv[4]) if len(sys.argv) == 5 and sys.argv[4] else ""
    repeats = int(sys.argv[3])
    for line in open(sys.argv[2], encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        cls, lang, q = line.rstrip("\n").split("\t")
        path = "/api/search?" + urllib.parse.urlencode({"q": q, "size": 10}) + extra
        for _ in range(repeats):
            start = time.perf_counter()
            conn = http.client.HTTPConnection(url.hostname, url.port)
            conn.request("GET", path)
            res = conn.getresponse()
            body = res.read()
            client_ms = (time.perf_counter() - start) * 1000
            conn.close()
            if res.status != 200:
                sys.exit(f"palermo_client: {res.status} for {path}: {body[:300]!r}")
            timing = res.getheader("Server-Timing") or ""
            server_ms = float(timing.split("dur=")[1]) if "dur=" in timing else json.loads(body)["took_ms"]
            total = json.loads(body)["total"]
            print(f"{cls}\t{lang}\t{q}\t{total}\t{server_ms:.3f}\t{client_ms:.3f}")


if __name__ == "__main__":
    main()
