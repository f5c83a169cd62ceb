"""Radicale under Nextcloud's DAV path and an Announcement Center answering
recorded pages in the app's documented shape, on one origin. Not a
Nextcloud (none runs here): just what the companion app asks of one.

    python nextcloud_like.py PORT RADICALE_CONFIG ANNOUNCEMENTS_JSON

- `/remote.php/dav/…` → Radicale (its paths under that prefix);
- `GET /ocs/v2.php/apps/announcementcenter/api/v1/announcements?format=json[&offset=N]`
  with `OCS-APIRequest: true`: without credentials 401 + a Basic challenge
  (as Nextcloud's OCS does); with them, the announcements of
  ANNOUNCEMENTS_JSON (a list, as the app's API gives each one) with an id
  below `offset`, newest first, seven a page, in the OCS v2 envelope;
- ANNOUNCEMENTS_JSON is read on every request, so a test edits it (an
  announcement deleted); `{"error": {"http": 403, "statuscode": 403,
  "message": "…"}}` in its place answers the OCS failure envelope.
"""

import json
import sys

import radicale
import radicale.config
from dav_with_files import serve

PREFIX = "/remote.php/dav"
OCS = "/ocs/v2.php/apps/announcementcenter/api/v1/announcements"
PAGE = 7


def envelope(status, statuscode, message, data):
    return json.dumps({"ocs": {"meta": {"status": status, "statuscode": statuscode, "message": message,
                                        "totalitems": "", "itemsperpage": ""}, "data": data}}).encode()


def main():
    port, config_path, announcements_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    dav = radicale.Application(radicale.config.load([(config_path, False)]))

    def ocs(environ, start_response):
        def answer(status, body, headers=()):
            start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                                    ("Content-Length", str(len(body)))] + list(headers))
            return [body]

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
        if path == OCS:
            return ocs(environ, start_response)
        if path == PREFIX or path.startswith(PREFIX + "/"):
            environ["SCRIPT_NAME"] = PREFIX
            environ["PATH_INFO"] = path[len(PREFIX):] or "/"
            return dav(environ, start_response)
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]

    serve(port, app)


if __name__ == "__main__":
    main()
