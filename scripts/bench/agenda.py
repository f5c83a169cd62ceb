"""The agenda benchmark's measuring side; run through agenda_sync.sh.

Seeds COUNT events (RECURRING of them series) into a fresh server (Radicale,
or Xandikos with --server xandikos; servers.py), then in the same run
measures nubo and vdirsyncer syncing that calendar (wall time, CPU, peak
RSS, the server's CPU), and nubo building agenda views from
its store: a month (median over twelve months) and a whole year. Prints a
table and the nubo/vdirsyncer ratios. With --sizes, does all that for each
count in turn, then prints one scaling table (scaling.py). Shares its
measuring with measure.py.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time

from measure import PY, ROOT, TIME, cpu_seconds, run, sync_table, vdirsyncer_config
from scaling import FIRST_NUBO, FIRST_SYNC_COLUMNS, Column, parse_sizes, run_sizes, scaled
from servers import NAMES, PASSWORD, USER, Collection, Failed, Server

CALENDAR = "agenda"


# The scaling table: one row per size (each read from that size's results,
# as the JSON file holds them).
COLUMNS = FIRST_SYNC_COLUMNS + [
    Column("no change", "sync s", "%.2f", lambda r: r["runs"]["nubo sync (again)"]["wall"]),
    Column("month view", "median ms", "%.0f", lambda r: r["month_ms"]["median"]),
    Column("year view", "ms", "%.0f", lambda r: r["year_ms"]),
    Column("nubo sync peak", "RSS MiB", "%.1f", lambda r: r["runs"][FIRST_NUBO]["rss"]),
]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, help="one count (default 20,000)")
    p.add_argument("--sizes", type=parse_sizes, help="several counts, e.g. 2000,20000,100000: each measured in "
                   "turn, then one scaling table; RECURRING is 10 %% of each unless --recurring is given")
    p.add_argument("--recurring", type=int, help="series among the events (default: 2,000 with --count, "
                   "10 %% of each size with --sizes)")
    p.add_argument("--nubo", required=True)
    p.add_argument("--timeout", type=int, help="seconds for one sync (default: 3600 at 20,000 events, "
                   "in proportion above)")
    p.add_argument("--server", choices=NAMES, default="radicale", help="the server both clients sync from")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--keep", action="store_true")
    a = p.parse_args()
    if a.sizes and a.count is not None:
        p.error("give --count or --sizes, not both")
    nubo = os.path.abspath(a.nubo)
    if not os.access(TIME, os.X_OK):
        raise Failed("%s is missing: apt-get install time" % TIME)
    if a.sizes is None:
        # One size as before: COUNT events, 2,000 of them series unless told.
        sizes = [20000 if a.count is None else a.count]
        recurring = lambda n: 2000 if a.recurring is None else a.recurring
    else:
        sizes = a.sizes
        recurring = lambda n: n // 10 if a.recurring is None else a.recurring
    title = ("Scaling: events (%s of them series) from a fresh local %s at each size, nubo and vdirsyncer "
             "in the same run (%s, %d cores)" % ("10 %" if a.recurring is None else "%d" % a.recurring,
                                                 a.server.capitalize(), platform.machine(), os.cpu_count()))
    run_sizes(sizes, lambda n: measure(a, nubo, n, recurring(n)), COLUMNS, title, "events", a.json)


def measure(a, nubo, count, recurring):
    """One size: seeds a fresh server, measures, prints the report; returns the results."""
    # Time limits are set for 20,000 events and grow in proportion above.
    limit = lambda seconds: scaled(seconds, count, 20000)
    sync_limit = a.timeout or limit(3600)
    work = tempfile.mkdtemp(prefix="nubo-agenda-bench-")
    server = None
    try:
        events = os.path.join(work, "events")
        t = time.perf_counter()
        run([PY, os.path.join(ROOT, "scripts/seed/events.py"), "--count", str(count), "--recurring",
             str(recurring), "--out", events], limit(600))
        # An empty address book beside it: the account must be a CardDAV one too.
        os.makedirs(os.path.join(work, "no-vcards"))
        open(os.path.join(work, "no-vcards", "x.vcf"), "w").write(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:x\r\nFN:Secrétariat\r\nEND:VCARD\r\n")
        server = Server(a.server, work, [
            Collection("addressbook", "contacts", "Contacts", os.path.join(work, "no-vcards")),
            Collection("calendar", CALENDAR, "Agenda", events, color="#0082C9"),
        ], limit(600))
        seeded = time.perf_counter() - t
        t = time.perf_counter()
        listed = server.warm("calendar", limit(3600))
        if listed != count:
            raise Failed("%s lists %d events, %d were seeded" % (server.label, listed, count))
        print("Seeded %d events (%d series) in %.1f s; %s on %s read them in %.1f s (before any client)."
              % (count, recurring, seeded, server.label, server.url, time.perf_counter() - t), flush=True)

        env = dict(os.environ, TZ="Europe/Brussels")
        env.pop("NUBO_PASSWORD", None)
        env.pop("NUBO_DATA_DIR", None)
        base = [nubo, "--data-dir", os.path.join(work, "nubo"), "--tz", "Europe/Brussels",
                "--timeout", str(limit(600))]
        results = {}

        def measured(name, cmd, **kw):
            print("  running %s ..." % name, flush=True)
            before = cpu_seconds(server.pid)
            usage, out, _ = run(cmd, sync_limit, what=name, **kw)
            usage.server_cpu = cpu_seconds(server.pid) - before
            results[name] = usage
            return out

        measured("nubo account add", base + ["account", "add", "--email", USER, "--password", PASSWORD, "--server", server.url], env=env)
        measured("nubo sync", base + ["sync"], env=env)
        measured("nubo sync (again)", base + ["sync"], env=env)
        # Every event in nubo's store, or its times mean nothing: a sync that
        # stopped early would look fast. Read from the store file itself (no
        # CLI command lists every event without expanding them).
        with sqlite3.connect("file:%s?mode=ro" % os.path.join(work, "nubo", "nubo.sqlite3"), uri=True) as db:
            held = db.execute("SELECT COUNT(*) FROM items WHERE kind = 'event'").fetchone()[0]
        if held != count:
            raise Failed("nubo holds %d events, %d were seeded" % (held, count))

        # vdirsyncer gives any one request 300 s (see measure.py): Radicale
        # lists or multigets events in about 0.3 ms each here (30 s at 100,000).
        vdir = os.path.join(work, "vdirsyncer")
        config = vdirsyncer_config(vdir, server.url, storage="caldav", fileext=".ics", pair="agenda", user=USER, password=PASSWORD)
        vdirsyncer = os.path.join(os.path.dirname(PY), "vdirsyncer")
        for name, args, stdin in [("vdirsyncer discover", ["discover"], b"y\n" * 20),
                                  ("vdirsyncer sync", ["sync"], b""),
                                  ("vdirsyncer sync (again)", ["sync"], b"")]:
            measured(name, [vdirsyncer, "-c", config] + args, stdin=stdin)
        synced = sum(len([f for f in files if f.endswith(".ics")]) for _, _, files in os.walk(os.path.join(vdir, "local")))
        if synced != count:
            raise Failed("vdirsyncer wrote %d events, expected %d" % (synced, count))

        months, shown = [], []
        for m in range(1, 13):
            usage, out, _ = run(base + ["--json", "agenda", "--month", "--from", "2027-%02d-01" % m], limit(300),
                                env=env, what="nubo agenda --month 2027-%02d" % m)
            months.append(usage)
            shown.append(sum(len(d["entries"]) for d in json.loads(out)["agenda"]["days"]))
        year, out, _ = run(base + ["--json", "agenda", "--from", "2027-01-01", "--to", "2027-12-31"], limit(600),
                           env=env, what="nubo agenda (year)")
        year_entries = sum(len(d["entries"]) for d in json.loads(out)["agenda"]["days"])
        if min(shown) == 0:
            raise Failed("a month showed no event: %s" % shown)

        print()
        print("%d events (%d recurring series) from a local %s, same run (%s, %d cores, Python %s)"
              % (count, recurring, server.label, platform.machine(), os.cpu_count(), platform.python_version()))
        rows = sync_table(results, server)
        walls = sorted(u.wall * 1000 for u in months)
        print()
        print("nubo agenda from the local store, whole command (process start included), Europe/Brussels:")
        print("  a month: median %.0f ms (fastest %.0f, slowest %.0f), %d–%d entries; peak RSS %.1f MiB"
              % (statistics.median(walls), walls[0], walls[-1], min(shown), max(shown), max(u.rss for u in months)))
        print("  the year 2027: %.0f ms, %d entries; peak RSS %.1f MiB" % (year.wall * 1000, year_entries, year.rss))
        return {"count": count, "recurring": recurring, "server": server.label, "runs": {k: vars(u) for k, u in rows},
                "month_ms": {"median": statistics.median(walls), "min": walls[0], "max": walls[-1]},
                "year_ms": year.wall * 1000, "year_entries": year_entries}
    finally:
        if server:
            server.stop()
        if a.keep:
            print("work folder kept: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Failed as e:
        sys.exit("bench: %s" % e)
    except KeyboardInterrupt:
        sys.exit("bench: interrupted")
