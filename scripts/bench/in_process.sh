#!/usr/bin/env bash
# Benchmark, not a test (run by hand): what a member waits for, in-process
# on a real store file — a month view (occurrences kept, and every event
# expanded as before, for the ratio), the first month after opening the
# file, a contact search and the whole list (also with a 40 KB photo on
# every third card), opening a contact, one batch of 100 items, the store
# opening. Generates the cooperative's data with scripts/seed/.
#   scripts/bench/in_process.sh [EVENTS [RECURRING [CONTACTS]]] [--runs N]
# Defaults: 20,000 events of which 2,000 series, 10,000 contacts.
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS=20000
RECURRING=2000
CONTACTS=10000
if [[ ${1:-} =~ ^[0-9]+$ ]]; then EVENTS=$1; shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then RECURRING=$1; shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then CONTACTS=$1; shift; fi
TARGET=${CARGO_TARGET_DIR:-target}
case "$TARGET" in /*) ;; *) TARGET="$(pwd)/$TARGET" ;; esac
DATA="$TARGET/bench-data"
events="$DATA/events-$EVENTS-$RECURRING"
contacts="$DATA/contacts-$CONTACTS"
[ -d "$events" ] || python3 scripts/seed/events.py --count "$EVENTS" --recurring "$RECURRING" --out "$events"
[ -d "$contacts" ] || python3 scripts/seed/contacts.py --count "$CONTACTS" --out "$contacts"
echo "== $EVENTS events ($RECURRING series), $CONTACTS contacts; $(nproc) cores"
cargo bench -q -p nubo-store --bench views -- --events "$events" --contacts "$contacts" "$@"
