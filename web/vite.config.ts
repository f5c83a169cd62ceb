import { defineConfig, type Plugin } from "vite";

// The app lives under /app/; everything else is the DAV server's, proxied
// on the same origin (DAV servers send no CORS headers).
const dav = process.env.NUBO_DAV_URL ?? "http://127.0.0.1:5232";

/**
 * The core's wasm is the largest download and the script asks for it only
 * once it runs: a preload in the page starts it beside the script, one
 * round trip earlier on a phone network.
 */
function preloadWasm(): Plugin {
  let base = "/";
  return {
    name: "nubo-preload-wasm",
    configResolved(config) { base = config.base; },
    transformIndexHtml: {
      order: "post",
      handler(_html, ctx) {
        const wasm = Object.values(ctx.bundle ?? {}).filter((file) => file.fileName.endsWith(".wasm"));
        return wasm.map((file) => ({
          tag: "link",
          attrs: { rel: "preload", href: base + file.fileName, as: "fetch", type: "application/wasm", crossorigin: "" },
          injectTo: "head" as const,
        }));
      },
    },
  };
}

export default defineConfig({
  base: "/app/",
  build: { target: "es2022" },
  // The store worker imports the wasm glue, an ES module.
  worker: { format: "es" },
  plugins: [preloadWasm()],
  server: { proxy: { "^/(?!app/)": { target: dav, changeOrigin: true } } },
  preview: { proxy: { "^/(?!app/)": { target: dav, changeOrigin: true } } },
});
