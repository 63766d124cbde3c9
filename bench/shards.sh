#!/bin/sh
# Measures dossier-search throughput on one database and on 2 and 4 shards,
# local (several --db) and remote (xapian-tcpsrv on 127.0.0.1).
#
#   bench/shards.sh CORPUS [ROUNDS]
#
# CORPUS is a folder laid out as SOURCE/YEAR/... (what a corpus generator such
# as gen_corpus.py writes); the shards split it by year into contiguous ranges
# of about the same number of files. Each configuration answers the same
# query list ROUNDS times (default 20) through one `dossier-search --batch`
# process, so the time is search time, not process start-up. Prints one line
# per configuration: shards, where, queries, seconds, queries/s.
# Uses build/bin (override with DOSSIER_BIN=dir) and xapian-tcpsrv from PATH.
set -eu

corpus=${1:?usage: bench/shards.sh CORPUS [ROUNDS]}
rounds=${2:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${DOSSIER_BIN:-$top/build/bin}
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-shards.XXXXXX")
# serve() runs in a command substitution (a subshell): server ids go to a file.
cleanup() {
    # xapian-tcpsrv signals its whole process group on SIGTERM: each server
    # was started in a group of its own by setsid.
    for pid in $(cat "$work/servers" 2>/dev/null); do kill -TERM "-$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Year folders with their file counts, split into N contiguous year ranges.
find "$corpus" -mindepth 2 -maxdepth 2 -type d | while read -r dir; do
    printf '%s\t%s\t%s\n' "$(basename "$dir")" "$(find "$dir" -type f | wc -l)" "$dir"
done | sort > "$work/years.tsv"
split_years() {  # N -> files shard-N-I.list holding the folders of shard I
    awk -F'\t' -v n="$1" -v out="$work/shard-$1-" '
        { year[NR] = $1; count[NR] = $2; dir[NR] = $3; total += $2 }
        END {
            shard = 0; acc = 0
            for (i = 1; i <= NR; i++) {
                # a new year starts the next shard once this one has its share
                if (i > 1 && year[i] != year[i-1] && acc >= total * (shard + 1) / n && shard < n - 1) shard++
                print dir[i] > (out shard ".list"); acc += count[i]
            }
        }' "$work/years.tsv"
}

index() {  # DB FOLDER...
    db=$1; shift
    "$bin/dossier-index" --db "$db" "$@" > /dev/null
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

serve() {  # DB -> prints tcp://127.0.0.1:PORT
    port=$(free_port)
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$1" > /dev/null 2>&1 &
    echo $! >> "$work/servers"
    i=0
    until python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 100 ] && { echo "xapian-tcpsrv did not start" >&2; exit 1; }
        sleep 0.1
    done
    echo "tcp://127.0.0.1:$port"
}

# The query list: words, phrases, filters and facets, as a newsroom might ask.
cat > "$work/queries.txt" <<'Q'
China
"North Korea"
"Taiwan Strait"
Indo-Pacific
"climate change"
"arms control" type:communique
"cyber defence" since:2015
Ukraine NOT China
{"query": "China", "facets": ["year", "type"], "limit": 10}
{"query": "\"North Korea\"", "filters": {"since": "2010"}, "facets": ["source"]}
{"query": "Ukraine", "sort": "-date", "limit": 20}
{"query": "sanctions OR embargo", "any": true, "facets": ["country"]}
{"query": "", "filters": {"type": ["declaration"]}, "count": true}
security cooperation
maritime security NEAR/5 China
Q
: > "$work/input.txt"
r=0
while [ $r -lt "$rounds" ]; do cat "$work/queries.txt" >> "$work/input.txt"; r=$((r + 1)); done
queries=$(wc -l < "$work/input.txt")

measure() {  # LABEL SHARDS DB...
    label=$1; shards=$2; shift 2
    args=""
    for db in "$@"; do args="$args --db $db"; done
    # One warm-up pass, then the timed run.
    # shellcheck disable=SC2086
    "$bin/dossier-search" --batch $args < "$work/queries.txt" > /dev/null
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin/dossier-search" --batch $args < "$work/input.txt" > "$work/out.jsonl"
    end=$(date +%s.%N)
    answers=$(wc -l < "$work/out.jsonl")
    errors=$(grep -c '"error"' "$work/out.jsonl" || true)
    [ "$answers" -eq "$queries" ] && [ "$errors" -eq 0 ] || { echo "bad answers ($answers, $errors errors)" >&2; exit 1; }
    awk -v s="$shards" -v l="$label" -v q="$queries" -v a="$start" -v b="$end" \
        'BEGIN { t = b - a; printf "%d shard(s)\t%-6s\t%d queries\t%.2f s\t%.0f queries/s\n", s, l, q, t, q / t }'
}

echo "corpus: $corpus ($(awk -F'\t' '{ n += $2 } END { print n }' "$work/years.tsv") files), $(nproc) CPUs" >&2
index "$work/one" "$corpus"
measure local 1 "$work/one"
measure remote 1 "$(serve "$work/one")"
for n in 2 4; do
    split_years "$n"
    dbs=""; urls=""
    i=0
    while [ $i -lt "$n" ]; do
        # shellcheck disable=SC2046
        index "$work/s$n-$i" $(cat "$work/shard-$n-$i.list")
        dbs="$dbs $work/s$n-$i"
        urls="$urls $(serve "$work/s$n-$i")"
        i=$((i + 1))
    done
    # shellcheck disable=SC2086
    measure local "$n" $dbs
    # shellcheck disable=SC2086
    measure remote "$n" $urls
done
