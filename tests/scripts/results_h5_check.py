#!/usr/bin/python3
"""Checks a results file against docs/results-format.md and, row by row, against the
estimates.csv written beside it; also that scripts/results_to_pandas.py reads the same rows.
Rows are areas in a year, or totals over areas: (code, year) names one once, a total follows
its members in the same year and its counts are theirs added up; a measure of year 0 takes
its row's year (a run over several years). Files written before /areas/year are read as a row
per area. Life-stage bands (`trio.any.ages_0-4`) are checked as their group's table for their ages.

Usage: results_h5_check.py RESULTS.h5 [ESTIMATES.csv]
Prints every problem found and exits 1 if there is any, else prints a one-line summary.
"""

import csv
import hashlib
import math
import os
import re
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "scripts"))
import results_to_pandas  # noqa: E402

problems = []


def problem(text):
    if len(problems) < 200:
        problems.append(text)


def close(a, b, rel=1e-12, abs_=1e-9):
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_)


def is_vlen_utf8(type_id):
    return (type_id.get_class() == h5py.h5t.STRING and type_id.is_variable_str()
            and type_id.get_cset() == h5py.h5t.CSET_UTF8)


ROOT = {  # attribute: numpy kind and size of its type, or "str"
    "format": "str", "format_version": "i4", "title": "str", "description": "str", "engine_version": "str",
    "git_commit": "str", "created": "str", "command_line": "str", "seed": "u8", "draws": "i8", "threads": "u4",
    "mode": "str", "intervals": "f8", "population_relative_error": "f8", "shard": "str", "draws_kept": "i1",
}
MEASURES = {
    "id": "str", "label": "str", "phrase": "str", "group": "str", "is_cell": "i1", "cells": "u8",
    "group_cells": "i4", "source": "str", "uncertainty": "str", "ages": "str", "sex": "str", "year": "i4",
    "moved_share": "f8",
}


def check_type(where, type_id, dtype, want):
    if want == "str":
        if not is_vlen_utf8(type_id):
            problem(f"{where}: not a variable-length UTF-8 string")
    elif dtype.kind + str(dtype.itemsize) != want:
        problem(f"{where}: type {dtype}, the format says {want}")


