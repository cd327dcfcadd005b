#!/usr/bin/python3
"""Runs every scripts/plot subcommand on results files and checks what it writes: a PNG that
decodes, A4 width at 150 dpi (1050 pixels), not blank; an SVG that parses, with its title as
text. Then the errors a user can make: each exits 2 with a message naming the problem.

Usage: plot_check.py WORKDIR [ENGINE_RESULTS.h5 [ENGINE_YEAR.h5...]]
  the engine's own output is charted too: one results file, and one per population year
Fixtures (tests/scripts/make_results_fixture.py) are written to WORKDIR, and the charts beside
them, to look at.
"""

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


def plot(*args):
    return subprocess.run([PLOT, *args], capture_output=True, text=True)


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


def check_chart(name, args, title):
    """Both formats of one chart."""
    for ext in ("png", "svg"):
        out = os.path.join(WORK, f"{name}.{ext}")
        done = plot(*args, "--out", out)
        if done.returncode != 0 or done.stdout.strip() != out:
            fail(f"plot {' '.join(args)}: exit {done.returncode}, stdout {done.stdout!r}, stderr {done.stderr!r}")
            continue
        if not os.path.getsize(out):
            fail(f"{out}: empty")
            continue
        (check_png if ext == "png" else check_svg)(out, title)


def check_error(args, *words):
    done = plot(*args)
    message = done.stderr.strip()
    last = message.splitlines()[-1] if message else ""
    if done.returncode != 2 or not last.startswith("plot") or not all(w in last for w in words):
        fail(f"plot {' '.join(args)}: exit {done.returncode}, stderr {message!r}; expected exit 2 saying {words}")
    else:
        print(f"ok exit 2: {last}")


def main(argv):
    global WORK
    WORK = os.path.abspath(argv[0])
    os.makedirs(WORK, exist_ok=True)
    few = fixture.write_results(os.path.join(WORK, "few.h5"), keep_draws=True)
    many = fixture.write_results(os.path.join(WORK, "all-areas.h5"), areas="all", draws=300, relative_error=0.02)
    years = fixture.write_year_series(os.path.join(WORK, "years"), (2018, 2019, 2020, 2021))
    one_file = fixture.write_results(os.path.join(WORK, "years-one-file.h5"), years=[2019, 2020, 2021])

    check_chart("areas-trio.any", ["areas", few, "--measure", "trio.any"], "Any of the toxic trio: children by area, 5 areas")
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
    check_error(["areas", missing, "--measure", "trio.any"], "missing.h5", "no such file")
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
    check_error(["bars", few], "invalid choice")

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print(f"all charts written and checked; look at them in {WORK}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
