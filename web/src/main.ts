// The entry point: the page, the core in WebAssembly, and what connects
// them. Screens are in views/, the bridge to the core in bridge/.
import { ACCOUNT_STORED, Core, startLocale } from "./bridge/core";
import { snapshotKept } from "./bridge/snapshot";
import { STORE_WORKER_URL } from "./bridge/store";
import { refreshFreshness } from "./views/header";
import { Page } from "./views/page";
import "./style.css";

const page = new Page(document.getElementById("app")!);
// No account stored is a first visit: the sign-in form is drawn at once,
// before the core is there. An older version kept only a snapshot (looked
// for while the wasm downloads).
// Only while the core is not there yet: once it is, it draws.
let coreStarted = false;
const signInFirst = () => { if (!coreStarted) page.signInBeforeCore(startLocale()); };
if (localStorage.getItem(ACCOUNT_STORED) === null) void snapshotKept().then((kept) => { if (!kept) signInFirst(); }, signInFirst);
const core = await Core.start((view) => page.draw(view), () => page.storeElsewhere(), (saved) => page.storeSaved(saved));
coreStarted = true;
const ctx = page.listen(core);

page.draw(core.view());
page.sendHeld();

// Freshness: a sync when the app opens (once the stored password is read),
// when it is back online (sending what waited), when it comes back to the
// foreground, and every 15 minutes while it is shown. The status line says
// how long ago the last one was, kept true each minute.
const QUIET_INTERVAL_MS = 15 * 60_000;
let lastAsked = 0;
function sync(): void {
  const view = core.view();
  if (!view.signed_in || view.sync.running || !navigator.onLine) return;
  lastAsked = Date.now();
  core.send("Sync");
}
void core.started().then(sync);
addEventListener("online", sync);
addEventListener("offline", () => ctx.redraw());
document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") sync(); });
setInterval(() => {
  if (document.visibilityState === "visible" && Date.now() - lastAsked >= QUIET_INTERVAL_MS) sync();
  refreshFreshness(core.view());
}, 60_000);

// Installable and opening offline: the service worker keeps the files this
// page loaded (the script, the styles, the core's wasm) for next time.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(import.meta.env.BASE_URL + "sw.js").catch(() => {});
  // For the load test: the worker has kept what this visit loaded.
  navigator.serviceWorker.addEventListener("message", (e) => { if (e.data?.kept) performance.mark("nubo-files-kept"); });
  navigator.serviceWorker.startMessages();
  navigator.serviceWorker.ready.then((registration) => {
    const files = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => new URL(u).pathname.startsWith(import.meta.env.BASE_URL));
    // The store worker's script is listed once it has loaded; named in any case.
    registration.active?.postMessage({ keep: [...new Set([location.href, STORE_WORKER_URL, ...files])] });
  });
}
