#!/usr/bin/env bash
# Installs Palermo as an operator would and queries the installed server: `cmake --install` into a
# scratch prefix, then the .deb (cpack) unpacked into a scratch root. Both run with no options but
# their settings file: they must find domain/, stopwords/ and web/ by themselves.
# Arguments: <build dir> <source dir>.
set -u
build=$1 src=$2
tmp=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

# Writes a settings file pointing at scratch folders; port 0 picks a free port.
write_config() {
  cat >"$1" <<CONF
# scratch settings for the install test
corpus = $2
index = $3
host = 127.0.0.1
port = 0
threads = 4
CONF
}

# Starts `$1 serve` with the environment given, waits for its address, sets $base.
serve() {
  local out=$tmp/serve-out-$RANDOM
  mkfifo "$out"
  env "${@:2}" "$1" serve >"$out" 2>"$tmp/serve.log" &
  server_pid=$!
  read -r line <"$out"
  cat "$out" >/dev/null &
  base=${line#palermo-search: serving }
}

get() { python3 -c 'import sys,urllib.request
try:
  r=urllib.request.urlopen(sys.argv[1]); print(r.status); print(r.read().decode())
except urllib.error.HTTPError as e: print(e.code); print(e.read().decode())' "$1"; }

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=; }

# --- cmake --install into a prefix ---------------------------------------------------------------
prefix=$tmp/prefix/usr
cmake --install "$build" --prefix "$prefix" >/dev/null
check "programs installed" "[ -x $prefix/bin/palermo-index ] && [ -x $prefix/bin/palermo-search ]"
check "data installed under share/palermo" \
  "[ -f $prefix/share/palermo/domain/bodies.tsv ] && [ -f $prefix/share/palermo/stopwords/es.txt ] && [ -f $prefix/share/palermo/web/index.html ]"
check "settings file and units installed under the prefix" \
  "[ -f $prefix/etc/palermo/palermo.conf ] && [ -f $prefix/lib/systemd/system/palermo-search.service ] && [ -f $prefix/lib/systemd/system/palermo-index.timer ]"
cp -r "$prefix/share/palermo/corpus" "$tmp/corpus"
write_config "$prefix/etc/palermo/palermo.conf" "$tmp/corpus" "$tmp/index"
out=$(cd / && "$prefix/bin/palermo-index" 2>&1)
check "installed palermo-index reads its settings file" "grep -q '^files indexed 10, unchanged 0' <<<\"\$out\""
serve "$prefix/bin/palermo-search"
check "installed server starts from its settings file" "[[ \$base == http://127.0.0.1:* ]]"
health=$(get "$base/api/health")
check "health: ok, 10 documents" "python3 -c 'import json,sys; s,b=sys.argv[1].split(chr(10),1); d=json.loads(b); assert s==\"200\" and d[\"status\"]==\"ok\" and d[\"documents\"]==10' \"\$health\""
search=$(get "$base/api/search?q=trata%20de%20personas")
check "search answers from the installed index" "python3 -c 'import json,sys; s,b=sys.argv[1].split(chr(10),1); assert s==\"200\" and json.loads(b)[\"total\"]>0' \"\$search\""
page=$(get "$base/")
check "page served from the installed web/" "grep -q '<script type=\"module\"' <<<\"\$page\""
stop_server

# --- the .deb, unpacked into a scratch root ------------------------------------------------------
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
(cd "$build" && cpack -G DEB -B "$tmp/pkg" >/dev/null 2>&1)
deb=$tmp/pkg/palermo_${version}_amd64.deb
check "package palermo_${version}_amd64.deb built" "[ -f $deb ]"
root=$tmp/root
dpkg-deb -x "$deb" "$root"
check "package: programs in /usr/bin, data in /usr/share/palermo" \
  "[ -x $root/usr/bin/palermo-search ] && [ -f $root/usr/share/palermo/domain/verbs.tsv ] && [ -f $root/usr/share/palermo/web/app.js ]"
check "package: /etc/palermo/palermo.conf is a conffile" \
  "dpkg-deb -I $deb conffiles | grep -qx /etc/palermo/palermo.conf && [ -f $root/etc/palermo/palermo.conf ]"
check "package: systemd units for the server and the indexer timer" \
  "[ -f $root/lib/systemd/system/palermo-search.service ] && [ -f $root/lib/systemd/system/palermo-index.service ] && [ -f $root/lib/systemd/system/palermo-index.timer ]"
check "package: units run as the palermo user" \
  "grep -q '^User=palermo' $root/lib/systemd/system/palermo-search.service && grep -q '^User=palermo' $root/lib/systemd/system/palermo-index.service"
check "package: postinst creates the palermo system user" \
  "dpkg-deb -I $deb postinst | grep -q 'adduser --system --group'"
check "package: shipped settings name corpus, index, host, port, threads" \
  "[ \$(grep -cE '^(corpus|index|host|port|threads) = ' $root/etc/palermo/palermo.conf) -eq 5 ]"
write_config "$tmp/deb.conf" "$tmp/corpus" "$tmp/deb-index"
out=$(cd / && PALERMO_CONFIG=$tmp/deb.conf "$root/usr/bin/palermo-index" 2>&1)
check "packaged palermo-index indexes" "grep -q '^files indexed 10, unchanged 0' <<<\"\$out\""
serve "$root/usr/bin/palermo-search" PALERMO_CONFIG="$tmp/deb.conf"
search=$(get "$base/api/search?q=asistencia%20t%C3%A9cnica&lang=es")
check "packaged server answers a search" "python3 -c 'import json,sys; s,b=sys.argv[1].split(chr(10),1); assert s==\"200\" and json.loads(b)[\"total\"]>0' \"\$search\""
stop_server

[ $fail -eq 0 ] && echo "install: all passed" || echo "install: failures"
exit $fail
