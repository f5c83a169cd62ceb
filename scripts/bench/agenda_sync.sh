#!/usr/bin/env bash
# Benchmark, not a test (run by hand): COUNT events (default 20,000, of
# which RECURRING=2,000 series) from a fresh local Radicale, synced by nubo
# and by vdirsyncer in the same run; then nubo's month and year agenda
# views from its store. Prints times, CPU, peak RSS and the ratios.
# --server xandikos runs it all against a fresh Xandikos instead.
#   scripts/bench/agenda_sync.sh [COUNT [RECURRING]] [--server radicale|xandikos] [--keep] [--json FILE]
#   scripts/bench/agenda_sync.sh --sizes 2000,20000,100000 [--recurring N] [--keep] [--json FILE]
# --sizes runs that measurement for each count, every one on its own fresh
# server, with 10 % of the events series (or N of them with --recurring),
# then prints one scaling table: a row per count, and how each cost grows
# against the count. The JSON file then holds every count's results and the
# table. (Numbers alone stay COUNT RECURRING, as before.)
set -euo pipefail
ARGS=()
if [[ ${1:-} =~ ^[0-9]+$ ]]; then ARGS+=(--count "$1"); shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then ARGS+=(--recurring "$1"); shift; fi
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
exec .venv/bin/python scripts/bench/agenda.py "${ARGS[@]}" --nubo "$NUBO" "$@"
