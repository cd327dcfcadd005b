#!/usr/bin/python3
"""Makes scripts/report's page for a results file and checks it, as written and as headless
chromium renders it.

Usage: report_check.py --prevalence BINARY --results RESULTS.h5 --workdir DIR [--errors]

  the page     one <main> holding the table's sections, then Charts and Method and sources;
               a <figure> with an inline <svg> (no XML prolog) and a <figcaption> per chart,
               as many as the results call for; no scripts, no external resources, no id twice;
               the charts show the figures as the table shows them under disclosure control
               (rounded; "[c]" where the table suppresses one), never the unrounded estimate.
               A run of more than 60 rows (areas in a year, and totals over areas) tables its
               totals and first 10 areas, each in every year, and says so; its charts are of
               its latest year, totals first, and its first charted area across the years;
               the Method section lists the totals and the areas whose figures are not their
               own. With totals, --areas CODE,CODE tables exactly those codes' rows
  chromium     --screenshot (1200 x 3000) and --dump-dom of the page, each in its own profile:
               every line chromium writes to stderr must be one of the harmless ones listed in
               HARMLESS (D-Bus, GPU and sandbox noise of a headless machine), so a console
               message (a script error included) or a file loaded besides the page fails the
               test (a browser that fails by itself gets one more try, noted in the output);
               the screenshot is a PNG of that size with something drawn; the DOM holds
               the tables, the svgs and the Method section. A second screenshot shows the
               charts section first (a copy of the page without the tables), and must hold
               the charts' ink.
  --errors     also scripts/report's own errors: a missing results file, no binary, a binary
               without the table verb, a policy the table verb rejects: each exits 2 saying so;
               and (with the stand-in's STANDIN_METHOD=1) a page that has its own Method and
               sources section gets no second one

The screenshots stay in DIR (report.png, report-charts.png) to look at.
"""

import argparse
import csv
import html
import io
import os
import re
import subprocess
import sys

import matplotlib.image
import numpy as np

