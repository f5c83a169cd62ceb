#!/usr/bin/env bash
# Builds the Rust core as a static library for the platform Xcode is
# building for and generates the Swift bindings into ios/Generated.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=ios/Generated
mkdir -p "$OUT"
case "${PLATFORM_NAME:-iphonesimulator}" in
  iphoneos) TARGET=aarch64-apple-ios ;;
  *) TARGET=aarch64-apple-ios-sim ;;
esac
cargo rustc --release -p nubo-runtime --target "$TARGET" --crate-type staticlib
mkdir -p "$OUT/${PLATFORM_NAME:-iphonesimulator}"
cp "target/$TARGET/release/libnubo_runtime.a" "$OUT/${PLATFORM_NAME:-iphonesimulator}/"
cargo run -q -p nubo-runtime --features bindgen --bin uniffi-bindgen -- generate \
  --library "target/$TARGET/release/libnubo_runtime.a" --language swift --out-dir "$OUT"
