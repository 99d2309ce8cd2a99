#!/usr/bin/env bash
# Scale-out benchmark: the same generated corpus as one index, as 2 and 4 local shards
# (palermo-index --shards) and as 2 remote shards served by xapian-tcpsrv on loopback; per
# layout the indexing time, the 50 queries (p50/p90/p99, server side, answer cache off) and HTTP
# requests/s at 8 connections (wrk). Checks on the way that every layout gives the same totals.
# Writes bench/SHARDS.md (or --out). Not a test: figures on a shared machine are noisy.
#
#   bench/shards.sh [--paragraphs 20000] [--repeats 3] [--wrk-seconds 15] [--seed 1]
#                   [--out bench/SHARDS.md] [--work DIR] [--note TEXT] [--index-only | --reuse-indexes]
#
#   --index-only     generate and index every layout in --work DIR, then stop (each layout's
#                    indexing seconds kept beside it in DIR/<layout>.seconds)
#   --reuse-indexes  measure the indexes an earlier --index-only run left in --work DIR: index
#                    while the machine is busy, measure queries when it is quiet
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
command_line="bench/shards.sh $*"
paragraphs=20000 repeats=3 wrk_seconds=15 seed=1 out=bench/SHARDS.md work="" note="" stage=all
while [ $# -gt 0 ]; do
  case $1 in
    --paragraphs) paragraphs=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --wrk-seconds) wrk_seconds=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --note) note=$2; shift 2 ;;
    --index-only) stage=index; shift ;;
    --reuse-indexes) stage=measure; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench/shards.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$stage" != all ] && [ -z "$work" ]; then
  echo "bench/shards.sh: --index-only and --reuse-indexes need --work DIR (where the indexes stay)" >&2; exit 2
fi
. bench/common.sh
bench_install wrk xapian-tools time python3
bench_build palermo-index palermo-search
bin=$root/build/bin
bench_work_dir "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  $cleanup_work && rm -rf "$work"
  return 0
}
trap cleanup EXIT
res=$work/shard-results
rm -rf "$res" && mkdir -p "$res"

gen=$work/gen-$paragraphs-$seed
if [ ! -f "$gen/paragraphs.tsv" ]; then
  log "generating $paragraphs paragraphs"
  python3 bench/generate.py --paragraphs "$paragraphs" --seed "$seed" --out "$gen"
fi
queries=bench/queries.txt

# seconds <command...>: wall seconds of the command; a failing command stops the run with its error.
seconds() {
  local TIMEFORMAT=%R took
  if ! took=$({ time "$@" >/dev/null 2>"$res/command.err"; } 2>&1); then
    echo "bench/shards.sh: failed: $*" >&2
    cat "$res/command.err" >&2
    exit 1
  fi
  echo "$took"
}

