"""A reverse proxy in front of a real DAV server, for tests.

--mode passthrough   forwards everything
--mode no-sync       plays a server without RFC 6578: removes sync-collection
                     from supported-report-set and refuses the report (403)

POST /__fault with JSON sets faults for the next responses:
  {"kind": "status", "code": 503, "headers": [["Retry-After", "120"]], "count": 3}
  {"kind": "truncate", "count": 1}      full Content-Length, half the body
  {"kind": "malformed", "count": 1}     207 with broken XML
  {"kind": "delay", "ms": 500, "count": 10}
POST /__clear removes them. GET /__count returns how many requests were proxied.
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

HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-connection"}


class State:
    lock = threading.Lock()
    faults = []
    count = 0


def take_fault():
    with State.lock:
        State.count += 1
        while State.faults:
            fault = State.faults[0]
            if fault.get("count", 1) <= 0:
                State.faults.pop(0)
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

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _control(self, body):
        if self.path == "/__fault":
            with State.lock:
                State.faults.append(json.loads(body or b"{}"))
        elif self.path == "/__clear":
            with State.lock:
                State.faults.clear()
        elif self.path == "/__count":
            with State.lock:
                return self._send(200, [], str(State.count).encode())
        self._send(204, [], b"")

    def _handle(self):
        body = self._body()
        if self.path.startswith("/__"):
            return self._control(body)
        fault = take_fault()
        if fault and fault.get("kind") == "delay":
            time.sleep(fault.get("ms", 0) / 1000.0)
            fault = None
        if fault and fault.get("kind") == "status":
            return self._send(fault["code"], fault.get("headers", []), b"")
        if self.mode == "no-sync" and self.command == "REPORT" and b"sync-collection" in body:
            err = b'<?xml version="1.0"?><D:error xmlns:D="DAV:"><D:supported-report/></D:error>'
            return self._send(403, [("Content-Type", "application/xml")], err)

        target = urllib.parse.urlsplit(self.target)
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP and k.lower() != "host"}
        headers["Host"] = target.netloc
        conn.request(self.command, self.path, body=body or None, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        out_headers = []
        for k, v in resp.getheaders():
            if k.lower() in HOP or k.lower() == "content-length":
                continue
            if k.lower() == "location":
                v = v.replace(self.target.rstrip("/"), "http://%s:%d" % self.server.server_address)
            out_headers.append((k, v))
        conn.close()

        if self.mode == "no-sync" and self.command == "PROPFIND":
            data = re.sub(rb"<([A-Za-z0-9]+:)?supported-report>\s*<([A-Za-z0-9]+:)?report>\s*<([A-Za-z0-9]+:)?sync-collection\s*/>\s*</([A-Za-z0-9]+:)?report>\s*</([A-Za-z0-9]+:)?supported-report>", b"", data)
        if fault and fault.get("kind") == "malformed":
            return self._send(207, [("Content-Type", "application/xml")], b'<?xml version="1.0"?><multistatus xmlns="DAV:"><response><href>/x</href><propstat>')
        if fault and fault.get("kind") == "truncate":
            self.send_response(resp.status)
            for k, v in out_headers:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data) + 100))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(resp.status, out_headers, data)

    do_GET = do_PUT = do_DELETE = do_POST = do_OPTIONS = do_HEAD = _handle

    def handle_one_request(self):
        # WebDAV methods without a do_ method each.
        self.raw_requestline = self.rfile.readline(65537)
        if not self.raw_requestline:
            self.close_connection = True
            return
        if not self.parse_request():
            return
        try:
            self._handle()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        self.wfile.flush()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--target", required=True)
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
