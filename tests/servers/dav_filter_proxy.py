"""A reverse proxy in front of a real DAV server, for the end-to-end tests.

    python dav_filter_proxy.py --target http://127.0.0.1:5232 [--port 0]
                               [--mode passthrough|no-sync]

Prints the port it listens on (127.0.0.1), then serves until killed.

--mode passthrough  forwards every method and header as it is.
--mode no-sync      plays a server without RFC 6578: sync-collection is
                    removed from every supported-report-set, DAV:sync-token
                    from PROPFIND answers, and a REPORT asking for
                    sync-collection gets 403 <D:supported-report/>.

Control endpoints (never forwarded, never counted):
  POST /__fault  JSON, queued; each applies to the next `count` requests
                 (of `method` only, when given):
    {"kind": "status", "code": 503, "headers": [["Retry-After", "120"]],
     "body": "", "count": 3}          answered here, never forwarded
    {"kind": "truncate", "count": 1}  forwarded; the answer's headers carry
                                      the full Content-Length, then the
                                      connection closes mid-body
    {"kind": "malformed", "count": 1} forwarded; answered 207 with broken XML
    {"kind": "delay", "ms": 500, "count": 10}  forwarded after a pause
    {"kind": "disconnect", "count": 1}  connection closed, no answer, not
                                        forwarded
  POST /__clear  drops every queued fault.
  GET /__count   how many requests were proxied (faulted ones included).
  GET /__in_flight  one line per method: METHOD N, the most requests of it
                 in the proxy at once (a client's concurrency on the wire).
  GET /__log     one line per such request: METHOD PATH STATUS (0 when the
                 connection was dropped).
"""

import argparse
import http.client
import http.server
import json
import re
import socketserver
import sys
import threading
import time
import urllib.parse

# Hop-by-hop headers are the proxy's own business (RFC 9110 §7.6.1).
HOP = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}

SUPPORTED_SYNC = re.compile(
    rb"<(?:[\w.-]+:)?supported-report\b[^>]*>\s*<(?:[\w.-]+:)?report\b[^>]*>\s*"
    rb"<(?:[\w.-]+:)?sync-collection\b[^>]*/>\s*"
    rb"</(?:[\w.-]+:)?report>\s*</(?:[\w.-]+:)?supported-report>"
)
SYNC_TOKEN = re.compile(rb"<((?:[\w.-]+:)?sync-token)\b[^>]*?(?:/>|>.*?</\1>)", re.S)
NOT_SUPPORTED = b'<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:"><D:supported-report/></D:error>'
MALFORMED = b'<?xml version="1.0" encoding="utf-8"?>\n<multistatus xmlns="DAV:"><response><href>/broken</href><propstat><prop><getetag>"x'


class State:
    lock = threading.Lock()
    faults = []
    count = 0
    log = []
    in_flight = {}
    most_in_flight = {}


