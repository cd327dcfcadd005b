#!/usr/bin/python3
"""Runs every scripts/plot subcommand on results files and checks what it writes: a PNG that
decodes, A4 width at 150 dpi (1050 pixels), not blank; an SVG that parses, with its title as
text. Then the errors a user can make: each exits 2 with a message naming the problem.

Usage: plot_check.py WORKDIR [--over-years RESULTS.h5] [--bands RESULTS.h5] [ENGINE_RESULTS.h5 [ENGINE_YEAR.h5...]]
  the engine's own output is charted too: one results file, and one per population year;
  --over-years: a run over several years with totals over areas whose code is E92000001
  (England); --bands: a run over several years whose overlap trio has a band of ages 0-4
Fixtures (tests/scripts/make_results_fixture.py) are written to WORKDIR, and the charts beside
them, to look at. In a run over several years a chart of areas must hold one year's rows (each
area once), without the totals, which are ranked alone.
"""

import contextlib
import importlib.machinery
import importlib.util
import io
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import matplotlib.image

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
PLOT = os.path.join(REPO, "scripts", "plot")
sys.path.insert(0, HERE)
import make_results_fixture as fixture  # noqa: E402

failures = []


def fail(text):
    failures.append(text)
    print("FAIL: " + text)


def plot_process(*args):
    """scripts/plot as a user runs it: a process of its own."""
    return subprocess.run([PLOT, *args], capture_output=True, text=True)


# Each process imports matplotlib again (about half a second); the charts are
# drawn in this one, through the script's own main() and its exit handling
# (plot_process checks that entry point on a chart and an error).
_PLOT_MODULE = None


def plot(*args):
    global _PLOT_MODULE
    if _PLOT_MODULE is None:
        loader = importlib.machinery.SourceFileLoader("plot_script", PLOT)
        spec = importlib.util.spec_from_loader("plot_script", loader)
        _PLOT_MODULE = importlib.util.module_from_spec(spec)
        loader.exec_module(_PLOT_MODULE)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = _PLOT_MODULE.main([os.fspath(a) for a in args])
        except _PLOT_MODULE.pp.ResultsError as e:
            print(f"plot: error: {e}", file=sys.stderr)
            code = 2
        except SystemExit as e:  # argparse's usage errors
            code = e.code if isinstance(e.code, int) else 1
    return subprocess.CompletedProcess([PLOT, *args], code, out.getvalue(), err.getvalue())


def check_png(path, title):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return fail(f"{path}: not a PNG")
    width, height = struct.unpack(">II", head[16:24])
    if width != 1050 or height < 300:
        fail(f"{path}: {width} x {height} pixels, expected 1050 wide (7 inches at 150 dpi)")
    image = matplotlib.image.imread(path)
    if (image[:, :, :3].min(axis=2) < 0.5).mean() < 0.005:
        fail(f"{path}: next to nothing drawn")
    print(f"ok {path} ({width} x {height}): {title}")


def check_svg(path, title):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return fail(f"{path}: not XML: {e}")
    if root.tag != "{http://www.w3.org/2000/svg}svg" or root.get("width") != "504pt":
        return fail(f"{path}: root {root.tag} width {root.get('width')}, expected an svg 504pt (7 inches) wide")
    text = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    if " ".join(title.split()) not in " ".join(text.split()):
        fail(f"{path}: the title {title!r} is not in its text")
    print(f"ok {path}")


