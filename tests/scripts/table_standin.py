#!/usr/bin/python3
"""A stand-in for `prevalence table`, for testing scripts/report without the engine: reads a
results file and writes a page (or CSV) shaped like the engine's (engine/publish/table_html.cpp:
one <main>, a <section> per area with a <table>, then the notes), with a simple disclosure
control (none, ons-10-5, custom:T:B; three significant figures). Not the engine's rules in
detail: only the shape of its output matters here.

Usage: table_standin.py table RESULTS.h5 --format html|csv [--words] [--sdc NAME]
With STANDIN_METHOD=1 in the environment the page has its own Method and sources section.
"""

import argparse
import html
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "scripts"))
import prevalence_plots as pp  # noqa: E402


def policy(name):
    if name in (None, "none"):
        return 0.0, 1.0
    if name == "ons-10-5":
        return 10.0, 5.0
    if name.startswith("custom:"):
        t, b = name.split(":")[1:]
        return float(t), float(b)
    print(f"prevalence: error: disclosure control policy \"{name}\": expected none, ons-10-5 or custom:T:B",
          file=sys.stderr)
    sys.exit(2)


def shown(x, threshold, base):
    if x < threshold:
        return None
    step = max(base, 10 ** (math.floor(math.log10(x)) - 2)) if x > 0 else base
    return math.floor(x / step + 0.5) * step


def main(argv):
    if not argv or argv[0] != "table":
        print(f"prevalence: error: unknown verb \"{argv[0] if argv else ''}\"", file=sys.stderr)
        return 2
    p = argparse.ArgumentParser(prog="prevalence table")
    p.add_argument("results")
    p.add_argument("--format", choices=["html", "csv"], default="html")
    p.add_argument("--words", action="store_true")
    p.add_argument("--sdc")
    args = p.parse_args(argv[1:])
    try:
        r = pp.Results(args.results)
    except pp.ResultsError as e:
        print(f"prevalence: error: {e}", file=sys.stderr)
        return 2
    threshold, base = policy(args.sdc)
    tags = [f"{100 * x:g}" for x in r.levels]

    def figure(a, m):
        count = shown(r.mean[a, m], threshold, base)
        ends = []
        for i in range(len(r.levels)):
            lo, hi = (shown(v, threshold, base) for v in (r.lower[a, m, i], r.upper[a, m, i]))
            ends.append(("[c]", "[c]") if count is None else
                        (f"<{threshold:g}" if lo is None else f"{lo:.0f}", f"<{threshold:g}" if hi is None else f"{hi:.0f}"))
        percent = "[c]" if count is None else pp.fmt_percent(100 * count / r.denominator[a, m])
        return ("[c]" if count is None else f"{count:.0f}"), ends, percent

    if args.format == "csv":
        print("area_code,area_name,measure,label,ages,sex,year,denominator,count,"
              + ",".join(f"lower_{t},upper_{t}" for t in tags) + ",percent,flags,sdc")
        for a, (code, name) in enumerate(zip(r.codes, r.names)):
            for m, meas in enumerate(r.measures):
                count, ends, percent = figure(a, m)
                fields = [code, name, meas["id"], meas["label"], meas["ages"], meas["sex"], str(meas["year"]),
                          f"{r.denominator[a, m]:.0f}", count] + [x for pair in ends for x in pair] + [
                          percent, "", args.sdc or "none"]
                print(",".join(f'"{f}"' if "," in f else f for f in fields))
        return 0

    e = html.escape
    title = e(r.run.get("title", "Estimates"))
    out = [f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
           f"<style>\nbody {{ font: 16px/1.45 system-ui, sans-serif; }} main {{ max-width: 75rem; margin: 0 auto; "
           f"padding: 1.5rem; }} table {{ border-collapse: collapse; width: 100%; }} th, td {{ padding: 0.3rem 0.6rem; "
           f"border-bottom: 1px solid #b1b4b6; text-align: left; }} .num {{ text-align: right; }} tr.cell th "
           f"{{ padding-left: 1.8rem; }}\n</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n"]
    for a, (code, name) in enumerate(zip(r.codes, r.names)):
        out.append(f'<section class="area" id="area-{a + 1}">\n<h2>{e(name)} ({e(code)})</h2>\n<table>\n'
                   f"<caption>{title}: {e(name)} ({e(code)})</caption>\n<thead>\n<tr><th scope=\"col\">Measure</th>"
                   f"<th scope=\"col\">Ages</th><th scope=\"col\" class=\"num\">Population</th>"
                   f"<th scope=\"col\" class=\"num\">Number</th>"
                   + "".join(f'<th scope="col" class="num">{t}% interval</th>' for t in tags)
                   + '<th scope="col" class="num">%</th></tr>\n</thead>\n<tbody>\n')
        sentences = []
        for m, meas in enumerate(r.measures):
            count, ends, percent = figure(a, m)
            row_class = ' class="cell"' if meas["is_cell"] else ""
            out.append(f"<tr{row_class}><th scope=\"row\">{e(meas['label'])}</th>"
                       f"<td>{e(meas['ages'])}</td><td class=\"num\">{pp.fmt_count(r.denominator[a, m])}</td>"
                       f"<td class=\"num\">{e(count)}</td>"
                       + "".join(f'<td class="num">{e(lo)} to {e(hi)}</td>' for lo, hi in ends)
                       + f'<td class="num">{e(percent)}</td></tr>\n')
            sentences.append(f"<li>In {e(name)}, an estimated {e(count)} children are {e(meas['phrase'])}.</li>\n")
        out.append("</tbody>\n</table>\n")
        if args.words:
            out.append('<ul class="sentences">\n' + "".join(sentences) + "</ul>\n")
        out.append("</section>\n")
    out.append('<section class="notes">\n<h2>Notes</h2>\n<p>Disclosure control: '
               + e(args.sdc or "none") + '.</p>\n<h3>Sources</h3>\n<ol class="sources">\n'
               + "".join(f"<li>{e(s)}</li>\n" for s in dict.fromkeys(x["source"] for x in r.measures))
               + "</ol>\n</section>\n"
               + ('<section id="method">\n<h2>Method and sources</h2>\n<p>As the engine does it.</p>\n</section>\n'
                  if os.environ.get("STANDIN_METHOD") == "1" else "")
               + "</main>\n</body>\n</html>\n")
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
