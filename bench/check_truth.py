#!/usr/bin/env python3
"""Compare dossier-search answers with the ground truth of a generated corpus.

Usage: bench/check_truth.py TRUTH.json DB [--bin build/bin/dossier-search]

TRUTH.json is the truth file written by the corpus generator beside its
corpus; DB a database built from that corpus with dossier-index. For each
truth query, prints the expected and actual match counts and, where the
truth gives them, compares the year/type/source facets. Exits 1 on any
difference.
"""
import argparse
import json
import subprocess
import sys


def phrase(words):
    return '"' + words + '"' if " " in words else words


def to_args(q):
    """Translate one truth query into dossier-search arguments."""
    parts, args = [], []
    parts += q.get("terms", [])
    parts += [phrase(p) for p in q.get("phrases", [])]
    parts += ["-" + phrase(p) for p in q.get("not_phrases", [])]
    if "any_of" in q:
        parts.append("(" + " OR ".join(phrase(p) for p in q["any_of"]) + ")")
    if "type" in q:
        args += ["--type", q["type"]]
    if "date_lt" in q:
        args += ["--until", previous_day(q["date_lt"])]
    if "date_ge" in q:
        args += ["--since", q["date_ge"]]
    return args + ["--"] + [" ".join(parts)] if parts else args


def previous_day(iso):
    import datetime
    d = datetime.date.fromisoformat(iso) - datetime.timedelta(days=1)
    return d.isoformat()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("db")
    ap.add_argument("--bin", default="build/bin/dossier-search")
    a = ap.parse_args()
    truth = json.load(open(a.truth))
    bad = 0
    print(f"{'id':4} {'expected':>8} {'dossier':>8}  facets  query")
    for q in truth["queries"]:
        cmd = [a.bin, "--db", a.db, "--json", "--limit", "0",
               "--facets", "year,type,source"] + to_args(q["query"])
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode not in (0, 1):
            print(f"{q['id']}: error: {out.stderr.strip()}")
            bad += 1
            continue
        res = json.loads(out.stdout)
        got = res["total"]
        facets_ok = True
        for name, expected in q.get("facets", {}).items():
            actual = res.get("facets", {}).get(name, {})
            if {k: v for k, v in expected.items() if v} != actual:
                facets_ok = False
        ok = got == q["count"] and facets_ok
        bad += not ok
        print(f"{q['id']:4} {q['count']:8} {got:8}  {'ok' if facets_ok else 'DIFF':6}  {q['desc']}")
    print("all equal" if not bad else f"{bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
