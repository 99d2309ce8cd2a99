#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through CTest; then, with no arguments
# and clang present, builds the fuzz targets in build-fuzz/ and runs each for
# PALERMO_FUZZ_SECONDS (default 20; 0 skips them).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh --with-browser --with-test-tools
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"

fuzz_seconds=${PALERMO_FUZZ_SECONDS:-20}
if [ $# -eq 0 ] && [ "$fuzz_seconds" -gt 0 ] && command -v clang++ >/dev/null 2>&1; then
  cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPALERMO_FUZZ=ON \
    -DPALERMO_FUZZ_SECONDS="$fuzz_seconds" >/dev/null
  cmake --build build-fuzz -j"$(nproc)" --target fuzz_document fuzz_query
  ctest --test-dir build-fuzz -L fuzz --output-on-failure
fi
