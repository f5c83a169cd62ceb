"""Runs the contacts benchmark; see contacts_sync.sh."""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY = sys.executable
USER = "alice@nubo.test"


def measure(cmd, env=None, stdin=None):
    """Wall seconds, CPU seconds (user+sys) and peak RSS (MiB) of one command."""
    # stderr to a file, not a pipe: a chatty child would block on a full pipe.
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=log)
        if stdin:
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        log.seek(0)
        err = log.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), err[-2000:]))
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--count", type=int, default=10000)
    p.add_argument("--nubo", required=True)
    a = p.parse_args()
    work = tempfile.mkdtemp(prefix="nubo-bench-")
    radicale = None
    try:
        vcards, storage = os.path.join(work, "vcards"), os.path.join(work, "storage")
        subprocess.check_call([PY, os.path.join(ROOT, "scripts/seed/contacts.py"), "--count", str(a.count), "--out", vcards])
        subprocess.check_call([PY, os.path.join(ROOT, "scripts/seed/load_radicale.py"), "--storage", storage, "--user", USER,
                               "--book", "contacts", "--display-name", "Coopérateurs", "--vcards", vcards])
        port = free_port()
        radicale = subprocess.Popen([PY, "-m", "radicale", "--server-hosts", "127.0.0.1:%d" % port, "--auth-type", "none",
                                     "--storage-filesystem-folder", storage, "--logging-level", "error"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = "http://127.0.0.1:%d/" % port
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # Warm Radicale's item cache so neither client pays for it.
        req = urllib.request.Request(url + USER + "/contacts/", method="PROPFIND", headers={"Depth": "1", "Authorization": "Basic YWxpY2VAbnViby50ZXN0Ong="})
        urllib.request.urlopen(req, timeout=600).read()

        env = dict(os.environ, NUBO_PASSWORD="x", NUBO_DATA_DIR=os.path.join(work, "nubo"))
        nubo = measure([a.nubo, "--timeout", "120", "account", "add", "--email", USER, "--server", url], env=env)
        count = subprocess.run([a.nubo, "contacts", "list"], env=env, capture_output=True, text=True).stdout.count("\n")
        if count != a.count:
            sys.exit("nubo synced %d contacts, expected %d" % (count, a.count))

        vdir = os.path.join(work, "vdirsyncer")
        os.makedirs(os.path.join(vdir, "local"))
        config = os.path.join(vdir, "config")
        with open(config, "w") as f:
            f.write("""[general]
status_path = "%(d)s/status/"

[pair contacts]
a = "local"
b = "remote"
collections = ["from b"]
conflict_resolution = "b wins"

[storage local]
type = "filesystem"
path = "%(d)s/local/"
fileext = ".vcf"

[storage remote]
type = "carddav"
url = "%(url)s"
username = "%(user)s"
password = "x"
""" % {"d": vdir, "url": url, "user": USER})
        vdirsyncer = os.path.join(os.path.dirname(PY), "vdirsyncer")
        measure([vdirsyncer, "-c", config, "discover"], stdin=b"y\n" * 10)
        peer = measure([vdirsyncer, "-c", config, "sync"])
        synced = sum(len(files) for _, _, files in os.walk(os.path.join(vdir, "local")))
        if synced != a.count:
            sys.exit("vdirsyncer synced %d contacts, expected %d" % (synced, a.count))

        queries = ["helene", "van den", "dubœuf", "0470", "nubo.coop", "jan", "coop", "françoise", "gent", "lambert",
                   "peeters", "zoe", "jurgen", "de smet", "ecopower", "marie", "liège", "noel", "willems", "chateau"]
        searches = [measure([a.nubo, "contacts", "search"] + q.split(), env=env)[0] for q in queries]

        print()
        print("Initial sync of %d contacts from a local Radicale (same run, same server)" % a.count)
        print("%-12s %10s %10s %12s" % ("", "wall s", "CPU s", "peak MiB"))
        for name, (w, c, m) in (("nubo", nubo), ("vdirsyncer", peer)):
            print("%-12s %10.2f %10.2f %12.1f" % (name, w, c, m))
        print("%-12s %10.2f %10.2f %12.2f" % ("nubo/vdir", nubo[0] / peer[0], nubo[1] / peer[1], nubo[2] / peer[2]))
        print()
        print("Contact search over %d contacts, whole `nubo contacts search` command (process start included):" % a.count)
        print("  median %.1f ms, max %.1f ms over %d queries" % (statistics.median(searches) * 1000, max(searches) * 1000, len(searches)))
    finally:
        if radicale:
            radicale.terminate()
            radicale.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
