"""A static site of feed files on loopback, as a cooperative's web server
serves them, with what tests need to steer it.

    python feed_server.py --port PORT --other-port PORT2 --root DIR

Every file under DIR is served with an ETag (a hash of its bytes) and a
Last-Modified (its mtime), and a conditional request (If-None-Match, else
If-Modified-Since) that matches is answered 304 with no body.

Steering, on the same port (tests only; never under DIR):

    POST /_rule   {"path": "/fr/feed.atom", "status": 503, "retry_after": 3600}
                  {"path": ..., "status": 301, "location": "/new.atom"}      (same origin)
                  {"path": ..., "status": 301, "location": "http://127.0.0.1:PORT2/x.atom"}
                  {"path": ..., "truncate": 600}      (the first 600 bytes, the length header honest)
                  {"path": ..., "clear": true}
    GET  /_log    every request so far: [{"port", "method", "path", "headers"}],
                  header names in lower case

The second port plays another origin: it answers 200 with a feed to
anything, and records what reaches it (nothing should).
"""

import argparse
import email.utils
import hashlib
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RULES = {}
LOG = []
LOCK = threading.Lock()
ROOT = "."

TYPES = {
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/feed+json; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    other_origin = False

    def log_message(self, *args):
        pass

    def record(self):
        with LOCK:
            LOG.append({
                "port": self.server.server_address[1],
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
            })

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_POST(self):
        if self.path != "/_rule":
            return self.send(405)
        length = int(self.headers.get("Content-Length", "0"))
        rule = json.loads(self.rfile.read(length) or b"{}")
        with LOCK:
            if rule.get("clear"):
                RULES.pop(rule["path"], None)
            else:
                RULES[rule["path"]] = rule
        self.send(204)

    def do_GET(self):
        if self.path == "/_log" and not self.other_origin:
            with LOCK:
                body = json.dumps(LOG).encode()
            return self.send(200, body, [("Content-Type", "application/json")])
        self.record()
        if self.other_origin:
            body = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>elsewhere</title></feed>'
            return self.send(200, body, [("Content-Type", TYPES[".atom"])])
        path = self.path.split("?", 1)[0]
        with LOCK:
            rule = dict(RULES.get(path, {}))
        if rule.get("status") in (301, 302, 307, 308):
            return self.send(rule["status"], b"", [("Location", rule["location"])])
        if rule.get("status"):
            headers = [("Retry-After", str(rule["retry_after"]))] if "retry_after" in rule else []
            return self.send(rule["status"], b"Service Unavailable\n", headers + [("Content-Type", "text/plain")])
        file = os.path.normpath(os.path.join(ROOT, path.lstrip("/")))
        if path.endswith("/"):
            file = os.path.join(file, "index.html")
        if not file.startswith(os.path.abspath(ROOT)) or not os.path.isfile(file):
            return self.send(404, b"Not Found\n", [("Content-Type", "text/plain")])
        with open(file, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        mtime = os.stat(file).st_mtime
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        headers = [("ETag", etag), ("Last-Modified", last_modified)]
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            if etag in [t.strip() for t in if_none_match.split(",")]:
                return self.send(304, b"", headers)
        elif if_modified_since is not None:
            since = email.utils.parsedate_to_datetime(if_modified_since).timestamp()
            if int(mtime) <= since:
                return self.send(304, b"", headers)
        if "truncate" in rule:
            body = body[: rule["truncate"]]
        ext = os.path.splitext(file)[1]
        headers.append(("Content-Type", TYPES.get(ext, "application/octet-stream")))
        self.send(200, body, headers)

    do_HEAD = do_GET


class OtherOrigin(Handler):
    other_origin = True


def main():
    global ROOT
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--other-port", type=int, required=True)
    parser.add_argument("--root", required=True)
    args = parser.parse_args()
    ROOT = os.path.abspath(args.root)
    other = ThreadingHTTPServer(("127.0.0.1", args.other_port), OtherOrigin)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
