#!/bin/sh
# Benchmark Dossier against its peers; see bench/bench.py for the options.
# Example:
#   bench/run.sh --gen ../shared/bench/gen_corpus.py --words ../shared/bench/words.txt \
#                --sizes 10000,100000 --peers-max-docs 10000 --wh ../shared/corpus/wh-briefings
exec python3 "$(dirname "$0")/bench.py" "$@"