def svg_texts(path):
    """Every text element of an SVG chart, whitespace collapsed: a tick label is one."""
    root = ET.parse(path).getroot()
    return [" ".join("".join(t.itertext()).split()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def check_labels(name, once=(), absent=()):
    """The tick labels of a chart written by check_chart: each of `once` exactly once (an area
    of one year, not one per year), none of `absent` (a total in a chart of areas)."""
    path = os.path.join(WORK, f"{name}.svg")
    if not os.path.exists(path):
        return fail(f"{path}: not written")
    texts = svg_texts(path)
    for label in once:
        if texts.count(label) != 1:
            fail(f"{path}: {texts.count(label)} labels {label!r}, expected 1 (one year's rows, each area once)")
    for label in absent:
        if label in texts:
            fail(f"{path}: a label {label!r}, which should not be ranked here")
    print(f"ok {path}: labels {list(once)} once" + (f", none of {list(absent)}" if absent else ""))


def check_chart(name, args, title, run=plot):
    """Both formats of one chart."""
    for ext in ("png", "svg"):
        out = os.path.join(WORK, f"{name}.{ext}")
        done = run(*args, "--out", out)
        if done.returncode != 0 or done.stdout.strip() != out:
            fail(f"plot {' '.join(args)}: exit {done.returncode}, stdout {done.stdout!r}, stderr {done.stderr!r}")
            continue
        if not os.path.getsize(out):
            fail(f"{out}: empty")
            continue
        (check_png if ext == "png" else check_svg)(out, title)


def check_error(args, *words, run=plot):
    done = run(*args)
    message = done.stderr.strip()
    last = message.splitlines()[-1] if message else ""
    if done.returncode != 2 or not last.startswith("plot") or not all(w in last for w in words):
        fail(f"plot {' '.join(args)}: exit {done.returncode}, stderr {message!r}; expected exit 2 saying {words}")
    else:
        print(f"ok exit 2: {last}")


def over_years_checks(engine):
    """The engine's run over several years with totals (England 2017-2021)."""
    with h5py.File(engine, "r") as f:
        codes, years = f["areas/code"].asstr()[()], f["areas/year"][()]
        members = f["areas/members"].asstr()[()]
    first, last = int(years.min()), int(years.max())
    middle = (first + last) // 2
    n_areas = int(sum((years == middle) & (members == "")))
    n_totals = int(sum((years == last) & (members != "")))
    check_chart("engine-over-years-fan", ["years", engine, "--measure", "trio.any", "--area", "E92000001"],
                f"Any of the toxic trio in England (E92000001), {first}-{last}")
    check_chart("engine-over-years-areas", ["areas", engine, "--measure", "trio.any", "--year", str(middle)],
                f"Any of the toxic trio: children by area, {middle}, {n_areas} areas")
    check_labels("engine-over-years-areas", once=["Leeds", "Cornwall"], absent=["England", "London"])
    check_chart("engine-over-years-areas-latest", ["areas", engine, "--measure", "trio.all_three", "--top", "15"],
                f"All three of the toxic trio: children by area, {last}, top 15 of")
    check_chart("engine-over-years-totals", ["areas", engine, "--measure", "trio.any", "--totals", "--percent"],
                f"Any of the toxic trio: % of children by total, {last}, {n_totals} totals")
    check_labels("engine-over-years-totals", once=["England (152)"], absent=["Leeds"])
    check_chart("engine-over-years-overlap", ["overlap", engine, "--area", "England", "--year", str(first)],
                f"England (E92000001), {first}: children in each combination of the toxic trio")
    check_chart("engine-over-years-overlap-scilly", ["overlap", engine, "--area", "E06000053"],
                f"Isles of Scilly (E06000053), {last}")
    check_error(["areas", engine, "--measure", "trio.any", "--year", str(first - 1)], "no figures", "trio.any",
                f"{first}-{last}")
    new_code = next(c for c in codes if c not in set(codes[years == first]))  # an area formed later
    check_error(["overlap", engine, "--area", new_code, "--year", str(first)], new_code, f"has no row for {first}")
    # Dorset: a county until 2018, then a unitary authority of the same name with another code.
    check_error(["years", engine, "--measure", "trio.any", "--area", "Dorset"], "names 2 areas", "E10000009",
                "E06000059", "give its code")
    check_error(["years", engine, "--measure", "trio.any", "--area", "E10000009"], f"row for {first} only")


def bands_checks(engine):
    """The engine's run over several years with a total and life-stage bands (0-4)."""
    with h5py.File(engine, "r") as f:
        last = int(f["areas/year"][()].max())
        total = next(c for c, m in zip(f["areas/code"].asstr()[()], f["areas/members"].asstr()[()]) if m)
    check_chart("engine-bands-overlap", ["overlap", engine, "--area", total, "--ages", "0-4"],
                f"({total}), {last}: children aged 0-4 in each combination of the toxic trio")
    check_chart("engine-bands-areas", ["areas", engine, "--measure", "trio.any.ages_0-4"],
                f"Any of the toxic trio, ages 0-4: children by area, {last}, 3 areas")
    check_chart("engine-bands-fan", ["years", engine, "--measure", "trio.all_three.ages_0-4", "--area", total],
                "All three of the toxic trio, ages 0-4 in")
    check_error(["overlap", engine, "--area", total, "--ages", "3-7"], "no figures for ages 3-7", "0-4")


def main(argv):
    global WORK
    argv = list(argv)
    options = {}
    for flag in ("--over-years", "--bands"):
        if flag in argv:
            i = argv.index(flag)
            options[flag] = argv[i + 1]
            del argv[i:i + 2]
    WORK = os.path.abspath(argv[0])
    os.makedirs(WORK, exist_ok=True)
    few = fixture.write_results(os.path.join(WORK, "few.h5"), keep_draws=True)
    many = fixture.write_results(os.path.join(WORK, "all-areas.h5"), areas="all", draws=300, relative_error=0.02)
    years = fixture.write_year_series(os.path.join(WORK, "years"), (2018, 2019, 2020, 2021))
    one_file = fixture.write_results(os.path.join(WORK, "years-one-file.h5"), years=[2019, 2020, 2021])
    over_years = fixture.write_results(os.path.join(WORK, "over-years.h5"), run_years=[2019, 2020, 2021])
    total_name = fixture.TOTAL[1]

    check_chart("areas-trio.any", ["areas", few, "--measure", "trio.any"], "Any of the toxic trio: children by area, 5 areas",
                run=plot_process)
    check_chart("areas-looked_after-998", ["areas", few, "--measure", "looked_after", "--level", "0.998", "--percent"],
                "Looked after (in care): % of children by area")
    check_chart("areas-all", ["areas", many, "--measure", "youth_justice"], "Involved with the youth justice service")
    check_chart("areas-top20", ["areas", many, "--measure", "trio.all_three", "--top", "20"],
                "All three of the toxic trio: children by area, top 20 of 313")
    check_chart("overlap-leeds", ["overlap", few, "--area", "E08000035", "--group", "trio"],
                "Leeds (E08000035): children in each combination")
    check_chart("overlap-kirklees-998", ["overlap", few, "--area", "Kirklees", "--level", "0.998"],
                "Kirklees (E08000034)")
    check_chart("years-files", ["years", *years, "--measure", "looked_after", "--area", "E08000035"],
                "Looked after (in care) in Leeds (E08000035), 2018-2021")
    check_chart("years-one-file", ["years", one_file, "--measure", "trio.any_2019", "--area", "Leeds", "--percent"],
                "Any of the toxic trio in Leeds (E08000035), 2019-2021")

    # A run over several years with a total of the areas (the fixture's layout of engine 0.3).
    check_chart("over-years-areas", ["areas", over_years, "--measure", "trio.any"],
                "Any of the toxic trio: children by area, 2021, 5 areas")
    check_labels("over-years-areas", once=["Leeds", "Kirklees \u2020"], absent=[total_name])
    check_chart("over-years-areas-2019", ["areas", over_years, "--measure", "looked_after", "--year", "2019"],
                "Looked after (in care): children by area, 2019, 5 areas")
    check_labels("over-years-areas-2019", once=["Leeds"], absent=[total_name])
    check_chart("over-years-totals", ["areas", over_years, "--measure", "trio.any", "--totals"],
                "Any of the toxic trio: children by total, 2021, 1 total")
    check_labels("over-years-totals", once=[f"{total_name} (5)"], absent=["Leeds"])
    check_chart("over-years-overlap", ["overlap", over_years, "--area", "few-total", "--year", "2020"],
                f"{total_name} (few-total), 2020: children in each combination of the toxic trio")
    check_chart("over-years-fan", ["years", over_years, "--measure", "trio.any", "--area", "Leeds"],
                "Any of the toxic trio in Leeds (E08000035), 2019-2021")
    check_chart("over-years-fan-total", ["years", over_years, "--measure", "looked_after", "--area", "few-total",
                                         "--percent"], f"Looked after (in care) in {total_name} (few-total), 2019-2021")
    check_error(["areas", over_years, "--measure", "trio.any", "--year", "2018"], "no figures", "2019-2021")
    check_error(["overlap", over_years, "--area", "Leeds", "--year", "2022"], "has no row for 2022", "2019-2021")
    check_error(["areas", few, "--measure", "trio.any", "--totals"], "no totals")
    check_error(["overlap", few, "--area", "Leeds", "--ages", "0-4"], "no figures for ages 0-4", "0-17")
    if "--over-years" in options:
        over_years_checks(options["--over-years"])
    if "--bands" in options:
        bands_checks(options["--bands"])

    if len(argv) > 1:  # the engine's own output
        engine = argv[1]
        with h5py.File(engine, "r") as f:
            code = f["areas/code"].asstr()[0]
            measure = f["measures/id"].asstr()[0]
            overlaps = sorted({g for g, n in zip(f["measures/group"].asstr()[()], f["measures/group_cells"][()])
                               if n > 2})
        check_chart("engine-areas", ["areas", engine, "--measure", measure], "")
        for group in overlaps:
            check_chart(f"engine-overlap-{group}", ["overlap", engine, "--area", code, "--group", group], code)
    if len(argv) > 2:  # the engine's runs for several population years
        check_chart("engine-years", ["years", *argv[2:], "--measure", "looked_after", "--area", "E08000035"],
                    "Looked after (in care) in Leeds (E08000035)")
        check_error(["years", *argv[2:], "--measure", "trio.any", "--area", "E08000035"], "two results for 2018")

    # Errors: exit 2, saying what is wrong.
    text = os.path.join(WORK, "notes.txt")
    with open(text, "w") as f:
        f.write("not a results file\n")
    other = os.path.join(WORK, "other.h5")
    with h5py.File(other, "w") as f:
        f.attrs["format"] = "something-else"
    missing = os.path.join(WORK, "missing.h5")
    check_error(["areas", missing, "--measure", "trio.any"], "missing.h5", "no such file", run=plot_process)
    check_error(["areas", text, "--measure", "trio.any"], "not a prevalence results file")
    check_error(["overlap", other, "--area", "E08000035"], "not a prevalence results file")
    check_error(["years", few, missing, "--measure", "trio.any", "--area", "Leeds"], "no such file")
    check_error(["areas", few, "--measure", "trio.nope"], "unknown measure", "trio.nope", "trio.any")
    check_error(["overlap", few, "--area", "E09999999"], "unknown area", "E09999999", "E08000035 (Leeds)")
    check_error(["overlap", few, "--area", "Leeds", "--group", "quartet"], "unknown group", "quartet", "trio")
    check_error(["overlap", few, "--area", "Leeds", "--group", "looked_after"], "single measure")
    check_error(["years", few, "--measure", "trio.any", "--area", "Leeds"], "two or more years", "2018")
    check_error(["years", years[0], years[0], "--measure", "trio.any", "--area", "Leeds"], "two results for 2018")
    check_error(["years", *years, "--measure", "trio.any", "--area", "Narnia"], "unknown area")
    check_error(["areas", few, "--measure", "trio.any", "--level", "0.9"], "no 0.9 intervals", "0.95, 0.998")
    check_error(["areas", few, "--measure", "trio.any", "--out", os.path.join(WORK, "x.pdf")], "x.pdf", ".png or .svg")
    check_error(["areas", few, "--measure", "trio.any", "--out", os.path.join(WORK, "no-dir", "x.png")],
                "cannot write")
    check_error(["areas", few, "--measure", "trio.any", "--top", "0"], "--top")
    check_error(["bars", few], "invalid choice", run=plot_process)

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"all charts written and checked; look at them in {WORK}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
