#!/usr/bin/env bash
# Creates the project venv (<repo>/.venv) with the real servers the tests,
# the demo and the benchmark start: Radicale (CalDAV/CardDAV), wsgidav +
# cheroot (WebDAV) and vdirsyncer (benchmark peer), at pinned versions.
# Idempotent: returns at once when the venv already matches the pins.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

VENV=.venv
REQ=scripts/requirements-test.txt
CON=scripts/constraints-test.txt
STAMP=$VENV/.nubo-requirements.sha256

apt_install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# What the venv must match: the pins and the interpreter it was built on.
wanted() {
  { cat "$REQ" "$CON"; "$VENV/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1
}

# A venv whose interpreter still runs and whose stamp matches: nothing to do.
if "$VENV/bin/python" -c '' 2>/dev/null && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(wanted)" ]; then
  exit 0
fi

command -v python3 >/dev/null || apt_install python3
# A venv whose base interpreter is gone cannot be repaired in place.
if [ -d "$VENV" ] && ! "$VENV/bin/python" -c '' 2>/dev/null; then
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  # Debian's python3 needs python3-venv for ensurepip; pyenv's has it built in.
  if ! python3 -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    apt_install python3-venv
    python3 -m venv "$VENV"
  fi
fi

echo "setup-test-env: installing the pinned test servers into $VENV" >&2
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" -c "$CON"
wanted > "$STAMP"
