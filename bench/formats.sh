#!/usr/bin/env bash
# Parsing speed per format (Markdown, plain text, PDF), without indexing: the corpus's Markdown,
# the plain-text fixtures (tests/fixtures/text) and the UN-style PDFs (tests/fixtures/pdf).
#   bench/formats.sh
# Needs a build in build/ (./test.sh or ./run.sh makes one). Not a test: nothing here passes or fails.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target palermo-parse-bench >/dev/null
echo "machine: $(nproc) cores, $(uname -sr); build: $(grep -m1 CMAKE_BUILD_TYPE build/CMakeCache.txt | cut -d= -f2)"
build/bin/palermo-parse-bench corpus/*.??.md tests/fixtures/text/*.txt tests/fixtures/pdf/*.pdf
