#!/usr/bin/python3
"""Reads a prevalence results file (results.h5, docs/results-format.md) into pandas.

    scripts/results_to_pandas.py RESULTS.h5     # prints the tidy table

load_estimates(path): one row per (area, measure): area_code, area_name, the measure's metadata,
denominator, mean, median, mcse, percent, and lower_95, upper_95, lower_99.8, ... for each level.
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
        rows = measures.iloc[np.tile(np.arange(M), A)].reset_index(drop=True)  # area-major, as the [A, M] arrays
        rows.insert(0, "area_code", np.repeat(codes, M))
        rows.insert(1, "area_name", np.repeat(names, M))
        s = f["summaries"]
        for stat in ("denominator", "mean", "median", "mcse"):
            rows[stat] = s[stat][()].ravel()
        rows["percent"] = 100 * rows["mean"] / rows["denominator"]
        for i, level in enumerate(s["levels"][()]):
            rows[f"lower_{100 * level:g}"] = s["lower"][:, :, i].ravel()
            rows[f"upper_{100 * level:g}"] = s["upper"][:, :, i].ravel()
        return rows


if __name__ == "__main__":
    pd.set_option("display.max_columns", None, "display.width", 250, "display.max_colwidth", 40)
    print(load_estimates(sys.argv[1]))
