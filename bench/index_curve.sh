#!/bin/sh
# Indexing cost against collection size (not a test): a fresh dossier-index
# run on each folder given, with wall time, CPU time (user + sys), CPU/wall
# and seconds per 1,000 documents, wall and CPU; and, on the folders
# given with --peers, the bare Xapian loop (bench/xapian_loop.cc: the
# ceiling) and omindex in the same run. Prints a Markdown table.
#
#   bench/index_curve.sh [--peers N] [--threads N] [--keep] WORK DIR...
#
# Each DIR is a corpus folder (gen_corpus.py output); its document count is
# the number of files in it. WORK holds the databases (removed after each
# run, or kept as WORK/dossier-DOCS.db with --keep). --peers N also runs
# the peers on folders of at most N documents.
# Run from the root of a build (build/bin).
set -eu

root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
bin="$root/build/bin"
peers=0
threads=
keep=
while [ $# -gt 0 ]; do
    case $1 in
        --peers) peers=$2; shift 2 ;;
        --threads) threads="--threads $2"; shift 2 ;;
        --keep) keep=1; shift ;;
        *) break ;;
    esac
done
[ $# -ge 2 ] || { echo "usage: bench/index_curve.sh [--peers N] [--threads N] [--keep] WORK DIR..." >&2; exit 2; }
work=$1
shift
mkdir -p "$work"
loop="$work/xapian_loop"
if [ "$peers" -gt 0 ] && [ ! -x "$loop" ]; then
    # shellcheck disable=SC2046
    c++ -O2 -std=c++17 "$root/bench/xapian_loop.cc" $(pkg-config --cflags --libs xapian-core) -lz -o "$loop"
fi

# run NAME DOCS COMMAND...: one timed run, one table row.
run() {
    name=$1
    docs=$2
    shift 2
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>&1 || {
        echo "index_curve: $name failed:" >&2
        tail -n 5 "$work/out" >&2
        return 0
    }
    read -r wall user sys rss <"$work/time"
    awk -v n="$name" -v d="$docs" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v l="$load" 'BEGIN {
        c = u + s
        printf "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f | %.0f | %s |\n", n, d, w, c, c / w, w * 1000 / d, c * 1000 / d, r / 1024, l
    }'
}

echo "| tool | documents | wall s | CPU s | CPU/wall | wall s / 1,000 docs | CPU s / 1,000 docs | peak RSS MiB | load at start |"
echo "|---|---|---|---|---|---|---|---|---|"
for dir in "$@"; do
    docs=$(find "$dir" -type f | wc -l)
    db="$work/dossier-$docs.db"
    rm -rf "$db"
    # shellcheck disable=SC2086
    run dossier-index "$docs" "$bin/dossier-index" --no-ocr $threads --db "$db" "$dir"
    [ -n "$keep" ] || rm -rf "$db"
    if [ "$peers" -gt 0 ] && [ "$docs" -le "$peers" ]; then
        find "$dir" -type f | sort >"$work/files"
        rm -rf "$work/loop.db"
        run "xapian_loop (one core)" "$docs" sh -c "'$loop' --shard-docs 500 '$work/loop.db' <'$work/files'"
        rm -rf "$work/loop.db" "$work/omega.db"
        # Markdown read as text; the flush threshold the earlier rounds used.
        run omindex "$docs" env XAPIAN_FLUSH_THRESHOLD=100 omindex --db "$work/omega.db" --url / \
            --mime-type=md:text/plain --mime-type=markdown:text/plain "$dir"
        rm -rf "$work/omega.db"
    fi
done
