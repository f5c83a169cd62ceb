#!/usr/bin/env bash
# The demo: a local Radicale seeded with a realistic cooperative address
# book (a few hundred members, accents, photos, vCard 3 and 4 mixed) and
# the cooperative's calendar (monthly assembly with a moved and a cancelled
# occurrence, maintenance windows, an all-day feast, calls set in Toronto
# time, a weekly help desk), a Notes folder served over WebDAV on the same
# origin (categories, checklists, French and Dutch), the cooperative's
# news site (scripts/seed/news: feeds in French, Dutch and English, a
# general assembly with its .ics, a maintenance window, a newsletter) on a
# second local server, and the `nubo` terminal shell signed in and synced
# against them.
# Interactive: leaves you in a shell where `nubo …` talks to that server;
# exit the shell to stop the server. Without a terminal it runs the tour only.
# With --web it also builds the web app and serves it on the same origin as
# the server (http://127.0.0.1:PORT/app/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

command -v cargo >/dev/null || { echo "cargo (rustup) is required" >&2; exit 1; }
./scripts/setup-test-env.sh
cargo build -q --release -p nubo-cli
NUBO="$ROOT/target/release/nubo"

WORK=$(mktemp -d)
# Only the PIDs we started: `kill 0` would signal this script's whole group.
stop() {
  for pid in ${RADICALE_PID:-} ${NEWS_PID:-} ${WEB_PID:-}; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap stop EXIT
EMAIL=alice@nubo.test
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

.venv/bin/python scripts/seed/contacts.py --count 300 --out "$WORK/vcards"
.venv/bin/python scripts/seed/load_radicale.py --storage "$WORK/storage" --user "$EMAIL" \
  --book contacts --display-name "Coopérateurs Nubo" --vcards "$WORK/vcards"
.venv/bin/python scripts/seed/load_radicale.py --storage "$WORK/storage" --user "$EMAIL" \
  --book agenda --kind calendar --display-name "Agenda Nubo" --color "#0082C9" \
  --vcards scripts/seed/calendar
# The member's Notes folder, as Nextcloud's Notes app keeps it.
mkdir -p "$WORK/files/$EMAIL"
cp -R scripts/seed/notes "$WORK/files/$EMAIL/Notes"
cat > "$WORK/radicale.conf" <<CONF
[auth]
type = none
[storage]
filesystem_folder = $WORK/storage
[logging]
level = warning
CONF
# Radicale and the files on one origin, as a Nextcloud serves them.
.venv/bin/python tests/servers/dav_with_files.py "$PORT" "$WORK/radicale.conf" "$WORK/files" 2>"$WORK/server.log" &
RADICALE_PID=$!
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/.web/" 2>/dev/null && break
  .venv/bin/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$PORT)))" && break
  sleep 0.2
done

export NUBO_DATA_DIR="$WORK/device"
echo "== Signing in as $EMAIL on http://127.0.0.1:$PORT/ (a fresh device)"
NUBO_PASSWORD=demo "$NUBO" account add --email "$EMAIL" --server "http://127.0.0.1:$PORT/"
echo "== The first contacts, sorted by name"
"$NUBO" contacts list | head -n 10
echo "== Search without accents: helene"
"$NUBO" contacts search helene
echo "== One member"
"$NUBO" contacts show "$("$NUBO" contacts search helene | awk 'NR==1 {print $1}')"
export TZ=${TZ:-Europe/Brussels}
echo "== The agenda: the next 30 days ($TZ)"
"$NUBO" agenda
echo "== March 2027: calls set in Toronto time, a maintenance night across the DST change"
"$NUBO" agenda --month --from 2027-03-01
echo "== May 2027: the general assembly, moved from the 4th to the 11th"
"$NUBO" agenda --month --from 2027-05-01
echo "== Notes: the Notes folder, its categories, newest first"
"$NUBO" notes folder "http://127.0.0.1:$PORT/files/$EMAIL/Notes/"
"$NUBO" sync
"$NUBO" notes categories
"$NUBO" notes list
echo "== Search without accents: election"
"$NUBO" notes search election
echo "== One note, tasks numbered for 'nubo notes tick'"
"$NUBO" notes show "$("$NUBO" notes search assemblee | awk 'NR==1 {print $1}')"

echo "== News: the cooperative's site, its feeds in three languages"
NEWS_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
OTHER_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# A static server that answers conditional requests (ETag, Last-Modified → 304).
.venv/bin/python tests/servers/feed_server.py --port "$NEWS_PORT" --other-port "$OTHER_PORT" \
  --root scripts/seed/news 2>"$WORK/news.log" &
NEWS_PID=$!
for _ in $(seq 50); do
  .venv/bin/python -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1',$NEWS_PORT)))" && break
  sleep 0.2
done
for feed in fr/actualites/feed.atom nl/nieuws/feed.atom en/news/feed.json; do
  "$NUBO" news add-feed "http://127.0.0.1:$NEWS_PORT/$feed"
done
"$NUBO" news feeds
echo "== The news in French (the others counted), then in every language, Dutch first"
"$NUBO" --lang fr news
"$NUBO" --lang nl news --all-languages
AG=$("$NUBO" --lang fr news | awk '/Assemblée générale ordinaire/ && /📅/ {print $1; exit}')
echo "== The general assembly (now read), and into the agenda from its .ics"
"$NUBO" --lang fr news show "$AG"
"$NUBO" --lang fr news agenda "$AG"
"$NUBO" agenda --month --from 2027-05-01 | grep -i "assemblée" || true
echo "== A sync asks the feeds again (If-None-Match → 304): nothing new, no notification"
"$NUBO" sync
"$NUBO" --lang fr news --unread

if [ "${1:-}" = "--web" ]; then
  echo "== Building the web app (first time: a few minutes)"
  ./web/build.sh >/dev/null
  WEB_PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  node web/serve.mjs --port "$WEB_PORT" --dav "http://127.0.0.1:$PORT" &
  WEB_PID=$!
  echo "== The web app: http://127.0.0.1:$WEB_PORT/app/ (sign in as $EMAIL, any password)"
fi

if [ -t 0 ] && [ -t 1 ]; then
  cat <<MSG

The server runs on http://127.0.0.1:$PORT/ with the seeded address book.
Try:  nubo contacts search van den      nubo contacts add --name "Ilse Peeters" --phone "+32 9 123 45 67"
      nubo sync                         nubo contacts edit ID --email work:new@nubo.coop
      nubo agenda --week                nubo event add --summary "Café" --start 2026-12-05T10:00
      nubo event show ID                nubo event rm ID --occurrence KEY   (one occurrence: KEY after @)
      nubo notes list                   nubo notes add --title "Idées" --category Perso --text "…"
      nubo notes tick ID 3              nubo notes edit ID   (opens \$EDITOR)
      nubo news --unread                nubo news show ID    nubo news read --all    nubo news feeds
Exit this shell to stop the server.
MSG
  PATH="$(dirname "$NUBO"):$PATH" PS1='nubo-demo$ ' bash --norc -i
fi
