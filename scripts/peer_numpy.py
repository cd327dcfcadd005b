#!/usr/bin/env python3
"""The reference workload (trio-reference v1) in numpy: the peer the engine is
compared with, written the way an analyst would write it (vectorised, one
process, numpy's own samplers and np.quantile; no compiled extensions).

Usage:
  python3 scripts/peer_numpy.py --size la --mode expected --out peer-la.csv
  python3 scripts/peer_numpy.py --size lsoa --mode realised --draws 500 --seed 7 --out x.csv
  python3 scripts/peer_numpy.py --size la --draws 2000 --profile      # time split on stderr

Options:
  --size la|lsoa          workload size (la: 317 areas x 100,000 draws;
                          lsoa: 33,755 areas x 2,000 draws)
  --mode expected|realised
  --draws N               override the size's draws (quick runs)
  --seed S                seed of numpy's PCG64 generator (default 1)
  --population FILE       population file (default bench/reference/SIZE-population.csv;
                          make the lsoa one with scripts/make_reference_workload.py)
  --out FILE.csv          write the summaries (without it nothing is written)
  --profile               print where the compute time went

Input: the same synthetic population file the engine reads (area_code,
area_name,year,sex,age,count; single years of age). N_a is the area's count
aged 0-17 and f_a the share of it aged 10-17; both are checked against the
workload's formulas, so the file must be the reference one.

Output CSV, one row per area and measure (the engine's measure ids):
  area_code, measure, mean, median, lower, upper, mcse, upper_se
lower/median/upper are the 2.5 %, 50 % and 97.5 % quantiles over the draws
(np.quantile's default, linear interpolation = Hyndman-Fan type 7, as the
engine); mcse = sd / sqrt(D), the Monte Carlo standard error of the mean;
upper_se the standard error of the 97.5 % quantile,
sqrt(q (1 - q) / D) / f(x_q), with 1 / f(x_q) estimated by the sparsity
(x_(q+h) - x_(q-h)) / (2h), x_(p) the sample p-quantile and h the
Hall-Sheather bandwidth
  h = D^(-1/3) z_0.975^(2/3) (1.5 phi(Phi^-1(q))^2 / (2 Phi^-1(q)^2 + 1))^(1/3)
(0.0104 at D = 2,000, 0.0028 at D = 100,000). The two extra quantiles go in
the same np.quantile call; that adds no measurable time (same partition).

Realised mode follows REFERENCE_WORKLOAD.md: n = round(Npop), youth justice
~ Binomial(round(f_a n), p_yj). The engine rounds each measure's own
population, round(f_a Npop), for youth justice: the two differ by one child
in some draws, far below the Monte Carlo error (and compare-peer does not
compare youth justice).

Timing, on stderr: "compute S s" runs from reading the population file to
the summaries in memory; "write S s" is writing the CSV.

Memory: the areas are processed in chunks of about 500,000 area-draws
(5 areas at 100,000 draws, 250 at 2,000). A chunk's 16 outputs are
16 x 8 bytes x 500,000 = 64 MB; np.quantile partitions a copy (64 MB more),
realised mode's multinomial counts add 32 MB, and numpy's temporaries the
rest: peak resident memory measured 255 MB (la expected), 325 MB (la
realised), 270 MB (lsoa expected), 350 MB (lsoa realised). The size hardly
matters for speed: chunks of 0.1 M and 0.5 M area-draws took the same CPU
time (la, 20,000 draws), 2 M a little more (page faults); the work per value
is the same and Python's per-chunk overhead is negligible either way.

The random stream: one numpy Generator (PCG64) seeded with --seed draws the
per-draw parameters first, then the chunks in order; results depend on the
seed and the chunk size (fixed here), never on the machine.
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np

SIZES = {"la": (317, 100_000), "lsoa": (33_755, 2_000)}
YEAR = "2020"
AREA_DRAWS_PER_CHUNK = 500_000
RELATIVE_ERROR = 0.03

# The 8 cells of (DV, MH, SM) and pi0, n_eff = 2000. The listed pi0 sums to
# 1.00004 (none 0.802 and "any 0.198", but the seven other cells sum to
# 0.19804). The scenario file gives those seven cells and the engine completes
# the table with none = 1 - their sum = 0.80196, so the peer does the same:
# alpha = 2000 pi0 then sums to exactly 2000, as the engine's.
CELLS = ["none", "dv_only", "mh_only", "sm_only", "dv_mh_only", "dv_sm_only", "mh_sm_only", "all_three"]
PI0_GIVEN = [0.02804, 0.0918, 0.01504, 0.0282, 0.00496, 0.0182, 0.0118]
PI0 = np.array([1.0 - sum(PI0_GIVEN)] + PI0_GIVEN)
N_EFF = 2000
BETA_LAC = (152, 19848)   # looked after, among 0-17
BETA_YJ = (45, 4955)      # youth justice, among 10-17
BETA_HL = (26, 19974)     # homelessness risk, among 0-17

# The 13 outputs of the trio as sums of cells, in the engine's order.
TRIO = [
    ("trio.dv", ["dv_only", "dv_mh_only", "dv_sm_only", "all_three"]),
    ("trio.mh", ["mh_only", "dv_mh_only", "mh_sm_only", "all_three"]),
    ("trio.sm", ["sm_only", "dv_sm_only", "mh_sm_only", "all_three"]),
    ("trio.any", CELLS[1:]),
    ("trio.two_or_more", ["dv_mh_only", "dv_sm_only", "mh_sm_only", "all_three"]),
    ("trio.all_three", ["all_three"]),
    ("trio.dv_only", ["dv_only"]),
    ("trio.mh_only", ["mh_only"]),
    ("trio.sm_only", ["sm_only"]),
    ("trio.dv_mh_only", ["dv_mh_only"]),
    ("trio.dv_sm_only", ["dv_sm_only"]),
    ("trio.mh_sm_only", ["mh_sm_only"]),
    ("trio.none", ["none"]),
]
MEASURES = [m for m, _ in TRIO] + ["looked_after", "youth_justice", "homelessness_risk"]
LAC, YJ, HL = 13, 14, 15
# Output k of the trio = CELL_SUMS[k] @ cells.
CELL_SUMS = np.array([[1.0 if c in cells else 0.0 for c in CELLS] for _, cells in TRIO])

Q = 0.975
PROBS_MAIN = [0.025, 0.5, Q]


def hall_sheather(n, q, alpha=0.05):
    """Hall and Sheather's (1988) bandwidth for the sparsity at quantile q."""
    from statistics import NormalDist
    nd = NormalDist()
    x = nd.inv_cdf(q)
    z = nd.inv_cdf(1 - alpha / 2)
    h = n ** (-1 / 3) * z ** (2 / 3) * (1.5 * nd.pdf(x) ** 2 / (2 * x * x + 1)) ** (1 / 3)
    return min(h, (1 - q) / 2, q / 2)


