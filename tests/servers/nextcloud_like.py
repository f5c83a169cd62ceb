"""Radicale under Nextcloud's DAV path, an Announcement Center answering
recorded pages in the app's documented shape, and Login Flow v2 as
Nextcloud documents it, on one origin. Not a Nextcloud (none runs here):
just what the companion app asks of one.

    python nextcloud_like.py PORT RADICALE_CONFIG ANNOUNCEMENTS_JSON [USER:PASSWORD]

- `/remote.php/dav/…` → Radicale (its paths under that prefix), and
  `/.well-known/carddav|caldav` a 301 there, as Nextcloud answers;
- `GET /ocs/v2.php/apps/announcementcenter/api/v1/announcements?format=json[&offset=N]`
  with `OCS-APIRequest: true`: without credentials 401 + a Basic challenge
  (as Nextcloud's OCS does); with them, the announcements of
  ANNOUNCEMENTS_JSON (a list, as the app's API gives each one) with an id
  below `offset`, newest first, seven a page, in the OCS v2 envelope;
- ANNOUNCEMENTS_JSON is read on every request, so a test edits it (an
  announcement deleted); `{"error": {"http": 403, "statuscode": 403,
  "message": "…"}}` in its place answers the OCS failure envelope;
- with USER:PASSWORD, the DAV and OCS paths need Basic credentials (401 and
  a challenge without them): that user with their password or with an app
  password the login flow gave. Login Flow v2
  (https://docs.nextcloud.com/server/latest/developer_manual/client_apis/LoginFlow/):
  `POST /index.php/login/v2` → `{poll: {token, endpoint}, login}`; the
  member's browser opens `login` (`GET` shows a form, `POST` with
  `user=…&password=…` logs in and grants access); behind a proxy, the
  pages are named on the origin of `X-Forwarded-Host`; `POST endpoint` with
  `token=…` answers 404 until then, then once 200 `{server, loginName,
  appPassword}`, then 404 again;
- `GET /test/log` lists what reached the DAV path: method, path and which
  credential it carried (`none`, `password`, `app-password`, `wrong`).
"""

import json
import secrets
import sys
import threading
import urllib.parse
from base64 import b64decode

import radicale
import radicale.config
from dav_with_files import serve

PREFIX = "/remote.php/dav"
OCS = "/ocs/v2.php/apps/announcementcenter/api/v1/announcements"
PAGE = 7
LOGIN_PAGE = b"""<!doctype html><meta charset="utf-8"><title>Nextcloud</title>
<h1>Connect to your account</h1>
<form method="post"><label>Login <input name="user"></label>
<label>Password <input name="password" type="password"></label>
<button>Grant access</button></form>"""


def envelope(status, statuscode, message, data):
    return json.dumps({"ocs": {"meta": {"status": status, "statuscode": statuscode, "message": message,
                                        "totalitems": "", "itemsperpage": ""}, "data": data}}).encode()


