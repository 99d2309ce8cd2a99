#!/usr/bin/env bash
# The benchmark: Palermo, raw Xapian and SQLite FTS5 side by side, in ONE run, on the same
# generated corpus and the same 50 queries. Writes bench/RESULTS.md (or --out). Not a test:
# nothing here passes or fails; figures on a shared machine are noisy.
#
#   bench/run.sh [--paragraphs 20000] [--repeats 5] [--wrk-seconds 20] [--seed 1]
#                [--out bench/RESULTS.md] [--work DIR] [--note TEXT] [--profile]
#
#   --paragraphs   size of the corpus (bench/generate.py; both languages together)
#   --repeats      timed runs per query and system (after one warm-up run)
#   --wrk-seconds  length of each wrk run (1, 8 and 32 connections)
#   --work DIR     keep corpus, indexes and raw measurements in DIR (default: a temporary folder,
#                  removed at the end); an existing DIR/gen-<paragraphs>-<seed> corpus is reused
#   --note TEXT    a line printed in bold in RESULTS.md (e.g. "the machine was shared")
#   --profile      also profile with perf (flat, by symbol) Palermo's indexer (one more, untimed
#                  indexing of the corpus) and its server (one more, untimed pass of the queries,
#                  crosslang on); the top symbols go into RESULTS.md
#
# Steps: install what the benchmark alone needs (wrk, xapian-tools, time, python3) when missing;
# build palermo-index, palermo-search and raw-xapian in build/; generate the corpus; index it with
# each system under /usr/bin/time -v; compact the Xapian indexes with xapian-compact; time the
# queries (Palermo through `palermo-search serve` and its API, crosslang on and off; the peers in
# process); wrk at 1, 8 and 32 connections; Palermo's feature queries (glossary terms typed as
# words and quoted, "recommendations on X", filters, Protocol names, citations, wildcards); all
# with the server's answer cache off (--cached-answers 0), then wrk at 8 connections once more
# with the cache on; bench/report.py writes the tables.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
command_line="bench/run.sh"
for a in "$@"; do
  case $a in *[[:space:]]*) command_line+=" '$a'" ;; *) command_line+=" $a" ;; esac
done

paragraphs=20000 repeats=5 wrk_seconds=20 seed=1 out=bench/RESULTS.md work="" note="" profile=false
while [ $# -gt 0 ]; do
  case $1 in
    --paragraphs) paragraphs=$2; shift 2 ;;
    --repeats) repeats=$2; shift 2 ;;
    --wrk-seconds) wrk_seconds=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --note) note=$2; shift 2 ;;
    --profile) profile=true; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

. bench/common.sh
bench_packages=(wrk xapian-tools time python3)
$profile && bench_packages+=(linux-perf)
bench_install "${bench_packages[@]}"
bench_build palermo-index palermo-search raw-xapian
bin=build/bin
bench_work_dir "$work"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  $cleanup_work && rm -rf "$work"
  return 0
}
trap cleanup EXIT
results=$work/results
rm -rf "$results" "$work/serve.out" "$work/palermo-profiled" "$work/palermo" "$work/palermo-compact" "$work/xapian" "$work/xapian-compact" "$work/fts5.db"
mkdir -p "$results"
fig() { printf '%s\t%s\n' "$1" "$2" >>"$results/figures.tsv"; }

fig date "$(date -u '+%Y-%m-%d %H:%M UTC')"
fig commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ":!$out" || echo ' + uncommitted changes')"
fig command "$command_line"
fig build_type "$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' build/CMakeCache.txt)"
fig nproc "$(nproc)"
fig cpu "$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
fig ram "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
fig os "$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -r)"
fig load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
fig note "$note"
fig requested "$paragraphs"
fig seed "$seed"
fig repeats "$repeats"
fig wrk_seconds "$wrk_seconds"

gen=$work/gen-$paragraphs-$seed
if [ ! -f "$gen/paragraphs.tsv" ]; then
  log "generating $paragraphs paragraphs"
  python3 bench/generate.py --paragraphs "$paragraphs" --seed "$seed" --out "$gen"
