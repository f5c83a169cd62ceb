// The entry point: the page, the core in WebAssembly, and what connects
// them. Screens are in views/, the bridge to the core in bridge/.
import { Core } from "./bridge/core";
import { Page } from "./views/page";
import "./style.css";

const page = new Page(document.getElementById("app")!);
const core = await Core.start((view) => page.draw(view));
const ctx = page.listen(core);

// Back online: send what waited.
addEventListener("online", () => core.send("Sync"));
addEventListener("offline", () => ctx.redraw());

page.draw(core.view());

// Installable and opening offline: the service worker keeps the files this
// page loaded (the script, the styles, the core's wasm) for next time.
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register(import.meta.env.BASE_URL + "sw.js").catch(() => {});
  navigator.serviceWorker.ready.then((registration) => {
    const files = performance.getEntriesByType("resource").map((e) => e.name).filter((u) => new URL(u).pathname.startsWith(import.meta.env.BASE_URL));
    registration.active?.postMessage({ keep: [location.href, ...files] });
  });
}
