#!/usr/bin/env python3
"""Dossier against its peers on the same corpus, machine and run.

    bench/run.sh --gen PATH/gen_corpus.py --words PATH/words.txt
                 [--sizes 10000,100000] [--wh DIR] [--work DIR]
                 [--peers omega,recoll,fts5,rg] [--peers-max-docs N]
                 [--runs N] [--threads N]

For each corpus (generated ones of the given sizes, and --wh's folder when
given) it measures:
  indexing  full run, incremental run with nothing changed, incremental run
            after 1 % of the files changed: wall time, docs/s, MB/s, peak
            RSS (/usr/bin/time -v), index size on disk;
  queries   term, phrase, phrase + date (+ type where the tool has types),
            boolean, and for Dossier the phrase + date + type query with
            year and type facets: median and p95 latency over --runs fresh
            processes (hyperfine, warm cache), and for Dossier the round trip
            of one query in --batch mode;
  ceilings  cat to /dev/null, zlib compression (level 6, one core), Xapian
            tokenising alone and a minimal Xapian indexing loop
            (bench/xapian_loop.cc), one core.
Peers (xapian-omega, recollcmd, hyperfine, ripgrep) are installed with
apt-get when missing. Results go to WORK/results.json and WORK/results.md.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def sh(cmd, **kw):
    return subprocess.run(cmd, shell=isinstance(cmd, str), check=True, **kw)


def ensure_packages():
    need = {"omindex": "xapian-omega", "quest": "xapian-tools", "recollindex": "recollcmd",
            "hyperfine": "hyperfine", "rg": "ripgrep"}
    missing = sorted({pkg for cmd, pkg in need.items() if not shutil.which(cmd)})
    if not os.path.exists("/usr/bin/time"):
        missing.append("time")
    if missing:
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh(sudo + ["apt-get", "install", "-y", "-qq"] + missing, env=env)


def build_tools(work, build):
    tools = os.path.join(work, "tools")
    os.makedirs(tools, exist_ok=True)
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "xapian-core"],
                           capture_output=True, text=True, check=True).stdout.split()
    for name in ("xapian_loop", "db_digest"):
        sh(["c++", "-O2", "-std=c++17", os.path.join(HERE, name + ".cc"), "-o",
            os.path.join(tools, name)] + flags + ["-lz"])
    if build is None:
        build = os.path.join(work, "build")
        sh(["cmake", "-S", REPO, "-B", build, "-DCMAKE_BUILD_TYPE=Release"],
           stdout=subprocess.DEVNULL)
        sh(["cmake", "--build", build, "-j", str(os.cpu_count()), "--target",
            "dossier-index", "dossier-search"], stdout=subprocess.DEVNULL)
    return tools, os.path.join(build, "bin")


def timed(cmd, env=None, cwd=None):
    """Runs cmd under /usr/bin/time -v: (wall s, peak RSS MiB, stdout)."""
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True,
                       env=env, cwd=cwd)
    wall = time.monotonic() - t0
    if p.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                           p.stderr))
    timed.last_cpu = cpu
    return wall, rss / 1024, p.stdout


def du(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(root, f)).st_blocks * 512
            except FileNotFoundError:
                pass
    if os.path.isfile(path):
        total = os.lstat(path).st_blocks * 512
        for extra in (path + "-wal", path + "-shm"):
            if os.path.exists(extra):
                total += os.lstat(extra).st_blocks * 512
    return total


def corpus_files(corpus):
    out = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for f in sorted(files):
            if re.search(r"\.(txt|md|html?)(\.gz)?$", f, re.I):
                out.append(os.path.join(root, f))
    return out


class Tool:
    """One indexer + searcher under test."""
    name = ""

    def __init__(self, work, corpus, bins):
        self.work, self.corpus, self.bins = work, corpus, bins

    def index_cmd(self):
        raise NotImplementedError

    def env(self):
        return None

    def fresh(self):
        for p in (self.db,):
            if os.path.isdir(p):
                shutil.rmtree(p)
            elif os.path.exists(p):
                os.remove(p)


class Dossier(Tool):
    name = "dossier"

    def __init__(self, work, corpus, bins, threads=None):
        super().__init__(work, corpus, bins)
        self.db = os.path.join(work, "dossier.db")
        self.threads = threads

    def index_cmd(self):
        cmd = [os.path.join(self.bins, "dossier-index"), "--db", self.db]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        return cmd + [self.corpus]

    def search(self, *args):
        return [os.path.join(self.bins, "dossier-search"), "--db", self.db, "--limit", "10"] + \
            list(args)

    def queries(self):
        return {
            "term": self.search("--", "china"),
            "phrase": self.search("--", '"north korea"'),
            "phrase+date+type": self.search("--since", "2019", "--type", "declaration", "--",
                                            '"north korea"'),
            "boolean": self.search("--", 'china AND "taiwan strait" NOT "north korea"'),
            "phrase+date+type+facets": self.search("--since", "2019", "--type", "declaration",
                                                   "--facets", "year,type", "--",
                                                   '"north korea"'),
        }


class Omega(Tool):
    name = "omindex"

    def __init__(self, work, corpus, bins, years):
        super().__init__(work, corpus, bins)
        self.db = os.path.join(work, "omega.db")
        self.years = years

    def env(self):
        # The flush threshold the targets were set with.
        return dict(os.environ, XAPIAN_FLUSH_THRESHOLD="100")

    def index_cmd(self):
        return ["omindex", "--db", self.db, "--url", "/", "--mime-type=md:text/plain",
                "--mime-type=markdown:text/plain", self.corpus]

    def queries(self):
        q = ["quest", "-d", self.db, "-m", "10", "-b", "year:Y"]
        since = " ".join(f"year:{y}" for y in self.years if y >= 2019)
        return {
            "term": q + ["china"],
            "phrase": q + ['"north korea"'],
            "phrase+date": q + [f'"north korea" AND ({since})'],
            "boolean": q + ['china AND "taiwan strait" NOT "north korea"'],
        }


class Recoll(Tool):
    name = "recoll"

    def __init__(self, work, corpus, bins):
        super().__init__(work, corpus, bins)
        self.db = os.path.join(work, "recoll")

    def fresh(self):
        super().fresh()
        os.makedirs(self.db)
        with open(os.path.join(self.db, "recoll.conf"), "w") as f:
            f.write(f"topdirs = {self.corpus}\nidxflushmb = 50\nnoaspell = 1\n"
                    "loglevel = 1\n")

    def index_cmd(self):
        return ["recollindex", "-c", self.db]

    def queries(self):
        q = ["recollq", "-c", self.db, "-n", "10", "-q"]
        return {
            "term": q + ["china"],
            "phrase": q + ['"north korea"'],
            "phrase+date": q + ['"north korea" date:2019-01-01/'],
            "boolean": q + ['china "taiwan strait" -"north korea"'],
        }


class Fts5(Tool):
    name = "sqlite-fts5"

    def __init__(self, work, corpus, bins):
        super().__init__(work, corpus, bins)
        self.db = os.path.join(work, "fts5.sqlite")

    def fresh(self):
        for p in (self.db, self.db + "-wal", self.db + "-shm"):
            if os.path.exists(p):
                os.remove(p)

    def index_cmd(self):
        return [sys.executable, os.path.join(HERE, "fts5_load.py"), self.db, self.corpus]

    def queries(self):
        def q(match, where=""):
            return ["sqlite3", self.db, "SELECT rowid FROM docs WHERE docs MATCH '" + match +
                    "'" + where + " ORDER BY rank LIMIT 10"]
        return {
            "term": q("china"),
            "phrase": q('"north korea"'),
            "phrase+date+type": q('"north korea"', " AND date >= '2019-01-01' AND"
                                  " type = 'declaration'"),
            "boolean": q('china AND "taiwan strait" NOT "north korea"'),
        }


class Ripgrep(Tool):
    name = "ripgrep"

    def __init__(self, work, corpus, bins):
        super().__init__(work, corpus, bins)
        self.db = None

    def queries(self):
        q = ["rg", "-z", "-i", "-l", "-F"]
        return {
            "term": q + ["china", self.corpus],
            "phrase": q + ["north korea", self.corpus],
        }


def hyperfine(cmds, runs, out):
    """Median and p95 (ms) of each command, fresh process per run."""
    args = ["hyperfine", "-N", "--warmup", "3", "--runs", str(runs), "-i", "--export-json", out]
    import shlex
    for c in cmds:
        args.append(" ".join(shlex.quote(x) for x in c))
    sh(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    res = json.load(open(out))["results"]
    stats = []
    for r in res:
        t = sorted(r["times"])
        stats.append({"median_ms": statistics.median(t) * 1000,
                      "p95_ms": t[min(len(t) - 1, int(round(0.95 * (len(t) - 1))))] * 1000})
    return stats


def batch_latency(bins, db, runs):
    """Round trip of one request at a time through dossier-search --batch."""
    reqs = {
        "phrase": {"query": '"north korea"', "limit": 10},
        "phrase+date+type+facets": {"query": '"north korea"', "limit": 10,
                                    "filters": {"since": "2019", "type": ["declaration"]},
                                    "facets": ["year", "type"]},
        "term": {"query": "china", "limit": 10},
        "boolean": {"query": 'china AND "taiwan strait" NOT "north korea"', "limit": 10},
    }
    p = subprocess.Popen([os.path.join(bins, "dossier-search"), "--db", db, "--batch"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
    out = {}
    try:
        for name, req in reqs.items():
            line = json.dumps(req) + "\n"
            times = []
            for i in range(runs + 5):
                t0 = time.perf_counter()
                p.stdin.write(line)
                p.stdin.flush()
                answer = p.stdout.readline()
                dt = time.perf_counter() - t0
                if not answer:
                    raise RuntimeError("dossier-search --batch stopped")
                if i >= 5:
                    times.append(dt)
            times.sort()
            out[name] = {"median_ms": statistics.median(times) * 1000,
                         "p95_ms": times[int(round(0.95 * (len(times) - 1)))] * 1000}
    finally:
        p.stdin.close()
        p.wait()
    return out


def change_one_percent(files):
    """Appends a sentence to every 100th file (gzip files rewritten whole);
    returns the originals to restore."""
    import gzip
    saved = {}
    for path in files[::100]:
        with open(path, "rb") as f:
            data = f.read()
        saved[path] = (data, os.stat(path))
        if path.endswith(".gz"):
            new = gzip.compress(gzip.decompress(data) + b"\nAn added closing sentence.\n")
        else:
            new = data + b"\nAn added closing sentence.\n"
        with open(path, "wb") as f:
            f.write(new)
    return saved


def restore(saved):
    for path, (data, st) in saved.items():
        with open(path, "wb") as f:
            f.write(data)
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def ceilings(work, tools, corpus, files, loop=True):
    res = {}
    t0 = time.monotonic()
    sh(f"find {corpus} -type f -print0 | xargs -0 cat > /dev/null")
    res["cat"] = time.monotonic() - t0
    t0 = time.monotonic()
    n = 0
    for path in files:
        with open(path, "rb") as f:
            n += len(zlib.compress(f.read(), 6))
    res["zlib"] = time.monotonic() - t0
    lst = os.path.join(work, "files.txt")
    with open(lst, "w") as f:
        f.write("\n".join(files) + "\n")
    run_loop = loop
    loop = os.path.join(tools, "xapian_loop")
    t0 = time.monotonic()
    sh(f"{loop} --tokenise-only < {lst}", stdout=subprocess.DEVNULL)
    res["tokenise"] = time.monotonic() - t0
    if not run_loop:
        return res
    out = os.path.join(work, "loop.db")
    shutil.rmtree(out, ignore_errors=True)
    wall, rss, _ = timed(["sh", "-c", f"{loop} --shard-docs 500 {out} < {lst}"])
    res["xapian_loop"] = wall
    res["xapian_loop_rss"] = rss
    res["xapian_loop_size"] = du(out)
    shutil.rmtree(out, ignore_errors=True)
    return res


def bench_corpus(label, corpus, work, tools, bins, a, peers, years, writable):
    print(f"== {label}: {corpus}", flush=True)
    os.makedirs(work, exist_ok=True)
    files = corpus_files(corpus)
    mb = sum(os.path.getsize(f) for f in files) / 1e6
    sh(f"find {corpus} -type f -print0 | xargs -0 cat > /dev/null")  # warm the cache
    result = {"docs": len(files), "mb": mb, "tools": {}}
    tl = [Dossier(work, corpus, bins, a.threads)]
    if "omega" in peers:
        tl.append(Omega(work, corpus, bins, years))
    if "recoll" in peers:
        tl.append(Recoll(work, corpus, bins))
    if "fts5" in peers:
        tl.append(Fts5(work, corpus, bins))
    for t in tl:
        t.fresh()
        print(f"-- {t.name}: full index", flush=True)
        wall, rss, _ = timed(t.index_cmd(), env=t.env())
        r = {"index_s": wall, "docs_per_s": len(files) / wall, "mb_per_s": mb / wall,
             "rss_mb": rss, "size_mb": du(t.db) / 1e6, "index_cpu_s": timed.last_cpu}
        wall, rss, _ = timed(t.index_cmd(), env=t.env())
        r["nochange_s"], r["nochange_rss_mb"] = wall, rss
        result["tools"][t.name] = r
        print(f"   {json.dumps(r)}", flush=True)
    if "rg" in peers:
        tl.append(Ripgrep(work, corpus, bins))
        result["tools"]["ripgrep"] = {}
    # Queries, warm cache, fresh process per query.
    for t in tl:
        qs = t.queries()
        names = list(qs)
        stats = hyperfine([qs[n] for n in names], a.runs,
                          os.path.join(work, f"hf-{t.name}.json"))
        result["tools"][t.name]["queries"] = dict(zip(names, stats))
        print(f"-- {t.name}: queries {json.dumps(result['tools'][t.name]['queries'])}",
              flush=True)
    result["tools"]["dossier"]["batch"] = batch_latency(bins, tl[0].db, a.runs * 5)
    print(f"-- dossier --batch {json.dumps(result['tools']['dossier']['batch'])}", flush=True)
    # 1 % of the files changed.
    if writable:
        saved = change_one_percent(files)
        try:
            for t in tl:
                if t.db is None:
                    continue
                wall, rss, _ = timed(t.index_cmd(), env=t.env())
                result["tools"][t.name]["changed1_s"] = wall
                result["tools"][t.name]["changed1_rss_mb"] = rss
        finally:
            restore(saved)
    print("-- ceilings", flush=True)
    result["ceilings"] = ceilings(work, tools, corpus, files, loop=bool(peers))
    print(f"   {json.dumps(result['ceilings'])}", flush=True)
    for t in tl:
        if t.db and a.clean:
            t.fresh()
    return result


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.{digits}f}"
    return str(v)


def markdown(results, meta):
    lines = [f"Machine: {meta['cpu']}, {meta['nproc']} CPUs, {meta['mem_gb']:.0f} GB RAM; "
             f"{meta['date']}; Xapian {meta['xapian']}.", ""]
    for label, res in results.items():
        d = res["tools"]["dossier"]
        lines += [f"### {label}: {res['docs']} files, {res['mb']:.1f} MB", ""]
        peers = [n for n in res["tools"] if n != "dossier"]
        head = "| metric | dossier | " + " | ".join(
            f"{p} | dossier/{p}" for p in peers) + " |"
        lines += [head, "|" + "---|" * (2 + 2 * len(peers))]

        def row(title, get, digits=1):
            cells = [title, fmt(get(d), digits)]
            for p in peers:
                v = get(res["tools"][p])
                dv = get(d)
                ratio = dv / v if (v and dv is not None) else None
                cells += [fmt(v, digits), fmt(ratio, 2)]
            lines.append("| " + " | ".join(cells) + " |")

        def g(*keys):
            def get(r):
                for k in keys:
                    if not isinstance(r, dict) or k not in r:
                        return None
                    r = r[k]
                return r
            return get
        row("index wall s", g("index_s"))
        row("index CPU s (user+sys)", g("index_cpu_s"))
        row("docs/s", g("docs_per_s"), 0)
        row("MB/s", g("mb_per_s"), 2)
        row("peak RSS MiB", g("rss_mb"), 0)
        row("index MB", g("size_mb"), 0)
        row("no-change rerun s", g("nochange_s"), 2)
        row("1 % changed rerun s", g("changed1_s"), 2)
        for q in ("term", "phrase", "phrase+date", "phrase+date+type", "boolean",
                  "phrase+date+type+facets"):
            row(f"{q} median ms", g("queries", q, "median_ms"), 1)
            row(f"{q} p95 ms", g("queries", q, "p95_ms"), 1)
        lines.append("")
        lines.append("Dossier --batch round trip (ms, median / p95): " + ", ".join(
            f"{k} {v['median_ms']:.2f} / {v['p95_ms']:.2f}" for k, v in d["batch"].items()))
        c = res["ceilings"]
        lines.append("")
        text = (f"Ceilings (one core): cat {c['cat']:.1f} s, zlib-6 {c['zlib']:.1f} s, "
                f"Xapian tokenising {c['tokenise']:.1f} s")
        if "xapian_loop" in c:
            text += (f", minimal Xapian loop (500-document shards + compact) "
                     f"{c['xapian_loop']:.1f} s, {c['xapian_loop_rss']:.0f} MiB, "
                     f"{c['xapian_loop_size'] / 1e6:.0f} MB")
        lines.append(text + ".")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("--words", required=True)
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--wh")
    ap.add_argument("--work", default="/tmp/dossier-bench")
    ap.add_argument("--build", help="an existing build folder (default: build one)")
    ap.add_argument("--peers", default="omega,recoll,fts5,rg")
    ap.add_argument("--peers-max-docs", type=int, default=0,
                    help="run only Dossier on corpora larger than this (0: no limit)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--threads", type=int)
    ap.add_argument("--clean", action="store_true", help="remove the indexes afterwards")
    a = ap.parse_args()
    ensure_packages()
    os.makedirs(a.work, exist_ok=True)
    tools, bins = build_tools(a.work, a.build)
    cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read())
    meta = {"cpu": cpu.group(1) if cpu else platform.processor(), "nproc": os.cpu_count(),
            "mem_gb": os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30,
            "date": datetime.datetime.now().isoformat(timespec="minutes"),
            "xapian": subprocess.run(["pkg-config", "--modversion", "xapian-core"],
                                     capture_output=True, text=True).stdout.strip(),
            "command": " ".join(sys.argv)}
    results = {}
    peers = set(a.peers.split(",")) if a.peers else set()
    for size in [int(s) for s in a.sizes.split(",") if s]:
        base = os.path.join(a.work, f"c{size}")
        corpus = os.path.join(base, "corpus")
        if not os.path.exists(os.path.join(base, f"truth-{size}.json")):
            sh([sys.executable, a.gen, corpus, "--docs", str(size), "--seed", "42",
                "--words", a.words, "--jobs", str(os.cpu_count()), "--force"])
        truth = json.load(open(os.path.join(base, f"truth-{size}.json")))
        years = sorted(int(y) for y in truth["stats"]["by_year"])
        use = peers if not a.peers_max_docs or size <= a.peers_max_docs else set()
        results[f"generated-{size}"] = bench_corpus(f"generated-{size}", corpus,
                                                    os.path.join(base, "idx"), tools, bins, a,
                                                    use, years, True)
        json.dump({"meta": meta, "results": results},
                  open(os.path.join(a.work, "results.json"), "w"), indent=1)
    if a.wh:
        corpus = os.path.join(a.work, "wh", "corpus")
        if not os.path.exists(corpus):
            shutil.copytree(a.wh, corpus)
        results["wh-briefings"] = bench_corpus("wh-briefings", corpus,
                                               os.path.join(a.work, "wh", "idx"), tools, bins,
                                               a, peers, list(range(2021, 2027)), True)
    json.dump({"meta": meta, "results": results},
              open(os.path.join(a.work, "results.json"), "w"), indent=1)
    md = markdown(results, meta)
    open(os.path.join(a.work, "results.md"), "w").write(md + "\n")
    print(md)


if __name__ == "__main__":
    main()
