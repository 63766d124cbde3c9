#!/usr/bin/env python3
"""Query latency on indexes that already exist, without indexing anything.

Usage: bench/query_latency.py --dossier-db DB [--omega-db DB] [--bin-dir build/bin]
                              [--floor] [--runs 30] [--batch-runs 300]

Runs the query set of bench.py: for Dossier with a fresh process per query
(hyperfine -N, warm cache) and through one --batch process, and for Xapian
Omega's quest on an omindex database of the same corpus. Prints a Markdown
table of medians and p95 in milliseconds. Use it after bench.py (or after
indexing a corpus by hand) to measure a change of the query path at 100,000
documents without hours of indexing.

--floor adds Xapian's own cost on Dossier's database: quest run on the same
database (same terms, stems and positions) with ten hits and, in a second
column, with every match counted (-c set to the document count, as Dossier
counts when facets are asked for or the collection is small). No passages,
no filters, no output beyond quest's: the least any Xapian front end can pay.
"""

import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared query definitions and timers)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossier-db", required=True)
    ap.add_argument("--omega-db")
    ap.add_argument("--bin-dir", default=os.path.join(bench.REPO, "build", "bin"))
    ap.add_argument("--floor", action="store_true",
                    help="also time quest on the Dossier database (Xapian's match alone)")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--batch-runs", type=int, default=300)
    ap.add_argument("--first-year", type=int, default=1990,
                    help="first year of the Omega year terms to OR for 'since 2019'")
    a = ap.parse_args()

    dossier = bench.Dossier("", "", a.bin_dir)
    dossier.db = a.dossier_db
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        queries = dossier.queries()
        names = list(queries)
        stats = bench.hyperfine([queries[n] for n in names], a.runs, os.path.join(tmp, "d.json"))
        for n, s in zip(names, stats):
            rows.setdefault(n, {})["dossier"] = s
        for n, s in bench.batch_latency(a.bin_dir, a.dossier_db, a.batch_runs).items():
            rows.setdefault(n, {})["dossier --batch"] = s
        if a.omega_db:
            omega = bench.Omega("", "", a.bin_dir, list(range(a.first_year, 2031)))
            omega.db = a.omega_db
            oq = omega.queries()
            onames = list(oq)
            for n, s in zip(onames, bench.hyperfine([oq[n] for n in onames], a.runs,
                                                    os.path.join(tmp, "o.json"))):
                rows.setdefault(n, {})["quest"] = s

        if a.floor:
            q = ["quest", "-d", a.dossier_db, "-m", "10"]
            floor = {"term": ["china"], "phrase": ['"north korea"'],
                     "boolean": ['china AND "taiwan strait" NOT "north korea"']}
            fnames = list(floor)
            for col, extra in (("quest, Dossier's db", []), ("quest, Dossier's db, all counted",
                                                             ["-c", "4000000000"])):
                for n, s in zip(fnames, bench.hyperfine([q + extra + floor[n] for n in fnames], a.runs,
                                                        os.path.join(tmp, "f.json"))):
                    rows.setdefault(n, {})[col] = s

    columns = ["dossier", "dossier --batch", "quest"]
    if a.floor:
        columns += ["quest, Dossier's db", "quest, Dossier's db, all counted"]
    print("| query | " + " | ".join(f"{c} median / p95 ms" for c in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for n, r in rows.items():
        cells = [f"{r[c]['median_ms']:.2f} / {r[c]['p95_ms']:.2f}" if c in r else "–"
                 for c in columns]
        print(f"| {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
