#!/usr/bin/env bash
# The fault suites, then one table of their counts.
#
#   ./scripts/faults.sh            CI size (NUBO_KILL_POINTS=200, NUBO_CLIENT_ROUNDS=40)
#   ./scripts/faults.sh --large    a longer hunt (1000 kill points, 200 rounds, 10 min a fuzz target)
#
# Runs tests/tests/kill_loop.rs, three_clients.rs, lost_answer.rs and
# hostile_server.rs (#[ignore]d, so `cargo test --workspace` does not run
# them a second time: they run here with --ignored), then scripts/fuzz.sh. Each suite writes its counts to target/faults/<suite>.json; the
# table sums them (peak memory and longest hang: the largest). Exits
# non-zero when a suite fails, when one of ours wrote no counts, or when
# any edit or item was lost or duplicated, a conflict was raised on an item
# nobody else changed, a delete came back with no edit elsewhere, a request
# left the account's origin or its collections, or a fuzz target crashed.
#
# Sizes can be set directly (NUBO_KILL_POINTS, NUBO_CLIENT_ROUNDS); a
# failing run prints its seed: NUBO_FAULT_SEED=<seed> replays its schedule;
# NUBO_FAULT_KEEP_GOING=1 makes a suite go on past a failed check.
set -uo pipefail
cd "$(dirname "$0")/.."

large=0
for arg in "$@"; do
  case "$arg" in
    --large) large=1 ;;
    -h | --help)
      sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "faults.sh: unknown argument $arg (try --large)" >&2
      exit 2
      ;;
  esac
done
if [ "$large" = 1 ]; then
  : "${NUBO_KILL_POINTS:=1000}" "${NUBO_CLIENT_ROUNDS:=200}"
else
  : "${NUBO_KILL_POINTS:=200}" "${NUBO_CLIENT_ROUNDS:=40}"
fi
export NUBO_KILL_POINTS NUBO_CLIENT_ROUNDS

./scripts/setup-test-env.sh || exit 1

out="${CARGO_TARGET_DIR:-target}/faults"
mkdir -p "$out"
rm -f "$out"/*.json

failed=()
timings=()

# run_suite NAME [libtest args…]: one test binary of nubo-tests, one test at a time.
run_suite() {
  local name=$1
  shift
  echo "== Fault suite: $name"
  local started=$SECONDS
  if ! cargo test -p nubo-tests --locked --test "$name" -- "$@" --nocapture --test-threads 1; then
    failed+=("$name")
  fi
  timings+=("$name: $((SECONDS - started)) s")
}

# Ours must leave counts: a suite filtered out or skipped is a failure.
require_counts() {
  if [ ! -s "$out/$1.json" ]; then
    echo "faults.sh: $1 wrote no counts to $out/$1.json (did it run?)" >&2
    failed+=("$1 (no counts)")
  fi
}

run_suite kill_loop --ignored
require_counts kill_loop
run_suite three_clients --ignored
require_counts three_clients
run_suite lost_answer --ignored
require_counts lost_answer

run_suite hostile_server --ignored
for counts in hostile_origins hostile_trickle hostile_flood; do require_counts "$counts"; done

echo "== Fault suite: fuzz"
started=$SECONDS
if [ "$large" = 1 ]; then
  scripts/fuzz.sh --seconds 600 || failed+=(fuzz)
else
  scripts/fuzz.sh || failed+=(fuzz)
fi
require_counts fuzz
timings+=("fuzz: $((SECONDS - started)) s")

python=python3
command -v python3 >/dev/null || python=.venv/bin/python
"$python" - "$out" <<'EOF'
import glob, json, os, sys

out = sys.argv[1]
rows = [
    # key, label, how to total, must be zero
    ("scenarios", "scenarios run", "sum", False),
    ("faults_injected", "faults injected", "sum", False),
    ("kill_points", "kill points survived", "sum", False),
    ("items_compared", "items compared", "sum", False),
    ("items_lost", "items lost", "sum", True),
    ("duplicates", "duplicates", "sum", True),
    ("conflicts_with_itself", "conflicts on items nobody else changed", "sum", True),
    ("deletes_undone", "deletes undone with no edit elsewhere", "sum", True),
    ("requests_outside_origin", "requests outside the account's origin", "sum", True),
    ("requests_outside_collection", "requests outside the collection", "sum", True),
    ("peak_memory_mib", "peak memory, largest hostile answer (MiB)", "max", False),
    ("longest_hang_s", "longest hang (s)", "max", False),
    ("fuzz_executions", "fuzz executions", "sum", False),
    ("fuzz_crashes", "fuzz crashes", "sum", True),
]
suites = {}
for path in sorted(glob.glob(os.path.join(out, "*.json"))):
    name = os.path.basename(path)[: -len(".json")]
    try:
        with open(path, encoding="utf-8") as f:
            suites[name] = json.load(f)
    except (OSError, ValueError) as e:
        print("faults.sh: unreadable counts %s: %s" % (path, e), file=sys.stderr)
        sys.exit(3)
if not suites:
    print("faults.sh: no counts in %s" % out, file=sys.stderr)
    sys.exit(3)


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return "%.1f" % v
    return str(v)


names = list(suites)
header = ["", *names, "total"]
table = []
bad = []
for key, label, how, zero in rows:
    values = [suites[n].get(key) for n in names]
    present = [v for v in values if isinstance(v, (int, float))]
    total = None if not present else (sum(present) if how == "sum" else max(present))
    table.append([label, *map(fmt, values), fmt(total)])
    if zero and total:
        bad.append("%s: %s" % (label, fmt(total)))
widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
line = lambda r: "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
print()
print("== Fault suites: counts from %s" % out)
print(line(header))
print("  ".join("-" * w for w in widths))
for r in table:
    print(line(r))
print()
if bad:
    print("faults.sh: must be zero: " + "; ".join(bad), file=sys.stderr)
    sys.exit(1)
EOF
table_status=$?

for t in "${timings[@]}"; do echo "run time, $t"; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "faults.sh: failed: ${failed[*]}" >&2
  exit 1
fi
exit "$table_status"
