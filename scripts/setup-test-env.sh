#!/usr/bin/env bash
# Creates the project venv (.venv) with the real servers the tests start:
# Radicale (CalDAV/CardDAV), wsgidav (WebDAV), and vdirsyncer (benchmark
# peer). Does nothing when the venv already matches the requirements.
set -euo pipefail
cd "$(dirname "$0")/.."
REQ=scripts/requirements-test.txt
STAMP=.venv/.requirements.sha256
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
if ! python3 -m venv .venv 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
  rm -rf .venv && python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$REQ"
echo "$want" > "$STAMP"
