# Shared by bench/run.sh and bench/shards.sh (sourced, from the repository's root): installing
# what a benchmark alone needs, building its programs, its work folder and its log lines.

# log TEXT: a timestamped progress line on stderr.
log() { echo "[$(date +%T)] $*" >&2; }

# bench_install PACKAGE...: installs the Debian packages that are missing (the project's own
# packages are scripts/install-deps.sh's, which it runs too).
bench_install() {
  local missing=() p sudo=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}" >&2
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  fi
  scripts/install-deps.sh
}

# bench_build TARGET...: configures build/ (RelWithDebInfo) when it is not, and builds the targets.
bench_build() {
  [ -f build/CMakeCache.txt ] || cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build -j"$(nproc)" --target "$@" >/dev/null
}

# bench_work_dir DIR: sets `work` to DIR made absolute (kept afterwards), or to a new temporary
# folder when DIR is empty (cleanup_work=true: the caller's cleanup removes it).
bench_work_dir() {
  if [ -z "$1" ]; then
    work=$(mktemp -d)
    cleanup_work=true
  else
    mkdir -p "$1"
    work=$(cd "$1" && pwd)
    cleanup_work=false
  fi
}
