#!/usr/bin/env bash
# Benchmark, not a test (run by hand): COUNT events (default 20,000, of
# which RECURRING=2,000 series) from a fresh local Radicale, synced by nubo
# and by vdirsyncer in the same run; then nubo's month and year agenda
# views from its store. Prints times, CPU, peak RSS and the ratios.
#   scripts/bench/agenda_sync.sh [COUNT [RECURRING]] [--keep] [--json FILE]
set -euo pipefail
COUNT=20000
RECURRING=2000
if [[ ${1:-} =~ ^[0-9]+$ ]]; then COUNT=$1; shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then RECURRING=$1; shift; fi
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
exec .venv/bin/python scripts/bench/agenda.py --count "$COUNT" --recurring "$RECURRING" \
  --nubo "$NUBO" "$@"
