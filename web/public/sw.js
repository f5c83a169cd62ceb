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

// The page tells which files it loaded before this worker was in charge.
self.addEventListener("message", (event) => {
  const keep = (event.data && event.data.keep) || [];
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(keep.filter((u) => new URL(u).pathname.startsWith(scope.pathname)))));
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // Network first, so a new version shows when online; the cache when not.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((c) => c.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request).then((hit) => hit ?? caches.match(scope.pathname + "index.html"))),
  );
});
