// The servers the browser tests and the load benchmark stand on: a real
// Radicale seeded through its storage folder with plain WebDAV files beside
// it (notes), a feed server when asked (news), and serve.mjs giving the app and the DAV server one origin.
// Everything on free loopback ports.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const web = dirname(dirname(fileURLToPath(import.meta.url)));
export const repo = dirname(web);
export const python = join(repo, ".venv/bin/python");
export const USER = "alice@nubo.test";

export const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

export function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  child.log = () => log;
  return child;
}

const finished = (child) => new Promise((resolve, reject) =>
  child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(child.log())))));

async function waitHttp(url, child) {
  for (let i = 0; i < 300; i++) {
    try { await fetch(url, { method: "OPTIONS" }); return; } catch { /* not yet */ }
    if (child.exitCode !== null) throw new Error("exited: " + child.log());
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("no answer from " + url + "\n" + child.log());
}

/**
 * Radicale with `vcards` (a folder) as the address book and the demo
 * calendar, and plain WebDAV files under /files/ (wsgidav, serving
 * `files`, a fresh folder) on the same origin, as a Nextcloud serves notes:
 * tests/servers/dav_with_files.py. With `feeds` (a folder holding `news/`),
 * tests/servers/feed_server.py serving it under /news/ on that origin too.
 * With `nextcloud` ({ password }), tests/servers/nextcloud_like.py instead
 * of the files: Radicale under /remote.php/dav/ behind the member's
 * password (or an app password), and Nextcloud's Login Flow v2. With
 * `readOnly` (a collection name: "agenda"), the member may read that one,
 * not change it.
 * The app in front, on that one origin.
 */
/** No announcements: an empty list for nextcloud_like.py. */
async function announcements(work) {
  const path = join(work, "announcements.json");
  await writeFile(path, "[]");
  return path;
}

export async function startStack(vcards, { feeds, nextcloud, readOnly, board } = {}) {
  const work = await mkdtemp(join(tmpdir(), "nubo-web-"));
  const storage = join(work, "storage");
  const files = join(work, "files");
  await mkdir(files);
  const load = (args) => finished(run(python, [join(repo, "scripts/seed/load_radicale.py"), "--storage", storage, "--user", USER, ...args]));
  await load(["--book", "contacts", "--display-name", "Coopérateurs", "--vcards", vcards]);
  await load(["--book", "agenda", "--kind", "calendar", "--display-name", "Agenda Nubo", "--color", "#0082C9",
    "--vcards", join(repo, "scripts/seed/calendar")]);
  // board: a folder of .ics, a second calendar the member can write to ("ca", "Réunions du CA").
  if (board) await load(["--book", "ca", "--kind", "calendar", "--display-name", "Réunions du CA", "--color", "#C9004B", "--vcards", board]);
  const config = join(work, "radicale.conf");
  // readOnly: a collection of the member's the server lets them read, not change (Radicale's rights file).
  let rightsConfig = "";
  if (readOnly) {
    const rights = join(work, "rights");
    await writeFile(rights, `[shared]\nuser: .+\ncollection: {user}/${readOnly}\npermissions: rR\n\n` +
      "[owner]\nuser: .+\ncollection: {user}(/.*)?\npermissions: RrWw\n\n[root]\nuser: .+\ncollection:\npermissions: R\n");
    rightsConfig = `[rights]\ntype = from_file\nfile = ${rights}\n`;
  }
  await writeFile(config, `[auth]\ntype = none\n${rightsConfig}[storage]\nfilesystem_folder = ${storage}\n[logging]\nlevel = warning\n`);
  const davPort = await freePort();
  const server = nextcloud
    ? run(python, [join(repo, "tests/servers/nextcloud_like.py"), String(davPort), config, await announcements(work), `${USER}:${nextcloud.password}`])
    : run(python, [join(repo, "tests/servers/dav_with_files.py"), String(davPort), config, files]);
  const dav = `http://127.0.0.1:${davPort}`;
  await waitHttp(dav + "/", server);
  let feedServer = null;
  const feedArgs = [];
  if (feeds) {
    const [port, other] = [await freePort(), await freePort()];
    feedServer = run(python, [join(repo, "tests/servers/feed_server.py"), "--port", String(port), "--other-port", String(other), "--root", feeds]);
    feedArgs.push("--feeds", `http://127.0.0.1:${port}`);
    await waitHttp(`http://127.0.0.1:${port}/_log`, feedServer);
  }
  const appPort = await freePort();
  const app = run("node", [join(web, "serve.mjs"), "--port", String(appPort), "--dav", dav, ...feedArgs, "--log"]);
  const origin = `http://127.0.0.1:${appPort}`;
  await waitHttp(origin + "/app/", app);
  // appRequests(): the app's own files the browser asked serve.mjs for, as "200 /app/…" lines.
  const appRequests = () => app.log().split("\n").filter((l) => l.startsWith("app ")).map((l) => l.slice(4));
  return { dav, origin, files, davServer: server, appRequests, stop: () => { app.kill(); server.kill(); feedServer?.kill(); } };
}

export const chromiumOptions = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
};

// An element's box, measured in the page in one step: Playwright's
// boundingBox() resolves then measures, and returns null when a redraw
// replaced the element in between.
export const boxOf = (locator) =>
  locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height };
  });
