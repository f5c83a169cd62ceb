#!/usr/bin/env bash
# Builds the web shell into web/dist: the core and the store compiled to
# wasm32 (rustup's target where it can be had, otherwise Debian's rustc-web
# building std itself), the wasm-bindgen glue from the CLI of exactly the
# crate's version, then the Vite bundle. Installs what it lacks.
set -euo pipefail
WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$WEB"

apt_install() {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# SQLite is C: clang compiles it for wasm32 (sqlite-wasm-rs), in GNU C23
# mode so musl's headers still declare off_t.
command -v clang >/dev/null || apt_install clang
export CC_wasm32_unknown_unknown=clang CFLAGS_wasm32_unknown_unknown=-std=gnu2x

# Size: core/Cargo.toml's release profile (opt-level "s", LTO) is the
# optimisation. binaryen's wasm-opt -Oz after it made the file 8 % smaller
# raw but 2–4 % larger in brotli and gzip (what a phone downloads) and took
# three minutes; opt-level "z" with one codegen unit saved 10 % in brotli,
# but the load benchmark measured no faster visit (it trades the core's
# speed for size). Neither is used.
echo "== web: the core in WebAssembly"
if rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  cargo build --locked --release --target wasm32-unknown-unknown --manifest-path core/Cargo.toml
else
  # No downloadable wasm32 std here: Debian's rustc-web builds it from source.
  [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] || apt_install rustc-web cargo-web rust-web-src
  LLD="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  (cd core && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$LLD" \
    /usr/bin/cargo build --locked --release --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort)
fi

VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' core/Cargo.lock)
if [ "$(.tools/bin/wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$VERSION" ]; then
  echo "== web: wasm-bindgen-cli $VERSION"
  # A build tool run on one file: a quick, unoptimised-LTO build of it saves
  # minutes on a fresh two-core machine and costs a second per use.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  CARGO_PROFILE_RELEASE_DEBUG=false cargo install -q wasm-bindgen-cli --version "$VERSION" --root .tools
fi
# Where cargo put it: core/target, or an absolute CARGO_TARGET_DIR a developer set.
TARGET_DIR=core/target
case "${CARGO_TARGET_DIR:-}" in /*) TARGET_DIR=$CARGO_TARGET_DIR ;; esac
.tools/bin/wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir src/pkg "$TARGET_DIR/wasm32-unknown-unknown/release/nubo_web.wasm"

echo "== web: TypeScript and bundle"
npm ci --no-audit --no-fund --loglevel=error
npm run --silent build
node tools/compress.mjs
