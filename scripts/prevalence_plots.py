"""Charts of a prevalence results file (results.h5, laid out in docs/results-format.md).

Used by scripts/plot (one chart per command) and scripts/report (charts inlined in an HTML
page). Every chart is sized for A4 width, titled, labelled with its units and signed with a
source line: the measure's citation and how the run was made.

Three charts:
  areas_figure    one measure across areas in one year, sorted; point = the estimate (the
                  median of the draws, or the mean for files that headline it),
                  bar = interval; totals over areas (regions, England) are ranked apart
  overlap_figure  the exclusive cells of an overlap (e.g. the toxic trio) in one area, upset
                  style: bars with intervals over a matrix of which conditions each cell has
  years_figure    one measure in one area across years: a fan of the stored intervals around
                  the median

A row of a results file is an area in one year, or a total over areas (its `members`); a run
over several years has a row per area and year, so a row is found by (code, year), and a
measure whose `year` is 0 takes each row's year (Results.year_of).

Errors a user can fix (a missing file, an unknown measure, area or group, a file that is not a
results file) raise ResultsError, whose message names the problem; the scripts exit 2 on it.
"""

import copy
import io
import os
import re

import matplotlib

matplotlib.use("Agg")
import h5py  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.textpath import TextToPath  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

A4_WIDTH = 7.0  # inches: A4's 210 mm less margins, so the chart prints at its own size
PNG_DPI = 150
INK = "#1b3a5c"  # points, lines, bars
INTERVAL = "#6f9fd0"  # interval bars
BAND_COLOURS = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6"]  # widest interval lightest
MUTED = "#555555"
FONT_FALLBACK = "'DejaVu Sans', Verdana, Arial, sans-serif"

plt.rcParams.update({
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # text stays text: smaller files, selectable and searchable
    "svg.hashsalt": "prevalence",  # the same chart gives the same file
})


class ResultsError(Exception):
    """A problem the user can fix: the message says what."""


# --- Reading ----------------------------------------------------------------------------------


def _read(dataset):
    # h5py returns string datasets as bytes unless read through .asstr().
    return dataset.asstr()[()] if h5py.check_string_dtype(dataset.dtype) else dataset[()]


