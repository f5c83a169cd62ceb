// Precompresses the built app (web/dist) once, at build time, so a server
// sends brotli or gzip without compressing on every request: serve.mjs
// picks the `.br` / `.gz` beside a file by the browser's Accept-Encoding,
// as nginx does with `brotli_static` and `gzip_static` (web/README.md).
// Files that do not shrink are left alone.
//   node web/tools/compress.mjs [web/dist]
// NUBO_BROTLI_QUALITY (0–11): 11 by default, 5 under CI, since brotli's
// best level takes a minute on the wasm and only members gain from it.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = new Set([".html", ".js", ".css", ".wasm", ".svg", ".webmanifest", ".json"]);
const root = process.argv[2] ?? fileURLToPath(new URL("../dist", import.meta.url));
const quality = Number(process.env.NUBO_BROTLI_QUALITY ?? (process.env.CI ? 5 : 11));

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (COMPRESSIBLE.has(extname(entry.name))) yield path;
  }
}

let raw = 0, br = 0, gz = 0;
for await (const path of files(root)) {
  const bytes = await readFile(path);
  const brotli = brotliCompressSync(bytes, { params: {
    [constants.BROTLI_PARAM_QUALITY]: quality,
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  } });
  const gzip = gzipSync(bytes, { level: 9 });
  raw += bytes.length;
  br += Math.min(brotli.length, bytes.length);
  gz += Math.min(gzip.length, bytes.length);
  if (brotli.length < bytes.length) await writeFile(path + ".br", brotli);
  if (gzip.length < bytes.length) await writeFile(path + ".gz", gzip);
}
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`compressed web/dist: ${kib(raw)} → brotli ${kib(br)} (quality ${quality}), gzip ${kib(gz)}`);
