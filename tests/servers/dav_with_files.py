"""Radicale (CalDAV/CardDAV) and wsgidav (plain WebDAV files) on one
origin, as a Nextcloud serves calendars, address books and files: paths
under /files/ go to wsgidav, everything else to Radicale.

    python dav_with_files.py PORT RADICALE_CONFIG FILES_ROOT [--count-requests]

With --count-requests, `GET /__requests` answers the requests served since
the last time it was asked, by method, as JSON (for the benchmarks).

An account has one origin: notes on another port would be another server
to the app, so the tests and the demo serve both from one process.
"""

import json
import sys
import threading

import radicale
import radicale.config
from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp


def files_app(root):
    return WsgiDAVApp(
        {
            "provider_mapping": {"/files": root},
            # Anyone may read and write, as with Radicale's `type = none`.
            "simple_dc": {"user_mapping": {"*": True}},
            "http_authenticator": {"accept_basic": True, "accept_digest": False, "default_to_digest": False},
            "dir_browser": {"enable": False},
            "verbose": 1,
            "logging": {"enable_loggers": []},
        }
    )


def main():
    port, config_path, files_root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    dav = radicale.Application(radicale.config.load([(config_path, False)]))
    files = files_app(files_root)

    counting = "--count-requests" in sys.argv[4:]
    counts = {}
    lock = threading.Lock()

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if counting and path == "/__requests":
            with lock:
                body = json.dumps(counts).encode()
                counts.clear()
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body]
        if counting:
            with lock:
                method = environ.get("REQUEST_METHOD", "?")
                counts[method] = counts.get(method, 0) + 1
        if path == "/files" or path.startswith("/files/"):
            return files(environ, start_response)
        return dav(environ, start_response)

    serve(port, app)


def serve(port, app):
    """Serves a WSGI app on loopback until interrupted (shared with the
    other test servers of this folder)."""
    server = wsgi.Server(("127.0.0.1", port), app, numthreads=8)
    try:
        server.start()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