class Results:
    """Everything the charts need from one results file, read once."""

    MEASURE_KEYS = ("id", "label", "phrase", "group", "is_cell", "cells", "group_cells", "source",
                    "uncertainty", "ages", "sex", "year")

    def __init__(self, path):
        path = os.fspath(path)
        if os.path.isdir(path) and os.path.isfile(os.path.join(path, "results.h5")):
            path = os.path.join(path, "results.h5")
        self.path = path
        if not os.path.exists(path):
            raise ResultsError(f"{path}: no such file")
        if os.path.isdir(path):
            raise ResultsError(f"{path}: a directory without results.h5")
        if not os.path.isfile(path):
            raise ResultsError(f"{path}: not a file")
        try:
            f = h5py.File(path, "r")
        except OSError:
            raise ResultsError(f"{path}: not a prevalence results file (not HDF5; prevalence run writes "
                               f"DIR/results.h5)") from None
        with f:
            if f.attrs.get("format") != "prevalence-results":
                raise ResultsError(f"{path}: not a prevalence results file (its root attribute format is not "
                                   f"\"prevalence-results\")")
            if int(f.attrs.get("format_version", 0)) < 1:
                raise ResultsError(f"{path}: format_version {f.attrs.get('format_version')} is not one this "
                                   f"script reads (1 or later)")
            try:
                self.run = {k: v.tolist() if isinstance(v, np.ndarray) else v for k, v in f.attrs.items()}
                self.codes = list(_read(f["areas/code"]))
                self.names = list(_read(f["areas/name"]))
                areas = f["areas"]
                # Files before engine 0.3 have none of these: a row per area, no totals.
                self.row_years = [int(y) for y in areas["year"][()]] if "year" in areas else None
                self.members = ([text.split() for text in _read(areas["members"])] if "members" in areas
                                else [[] for _ in self.codes])
                self.notes = list(_read(areas["note"])) if "note" in areas else [""] * len(self.codes)
                self.measures = [dict(zip(self.MEASURE_KEYS, values)) for values in
                                 zip(*(_read(f["measures"][k]) for k in self.MEASURE_KEYS))]
                s = f["summaries"]
                self.denominator, self.mean, self.median = s["denominator"][()], s["mean"][()], s["median"][()]
                self.lower, self.upper = s["lower"][()], s["upper"][()]
                # What the tables headline: files before engine 0.4 say nothing and headlined means.
                headline = f.attrs.get("headline", "mean")
                self.headline = headline.decode() if isinstance(headline, bytes) else str(headline)
                self.point = self.median if self.headline == "median" else self.mean
                # How much of each interval is assumption, since engine 0.4 (when the run assumed any).
                self.assumed_share = s["assumed_share"][()] if "assumed_share" in s else None
                self.levels = [float(x) for x in s["levels"][()]]
                self.inputs = (list(zip(_read(f["inputs/path"]), _read(f["inputs/sha256"])))
                               if "inputs" in f else [])
            except KeyError as e:
                raise ResultsError(f"{path}: damaged results file: {e}") from None
        for m in self.measures:
            m["cells"], m["group_cells"], m["year"] = int(m["cells"]), int(m["group_cells"]), int(m["year"])
            m["is_cell"] = bool(m["is_cell"])
        A, M = len(self.codes), len(self.measures)
        if self.mean.shape != (A, M) or self.lower.shape != (A, M, len(self.levels)):
            raise ResultsError(f"{path}: damaged results file: summaries are {self.mean.shape}, expected "
                               f"{(A, M)} areas x measures")
        if any(len(x) != A for x in (self.row_years or self.codes, self.members, self.notes)):
            raise ResultsError(f"{path}: damaged results file: the /areas datasets differ in length")
        # A run over several years: its measures' year is 0 and each row has its own.
        self.multi_year = any(meas["year"] == 0 for meas in self.measures)
        if self.multi_year and self.row_years is None:
            raise ResultsError(f"{path}: damaged results file: measures of year 0 but no /areas/year")

    # Rows: an area in a year, or a total over areas.

    def year_of(self, a, m=None):
        """The population year of row a's figures of measure m: the measure's own year unless it
        is 0 (a run over several years), then the row's."""
        if m is not None and self.measures[m]["year"]:
            return self.measures[m]["year"]
        if self.row_years is not None:
            return self.row_years[a]
        return self.measures[0]["year"]

    def is_total(self, a):
        return bool(self.members[a])

    def years(self, m=None):
        """Every year of measure m's rows (of every row's first measure when m is None), sorted."""
        return sorted({self.year_of(a, m) for a in range(len(self.codes))})

    def row_title(self, a, m=None):
        """As the engine's tables head a row: 'England (E92000001), 2017: total of 152 areas'; the
        year only in a run over several years."""
        text = f"{self.names[a]} ({self.codes[a]})"
        if self.multi_year:
            text += f", {self.year_of(a, m)}"
        if self.is_total(a):
            n = len(self.members[a])
            text += f": total of {n} area{'s' * (n != 1)}"
        return text

    def rows_of_year(self, m, year=None, totals=False):
        """(year, rows): measure m's rows of one year (default its latest), areas or totals."""
        years = self.years(m)
        if year is None:
            year = years[-1]
        elif year not in years:
            raise ResultsError(f"{self.path}: no figures of \"{self.measures[m]['id']}\" for {year}; its "
                               f"year{'s are' if len(years) > 1 else ' is'} {year_span(years)}")
        rows = [a for a in range(len(self.codes)) if self.year_of(a, m) == year and self.is_total(a) == totals]
        return year, rows

    # Lookups that name the choices when they fail.

    def measure(self, measure_id):
        for m, meas in enumerate(self.measures):
            if meas["id"] == measure_id:
                return m
        raise ResultsError(f"{self.path}: unknown measure \"{measure_id}\"; its measures are "
                           + _some([x["id"] for x in self.measures], 40))

    def area_rows(self, code_or_name):
        """Every row of an area or total, by code or name: one per year in a run over years."""
        key = code_or_name.casefold()
        rows = [a for a, code in enumerate(self.codes) if code.casefold() == key]
        if rows:
            return rows
        rows = [a for a, name in enumerate(self.names) if name.casefold() == key]
        codes = list(dict.fromkeys(self.codes[a] for a in rows))
        if len(codes) > 1:  # an area replaced by another of its name (Dorset, 2019): not one series
            raise ResultsError(f"{self.path}: \"{code_or_name}\" names {len(codes)} areas: " + ", ".join(
                f"{c} ({year_span({self.year_of(a) for a in rows if self.codes[a] == c})})" for c in codes)
                               + "; give its code")
        if rows:
            return rows
        shown = list(dict.fromkeys(f"{c} ({n})" for c, n in zip(self.codes, self.names)))
        raise ResultsError(f"{self.path}: unknown area \"{code_or_name}\"; its {len(shown)} area(s) are "
                           + _some(shown))

    def area(self, code_or_name, year=None, m=None):
        """The row of an area (code or name) in `year` (default: its latest), the year being
        measure m's where it has its own."""
        rows = self.area_rows(code_or_name)
        if year is None:
            return max(rows, key=lambda a: self.year_of(a, m))  # max keeps the first of equals
        for a in rows:
            if self.year_of(a, m) == year:
                return a
        years = sorted({self.year_of(a, m) for a in rows})
        raise ResultsError(f"{self.path}: {self.names[rows[0]]} ({self.codes[rows[0]]}) has no row for {year}; "
                           f"its year{'s are' if len(years) > 1 else ' is'} {year_span(years)}")

    def level(self, level):
        """Index of an interval level; None: the headline (first) one."""
        if level is None:
            return 0
        for i, x in enumerate(self.levels):
            if abs(x - level) < 1e-9:
                return i
        raise ResultsError(f"{self.path}: no {level:g} intervals; its levels are "
                           + ", ".join(f"{x:g}" for x in self.levels)
                           + " (ask for more with prevalence run --interval 0.95,0.998)")

    def overlap_groups(self):
        """Ids of the groups with more than one condition, in file order."""
        return list(dict.fromkeys(m["group"] for m in self.measures if m["group_cells"] > 2))

    def group(self, group_id=None):
        groups = self.overlap_groups()
        if group_id is None:
            if len(groups) == 1:
                return groups[0]
            raise ResultsError(f"{self.path}: say which overlap with --group: "
                               + (", ".join(groups) if groups else "it has none"))
        if group_id in groups:
            return group_id
        if any(m["group"] == group_id for m in self.measures):
            raise ResultsError(f"{self.path}: \"{group_id}\" is a single measure, not an overlap of conditions; "
                               f"its overlaps are " + (", ".join(groups) if groups else "none"))
        raise ResultsError(f"{self.path}: unknown group \"{group_id}\"; its overlaps are "
                           + (", ".join(groups) if groups else "none"))

    def headline_measures(self, bands=True):
        """Measures a table shows unindented: every measure but the exclusive cells (and, with
        bands=False, but the life-stage bands of a measure)."""
        return [m for m, meas in enumerate(self.measures) if not meas["is_cell"] and (bands or not is_band(meas))]

    def group_ages(self, group):
        """The age ranges a group is reported for: the whole first, then its bands."""
        return list(dict.fromkeys(meas["ages"] for meas in self.measures if meas["group"] == group))

    def assumed_text(self, m):
        """How much of measure m's interval is assumption, as the engine's notes say it ("" for none)."""
        if self.assumed_share is None:
            return ""
        shares = self.assumed_share[:, m]
        shares = shares[np.isfinite(shares)]
        if not len(shares):
            return ""
        low, high = (f"{100 * x:.0f}" for x in (shares.min(), shares.max()))
        return f"assumed uncertainty gives {low if low == high else f'{low}-{high}'} % of its interval's variance"

    # Labels: the estimate as computed, or (published) as a table shows it.

    published_counts = None  # [A][M] texts as the table shows them, "33,600", "[c]"
    published_percents = None
    published_flags = None  # [A][M] the table's flags, "[u]" (low reliability) or ""

    def count_label(self, a, m):
        return self.published_counts[a][m] if self.published_counts else fmt_count(self.point[a, m])

    def percent_label(self, a, m):
        if self.published_percents:
            text = self.published_percents[a][m]
            return text + "%" if text[:1].isdigit() or text[:1] == "<" else text
        return fmt_percent(100 * self.point[a, m] / self.denominator[a, m]) + "%"

    def flag_label(self, a, m):
        return self.published_flags[a][m] if self.published_flags else ""

    def published(self, rows):
        """A copy whose figures are those a published table shows (`prevalence table --format csv`
        rows, dicts): estimates and interval ends rounded as shown, a suppressed figure NaN
        (charts leave it out and print its symbol), so that a chart never shows more than the
        table it sits beside."""
        shown = copy.copy(self)
        # Only the headline is published: the rest NaN, so that no chart shows more than the table.
        shown.mean, shown.median, shown.lower, shown.upper = (np.full_like(x, np.nan) for x in (
            self.mean, self.median, self.lower, self.upper))
        shown.point = shown.mean if self.headline == "mean" else shown.median
        shown.published_counts = [[None] * len(self.measures) for _ in self.codes]
        shown.published_percents = [[None] * len(self.measures) for _ in self.codes]
        shown.published_flags = [[""] * len(self.measures) for _ in self.codes]
        # A row is an area in a year: the same code comes once per year in a run over years. (A
        # table without a year column is of a file with one row per code.)
        measure_of = {meas["id"]: m for m, meas in enumerate(self.measures)}
        cell_of = {(self.codes[a], str(self.year_of(a, m)), meas["id"]): (a, m) for a in range(len(self.codes))
                   for m, meas in enumerate(self.measures)}
        area_of = {c: a for a, c in enumerate(self.codes)}
        for row in rows:
            try:
                if "year" in row:
                    a, m = cell_of[row["area_code"], row["year"], row["measure"]]
                else:
                    a, m = area_of[row["area_code"]], measure_of[row["measure"]]
                count = row["count"]
                shown.published_counts[a][m] = _grouped(count)
                shown.published_percents[a][m] = row["percent"]
                shown.published_flags[a][m] = row.get("flags", "").strip()
                shown.point[a, m] = _shown_number(count)
                for i, level in enumerate(self.levels):
                    tag = f"{100 * level:g}"
                    shown.lower[a, m, i] = _shown_number(row[f"lower_{tag}"], below_is=0.0)
                    shown.upper[a, m, i] = _shown_number(row[f"upper_{tag}"])
            except KeyError as e:
                raise ResultsError(f"the published table does not match {self.path}: no {e} for "
                                   f"{row.get('area_code')} {row.get('year', '')} {row.get('measure')}") from None
        missing = [(self.codes[a], self.year_of(a, m), meas["id"]) for a in range(len(self.codes))
                   for m, meas in enumerate(self.measures) if shown.published_counts[a][m] is None]
        if missing:
            raise ResultsError(f"the published table lacks {len(missing)} figure(s) of {self.path}, e.g. {missing[0]}")
        return shown


