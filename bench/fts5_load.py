#!/usr/bin/env python3
"""Load a corpus into an SQLite FTS5 table: the SQLite peer of bench/run.sh.

    fts5_load.py DB CORPUS

One row per .txt/.md/.html file (and their .gz): path, date (YYYY-MM-DD from
the front matter, header lines or <meta name="date">), type, and the body.
Incremental like the other tools: a file whose size and mtime are unchanged
is skipped, a changed one replaced, a vanished one deleted.
"""
import gzip
import os
import re
import sqlite3
import sys

EXTS = (".txt", ".md", ".markdown", ".html", ".htm")
META = re.compile(
    r'^(?:date|Date):\s*"?(\d{4}-\d{2}-\d{2})|<meta name="date" content="(\d{4}-\d{2}-\d{2})',
    re.M)
TYPE = re.compile(r'^(?:type|Type):\s*"?([A-Za-z -]+)|<meta name="type" content="([^"]+)', re.M)


def read(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def main():
    db, corpus = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, sig TEXT, rid INTEGER)")
    con.execute("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(body, date UNINDEXED,"
                " type UNINDEXED)")
    known = {p: (s, r) for p, s, r in con.execute("SELECT path, sig, rid FROM files")}
    seen = set()
    added = changed = 0
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            low = name.lower()
            if low.endswith(".gz"):
                low = low[:-3]
            if not low.endswith(EXTS):
                continue
            path = os.path.join(root, name)
            st = os.stat(path)
            sig = f"{st.st_size}:{st.st_mtime_ns}"
            seen.add(path)
            old = known.get(path)
            if old and old[0] == sig:
                continue
            text = read(path)
            head = text[:4000]
            m = META.search(head)
            t = TYPE.search(head)
            date = (m.group(1) or m.group(2)) if m else ""
            typ = (t.group(1) or t.group(2)).strip().lower() if t else ""
            if old:
                con.execute("DELETE FROM docs WHERE rowid=?", (old[1],))
                changed += 1
            else:
                added += 1
            rid = con.execute("INSERT INTO docs(body, date, type) VALUES (?,?,?)",
                              (text, date, typ)).lastrowid
            con.execute("INSERT OR REPLACE INTO files VALUES (?,?,?)", (path, sig, rid))
    removed = 0
    for path, (sig, rid) in known.items():
        if path not in seen:
            con.execute("DELETE FROM docs WHERE rowid=?", (rid,))
            con.execute("DELETE FROM files WHERE path=?", (path,))
            removed += 1
    con.commit()
    con.close()
    print(f"added {added}, changed {changed}, removed {removed}")


if __name__ == "__main__":
    main()
