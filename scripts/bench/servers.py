"""The servers the sync benchmarks run against, seeded without a client.

Radicale (the tests' server) and Xandikos (a second, git-backed one), each
on a free loopback port with one address book and one calendar. Both
benchmarks ask the server for every item once before either client runs, so
each client meets a server that has read its items, as one that has run for
a while has:
- Radicale parses and caches every item at its first listing;
- Xandikos indexes each item at its first query (its multiget reads the
  files each time and needs no warming).
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib import metadata

PY = sys.executable
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
USER = "alice@nubo.test"
PASSWORD = "bench"
AUTHORIZATION = "Basic YWxpY2VAbnViby50ZXN0OmJlbmNo"  # USER:PASSWORD
NAMES = ("radicale", "xandikos")

QUERY = {
    "addressbook": b'<?xml version="1.0" encoding="utf-8"?><C:addressbook-query xmlns:D="DAV:" '
                   b'xmlns:C="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/></D:prop><C:filter/>'
                   b'</C:addressbook-query>',
    "calendar": b'<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" '
                b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/></D:prop><C:filter>'
                b'<C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>',
}
EXTENSION = {"addressbook": ".vcf", "calendar": ".ics"}


class Failed(Exception):
    pass


def tail(text, lines=25):
    return "\n".join("    " + l for l in text.strip().splitlines()[-lines:])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collection:
    """One collection to seed: kind ("addressbook" or "calendar"), its last
    path segment, its name, colour (calendars) and a folder of item files."""

    def __init__(self, kind, segment, display_name, items, color=None):
        self.kind, self.segment, self.display_name, self.items, self.color = kind, segment, display_name, items, color


class Server:
    """A seeded server process: `url` (its root), `pid` (for its CPU time),
    `label` (name and version), `path(kind)` (a collection's path)."""

    def __init__(self, name, work, collections, timeout):
        if name not in NAMES:
            raise Failed("unknown server %r (one of %s)" % (name, ", ".join(NAMES)))
        self.name, self.work, self.proc = name, work, None
        self.label = "%s %s" % ({"radicale": "Radicale", "xandikos": "Xandikos"}[name], metadata.version(name))
        self.log = os.path.join(work, name + ".log")
        self.paths = {}
        if name == "radicale":
            self._radicale(collections, timeout)
        else:
            self._xandikos(collections, timeout)

    def path(self, kind):
        return self.paths[kind]

    @property
    def pid(self):
        return self.proc.pid

    def warm(self, kind, timeout):
        """Reads every item of that collection once; returns how many the server lists."""
        headers = {"Depth": "1", "Authorization": AUTHORIZATION, "Content-Type": "application/xml; charset=utf-8"}
        if self.name == "radicale":
            method, body = "PROPFIND", b""
        else:
            method, body = "REPORT", QUERY[kind]
        req = urllib.request.Request(self.url + self.path(kind).lstrip("/"), method=method, data=body, headers=headers)
        answer = urllib.request.urlopen(req, timeout=timeout).read().decode()
        responses = len(re.findall(r"<(?:\w+:)?response[ >]", answer))
        # A PROPFIND lists the collection itself too; a query only its items.
        return responses - 1 if method == "PROPFIND" else responses

    def stop(self):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None

    def _start(self, args, port):
        with open(self.log, "ab") as f:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=f)
        self.url = "http://127.0.0.1:%d/" % port
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(self.url, method="OPTIONS"), timeout=2).read()
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    self.proc.kill()
                    with open(self.log, errors="replace") as f:
                        raise Failed("%s did not start:\n%s" % (self.label, tail(f.read())))
                time.sleep(0.1)

    def _radicale(self, collections, timeout):
        storage = os.path.join(self.work, "storage")
        for c in collections:
            run_seed([PY, os.path.join(ROOT, "scripts/seed/load_radicale.py"), "--storage", storage, "--user", USER,
                      "--book", c.segment, "--kind", c.kind, "--display-name", c.display_name, "--vcards", c.items]
                     + (["--color", c.color] if c.color else []), timeout)
            self.paths[c.kind] = "/%s/%s/" % (USER, c.segment)
        port = free_port()
        config = os.path.join(self.work, "radicale.conf")
        # As a member's server: only its user, with its password. Radicale keeps
        # its default wait (0.5-1.5 s) before each 401 it answers, as deployed.
        users = os.path.join(self.work, "users")
        with open(users, "w") as f:
            f.write("%s:%s\n" % (USER, PASSWORD))
        with open(config, "w") as f:
            f.write("[server]\nhosts = 127.0.0.1:%d\n"
                    "[auth]\ntype = htpasswd\nhtpasswd_filename = %s\nhtpasswd_encryption = plain\n"
                    "[storage]\nfilesystem_folder = %s\n"
                    "[rights]\ntype = owner_only\n[logging]\nlevel = warning\n"
                    # vdirsyncer fetches a whole calendar in one multiget; past
                    # 10,000 events Radicale's anti-DoS limit refuses it (nubo
                    # never meets it). The limit counts VEVENTs in one REPORT,
                    # overrides included (about 1.5 % more than the seeded
                    # events): ample to 900,000 events.
                    "[reporting]\nmax_expand_occurrence = 1000000\n" % (port, users, storage))
        self._start([PY, "-m", "radicale", "--config", config], port)

    def _xandikos(self, collections, timeout):
        # Anonymous: Xandikos asks for a password only over TLS, so neither
        # client meets a 401 here (Radicale's wait on it is part of its floor).
        root = os.path.join(self.work, "xandikos")
        args = lambda port: [PY, "-m", "xandikos", "serve", "--defaults", "-d", root, "-l", "127.0.0.1", "-p", str(port)]
        # Started once empty, so it lays out its user's collections itself.
        port = free_port()
        self._start(args(port), port)
        self.stop()
        where = {"addressbook": "user/contacts/addressbook", "calendar": "user/calendars/calendar"}
        for c in collections:
            folder = os.path.join(root, where[c.kind])
            for name in os.listdir(c.items):
                if name.endswith(EXTENSION[c.kind]) and not name.startswith("."):
                    shutil.copyfile(os.path.join(c.items, name), os.path.join(folder, name))
            # One commit for the whole seed: PUTting them one by one would
            # make one commit each.
            run_seed(["git", "-C", folder, "add", "-A"], timeout)
            run_seed(["git", "-C", folder, "-c", "user.name=seed", "-c", "user.email=seed@nubo.test", "commit", "-q",
                      "-m", "seed"], timeout)
            self.paths[c.kind] = "/%s/" % where[c.kind]
        port = free_port()
        self._start(args(port), port)


def run_seed(cmd, timeout):
    done = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    if done.returncode != 0:
        raise Failed("%s: exit %d\n%s" % (" ".join(cmd), done.returncode,
                                          tail(done.stderr.decode(errors="replace") or done.stdout.decode())))