def _shown_number(text, below_is=None):
    """A published figure: '33600' -> 33600.0; '<10' -> the bound (or `below_is`); a symbol -> NaN."""
    text = text.strip()
    if text.startswith("<"):
        return below_is if below_is is not None else _shown_number(text[1:])
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return np.nan


def _grouped(text):
    """'33600' as a table prints it, '33,600'; a symbol or bound as it is."""
    try:
        return fmt_count(float(text))
    except ValueError:
        return text


def _some(items, n=12):
    return ", ".join(items[:n]) + (f", ... ({len(items)} in all)" if len(items) > n else "")


def year_span(years):
    """'2017-2021' for consecutive years, else '2017, 2019'."""
    years = sorted(years)
    if len(years) > 1 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}-{years[-1]}"
    return ", ".join(str(y) for y in years)


def is_band(meas):
    """A life-stage band of a measure (id `trio.any.ages_0-4`): the whole's label, other ages."""
    return meas["id"].endswith(".ages_" + meas["ages"])


def measure_title(meas):
    """The measure's label, with its ages when it is a band (they share the label)."""
    return capitalised(meas["label"]) + (f", ages {meas['ages']}" if is_band(meas) else "")


# --- Words and numbers ------------------------------------------------------------------------


def fmt_count(x):
    return f"{x:,.0f}"


