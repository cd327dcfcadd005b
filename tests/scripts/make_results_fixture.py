#!/usr/bin/python3
"""Writes results files laid out as docs/results-format.md specifies, for
testing the Python readers (scripts/results_to_pandas.py, scripts/plot,
scripts/report) independently of the engine's own writer.

The figures imitate config/leeds-2020.toml: the toxic trio as one joint table
of three conditions per draw (Dirichlet(2,000 x the Leeds table), shared by
every area), with its outputs in the engine's order, and three single
measures (looked after, youth justice, homelessness) as Jeffreys Betas of
their counts. Denominators come from the repository's ONS population file.
Summaries are computed from the draws as the engine defines them (mean,
median, type-7 quantiles, mcse = sd / sqrt(D)), and an estimates.csv in the
engine's columns can be written beside the results file.

By default the files are laid out as before engine 0.3: a row per area, no /areas/year,
members or note. --run-years writes a run over several years as the engine now does: a row per
area and year (/areas/year; every measure's year 0), and each year, after its areas, a total
over them (/areas/members) whose draws are the sum of theirs; the last area's figures are
noted as a stand-in's (/areas/note).

Usage (also importable: write_results, write_year_series):
  make_results_fixture.py OUT.h5 [--areas few|all|CODE,CODE...] [--draws N]
      [--levels 0.95,0.998] [--keep-draws] [--year Y] [--seed S] [--csv OUT.csv]
  make_results_fixture.py --years 2019,2020,2021 --out-dir DIR [options]
      one results file per year: DIR/results-YEAR.h5
  make_results_fixture.py --years 2019,2020,2021 OUT.h5 --one-file
      one file whose measures repeat for each year (ids looked_after_2019, ...)
  make_results_fixture.py --run-years 2019,2020,2021 OUT.h5 [options]
      a run over several years with a total of the areas in each
"""

import argparse
import csv
import hashlib
import pathlib
import sys

import h5py
import numpy as np

REPO = pathlib.Path(__file__).resolve().parents[2]
POPULATION = REPO / "data" / "population" / "england-la-single-year-of-age-2017-2021.csv"
SCENARIO = REPO / "config" / "leeds-2020.toml"

FEW_AREAS = ["E08000035", "E08000032", "E08000003", "E08000019", "E08000034"]  # Leeds first
TOTAL = ("few-total", "Five metropolitan districts")  # --run-years: the total of the areas, each year
STAND_IN_NOTE = ("figures: those of E08000035 Leeds: a test of a stand-in (the fixture's figures are shared by "
                 "every area)")

# The Leeds trio table (Children's Commissioner 2019, fitted as the engine does):
# cell c has condition k when bit k of c is set; conditions dv, mh, sm.
TRIO_CELLS = np.array([0.800317, 0.027883, 0.092366, 0.029029, 0.016391, 0.005145, 0.017013, 0.011857])
TRIO_ESS = 2000.0
CC = ("Children's Commissioner for England (2019), local toxic-trio projections, Leeds: % of 0-17s in a "
      "household where an adult has {}; github.com/childrenscommissioner/riskmaps2019, "
      "docs/output_files/toxicTrio_la_data_rate.csv.")
DERIVED = "Derived: the maximum-entropy joint table of the toxic trio fitted once to its 5 published figure(s)."
TRIO_UNCERTAINTY = (
    "assumed: the whole table as precise as a sample of 2,000 (Dirichlet around the maximum-entropy table of the "
    "published figures) (no interval published; the projection rests on APMS 2014 (7,546 adults, fewer living "
    "with children) plus spatial-microsimulation error, so we assume it is no more precise than a simple random "
    "sample of 2,000)")
CONDITIONS = ["domestic violence and abuse", "parental mental-health issues", "parental drug and alcohol misuse"]


def _mask(cells):
    return sum(1 << c for c in cells)


def _with(k):
    return [c for c in range(8) if c >> k & 1]


# (id suffix, label, cells, source)
TRIO_OUTPUTS = [
    ("dv", CONDITIONS[0], _with(0), CC.format("experienced domestic abuse in the last year (narrow measure)")),
    ("mh", CONDITIONS[1], _with(1), CC.format("severe mental ill-health symptoms (narrow measure)")),
    ("sm", CONDITIONS[2], _with(2), CC.format("an alcohol or drug dependency (narrow measure)")),
    ("any", "any of the toxic trio", list(range(1, 8)), CC.format("any of the three (narrow measures)")),
    ("two_or_more", "two or more of the toxic trio", [3, 5, 6, 7], DERIVED),
    ("all_three", "all three of the toxic trio", [7],
     CC.format("all three (narrow measures; the Commissioner's rescaled 'synthetic' estimate)")),
    ("dv_only", CONDITIONS[0] + " only", [1], DERIVED),
    ("mh_only", CONDITIONS[1] + " only", [2], DERIVED),
    ("sm_only", CONDITIONS[2] + " only", [4], DERIVED),
    ("dv_mh_only", CONDITIONS[0] + " + " + CONDITIONS[1] + " only", [3], DERIVED),
    ("dv_sm_only", CONDITIONS[0] + " + " + CONDITIONS[2] + " only", [5], DERIVED),
    ("mh_sm_only", CONDITIONS[1] + " + " + CONDITIONS[2] + " only", [6], DERIVED),
    ("none", "none of the toxic trio", [0], DERIVED),
]

