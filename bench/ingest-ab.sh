#!/usr/bin/env bash
# Interleaved A/B of the ingest path (issue 11): an older commit against the working tree, both running at
# once on 127.0.0.1 (v1, fsync always), each idle while the other is loaded. wrk runs alternate between them
# in ABBA order with a rest before each (a build loaded twice in a row loses in its second run), so both see
# the same background load; per run: requests/s, p99 and LogForge's CPU time per request (utime + stime).
# Needs: dotnet, wrk, git. Usage: bench/ingest-ab.sh BEFORE_COMMIT [pairs per body, 12] [seconds per run, 5] [rest, 3]
# AB_PIN=1 pins both builds to the last core and wrk (one thread) to the others with taskset, so the server measured
# never shares its core with the load generator (on 2 cores: servers on CPU 1, wrk on CPU 0).
# AB_RESTART=1 starts both builds afresh for every pair (empty data directories, 5 s of that body's warm-up each): what one
# process's JIT and PGO made of the code, its memory layout and its threads' placement then vary from pair to pair
# instead of holding for a whole round, so the paired ratios sample them (bench/ab-pairs.py gives their confidence interval).
# AB_BODIES="batch" (or "single") measures only those bodies; default both.
set -euo pipefail

BEFORE="${1:?usage: bench/ingest-ab.sh BEFORE_COMMIT [pairs] [seconds] [rest]}"
PAIRS="${2:-12}"
SECONDS_PER_RUN="${3:-5}"
REST="${4:-3}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d /tmp/logforge-ab.XXXXXX)"
KEY="ab-key-$RANDOM"
declare -A PORT=([before]=18090 [after]=18091) PID=()

PIN="${AB_PIN:-0}"
LAST_CPU=$(($(nproc) - 1))
server_cpu=(); wrk_cpu=(); wrk_threads=2
if [[ "$PIN" == 1 ]]; then
  server_cpu=(taskset -c "$LAST_CPU"); wrk_cpu=(taskset -c "0-$((LAST_CPU - 1))"); wrk_threads=$LAST_CPU
fi

for tool in dotnet wrk git; do
  command -v "$tool" >/dev/null || { echo "✗ bench: $tool is missing" >&2; exit 1; }
done

cleanup() {
  for pid in "${PID[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== publishing $BEFORE (before) and the working tree (after)" >&2
mkdir -p "$WORK/src-before"
git -C "$REPO" archive "$BEFORE" | tar -x -C "$WORK/src-before"
dotnet publish "$WORK/src-before/src/LogForge.Api/LogForge.Api.csproj" -c Release -o "$WORK/before" -p:UseAppHost=false --nologo -v quiet >/dev/null
dotnet publish "$REPO/src/LogForge.Api/LogForge.Api.csproj" -c Release -o "$WORK/after" -p:UseAppHost=false --nologo -v quiet >/dev/null

# The bodies of bench/ingest.sh: one event, and 100 events as NDJSON.
printf '{"message":"user 42 signed in from 10.0.0.7","level":"info","service":"auth","attributes":{"user":"42","ip":"10.0.0.7"}}' >"$WORK/single.json"
for i in $(seq 1 100); do
  printf '{"message":"request %d handled in 12 ms","level":"info","service":"gateway","attributes":{"route":"/api/orders","status":200,"n":%d}}\n' "$i" "$i"
done >"$WORK/batch.ndjson"
lua_script() { # $1 body file, $2 content type
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "%s"\nwrk.headers["Authorization"] = "Bearer %s"\nlocal f = io.open("%s", "rb"); wrk.body = f:read("*a"); f:close()\n' "$2" "$KEY" "$1"
}
lua_script "$WORK/single.json" application/json >"$WORK/single.lua"
lua_script "$WORK/batch.ndjson" application/x-ndjson >"$WORK/batch.lua"

start_servers() {
  for v in before after; do
    rm -rf "$WORK/data-$v"; mkdir -p "$WORK/data-$v"
    (cd "$WORK/$v" && exec env LOGFORGE_API_KEYS="$KEY" LOGFORGE_DATA_DIR="$WORK/data-$v" LOGFORGE_FILE_FSYNC=always LOGFORGE_PIPELINE_VERSION=1 \
      "${server_cpu[@]}" dotnet LogForge.Api.dll --urls "http://127.0.0.1:${PORT[$v]}" >"$WORK/$v.log" 2>&1) &
    PID[$v]=$!
  done
  for v in before after; do
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:${PORT[$v]}/ready" >/dev/null && break; sleep 0.2; done
  done
}
stop_servers() {
  for v in before after; do kill -TERM "${PID[$v]}" 2>/dev/null || true; wait "${PID[$v]}" 2>/dev/null || true; done
  PID=()
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() { # $1 before|after, $2 single|batch, $3 seconds
  local c0 c1 out
  c0=$(cpu_ticks "${PID[$1]}")
  out=$("${wrk_cpu[@]}" wrk -t"$wrk_threads" -c64 -d"$3s" --latency -s "$WORK/$2.lua" "http://127.0.0.1:${PORT[$1]}/logs")
  c1=$(cpu_ticks "${PID[$1]}")
  printf '%-6s %-6s requests/s %10s  p99 %9s  cpu/request %7s us  load %s  non-2xx %s\n' "$1" "$2" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(awk -v c=$((c1 - c0)) -v n="$(awk '/requests in/ {print $1}' <<<"$out")" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", c * 1e6 / hz / n }')" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
}

RESTART="${AB_RESTART:-0}"
if [[ "$RESTART" != 1 ]]; then
  start_servers
  echo "== warm-up (JIT tiering): 5 s of each body on each build, not counted" >&2
  for v in before after; do for body in single batch; do run "$v" "$body" 5 >/dev/null; done; done
fi
for body in ${AB_BODIES:-single batch}; do
  for pair in $(seq 1 "$PAIRS"); do
    if [[ "$RESTART" == 1 ]]; then
      start_servers
      for v in before after; do run "$v" "$body" 5 >/dev/null; done # warm-up of this pair's processes, not counted
    fi
    if ((pair % 2)); then order="before after"; else order="after before"; fi
    for v in $order; do sleep "$REST"; run "$v" "$body" "$SECONDS_PER_RUN"; done
    if [[ "$RESTART" == 1 ]]; then stop_servers; fi
  done
done