def fmt_percent(p):
    """As the engine's tables print it: 15.0, 7.4, 0.51."""
    return f"{p:.2g}" if abs(p) < 1 else f"{p:.1f}"


def population_noun(ages, sex):
    """'children' for an age range that ends by 17, else 'people'; 'girls', 'boys' by sex."""
    try:
        child = int(re.split(r"[-+]", ages)[-1] or 999) <= 17
    except ValueError:
        child = False
    nouns = {("female", True): "girls", ("male", True): "boys", ("female", False): "females",
             ("male", False): "males"}
    return nouns.get((sex, child), "children" if child else "people")


def unit_label(meas, percent):
    noun = population_noun(meas["ages"], meas["sex"])
    return f"% of {noun} aged {meas['ages']}" if percent else noun


def level_text(level):
    return f"{100 * level:g}%"


def run_text(runs):
    """'prevalence engine v0.1.0, 20,000 draws, seed 2020' for one run or several."""
    def values(key, fmt="{}"):
        return list(dict.fromkeys(fmt.format(r[key]) if key in r else "?" for r in runs))
    versions, draws, seeds = values("engine_version"), values("draws", "{:,}"), values("seed")
    return (f"prevalence engine v{' / v'.join(versions)}, {' / '.join(draws)} draws, "
            f"seed{'s' * (len(seeds) > 1)} {', '.join(seeds)}")


def source_line(sources, runs):
    """'Source: citation; prevalence engine vX, N draws, seed S' (wrapped when placed)."""
    sources = list(dict.fromkeys(s.strip().rstrip(".") for s in sources if s))
    return "Source: " + "; ".join(sources + [run_text(runs)])


def citation_head(source):
    """A citation's head, before its first ': ' (which is where the detail starts)."""
    return source if source.startswith("Derived:") else source.split(": ", 1)[0]


def capitalised(text):
    return text[:1].upper() + text[1:]


# --- Layout: title, subtitle and source placed in inches, the axes in what is left ------------

PAD = 0.12  # inches between the chart and the image's edge
TITLE, SUBTITLE, SOURCE = (11, "bold"), (7.5, "normal"), (6.5, "normal")
_text_to_path = TextToPath()


