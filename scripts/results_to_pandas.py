#!/usr/bin/python3
"""Reads a prevalence results file (results.h5, docs/results-format.md) into pandas.

    scripts/results_to_pandas.py RESULTS.h5     # prints the tidy table

load_estimates(path): one row per (area row, measure): area_code, area_name, is_total, members
(a total's member codes, space-separated; "" for an area), note (how the row's figures were found
when not its own), the measure's metadata, denominator, mean, median, mcse, headline, percent (of
the headline), median_mcse, lower_95, lower_95_mcse,
upper_95, lower_99.8, ... for each level, and published_percent, fitted_percent when the run
reconciled figures. A row is an area in a year: in a run over several years the same code comes
once per year, so (area_code, year, measure) identifies a row; `year` is the row's year where
the measure's own is 0. Files before engine 0.3 (no /areas/year, members or note) read as a
row per area, no totals.
load_run(path): the root attributes (the run, and how to reproduce it) as a dict.
"""
import sys

import h5py
import numpy as np
import pandas as pd


def load_run(path):
    with h5py.File(path, "r") as f:
        return {key: value.tolist() if isinstance(value, np.ndarray) else value for key, value in f.attrs.items()}


def load_estimates(path):
    with h5py.File(path, "r") as f:
        if f.attrs.get("format") != "prevalence-results":
            raise ValueError(f"{path}: not a prevalence results file")
        # h5py returns string datasets as bytes unless read through .asstr().
        read = lambda d: d.asstr()[()] if h5py.check_string_dtype(d.dtype) else d[()]
        codes, names = read(f["areas/code"]), read(f["areas/name"])
        keys = ["id", "label", "phrase", "group", "is_cell", "cells", "group_cells", "source", "uncertainty",
                "ages", "sex", "year", "moved_share"]  # the spec's order (h5py lists names alphabetically)
        keys += [k for k in f["measures"] if k not in keys]  # what a later version adds
        measures = pd.DataFrame({k: read(f["measures"][k]) for k in keys}).rename(columns={"id": "measure"})
        A, M = len(codes), len(measures)
        areas = f["areas"]  # year, members and note since engine 0.3
        members = read(areas["members"]) if "members" in areas else np.full(A, "", dtype=object)
        notes = read(areas["note"]) if "note" in areas else np.full(A, "", dtype=object)
        rows = measures.iloc[np.tile(np.arange(M), A)].reset_index(drop=True)  # area-major, as the [A, M] arrays
        for i, (key, value) in enumerate((("area_code", codes), ("area_name", names), ("is_total", members != ""),
                                          ("members", members), ("note", notes))):
            rows.insert(i, key, np.repeat(value, M))
        if "year" in areas:  # a measure of year 0 takes each row's (a run over several years)
            rows["year"] = np.where(rows["year"] == 0, np.repeat(areas["year"][()], M), rows["year"])
        s = f["summaries"]
        for stat in ("denominator", "mean", "median", "mcse"):
            rows[stat] = s[stat][()].ravel()
        # The headline (median since engine 0.4; files before say nothing and headlined means).
        headline = f.attrs.get("headline", "mean")
        headline = headline.decode() if isinstance(headline, bytes) else str(headline)
        rows["headline"] = headline
        rows["percent"] = 100 * rows[headline] / rows["denominator"]
        if "median_mcse" in s:  # the Monte Carlo errors of the median and interval ends, since engine 0.4
            rows["median_mcse"] = s["median_mcse"][()].ravel()
        for i, level in enumerate(s["levels"][()]):
            rows[f"lower_{100 * level:g}"] = s["lower"][:, :, i].ravel()
            rows[f"upper_{100 * level:g}"] = s["upper"][:, :, i].ravel()
            if "lower_mcse" in s:
                rows[f"lower_{100 * level:g}_mcse"] = s["lower_mcse"][:, :, i].ravel()
                rows[f"upper_{100 * level:g}_mcse"] = s["upper_mcse"][:, :, i].ravel()
        for stat in ("published", "fitted"):  # reconciled figures, proportions; NaN elsewhere
            if stat in s:
                rows[f"{stat}_percent"] = 100 * s[stat][()].ravel()
        return rows


if __name__ == "__main__":
    pd.set_option("display.max_columns", None, "display.width", 250, "display.max_colwidth", 40)
    print(load_estimates(sys.argv[1]))