def take_fault(method):
    """The fault for this request, if any, consuming one of its count."""
    with State.lock:
        State.count += 1
        State.faults = [f for f in State.faults if f.get("count", 1) > 0]
        for fault in State.faults:
            if fault.get("method") and fault["method"].upper() != method:
                continue
            fault["count"] = fault.get("count", 1) - 1
            return dict(fault)
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    target = None
    mode = "passthrough"

    def log_message(self, *args):
        pass

    def _read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            body = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return body
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, headers, body):
        self._logged(status)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _logged(self, status):
        if not self.path.startswith("/__"):
            with State.lock:
                State.log.append([self.command, self.path, status])

    def _control(self, body):
        if self.command == "POST" and self.path == "/__fault":
            fault = json.loads(body or b"{}")
            with State.lock:
                State.faults.append(fault)
            return self._send(204, [], b"")
        if self.command == "POST" and self.path == "/__clear":
            with State.lock:
                State.faults.clear()
            return self._send(204, [], b"")
        if self.path == "/__count":
            with State.lock:
                return self._send(200, [("Content-Type", "text/plain")], str(State.count).encode())
        if self.path == "/__in_flight":
            with State.lock:
                text = "".join("%s %d\n" % entry for entry in State.most_in_flight.items())
                return self._send(200, [("Content-Type", "text/plain")], text.encode())
        if self.path == "/__log":
            with State.lock:
                text = "".join("%s %s %d\n" % tuple(entry) for entry in State.log)
                return self._send(200, [("Content-Type", "text/plain; charset=utf-8")], text.encode())
        return self._send(404, [], b"")

    def _origin(self):
        host, port = self.server.server_address[:2]
        return "http://%s:%d" % (host, port)

    def _forward(self, body):
        target = urllib.parse.urlsplit(self.target)
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP and k.lower() != "host"]
        if self.mode == "no-sync":
            # Bodies are rewritten here, so they must come uncompressed.
            headers = [(k, v) for k, v in headers if k.lower() != "accept-encoding"]
        conn = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=120)
        try:
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", target.netloc)
            for k, v in headers:
                # A MOVE's Destination names this proxy; the server behind it
                # must read its own origin, as reverse proxies rewrite it.
                if k.lower() == "destination" and v.startswith(self._origin()):
                    v = self.target.rstrip("/") + v[len(self._origin()):]
                if k.lower() != "content-length":
                    conn.putheader(k, v)
            if body or self.command in ("PUT", "POST", "PROPFIND", "PROPPATCH", "REPORT", "MKCOL", "MKCALENDAR"):
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body or None)
            resp = conn.getresponse()
            data = resp.read() if self.command != "HEAD" else b""
            out = []
            for k, v in resp.getheaders():
                if k.lower() in HOP or k.lower() == "content-length":
                    continue
                if k.lower() == "location" and v.startswith(self.target.rstrip("/")):
                    v = self._origin() + v[len(self.target.rstrip("/")):]
                out.append((k, v))
            return resp.status, out, data
        finally:
            conn.close()

    def _handle(self):
        body = self._read_body()
        if self.path.startswith("/__"):
            return self._control(body)
        method = self.command
        with State.lock:
            State.in_flight[method] = State.in_flight.get(method, 0) + 1
            State.most_in_flight[method] = max(State.most_in_flight.get(method, 0), State.in_flight[method])
        try:
            self._proxy(body)
        finally:
            with State.lock:
                State.in_flight[method] -= 1

    def _proxy(self, body):
        fault = take_fault(self.command)
        kind = fault.get("kind") if fault else None
        if kind == "disconnect":
            self._logged(0)
            self.close_connection = True
            return
        if kind == "status":
            headers = [tuple(h) for h in fault.get("headers", [])]
            return self._send(int(fault["code"]), headers, fault.get("body", "").encode())
        if kind == "delay":
            time.sleep(fault.get("ms", 0) / 1000.0)
        if self.mode == "no-sync" and self.command == "REPORT" and b"sync-collection" in body:
            return self._send(403, [("Content-Type", "application/xml; charset=utf-8")], NOT_SUPPORTED)

        try:
            status, headers, data = self._forward(body)
        except OSError as e:
            return self._send(502, [("Content-Type", "text/plain")], ("proxy: %s" % e).encode())

        if self.mode == "no-sync" and self.command == "PROPFIND":
            data = SYNC_TOKEN.sub(b"", SUPPORTED_SYNC.sub(b"", data))
        if kind == "malformed":
            return self._send(207, [("Content-Type", "application/xml; charset=utf-8")], MALFORMED)
        if kind == "truncate":
            self._logged(status)
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(status, headers, data)

    def handle_one_request(self):
        # One path for every method, WebDAV's included (no do_PROPFIND etc.).
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            self._handle()
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--target", required=True, help="base URL of the real server")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--mode", choices=["passthrough", "no-sync"], default="passthrough")
    a = p.parse_args()
    Handler.target = a.target
    Handler.mode = a.mode
    server = Server(("127.0.0.1", a.port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
