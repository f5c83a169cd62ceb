"""Benchmark, not a test: COUNT notes (default 2,000) in 20 categories on a
local WebDAV folder (wsgidav, beside Radicale on one origin), synced by nubo
and read by a minimal WebDAV client in the same run (the least any client
must do: one Depth-1 PROPFIND per folder and one GET per note). Prints wall
time and requests of a first sync and of a sync with no change, their
nubo/peer ratios, and the median of 20 note searches.

    scripts/bench/notes_sync.sh [COUNT]
"""

import http.client
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
USER = "bench@nubo.test"
WORDS = ("assemblée coopérative réunion budget élections vergadering notitie werkgroep café équitable "
         "maintenance serveur agenda contacts bénévoles fête atelier chicons speculoos").split()


def seed(root: Path, count: int):
    rng = random.Random(7)
    for i in range(count):
        category = root / f"Catégorie {i % 20:02d}"
        category.mkdir(parents=True, exist_ok=True)
        lines = [f"# Note {i}", ""] + [" ".join(rng.choice(WORDS) for _ in range(12)) for _ in range(8)]
        lines += [f"- [{'x' if rng.random() < .5 else ' '}] {rng.choice(WORDS)}" for _ in range(5)]
        (category / f"Note {i:05d} {rng.choice(WORDS)}.md").write_text("\n".join(lines) + "\n")


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def requests_since(port):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__requests")
    counts = json.loads(conn.getresponse().read())
    conn.close()
    return counts


class Peer:
    """A minimal WebDAV client: what any client must ask to hold the folder."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port)

    def propfind(self, path):
        body = b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:resourcetype/><d:getetag/></d:prop></d:propfind>'
        self.conn.request("PROPFIND", urllib.parse.quote(path), body, {"Depth": "1", "Content-Type": "application/xml"})
        tree = ET.fromstring(self.conn.getresponse().read())
        entries = []
        for r in tree.findall("{DAV:}response"):
            href = urllib.parse.unquote(r.find("{DAV:}href").text)
            folder = r.find(".//{DAV:}collection") is not None
            etag = r.findtext(".//{DAV:}getetag")
            if href.rstrip("/") != path.rstrip("/"):
                entries.append((href, folder, etag))
        return entries

    def sync(self, root, etags):
        queue, fetched = [root], 0
        while queue:
            for href, folder, etag in self.propfind(queue.pop()):
                if folder:
                    queue.append(href if href.endswith("/") else href + "/")
                elif etags.get(href) != etag:
                    self.conn.request("GET", urllib.parse.quote(href))
                    self.conn.getresponse().read()
                    etags[href] = etag
                    fetched += 1
        return fetched


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    nubo = sys.argv[2]
    work = Path(tempfile.mkdtemp(prefix="nubo-notes-bench-"))
    try:
        notes = work / "files" / USER / "Notes"
        seed(notes, count)
        (work / "radicale.conf").write_text(f"[auth]\ntype = none\n[storage]\nfilesystem_folder = {work}/storage\n[logging]\nlevel = warning\n")
        port = free_port()
        server = subprocess.Popen([sys.executable, str(ROOT / "tests/servers/dav_with_files.py"), str(port),
                                   str(work / "radicale.conf"), str(work / "files"), "--count-requests"],
                                  stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                requests_since(port)
                break
            except OSError:
                time.sleep(0.1)
        base = f"http://127.0.0.1:{port}"
        # Radicale needs the member's address book for a sign-in.
        conn = http.client.HTTPConnection("127.0.0.1", port)
        auth = {"Authorization": "Basic " + __import__("base64").b64encode(f"{USER}:bench".encode()).decode()}
        conn.request("PROPFIND", f"/{USER}/", None, {"Depth": "0", **auth})
        conn.getresponse().read()
        conn.request("MKCOL", f"/{USER}/contacts/", b'<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop><resourcetype><collection/><C:addressbook/></resourcetype></prop></set></mkcol>', {"Content-Type": "application/xml", **auth})
        conn.getresponse().read()

        def run(*args):
            env = dict(os.environ, NUBO_PASSWORD="bench")
            out = subprocess.run([nubo, "--data-dir", str(work / "device"), "--lang", "en", *args],
                                 env=env, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"nubo {args}: {out.stderr}")
            return out.stdout

        run("account", "add", "--email", USER, "--server", base + "/")
        run("notes", "folder", f"{base}/files/{USER}/Notes/")
        requests_since(port)
        nubo_first, _ = timed(lambda: run("sync"))
        nubo_first_requests = requests_since(port)
        nubo_again, _ = timed(lambda: run("sync"))
        nubo_again_requests = requests_since(port)
        searches = [timed(lambda: run("notes", "search", word))[0] for word in (WORDS * 2)[:20]]

        peer = Peer(port)
        etags = {}
        peer_first, fetched = timed(lambda: peer.sync(f"/files/{USER}/Notes/", etags))
        peer_first_requests = requests_since(port)
        peer_again, _ = timed(lambda: peer.sync(f"/files/{USER}/Notes/", etags))
        peer_again_requests = requests_since(port)
        assert fetched == count, f"the peer fetched {fetched} of {count}"
        server.terminate()

        total = lambda c: sum(v for k, v in c.items() if k != "MKCOL")
        print(f"notes: {count} in 20 categories (wsgidav); peer: a minimal WebDAV client (Depth-1 PROPFIND per folder, GET per note)")
        print(f"{'':24}{'nubo':>10}{'peer':>10}{'ratio':>8}")
        for name, a, b in [("first sync (s)", nubo_first, peer_first), ("no-change sync (s)", nubo_again, peer_again)]:
            print(f"{name:24}{a:10.2f}{b:10.2f}{a / b:8.2f}")
        for name, a, b in [("first sync (requests)", nubo_first_requests, peer_first_requests),
                           ("no-change (requests)", nubo_again_requests, peer_again_requests)]:
            print(f"{name:24}{total(a):10d}{total(b):10d}{total(a) / max(total(b), 1):8.2f}   nubo: {a}")
        print(f"search, median of 20 (whole command): {statistics.median(searches) * 1000:.0f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