fi
fig paragraphs "$(wc -l <"$gen/paragraphs.tsv")"
fig documents "$(($(ls "$gen/corpus" | wc -l) / 2))"
fig text_bytes "$(cut -f6 "$gen/paragraphs.tsv" | wc -c)"
# find, not a glob: a million paragraphs are 32,000 files, past the argument-list limit.
fig markdown_bytes "$(find "$gen/corpus" -name '*.md' -exec cat {} + | wc -c)"

# timed <name> <command...>: wall seconds and peak RSS of the command under /usr/bin/time -v.
timed() {
  local name=$1; shift
  /usr/bin/time -v -o "$results/$name.time" "$@" >"$results/$name.out"
  fig "${name}_seconds" "$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$results/$name.time")"
  fig "${name%_index}_rss_kb" "$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$results/$name.time")"
  fig "${name}_cpu_seconds" "$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$results/$name.time")"
}
size_of() { du -sb "$1" | cut -f1; }
# flat_profile <perf.data> <out>: the symbols with the most samples of their own, one line each.
flat_profile() {
  perf report -i "$1" --no-children --stdio --sort dso,symbol -g none --percent-limit 1 2>/dev/null |
    grep -v '^#' | grep '%' | cut -c1-160 | sed 's/ *$//' | head -25 >"$2"
}

log "indexing: Palermo"
timed palermo_index "$bin/palermo-index" --corpus "$gen/corpus" --db "$work/palermo" --rebuild
fig palermo_paragraphs "$(sed -n 's/.*paragraphs written \([0-9]*\).*/\1/p' "$results/palermo_index.out")"
fig palermo_size "$(size_of "$work/palermo")"
xapian-compact "$work/palermo" "$work/palermo-compact" >/dev/null
fig palermo_size_compact "$(size_of "$work/palermo-compact")"
rm -rf "$work/palermo-compact"

log "indexing: raw Xapian"
timed xapian_index "$bin/raw-xapian" index "$gen/paragraphs.tsv" "$work/xapian"
fig xapian_size "$(size_of "$work/xapian")"
xapian-compact "$work/xapian" "$work/xapian-compact" >/dev/null
fig xapian_size_compact "$(size_of "$work/xapian-compact")"
rm -rf "$work/xapian-compact"

log "indexing: SQLite FTS5"
timed fts5_index python3 bench/fts5.py index "$gen/paragraphs.tsv" "$work/fts5.db"
fig fts5_size "$(size_of "$work/fts5.db")"
fig fts5_terms "$(sed -n 's/.* terms \([0-9]*\).*/\1/p' "$results/fts5_index.out")"

queries=bench/queries.txt
log "queries: raw Xapian"
"$bin/raw-xapian" query "$work/xapian" "$queries" 1 >/dev/null
"$bin/raw-xapian" query "$work/xapian" "$queries" "$repeats" >"$results/q_xapian.tsv"
log "queries: SQLite FTS5"
python3 bench/fts5.py query "$work/fts5.db" "$queries" 1 >/dev/null
python3 bench/fts5.py query "$work/fts5.db" "$queries" "$repeats" >"$results/q_fts5.tsv"