def text_width(text, style):
    """Width in points of one line of text in DejaVu Sans."""
    size, weight = style
    prop = FontProperties(family="DejaVu Sans", size=size, weight=weight)
    return _text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def wrap(text, width_pt, style):
    """Breaks text between words so that no line is wider than width_pt."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, style) > width_pt:
            lines.append(line)
            line = word
        else:
            line = trial
    return "\n".join(lines + [line])


def _lines_height(text, style, spacing):
    return (text.count("\n") + 1) * style[0] * spacing / 72


def arrange(fig, stack, title, subtitle, source):
    """Lays a chart out at its width: title and subtitle at the top, source line at the bottom,
    and the axes of `stack` ([(axes, height in inches, gap above in inches)], top to bottom)
    between, each with room for its tick labels and axis labels as drawn. Sets the figure's
    height."""
    W = fig.get_figwidth()
    usable = (W - 2 * PAD) * 72
    title, subtitle, source = wrap(title, usable, TITLE), wrap(subtitle, usable, SUBTITLE), wrap(source, usable, SOURCE)
    title_h = _lines_height(title, TITLE, 1.25)
    subtitle_h = _lines_height(subtitle, SUBTITLE, 1.35)
    header = PAD + title_h + 0.05 + subtitle_h + 0.12
    footer = 0.14 + _lines_height(source, SOURCE, 1.35) + PAD
    for _ in range(3):  # tick labels can change with the axes' size: settle
        renderer = fig.canvas.get_renderer()
        margins = []
        for ax, _, _ in stack:
            tight, box = ax.get_tightbbox(renderer), ax.get_window_extent(renderer)
            margins.append([max(0.0, v / fig.dpi) for v in (box.x0 - tight.x0, tight.x1 - box.x1,
                                                              box.y0 - tight.y0, tight.y1 - box.y1)])
        left = PAD + max(m[0] for m in margins)
        right = PAD + max(m[1] for m in margins)
        H = header + footer + sum(h + gap + m[2] + m[3] for (_, h, gap), m in zip(stack, margins))
        fig.set_size_inches(W, H)
        y = H - header
        for (ax, h, gap), m in zip(stack, margins):
            y -= gap + m[3]
            ax.set_position([left / W, (y - h) / H, (W - left - right) / W, h / H])
            y -= h + m[2]
    fig.text(PAD / W, 1 - PAD / H, title, ha="left", va="top", fontsize=TITLE[0], fontweight=TITLE[1],
             linespacing=1.25)
    fig.text(PAD / W, 1 - (PAD + title_h + 0.05) / H, subtitle, ha="left", va="top", fontsize=SUBTITLE[0],
             color=MUTED, linespacing=1.35)
    fig.text(PAD / W, PAD / H, source, ha="left", va="bottom", fontsize=SOURCE[0], color=MUTED, linespacing=1.35)


# --- Charts ------------------------------------------------------------------------------------


def areas_figure(results, m, level=0, top=None, percent=False, year=None, totals=False):
    """One measure across the areas of one year (default: the latest), sorted from the largest;
    point = mean, bar = interval. Totals over areas are left out, and with totals=True ranked
    alone: a total is the sum of areas beside it, not one of them, and England's count would
    squeeze every area against the axis."""
    meas = results.measures[m]
    year, chosen = results.rows_of_year(m, year, totals)
    if not chosen:
        raise ResultsError(f"{results.path}: no {'totals over areas' if totals else 'areas'} in {year}"
                           + (" (a scenario's [[group]] or [groups] makes them)" if totals else ""))
    left_out = results.rows_of_year(m, year, not totals)[1]
    den = results.denominator[:, m]
    scale = 100 / den if percent else np.ones_like(den)
    mean, lo, hi = results.point[:, m] * scale, results.lower[:, m, level] * scale, results.upper[:, m, level] * scale
    chosen = np.array(chosen)
    order = chosen[np.argsort(-mean[chosen], kind="stable")]
    n_all = len(order)
    if top is not None and top < n_all:
        order = order[:top]
    n = len(order)
    rows = np.arange(n)[::-1]  # largest at the top

    fig = plt.figure(figsize=(A4_WIDTH, 4))
    ax = fig.add_axes([0.3, 0.1, 0.6, 0.8])
    ax.errorbar(mean[order], rows, xerr=[mean[order] - lo[order], hi[order] - mean[order]], fmt="o",
                color=INK, ecolor=INTERVAL, elinewidth=2.2, markersize=3.5, capsize=0)
    for y, a in zip(rows, order):  # the estimate's value right of its interval (a symbol at 0 if not shown)
        label = results.percent_label(a, m).rstrip("%") if percent else results.count_label(a, m)
        label = f"{label} {results.flag_label(a, m)}".strip()
        x = hi[a] if np.isfinite(hi[a]) else (mean[a] if np.isfinite(mean[a]) else 0.0)
        ax.annotate(label, (x, y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=7, color=MUTED)
    names = [results.names[a] + (f" ({len(results.members[a])})" if totals else "")
             + (" \u2020" if results.notes[a] else "") for a in order]
    ax.set_yticks(rows, names, fontsize=7.5 if n <= 60 else 7)
    ax.set_ylim(-0.7, n - 0.3)
    right = np.nanmax(np.r_[hi[order], mean[order], 0.0])
    ax.set_xlim(0, right * 1.14 if right > 0 else 1)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}" if percent else f"{x:,.0f}"))
    ax.xaxis.set_major_locator(MaxNLocator(7))
    ax.grid(axis="x", color="#e4e4e4", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    if n > 25:  # long charts: a scale at the top too, and a faint line along each row
        ax.tick_params(axis="x", top=True, labeltop=True)
        for y in rows:
            ax.axhline(y, color="#f0f0f0", lw=0.5, zorder=0)
    ax.set_xlabel(unit_label(meas, percent))

    noun = population_noun(meas["ages"], meas["sex"])
    kind = "total" if totals else "area"
    title = (f"{measure_title(meas)}: {'% of ' if percent else ''}{noun} by {kind}"
             + (f", {year}" if results.multi_year else "")
             + (f", top {n} of {n_all}" if n < n_all else f", {n_all} {kind}{'s' * (n_all != 1)}"))
    subtitle = (f"{capitalised(noun)} aged {meas['ages']}, {year}. Point: {results.headline} of "
                f"{int(results.run['draws']):,} draws (the estimate), printed to its right; bar: "
                f"{level_text(results.levels[level])} interval." + (" Sorted by the estimate." if n > 1 else ""))
    if totals:
        subtitle += (" Each total adds up its areas' counts within every draw; in brackets, how many areas. "
                     "The areas are charted apart.")
    elif left_out:
        largest = sorted(left_out, key=lambda a: -len(results.members[a]))  # stable: England, then regions
        names = [results.names[a] for a in largest[:3]] + ([f"{len(largest) - 3} more"] if len(largest) > 3 else [])
        subtitle += (" Totals over these areas are not ranked with them: "
                     + (", ".join(names[:-1]) + " and " if len(names) > 1 else "") + names[-1] + ".")
    if any(results.notes[a] for a in order):
        subtitle += " Marked \u2020: figures not the area's own, but a stand-in's or its predecessors' by population."
    arrange(fig, [(ax, 0.17 * max(n, 3), 0)], title, subtitle, source_line([meas["source"]], [results.run]))
    return fig


def _cell_measures(results, group, ages=None):
    """For a group of K conditions: K, the measure of each cell c (by its `cells` bitmask),
    and the conditions' labels; of the whole group's ages, or of one of its bands."""
    every = results.group_ages(group)
    ages = every[0] if ages is None else ages
    if ages not in every:
        raise ResultsError(f"{results.path}: overlap \"{group}\" has no figures for ages {ages}; its ages are "
                           + ", ".join(every))
    members = [m for m, meas in enumerate(results.measures) if meas["group"] == group and meas["ages"] == ages]
    n_cells = results.measures[members[0]]["group_cells"]
    K = n_cells.bit_length() - 1
    by_mask = {results.measures[m]["cells"]: m for m in members}
    missing = [c for c in range(n_cells) if 1 << c not in by_mask]
    if missing:
        raise ResultsError(f"{results.path}: overlap \"{group}\" has no measure for cell(s) {missing}, so its "
                           f"combinations cannot be drawn")
    cell = [by_mask[1 << c] for c in range(n_cells)]
    labels = []
    for k in range(K):
        marginal = sum(1 << c for c in range(n_cells) if c >> k & 1)
        if marginal in by_mask:
            labels.append(results.measures[by_mask[marginal]]["label"])
        else:  # the condition's "only" cell, named "X only"
            only = results.measures[cell[1 << k]]["label"]
            labels.append(only[:-5] if only.endswith(" only") else f"condition {k + 1}")
    marginals = [by_mask.get(sum(1 << c for c in range(n_cells) if c >> k & 1)) for k in range(K)]
    return K, cell, labels, marginals


def group_title(results, group):
    """'the toxic trio', from the label of the measure 'any of ...' when there is one."""
    members = [meas for meas in results.measures if meas["group"] == group]
    everything = (1 << members[0]["group_cells"]) - 2  # every cell but 0
    for meas in members:
        if meas["cells"] == everything and meas["label"].startswith("any of "):
            return meas["label"][len("any of "):]
    return group


def overlap_figure(results, group, a, level=0, ages=None):
    """Upset-style chart of an overlap's exclusive cells in one area (one row: an area in a
    year, or a total), for the group's ages or one of its bands."""
    K, cell, labels, marginals = _cell_measures(results, group, ages)
    n_cells = len(cell)
    # Columns: one condition, then two, ..., then all K, each by size; none last.
    degree = [bin(c).count("1") for c in range(n_cells)]
    size = np.nan_to_num(results.point[a, cell], nan=-1.0)  # a suppressed cell last among its degree
    cols = sorted(range(1, n_cells), key=lambda c: (degree[c], -size[c])) + [0]
    mean = np.array([results.point[a, cell[c]] for c in cols])
    lo = np.array([results.lower[a, cell[c], level] for c in cols])
    hi = np.array([results.upper[a, cell[c], level] for c in cols])
    den = results.denominator[a, cell[0]]
    first = results.measures[cell[0]]
    noun = population_noun(first["ages"], first["sex"])

    # The "none" cell usually dwarfs the rest: its bar is cut at the top of the axis.
    # (A figure the table does not show is NaN: no bar, its symbol at the foot.)
    others_top = np.nanmax(np.r_[hi[:-1], mean[:-1], 0.0])
    cut = others_top > 0 and mean[-1] > 2.2 * others_top
    top = others_top * 1.3 if cut else max(np.nanmax(np.r_[hi, mean, 0.0]) * 1.2, 1.0)

    width = A4_WIDTH if n_cells <= 8 else 2.8 + 0.42 * n_cells  # 4 or more conditions: wider
    fig = plt.figure(figsize=(width, 4))
    ax = fig.add_axes([0.3, 0.4, 0.6, 0.5])
    mx = fig.add_axes([0.3, 0.1, 0.6, 0.2], sharex=ax)
    x = np.arange(len(cols))
    ax.bar(x, np.nan_to_num(np.minimum(mean, top)), width=0.62, color=INK)
    shown = slice(0, len(cols) - 1) if cut else slice(None)
    ax.errorbar(x[shown], mean[shown], yerr=[mean[shown] - lo[shown], hi[shown] - mean[shown]], fmt="none",
                ecolor=INTERVAL, elinewidth=1.6, capsize=3)
    narrow = n_cells > 8  # too many columns for two lines of text: the count alone, upright
    for i, c in enumerate(cols):
        count, share = results.count_label(a, cell[c]), results.percent_label(a, cell[c])
        label = count if narrow or count == share else f"{count}\n{share}"
        if results.flag_label(a, cell[c]):
            label += ("\n" if not narrow else " ") + results.flag_label(a, cell[c])
        if not np.isfinite(hi[i]):
            hi[i] = mean[i] if np.isfinite(mean[i]) else 0.0
        if cut and i == len(cols) - 1:
            ax.annotate(label, (x[i], top), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=7.5, color="#222222", linespacing=1.1, rotation=90 if narrow else 0,
                        annotation_clip=False)
            for y in (0.62, 0.68):  # break marks: the bar is cut
                ax.plot([x[i] - 0.4, x[i] + 0.4], [top * (y - 0.025), top * (y + 0.025)], color="white", lw=2.5,
                        solid_capstyle="butt", clip_on=False)
        else:
            ax.annotate(label, (x[i], hi[i]), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                        fontsize=7.5, color="#222222", linespacing=1.1, rotation=90 if narrow else 0)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.yaxis.set_major_locator(MaxNLocator(6))
    ax.grid(axis="y", color="#e4e4e4", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylabel(noun)
    ax.tick_params(axis="x", length=0, labelbottom=False)

    # The matrix: a row per condition, a dark dot where the column's children have it.
    for i, c in enumerate(cols):
        have = [k for k in range(K) if c >> k & 1]
        mx.scatter([i] * K, range(K), s=44, color=[INK if k in have else "#cfcfcf" for k in range(K)], zorder=3)
        if len(have) > 1:
            mx.plot([i, i], [min(have), max(have)], color=INK, lw=2, zorder=2)
    row_labels = []
    for k in range(K):
        text = labels[k]
        if marginals[k] is not None:
            count, share = results.count_label(a, marginals[k]), results.percent_label(a, marginals[k])
            text += f": {count}" + (f" ({share})" if share != count else "")
            text += f" {results.flag_label(a, marginals[k])}".rstrip()
        row_labels.append(text)
    mx.set_yticks(range(K), row_labels, fontsize=7.5)
    mx.set_ylim(K - 0.5, -0.5)
    mx.set_xlim(-0.6, len(cols) - 0.4)
    mx.tick_params(length=0, labelbottom=False)
    for spine in mx.spines.values():
        spine.set_visible(False)
    for k in range(0, K, 2):
        mx.axhspan(k - 0.5, k + 0.5, color="#f1f1f1", zorder=0)

    year = results.year_of(a, cell[0])
    title = (f"{results.names[a]} ({results.codes[a]})" + (f", {year}" if results.multi_year else "")
             + f": {noun}" + (f" aged {first['ages']}" if is_band(first) else "")
             + f" in each combination of {group_title(results, group)}")
    subtitle = (f"{capitalised(noun)} aged {first['ages']}, {year}: {fmt_count(den)}"
                + (f", in {len(results.members[a])} areas whose counts are added within every draw"
                   if results.is_total(a) else "")
                + f". Each column counts the {noun} with exactly the conditions marked by dark dots below (the last, "
                f"none of them); each child is in one column. Bars: {results.headline} of {int(results.run['draws']):,} draws, with "
                f"{level_text(results.levels[level])} intervals. Row totals: {noun} with each condition."
                + (" The bar for none is cut at the top of the axis." if cut else "")
                + (f" Note: {results.notes[a]}." if results.notes[a] else ""))
    sources = [first["source"]] + [citation_head(results.measures[m]["source"]) for m in marginals if m is not None]
    arrange(fig, [(ax, 2.5, 0), (mx, 0.3 * K, 0.08)], title, subtitle, source_line(sources, [results.run]))
    return fig


def year_series(files, measure_id, area):
    """The points of a fan chart: [(year, Results, measure index, area index)], sorted by year.

    Each file contributes its measure `measure_id` in every row of the area: one row, or one per
    year in a run over several years (the measure's year 0: each row's year). A single file of
    one row also contributes the measures that repeat it for other years (same label, ages and
    sex, another year)."""
    results = [Results(f) if not isinstance(f, Results) else f for f in files]
    points = []
    for r in results:
        m = r.measure(measure_id)
        rows = r.area_rows(area)
        points += [(r.year_of(a, m), r, m, a) for a in rows]
        if len(results) == 1 and r.measures[m]["year"]:
            key = tuple(r.measures[m][k] for k in ("label", "ages", "sex"))
            points += [(r.year_of(a, j), r, j, a) for a in rows for j, meas in enumerate(r.measures)
                       if j != m and meas["year"] and tuple(meas[k] for k in ("label", "ages", "sex")) == key]
    points.sort(key=lambda p: p[0])
    years = [p[0] for p in points]
    for y in set(years):
        same = [p for p in points if p[0] == y]
        if len(same) > 1:
            raise ResultsError(f"two results for {y}: " + ", ".join(f"{p[1].path} ({p[1].measures[p[2]]['id']})"
                                                                    for p in same))
    if len(points) < 2 and points[0][1].multi_year:
        r, a = points[0][1], points[0][3]
        raise ResultsError(f"{r.path}: {r.names[a]} ({r.codes[a]}) has a row for {years[0]} only; a fan chart needs "
                           f"two or more years")
    if len(points) < 2:
        raise ResultsError(f"{', '.join(r.path for r in results)}: all results for \"{measure_id}\" are for "
                           f"{years[0]}; a fan chart needs two or more years (give one results file per year, a "
                           f"run over several years ([population] years), or a file whose measures repeat for "
                           f"several years)")
    return points


def years_figure(points, percent=False):
    """Fan chart: a band for each interval level the files share, the estimate as a line (as the
    table shows it when the figures are a table's: Results.published)."""
    levels = sorted(set.intersection(*(set(p[1].levels) for p in points)), reverse=True)
    if not levels:
        raise ResultsError("the results files share no interval level: "
                           + "; ".join(f"{p[1].path}: {', '.join(f'{x:g}' for x in p[1].levels)}" for p in points))
    years = np.array([p[0] for p in points])
    meas = points[-1][1].measures[points[-1][2]]
    published = all(p[1].published_counts is not None for p in points)
    headline = " / ".join(sorted({p[1].headline for p in points}))  # what the tables show: median or mean

    def series(get):
        return np.array([get(r, m, a) * (100 / r.denominator[a, m] if percent else 1) for _, r, m, a in points])

    fig = plt.figure(figsize=(A4_WIDTH, 4))
    ax = fig.add_axes([0.15, 0.15, 0.8, 0.7])
    for i, level in enumerate(levels):  # widest first, lightest
        colour = BAND_COLOURS[min(i + max(0, len(BAND_COLOURS) - len(levels) - 1), len(BAND_COLOURS) - 1)]
        ax.fill_between(years, series(lambda r, m, a: r.lower[a, m, r.level(level)]),
                        series(lambda r, m, a: r.upper[a, m, r.level(level)]), color=colour, lw=0,
                        label=f"{level_text(level)} interval")
    if published:
        centre = series(lambda r, m, a: r.point[a, m])
        labels = [(r.percent_label(a, m) if percent else r.count_label(a, m)) + f" {r.flag_label(a, m)}".rstrip()
                  for _, r, m, a in points]
    else:
        centre = series(lambda r, m, a: r.point[a, m])
        labels = [fmt_percent(v) if percent else fmt_count(v) for v in centre]
    widest = series(lambda r, m, a: r.upper[a, m, r.level(levels[0])])
    ax.plot(years, centre, "o-", color=INK, lw=1.8, markersize=4, label="estimate" if published else headline)
    for y, label, v, above in zip(years, labels, centre, widest):  # the value above the fan
        top = above if np.isfinite(above) else (v if np.isfinite(v) else 0.0)
        ax.annotate(label, (y, top), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                    fontsize=7.5, color=INK)
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlim(years[0] - 0.25, years[-1] + 0.25)
    top = np.nanmax(np.r_[widest, centre, 0.0])
    ax.set_ylim(0, top * 1.12 if top > 0 else 1)  # every figure suppressed: an empty axis, the symbols
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}" if percent else f"{v:,.0f}"))
    ax.yaxis.set_major_locator(MaxNLocator(6))
    ax.grid(axis="y", color="#e4e4e4", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_ylabel(unit_label(meas, percent))
    ax.set_xlabel("year of the population the rates are applied to")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), fontsize=7.5, frameon=False, ncols=len(levels) + 1,
              borderaxespad=0, handlelength=1.6)  # above the chart, where it hides nothing

    r, a = points[-1][1], points[-1][3]
    noun = population_noun(meas["ages"], meas["sex"])
    draws = " / ".join(f"{d:,}" for d in sorted({int(p[1].run["draws"]) for p in points}))
    title = (f"{measure_title(meas)} in {r.names[a]} ({r.codes[a]}), {years[0]}-{years[-1]}"
             + (", %" if percent else ""))
    subtitle = (f"{capitalised(noun)} aged {meas['ages']}. "
                + (f"Line: the estimate ({headline} of {draws} draws) as the tables show it, printed above each "
                   f"year; " if published else f"Line: {headline} of {draws} draws, its value printed above each year; ")
                + "bands: " + " and ".join(level_text(x) for x in sorted(levels)) + " intervals.")
    sizes = sorted({len(p[1].members[p[3]]) for p in points if p[1].is_total(p[3])})
    if sizes:
        subtitle += (f" A total: its areas' counts added within every draw ({sizes[0]}"
                     + (f" to {sizes[-1]}" if len(sizes) > 1 else "") + " areas).")
    notes = {}
    for y, r_, _, a_ in points:
        if r_.notes[a_]:
            notes.setdefault(r_.notes[a_], []).append(y)
    for note, note_years in notes.items():
        subtitle += f" Note ({year_span(note_years)}): {note}."
    sources = [p[1].measures[p[2]]["source"] for p in points]
    arrange(fig, [(ax, 2.6, 0)], title, subtitle, source_line(sources, [p[1].run for p in points]))
    return fig


