#!/usr/bin/env bash
# Time History's read of 1 000 promotions: a generated repository (deploy/ of this checkout, then 1 000 commits changing production's
# image tag, each with the ledger's trailers, every tenth a rollback), then `./build.sh History --limit 1000` run warm several times.
# Usage: bench/history.sh [runs=7]. Prints each run's wall time and the target's own duration from the summary; the median is the figure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-7}"
REPO="$(mktemp -d /tmp/logforge-history-bench-XXXXXX)"
trap 'rm -rf "$REPO"' EXIT
cd "$REPO"
git init --quiet --initial-branch=main
mkdir -p .nuke && echo '{ "$schema": "./build.schema.json" }' > .nuke/parameters.json
cp -r "$ROOT/deploy" .
git add --all && git -c user.name=bench -c user.email=b@example.test commit --quiet -m initial
values=deploy/env/production/values.yaml
for i in $(seq 1 1000); do
  version="1.$((i / 100)).$((i % 100))"
  sed -i -E "s/^(  tag: ).*/\1\"$version\"/" "$values"
  git add "$values"
  trailers="Promoted-Version: v$version
Image-Digest: sha256:$(printf '%064d' "$i")
Staging-Revision: $(printf '%040x' "$i")
Smoke: passed (9 passed, 0 failed, 0 skipped)
Gate: passed (61 passed, 0 failed, 4 skipped)
Actor: bench
Run-Url: https://github.com/o/r/actions/runs/$i"
  if (( i % 10 == 0 )); then trailers="$trailers
Rejected-Version: v1.0.0
Reason: bench rollback $i"; fi
  git -c user.name=bench -c user.email=b@example.test commit --quiet -m "promote: v$version to production (#$i)" -m "$trailers"
done
grep -q '^  tag: "1.10.0"' "$values" || { echo "the tag edit did not apply to $values" >&2; exit 1; }
"$ROOT/build.sh" History --limit 1000 > /dev/null # compile if needed, warm the page cache
for run in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  out="$("$ROOT/build.sh" History --limit 1000 --log-format text)"
  end=$(date +%s%N)
  target=$(grep -E '^History +Succeeded' <<<"$out" | awk '{print $3}')
  entries=$(grep -c 'promotion\|rollback from' <<<"$out" || true)
  echo "run $run: wall $(( (end - start) / 1000000 )) ms, History target $target, $entries entries"
done
