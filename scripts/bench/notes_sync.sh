#!/usr/bin/env bash
# Benchmark, not a test (run by hand): COUNT notes (default 2,000) synced by
# nubo and read by a minimal WebDAV client in the same run; first sync, a
# sync with no change (time and requests, with ratios) and note searches.
#   scripts/bench/notes_sync.sh [COUNT]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
exec .venv/bin/python scripts/bench/notes.py "${1:-2000}" "$NUBO"
