// Drives the workshop page in headless Chromium for tests/workshop.rs: opens it from a
// file URL with the network off, drags the leader with the mouse (pointer events) from
// the dominating corner to the secure-base corner, taps the pleasing corner on a touch
// screen, switches the language, and prints what the page displayed as JSON.
// Usage: node drive.mjs PAGE.html SCREENSHOT.png
import { chromium } from "playwright-core";

const [pagePath, shotPath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--proxy-server=127.0.0.1:9",
  ],
});
const context = await browser.newContext({
  viewport: { width: 1280, height: 720 },
  hasTouch: true,
  offline: true,
});
const requests = [];
context.on("request", (r) => requests.push(r.url()));
const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => {
  if (m.type() === "error") errors.push(m.text());
});
await page.goto("file://" + pagePath);
await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });

const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const read = async () => {
  await frames();
  return page.evaluate(() => {
    const t = (id) => document.getElementById(id).textContent;
    return {
      caring: Number(document.body.dataset.caring),
      daring: Number(document.body.dataset.daring),
      grow: t("v-grow"),
      safety: t("v-safety"),
      learning: t("v-learning"),
      absence: t("v-absence"),
      departures: t("v-departures"),
      episodes: t("v-episodes"),
      where: t("where"),
      title: t("scenario-name"),
    };
  });
};

const box = await page.locator("#square").boundingBox();
const geo = await page.evaluate(() => {
  const s = document.getElementById("square");
  return { x0: Number(s.dataset.x0), y0: Number(s.dataset.y0), side: Number(s.dataset.side) };
});
const at = (c, d) => [box.x + geo.x0 + c * geo.side, box.y + geo.y0 + (1 - d) * geo.side];

const initial = await read();
// Press inside the dominating quadrant and drag past its corner: the leader stops at
// caring 0, daring 1.
await page.mouse.move(...at(0.15, 0.85));
await page.mouse.down();
await page.mouse.move(...at(-0.1, 1.1), { steps: 6 });
const dominating = await read();
// Along the top edge, past the secure-base corner: caring 1, daring 1.
await page.mouse.move(...at(1.1, 1.1), { steps: 25 });
const secure = await read();
await page.mouse.up();
await page.screenshot({ path: shotPath });
// A tap on a touch screen, inside the pleasing quadrant.
await page.touchscreen.tap(...at(0.9, 0.1));
const tapped = await read();
// The other language.
const other = (await page.evaluate(() => document.documentElement.lang)) === "nl" ? "en" : "nl";
await page.click(`button[data-lang=${other}]`);
const switched = await read();
const lang = await page.evaluate(() => document.documentElement.lang);

console.log(JSON.stringify({ initial, dominating, secure, tapped, switched, lang, requests, errors }));
await browser.close();
