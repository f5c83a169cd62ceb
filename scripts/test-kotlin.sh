#!/usr/bin/env bash
# The Android shell's Kotlin on the JVM: builds the Rust library for this
# host, generates its uniffi Kotlin bindings, and runs the JUnit tests of
# android/shell-jvm-test against them (Maven fetches Kotlin, JNA, JUnit).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac

cargo build -q -p nubo-runtime --features bindgen --bin uniffi-bindgen
cargo build -q -p nubo-runtime
GEN=android/shell-jvm-test/target/generated-sources/uniffi
rm -rf "$GEN" && mkdir -p "$GEN"
"$TARGET/debug/uniffi-bindgen" generate --no-format --library "$TARGET/debug/libnubo_runtime.so" \
  --language kotlin --out-dir "$GEN"
cd android/shell-jvm-test
mvn -B -q -Dnubo.lib.dir="$TARGET/debug" -Dnubo.repo.root="$ROOT" test
# Surefire writes one report per class; print its totals as the closing line.
python3 - <<'PY'
import glob, xml.etree.ElementTree as ET
t = f = e = s = 0
for path in glob.glob("target/surefire-reports/TEST-*.xml"):
    r = ET.parse(path).getroot()
    t += int(r.get("tests")); f += int(r.get("failures")); e += int(r.get("errors")); s += int(r.get("skipped"))
print("Kotlin: %d passed, %d failed, %d skipped" % (t - f - e - s, f + e, s))
PY