STRATEGY = "Leeds 2020 children and young people strategy table: "
# (id, label, phrase, count, of, ages, source detail)
SINGLES = [
    ("looked_after", "looked after (in care)", "looked after (in care)", 1288, 169422, (0, 17),
     "1,288 children looked after (0.76 % of 0-17s); denominator ONS mid-2019, ages 0-17."),
    ("youth_justice", "involved with the youth justice service", "involved with the youth justice service",
     676, 69065, (10, 17),
     "676 children involved with the youth justice service (the table gives 0.4 % of all 0-17s); "
     "denominator here ONS mid-2019, ages 10-17."),
    ("homelessness_risk", "at risk of homelessness", "at risk of homelessness", 228, 169422, (0, 17),
     "228 children at risk of homelessness (0.13 % of 0-17s); denominator ONS mid-2019, ages 0-17."),
]

_population_cache = {}


def population(year):
    """{code: (name, counts by single year of age 0..90)} for one year."""
    if year not in _population_cache:
        table = {}
        with open(POPULATION, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if int(row["year"]) != year:
                    continue
                name, ages = table.setdefault(row["area_code"], (row["area_name"], np.zeros(91)))
                ages[90 if row["age"] == "90+" else int(row["age"])] += int(row["count"])
        _population_cache[year] = table
    return _population_cache[year]


def _measures(trio_year, single_year, year_suffix=""):
    """The measures' metadata, in the engine's order, and how each draw's shares are made."""
    out = []
    for suffix, label, cells, source in TRIO_OUTPUTS:
        single_cell = len(cells) == 1
        out.append(dict(
            id=f"trio.{suffix}{year_suffix}", label=label, phrase="living with " + label, group="trio" + year_suffix,
            is_cell=int(single_cell and cells != [7]), cells=_mask(cells), group_cells=8, source=source,
            uncertainty=TRIO_UNCERTAINTY, ages=(0, 17), sex="all", year=trio_year, moved_share=0.0, kind="trio"))
    for mid, label, phrase, count, of, ages, detail in SINGLES:
        out.append(dict(
            id=mid + year_suffix, label=label, phrase=phrase, group=mid + year_suffix, is_cell=0, cells=2,
            group_cells=2, source=STRATEGY + detail, uncertainty=f"{count:,} of {of:,}, Jeffreys Beta", ages=ages,
            sex="all", year=single_year, moved_share=0.0, kind=(count, of)))
    return out


def _shares(measures, draws, rng, drift):
    """[D, M]: each draw's share of the denominator, shared by every area."""
    table = TRIO_CELLS.copy()
    table[1:] *= 1 + drift
    table[0] = 1 - table[1:].sum()
    trio = rng.dirichlet(TRIO_ESS * table, size=draws)
    share = np.empty((draws, len(measures)))
    for m, meas in enumerate(measures):
        if meas["kind"] == "trio":
            share[:, m] = trio[:, [c for c in range(8) if meas["cells"] >> c & 1]].sum(axis=1)
        else:
            count, of = meas["kind"]
            count = count * (1 + drift)
            share[:, m] = rng.beta(count + 0.5, of - count + 0.5, size=draws)
    return share


def write_results(path, areas="few", draws=2000, levels=(0.95, 0.998), keep_draws=False, seed=2020,
                  trio_year=2018, single_year=2019, years=None, drift=0.0, relative_error=0.0, csv_path=None,
                  title="Leeds 2020: children and young people living with adversity", run_years=None):
    """Writes one results file; returns its path. Every rate is scaled by 1 + `drift`. `years` (a
    list) repeats every measure for each year in one file, ids suffixed _YEAR, each year's rates
    drifting by 3 % a year from the first. `run_years` (a list) writes a run over those years:
    a row per area and year, then each year a total of its areas, every measure of year 0."""
    rng = np.random.default_rng(seed)
    pops = {y: population(y) for y in sorted({trio_year, single_year} | set(years or []) | set(run_years or []))}
    common = set.intersection(*(set(p) for p in pops.values()))
    if areas == "few":
        codes = FEW_AREAS
    elif areas == "all":
        codes = sorted(common)
    else:
        codes = list(areas)
    missing = [c for c in codes if c not in common]
    if missing:
        raise SystemExit(f"make_results_fixture: areas not in the population file for every year: {missing}")
    names = [pops[single_year if single_year in pops else trio_year][c][0] for c in codes]
    # Rows: (code, name, population year, members, note); a row per area unless a run over years.
    rows = [(c, n, None, "", "") for c, n in zip(codes, names)]
    if run_years:
        rows = [row for y in run_years for row in
                [(c, n, y, "", STAND_IN_NOTE if i == len(codes) - 1 else "") for i, (c, n) in
                 enumerate(zip(codes, names))] + [(*TOTAL, y, " ".join(codes), "")]]

    if years:
        measures, shares = [], []
        for y in years:
            ms = _measures(y, y, f"_{y}")
            measures += ms
            shares.append(_shares(ms, draws, rng, 0.03 * (y - years[0])))
        share = np.concatenate(shares, axis=1)
    elif run_years:
        measures = _measures(0, 0)  # year 0: each row's own
        share = _shares(measures, draws, rng, drift)
    else:
        measures = _measures(trio_year, single_year)
        share = _shares(measures, draws, rng, drift)

    A, M = len(rows), len(measures)
    den = np.empty((A, M))
    for m, meas in enumerate(measures):
        lo, hi = meas["ages"]
        for a, (code, _, year, members, _) in enumerate(rows):
            if not members:
                den[a, m] = pops[year or meas["year"]][code][1][lo:hi + 1].sum()
    multiplier = np.exp(relative_error * rng.standard_normal((A, 1, draws))) if relative_error else 1.0
    values = den[:, :, None] * multiplier * share.T[None, :, :]  # [A, M, D]
    for a, (_, _, year, members, _) in enumerate(rows):  # a total: its areas' draws added up
        if members:
            parts = [b for b, row in enumerate(rows) if row[2] == year and row[0] in members.split()]
            den[a], values[a] = den[parts].sum(axis=0), values[parts].sum(axis=0)

    levels = np.asarray(levels, dtype=float)
    probs = np.concatenate([(1 - levels) / 2, (1 + levels) / 2])
    q = np.quantile(values, probs, axis=2)  # type 7 (linear), [2L, A, M]
    L = len(levels)
    summaries = dict(denominator=den, mean=values.mean(axis=2), median=np.median(values, axis=2),
                     mcse=values.std(axis=2, ddof=1) / np.sqrt(draws),
                     lower=np.moveaxis(q[:L], 0, 2), upper=np.moveaxis(q[L:], 0, 2))

    text = SCENARIO.read_bytes() if SCENARIO.exists() else b"title = \"fixture\"\n"
    inputs = [("config/leeds-2020.toml", text)]
    if POPULATION.exists():
        inputs.append(("config/../data/population/england-la-single-year-of-age-2017-2021.csv", POPULATION.read_bytes()))
    utf8 = h5py.string_dtype("utf-8")
    tmp = pathlib.Path(str(path) + ".tmp")
    with h5py.File(tmp, "w") as f:
        a = f.attrs
        a["format"] = "prevalence-results"
        a.create("format_version", 1, dtype="int32")
        a["title"] = title
        a["description"] = ("Children's Commissioner 2019 toxic-trio projections (narrow measures) and Leeds's own "
                            "counts, on ONS mid-year population estimates.")
        a["engine_version"] = "0.1.0"
        a["git_commit"] = "8be8f68d2c4e0b1a9f3e5d7c6b4a29180f7e6d5c"
        a["created"] = "2026-11-26T10:15:00Z"
        a["command_line"] = (f"prevalence run config/leeds-2020.toml --draws {draws} --seed {seed} --interval "
                             + ",".join(f"{x:g}" for x in levels) + (" --keep-draws" if keep_draws else "")
                             + " --out results/leeds-2020")
        a.create("seed", seed, dtype="uint64")
        a.create("draws", draws, dtype="int64")
        a.create("threads", 2, dtype="uint32")
        a["mode"] = "expected"
        a.create("intervals", levels, dtype="float64")
        a.create("population_relative_error", relative_error, dtype="float64")
        a["shard"] = ""
        a.create("draws_kept", int(keep_draws), dtype="int8")

        g = f.create_group("inputs")
        g.create_dataset("scenario_text", data=text.decode("utf-8"), dtype=utf8)
        g.create_dataset("path", data=[p for p, _ in inputs], dtype=utf8)
        g.create_dataset("sha256", data=[hashlib.sha256(b).hexdigest() for _, b in inputs], dtype=utf8)

        g = f.create_group("areas")
        g.create_dataset("code", data=[row[0] for row in rows], dtype=utf8)
        g.create_dataset("name", data=[row[1] for row in rows], dtype=utf8)
        if run_years:
            g.create_dataset("year", data=[row[2] for row in rows], dtype="int32")
            g.create_dataset("members", data=[row[3] for row in rows], dtype=utf8)
            g.create_dataset("note", data=[row[4] for row in rows], dtype=utf8)

        g = f.create_group("measures")
        for key in ("id", "label", "phrase", "group", "source", "uncertainty", "sex"):
            g.create_dataset(key, data=[m[key] for m in measures], dtype=utf8)
        g.create_dataset("ages", data=[f"{m['ages'][0]}-{m['ages'][1]}" for m in measures], dtype=utf8)
        for key, dtype in (("is_cell", "int8"), ("cells", "uint64"), ("group_cells", "int32"), ("year", "int32"),
                           ("moved_share", "float64")):
            g.create_dataset(key, data=[m[key] for m in measures], dtype=dtype)

        g = f.create_group("summaries")
        for key, value in summaries.items():
            g.create_dataset(key, data=value, dtype="float64")
        g.create_dataset("levels", data=levels, dtype="float64")

        f.create_group("parameters").create_dataset("share", data=share, dtype="float64")
        if keep_draws:
            f.create_group("draws").create_dataset(
                "values", data=values, dtype="float64", chunks=(1, 1, min(draws, 1 << 20)), shuffle=True,
                compression="gzip", compression_opts=4)
    tmp.rename(path)

    if csv_path:
        write_estimates_csv(csv_path, rows, measures, summaries, levels[0], draws)
    return path


def write_estimates_csv(path, rows, measures, s, level, draws):
    """estimates.csv as the engine writes it: the headline (first) level only."""
    columns = ["area_code", "area_name", "measure", "label", "denominator", "mean", "median", "lower", "upper",
               "interval", "mcse", "percent", "ages", "sex", "year", "mode", "draws", "moved_draws",
               "published_percent", "fitted_percent"]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns)
        for a, (code, name, year, _, _) in enumerate(rows):
            for m, meas in enumerate(measures):
                w.writerow([code, name, meas["id"], meas["label"], f"{s['denominator'][a, m]:.0f}",
                            repr(s["mean"][a, m]), repr(s["median"][a, m]), repr(s["lower"][a, m, 0]),
                            repr(s["upper"][a, m, 0]), f"{level:g}", repr(s["mcse"][a, m]),
                            repr(100 * s["mean"][a, m] / s["denominator"][a, m]),
                            f"{meas['ages'][0]}-{meas['ages'][1]}", meas["sex"], meas["year"] or year, "expected",
                            draws,
                            round(meas["moved_share"] * draws), "", ""])


