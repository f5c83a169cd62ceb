#!/usr/bin/env bash
# Mutation testing: cargo-mutants changes the code (a `>` becomes `>=`, a
# function returns a default, a `&&` an `||`) and runs the package's tests;
# a mutant no test notices ("missed") is behaviour nothing checks.
#
#   scripts/mutants.sh                          # every area: sync dav agenda store
#   scripts/mutants.sh --area sync --area store # some of them
#   scripts/mutants.sh --minutes 20             # time box per area (default: none)
#   scripts/mutants.sh --in-place               # mutate this tree (faster; do not edit meanwhile)
#   scripts/mutants.sh --file shared/src/sync/plan.rs   # one file
#   scripts/mutants.sh --shard 0/4              # every 4th mutant: a sample, 4x faster
#   scripts/mutants.sh --file store/src/lib.rs --features snapshot --re snapshot
#
# Not in CI: a full run takes hours on two cores. Prints, per area, the
# caught / missed / timeout / unviable counts and the missed percentage
# (missed / (caught + missed)), then every missed mutant (file:line: the
# change). The raw results stay in target/mutants/<area>/mutants.out/.
# Only each package's own tests run (cargo-mutants' default), so shared/
# mutants are judged by shared's unit and integration tests, store/ ones by
# the store's; the end-to-end tests against Radicale are not run.
set -euo pipefail
cd "$(dirname "$0")/.."

areas=()
files=()
minutes=""
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --area) areas+=("$2"); shift 2 ;;
        --file) files+=("$2"); shift 2 ;;
        --minutes) minutes="$2"; shift 2 ;;
        --timeout) extra+=(--timeout "$2"); shift 2 ;;
        --shard) extra+=(--shard "$2" --sharding round-robin); shift 2 ;;
        --in-place) extra+=(--in-place); shift ;;
        --features) extra+=(--features "$2"); shift 2 ;;
        --re) extra+=(--re "$2"); shift 2 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "mutants.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ ${#areas[@]} -eq 0 ] && [ ${#files[@]} -eq 0 ] && areas=(sync dav agenda store)

if ! command -v cargo-mutants >/dev/null; then
    cargo install cargo-mutants --locked
fi

# In copy mode the copies build into one persistent target directory, so
# dependencies are built once, not on every run; one job at a time (two
# cores). --in-place is one job by nature. The project's own crates are
# cleaned there first: a run killed part-way leaves a mutant's build of
# them, which cargo may take as up to date for the next baseline.
if [[ " ${extra[*]-} " != *" --in-place "* ]]; then
    export CARGO_TARGET_DIR="$PWD/target/mutants-build"
    extra+=(-j 1)
    if [ -d "$CARGO_TARGET_DIR" ]; then
        cargo clean -q -p shared -p nubo-store --target-dir "$CARGO_TARGET_DIR"
    fi
fi

globs_of() {
    case "$1" in
        sync) echo "shared/src/sync/**/*.rs" ;;
        dav) echo "shared/src/dav/**/*.rs" ;;
        agenda) echo "shared/src/agenda/**/*.rs" ;;
        store) echo "store/src/**/*.rs" ;;
        *) echo "mutants.sh: no area $1 (sync, dav, agenda, store)" >&2; exit 2 ;;
    esac
}

run_area() {
    local name="$1"; shift
    local out="target/mutants/$name"
    rm -rf "$out"
    mkdir -p "$out"
    # Test timeouts are set from the baseline's test time; a build gets 15 min.
    local cmd=(cargo mutants --no-shuffle --build-timeout 900 --output "$out"
        --exclude "store/src/tests/**" --exclude "**/test_support.rs" "$@" "${extra[@]}")
    echo "== $name: ${cmd[*]}"
    # Exit 2 means "some mutants missed", 3 timeouts: results, not failures.
    if [ -n "$minutes" ]; then
        timeout --signal=INT --kill-after=60 "${minutes}m" "${cmd[@]}" || true
    else
        "${cmd[@]}" || true
    fi
}

count() { if [ -f "$1" ]; then grep -c . "$1" || true; else echo 0; fi; }

summary=()
missed_all=()
for area in "${areas[@]}"; do
    # The store's snapshot code (the web shell's) is behind a feature;
    # without it, its mutants would pass for missed.
    features=()
    [ "$area" = store ] && features=(--features snapshot)
    run_area "$area" -f "$(globs_of "$area")" "${features[@]}"
done
for f in "${files[@]}"; do
    run_area "file-$(basename "$f" .rs)" -f "$f"
done

for dir in target/mutants/*/; do
    name=$(basename "$dir")
    case " ${areas[*]-} " in *" $name "*) ;; *) [[ $name == file-* ]] || continue ;; esac
    m="$dir/mutants.out"
    caught=$(count "$m/caught.txt"); missed=$(count "$m/missed.txt")
    timeouts=$(count "$m/timeout.txt"); unviable=$(count "$m/unviable.txt")
    tested=$((caught + missed))
    pct=$(awk -v m="$missed" -v t="$tested" 'BEGIN { if (t > 0) printf "%.1f", 100 * m / t; else print "-" }')
    summary+=("$(printf '%-14s %7s %7s %8s %9s %9s' "$name" "$caught" "$missed" "$timeouts" "$unviable" "$pct%")")
    [ -f "$m/missed.txt" ] && while IFS= read -r line; do missed_all+=("$line"); done < "$m/missed.txt"
done

echo
printf '%-14s %7s %7s %8s %9s %9s\n' area caught missed timeout unviable missed%
printf '%s\n' "${summary[@]}"
echo
echo "missed mutants (no test fails when the code is changed so):"
printf '  %s\n' "${missed_all[@]-}"