log "queries: Palermo"
# serve [options]: starts palermo-search serve on a free port; sets $server and $url.
serve() {
  rm -f "$work/serve.out"
  mkfifo "$work/serve.out"
  "$bin/palermo-search" serve --db "$work/palermo" --port 0 "$@" >"$work/serve.out" 2>>"$results/serve.log" &
  server=$!
  exec 3<"$work/serve.out"
  read -r line <&3
  exec 3<&-
  url=${line#palermo-search: serving }
}
stop_server() { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; server=""; }
# No answer cache: each repeat, and each cycle of wrk's query mix, is timed as a new search.
serve --cached-answers 0
python3 bench/palermo_client.py "$url" "$queries" 1 >/dev/null
python3 bench/palermo_client.py "$url" "$queries" "$repeats" >"$results/q_palermo_on.tsv"
python3 bench/palermo_client.py "$url" "$queries" 1 "crosslang=off" >/dev/null
python3 bench/palermo_client.py "$url" "$queries" "$repeats" "crosslang=off" >"$results/q_palermo_off.tsv"

if $profile; then
  log "profiling: Palermo's server over the queries"
  perf record -F 999 -g -p "$server" -o "$work/perf-search.data" 2>/dev/null &
  perf_pid=$!
  sleep 1
  python3 bench/palermo_client.py "$url" "$queries" 2 >/dev/null
  kill -INT "$perf_pid"; wait "$perf_pid" || true
  flat_profile "$work/perf-search.data" "$results/profile_search.txt"
fi

log "HTTP: wrk"
for c in 1 8 32; do
  QUERIES=$root/$queries wrk -t"$((c < 2 ? c : 2))" -c"$c" -d"${wrk_seconds}s" --latency \
    -s bench/wrk_queries.lua "$url" >"$results/wrk_$c.txt" 2>&1 || true
done
wrk -t1 -c1 -d5s --latency "$url/api/health" >"$results/wrk_health_1.txt" 2>&1 || true

log "Palermo's feature queries"
# Each row: a label and the query string; timed as written and with crosslang=off.
features=(
  "words, glossary, subject: trata de pers.|q=trata%20de%20personas"
  "same, quoted (phrase)|q=%22trata%20de%20personas%22"
  "same in English: trafficking in persons|q=trafficking%20in%20persons"
  "words, glossary, subject: asistencia t.|q=asistencia%20t%C3%A9cnica"
  "phrase|q=%22asistencia%20t%C3%A9cnica%22"
  "3 words, glossary: delincuencia org. tr.|q=delincuencia%20organizada%20transnacional"
  "recomendaciones sobre asistencia t.|q=recomendaciones%20sobre%20asistencia%20t%C3%A9cnica"
  "recommendations on technical assistance|q=recommendations%20on%20technical%20assistance"
  "words + 2 filters (disjunctive facets)|q=trata%20de%20personas&body=WG.4&lang=es"
  "filters only|q=&session=12&lang=es"
  "Protocol name alone|q=Protocolo%20contra%20la%20trata%20de%20personas"
  "few full matches (partial added)|q=capacitaci%C3%B3n%20de%20fiscales%20y%20jueces"
  "citation alone|q=resoluci%C3%B3n%207/1"
  "wildcard|q=coopera*"
)
time_ms() {  # median and p90 of $repeats requests, from the Server-Timing header
  for _ in $(seq 1 "$repeats"); do
    curl -s -o /dev/null -D - "$url/api/search?$1" | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: app;dur=//p'
  done | sort -n | awk '{ v[NR] = $1 } END { printf "%7.1f %7.1f", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)] }'
}
total() { curl -s "$url/api/search?$1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
{
  printf "%-40s %8s %15s %15s\n" "query" "matches" "median / p90 ms" "crosslang=off"
  for row in "${features[@]}"; do
    label=${row%%|*} q=${row#*|}
    printf "%-40s %8s %15s %15s\n" "$label" "$(total "$q")" "$(time_ms "$q")" "$(time_ms "$q&crosslang=off")"
  done
} >"$results/features.txt"

log "HTTP: wrk with the answer cache (the mix repeats, so after one cycle every answer is cached)"
stop_server
serve
QUERIES=$root/$queries wrk -t2 -c8 -d"${wrk_seconds}s" --latency -s bench/wrk_queries.lua "$url" \
  >"$results/wrk_8_cached.txt" 2>&1 || true
stop_server

if $profile; then
  log "profiling: Palermo's indexer (one more indexing, untimed)"
  perf record -F 499 -g -o "$work/perf-index.data" -- \
    "$bin/palermo-index" --corpus "$gen/corpus" --db "$work/palermo-profiled" --rebuild >/dev/null 2>&1
  flat_profile "$work/perf-index.data" "$results/profile_index.txt"
  rm -rf "$work/palermo-profiled" "$work/perf-index.data" "$work/perf-search.data"
fi

fig load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 bench/report.py "$results" "$out"
log "wrote $out${cleanup_work:+}"
$cleanup_work || log "measurements kept in $results"
