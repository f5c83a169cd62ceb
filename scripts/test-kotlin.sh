#!/usr/bin/env bash
# The Android shell's Kotlin on a plain JVM: builds the Rust library for this
# host, generates its uniffi Kotlin bindings, and runs the JUnit tests of
# android/shell-jvm-test against both (Maven fetches Kotlin, JNA, JUnit).
# Needs cargo, a JDK 17+ and mvn; Radicale from scripts/setup-test-env.sh
# for the end-to-end test, which is skipped without it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET=${CARGO_TARGET_DIR:-target}
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
case "$(uname -s)" in Darwin) LIB=libnubo_runtime.dylib ;; *) LIB=libnubo_runtime.so ;; esac

# The library last, so target/debug holds the build without the CLI feature.
cargo build -q -p nubo-runtime --features bindgen --bin uniffi-bindgen
cargo build -q -p nubo-runtime

TEST_DIR=android/shell-jvm-test
GEN=$TEST_DIR/target/generated-sources/uniffi
rm -rf "$GEN" && mkdir -p "$GEN"
"$TARGET/debug/uniffi-bindgen" generate --no-format --library "$TARGET/debug/$LIB" \
  --language kotlin --out-dir "$GEN"

if [ ! -x .venv/bin/python ]; then
  echo "note: no .venv with Radicale (scripts/setup-test-env.sh): the end-to-end sync test will be skipped" >&2
fi

cd "$TEST_DIR"
rm -rf target/surefire-reports
status=0
# Debian's Maven 3.8 prints colour resets even in batch mode: strip them.
mvn -q -B -Dstyle.color=never test -Djna.library.path="$TARGET/debug" -Dnubo.repo.root="$ROOT" 2>&1 \
  | sed -u 's/\x1b\[[0-9;]*m//g' || status=$?

# -q hides Surefire's "Results:" block; print its totals line from the reports.
if compgen -G "target/surefire-reports/*.txt" >/dev/null; then
  awk -F'[:,] *' '/^Tests run:/ { t += $2; f += $4; e += $6; s += $8 }
    END { printf "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", t, f, e, s }' \
    target/surefire-reports/*.txt
fi
exit "$status"
