#!/bin/sh
# Load benchmark of dossier-serve (not a test): starts it on a database,
# then asks /api/search over keep-alive connections with wrk (or ab when
# wrk is missing) and prints requests per second and latencies.
#
#   bench/serve_load.sh [DB] [SECONDS] [CONNECTIONS]
#
# DB defaults to an index of testdata/corpus built in a temporary folder.
# Needs wrk (Debian: apt-get install wrk) or ab (apt-get install apache2-utils);
# scripts/install-deps installs both. Run from the root of a build (build/bin).
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
bin="$root/build/bin"
seconds=${2:-10}
connections=${3:-8}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

db=${1:-}
if [ -z "$db" ]; then
    db="$work/db"
    "$bin/dossier-index" --db "$db" "$root/testdata/corpus" >/dev/null
fi

"$bin/dossier-serve" --db "$db" --listen 127.0.0.1:0 >"$work/url" 2>"$work/log" &
server=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -s "$work/url" ] && break
    sleep 0.5
done
url=$(head -n 1 "$work/url")
[ -n "$url" ] || { echo "serve_load: dossier-serve did not start:" >&2; cat "$work/log" >&2; exit 1; }

target="${url}api/search?q=China&facets=year,type,source,country&passages=2"
echo "serve_load: $target, $seconds s, $connections connections" >&2
if command -v wrk >/dev/null 2>&1; then
    wrk -t 2 -c "$connections" -d "${seconds}s" --latency "$target"
elif command -v ab >/dev/null 2>&1; then
    ab -k -q -t "$seconds" -c "$connections" "$target" | sed -n '/^Requests per second/,/^Transfer rate/p;/Percentage/,$p'
else
    echo "serve_load: needs wrk (apt-get install wrk) or ab (apt-get install apache2-utils)" >&2
    exit 1
fi
echo "serve_load: requests logged: $(wc -l <"$work/log")" >&2