# measure <layout> <db>: serve <db>, time the queries and wrk; one line per layout in rows.tsv.
measure() {
  local layout=$1 db=$2
  "$bin/palermo-search" serve --db "$db" --port 0 --cached-answers 0 --data-dir "$root" --web-dir "$root/web" \
    >"$res/$layout.serve.out" 2>"$res/$layout.serve.log" &
  local server=$!
  pids+=("$server")
  # Ready when it names its address: the index is opened (and, for remote shards, the facet
  # columns read over the network) first. That start is timed too.
  local started; started=$(date +%s.%N)
  for _ in $(seq 6000); do grep -q serving "$res/$layout.serve.out" 2>/dev/null && break; sleep 0.1; done
  local start_s; start_s=$(python3 -c "import time; print(f'{time.time() - $started:.1f}')")
  local url; url=$(sed -n 's/^palermo-search: serving //p' "$res/$layout.serve.out" | head -1)
  python3 bench/palermo_client.py "$url" "$queries" 1 >/dev/null
  python3 bench/palermo_client.py "$url" "$queries" "$repeats" >"$res/$layout.q.tsv"
  QUERIES=$root/$queries wrk -t2 -c8 -d"${wrk_seconds}s" --latency -s bench/wrk_queries.lua "$url" >"$res/$layout.wrk.txt" 2>&1 || true
  kill "$server"; wait "$server" 2>/dev/null || true
  # The totals of every query, to check the layouts agree.
  cut -f3,4 "$res/$layout.q.tsv" | sort -u >"$res/$layout.totals"
  python3 - "$layout" "$res/$layout.q.tsv" "$res/$layout.wrk.txt" "${3:-}" "$start_s" >>"$res/rows.tsv" <<'PY'
import re, statistics, sys
layout, q, wrk, index_s, start_s = sys.argv[1:6]
ms = sorted(float(l.split("\t")[4]) for l in open(q, encoding="utf-8"))
def pct(p): return ms[min(len(ms) - 1, int(round(p / 100 * (len(ms) - 1))))]
rps = re.search(r"Requests/sec:\s*([\d.]+)", open(wrk).read())
print(f"{layout}\t{index_s}\t{start_s}\t{pct(50):.1f}\t{pct(90):.1f}\t{pct(99):.1f}\t{rps.group(1) if rps else 'n/a'}")
PY
}

# index <layout> <palermo-index options...>: builds the layout in $work/<layout> and keeps its
# indexing seconds in $work/<layout>.seconds; with --reuse-indexes only reads them back.
index() {
  local layout=$1; shift
  if [ "$stage" = measure ]; then
    [ -f "$work/$layout.seconds" ] || { echo "bench/shards.sh: no $work/$layout.seconds: run --index-only first" >&2; exit 1; }
  else
    log "indexing: $layout"
    seconds "$bin/palermo-index" --corpus "$gen/corpus" --db "$work/$layout" --rebuild --data-dir "$root" "$@" >"$work/$layout.seconds"
  fi
  cat "$work/$layout.seconds"
}
t1=$(index single)
t2=$(index shards2 --shards 2)
t4=$(index shards4 --shards 4)
if [ "$stage" = index ]; then log "indexes left in $work; measure them with --reuse-indexes"; exit 0; fi

log "queries: one index"; measure single "$work/single" "$t1"
log "queries: 2 local shards"; measure local2 "$work/shards2" "$t2"
log "queries: 4 local shards"; measure local4 "$work/shards4" "$t4"
log "queries: 2 remote shards (xapian-tcpsrv on loopback)"
stub=$work/remote2.stub
: >"$stub"
for i in 0 1; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$work/shards2/shard-0$i" >/dev/null 2>&1 &
  pids+=("$!")
  echo "remote 127.0.0.1:$port" >>"$stub"
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
done
measure remote2 "$stub" "$t2"

same=yes
for l in local2 local4 remote2; do cmp -s "$res/single.totals" "$res/$l.totals" || same="NO: $l differs (see $res)"; done
{
  echo "# Scale-out benchmark"
  echo
  [ -n "$note" ] && echo "**$note**" && echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
  echo "- machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- command: \`$command_line\`"
  echo "- corpus: $(wc -l <"$gen/paragraphs.tsv") paragraphs (bench/generate.py, seed $seed); queries: bench/queries.txt, $repeats timed runs each, server side (Server-Timing), answer cache off; wrk: 8 connections, ${wrk_seconds} s, the same mix"
  echo "- every layout gave the same total for every query: $same"
  echo
  echo "| layout | indexing s | server start s | query p50 ms | p90 ms | p99 ms | HTTP req/s (8 conn) |"
  echo "|---|---|---|---|---|---|---|"
  while IFS=$'\t' read -r layout index_s start_s p50 p90 p99 rps; do
    echo "| $layout | $(printf '%.1f' "$index_s") | $start_s | $p50 | $p90 | $p99 | $rps |"
  done <"$res/rows.tsv"
} >"$out"
cat "$out"
