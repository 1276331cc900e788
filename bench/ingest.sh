#!/usr/bin/env bash
# Ingest benchmark (issue 3): LogForge (v1, fsync=always) next to nginx answering 204, both on
# 127.0.0.1, loaded with wrk (peak) and hey (rate-limited, for p99 at half the peak).
# Needs: dotnet, wrk, hey, nginx (Debian: apt-get install -y wrk hey nginx). Prints a summary table.
# Usage: bench/ingest.sh [seconds per run, default 10] [connections, default 64]
set -euo pipefail

DURATION="${1:-10}"
CONNECTIONS="${2:-64}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/logforge-bench.XXXXXX)"
KEY="bench-key-$RANDOM"
LF_PORT=18080
NGINX_PORT=18081
LF_PID=""

for tool in dotnet wrk hey nginx; do
  command -v "$tool" >/dev/null || { echo "✗ bench: $tool is missing — apt-get install -y wrk hey nginx" >&2; exit 1; }
done

cleanup() {
  [[ -n "$LF_PID" ]] && kill "$LF_PID" 2>/dev/null || true
  [[ -f "$WORK/nginx/nginx.pid" ]] && kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== publishing LogForge (Release)"
dotnet publish "$REPO/src/LogForge.Api/LogForge.Api.csproj" -c Release -o "$WORK/app" -p:UseAppHost=false --nologo -v quiet >/dev/null

echo "== starting nginx on 127.0.0.1:$NGINX_PORT"
mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { return 204; }
  }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"

echo "== starting LogForge on 127.0.0.1:$LF_PORT (pipeline v1, fsync always)"
# Working directory = the app directory, as in the image (/app): the content root's configuration
# file watcher then watches the app, not whatever tree the script was started from (a repository
# being built next to the benchmark fed it a stream of inotify events).
(cd "$WORK/app" && exec env LOGFORGE_API_KEYS="$KEY" LOGFORGE_DATA_DIR="$WORK/data" LOGFORGE_FILE_FSYNC=always LOGFORGE_PIPELINE_VERSION=1 \
  dotnet "$WORK/app/LogForge.Api.dll" --urls "http://127.0.0.1:$LF_PORT" >"$WORK/logforge.log" 2>&1) &
LF_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$LF_PORT/ready" >/dev/null && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$LF_PORT/ready" >/dev/null || { echo "✗ bench: LogForge did not get ready" >&2; cat "$WORK/logforge.log" >&2; exit 1; }

# Bodies: one event, and 100 events as NDJSON.
printf '{"message":"user 42 signed in from 10.0.0.7","level":"info","service":"auth","attributes":{"user":"42","ip":"10.0.0.7"}}' >"$WORK/single.json"
for i in $(seq 1 100); do
  printf '{"message":"request %d handled in 12 ms","level":"info","service":"gateway","attributes":{"route":"/api/orders","status":200,"n":%d}}\n' "$i" "$i"
done >"$WORK/batch.ndjson"

lua_script() { # $1 body file, $2 content type
  cat <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "$2"
wrk.headers["Authorization"] = "Bearer $KEY"
local f = io.open("$1", "rb"); wrk.body = f:read("*a"); f:close()
LUA
}
lua_script "$WORK/single.json" "application/json" >"$WORK/single.lua"
lua_script "$WORK/batch.ndjson" "application/x-ndjson" >"$WORK/batch.lua"

run_wrk() { # $1 name, $2 url, $3 script
  echo "== wrk: $1 (${DURATION}s, $CONNECTIONS connections, 2 threads)" >&2
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$3" "$2" | tee "$WORK/$1.wrk" >&2
  local rps p50 p99 non2xx
  rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/$1.wrk")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$1.wrk")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$1.wrk")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$1.wrk")
  echo "$rps $p50 $p99 ${non2xx:-0}"
}

run_hey() { # $1 name, $2 url, $3 body file, $4 content type, $5 total requests/s
  local workers=$CONNECTIONS per # enough workers to reach the rate: one hey worker sends one request at a time
  per=$(awk -v r="$5" -v w=$workers 'BEGIN { printf "%d", (r / w) < 1 ? 1 : r / w }')
  echo "== hey: $1 at ~$5 req/s (${DURATION}s)" >&2
  hey -z "${DURATION}s" -c $workers -q "$per" -m POST -T "$4" -H "Authorization: Bearer $KEY" -D "$3" "$2" | tee "$WORK/$1.hey" >&2
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$1.hey")
  p50=$(awk '/50% in/ {print $3*1000 "ms"}' "$WORK/$1.hey")
  p99=$(awk '/99% in/ {print $3*1000 "ms"}' "$WORK/$1.hey")
  echo "$rps $p50 $p99"
}

