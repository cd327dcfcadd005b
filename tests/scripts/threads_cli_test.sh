#!/usr/bin/env bash
# The CLI's threads under ThreadSanitizer (the PREVALENCE_TSAN build): the
# reference workload's areas on 4 threads in each mode, with every draw kept
# (worker threads hand their draws to the results file's writer), then as 2
# shards merged. Any data race ends the run with ThreadSanitizer's report;
# the estimates must also equal a run on one thread, byte for byte.
# Usage: threads_cli_test.sh PREVALENCE_BINARY
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
scenario="$here/bench/reference/la.toml"

for mode in expected realised; do
  echo "== $mode mode, 1 and 4 threads, draws kept"
  "$bin" run "$scenario" --draws 100 --mode "$mode" --threads 1 --quiet --out "$work/one-$mode" >/dev/null
  "$bin" run "$scenario" --draws 100 --mode "$mode" --threads 4 --keep-draws --quiet --out "$work/four-$mode" >/dev/null
  cmp "$work/one-$mode/estimates.csv" "$work/four-$mode/estimates.csv"
  "$bin" table "$work/four-$mode/results.h5" --interval 0.5 --format csv --out "$work/four-$mode/table.csv"
done

echo "== 2 shards on 2 threads each, merged"
for k in 1 2; do
  "$bin" run "$scenario" --draws 100 --threads 2 --areas-shard "$k/2" --quiet --out "$work/shard$k" >/dev/null
done
"$bin" merge "$scenario" "$work/shard1" "$work/shard2" --quiet --out "$work/merged" >/dev/null
cmp "$work/one-expected/estimates.csv" "$work/merged/estimates.csv"
echo "no data race; every thread count gives the same estimates"
