// Serves the built app under /app/ and passes every other path to the DAV
// server, on one origin — what a cooperative's reverse proxy does in front
// of its Nextcloud. Used by the browser tests and the demo. With --feeds,
// paths under /news/ go to that server instead (the cooperative's website
// and its feeds, as on a site that serves both).
// With --log, each request for the app's own files is printed (tests count them).
//   node serve.mjs --port 8080 --dav http://127.0.0.1:5232 [--feeds http://127.0.0.1:8081] [--log]
import http from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const log = "log" in args ? (status, path) => console.log(`app ${status} ${path}`) : () => {};
const port = Number(args.port ?? 8080);
const dav = new URL(args.dav ?? "http://127.0.0.1:5232");
const feeds = args.feeds ? new URL(args.feeds) : null;
const root = join(fileURLToPath(new URL(".", import.meta.url)), "dist");
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm",
  ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json" };

/**
 * The app's own pages: scripts and wasm from this origin only, no inline
 * script or style, nothing framed; the same as web/README.md's nginx lines.
 * connect-src allows https: besides this origin for the cooperative's
 * feeds on other sites (read without credentials: the core sends them only
 * to the account's origin, and fetch omits cookies).
 */
export const APP_HEADERS = {
  "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
};

/**
 * The precompressed copy (tools/compress.mjs) the browser accepts, brotli
 * first; the file itself when there is none or it accepts neither.
 */
async function bestEncoding(path, accepted) {
  for (const [encoding, suffix] of [["br", ".br"], ["gzip", ".gz"]]) {
    if (!new RegExp(`\\b${encoding}\\b`).test(accepted)) continue;
    try { return { body: await readFile(path + suffix), encoding }; } catch { /* none: try the next */ }
  }
  return { body: await readFile(path), encoding: null };
}

/**
 * Files under assets/ carry a hash of their content in their name: a new
 * build is a new name, so a browser may keep them for good and a repeat
 * visit asks nothing. The rest (index.html, sw.js, manifests, icons) keep
 * their names: asked again each time, answered 304 while unchanged.
 */
function caching(path, stats) {
  if (path.startsWith("assets/")) return { "Cache-Control": "public, max-age=31536000, immutable" };
  return { "Cache-Control": "no-cache", ETag: `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"` };
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname === "/app") return res.writeHead(301, { Location: "/app/" }).end();
  if (url.pathname.startsWith("/app/")) {
    let path = normalize(decodeURIComponent(url.pathname.slice(5)) || "index.html");
    if (path.startsWith("..")) return res.writeHead(400).end();
    try {
      const file = join(root, path);
      const cache = caching(path, await stat(file));
      const headers = { "Content-Type": types[extname(path)] ?? "application/octet-stream", Vary: "Accept-Encoding", ...cache, ...APP_HEADERS };
      if (cache.ETag && req.headers["if-none-match"] === cache.ETag) {
        log(304, url.pathname);
        return res.writeHead(304, headers).end();
      }
      const { body, encoding } = await bestEncoding(file, req.headers["accept-encoding"] ?? "");
      if (encoding) headers["Content-Encoding"] = encoding;
      log(200, url.pathname);
      return res.writeHead(200, headers).end(body);
    } catch {
      log(404, url.pathname);
      return res.writeHead(404).end();
    }
  }
  const upstreamUrl = feeds && url.pathname.startsWith("/news/") ? feeds : dav;
  // The server names its own pages on the origin the browser used.
  const headers = { ...req.headers, host: upstreamUrl.host, "x-forwarded-host": req.headers.host };
  // A MOVE names its destination on this origin; the server behind reads its
  // own, as a reverse proxy in front of Nextcloud is set to rewrite it.
  if (headers.destination) {
    const destination = new URL(headers.destination, `http://${req.headers.host}`);
    if (destination.host === req.headers.host) headers.destination = new URL(destination.pathname + destination.search, dav).href;
  }
  const upstream = http.request(
    { host: upstreamUrl.hostname, port: upstreamUrl.port, method: req.method, path: req.url, headers },
    (answer) => { res.writeHead(answer.statusCode, answer.headers); answer.pipe(res); },
  );
  upstream.on("error", (e) => res.writeHead(502).end(String(e)));
  req.pipe(upstream);
});
server.listen(port, "127.0.0.1", () => console.log(`http://127.0.0.1:${port}/app/ (DAV: ${dav}${feeds ? `, feeds: ${feeds}` : ""})`));