def main():
    port, config_path, announcements_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    login = sys.argv[4].split(":", 1) if len(sys.argv) > 4 else None
    dav = radicale.Application(radicale.config.load([(config_path, False)]))
    lock = threading.Lock()
    flows = {}  # login page id -> poll token
    grants = {}  # poll token -> None (waiting) or the grant
    app_passwords = set()
    log = []

    def credential(environ):
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Basic "):
            return "none"
        user, _, password = b64decode(header[6:]).decode("utf-8", "replace").partition(":")
        if login is None or user != login[0]:
            return "wrong" if login else "password"
        if password == login[1]:
            return "password"
        return "app-password" if password in app_passwords else "wrong"

    def reply(start_response, status, body=b"", content_type="application/json", headers=()):
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))] + list(headers))
        return [body]

    def form(environ):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(size).decode("utf-8") if size else ""
        return dict(urllib.parse.parse_qsl(body))

    def login_flow(environ, start_response, path):
        # Behind a reverse proxy (the web app's serve.mjs), the host the
        # member's browser used, as Nextcloud reads it from a trusted proxy.
        origin = "http://" + (environ.get("HTTP_X_FORWARDED_HOST") or environ["HTTP_HOST"])
        method = environ["REQUEST_METHOD"]
        if path == "/index.php/login/v2" and method == "POST":
            page, token = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
            with lock:
                flows[page] = token
                grants[token] = None
            body = json.dumps({"poll": {"token": token, "endpoint": origin + "/login/v2/poll"},
                               "login": origin + "/login/v2/flow/" + page}).encode()
            return reply(start_response, "200 OK", body)
        if path == "/login/v2/poll" and method == "POST":
            token = form(environ).get("token", "")
            with lock:
                grant = grants.get(token)
                if grant is not None:
                    del grants[token]  # given once
            if grant is None:
                return reply(start_response, "404 Not Found", b"[]")
            return reply(start_response, "200 OK", json.dumps(grant).encode())
        if path.startswith("/login/v2/flow/"):
            with lock:
                token = flows.get(path[len("/login/v2/flow/"):])
            if token is None:
                return reply(start_response, "404 Not Found")
            if method == "GET":
                return reply(start_response, "200 OK", LOGIN_PAGE, "text/html; charset=utf-8")
            given = form(environ)
            if login is None or [given.get("user"), given.get("password")] != login:
                return reply(start_response, "403 Forbidden", b"<h1>Wrong login</h1>", "text/html")
            app_password = secrets.token_urlsafe(32)
            with lock:
                app_passwords.add(app_password)
                grants[token] = {"server": origin, "loginName": login[0], "appPassword": app_password}
            return reply(start_response, "200 OK", b"<h1>Account connected</h1>", "text/html")
        return None

    def ocs(environ, start_response):
        def answer(status, body, headers=()):
            start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                                    ("Content-Length", str(len(body)))] + list(headers))
            return [body]

        if login and credential(environ) in ("none", "wrong"):
            return answer("401 Unauthorized", envelope("failure", 997, "Current user is not logged in", []),
                          [("WWW-Authenticate", 'Basic realm="Nextcloud"')])
        if environ.get("HTTP_OCS_APIREQUEST") != "true":
            return answer("412 Precondition Failed", envelope("failure", 412, "CSRF check failed", []))
        if not environ.get("HTTP_AUTHORIZATION", "").startswith("Basic "):
            return answer("401 Unauthorized", envelope("failure", 997, "Current user is not logged in", []),
                          [("WWW-Authenticate", 'Basic realm="Authorisation Required"')])
        with open(announcements_path, encoding="utf-8") as f:
            recorded = json.load(f)
        if isinstance(recorded, dict) and "error" in recorded:
            e = recorded["error"]
            return answer("%d Error" % e["http"], envelope("failure", e["statuscode"], e["message"], []))
        query = dict(p.split("=", 1) for p in environ.get("QUERY_STRING", "").split("&") if "=" in p)
        offset = int(query.get("offset", "0") or 0)
        items = sorted(recorded, key=lambda a: -a["id"])
        if offset:
            items = [a for a in items if a["id"] < offset]
        return answer("200 OK", envelope("ok", 200, "OK", items[:PAGE]))

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/test/log":
            with lock:
                return reply(start_response, "200 OK", json.dumps(log).encode())
        flow = login_flow(environ, start_response, path)
        if flow is not None:
            return flow
        if path in ("/.well-known/carddav", "/.well-known/caldav"):
            # As Nextcloud's own .htaccess / nginx rules do.
            return reply(start_response, "301 Moved Permanently", b"", "text/plain", [("Location", PREFIX + "/")])
        if path == OCS:
            return ocs(environ, start_response)
        if path == PREFIX or path.startswith(PREFIX + "/"):
            used = credential(environ)
            with lock:
                log.append({"method": environ["REQUEST_METHOD"], "path": path, "credential": used})
            if login and used in ("none", "wrong"):
                return reply(start_response, "401 Unauthorized", b"", "text/plain",
                             [("WWW-Authenticate", 'Basic realm="Nextcloud"')])
            environ["SCRIPT_NAME"] = PREFIX
            environ["PATH_INFO"] = path[len(PREFIX):] or "/"
            return dav(environ, start_response)
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]

    serve(port, app)


if __name__ == "__main__":
    main()
