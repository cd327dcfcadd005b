#!/usr/bin/env bash
# scripts/report renders in headless chromium without errors (tests/scripts/report_check.py):
# the page, its inline charts and Method section, chromium's screenshot and DOM, and nothing on
# chromium's stderr but its harmless headless noise. Screenshots stay in scripts_report*/
# under ctest's working directory, to look at.
# Usage:
#   report_test.sh PREVALENCE_BINARY   the engine's own table verb on its own results.h5
#                                      (Leeds, Bradford and the Isles of Scilly, where the
#                                      disclosure control suppresses figures; and the England
#                                      batch at 200 draws: 808 rows over five years, with
#                                      regions and England as totals)
#   report_test.sh --standin           tests/scripts/table_standin.py in place of the table
#                                      verb, on a fixture; also scripts/report's own errors
# Exit 77 (ctest: skipped) when the scripts' python3 cannot import h5py, numpy and matplotlib,
# when there is no chromium, or when PREVALENCE_BINARY has no table verb.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
python="$(sed -n '1s/^#!//p' "$here/scripts/report")"  # the interpreter the scripts run with
if ! "$python" -c 'import h5py, numpy, matplotlib' 2>/dev/null; then
  echo "SKIP: $python cannot import h5py, numpy and matplotlib (Debian: apt-get install python3-h5py python3-matplotlib)"
  exit 77
fi
if ! command -v chromium >/dev/null; then
  echo "SKIP: no chromium (Debian: apt-get install chromium)"
  exit 77
fi
check="$here/tests/scripts/report_check.py"

if [ "$1" = --standin ]; then
  work="$PWD/scripts_report_standin"
  rm -rf "$work"
  mkdir -p "$work"
  "$python" "$here/tests/scripts/make_results_fixture.py" "$work/results.h5" \
    --areas E08000035,E08000032,E06000053 >/dev/null
  exec "$python" "$check" --prevalence "$here/tests/scripts/table_standin.py" --results "$work/results.h5" \
    --workdir "$work" --errors
fi

bin="$1"
if ! "$bin" table --help >/dev/null 2>&1; then
  echo "SKIP: $bin has no table verb yet (scripts_report_standin checks the report with a stand-in)"
  exit 77
fi
work="$PWD/scripts_report"
rm -rf "$work"
mkdir -p "$work"
# The England batch: a page of its totals and first areas, charts of its latest year.
"$bin" run "$here/config/england-2017-2021.toml" --draws 200 --quiet --out "$work/england/run" >/dev/null
"$python" "$check" --prevalence "$bin" --results "$work/england/run/results.h5" --workdir "$work/england"
# The Leeds scenario for three areas, one of them tiny.
sed -e "s|^file = .*|file = \"$here/data/population/england-la-single-year-of-age-2017-2021.csv\"|" \
  -e 's|^codes = .*|codes = ["E08000035", "E08000032", "E06000053"]|' \
  "$here/config/leeds-2020.toml" >"$work/scenario.toml"
"$bin" run "$work/scenario.toml" --draws 2000 --quiet --out "$work/run" --interval 0.95,0.998 >/dev/null
exec "$python" "$check" --prevalence "$bin" --results "$work/run/results.h5" --workdir "$work"
