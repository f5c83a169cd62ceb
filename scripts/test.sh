#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what is missing (apt, the
# project venv with Radicale, Maven artifacts through mvn), then the Rust
# tests (core, store, runtime, end-to-end against a real Radicale) and the
# Kotlin shell's JVM tests against the real library, the fault suites at
# CI size (scripts/faults.sh: hostile server, kill loop, three clients, lost
# answers, fuzzing; one table of counts) and the web shell in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v cc >/dev/null || need_apt+=(build-essential)
command -v cmake >/dev/null || need_apt+=(cmake)
command -v openssl >/dev/null || need_apt+=(openssl)
command -v mvn >/dev/null || need_apt+=(maven)
command -v java >/dev/null || need_apt+=(default-jdk-headless)
# android/gradlew (tested below) downloads with curl and unpacks with unzip.
command -v curl >/dev/null || need_apt+=(curl)
command -v unzip >/dev/null || need_apt+=(unzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi
command -v cargo >/dev/null || { echo "cargo (rustup) is required" >&2; exit 1; }

./scripts/setup-test-env.sh

echo "== House rules: rustfmt and clippy"
for tool in rustfmt clippy; do
  cargo "${tool/rustfmt/fmt}" --version >/dev/null 2>&1 || rustup component add "$tool"
done
cargo fmt --all -- --check
(cd web/core && cargo fmt -- --check)
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== Rust: core, store, runtime, CLI and end-to-end tests"
cargo test --workspace --locked -- --test-threads 2
# The snapshot feature is what the web shell uses; the workspace does not enable it.
cargo test -p nubo-store --features snapshot --locked -- --test-threads 2 snapshot

echo "== Fault suites (CI size; ./scripts/faults.sh --large for a longer hunt)"
./scripts/faults.sh

echo "== Swift shell: its JSON types against the core's contract (read as text: no Swift toolchain here)"
python3 scripts/contract/check_swift.py
echo "== iOS shell: project settings and known crash patterns (read as text)"
python3 scripts/check-ios.py
echo "== Android build wiring: the Gradle wrapper script against a Gradle-shaped zip on loopback"
python3 scripts/test-gradlew.py
echo "== French and Dutch labels of the web, Android and iOS shells against GLOSSARY.md"
python3 scripts/check-words.py --self-test
python3 scripts/check-words.py

if [ -x scripts/test-kotlin.sh ]; then
  echo "== Kotlin shell on the JVM"
  ./scripts/test-kotlin.sh
fi

echo "== Web shell: wasm build and headless Chromium"
./web/test.sh
