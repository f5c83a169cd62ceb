#!/usr/bin/env bash
# Xcode pre-build phase (also runs by hand): builds the Rust core as a
# static library for the platform and architectures Xcode is building, and
# generates its Swift bindings into ios/Generated (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
# Xcode runs scripts with a minimal PATH.
export PATH="$HOME/.cargo/bin:$PATH"

PLATFORM=${PLATFORM_NAME:-iphonesimulator}
OUT=ios/Generated
LIBDIR=$OUT/$PLATFORM
mkdir -p "$LIBDIR"

# Xcode's ARCHS ("arm64", "arm64 x86_64") to Rust targets.
targets=()
for arch in ${ARCHS:-arm64}; do
  case "$PLATFORM/$arch" in
    iphoneos/arm64) targets+=(aarch64-apple-ios) ;;
    iphonesimulator/arm64) targets+=(aarch64-apple-ios-sim) ;;
    iphonesimulator/x86_64) targets+=(x86_64-apple-ios) ;;
    *) echo "build-rust.sh: no Rust target for $PLATFORM/$arch" >&2; exit 1 ;;
  esac
done

# Release even for Debug app builds: a debug core is slow and large.
libs=()
for target in "${targets[@]}"; do
  cargo rustc --locked --release -p nubo-runtime --lib --target "$target" --crate-type staticlib
  libs+=("target/$target/release/libnubo_runtime.a")
done
if [ ${#libs[@]} -gt 1 ]; then
  lipo -create "${libs[@]}" -output "$LIBDIR/libnubo_runtime.a"
else
  cp "${libs[0]}" "$LIBDIR/libnubo_runtime.a"
fi

cargo run --locked -q -p nubo-runtime --features bindgen --bin uniffi-bindgen -- generate \
  --library "${libs[0]}" --language swift --out-dir "$OUT"
# Swift finds the C module through a file with this exact name.
mv "$OUT/nubo_runtimeFFI.modulemap" "$OUT/module.modulemap"
