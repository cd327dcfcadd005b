#!/usr/bin/env bash
# results.h5 against docs/results-format.md and against estimates.csv row by row, and
# scripts/results_to_pandas.py on it (tests/scripts/results_h5_check.py): on the engine's own
# output once `prevalence run` writes results.h5, and always on the fixture
# (tests/scripts/make_results_fixture.py), with and without draws. Also that the check
# notices a damaged file and a CSV that disagrees.
# Usage: results_h5_test.sh PREVALENCE_BINARY
# Exit 77 (ctest: skipped) when the scripts' python3 cannot import h5py, numpy and pandas.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$1"
python="$(sed -n '1s/^#!//p' "$here/scripts/plot")"  # the interpreter the scripts run with
if ! "$python" -c 'import h5py, numpy, pandas' 2>/dev/null; then
  echo "SKIP: $python cannot import h5py, numpy and pandas (Debian: apt-get install python3-h5py python3-pandas)"
  exit 77
fi
work="$PWD/scripts_results_h5"
rm -rf "$work"
mkdir -p "$work"
check=("$python" "$here/tests/scripts/results_h5_check.py")
fixture=("$python" "$here/tests/scripts/make_results_fixture.py")

echo "== the fixture"
"${fixture[@]}" "$work/fixture-draws.h5" --keep-draws --csv "$work/fixture-draws.csv" >/dev/null
"${check[@]}" "$work/fixture-draws.h5" "$work/fixture-draws.csv"
"${fixture[@]}" "$work/fixture.h5" --levels 0.95 --relative-error 0.02 --csv "$work/fixture.csv" >/dev/null
"${check[@]}" "$work/fixture.h5" "$work/fixture.csv"

echo "== the check notices a damaged file and a CSV that disagrees"
cp "$work/fixture-draws.h5" "$work/damaged.h5"
"$python" -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); f["summaries/mean"][0, 3] += 1' "$work/damaged.h5"
if "${check[@]}" "$work/damaged.h5" >"$work/damaged.out"; then
  echo "FAIL: a changed mean went unnoticed"; exit 1
fi
grep -q "is not the sum of its cells' means" "$work/damaged.out"
sed '5s/,0-17,/,0-15,/' "$work/fixture.csv" >"$work/disagrees.csv"
if "${check[@]}" "$work/fixture.h5" "$work/disagrees.csv" >"$work/disagrees.out"; then
  echo "FAIL: a changed CSV row went unnoticed"; exit 1
fi
grep -q "row 5 .*ages" "$work/disagrees.out"

echo "== the engine's own results.h5"
engine_run() {  # DIR [OPTION...]: the Leeds scenario, 2,000 draws
  local dir=$1
  shift
  "$bin" run "$here/config/leeds-2020.toml" --draws 2000 --quiet --out "$dir" "$@" >/dev/null
}
# The most the engine gives: two levels and every draw, else two levels; and its defaults.
for options in "--interval 0.95,0.998 --keep-draws" "--interval 0.95,0.998"; do
  # shellcheck disable=SC2086
  if engine_run "$work/engine-full" $options 2>/dev/null; then break; fi
done
engine_run "$work/engine"
found=0
for dir in "$work/engine-full" "$work/engine"; do
  if [ -f "$dir/results.h5" ]; then
    "${check[@]}" "$dir/results.h5" "$dir/estimates.csv"
    found=1
  fi
done
if [ "$found" = 0 ]; then
  echo "NOTE: $bin run writes no results.h5 yet: checked the fixture only"
fi
