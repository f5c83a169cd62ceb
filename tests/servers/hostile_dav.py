"""A small CardDAV/CalDAV server that can turn hostile, for the end-to-end
tests of what a wrong or malicious server must not obtain.

    python hostile_dav.py --port PORT [--tls-cert CERT --tls-key KEY]

Listens on 127.0.0.1 three times:
  main   PORT: the server the member signs in to; its behaviour is the
         current scenario.
  other  a free port: "another origin". Always a plain, well-behaved DAV
         server; every request it receives is recorded, so a test can
         assert that none reached it, or none with credentials.
  tls    (with --tls-cert/--tls-key) a free port, HTTPS: redirects every
         request to http://127.0.0.1:PORT/ (a downgrade).

The DAV data: principal /alice/, both home sets /alice/, an address book
/alice/contacts/ (one vCard) and a calendar /alice/calendar/ (one event);
on request (`extra`) a vCard in Latin-1, not UTF-8, and an event whose
DURATION overflows 64 bits.
Requests without an Authorization header get 401 with a Basic challenge
(except in the "open" scenario); any user name and password pass. No
sync-collection, and a REPORT answers only the hrefs it names: a first
pull's query is answered empty, so clients list by getctag and etags, then
multiget.

Scenarios (POST /__scenario {"name": ..., "interval": seconds,
"extra": ["latin1", "overflow"]}):
  dav                  well-behaved (the default)
  open                 never asks for credentials
  home-elsewhere       addressbook-home-set on the other origin
  calendar-elsewhere   calendar-home-set on the other origin
  principal-elsewhere  current-user-principal on the other origin
  redirect             every request: 301 to the other origin
  trickle              authorised PROPFIND/REPORT answers sent one byte
                       every `interval` seconds
  flood                the address book's etag listing is about 60 MB of
                       tiny entries (under the client's 64 MiB body cap)

Control endpoints on main (never recorded):
  GET /__info   {"main": port, "other": port, "tls": port or null}
  GET /__log    every request so far: [{"listener", "method", "path",
                "auth": bool, "status"}]; never a credential's value.
"""

import argparse
import http.server
import json
import re
import socketserver
import ssl
import sys
import threading
import time
import zlib

ADDRESS_BOOK = "/alice/contacts/"
CALENDAR = "/alice/calendar/"

ITEMS = {
    ADDRESS_BOOK + "helene.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:helene\r\nFN:Hélène Dubœuf\r\n"
    "N:Dubœuf;Hélène;;;\r\nEMAIL:helene@nubo.coop\r\nEND:VCARD\r\n".encode("utf-8"),
    CALENDAR + "ag.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:ag-2027\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Assemblee generale\r\n"
    b"DTSTART:20270508T080000Z\r\nDTEND:20270508T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
}