def write_year_series(directory, years=(2019, 2020, 2021), **options):
    """One results file per year (both the trio and the single measures applied to that year's
    population), rates drifting by 3 % a year; returns their paths."""
    directory = pathlib.Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for y in years:
        paths.append(write_results(directory / f"results-{y}.h5", trio_year=y, single_year=y, seed=y,
                                   drift=0.03 * (y - years[0]), **options))
    return paths


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out", nargs="?", help="results file to write")
    p.add_argument("--areas", default="few", help="few (5 metropolitan districts, Leeds first), all, or codes")
    p.add_argument("--draws", type=int, default=2000)
    p.add_argument("--levels", default="0.95,0.998")
    p.add_argument("--keep-draws", action="store_true")
    p.add_argument("--seed", type=int, default=2020)
    p.add_argument("--relative-error", type=float, default=0.0)
    p.add_argument("--csv", help="also write estimates.csv here")
    p.add_argument("--years", help="comma-separated years: a series")
    p.add_argument("--out-dir", help="with --years: one results file per year here")
    p.add_argument("--one-file", action="store_true", help="with --years: every year in OUT")
    p.add_argument("--run-years", help="comma-separated years: a run over them, with a total of the areas")
    args = p.parse_args(argv)
    areas = args.areas if args.areas in ("few", "all") else args.areas.split(",")
    options = dict(areas=areas, draws=args.draws, levels=[float(x) for x in args.levels.split(",")],
                   keep_draws=args.keep_draws, relative_error=args.relative_error,
                   run_years=[int(y) for y in args.run_years.split(",")] if args.run_years else None)
    if args.years:
        years = [int(y) for y in args.years.split(",")]
        if args.one_file:
            write_results(args.out, years=years, seed=args.seed, csv_path=args.csv, **options)
        else:
            for path in write_year_series(args.out_dir, years, **options):
                print(path)
            return 0
    else:
        write_results(args.out, seed=args.seed, csv_path=args.csv, **options)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
