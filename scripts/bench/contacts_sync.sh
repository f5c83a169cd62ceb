#!/usr/bin/env bash
# Benchmark (not a test): 10,000 contacts from a local Radicale, synced by
# nubo and by vdirsyncer in the same run; prints wall time, CPU time, peak
# memory and their ratios, and the time of a contact search.
#   scripts/bench/contacts_sync.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/../.."
./scripts/setup-test-env.sh
cargo build -q --release -p nubo-cli
exec .venv/bin/python scripts/bench/contacts_sync.py --count "${1:-10000}" --nubo target/release/nubo