EXTRA = {
    # An old client wrote this one in Latin-1: not UTF-8.
    "latin1": (
        ADDRESS_BOOK + "latin1.vcf",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:latin1\r\nFN:Françoise Lambert\r\n"
        "N:Lambert;Françoise;;;\r\nEND:VCARD\r\n".encode("latin-1"),
    ),
    "overflow": (
        CALENDAR + "overflow.ics",
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//hostile//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:overflow\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Forever\r\n"
        b"DTSTART:20270509T080000Z\r\nDURATION:P999999999999999999W\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    ),
}

HEAD = b'<?xml version="1.0" encoding="utf-8"?>\n'
NS = (
    b'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav" '
    b'xmlns:cal="urn:ietf:params:xml:ns:caldav" xmlns:cs="http://calendarserver.org/ns/"'
)


class State:
    lock = threading.Lock()
    scenario = "dav"
    interval = 3.0
    extra = []
    log = []
    ports = {}
    flood = None


def escape(data: bytes) -> bytes:
    return data.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;").replace(b"\r", b"&#13;")


def response(href: str, props: bytes) -> bytes:
    return (
        b"<d:response><d:href>" + href.encode() + b"</d:href><d:propstat><d:prop>" + props
        + b"</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
    )


def multistatus(*responses: bytes) -> bytes:
    return HEAD + b"<d:multistatus " + NS + b">" + b"".join(responses) + b"</d:multistatus>"


FLOOD_BYTES = 60 * 1000 * 1000


def flood() -> bytes:
    """About FLOOD_BYTES of distinct tiny members, built once."""
    if State.flood is None:
        entry = (
            b'<d:response><d:href>/alice/contacts/j%07d.vcf</d:href><d:propstat><d:prop><d:getetag>"%d"'
            b"</d:getetag></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>"
        )
        count = FLOOD_BYTES // len(entry % (0, 0))
        State.flood = multistatus(*(entry % (i, i) for i in range(count)))
    return State.flood


def items():
    with State.lock:
        return dict(ITEMS, **dict(EXTRA[name] for name in State.extra))


def etag(data: bytes) -> bytes:
    return b'"' + str(zlib.crc32(data)).encode() + b'"'


def members(collection: str):
    return sorted((h, d) for h, d in items().items() if h.startswith(collection))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    listener = "main"

    def log_message(self, *args):
        pass

    def _send(self, status, headers=(), body=b"", trickle=0.0):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not trickle:
            self.wfile.write(body)
            return
        # One byte at a time: each read is quick, the whole never ends.
        for i in range(len(body)):
            self.wfile.write(body[i : i + 1])
            self.wfile.flush()
            time.sleep(trickle)

    def _record(self, status):
        with State.lock:
            State.log.append(
                {
                    "listener": self.listener,
                    "method": self.command,
                    "path": self.path,
                    "auth": self.headers.get("Authorization") is not None,
                    "status": status,
                }
            )

    def handle_one_request(self):
        # One path for every method, WebDAV's included.
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            self._handle(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError, ssl.SSLError):
            self.close_connection = True

    def _handle(self, body):
        if self.listener == "main" and self.path.startswith("/__"):
            return self._control(body)
        with State.lock:
            scenario = State.scenario if self.listener == "main" else "dav"
            interval = State.interval
        if self.listener == "tls":
            status, headers, answer = 301, [("Location", "http://127.0.0.1:%d/" % State.ports["main"])], b""
        elif scenario == "redirect":
            status, headers, answer = 301, [("Location", "http://127.0.0.1:%d/dav/" % State.ports["other"])], b""
        elif scenario != "open" and self.headers.get("Authorization") is None:
            status, headers, answer = 401, [("WWW-Authenticate", 'Basic realm="hostile"')], b""
        else:
            status, headers, answer = self._dav(scenario, body)
        self._record(status)
        slow = interval if scenario == "trickle" and status == 207 else 0.0
        self._send(status, headers, answer, trickle=slow)

    def _control(self, body):
        if self.path == "/__info":
            answer = json.dumps(State.ports).encode()
        elif self.path == "/__log":
            with State.lock:
                answer = json.dumps(State.log).encode()
        elif self.path == "/__scenario":
            wanted = json.loads(body or b"{}")
            with State.lock:
                State.scenario = wanted.get("name", "dav")
                State.interval = float(wanted.get("interval", 3))
                State.extra = list(wanted.get("extra", []))
            answer = b"{}"
        else:
            return self._send(404)
        self._send(200, [("Content-Type", "application/json")], answer)

    def _dav(self, scenario, body):
        xml = [("Content-Type", "application/xml; charset=utf-8")]
        other = "http://127.0.0.1:%d" % State.ports["other"]
        path = self.path.split("?")[0]
        if self.command == "PROPFIND" and b"current-user-principal" in body:
            principal = (other if scenario == "principal-elsewhere" else "") + "/alice/"
            prop = b"<d:current-user-principal><d:href>" + principal.encode() + b"</d:href></d:current-user-principal>"
            return 207, xml, multistatus(response(path, prop))
        if self.command == "PROPFIND" and b"addressbook-home-set" in body:
            books = (other if scenario == "home-elsewhere" else "") + "/alice/"
            calendars = (other if scenario == "calendar-elsewhere" else "") + "/alice/"
            prop = (
                b"<card:addressbook-home-set><d:href>" + books.encode() + b"</d:href></card:addressbook-home-set>"
                b"<cal:calendar-home-set><d:href>" + calendars.encode() + b"</d:href></cal:calendar-home-set>"
            )
            return 207, xml, multistatus(response(path, prop))
        if self.command == "PROPFIND" and path == "/alice/":
            rights = (
                b"<d:current-user-privilege-set><d:privilege><d:read/></d:privilege>"
                b"<d:privilege><d:write/></d:privilege></d:current-user-privilege-set>"
            )
            return 207, xml, multistatus(
                response("/alice/", b"<d:resourcetype><d:collection/><d:principal/></d:resourcetype>"),
                response(
                    ADDRESS_BOOK,
                    b"<d:resourcetype><d:collection/><card:addressbook/></d:resourcetype>"
                    b"<d:displayname>Contacts</d:displayname>" + rights,
                ),
                response(
                    CALENDAR,
                    b"<d:resourcetype><d:collection/><cal:calendar/></d:resourcetype>"
                    b"<d:displayname>Agenda</d:displayname>" + rights
                    + b'<cal:supported-calendar-component-set><cal:comp name="VEVENT"/>'
                    b"</cal:supported-calendar-component-set>",
                ),
            )
        if self.command == "PROPFIND" and path in (ADDRESS_BOOK, CALENDAR):
            ctag = b"<cs:getctag>c1</cs:getctag>"
            if self.headers.get("Depth") == "0":
                return 207, xml, multistatus(response(path, ctag))
            if scenario == "flood" and path == ADDRESS_BOOK:
                return 207, xml, flood()
            listed = [response(path, b"<d:resourcetype><d:collection/></d:resourcetype>")]
            listed += [response(h, b"<d:getetag>" + etag(d) + b"</d:getetag><d:resourcetype/>") for h, d in members(path)]
            return 207, xml, multistatus(*listed)
        if self.command == "REPORT" and path in (ADDRESS_BOOK, CALENDAR):
            tag = b"card:address-data" if path == ADDRESS_BOOK else b"cal:calendar-data"
            hrefs = [h.decode() for h in re.findall(rb"<(?:\w+:)?href>([^<]*)</(?:\w+:)?href>", body)]
            known = items()
            found = [(h, known[h]) for h in hrefs if h in known]
            return 207, xml, multistatus(
                *[
                    response(h, b"<d:getetag>" + etag(d) + b"</d:getetag><" + tag + b">" + escape(d) + b"</" + tag + b">")
                    for h, d in found
                ]
            )
        known = items()
        if self.command == "GET" and path in known:
            return 200, [("ETag", etag(known[path]).decode())], known[path]
        return 404, [], b""


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def listen(port, listener, context=None):
    handler = type("H", (Handler,), {"listener": listener})
    server = Server(("127.0.0.1", port), handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    State.ports[listener] = server.server_address[1]
    return server


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls-cert")
    p.add_argument("--tls-key")
    a = p.parse_args()
    State.ports["tls"] = None
    servers = [listen(0, "other")]
    if a.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(a.tls_cert, a.tls_key)
        servers.append(listen(0, "tls", context))
    # Last: the test waits for this port, so the others are up by then.
    main_server = listen(a.port, "main")
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    main_server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
