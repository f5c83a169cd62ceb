#!/usr/bin/env bash
# Benchmark, not a test (run by hand): COUNT contacts (default 10,000) from
# a fresh local Radicale, synced by nubo and by vdirsyncer in the same run;
# prints wall time, CPU time, peak RSS, the nubo/vdirsyncer ratios and the
# median time of 20 contact searches. --server xandikos runs it all against
# a fresh Xandikos instead (a second, independent server; see servers.py).
#   scripts/bench/contacts_sync.sh [COUNT...] [--server radicale|xandikos] [--keep] [--json FILE]
# Several counts (e.g. 1000 10000 50000, or --sizes 1000,10000,50000) run
# that measurement for each, every one on its own fresh server, then print
# one scaling table: a row per count, and how each cost grows against the
# count. The JSON file then holds every count's results and the table.
set -euo pipefail

# The nubo commands measured, as the CLI spells them. Placeholders: {data}
# (a fresh data dir), {email}, {password}, {server} (the server's URL), {query},
# {timeout} (seconds for one server answer: nubo's default 30 up to 10,000
# contacts, in proportion above, where Radicale's listing takes longer).
NUBO_GLOBAL='--data-dir {data} --timeout {timeout}'
NUBO_ADD='account add --email {email} --password {password} --server {server}'
NUBO_SYNC='sync'
NUBO_SEARCH='contacts search {query}'

SIZES=
while [[ ${1:-} =~ ^[0-9]+$ ]]; do SIZES+="${SIZES:+,}$1"; shift; done

source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"

exec .venv/bin/python scripts/bench/measure.py ${SIZES:+--sizes "$SIZES"} --nubo "$NUBO" \
  --nubo-global "$NUBO_GLOBAL" --nubo-add "$NUBO_ADD" --nubo-sync "$NUBO_SYNC" --nubo-search "$NUBO_SEARCH" "$@"