HERE = os.path.dirname(os.path.realpath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
REPORT = os.path.join(REPO, "scripts", "report")
sys.path.insert(0, os.path.join(REPO, "scripts"))
import prevalence_plots as pp  # noqa: E402

SDC = "ons-10-5"
MAX_ROWS, FIRST_AREAS, MAX_OVERLAP_AREAS = 60, 10, 6  # as scripts/report says it does
CHROMIUM_TIMEOUT = 900  # seconds; only to stop a hung browser, generous for a slow machine

# What headless chromium prints on a machine without a display, GPU, D-Bus or desktop session,
# whatever the page: (level, source file, message). Nothing else may appear.
HARMLESS = [
    ("ERROR", "dbus/bus.cc", r"Failed to connect to the bus: .*"),
    ("ERROR", "dbus/object_proxy.cc", r"Failed to call method: org\.freedesktop\..*"),
    ("WARNING", "dbus/property.cc", r"Failed to connect to PropertiesChangedsignal\.|GetAll request failed for: .*"),
    ("WARNING", "ui/base/idle/idle_linux.cc", r"None of the known D-Bus ScreenSaver services could be used\."),
    ("WARNING", "device/bluetooth/dbus/bluez_dbus_manager.cc", r"Floss manager service not available, .*"),
    ("WARNING", "media/gpu/vaapi/vaapi_wrapper.cc", r"drmGetDevices2\(\) has not found any devices"),
    ("WARNING", "sandbox/policy/linux/sandbox_linux.cc",
     r"InitializeSandbox\(\) called with multiple threads in process gpu-process\."),
    # Headless shutting a page down while the renderer still reports its widget's geometry.
    ("ERROR", "mojo/public/cpp/bindings/lib/interface_endpoint_client.cc",
     r"Message \d+ rejected by interface blink\.mojom\.FrameWidgetHost"),
]
LOG_LINE = re.compile(r"^\[[\d:/.]+:(?P<level>[A-Z]+\d*):(?P<file>[^\]]+?)(?::\d+|\(\d+\))\] (?P<message>.*)$")
# Debian's launcher compares /dev/shm's free space with `[`, which complains when findmnt
# prints more than one number; and --screenshot says where it wrote.
LAUNCHER = re.compile(r"^\S*chromium: \d+: \[: .*: unexpected operator$")
WRITTEN = re.compile(r"^\d+ bytes written to file .*$")

failures = []


def fail(text):
    failures.append(text)
    print("FAIL: " + text)


def ok(text):
    print("ok " + text)


def chromium_problems(stderr, page_url):
    """The lines of chromium's stderr that are not harmless: console messages, files loaded
    other than the page, anything unexpected."""
    problems = []
    for line in stderr.splitlines():
        if not line.strip() or LAUNCHER.match(line) or WRITTEN.match(line):
            continue
        m = LOG_LINE.match(line)
        if not m:
            problems.append(f"unexpected output: {line}")
            continue
        level, source, message = m["level"], m["file"], m["message"]
        if source == "CONSOLE":
            problems.append(f"console message: {message}")
        elif message.startswith("FileURLLoader::Start: "):
            url = message.split(": ", 1)[1].split("#")[0]
            if url != page_url:
                problems.append(f"loads a file besides the page: {url}")
        elif not any(level == lv and source == src and re.fullmatch(rx, message) for lv, src, rx in HARMLESS):
            problems.append(f"unexpected message: {line}")
    return problems


def chromium(work, name, page, *args):
    """Runs headless chromium on a page; returns its stdout, failing on any stderr problem.

    What the page causes (a console message, a file it loads) fails at once. A browser that
    exits with an error or says something unexpected gets one more try, in a fresh profile,
    and the first try's lines are printed: the page has no scripts, so whatever it causes
    happens every time, and the test fails only if the second try goes wrong too."""
    url = "file://" + os.path.abspath(page)
    for attempt in (1, 2):
        tag = name if attempt == 1 else f"{name}-again"
        command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                   # Its own profile and cache, and none of the browser's background services,
                   # whose messages would depend on how long a slow machine keeps it up.
                   f"--user-data-dir={work}/profile-{tag}", f"--disk-cache-dir={work}/cache-{tag}",
                   "--no-first-run", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--disable-extensions", "--disable-default-apps", "--disable-breakpad",
                   "--disable-domain-reliability", "--disable-client-side-phishing-detection",
                   # Every log line on stderr, and each file the page loads.
                   "--enable-logging=stderr", "--v=0", "--vmodule=file_url_loader_factory=1", *args, url]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT)
        except subprocess.TimeoutExpired:
            problems, page_problems, stdout = [f"no answer in {CHROMIUM_TIMEOUT} s"], [], ""
        else:
            with open(os.path.join(work, f"chromium-{tag}.stderr"), "w") as f:
                f.write(done.stderr)
            problems = chromium_problems(done.stderr, url)
            page_problems = [p for p in problems if p.startswith(("console message", "loads a file"))]
            if done.returncode != 0:
                problems.append(f"exit {done.returncode}")
            stdout = done.stdout
        if not problems:
            ok(f"chromium {name}: no console message, no file loaded besides the page, no unexpected output"
               + (" (second try)" if attempt == 2 else ""))
            return stdout
        if page_problems or attempt == 2:
            for p in problems:
                fail(f"chromium {tag}: {p}")
            return stdout
        for p in problems:
            print(f"NOTE: chromium {name}, first try: {p}")
        print(f"NOTE: chromium {name}: trying once more")
    return ""


def check_screenshot(path, ink=None):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return fail(f"{path}: no screenshot")
    with open(path, "rb") as f:
        if f.read(8) != b"\x89PNG\r\n\x1a\n":
            return fail(f"{path}: not a PNG")
    image = matplotlib.image.imread(path)[:, :, :3]
    if image.shape[:2] != (3000, 1200):
        fail(f"{path}: {image.shape[1]} x {image.shape[0]}, expected 1200 x 3000")
    dark = (image.min(axis=2) < 0.5).mean()
    if dark < 0.002:
        fail(f"{path}: next to nothing drawn ({dark:.2%} dark pixels)")
    if ink is not None:
        colour = np.array([int(ink[i:i + 2], 16) / 255 for i in (1, 3, 5)])
        inked = (np.abs(image - colour).max(axis=2) < 0.08).sum()
        if inked < 2000:
            fail(f"{path}: {inked} pixels of the charts' ink {ink}: the charts did not render")
        else:
            ok(f"{path}: {inked} pixels of the charts' ink")
    ok(f"{path}: PNG {image.shape[1]} x {image.shape[0]}, {dark:.1%} dark pixels")