def check_file(path):
    f = h5py.File(path, "r")  # left open: /draws/values is read late
    a = f.attrs
    for key, want in ROOT.items():
        if key not in a:
            problem(f"root attribute {key} missing")
            continue
        check_type(f"root attribute {key}", a.get_id(key).get_type(), np.asarray(a[key]).dtype, want)
    if a.get("format") != "prevalence-results" or a.get("format_version") != 1:
        problem(f"format {a.get('format')!r} version {a.get('format_version')!r}")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(a.get("created", ""))):
        problem(f"created {a.get('created')!r} is not UTC ISO 8601 like 2026-11-26T10:15:00Z")
    if a.get("mode") not in ("expected", "realised"):
        problem(f"mode {a.get('mode')!r}")
    if not re.fullmatch(r"([0-9a-f]{40}(-dirty)?)?", str(a.get("git_commit", ""))):
        problem(f"git_commit {a.get('git_commit')!r} is neither a commit (perhaps -dirty) nor empty")
    if not re.fullmatch(r"(\d+/\d+)?", str(a.get("shard", ""))):
        problem(f"shard {a.get('shard')!r}")
    if any(key not in a for key in ROOT):
        return None
    D = int(a["draws"])

    def dataset(name, shape, want):
        if name not in f:
            problem(f"/{name} missing")
            return None
        d = f[name]
        check_type(f"/{name}", d.id.get_type(), d.dtype, want)
        if shape is not None and d.shape != shape:
            problem(f"/{name}: shape {d.shape}, expected {shape}")
        return d.asstr()[()] if want == "str" else d[()]

    scenario = dataset("inputs/scenario_text", (), "str")
    paths = dataset("inputs/path", None, "str")
    digests = dataset("inputs/sha256", None, "str")
    if paths is not None and digests is not None:
        if len(paths) != len(digests) or len(paths) < 2:
            problem(f"/inputs: {len(paths)} paths, {len(digests)} digests (scenario and population at least)")
        for p, h in zip(paths, digests):
            if not re.fullmatch(r"[0-9a-f]{64}", h):
                problem(f"/inputs/sha256 of {p}: {h!r} is not lower-case hex SHA-256")
        if scenario is not None and len(digests) and hashlib.sha256(scenario.encode()).hexdigest() != digests[0]:
            problem("/inputs/sha256[0] is not the SHA-256 of /inputs/scenario_text")

    codes = dataset("areas/code", None, "str")
    names = dataset("areas/name", None, "str")
    A = len(codes)
    if len(names) != A:
        problem(f"/areas: {A} codes, {len(names)} names")
    # Since engine 0.3: each row's year, a total's members, a note; absent before.
    row_years = dataset("areas/year", (A,), "i4") if "areas/year" in f else None
    row_members = dataset("areas/members", (A,), "str") if "areas/members" in f else np.full(A, "", dtype=object)
    if "areas/note" in f:
        dataset("areas/note", (A,), "str")
    meas = {k: dataset(f"measures/{k}", None, w) for k, w in MEASURES.items()}
    M = len(meas["id"])
    for k, v in meas.items():
        if v is not None and len(v) != M:
            problem(f"/measures/{k}: {len(v)} entries, {M} ids")
    if len(set(meas["id"])) != M:
        problem("/measures/id: ids repeat")
    if problems:
        return None
    if np.any(meas["year"] == 0) and row_years is None:
        problem("a measure of year 0 (each row's year) but no /areas/year")
    if np.any(meas["year"] == 0) and not np.all(meas["year"] == 0):
        problem(f"/measures/year: some 0 (a run over several years), some not: {sorted(set(meas['year']))}")
    keys = list(zip(codes, row_years if row_years is not None else [None] * A))
    if len(set(keys)) != A:
        problem(f"/areas: (code, year) repeats: {sorted({k for k in keys if keys.count(k) > 1})[:3]}")
    for m in range(M):
        band = re.fullmatch(r"(.+)\.ages_(.+)", meas["id"][m])
        if band and band[2] != meas["ages"][m]:
            problem(f"{meas['id'][m]}: a band whose id says ages {band[2]} but /measures/ages {meas['ages'][m]}")

    if np.ndim(a["intervals"]) != 1:
        problem(f"root attribute intervals: shape {np.shape(a['intervals'])}, the format says float64[L]")
        return None
    L = len(a["intervals"])
    s = {k: dataset(f"summaries/{k}", (A, M), "f8") for k in ("denominator", "mean", "median", "mcse")}
    s["levels"] = dataset("summaries/levels", (L,), "f8")
    s["lower"] = dataset("summaries/lower", (A, M, L), "f8")
    s["upper"] = dataset("summaries/upper", (A, M, L), "f8")
    share = dataset("parameters/share", (D, M), "f8")
    for key in ("published", "fitted"):
        if f"summaries/{key}" in f:
            s[key] = dataset(f"summaries/{key}", (A, M), "f8")
    # Since engine 0.4: known counts (when any) and the quantiles' Monte Carlo errors.
    if "summaries/known" in f:
        s["known"] = dataset("summaries/known", (A, M), "u1")
    if "summaries/median_mcse" in f:
        s["median_mcse"] = dataset("summaries/median_mcse", (A, M), "f8")
        s["lower_mcse"] = dataset("summaries/lower_mcse", (A, M, L), "f8")
        s["upper_mcse"] = dataset("summaries/upper_mcse", (A, M, L), "f8")
    if problems:
        return None
    for key in ("published", "fitted"):
        if key in s and np.any((s[key] < 0) | (s[key] > 1)):
            problem(f"/summaries/{key}: a figure outside [0, 1] (proportions; NaN elsewhere)")

    # Totals: after their members, in the same year; counts are the members' added within each
    # draw, so the means and denominators add up (the draws' quantiles do not).
    years = row_years if row_years is not None else np.zeros(A, dtype=int)
    for t in range(A):
        if not row_members[t]:
            continue
        where = f"/areas row {t} ({codes[t]}, {years[t]})"
        parts = []
        for code in row_members[t].split():
            found = [b for b in range(t) if codes[b] == code and years[b] == years[t]]
            if not found:
                problem(f"{where}: member {code} is not a row of its year before it")
            parts += found
        if parts:
            for key in ("denominator", "mean"):
                if not np.allclose(s[key][t], s[key][parts].sum(axis=0), rtol=1e-9, atol=1e-3):
                    problem(f"{where}: its {key} is not its members' sum")

    # Groups: cells of one joint table, which add up to the denominator; a group's life-stage
    # bands are the same table for their ages.
    groups = {}
    for m in range(M):
        groups.setdefault((meas["group"][m], meas["ages"][m]), []).append(m)
    for (g, ages), members in groups.items():
        n_cells = {int(meas["group_cells"][m]) for m in members}
        if len(n_cells) != 1:
            problem(f"group {g}: group_cells differ {n_cells}")
            continue
        n = n_cells.pop()
        if n < 2 or n & (n - 1):
            problem(f"group {g}: group_cells {n} is not a power of 2")
            continue
        if n == 2 and (len(members) != 1 or meas["id"][members[0]] not in (g, f"{g}.ages_{ages}")
                       or int(meas["cells"][members[0]]) != 2):
            problem(f"group {g}: a single measure is its own group with cells = 2")
        for m in members:
            c = int(meas["cells"][m])
            if c == 0 or c >> n:
                problem(f"{meas['id'][m]}: cells {c:#x} outside a table of {n} cells")
            if meas["is_cell"][m] and (bin(c).count("1") != 1 or n == 2):
                problem(f"{meas['id'][m]}: is_cell but cells {c:#x} is not one cell of an overlap")
        by_mask = {int(meas["cells"][m]): m for m in members}
        if all(1 << c in by_mask for c in range(n)) and n > 2:
            cell = [by_mask[1 << c] for c in range(n)]
            total = s["mean"][:, cell].sum(axis=1)
            # With head-count error each draw's cells add up to the drawn population, whose
            # mean is the denominator only within that error.
            rtol = max(1e-9, float(a["population_relative_error"]))
            if not np.allclose(total, s["denominator"][:, cell[0]], rtol=rtol):
                problem(f"group {g}: the cells' means do not add up to the denominator")
            for m in members:
                parts = [cell[c] for c in range(n) if int(meas["cells"][m]) >> c & 1]
                if not np.allclose(s["mean"][:, m], s["mean"][:, parts].sum(axis=1), rtol=1e-9):
                    problem(f"{meas['id'][m]}: its mean is not the sum of its cells' means")

    expected_exact = a["mode"] == "expected" and a["population_relative_error"] == 0
    shared = np.all(np.isfinite(share), axis=0)  # NaN: a group whose figures vary by area
    # A complete count known for its row (since engine 0.4) is the count, not denominator x share.
    known = s["known"].astype(bool) if "known" in s else np.zeros(s["mean"].shape, dtype=bool)
    drawn = shared[None, :] & ~known
    if expected_exact and not np.allclose(s["mean"][drawn], (s["denominator"] * share.mean(axis=0))[drawn],
                                          rtol=1e-9):
        problem("expected mode without head-count error: mean is not denominator x mean share")
    if known.any() and not np.all((s["lower"][known] == s["mean"][known][:, None]) &
                                  (s["upper"][known] == s["mean"][known][:, None])):
        problem("a known count has an interval")

    # Draws, when kept: the summaries are theirs.
    if bool(a["draws_kept"]) != ("draws" in f and "values" in f["draws"]):
        problem(f"draws_kept = {a['draws_kept']} but /draws/values {'is' if 'draws' in f else 'is not'} there")
    if a["draws_kept"] and "draws" in f:
        d = f["draws/values"]
        if d.shape != (A, M, D) or d.dtype != np.float64:
            problem(f"/draws/values: {d.shape} {d.dtype}, expected {(A, M, D)} float64")
        else:
            if d.chunks != (1, 1, min(D, 1 << 20)) or not d.shuffle or d.compression != "gzip" or d.compression_opts != 4:
                problem(f"/draws/values: chunks {d.chunks}, shuffle {d.shuffle}, {d.compression} {d.compression_opts}")
            v = d[()]
            probs = np.concatenate([(1 - s["levels"]) / 2, (1 + s["levels"]) / 2])
            q = np.quantile(v, probs, axis=2)
            for name, mine, theirs, rel in (
                    ("mean", v.mean(axis=2), s["mean"], 1e-9), ("median", np.median(v, axis=2), s["median"], 1e-9),
                    ("lower", np.moveaxis(q[:L], 0, 2), s["lower"], 1e-9),
                    ("upper", np.moveaxis(q[L:], 0, 2), s["upper"], 1e-9),
                    ("mcse", v.std(axis=2, ddof=1) / math.sqrt(D), s["mcse"], 1e-3)):
                if not np.allclose(mine, theirs, rtol=rel, atol=1e-9):
                    problem(f"/summaries/{name} is not that of /draws/values")
            exact = s["denominator"][:, :, None] * share.T[None]
            if expected_exact and not np.allclose(v[drawn], exact[drawn], rtol=1e-9):
                problem("/draws/values is not denominator x /parameters/share")
    return dict(a=a, codes=codes, names=names, meas=meas, s=s, A=A, M=M, D=D, row_years=row_years, members=row_members)


