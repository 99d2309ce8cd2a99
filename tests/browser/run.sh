#!/usr/bin/env bash
# Browser tests of the page: indexes corpus/ plus the XSS fixture, starts `palermo-search serve` on
# a free port, runs page.test.mjs in headless Chromium, and always stops the server.
# Arguments: <bin dir> <source dir> <screenshot dir>.
set -u
bin=$1 src=$2 shots=$3
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/playwright-core" ]; then
  echo "browser tests: playwright-core is not installed; run ./test.sh (it runs npm ci in tests/browser)" >&2
  exit 1
fi
chromium=${PALERMO_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser tests: no Chromium at $chromium; run ./test.sh (it installs Debian's chromium)" >&2
  exit 1
fi
tmp=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

mkdir -p "$tmp/corpus" "$shots"
cp "$src"/corpus/*.md "$src"/corpus/*.meta.json "$tmp/corpus/" && rm -f "$tmp/corpus/README.md"
cp "$src"/tests/fixtures/xss/*.md "$src"/tests/fixtures/xss/*.meta.json "$tmp/corpus/"
"$bin/palermo-index" --corpus "$tmp/corpus" --db "$tmp/index" --data-dir "$src" >/dev/null || exit 1

mkfifo "$tmp/out"
"$bin/palermo-search" serve --db "$tmp/index" --port 0 --data-dir "$src" --web-dir "$src/web" >"$tmp/out" 2>"$tmp/log" &
server=$!
exec 3<"$tmp/out"
read -r -t 10 line <&3 || { echo "browser tests: the server did not start" >&2; cat "$tmp/log" >&2; exit 1; }
url=${line#palermo-search: serving }
echo "server at $url"
PALERMO_URL=$url PALERMO_SHOTS=$shots PALERMO_CHROMIUM=$chromium node "$here/page.test.mjs"
status=$?
[ $status -ne 0 ] && { echo "--- server log (tail) ---"; tail -20 "$tmp/log"; }
exit $status