class Timer:
    def __init__(self):
        self.split = {}

    def add(self, name, since):
        now = time.perf_counter()
        self.split[name] = self.split.get(name, 0.0) + now - since
        return now


def read_population(path):
    """N_a (aged 0-17) and f_a (share aged 10-17) per area, in file order."""
    index, codes, n, n10 = {}, [], [], []
    with open(path, newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        try:
            i_code, i_year, i_age, i_count = (header.index(c) for c in ("area_code", "year", "age", "count"))
        except ValueError:
            sys.exit(f"peer_numpy: {path}: expected columns area_code,area_name,year,sex,age,count")
        for row in rows:
            age = row[i_age]
            if row[i_year] != YEAR or not age.isdigit() or int(age) > 17:
                continue
            code = row[i_code]
            i = index.get(code)
            if i is None:
                i = index[code] = len(codes)
                codes.append(code)
                n.append(0.0)
                n10.append(0.0)
            count = float(row[i_count])
            n[i] += count
            if int(age) >= 10:
                n10[i] += count
    n = np.array(n)
    return codes, n, np.array(n10) / n


def check_against_formulas(n, f):
    a = np.arange(len(n))
    n_formula = 250 + (a * 7919) % 400
    f_formula = 0.40 + ((a * 104729) % 100) / 1000
    if not (np.allclose(n, n_formula, rtol=1e-12, atol=0) and np.allclose(f, f_formula, rtol=1e-12, atol=0)):
        sys.exit("peer_numpy: the population file's N_a and f_a are not trio-reference v1's formulas")


def run(args, timer):
    t = time.perf_counter()
    codes, n_pop, f10 = read_population(args.population)
    check_against_formulas(n_pop, f10)
    n_areas, n_draws = len(codes), args.draws
    t = timer.add("read population", t)

    rng = np.random.default_rng(args.seed)
    # Per draw, shared by all areas.
    pi = rng.dirichlet(N_EFF * PI0, size=n_draws)                       # (D, 8)
    p_lac = rng.beta(*BETA_LAC, size=n_draws)
    p_yj = rng.beta(*BETA_YJ, size=n_draws)
    p_hl = rng.beta(*BETA_HL, size=n_draws)
    if args.mode == "expected":
        shares = np.empty((16, n_draws))                                 # each output's rate per draw
        shares[:13] = CELL_SUMS @ pi.T
        shares[LAC], shares[YJ], shares[HL] = p_lac, p_yj, p_hl
    h = hall_sheather(n_draws, Q)
    probs = PROBS_MAIN + [Q - h, Q + h]
    t = timer.add("parameter draws", t)

    chunk = max(1, AREA_DRAWS_PER_CHUNK // n_draws)
    mean = np.empty((n_areas, 16))
    sd = np.empty((n_areas, 16))
    quant = np.empty((len(probs), n_areas, 16))
    for start in range(0, n_areas, chunk):
        stop = min(start + chunk, n_areas)
        n_a, f_a = n_pop[start:stop, None], f10[start:stop, None]
        npop = n_a * np.exp(RELATIVE_ERROR * rng.standard_normal((stop - start, n_draws)))   # (C, D)
        t = timer.add("population draws", t)
        if args.mode == "expected":
            values = npop[:, None, :] * shares                            # (C, 16, D)
            values[:, YJ] *= f_a
            t = timer.add("counts (arithmetic)", t)
        else:
            n = np.rint(npop).astype(np.int64)
            cells = rng.multinomial(n, pi)                                # (C, D, 8)
            t = timer.add("multinomial", t)
            lac = rng.binomial(n, p_lac)
            yj = rng.binomial(np.rint(f_a * n).astype(np.int64), p_yj)
            hl = rng.binomial(n, p_hl)
            t = timer.add("binomial", t)
            values = np.empty((stop - start, 16, n_draws))
            np.matmul(CELL_SUMS, cells.transpose(0, 2, 1), out=values[:, :13])
            values[:, LAC], values[:, YJ], values[:, HL] = lac, yj, hl
            del cells
            t = timer.add("counts (sums of cells)", t)
        quant[:, start:stop] = np.quantile(values, probs, axis=-1)
        t = timer.add("quantiles", t)
        mean[start:stop] = values.mean(axis=-1)
        sd[start:stop] = values.std(axis=-1, ddof=1)
        t = timer.add("mean and sd", t)
        del values

    mcse = sd / math.sqrt(n_draws)
    upper_se = math.sqrt(Q * (1 - Q) / n_draws) * (quant[4] - quant[3]) / (probs[4] - probs[3])
    timer.add("mean and sd", t)
    return codes, {"mean": mean, "median": quant[1], "lower": quant[0], "upper": quant[2],
                   "mcse": mcse, "upper_se": upper_se}


def write_csv(path, codes, summaries):
    columns = ["mean", "median", "lower", "upper", "mcse", "upper_se"]
    lists = [summaries[c].tolist() for c in columns]   # Python floats: repr round-trips
    tmp = path + ".tmp"
    with open(tmp, "w", newline="\n") as out:
        out.write("area_code,measure," + ",".join(columns) + "\n")
        for a, code in enumerate(codes):
            rows = [lst[a] for lst in lists]
            out.write("".join(
                f"{code},{m},{','.join(repr(r[k]) for r in rows)}\n" for k, m in enumerate(MEASURES)))
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=SIZES, default="la")
    parser.add_argument("--mode", choices=["expected", "realised"], default="expected")
    parser.add_argument("--draws", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--population")
    parser.add_argument("--out")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if args.draws is None:
        args.draws = SIZES[args.size][1]
    if args.draws < 20:
        parser.error("--draws must be at least 20")
    if args.seed < 0:
        parser.error("--seed must be >= 0")
    if args.population is None:
        args.population = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench",
                                       "reference", f"{args.size}-population.csv")
    if not os.path.exists(args.population):
        parser.error(f"no population file {args.population}"
                     " (python3 scripts/make_reference_workload.py writes it)")

    timer = Timer()
    start = time.perf_counter()
    codes, summaries = run(args, timer)
    compute = time.perf_counter() - start
    written = time.perf_counter()
    if args.out:
        write_csv(args.out, codes, summaries)
    write = time.perf_counter() - written

    area_draws = len(codes) * args.draws
    print(f"peer_numpy: {args.size} {args.mode}: {len(codes)} areas x {args.draws} draws, "
          f"compute {compute:.3f} s ({area_draws / compute / 1e6:.3f} M area-draws/s), "
          f"write {write:.3f} s, numpy {np.__version__}", file=sys.stderr)
    if args.profile:
        for name, seconds in sorted(timer.split.items(), key=lambda kv: -kv[1]):
            print(f"peer_numpy:   {name:<24} {seconds:8.3f} s {100 * seconds / compute:5.1f} %", file=sys.stderr)


if __name__ == "__main__":
    main()
