#!/usr/bin/env bash
# The README's test command under load (issue 14, "no flaky test"): `./build.sh Test` N times in a row while
# Debian's stress-ng keeps every core busy. Per run: wall time, the TRX totals (artifacts/test-results/summary.txt)
# and the names of the failed tests. Exits non-zero when any run failed. docs/testing.md has the method and figures.
# Usage: tests/loaded-suite.sh [runs, default 5] [stress-ng CPU workers, default: one per core]
set -euo pipefail

RUNS="${1:-5}"
WORKERS="${2:-$(nproc)}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$REPO/artifacts/loaded-suite"
STRESS_PID=""

if ! command -v stress-ng >/dev/null 2>&1; then
  echo "Installing stress-ng (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng >/dev/null
fi

stop_stress() {
  if [[ -n "$STRESS_PID" ]]; then
    kill "$STRESS_PID" 2>/dev/null || true
    wait "$STRESS_PID" 2>/dev/null || true
    STRESS_PID=""
  fi
}
trap stop_stress EXIT
trap 'stop_stress; exit 130' INT TERM

cd "$REPO"
rm -rf "$OUT" && mkdir -p "$OUT"
# Compiled once, unloaded: the runs below measure the tests, not the compiler (Test's Compile then finds nothing to do).
./build.sh Compile --log-format text >"$OUT/compile.log" 2>&1 || { cat "$OUT/compile.log"; exit 1; }

stress-ng --cpu "$WORKERS" --cpu-method all --timeout 0 --quiet &
STRESS_PID=$!
echo "stress-ng --cpu $WORKERS (pid $STRESS_PID) on $(nproc) cores; $RUNS runs of ./build.sh Test"

failed_runs=0
printf '| run | wall time | passed | failed | skipped | failed tests |\n|---|---|---|---|---|---|\n' >"$OUT/table.md"
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s)
  status=0
  ./build.sh Test --log-format text >"$OUT/run-$run.log" 2>&1 || status=$?
  wall=$(( $(date +%s) - start ))
  summary="$(cat artifacts/test-results/summary.txt 2>/dev/null || echo "no summary")"
  passed=$(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo "?")
  failed=$(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo "?")
  skipped=$(grep -oE '[0-9]+ skipped' <<<"$summary" | grep -oE '[0-9]+' || echo 0)
  names="$(cat artifacts/test-results/*.trx 2>/dev/null | grep -oE '<UnitTestResult [^>]*outcome="Failed"[^>]*>' \
    | sed -E 's/.*testName="([^"]*)".*/\1/' | sort -u | paste -sd ';' - || true)"
  cp -r artifacts/test-results "$OUT/test-results-$run" 2>/dev/null || true
  if [[ $status -ne 0 || "$failed" != "0" ]]; then failed_runs=$((failed_runs + 1)); fi
  printf '| %s | %dm%02ds | %s | %s | %s | %s |\n' "$run" $((wall / 60)) $((wall % 60)) "$passed" "$failed" "$skipped" "${names:--}" | tee -a "$OUT/table.md"
done
stop_stress

echo "$((RUNS - failed_runs)) of $RUNS loaded runs passed (table: artifacts/loaded-suite/table.md)"
[[ $failed_runs -eq 0 ]]
