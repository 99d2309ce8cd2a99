#!/usr/bin/env bash
# Installs what is missing, builds, indexes corpus/ into data/index.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
build/bin/palermo-index --corpus corpus --db data/index
echo
echo "Index ready. Try:"
echo "  build/bin/palermo-search query --db data/index \"trata de personas\""
echo "  build/bin/palermo-search query --db data/index --json --body WG.4 \"asistencia técnica\""
