import { defineConfig } from "vite";

// The app lives under /app/; everything else is the DAV server's, proxied
// on the same origin (DAV servers send no CORS headers).
const dav = process.env.NUBO_DAV_URL ?? "http://127.0.0.1:5232";

export default defineConfig({
  base: "/app/",
  build: { target: "es2022" },
  server: { proxy: { "^/(?!app/)": { target: dav, changeOrigin: true } } },
  preview: { proxy: { "^/(?!app/)": { target: dav, changeOrigin: true } } },
});
