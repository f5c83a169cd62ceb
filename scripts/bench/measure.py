"""The contacts benchmark's measuring side; run through contacts_sync.sh.

Seeds COUNT contacts into a fresh server (Radicale, or Xandikos with
--server xandikos; servers.py) on a free loopback port, then in the same run
measures nubo and vdirsyncer syncing that collection (wall time; user+sys CPU
and peak RSS of the command and its children, from /usr/bin/time; the CPU
the server spent answering it), and nubo's contact
search. Prints a table and the nubo/vdirsyncer ratios. With --sizes, does
all that for each count in turn, then prints one scaling table (scaling.py).
Every command runs with no stdin and a time limit, so a CLI that lacks a
command or asks a question fails with a message instead of hanging.
"""

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata

from servers import NAMES, PASSWORD, USER, Collection, Failed, Server, tail
from scaling import FIRST_NUBO, FIRST_SYNC_COLUMNS, FIRST_VDIR, Column, parse_sizes, run_sizes, scaled

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable
BOOK = "contacts"
# Names with and without accents, phones as typed, domains, places, groups.
QUERIES = ["helene", "Hélène Dubœuf", "van den", "jurgen", "weiss", "0470 12 34 56", "+32 2 555", "nubo.coop",
           "ecopower", "françoise", "lambert", "peeters", "de smet", "gent", "liège", "coopérateur", "søren",
           "noel", "zoe", "willems"]


class Usage:
    def __init__(self, wall, cpu, rss_mib, server_cpu=0.0):
        self.wall, self.cpu, self.rss, self.server_cpu = wall, cpu, rss_mib, server_cpu

    @staticmethod
    def total(*parts):
        return Usage(sum(p.wall for p in parts), sum(p.cpu for p in parts), max(p.rss for p in parts),
                     sum(p.server_cpu for p in parts))


TIME = "/usr/bin/time"


def run(cmd, timeout, env=None, stdin=b"", what=None):
    """Runs cmd; returns (Usage, stdout, stderr); raises Failed on a non-zero exit or time-out.

    CPU and peak RSS come from /usr/bin/time: a child forked from this
    Python process would report at least this process's RSS (Linux carries
    the parent's high-water mark into the child's ru_maxrss).
    """
    what = what or " ".join(shlex.quote(c) for c in cmd)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as measured:
        start = time.perf_counter()
        # Files, not pipes: a chatty child never blocks on a full pipe.
        proc = subprocess.Popen([TIME, "-f", "%U %S %M", "-o", measured.name] + cmd, env=env,
                                stdin=subprocess.PIPE, stdout=out, stderr=err, start_new_session=True)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            try:
                proc.stdin.write(stdin)
                proc.stdin.close()
            except BrokenPipeError:
                pass
            proc.wait()
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
        lines = measured.read().strip().splitlines()
    if timed_out.is_set():
        raise Failed("%s: no answer within %d s (killed)\n%s" % (what, timeout, tail(stderr)))
    if proc.returncode != 0:
        raise Failed("%s: exit %d\n%s" % (what, proc.returncode, tail(stderr or stdout)))
    user, system, rss_kib = lines[-1].split()
    return Usage(wall, float(user) + float(system), int(rss_kib) / 1024.0), stdout, stderr


