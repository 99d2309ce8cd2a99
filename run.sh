#!/usr/bin/env bash
# Installs what is missing, builds the two programs (nothing else) in build-run/, indexes corpus/
# into data/index, and serves the page and the API on http://localhost:8080 (PALERMO_HOST /
# PALERMO_PORT to change) until Ctrl-C. test.sh builds in build/, so neither rebuilds the other's.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build-run -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-run -j"$(nproc)" --target palermo-index palermo-search
# Status 3: the index was built by an older version; rebuild it (the old one serves until then).
build-run/bin/palermo-index --corpus corpus --db data/index || {
  status=$?
  [ "$status" -eq 3 ] || exit "$status"
  build-run/bin/palermo-index --corpus corpus --db data/index --rebuild
}
host=${PALERMO_HOST:-127.0.0.1}
port=${PALERMO_PORT:-8080}
echo
echo "Open http://localhost:${port} (Ctrl-C stops the server). From the command line:"
echo "  build-run/bin/palermo-search query --db data/index \"trata de personas\""
exec build-run/bin/palermo-search serve --db data/index --host "$host" --port "$port"
