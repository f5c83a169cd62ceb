#!/usr/bin/env bash
# Builds the web shell and runs its browser tests in Debian's headless
# Chromium against a real Radicale with wsgidav beside it for the notes
# (tests/servers/dav_with_files.py) and a feed server for the news
# (tests/servers/feed_server.py; both need the project venv:
# scripts/setup-test-env.sh). Screenshots land in web/test-results/.
set -euo pipefail
WEB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$WEB"
# The types against the core's JSON contract first: no wasm needed, quick to fail.
echo "== web: the core's JSON contract (shared/contract) against src/contract types"
[ -d node_modules/typescript ] || npm ci --no-audit --no-fund --loglevel=error
node --test tests/contract.test.mjs
if [ ! -x /usr/bin/chromium ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
./build.sh
echo "== web: browser tests (headless Chromium)"
node --test tests/