def cpu_seconds(pid):
    """User+system CPU a running process has used so far (the server's share of a client's run)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fill(template, **values):
    """Splits a command template like a shell and fills {placeholders}, one argument each."""
    out = []
    for token in shlex.split(template):
        for k, v in values.items():
            token = token.replace("{%s}" % k, v)
        out.append(token)
    return out


def check_cli(nubo, global_args, templates):
    """Fails clearly when a templated command or option is unknown to this nubo."""
    try:
        run([nubo] + global_args + ["--help"], timeout=30)
    except Failed as e:
        raise Failed("this nubo refuses the global options %s.\n"
                     "Adjust NUBO_GLOBAL at the top of scripts/bench/contacts_sync.sh.\n%s" % (global_args, e))
    for name, template in templates.items():
        words = []
        for token in shlex.split(template):
            if token.startswith("-") or "{" in token:
                break
            words.append(token)
        try:
            _, help_text, _ = run([nubo] + global_args + words + ["--help"], timeout=30)
        except Failed as e:
            raise Failed("this nubo has no `%s` command, needed by %s=%r.\n"
                         "Adjust %s at the top of scripts/bench/contacts_sync.sh.\n%s"
                         % (" ".join(words), name, template, name, e))
        options = [t.split("=")[0] for t in shlex.split(template) if t.startswith("--")]
        missing = [o for o in options if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(o), help_text)]
        if missing:
            raise Failed("`nubo %s` has no option %s, needed by %s=%r.\n"
                         "Adjust %s at the top of scripts/bench/contacts_sync.sh."
                         % (" ".join(words), ", ".join(missing), name, template, name))


def nubo_contact_count(nubo, global_args, env, timeout=300):
    """How many contacts nubo holds, from `--json contacts list`; None when it cannot tell."""
    try:
        _, out, _ = run([nubo] + global_args + ["--json", "contacts", "list"], timeout=timeout, env=env)
        contacts = json.loads(out).get("contacts")
        return len(contacts) if isinstance(contacts, list) else None
    except (Failed, ValueError, AttributeError):
        return None


def vdirsyncer_config(vdir, url, storage="carddav", fileext=".vcf", pair="contacts", user=USER, password=PASSWORD):
    """A vdirsyncer pair pulling every collection of `storage` type from url into vdir/local."""
    os.makedirs(os.path.join(vdir, "local"))
    config = os.path.join(vdir, "config")
    with open(config, "w") as f:
        f.write('[general]\nstatus_path = "%(d)s/status/"\n\n'
                '[pair %(pair)s]\na = "local"\nb = "remote"\ncollections = ["from b"]\nconflict_resolution = "b wins"\n\n'
                '[storage local]\ntype = "filesystem"\npath = "%(d)s/local/"\nfileext = "%(ext)s"\n\n'
                '[storage remote]\ntype = "%(type)s"\nurl = "%(url)s"\nusername = "%(user)s"\npassword = "%(pw)s"\n'
                % {"d": vdir, "url": url, "user": user, "pw": password, "pair": pair, "ext": fileext, "type": storage})
    return config


def sync_table(results, server):
    """Prints every measured step and the nubo/vdirsyncer ratios; returns the rows."""
    first_nubo = Usage.total(results["nubo account add"], results["nubo sync"])
    first_vdir = Usage.total(results["vdirsyncer discover"], results["vdirsyncer sync"])
    rows = list(results.items()) + [("nubo first sync (add + sync)", first_nubo),
                                    ("vdirsyncer first sync (discover + sync)", first_vdir)]
    print("%s, vdirsyncer %s" % (server.label, metadata.version("vdirsyncer")))
    print()
    print("%-42s %8s %8s %13s %14s" % ("", "wall s", "CPU s", "peak RSS MiB", "server CPU s"))
    for name, u in rows:
        print("%-42s %8.2f %8.2f %13.1f %14.2f" % (name, u.wall, u.cpu, u.rss, u.server_cpu))
    print()
    print("%-42s %8s %8s %13s %14s" % ("ratio nubo / vdirsyncer", "wall", "CPU", "peak RSS", "server CPU"))
    r = lambda x, y: x / y if y > 0 else float("nan")
    # The data is usable once `account add` ends: it pulls every item in one
    # query (the sync token comes when the collection first changes),
    # against vdirsyncer's whole first sync.
    for name, n, v in [("first sync", first_nubo, first_vdir),
                       ("data usable (account add)", results["nubo account add"], first_vdir),
                       ("sync with nothing new", results["nubo sync (again)"], results["vdirsyncer sync (again)"])]:
        print("%-42s %8.2f %8.2f %13.2f %14.2f"
              % (name, r(n.wall, v.wall), r(n.cpu, v.cpu), r(n.rss, v.rss), r(n.server_cpu, v.server_cpu)))
    return rows


# The scaling table: one row per size (each read from that size's results,
# as the JSON file holds them).
COLUMNS = FIRST_SYNC_COLUMNS + [
    Column("nubo", "CPU s", "%.2f", lambda r: r["runs"][FIRST_NUBO]["cpu"]),
    Column("server CPU", "ratio", "%.2f",
           lambda r: r["runs"][FIRST_NUBO]["server_cpu"] / r["runs"][FIRST_VDIR]["server_cpu"], ratio=True),
    Column("no change", "sync s", "%.2f", lambda r: r["runs"]["nubo sync (again)"]["wall"]),
    Column("search", "median ms", "%.1f", lambda r: r["search_ms"]["median"]),
    Column("nubo sync peak", "RSS MiB", "%.1f", lambda r: r["runs"][FIRST_NUBO]["rss"]),
]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--count", type=int, help="one count (default 10,000)")
    p.add_argument("--sizes", type=parse_sizes, help="several counts, e.g. 1000,10000,50000: each measured in turn, "
                   "then one scaling table")
    p.add_argument("--nubo", required=True, help="the nubo binary")
    p.add_argument("--nubo-global", default="--data-dir {data} --timeout {timeout}")
    p.add_argument("--nubo-add", default="account add --email {email} --password {password} --server {server}")
    p.add_argument("--nubo-sync", default="sync")
    p.add_argument("--nubo-search", default="contacts search {query}")
    p.add_argument("--timeout", type=int, help="seconds for one sync (default: 1800 at 10,000 contacts, "
                   "in proportion above)")
    p.add_argument("--server", choices=NAMES, default="radicale", help="the server both clients sync from")
    p.add_argument("--json", help="also write the results here")
    p.add_argument("--keep", action="store_true", help="keep the work folder")
    a = p.parse_args()
    if a.sizes and a.count is not None:
        p.error("give --count or --sizes, not both")
    nubo = os.path.abspath(a.nubo)
    if not os.access(nubo, os.X_OK):
        raise Failed("no nubo binary at %s" % nubo)
    if not os.access(TIME, os.X_OK):
        raise Failed("%s is missing: apt-get install time" % TIME)
    title = ("Scaling: contacts from a fresh local %s at each size, nubo and vdirsyncer in the same run "
             "(%s, %d cores)" % (a.server.capitalize(), platform.machine(), os.cpu_count()))
    sizes = a.sizes or [10000 if a.count is None else a.count]
    run_sizes(sizes, lambda n: measure(a, nubo, n), COLUMNS, title, "contacts", a.json)


def measure(a, nubo, count):
    """One size: seeds a fresh server, measures, prints the report; returns the results."""
    # Time limits are set for 10,000 contacts and grow in proportion above.
    limit = lambda seconds: scaled(seconds, count, 10000)
    sync_limit = a.timeout or limit(1800)
    work = tempfile.mkdtemp(prefix="nubo-bench-")
    server = None
    try:
        data = os.path.join(work, "nubo")
        global_args = fill(a.nubo_global, data=data, timeout=str(limit(30)))
        check_cli(nubo, global_args, {"NUBO_ADD": a.nubo_add, "NUBO_SYNC": a.nubo_sync, "NUBO_SEARCH": a.nubo_search})

        vcards = os.path.join(work, "vcards")
        t = time.perf_counter()
        run([PY, os.path.join(ROOT, "scripts/seed/contacts.py"), "--count", str(count), "--out", vcards], limit(600))
        server = Server(a.server, work, [Collection("addressbook", BOOK, "Coopérateurs", vcards)], limit(600))
        seeded = time.perf_counter() - t
        t = time.perf_counter()
        listed = server.warm("addressbook", limit(1800))
        warm = time.perf_counter() - t
        if listed != count:
            raise Failed("%s lists %d contacts, %d were seeded" % (server.label, listed, count))
        print("Seeded %d contacts in %.1f s; %s on %s read them in %.1f s (before any client)."
              % (count, seeded, server.label, server.url, warm), flush=True)

        env = dict(os.environ)
        env.pop("NUBO_PASSWORD", None)
        env.pop("NUBO_DATA_DIR", None)
        results = {}

        def nubo_cmd(template, **values):
            return [nubo] + global_args + fill(template, **values)

        steps = [
            ("nubo account add", nubo_cmd(a.nubo_add, email=USER, password=PASSWORD, server=server.url)),
            ("nubo sync", nubo_cmd(a.nubo_sync)),
            ("nubo sync (again)", nubo_cmd(a.nubo_sync)),
        ]
        def measured(name, cmd, **kw):
            print("  running %s ..." % name, flush=True)
            before = cpu_seconds(server.pid)
            usage = run(cmd, sync_limit, what=name, **kw)[0]
            usage.server_cpu = cpu_seconds(server.pid) - before
            results[name] = usage

        for name, cmd in steps:
            measured(name, cmd, env=env)
        held = nubo_contact_count(nubo, global_args, env, limit(300))
        if held is not None and held != count:
            raise Failed("nubo holds %d contacts after syncing, expected %d" % (held, count))

        # vdirsyncer gives any one request 300 s, body included (aiohttp's
        # default; no setting of vdirsyncer changes it), and fails after five
        # such attempts: its one listing and its one multiget of the whole
        # collection must each come within that. Radicale answers each in
        # about 0.3 ms an item on 2 cores (some 15 s at 50,000).
        vdir = os.path.join(work, "vdirsyncer")
        config = vdirsyncer_config(vdir, server.url)
        vdirsyncer = os.path.join(os.path.dirname(PY), "vdirsyncer")
        for name, args, stdin in [("vdirsyncer discover", ["discover"], b"y\n" * 20),
                                  ("vdirsyncer sync", ["sync"], b""),
                                  ("vdirsyncer sync (again)", ["sync"], b"")]:
            measured(name, [vdirsyncer, "-c", config] + args, stdin=stdin)
        synced = sum(len([f for f in files if f.endswith(".vcf")]) for _, _, files in os.walk(os.path.join(vdir, "local")))
        if synced != count:
            raise Failed("vdirsyncer wrote %d contacts, expected %d" % (synced, count))

        searches, empty = [], []
        for q in QUERIES:
            usage, out, _ = run(nubo_cmd(a.nubo_search, query=q), limit(120), env=env, what="nubo search %r" % q)
            searches.append(usage)
            if not out.strip():
                empty.append(q)

        print()
        print("%d contacts from a local %s, same run, same server (%s, %d cores, Python %s)"
              % (count, server.label, platform.machine(), os.cpu_count(), platform.python_version()))
        rows = sync_table(results, server)
        walls = sorted(u.wall * 1000 for u in searches)
        print()
        print("nubo contacts search over %d contacts, %d queries, whole command (process start included):"
              % (count, len(searches)))
        print("  median %.1f ms, fastest %.1f ms, slowest %.1f ms; peak RSS %.1f MiB"
              % (statistics.median(walls), walls[0], walls[-1], max(u.rss for u in searches)))
        if empty:
            print("  no output for: %s" % ", ".join(repr(q) for q in empty))

        return {"count": count, "server": server.label,
                "runs": {k: vars(u) for k, u in rows},
                "search_ms": {"median": statistics.median(walls), "min": walls[0], "max": walls[-1]},
                "queries": QUERIES}
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
