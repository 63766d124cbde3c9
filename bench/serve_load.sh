#!/bin/sh
# Load benchmark of dossier-serve (not a test): starts it on a database,
# then asks /api/search over keep-alive connections with wrk (or ab when
# wrk is missing) and prints requests per second, latencies, errors and
# the server's resident memory at the start and the end. With --add, a
# dossier-index run adds the documents of a folder to the same database
# during the load, as a collection that grows while people search it.
#
#   bench/serve_load.sh [--add DIR] [DB] [SECONDS] [CONNECTIONS]
#
# DB defaults to an index of testdata/corpus built in a temporary folder.
# wrk asks a rotation of queries (phrases, date filters, facets, passages,
# a timeline); ab, which cannot rotate, asks the first one only.
# Needs wrk (Debian: apt-get install wrk) or ab (apt-get install apache2-utils);
# scripts/install-deps installs both. Run from the root of a build (build/bin).
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
bin="$root/build/bin"
add=
if [ "${1:-}" = "--add" ]; then
    add=$2
    shift 2
fi
seconds=${2:-10}
connections=${3:-8}
work=$(mktemp -d)
server=
indexer=
trap 'kill $server $indexer 2>/dev/null || true; rm -rf "$work"' EXIT

db=${1:-}
if [ -z "$db" ]; then
    db="$work/db"
    "$bin/dossier-index" --db "$db" "$root/testdata/corpus" >/dev/null
fi

"$bin/dossier-serve" --db "$db" --listen 127.0.0.1:0 --threads "$connections" >"$work/url" 2>"$work/log" &
server=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -s "$work/url" ] && break
    sleep 0.5
done
url=$(head -n 1 "$work/url")
[ -n "$url" ] || { echo "serve_load: dossier-serve did not start:" >&2; cat "$work/log" >&2; exit 1; }

rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
health() { curl -s "${url}api/health" 2>/dev/null || echo "(no answer)"; }

# The first request opens the databases: warm up before measuring.
curl -s -o /dev/null "${url}api/search?q=China"
echo "serve_load: database $db" >&2
echo "serve_load: health at start: $(health)" >&2
echo "serve_load: server RSS at start: $(rss)" >&2

if [ -n "$add" ]; then
    "$bin/dossier-index" --db "$db" "$add" >"$work/index.log" 2>&1 &
    indexer=$!
    echo "serve_load: dossier-index --db $db $add runs during the load" >&2
fi

cat >"$work/queries.lua" <<'LUA'
local paths = {
  "/api/search?q=China&facets=year,type,source,country&passages=2",
  "/api/search?q=%22Taiwan+Strait%22&since=2019&facets=year",
  "/api/search?q=arms+control&type=communique&sort=-date",
  "/api/search?q=Ukraine+OR+%22North+Korea%22&limit=20&offset=20",
  "/api/search?q=cyber+defence&until=2015&passages=3",
  "/api/search?q=what+did+they+say+about+climate+change+and+the+Indo-Pacific",
  "/api/timeline?q=%22Indo-Pacific%22",
  "/api/search?q=sanctions+before:2010&facets=source",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA

# The server's RSS every 5 seconds during the load, to tell a plateau from growth.
(
    while kill -0 "$server" 2>/dev/null; do
        printf '%s ' "$(awk '/^VmRSS/ {print $2}' "/proc/$server/status" 2>/dev/null)" >>"$work/rss"
        sleep 5
    done
) &
sampler=$!

first="${url}api/search?q=China&facets=year,type,source,country&passages=2"
echo "serve_load: $url, $seconds s, $connections connections" >&2
if command -v wrk >/dev/null 2>&1; then
    wrk -t 2 -c "$connections" -d "${seconds}s" --latency -s "$work/queries.lua" "$url"
elif command -v ab >/dev/null 2>&1; then
    ab -k -q -t "$seconds" -c "$connections" "$first" | sed -n '/^Requests per second/,/^Transfer rate/p;/Failed/p;/Non-2xx/p;/Percentage/,$p'
else
    echo "serve_load: needs wrk (apt-get install wrk) or ab (apt-get install apache2-utils)" >&2
    exit 1
fi

kill "$sampler" 2>/dev/null || true
echo "serve_load: server RSS at end: $(rss)" >&2
echo "serve_load: server RSS every 5 s (kB): $(cat "$work/rss" 2>/dev/null)" >&2
echo "serve_load: health at end: $(health)" >&2
echo "serve_load: requests logged: $(wc -l <"$work/log"), not answered 200: $(awk '$3 != 200' "$work/log" | wc -l)" >&2
awk '$3 != 200' "$work/log" | sort | uniq -c | sort -rn | head -5 >&2
if [ -n "$indexer" ]; then
    if kill -0 "$indexer" 2>/dev/null; then
        echo "serve_load: dossier-index still running at the end of the load; waiting for it" >&2
    fi
    status=0
    wait "$indexer" || status=$?
    indexer=
    echo "serve_load: dossier-index exited with $status:" >&2
    tail -n 3 "$work/index.log" >&2
    echo "serve_load: health after indexing: $(health)" >&2
fi
