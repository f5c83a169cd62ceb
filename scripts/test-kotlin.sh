#!/usr/bin/env bash
# The Android shell's Kotlin on a plain JVM: builds the Rust library for this
# host, generates its uniffi Kotlin bindings, and runs the JUnit tests of
# android/shell-jvm-test (the non-UI Kotlin) and android/compose-jvm-test
# (the Compose screens, compiled for the desktop JVM and rendered to PNGs
# under android/compose-jvm-test/target/screens) against both. Maven fetches
# Kotlin, JNA, JUnit and Compose Multiplatform. Needs cargo, a JDK 17+, mvn
# and a font (DejaVu: installed when none is); Radicale from
# scripts/setup-test-env.sh for the end-to-end test and the screens, which
# are skipped without it.
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
  echo "note: no .venv with Radicale (scripts/setup-test-env.sh): the end-to-end sync test and the screen renders will be skipped" >&2
fi

# Skia draws text with the machine's fonts; a bare machine may have none.
if ! fc-list 2>/dev/null | grep -q .; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core fontconfig >/dev/null
fi

# A certificate authority of the tests' own, trusted through SSL_CERT_FILE
# by the core's TLS in the test JVMs only, and a certificate for 127.0.0.1
# (a Radicale over TLS in PlatformDnsTest).
TLS="$TARGET/test-tls"
if [ ! -s "$TLS/server.pem" ]; then
  mkdir -p "$TLS"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Nubo test CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$TLS/ca.key" -out "$TLS/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$TLS/server.key" -out "$TLS/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$TLS/server.ext"
  openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial -days 3650 \
    -extfile "$TLS/server.ext" -out "$TLS/server.pem" 2>/dev/null
fi
export SSL_CERT_FILE="$TLS/ca.pem"

status=0
for module in android/shell-jvm-test android/compose-jvm-test; do
  echo "-- $module"
  # Stale classes of deleted tests would run again: compile afresh.
  rm -rf "$module/target/surefire-reports" "$module/target/classes" "$module/target/test-classes"
  # Debian's Maven 3.8 prints colour resets even in batch mode: strip them.
  (cd "$module" && mvn -q -B -Dstyle.color=never test -Djna.library.path="$TARGET/debug" -Dnubo.repo.root="$ROOT" -Dnubo.test.tls="$TLS" 2>&1) \
    | sed -u 's/\x1b\[[0-9;]*m//g' || status=$?
done

# -q hides Surefire's "Results:" block; print one totals line from the reports.
if compgen -G "android/*-jvm-test/target/surefire-reports/*.txt" >/dev/null; then
  awk -F'[:,] *' '/^Tests run:/ { t += $2; f += $4; e += $6; s += $8 }
    END { printf "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d\n", t, f, e, s }' \
    android/*-jvm-test/target/surefire-reports/*.txt
fi
exit "$status"
