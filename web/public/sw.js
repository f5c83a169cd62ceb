// Makes the app open offline: the app's own files are kept on first load
// and served from the cache when the network is gone. Requests to the DAV
// server (outside the app's folder) are never touched.
const CACHE = "nubo-app-v1";
const scope = new URL(self.registration.scope);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll([scope.pathname, scope.pathname + "index.html"])));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()),
  );
});

// The page tells which files it loaded before this worker was in charge;
// content-hashed files of older builds are dropped then.
self.addEventListener("message", (event) => {
  // Once each: Cache.addAll refuses a list that names a file twice.
  const keep = [...new Set((event.data && event.data.keep) || [])].filter((u) => new URL(u).pathname.startsWith(scope.pathname));
  event.waitUntil(caches.open(CACHE).then(async (c) => {
    // Only what is not kept yet: the page says this on every visit, and the
    // wasm alone is 1.6 MB on a phone's data plan.
    const missing = [];
    for (const u of keep) if (!(await c.match(u))) missing.push(u);
    await c.addAll(missing);
    const wanted = new Set(keep.map((u) => new URL(u).pathname));
    for (const request of await c.keys()) {
      const path = new URL(request.url).pathname;
      if (isHashed(path) && !wanted.has(path)) await c.delete(request);
    }
    event.source?.postMessage({ kept: true });
  }));
});

/** Built files named after their content (web/dist/assets/): never changed, only replaced. */
const isHashed = (path) => path.startsWith(scope.pathname + "assets/");

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const fromNetwork = () => fetch(event.request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((c) => c.put(event.request, copy));
    }
    return response;
  });
  // A content-hashed file from the cache when it is there: it never changes.
  if (isHashed(url.pathname)) {
    event.respondWith(caches.match(event.request).then((hit) => hit ?? fromNetwork()));
    return;
  }
  // The page from the cache too, so a later visit waits on no round trip
  // (seconds on a phone network), while it is asked again behind: a new
  // version shows from the next visit on.
  if (event.request.mode === "navigate") {
    const fresh = fromNetwork();
    event.waitUntil(fresh.catch(() => {}));
    event.respondWith(caches.match(event.request).then((hit) => hit ?? fresh.catch(() => caches.match(scope.pathname + "index.html"))));
    return;
  }
  // Everything else network first (the manifests, the icons); the cache when offline.
  event.respondWith(
    fromNetwork().catch(() => caches.match(event.request).then((hit) => hit ?? caches.match(scope.pathname + "index.html"))),
  );
});
