#!/usr/bin/env bash
# Benchmark, not a test (run by hand): the web shell's download size, the
# time from navigation to the first agenda, and the contacts tab opened and
# drawn again, in headless Chromium.
#   scripts/bench/web_load.sh [--loads 10] [--contacts 300]   (10000: a large book)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
./scripts/setup-test-env.sh
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
./web/build.sh >/dev/null
exec node web/bench/load.mjs "$@"
