#!/usr/bin/env bash
# scripts/plot: each subcommand on fixture results files and on the engine's own results.h5
# (config/leeds-2020.toml, and on three years' populations for the fan chart; the England
# batch, five years with regions and England as totals, at 200 draws; three authorities over
# three years with their total and life-stage bands) writes a PNG and an SVG that are what they
# should be, and each user error exits 2 with a message (tests/scripts/plot_check.py). The
# charts are left in scripts_plot/ under ctest's working directory, to look at.
# Usage: plot_test.sh PREVALENCE_BINARY
# Exit 77 (ctest: skipped) when the scripts' python3 cannot import h5py, numpy and matplotlib.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
bin="$1"
python="$(sed -n '1s/^#!//p' "$here/scripts/plot")"  # the interpreter the scripts run with
if ! "$python" -c 'import h5py, numpy, matplotlib' 2>/dev/null; then
  echo "SKIP: $python cannot import h5py, numpy and matplotlib (Debian: apt-get install python3-h5py python3-matplotlib)"
  exit 77
fi
work="$PWD/scripts_plot"
rm -rf "$work"
mkdir -p "$work"
leeds="$here/config/leeds-2020.toml"
"$bin" run "$leeds" --draws 2000 --quiet --out "$work/engine" >/dev/null
# The Leeds scenario on three years' populations (its trio stays at 2018), for the fan chart.
years=()
for y in 2019 2020 2021; do
  sed -e "s|^file = .*|file = \"$here/data/population/england-la-single-year-of-age-2017-2021.csv\"|" \
    -e "s|^year = 2019 .*|year = $y|" "$leeds" >"$work/leeds-$y.toml"
  "$bin" run "$work/leeds-$y.toml" --draws 2000 --quiet --out "$work/engine-$y" >/dev/null
  years+=("$work/engine-$y/results.h5")
done
"$bin" run "$here/config/england-2017-2021.toml" --draws 200 --quiet --out "$work/engine-england" >/dev/null
sed -e "s|\.\./data/|$here/data/|g" -e 's|^year = 2020 *$|years = "2019-2021"|' \
  -e 's|^ages = "0-17"$|ages = "0-17"\nbands = ["0-4", "5-17"]|' \
  "$here/config/bnssg-2020.toml" >"$work/bnssg-years.toml"
"$bin" run "$work/bnssg-years.toml" --draws 200 --quiet --out "$work/engine-bands" >/dev/null
exec "$python" "$here/tests/scripts/plot_check.py" "$work" --over-years "$work/engine-england/results.h5" \
  --bands "$work/engine-bands/results.h5" "$work/engine/results.h5" "${years[@]}"
