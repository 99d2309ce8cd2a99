#!/usr/bin/env bash
# Installs the Debian packages Palermo builds and tests with, when any is missing.
# The one list of system dependencies: run.sh calls it plainly, test.sh with --with-browser (the
# browser tests also need Debian's Chromium, Node.js, and playwright-core from npm) and
# --with-test-tools (clang, whose runtime holds libFuzzer, for the fuzz targets in fuzz/; nginx
# and curl for the test of the reverse-proxy front).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev libicu-dev libstemmer-dev libcmark-dev
  libcpp-httplib-dev libboost-program-options-dev nlohmann-json3-dev
  libgtest-dev
  libcld2-dev libpoppler-cpp-dev
  zlib1g-dev  # records compressed in their value slot (analysis/records.h)
  xapian-tools  # xapian-tcpsrv: serves a shard to other machines (README "Scaling out")
)
browser_packages=(chromium)
test_tool_packages=(clang nginx curl)

with_browser=false with_test_tools=false
for arg in "$@"; do
  case $arg in
    --with-browser) with_browser=true ;;
    --with-test-tools) with_test_tools=true ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
$with_test_tools && packages+=("${test_tool_packages[@]}")
if $with_browser; then
  packages+=("${browser_packages[@]}")
  # A machine may already have Node.js from elsewhere; Debian's is used only when there is none.
  command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if $with_browser; then
  # playwright-core, pinned by tests/browser/package-lock.json; reinstalled when the lock changes.
  browser_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
  stamp="$browser_dir/node_modules/.palermo-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$browser_dir/package-lock.json" "$stamp"; then
    (cd "$browser_dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$browser_dir/package-lock.json" "$stamp"
  fi
fi
