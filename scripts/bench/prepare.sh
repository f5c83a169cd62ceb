# Sourced by the benchmark scripts: the project venv (Radicale, vdirsyncer),
# GNU time for CPU and peak memory, and a release build of nubo.
# Sets ROOT (repository root, the working directory) and NUBO (the binary).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
./scripts/setup-test-env.sh
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
echo "== cargo build --release -p nubo-cli"
cargo build --release -p nubo-cli
TARGET=${CARGO_TARGET_DIR:-target}
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
NUBO="$TARGET/release/nubo"