def tabled_codes(r):
    """The codes whose rows the page tables (every year of each): every code, or for a run of
    more than MAX_ROWS rows its totals and first FIRST_AREAS areas."""
    codes = list(dict.fromkeys(r.codes))
    if len(r.codes) <= MAX_ROWS:
        return codes
    areas = [c for c in codes if not r.is_total(r.codes.index(c))][:FIRST_AREAS]
    return [c for c in codes if c in areas or r.is_total(r.codes.index(c))]


def charted_rows(r, group, codes):
    """The rows whose overlap charts the page shows, in order: each code's latest row, the
    totals first (most areas first), then the areas in the file's order."""
    first = next(m for m, meas in enumerate(r.measures) if meas["group"] == group)
    rows = [max((a for a in range(len(r.codes)) if r.codes[a] == c), key=lambda a: r.year_of(a, first)) for c in codes]
    return sorted(rows, key=lambda a: (not r.is_total(a), -len(r.members[a])))[:MAX_OVERLAP_AREAS]


def expected_figures(r, codes):
    groups = r.overlap_groups()
    n = sum(len(charted_rows(r, g, codes)) for g in groups)
    measures = r.headline_measures(bands=False)
    n += sum(len(r.rows_of_year(m)[1]) > 1 for m in measures)
    if r.multi_year and groups and r.codes.count(r.codes[charted_rows(r, groups[0], codes)[0]]) > 1:
        n += len(measures)
    return n


def check_page(page, r, shown_rows):
    """The page as written."""
    low = page.lower()
    if not page.lstrip().lower().startswith("<!doctype html>"):
        fail("the page does not start with <!DOCTYPE html>")
    if low.count("<main") != 1 or low.count("</main>") != 1:
        fail("the page does not have exactly one <main>")
    charts, method, end = low.find('<section class="charts"'), low.find('<section class="method"'), low.find("</main>")
    if not 0 < charts < end:
        fail("no charts section inside <main>")
    if method >= 0 and not charts < method < end:
        fail("the Method and sources section is not after the charts, inside <main>")
    if "method and sources" not in low:
        fail("no Method and sources section")
    for tag in ("<script", "<iframe", "<object", "<embed", "<link", "<img", "<?xml", "<!doctype svg", "@import"):
        if tag in low:
            fail(f"the page has {tag}")
    for attr, value in re.findall(r"""\b(src|href|srcset|poster|data|action)\s*=\s*["']?([^"'\s>]*)""", page, re.I):
        if not value.startswith(("#", "data:")):
            fail(f"the page refers to {attr}={value}: not self-contained")
    if re.search(r"url\(\s*['\"]?(?!#|data:)", page):
        fail("the page's CSS refers to an external url()")
    ids = re.findall(r'\bid="([^"]+)"', page)
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        fail(f"ids used more than once: {repeated[:5]}")

    codes = tabled_codes(r)
    n_rows = sum(c in codes for c in r.codes)
    n_tabled = page.count('<section class="area"')
    if n_tabled != n_rows:
        fail(f"{n_tabled} tables of rows, expected {n_rows} (of {len(r.codes)})")
    if (len(r.codes) > MAX_ROWS) != ('<p class="selection">' in page):
        fail(f"{len(r.codes)} rows, but the page {'does not say' if len(r.codes) > MAX_ROWS else 'says'} it shows "
             f"only some")
    if len(r.codes) > MAX_ROWS:
        ok(f"the page tables {n_rows} of the run's {len(r.codes)} rows ({len(codes)} codes) and says so")
    for heading, present in (("Totals over areas", any(map(r.is_total, range(len(r.codes))))),
                             ("Areas whose figures are not their own", any(r.notes))):
        if (heading in page) != present:
            fail(f"the Method section {'lacks' if present else 'has'} {heading!r}")
    expected = expected_figures(r, codes)
    figures = re.findall(r"<figure\b.*?</figure>", page, re.S)
    if len(figures) != expected:
        fail(f"{len(figures)} figures, expected {expected}")
    for fig in figures:
        if fig.count("<svg") != 1 or fig.count("<figcaption>") != 1 or 'role="img"' not in fig:
            fail("a figure without exactly one svg (role=img) and one figcaption")
    ok(f"the page: {len(figures)} figures with inline svg and caption, self-contained, no scripts, ids unique")

    # The charts show what the table shows.
    chart_text = re.sub(r"\s+", " ", " ".join(re.findall(r">([^<]+)<", page[charts:method if method > 0 else end])))
    # A figure the table suppresses in a row whose combinations are charted must be marked there.
    charted = {(r.codes[a], str(r.year_of(a, m)), r.measures[m]["id"]) for g in r.overlap_groups()
               for a in charted_rows(r, g, codes) for m, meas in enumerate(r.measures) if meas["group"] == g}
    suppressed = [row for row in shown_rows if row["count"].startswith("[")
                  and (row["area_code"], row["year"], row["measure"]) in charted]
    if suppressed and "[c]" not in chart_text:
        fail(f"the table suppresses {len(suppressed)} charted figure(s) but no chart says [c]")
    # The first condition of the first overlap: its total labels a row of the first area's chart.
    group = r.overlap_groups()[0]
    n_cells = next(x["group_cells"] for x in r.measures if x["group"] == group)
    first_condition = sum(1 << c for c in range(n_cells) if c & 1)
    m = r.measure(next(x["id"] for x in r.measures if x["group"] == group and x["cells"] == first_condition))
    a = charted_rows(r, group, codes)[0]
    caption = re.search(r"<figcaption>Figure 1\. ([^<]*)", page)
    if not caption or not caption[1].startswith(html.escape(r.row_title(a), quote=True)):
        fail(f"the first chart is not of {r.row_title(a)}: {caption[1] if caption else 'no caption'}")
    row = next(x for x in shown_rows if x["area_code"] == r.codes[a] and x["measure"] == r.measures[m]["id"]
               and x.get("year", str(r.year_of(a, m))) == str(r.year_of(a, m)))
    raw, shown = pp.fmt_count(r.mean[a, m]), pp.fmt_count(float(row["count"]))
    if shown not in chart_text:
        fail(f"the charts do not show {r.measures[m]['id']} in {r.codes[a]} as the table does ({shown})")
    if raw != shown and raw in chart_text:
        fail(f"the charts show the unrounded {raw} where the table shows {shown}")
    ok(f"the charts show {r.measures[m]['id']} in {r.codes[a]} as the table does ({shown}, not {raw})"
       + (f"; [c] where it suppresses ({len(suppressed)} figures)" if suppressed else ""))


