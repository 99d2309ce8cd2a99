#!/usr/bin/env bash
# Speed of indexing and searching on a scaled corpus, with features side by side in one run.
#   bench/run.sh [copies=300] [repeats=15]
# Builds a corpus of <copies> copies of every seed (both languages), indexes it from scratch, starts
# palermo-search serve on a free port and times each query through the HTTP API (server-side time
# from the Server-Timing header), reporting the median and the 90th percentile. Needs a build in
# build/ (./test.sh or ./run.sh makes one). Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-300}
repeats=${2:-15}
bin=build/bin
tmp=$(mktemp -d)
server=""
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"' EXIT

mkdir -p "$tmp/corpus"
for f in corpus/*.??.md; do
  name=$(basename "$f" .md)       # resolution-6-4.es
  for i in $(seq 1 "$copies"); do cp "$f" "$tmp/corpus/${name%.*}-$i.${name##*.}.md"; done
done
files=$(ls "$tmp/corpus" | wc -l)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "build:   $(grep -m1 CMAKE_BUILD_TYPE build/CMakeCache.txt | cut -d= -f2)"
echo "corpus:  $files files ($copies copies of each seed document)"
start=$(date +%s.%N)
summary=$("$bin/palermo-index" --corpus "$tmp/corpus" --db "$tmp/index")
end=$(date +%s.%N)
paragraphs=$(sed -n 's/.*paragraphs written \([0-9]*\).*/\1/p' <<<"$summary")
awk -v s="$start" -v e="$end" -v p="$paragraphs" 'BEGIN { printf "index:   %d paragraphs in %.2f s (%.0f paragraphs/s)\n", p, e - s, p / (e - s) }'

mkfifo "$tmp/out"
# No answer cache: each repeat is timed as a new search.
"$bin/palermo-search" serve --db "$tmp/index" --port 0 --cached-answers 0 >"$tmp/out" 2>/dev/null &
server=$!
exec 3<"$tmp/out"
read -r line <&3
url=${line#palermo-search: serving }

# Each row: a label and the query string; each is timed as written and with crosslang=off.
queries=(
  "two words|q=trata%20de%20personas"
  "phrase|q=%22asistencia%20t%C3%A9cnica%22"
  "words + 2 filters (disjunctive facets)|q=trata%20de%20personas&body=WG.4&lang=es"
  "filters only|q=&session=12&lang=es"
  "Protocol name alone|q=Protocolo%20contra%20la%20trata%20de%20personas"
  "few full matches (partial added)|q=capacitaci%C3%B3n%20de%20fiscales%20y%20jueces"
  "citation alone|q=resoluci%C3%B3n%2010/3"
  "wildcard|q=coopera*"
)
time_ms() {  # median and p90 of $repeats requests, from the Server-Timing header
  for _ in $(seq 1 "$repeats"); do
    curl -s -o /dev/null -D - "$url/api/search?$1" | tr -d '\r' | sed -n 's/^[Ss]erver-[Tt]iming: app;dur=//p'
  done | sort -n | awk '{ v[NR] = $1 } END { printf "%7.1f %7.1f", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)] }'
}
total() { curl -s "$url/api/search?$1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p'; }
printf "\n%-40s %8s %15s %15s\n" "query" "matches" "median / p90 ms" "crosslang=off"
for row in "${queries[@]}"; do
  label=${row%%|*} q=${row#*|}
  printf "%-40s %8s %15s %15s\n" "$label" "$(total "$q")" "$(time_ms "$q")" "$(time_ms "$q&crosslang=off")"
done
