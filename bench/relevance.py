#!/usr/bin/env python3
"""Relevance benchmark: MAP and nDCG@10 of dossier-search on a judged collection.

Usage: bench/relevance.py CRANFIELD_DIR [--bin-dir build/bin] [--db DIR] [--opts "SEARCH_OPTS"]

CRANFIELD_DIR holds docs/cran-NNNN.txt, queries.tsv (number, text) and
qrels.tsv (query, doc, gain 1-4). The documents are indexed with the real
dossier-index, each query is run through the real dossier-search with OR
semantics (--any), top 100, and the run is scored here: MAP over the top 100
and nDCG@10 with gain 2^g - 1 and a log2 discount. --opts gives extra
dossier-search options for every query, to compare settings.
"""
import argparse
import json
import math
import os
import re
import shlex
import subprocess
import sys
import tempfile


def score(run, qrels):
    aps, ndcgs = [], []
    for q, judged in qrels.items():
        ranked = run.get(q, [])[:100]
        hits, ap = 0, 0.0
        for k, d in enumerate(ranked, 1):
            if d in judged:
                hits += 1
                ap += hits / k
        aps.append(ap / len(judged))
        dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(k + 1)
                  for k, d in enumerate(ranked[:10], 1))
        ideal = sorted(judged.values(), reverse=True)[:10]
        idcg = sum((2 ** g - 1) / math.log2(k + 1) for k, g in enumerate(ideal, 1))
        ndcgs.append(dcg / idcg if idcg else 0.0)
    return sum(aps) / len(aps), sum(ndcgs) / len(ndcgs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("collection")
    ap.add_argument("--bin-dir", default="build/bin")
    ap.add_argument("--db", help="reuse or create this database (default: a temp dir)")
    ap.add_argument("--run-out", help="write the run file (query, doc, rank) here")
    ap.add_argument("--opts", default="", help="extra dossier-search options")
    a = ap.parse_args()

    qrels = {}
    for line in open(os.path.join(a.collection, "qrels.tsv")):
        q, d, g = (int(x) for x in line.split())
        qrels.setdefault(q, {})[d] = g
    queries = [line.rstrip("\n").split("\t", 1)
               for line in open(os.path.join(a.collection, "queries.tsv"))]

    tmp = tempfile.TemporaryDirectory()
    db = a.db or os.path.join(tmp.name, "db")
    subprocess.run([os.path.join(a.bin_dir, "dossier-index"), "--db", db,
                    os.path.join(a.collection, "docs")], check=True, stdout=subprocess.DEVNULL)

    run = {}
    for number, text in queries:
        # The collection's queries are plain words; keep letters, digits and
        # spaces so that stray punctuation is not read as query syntax.
        words = re.sub(r"[^A-Za-z0-9 ]+", " ", text)
        cmd = [os.path.join(a.bin_dir, "dossier-search"), "--db", db, "--any", "--json",
               "--limit", "100"] + shlex.split(a.opts) + ["--", words]
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            sys.exit(f"query {number} failed: {out.stderr.strip()}")
        hits = json.loads(out.stdout)["hits"]
        docs = []
        for h in hits:
            m = re.search(r"cran-(\d+)\.txt$", h["path"])
            if m:
                docs.append(int(m.group(1)))
        run[int(number)] = docs

    if a.run_out:
        with open(a.run_out, "w") as f:
            for q, docs in sorted(run.items()):
                for rank, d in enumerate(docs, 1):
                    f.write(f"{q}\t{d}\t{rank}\n")
    m, n = score(run, qrels)
    print(f"MAP {m:.4f} nDCG@10 {n:.4f} over {len(qrels)} queries")


if __name__ == "__main__":
    main()
