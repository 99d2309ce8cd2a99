#!/usr/bin/env bash
# The documented production front: packaging/nginx-palermo.conf run by Debian's nginx on loopback
# (free ports, a throw-away certificate, client_header_timeout 2s to keep the test short) before a
# real palermo-search. Skipped (status 77) when nginx is not installed.
# Arguments: <bin dir> <source dir>.
set -u
bin=$1 src=$2
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { echo "nginx not installed: skipped"; exit 77; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
tmp=$(mktemp -d)
server_pid= nginx_started=false
cleanup() {
  $nginx_started && "$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" -s stop 2>/dev/null
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$bin/palermo-index" --corpus "$src/corpus" --db "$tmp/index" >/dev/null
mkfifo "$tmp/out"
"$bin/palermo-search" serve --db "$tmp/index" --port 0 >"$tmp/out" 2>"$tmp/server.log" &
server_pid=$!
read -r line <"$tmp/out"
cat "$tmp/out" >/dev/null &
app_port=${line##*:}

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1
http_port=$(free_port) https_port=$(free_port)
# The shipped site, with this test's ports, certificate and a short header timeout.
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$app_port;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" -e "s|listen \[::\]:80;||" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" -e "s|listen \[::\]:443 ssl http2;||" \
    -e "s|/etc/ssl/certs/ssl-cert-snakeoil.pem|$tmp/cert.pem|" -e "s|/etc/ssl/private/ssl-cert-snakeoil.key|$tmp/key.pem|" \
    -e "s|client_header_timeout 10s;|client_header_timeout 2s;|" \
    "$src/packaging/nginx-palermo.conf" >"$tmp/site.conf"
cat >"$tmp/nginx.conf" <<CONF
daemon on;
pid $tmp/nginx.pid;
error_log $tmp/error.log;
worker_processes 1;
events { worker_connections 256; }
http {
  access_log $tmp/access.log;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  include /etc/nginx/mime.types;
  include $tmp/site.conf;
}
CONF
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" -t >/dev/null 2>"$tmp/nginx-t.log"
check "shipped nginx site is valid" "[ $? -eq 0 ] || { cat $tmp/nginx-t.log; false; }"
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" && nginx_started=true
sleep 0.3
base=https://127.0.0.1:$https_port

status=$(curl -sk -o "$tmp/body.json" -w '%{http_code}' "$base/api/search?q=trata%20de%20personas")
check "search over TLS through the front" "[ $status = 200 ] && python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))[\"total\"]>0' $tmp/body.json"
status=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/api/health")
check "plain HTTP is redirected to HTTPS" "[[ \"$status\" == '301 https://'* ]]"
headers=$(curl -sk -D - -o "$tmp/ranged.json" -H 'Range: bytes=0-0,5-9,20-30' "$base/api/search?q=trata&size=100")
check "Range ignored: a whole JSON answer" "grep -q '^HTTP/2 200' <<<\"\$headers\" && python3 -c 'import json,sys; json.load(open(sys.argv[1]))' $tmp/ranged.json"
status=$(curl -sk -o /dev/null -w '%{http_code}' -H "X-Long: $(head -c 9000 /dev/zero | tr '\0' a)" "$base/api/health")
check "header line over 8 KiB refused (400)" "[ $status = 400 ]"

# HTTP/1.1 over TLS with raw bytes: ambiguous framing, and a client sending a header line every 0.5 s.
raw() { python3 - "$https_port" "$1" "$2" <<'PY'
import socket, ssl, sys, time
port, mode, request = int(sys.argv[1]), sys.argv[2], sys.argv[3].encode().decode('unicode_escape').encode()
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
ctx.set_alpn_protocols(["http/1.1"])
s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
if mode == "send":
    # The front may answer and close before all is sent (a line over its limit): the answer is
    # read all the same.
    try:
        s.sendall(request)
    except (ConnectionError, ssl.SSLError):
        pass
    s.settimeout(5)
    try:
        print(s.recv(200).split(b"\r\n")[0].decode())
    except (ConnectionError, ssl.SSLError, socket.timeout):
        print("")
elif mode == "all":
    # Every status line the front sends back before it closes (or 3 s pass), one a line.
    s.sendall(request)
    s.settimeout(3)
    received = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk: break
            received += chunk
    except (socket.timeout, ConnectionError, ssl.SSLError):
        pass
    for line in received.split(b"\r\n"):
        if line.startswith(b"HTTP/1.1 "): print(line.decode())
else:
    start = time.time()
    s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
    try:
        while time.time() - start < 8:
            time.sleep(0.5)
            s.sendall(b"X-Slow: 1\r\n")
            s.settimeout(0.01)
            try:
                if s.recv(100) == b"": break
            except socket.timeout:
                pass
            except (ConnectionError, ssl.SSLError):
                break
    except (ConnectionError, ssl.SSLError, BrokenPipeError):
        pass
    print("%.0f" % (time.time() - start))
PY
}
line=$(raw send 'GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 5\r\n\r\nhello')
check "two Content-Lengths refused (400)" "[[ \"$line\" == 'HTTP/1.1 400'* ]]"
line=$(raw send 'GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n')
check "Content-Length with Transfer-Encoding refused (400)" "[[ \"$line\" == 'HTTP/1.1 400'* ]]"
# QA finding 1 through the front: nginx reads a GET's body by its Content-Length and passes it on;
# palermo-search refuses it (httplib would have read it as the next request on nginx's
# kept-alive upstream connection, answering it to whichever client came next).
smuggled='GET /api/smuggled HTTP/1.1\r\nHost: x\r\n\r\n'
lines=$(raw all "GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 39\r\n\r\n${smuggled}GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
check "a GET with a body refused (400), the body never a request" "[[ \"\$(head -1 <<<\"$lines\")\" == 'HTTP/1.1 400'* ]] && ! grep -q smuggled $tmp/server.log"
line=$(raw send 'GET /api/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n')
check "a header name with a space refused (400)" "[[ \"$line\" == 'HTTP/1.1 400'* ]]"
start=$(date +%s%N)
line=$(raw send 'POST /api/search HTTP/1.1\r\nHost: x\r\n\r\n')
waited=$(( ($(date +%s%N) - start) / 1000000 ))
check "POST without a length refused at once (405 in ${waited} ms)" "[[ \"$line\" == 'HTTP/1.1 405'* ]] && [ $waited -lt 2000 ]"
many=$(python3 -c 'print("".join("X-H%d: %s\\r\\n" % (i, "v" * 1000) for i in range(40)), end="")')
line=$(raw send "GET /api/health HTTP/1.1\r\nHost: x\r\n${many}\r\n")
check "headers over 32 KiB in all refused (${line})" "[[ \"$line\" == 'HTTP/1.1 400'* || \"$line\" == 'HTTP/1.1 431'* ]]"
long=$(head -c 20000 /dev/zero | tr '\0' a)
line=$(raw send "GET /api/search?q=${long} HTTP/1.1\r\nHost: x\r\n\r\n")
check "a 20 KB request line answered 414 (${line})" "[[ \"$line\" == 'HTTP/1.1 414'* ]]"
held=$(raw slow '')
check "slow-header client cut off by the front within its header timeout (held ${held}s)" "[ \"$held\" -le 4 ]"
status=$(curl -sk -o /dev/null -w '%{http_code}' "$base/api/health")
check "still serving" "[ $status = 200 ]"

[ $fail -eq 0 ] && echo "proxy: all passed" || echo "proxy: failures"
exit $fail
