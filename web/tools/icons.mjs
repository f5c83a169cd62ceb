// Draws the PNG icons a phone asks for from the one drawing in
// public/icon.svg, in headless Chromium (run by hand after the drawing
// changes; the PNGs are committed, so a build needs no image tool):
//   icon-192.png, icon-512.png   the icon as drawn (rounded, transparent corners)
//   icon-maskable-512.png        full-bleed, the cloud inside the central 80 %
//                                circle Android may cut it to
//   apple-touch-icon.png         180 px, full-bleed (iOS rounds the corners)
//   node web/tools/icons.mjs
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumOptions } from "../tests/stack.mjs";

const publicDir = new URL("../public/", import.meta.url);
const svg = await readFile(new URL("icon.svg", publicDir), "utf8");
const background = svg.match(/<rect[^>]*fill="(#[0-9a-fA-F]{6})"/)[1];
const cloud = svg.match(/<path[^>]*\/>/)[0];
/**
 * The cloud alone on a square of its background, at `scale`, centred (in
 * the drawing it sits 4 units above the middle, under the rounded corners).
 */
const fullBleed = (scale) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${background}"/>` +
  `<g transform="translate(${32 * (1 - scale)} ${32 * (1 - scale) + 4 * scale}) scale(${scale})">${cloud}</g></svg>`;

const icons = [
  ["icon-192.png", 192, svg],
  ["icon-512.png", 512, svg],
  // The cloud reaches 23 units from the middle; at 0.85 that is 20 of the safe circle's 25.6.
  ["icon-maskable-512.png", 512, fullBleed(0.85)],
  ["apple-touch-icon.png", 180, fullBleed(1)],
];

const browser = await chromium.launch(chromiumOptions);
try {
  for (const [name, size, drawing] of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style>${drawing}`);
    await page.screenshot({ path: fileURLToPath(new URL(name, publicDir)), omitBackground: true });
    await page.close();
    console.log(`public/${name} (${size}×${size})`);
  }
} finally {
  await browser.close();
}