# --- Output -------------------------------------------------------------------------------------


def _svg_text(fig):
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    # Readers without DejaVu Sans get a similar face rather than their default serif.
    return buffer.getvalue().replace("'DejaVu Sans'", FONT_FALLBACK)


def save(fig, out):
    """Writes a chart as PNG (150 dpi) or SVG, by the file's extension."""
    out = os.fspath(out)
    ext = os.path.splitext(out)[1].lower()
    if ext not in (".png", ".svg"):
        raise ResultsError(f"{out}: the chart can be written as .png or .svg (the extension chooses)")
    tmp = out + ".tmp"
    try:
        if ext == ".png":
            fig.savefig(tmp, format="png", dpi=PNG_DPI)
        else:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(_svg_text(fig))
        os.replace(tmp, out)
    except OSError as e:
        raise ResultsError(f"{out}: cannot write: {e.strerror}") from None
    finally:
        plt.close(fig)
        if os.path.exists(tmp):
            os.remove(tmp)
    return out


def inline_svg(fig, prefix, label):
    """The chart as an <svg> element to put in an HTML page: no XML prolog, DOCTYPE or
    metadata, and every id prefixed so that several charts in one page never share one."""
    text = _svg_text(fig)
    plt.close(fig)
    text = text[text.index("<svg"):]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r'(xlink:href|href)="#([^"]+)"', rf'\1="#{prefix}-\2"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1).strip()