def check_csv(r, csv_path, h5_path):
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != r["A"] * r["M"]:
        problem(f"{csv_path}: {len(rows)} rows, the results file has {r['A']} x {r['M']}")
    frame = results_to_pandas.load_estimates(h5_path)
    tag = f"{100 * r['s']['levels'][0]:g}"
    meas, s = r["meas"], r["s"]
    for i, row in enumerate(rows[: r["A"] * r["M"]]):
        a, m = divmod(i, r["M"])
        where = f"{csv_path} row {i + 2} ({row['area_code']} {row['measure']})"
        year = meas["year"][m] or r["row_years"][a]  # year 0: the row's
        text = dict(area_code=r["codes"][a], area_name=r["names"][a], measure=meas["id"][m], label=meas["label"][m],
                    ages=meas["ages"][m], sex=meas["sex"][m], mode=r["a"]["mode"], year=str(year),
                    draws=str(r["D"]))
        for key, want in text.items():
            if row[key] != want:
                problem(f"{where}: {key} {row[key]!r}, results.h5 {want!r}")
        headline = r["a"].get("headline", "mean")  # what percent is of; files before 0.4 say nothing
        headline = headline.decode() if isinstance(headline, bytes) else str(headline)
        numbers = dict(denominator=s["denominator"][a, m], mean=s["mean"][a, m], median=s["median"][a, m],
                       lower=s["lower"][a, m, 0], upper=s["upper"][a, m, 0], interval=s["levels"][0],
                       mcse=s["mcse"][a, m], percent=100 * s[headline][a, m] / s["denominator"][a, m])
        if "median_mcse" in s and "median_mcse" in row:
            numbers.update(median_mcse=s["median_mcse"][a, m], lower_mcse=s["lower_mcse"][a, m, 0],
                           upper_mcse=s["upper_mcse"][a, m, 0])
        if "headline" in row and row["headline"] != headline:
            problem(f"{where}: headline {row['headline']!r}, results.h5 {headline!r}")
        if "counted" in row and (row["counted"] == "yes") != bool("known" in s and s["known"][a, m]):
            problem(f"{where}: counted {row['counted']!r}, results.h5 known {s['known'][a, m] if 'known' in s else 0}")
        for key, want in numbers.items():
            if not close(row[key], want):
                problem(f"{where}: {key} {row[key]}, results.h5 {want!r}")
        if "moved_draws" in row and int(row["moved_draws"]) != round(meas["moved_share"][m] * r["D"]):
            problem(f"{where}: moved_draws {row['moved_draws']}, results.h5 moved_share {meas['moved_share'][m]}")
        for key in ("published", "fitted"):  # percent in the CSV, empty where the file has NaN
            want = 100 * s[key][a, m] if key in s else math.nan
            got = row.get(f"{key}_percent", "")
            if (got == "") != math.isnan(want) or (got != "" and not close(got, want)):
                problem(f"{where}: {key}_percent {got!r}, results.h5 {want!r}")
        # The pandas example gives the same row.
        p = frame.iloc[i]
        if (p["area_code"], p["measure"], str(p["year"]), bool(p["is_total"])) != (
                row["area_code"], row["measure"], row["year"], bool(r["members"][a])) or not all(
                close(p[k], row[c]) for k, c in (("mean", "mean"), ("median", "median"), (f"lower_{tag}", "lower"),
                                                  (f"upper_{tag}", "upper"), ("percent", "percent"))):
            problem(f"{where}: results_to_pandas.load_estimates row {i} differs")
        for key in ("published", "fitted"):
            if key in s and not (np.isnan(p[f"{key}_percent"]) and np.isnan(s[key][a, m])
                                 or close(p[f"{key}_percent"], 100 * s[key][a, m])):
                problem(f"{where}: results_to_pandas.load_estimates {key}_percent differs")
    run = results_to_pandas.load_run(h5_path)
    if run.get("draws") != r["D"] or run.get("format") != "prevalence-results":
        problem("results_to_pandas.load_run: draws or format differ")
    return len(rows)


def main(argv):
    h5_path = argv[0]
    r = check_file(h5_path)
    if r is None and not problems:
        problem("not a results file")
    n_rows = check_csv(r, argv[1], h5_path) if r is not None and len(argv) > 1 else 0
    if problems:
        print(f"{h5_path}: {len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    totals = sum(1 for x in r["members"] if x)
    years = sorted(set(r["row_years"])) if r["row_years"] is not None else []
    print(f"{h5_path}: conforms to the format ({r['A']} row{'s' * (r['A'] != 1)}"
          + (f" ({totals} of them totals)" if totals else "")
          + (f", years {years[0]}-{years[-1]}" if len(years) > 1 else "")
          + f", {r['M']} measures, {r['D']:,} draws, levels "
          f"{', '.join(f'{x:g}' for x in r['s']['levels'])}, draws {'kept' if r['a']['draws_kept'] else 'not kept'})"
          + (f"; all {n_rows} rows of {argv[1]} agree" if len(argv) > 1 else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
