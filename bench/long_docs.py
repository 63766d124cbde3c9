#!/usr/bin/env python3
"""Query latency on long documents, Dossier beside quest, in one run.

Usage: bench/long_docs.py --docs DIR [--work DIR] [--bin-dir build/bin]
                          [--baseline-bin-dir OTHER/bin] [--runs 40] [--batch-runs 300]

Indexes DIR (for instance the White House press briefings, about 41 KB each)
with dossier-index (and, when given, with an older build's dossier-index, so
that a change is measured against what it replaces in the same run) and with
omindex, then times the same phrase-and-word query with a fresh process per
query (hyperfine, warm cache): Dossier bare, Dossier with --since, --facets
and --json, Dossier with --limit 0 (no hits shown: the cost of a shown hit is
the difference over 10 hits), and quest on the omindex database. Also the
median round trip through one dossier-search --batch process. Prints a
Markdown table of medians and p95 in milliseconds.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (peers, timers)

QUERY = '"press secretary" AND ukraine'


def index(cmd, env=None):
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.monotonic() - t0


def batch_median(bins, db, request, runs):
    p = subprocess.Popen([os.path.join(bins, "dossier-search"), "--db", db, "--batch"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    times = []
    try:
        line = json.dumps(request) + "\n"
        for i in range(runs + 5):
            t0 = time.perf_counter()
            p.stdin.write(line)
            p.stdin.flush()
            if not p.stdout.readline():
                raise RuntimeError("dossier-search --batch stopped")
            if i >= 5:
                times.append(time.perf_counter() - t0)
    finally:
        p.stdin.close()
        p.wait()
    times.sort()
    return times[len(times) // 2] * 1000, times[int(round(0.95 * (len(times) - 1)))] * 1000


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", required=True)
    ap.add_argument("--work")
    ap.add_argument("--bin-dir", default=os.path.join(bench.REPO, "build", "bin"))
    ap.add_argument("--baseline-bin-dir")
    ap.add_argument("--runs", type=int, default=40)
    ap.add_argument("--batch-runs", type=int, default=300)
    a = ap.parse_args()
    bench.ensure_packages()
    work = a.work or tempfile.mkdtemp(prefix="dossier-long-docs-")
    os.makedirs(work, exist_ok=True)

    builds = [("dossier", a.bin_dir)]
    if a.baseline_bin_dir:
        builds.append(("dossier (baseline)", a.baseline_bin_dir))
    cmds, labels, rows = [], [], []
    for name, bins in builds:
        db = os.path.join(work, name.replace(" ", "_").replace("(", "").replace(")", "") + ".db")
        shutil.rmtree(db, ignore_errors=True)
        wall = index([os.path.join(bins, "dossier-index"), "--db", db, a.docs])
        print(f"{name}: indexed in {wall:.1f} s", file=sys.stderr)
        search = [os.path.join(bins, "dossier-search"), "--db", db]
        for label, extra in (("limit 10", ["--limit", "10"]),
                             ("limit 0", ["--limit", "0"]),
                             ("limit 10 --since 2022 --facets year,type --json",
                              ["--limit", "10", "--since", "2022", "--facets", "year,type", "--json"])):
            cmds.append(search + extra + ["--", QUERY])
            labels.append(f"{name}, {label}")
        med, p95 = batch_median(bins, db, {"query": QUERY, "limit": 10}, a.batch_runs)
        rows.append((f"{name}, --batch round trip, limit 10", med, p95))
    omega = os.path.join(work, "omega.db")
    shutil.rmtree(omega, ignore_errors=True)
    wall = index(["omindex", "--db", omega, "--url", "/", "--mime-type=md:text/plain", a.docs],
                 env=dict(os.environ, XAPIAN_FLUSH_THRESHOLD="100"))
    print(f"omindex: indexed in {wall:.1f} s", file=sys.stderr)
    cmds.append(["quest", "-d", omega, "-m", "10", QUERY])
    labels.append("quest, -m 10")
    cmds.append([os.path.join(a.bin_dir, "dossier-search"), "--version"])
    labels.append("dossier-search --version")
    cmds.append(["quest", "--version"])
    labels.append("quest --version")
    stats = bench.hyperfine(cmds, a.runs, os.path.join(work, "hyperfine.json"))
    print(f"Query `{QUERY}` on {a.docs}; medians and p95 in ms\n")
    print("| command | median | p95 |")
    print("|---|---|---|")
    for label, s in zip(labels, stats):
        print(f"| {label} | {s['median_ms']:.2f} | {s['p95_ms']:.2f} |")
    for label, med, p95 in rows:
        print(f"| {label} | {med:.2f} | {p95:.2f} |")


if __name__ == "__main__":
    main()