def check_errors(work, binary, results):
    def report(*args):
        return subprocess.run([REPORT, *args], capture_output=True, text=True)

    no_verb = os.path.join(work, "prevalence-without-table")
    with open(no_verb, "w") as f:
        f.write('#!/bin/sh\necho \'prevalence: error: unknown verb "table" (try prevalence --help)\' >&2\nexit 2\n')
    os.chmod(no_verb, 0o755)
    for args, words in (
            ([os.path.join(work, "missing.h5"), "--prevalence", binary], "no such file"),
            ([results, "--prevalence", os.path.join(work, "no-binary")], "no prevalence binary"),
            ([results, "--prevalence", no_verb], "has no table verb"),
            ([results, "--prevalence", binary, "--sdc", "secret-policy"], "secret-policy"),
            ([results, "--prevalence", binary, "--areas", "Leeds,Narnia"], "unknown area \"Narnia\""),
            ([results, "--prevalence", binary, "--out", os.path.join(work, "no-dir", "r.html")], "cannot write")):
        done = report(*args)
        if done.returncode != 2 or words not in done.stderr:
            fail(f"report {' '.join(args)}: exit {done.returncode}, {done.stderr.strip()!r}; expected 2 saying {words!r}")
        else:
            ok(f"exit 2: {done.stderr.strip().splitlines()[-1]}")

    # A table page with its own Method section keeps it, and gets no second one.
    out = os.path.join(work, "report-own-method.html")
    done = subprocess.run([REPORT, results, "--prevalence", binary, "--out", out], capture_output=True, text=True,
                          env=dict(os.environ, STANDIN_METHOD="1"))
    with open(out, encoding="utf-8") as f:
        page = f.read()
    if done.returncode != 0 or page.count("Method and sources") != 1 or "<figure" not in page:
        fail(f"a page with its own Method section: exit {done.returncode}, "
             f"{page.count('Method and sources')} Method sections")
    else:
        ok("a page with its own Method and sources section keeps it alone, and gets the charts")


