#!/usr/bin/env bash
# results.h5 against docs/results-format.md and against estimates.csv row by row, and
# scripts/results_to_pandas.py on it (tests/scripts/results_h5_check.py): on the engine's own
# output (config/leeds-2020.toml with two levels and every draw, and with its defaults; its
# reconciled figures; the England batch, five years with regions and England as totals; three
# authorities over three years with their total and life-stage bands) and on the fixture
# (tests/scripts/make_results_fixture.py: five areas, head-count error, with and without draws,
# and a run over three years with a total). Also that the check notices a damaged file, a total
# that is not its members' sum and a CSV that disagrees.
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
"${fixture[@]}" "$work/fixture-years.h5" --run-years 2019,2020,2021 --keep-draws \
  --csv "$work/fixture-years.csv" >/dev/null
"${check[@]}" "$work/fixture-years.h5" "$work/fixture-years.csv"

echo "== the check notices a damaged file and a CSV that disagrees"
cp "$work/fixture-draws.h5" "$work/damaged.h5"
"$python" -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); f["summaries/mean"][0, 3] += 1' "$work/damaged.h5"
if "${check[@]}" "$work/damaged.h5" >"$work/damaged.out"; then
  echo "FAIL: a changed mean went unnoticed"; exit 1
fi
grep -q "is not the sum of its cells' means" "$work/damaged.out"
cp "$work/fixture-years.h5" "$work/damaged-total.h5"  # row 5: the first year's total
"$python" -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); f["summaries/mean"][5, :] *= 1.01' \
  "$work/damaged-total.h5"
if "${check[@]}" "$work/damaged-total.h5" >"$work/damaged-total.out"; then
  echo "FAIL: a total that is not its members' sum went unnoticed"; exit 1
fi
grep -q "few-total, 2019): its mean is not its members' sum" "$work/damaged-total.out"
sed '5s/,0-17,/,0-15,/' "$work/fixture.csv" >"$work/disagrees.csv"
if "${check[@]}" "$work/fixture.h5" "$work/disagrees.csv" >"$work/disagrees.out"; then
  echo "FAIL: a changed CSV row went unnoticed"; exit 1
fi
grep -q "row 5 .*ages" "$work/disagrees.out"

echo "== the engine's own results.h5: two levels and every draw; its defaults; realised mode;"
echo "   three areas run as two shards and merged"
engine_run() {  # SCENARIO DIR [OPTION...]: 2,000 draws
  local scenario=$1 dir=$2
  shift 2
  "$bin" run "$scenario" --draws 2000 --quiet --out "$dir" "$@" >/dev/null
}
leeds="$here/config/leeds-2020.toml"
engine_run "$leeds" "$work/engine-full" --interval 0.95,0.998 --keep-draws
engine_run "$leeds" "$work/engine"
engine_run "$leeds" "$work/engine-realised" --mode realised
sed -e "s|^file = .*|file = \"$here/data/population/england-la-single-year-of-age-2017-2021.csv\"|" \
  -e 's|^codes = .*|codes = ["E08000035", "E08000032", "E06000053"]|' "$leeds" >"$work/three-areas.toml"
for k in 1 2; do
  engine_run "$work/three-areas.toml" "$work/shards/$k" --interval 0.95,0.998 --areas-shard "$k/2"
done
"$bin" merge "$work/three-areas.toml" "$work/shards/1" "$work/shards/2" --out "$work/engine-merged" >/dev/null
echo "   reconciled figures; the England batch (200 draws); three authorities over three years"
echo "   with their total and life-stage bands"
engine_run "$here/config/leeds-2020-reconciled.toml" "$work/engine-reconciled"
"$bin" run "$here/config/england-2017-2021.toml" --draws 200 --quiet --out "$work/engine-england" >/dev/null
sed -e "s|\.\./data/|$here/data/|g" -e 's|^year = 2020 *$|years = "2019-2021"|' \
  -e 's|^ages = "0-17"$|ages = "0-17"\nbands = ["0-4", "5-17"]|' \
  "$here/config/bnssg-2020.toml" >"$work/bnssg-years.toml"
engine_run "$work/bnssg-years.toml" "$work/engine-bands"
for dir in "$work/engine-full" "$work/engine" "$work/engine-realised" "$work/engine-merged" \
  "$work/engine-reconciled" "$work/engine-england" "$work/engine-bands"; do
  if [ ! -f "$dir/results.h5" ]; then
    echo "FAIL: the engine wrote no results.h5 in $dir"
    exit 1
  fi
  "${check[@]}" "$dir/results.h5" "$dir/estimates.csv"
done