echo "== warm-up (JIT tiering): 5s of each LogForge body, not measured" >&2
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/single.lua" "http://127.0.0.1:$LF_PORT/logs" >"$WORK/warm-single.wrk"
wrk -t2 -c"$CONNECTIONS" -d5s -s "$WORK/batch.lua" "http://127.0.0.1:$LF_PORT/logs" >"$WORK/warm-batch.wrk"

read -r NG_RPS NG_P50 NG_P99 NG_ERR < <(run_wrk nginx "http://127.0.0.1:$NGINX_PORT/" "$WORK/single.lua")
read -r S_RPS S_P50 S_P99 S_ERR < <(run_wrk single "http://127.0.0.1:$LF_PORT/logs" "$WORK/single.lua")
read -r B_RPS B_P50 B_P99 B_ERR < <(run_wrk batch100 "http://127.0.0.1:$LF_PORT/logs" "$WORK/batch.lua")
S_HALF=$(awk -v r="$S_RPS" 'BEGIN { printf "%d", r / 2 }')
B_HALF=$(awk -v r="$B_RPS" 'BEGIN { printf "%d", r / 2 }')
read -r SH_RPS SH_P50 SH_P99 < <(run_hey single-half "http://127.0.0.1:$LF_PORT/logs" "$WORK/single.json" application/json "$S_HALF")
read -r BH_RPS BH_P50 BH_P99 < <(run_hey batch100-half "http://127.0.0.1:$LF_PORT/logs" "$WORK/batch.ndjson" application/x-ndjson "$B_HALF")

RSS_KIB=$(awk '/VmHWM/ {print $2}' "/proc/$LF_PID/status")
# Graceful stop (SIGTERM) so that the request log is flushed, then compare it with what the clients counted.
kill -TERM "$LF_PID"; wait "$LF_PID" 2>/dev/null || true; LF_PID=""
LINES=$(cat "$WORK"/data/*.ndjson | wc -l)
CLIENT_REQUESTS=$(cat "$WORK"/warm-single.wrk "$WORK"/warm-batch.wrk "$WORK"/single.wrk "$WORK"/batch100.wrk | awk '/requests in/ {n += $1} END {print n + 0}')
CLIENT_REQUESTS=$((CLIENT_REQUESTS + $(cat "$WORK"/*.hey | awk '/\[[0-9]+\][[:space:]]+[0-9]+ responses/ {n += $2} END {print n + 0}')))
REQLOG=$(grep -c '"RequestPath":"/logs"' "$WORK/logforge.log" || true)

echo
echo "== results (LogForge v1, fsync=always, $(nproc) cores, ${DURATION}s per run, $CONNECTIONS connections for wrk)"
printf '%-34s %12s %14s %10s %10s %8s\n' "run" "requests/s" "events/s" "p50" "p99" "non-2xx"
printf '%-34s %12s %14s %10s %10s %8s\n' "nginx 204 (reference)" "$NG_RPS" "-" "$NG_P50" "$NG_P99" "$NG_ERR"
printf '%-34s %12s %14.0f %10s %10s %8s\n' "LogForge single event (peak)" "$S_RPS" "$S_RPS" "$S_P50" "$S_P99" "$S_ERR"
printf '%-34s %12s %14.0f %10s %10s %8s\n' "LogForge 100-event NDJSON (peak)" "$B_RPS" "$(awk -v r="$B_RPS" 'BEGIN{print r*100}')" "$B_P50" "$B_P99" "$B_ERR"
printf '%-34s %12s %14.0f %10s %10s %8s\n' "LogForge single @ half peak (hey)" "$SH_RPS" "$SH_RPS" "$SH_P50" "$SH_P99" "-"
printf '%-34s %12s %14.0f %10s %10s %8s\n' "LogForge 100-event @ half (hey)" "$BH_RPS" "$(awk -v r="$BH_RPS" 'BEGIN{print r*100}')" "$BH_P50" "$BH_P99" "-"
echo "single-event requests/s vs nginx: $(awk -v a="$S_RPS" -v b="$NG_RPS" 'BEGIN { printf "%.0f%%", 100 * a / b }')"
echo "LogForge peak RSS: $((RSS_KIB / 1024)) MiB; lines written: $LINES"
echo "request-log lines for POST /logs: $REQLOG; requests the clients counted: $CLIENT_REQUESTS (wrk does not count what is in flight when it stops)"
