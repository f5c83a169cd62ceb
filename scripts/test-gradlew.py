"""Tests android/gradlew, the project's Gradle wrapper script, for real:
it runs against a Gradle-shaped zip served on loopback (the real
distribution is 130 MB and the tests stay offline), and the committed
properties are checked against what the Android build needs.
"""

import hashlib
import http.server
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unittest
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANDROID = os.path.join(ROOT, "android")
PROPERTIES = os.path.join(ANDROID, "gradle", "wrapper", "gradle-wrapper.properties")

FAKE_GRADLE = b"""#!/bin/sh
echo "gradle ran in $(pwd -P) with: $*"
"""


def fake_distribution(version):
    """A zip laid out as Gradle's: gradle-V/bin/gradle, executable."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        info = zipfile.ZipInfo(f"gradle-{version}/bin/gradle")
        info.external_attr = 0o100755 << 16
        z.writestr(info, FAKE_GRADLE)
        z.writestr(f"gradle-{version}/lib/README", b"libraries would be here\n")
    return buf.getvalue()


class Server:
    """Serves one file on loopback and counts the requests."""

    def __init__(self, body, delay=0.0):
        self.body, self.requests = body, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                # A slow server: half the file, a pause, the rest.
                half = len(outer.body) // 2
                self.wfile.write(outer.body[:half])
                self.wfile.flush()
                time.sleep(delay)
                self.wfile.write(outer.body[half:])

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class GradlewTest(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="gradlew-")
        self.project = os.path.join(self.work, "android")
        os.makedirs(os.path.join(self.project, "gradle", "wrapper"))
        shutil.copy2(os.path.join(ANDROID, "gradlew"), self.project)
        self.home = os.path.join(self.work, "gradle-home")
        self.zip = fake_distribution("8.9")
        self.server = Server(self.zip)

    def tearDown(self):
        self.server.close()
        shutil.rmtree(self.work)

    def pin(self, url, sha256):
        with open(os.path.join(self.project, "gradle", "wrapper", "gradle-wrapper.properties"), "w") as f:
            f.write(f"distributionUrl={url.replace(':', chr(92) + ':')}\n")
            f.write(f"distributionSha256Sum={sha256}\n")

    def gradlew(self, *args):
        env = dict(os.environ, GRADLE_USER_HOME=self.home)
        return subprocess.run([os.path.join(self.project, "gradlew"), *args], cwd=self.project, env=env,
                              capture_output=True, text=True, timeout=60)

    def test_downloads_once_checks_the_sum_then_runs_gradle_with_the_arguments(self):
        self.pin(f"{self.server.url}/gradle-8.9-bin.zip", hashlib.sha256(self.zip).hexdigest())
        first = self.gradlew(":app:assembleDebug", "--offline")
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertIn(f"gradle ran in {os.path.realpath(self.project)} with: :app:assembleDebug --offline",
                      first.stdout)
        again = self.gradlew("tasks")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertIn("with: tasks", again.stdout)
        self.assertEqual(self.server.requests, ["/gradle-8.9-bin.zip"], "the second run downloaded again")
        kept = os.path.join(self.home, "wrapper", "dists", "gradle-8.9-bin")
        self.assertTrue(os.path.isdir(kept), "not kept under GRADLE_USER_HOME")

    def test_a_download_that_differs_from_the_pinned_sum_never_runs(self):
        wrong = hashlib.sha256(b"another file").hexdigest()
        self.pin(f"{self.server.url}/gradle-8.9-bin.zip", wrong)
        refused = self.gradlew("tasks")
        self.assertNotEqual(refused.returncode, 0)
        self.assertNotIn("gradle ran", refused.stdout)
        self.assertIn(f"not the pinned {wrong}: refused", refused.stderr)
        # Nothing of the refused file is used later: with the right sum it downloads again.
        self.pin(f"{self.server.url}/gradle-8.9-bin.zip", hashlib.sha256(self.zip).hexdigest())
        ok = self.gradlew("tasks")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertEqual(len(self.server.requests), 2)

    def test_an_interrupted_unpack_is_not_taken_for_a_ready_gradle(self):
        self.pin(f"{self.server.url}/gradle-8.9-bin.zip", hashlib.sha256(self.zip).hexdigest())
        self.assertEqual(self.gradlew("tasks").returncode, 0)
        dist = os.path.join(self.home, "wrapper", "dists", "gradle-8.9-bin")
        (only,) = os.listdir(dist)
        os.remove(os.path.join(dist, only, "ready"))
        again = self.gradlew("tasks")
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertEqual(len(self.server.requests), 2, "a half-made folder was run")

    def test_two_first_runs_at_once_both_run_gradle(self):
        # Android Studio and a terminal on a fresh machine: the downloads overlap.
        slow = Server(self.zip, delay=1.5)
        try:
            self.pin(f"{slow.url}/gradle-8.9-bin.zip", hashlib.sha256(self.zip).hexdigest())
            env = dict(os.environ, GRADLE_USER_HOME=self.home)
            runs = []
            for _ in range(2):
                runs.append(subprocess.Popen([os.path.join(self.project, "gradlew"), "tasks"], cwd=self.project,
                                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
                time.sleep(0.5)  # the second starts while the first downloads
            for run in runs:
                out, err = run.communicate(timeout=60)
                self.assertEqual(run.returncode, 0, err)
                self.assertIn("with: tasks", out)
            self.assertEqual(len(slow.requests), 2)
        finally:
            slow.close()
        later = self.gradlew("build")
        self.assertEqual(later.returncode, 0, later.stderr)
        dist = os.path.join(self.home, "wrapper", "dists", "gradle-8.9-bin")
        (only,) = os.listdir(dist)
        left = sorted(n for n in os.listdir(os.path.join(dist, only)) if ".part" in n or n.startswith("unpacking"))
        self.assertEqual(left, [], "a download or unpack was left behind")

    def test_plain_http_elsewhere_is_refused_before_any_request(self):
        self.pin("http://services.gradle.org/distributions/gradle-8.9-bin.zip", "0" * 64)
        refused = self.gradlew("tasks")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("only https", refused.stderr)
        self.assertEqual(self.server.requests, [])

    def test_a_missing_sum_is_refused(self):
        self.pin(f"{self.server.url}/gradle-8.9-bin.zip", "")
        refused = self.gradlew("tasks")
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("distributionSha256Sum", refused.stderr)
        self.assertEqual(self.server.requests, [])


class PinnedGradleTest(unittest.TestCase):
    """The committed pin: Gradle's own https server, a full sum, a version
    the Android Gradle plugin accepts, the one the README names."""

    def test_the_pin(self):
        with open(PROPERTIES) as f:
            props = dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line and not line.startswith("#"))
        url = props["distributionUrl"].replace("\\:", ":")
        m = re.fullmatch(r"https://services\.gradle\.org/distributions/gradle-(\d+)\.(\d+)(?:\.\d+)?-bin\.zip", url)
        self.assertIsNotNone(m, url)
        self.assertRegex(props["distributionSha256Sum"], r"^[0-9a-f]{64}$")
        with open(os.path.join(ANDROID, "build.gradle.kts")) as f:
            agp = re.search(r'id\("com\.android\.application"\) version "(\d+)\.(\d+)', f.read())
        # AGP 8.7 needs Gradle 8.9 or later (and no Gradle 9).
        if (int(agp[1]), int(agp[2])) >= (8, 7):
            self.assertEqual(int(m[1]), 8)
            self.assertGreaterEqual(int(m[2]), 9)
        with open(os.path.join(ANDROID, "README.md")) as f:
            self.assertIn(f"Gradle {m[1]}.{m[2]}", f.read())
        self.assertTrue(os.access(os.path.join(ANDROID, "gradlew"), os.X_OK), "gradlew is not executable")


if __name__ == "__main__":
    unittest.main(verbosity=2)