def check_chosen_areas(work, binary, results, r):
    """--areas: the page tables exactly those codes' rows (a name taken for a code), says so,
    and charts their combinations, the total first."""
    area = next(a for a in range(len(r.codes)) if not r.is_total(a))
    total = max((a for a in range(len(r.codes)) if r.is_total(a)), key=lambda a: (len(r.members[a]), r.year_of(a)))
    out = os.path.join(work, "report-areas.html")
    done = subprocess.run([REPORT, results, "--out", out, "--prevalence", binary,
                           "--areas", f"{r.names[area]},{r.codes[total]}"], capture_output=True, text=True)
    if done.returncode != 0:
        return fail(f"report --areas: exit {done.returncode}: {done.stderr.strip()}")
    with open(out, encoding="utf-8") as f:
        page = f.read()
    n_rows = sum(c in (r.codes[area], r.codes[total]) for c in r.codes)
    headings = re.findall(r'<section class="area"[^>]*>\s*<h2>([^<]*)</h2>', page)
    caption = re.search(r"<figcaption>Figure 1\. ([^<]*)", page)
    if len(headings) != n_rows or "asked for (--areas)" not in page:
        fail(f"report --areas: {len(headings)} tables of rows, expected {n_rows}, and a note saying which")
    elif not caption or not caption[1].startswith(html.escape(r.row_title(total), quote=True)):
        fail(f"report --areas: the first chart is not of {r.row_title(total)}: {caption[1] if caption else 'none'}")
    else:
        ok(f"report --areas {r.names[area]},{r.codes[total]}: {n_rows} tables, the note, the first chart of "
           f"{r.row_title(total)}")


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--prevalence", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--errors", action="store_true")
    args = p.parse_args(argv)
    work = os.path.abspath(args.workdir)
    os.makedirs(work, exist_ok=True)
    r = pp.Results(args.results)

    out = os.path.join(work, "report.html")
    done = subprocess.run([REPORT, args.results, "--out", out, "--sdc", SDC, "--words", "--prevalence", args.prevalence],
                          capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr)
        fail(f"scripts/report exit {done.returncode}")
        return 1
    with open(out, encoding="utf-8") as f:
        page = f.read()
    table_csv = subprocess.run([args.prevalence, "table", args.results, "--format", "csv", "--sdc", SDC],
                               capture_output=True, text=True, check=True).stdout
    check_page(page, r, list(csv.DictReader(io.StringIO(table_csv))))

    shot = os.path.join(work, "report.png")
    chromium(work, "screenshot", out, f"--screenshot={shot}", "--window-size=1200,3000")
    check_screenshot(shot)
    dom = chromium(work, "dump-dom", out, "--dump-dom")
    n_svg, n_tables = dom.count("<svg"), dom.count("<table")
    if not (dom.count("<main") == 1 and n_svg == page.count("<svg") and n_svg > 0
            and n_tables >= page.count('<section class="area"')
            and "Method and sources" in dom and "<script" not in dom):
        fail(f"the DOM: {dom.count('<main')} main, {n_svg} svg, {n_tables} tables, "
             f"Method {'present' if 'Method and sources' in dom else 'missing'}")
    else:
        ok(f"the DOM: one main, {n_tables} tables, {n_svg} svgs, Method and sources")

    # The charts first: the page without its tables, to see them rendered.
    start, end = page.find('<section class="charts"'), page.find("</main>")
    charts_page = os.path.join(work, "report-charts.html")
    with open(charts_page, "w", encoding="utf-8") as f:
        f.write(page[:page.find("<main>") + len("<main>")] + page[start:end] + page[end:])
    shot = os.path.join(work, "report-charts.png")
    chromium(work, "charts", charts_page, f"--screenshot={shot}", "--window-size=1200,3000")
    check_screenshot(shot, ink=pp.INK)

    if any(map(r.is_total, range(len(r.codes)))):
        check_chosen_areas(work, args.prevalence, args.results, r)
    if args.errors:
        check_errors(work, args.prevalence, args.results)
    if failures:
        print(f"{len(failures)} failure(s); chromium's stderr is in {work}/chromium-*.stderr")
        return 1
    print(f"the report renders; look at {work}/report.png and {work}/report-charts.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
