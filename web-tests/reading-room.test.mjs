// Browser tests of the cablescope reading room, in headless Debian chromium
// driven by playwright-core (no browser download).
//
// BASE_URL: the running server (scripts/browser-tests starts one over an archive
// built from ../shared/corpus + seeds, or samples/, plus hostile documents).
// SCREENSHOT_DIR: where the screenshots go (target/screenshots).
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const BASE = (process.env.BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const SHOTS = process.env.SCREENSHOT_DIR || "target/screenshots";
const HOSTILE = "09KUALALUMPUR999";
mkdirSync(SHOTS, { recursive: true });

const api = async (path) => {
  const r = await fetch(BASE + path);
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  return r.json();
};

// A cable in the archive that cites another cable in the archive.
async function findReferencePair() {
  const candidates = [];
  for (const q of ["/api/search?q=origin%3AKUALALUMPUR&per=100", "/api/search?sort=date&per=100", "/api/search?sort=date_asc&per=100"]) {
    for (const h of (await api(q)).hits) candidates.push(h.id);
  }
  for (const id of candidates) {
    if (id === HOSTILE) continue;
    const refs = await api(`/api/cable/${encodeURIComponent(id)}/refs`);
    const cited = refs.cites.find((c) => c.status === "in_archive" && c.id !== id);
    if (cited) return [id, cited.id];
  }
  // The hostile fixture cites 07KUALALUMPUR1145: present in every test archive.
  return [HOSTILE, "07KUALALUMPUR1145"];
}

const tests = [];
const test = (name, fn) => tests.push([name, fn]);

test("search, click a facet, open a cable", async (page) => {
  await page.goto(BASE + "/");
  await page.fill("input[name=q]", "trafficking");
  await page.press("input[name=q]", "Enter");
  await page.waitForURL(/q=trafficking/);
  const hits = page.locator("li.hit");
  assert.ok((await hits.count()) > 0, "hits for trafficking");
  assert.ok(await page.locator(".hit .snippet b").count() > 0, "highlighted terms");
  assert.ok(await page.locator(".histogram svg rect.bar").count() > 0, "histogram");
  await page.screenshot({ path: join(SHOTS, "search.png"), fullPage: false });

  const before = Number((await page.locator(".summary-line").innerText()).match(/\d+/)[0]);
  const facet = page.locator("ul[data-facet=tag] li").first();
  const value = await facet.locator("a[data-facet-value]").getAttribute("data-facet-value");
  const count = Number(await facet.locator(".n").innerText());
  await facet.locator("a[data-facet-value]").click();
  await page.waitForURL(/f=tag%3A/);
  assert.ok(await page.locator(".chip", { hasText: value }).count() > 0, "active filter chip");
  const after = Number((await page.locator(".summary-line").innerText()).match(/\d+/)[0]);
  assert.equal(after, count, `facet ${value} count ${count} = hits after filtering`);
  assert.ok(after <= before);

  // Exclude the same value: it disappears from the results.
  await page.locator(`.chip a`).first().click();
  await page.waitForURL((u) => !u.search.includes("f=tag"));
  const ex = page.locator("ul[data-facet=tag] li").first().locator("a.ex");
  await ex.click();
  await page.waitForURL(/x=tag%3A/);
  assert.ok(await page.locator(".chip.not").count() > 0, "excluded chip");

  await page.locator("li.hit a.subject").first().click();
  await page.waitForURL(/\/(cable|article)\//);
  assert.ok(await page.locator("h1").count() > 0);
});

test("histogram: dragging selects a period", async (page) => {
  await page.goto(BASE + "/?q=embassy");
  const svg = page.locator(".histogram svg");
  const box = await svg.boundingBox();
  assert.ok(box, "histogram drawn");
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL(/from=\d{4}-\d{2}&to=\d{4}-\d{2}/);
  assert.ok(await page.locator(".chip", { hasText: "dates" }).count() > 0);
});

test("follow a reference, come back by cited-by", async (page) => {
  const [from, to] = await findReferencePair();
  console.log(`    reference pair: ${from} cites ${to}`);
  await page.goto(`${BASE}/cable/${from}`);
  await page.locator(`a[data-ref="${to}"]`).first().click();
  await page.waitForURL(new RegExp(`/cable/${to}$`));
  assert.match(await page.locator(".cable-head .ids").innerText(), new RegExp(to));
  await page.locator(`a[data-cited-by="${from}"]`).click();
  await page.waitForURL(new RegExp(`/cable/${from}$`));
});

test("a paragraph permalink lands on the paragraph", async (page) => {
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto(`${BASE}/cable/07KUALALUMPUR1145#p5`);
  const target = await page.evaluate(() => document.querySelector(":target")?.id);
  assert.equal(target, "p5");
  const box = await page.locator("#p5").boundingBox();
  assert.ok(box && box.y >= -2 && box.y < 900, `paragraph 5 in view (y=${box && box.y})`);
  assert.match(await page.locator("#p5").innerText(), /^5\./);
  // Header decoded, classification banner, portion marks.
  assert.equal((await page.locator(".banner").first().innerText()).trim(), "CONFIDENTIAL");
  assert.ok(await page.locator("dl.header", { hasText: "External Political Relations" }).count() > 0);
  assert.ok(await page.locator(".para .pm").count() > 3);
  await page.goto(`${BASE}/cable/07KUALALUMPUR1145`);
  await page.screenshot({ path: join(SHOTS, "07KUALALUMPUR1145.png"), fullPage: true });
  // The cite button fills the citation with the paragraph.
  await page.locator("#p5").hover();
  await page.locator("#p5 button[data-cite]").click();
  assert.match(await page.locator("#citation").inputValue(), /07KUALALUMPUR1145.*¶5.*#p5/);
});

test("news links: from a cable to an article that quotes it and back, highlighted on both", async (page) => {
  // The web test archive ingests articles of the press evaluation set that quote 07KUALALUMPUR1145.
  const cable = "07KUALALUMPUR1145";
  const links = await api(`/api/links/${cable}`);
  const quote = links.links.find((l) => l.evidence === "quotes");
  assert.ok(quote, `an article quoting ${cable}`);
  const passage = quote.passages[0];
  const words = passage.cable_text.split(/\s+/).slice(0, 6).join(" ");
  console.log(`    ${quote.id} quotes ${cable} ¶${passage.paragraph_n}: "${words}…"`);

  await page.goto(`${BASE}/cable/${cable}`);
  const panel = page.locator("#reported");
  assert.ok(await panel.locator(`a[data-article="${quote.id}"]`).count() > 0, "the article in Reported in");
  const mark = page.locator("article.body mark.quoted", { hasText: words });
  assert.ok(await mark.count() > 0, "passage highlighted in the cable");
  await mark.first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, "cable-reported-in.png"), fullPage: true });

  // The highlight leads to the article's passage, highlighted too.
  await mark.first().locator("a").click();
  await page.waitForURL(new RegExp(`/article/${quote.id}#q-a${passage.article_start}$`));
  const target = await page.evaluate(() => document.querySelector(":target")?.tagName);
  assert.equal(target, "MARK");
  const amark = page.locator("article.article-text mark.quoted", { hasText: words });
  assert.ok(await amark.count() > 0, "passage highlighted in the article");
  const sbs = page.locator("#cited .sbs");
  assert.ok(await sbs.count() > 0, "side by side in Cables cited");
  assert.match(await sbs.first().locator("blockquote.cab").innerText(), new RegExp(`¶${passage.paragraph_n}`));
  await page.screenshot({ path: join(SHOTS, "article-cables-cited.png"), fullPage: true });

  // Back to the cable paragraph from the side-by-side.
  await sbs.first().locator("blockquote.cab a").click();
  await page.waitForURL(new RegExp(`/cable/${cable}#p${passage.paragraph_n}$`));
  assert.ok(await page.locator(`#p${passage.paragraph_n} mark.quoted`, { hasText: words }).count() > 0);
  // And from the article body's highlight to the cable's.
  await page.goBack();
  await page.locator("article.article-text mark.quoted a").first().click();
  await page.waitForURL(new RegExp(`/cable/${cable}#q-c`));
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.tagName), "MARK");
});

test("collections and saved searches", async (page) => {
  await page.goto(`${BASE}/cable/07KUALALUMPUR1145`);
  await page.locator("button[data-collect]").click();
  await page.goto(`${BASE}/cable/${HOSTILE}`);
  await page.locator("button[data-collect]").click();
  const link = page.locator("#collection-link");
  assert.equal(await link.innerText(), "Collection (2)");
  await link.click();
  await page.waitForURL(/\/collection\?ids=07KUALALUMPUR1145,09KUALALUMPUR999/);
  assert.equal(await page.locator("#collection-items li").count(), 2);
  await page.goto(`${BASE}/?q=trafficking`);
  await page.locator("#save-search").click();
  await page.goto(`${BASE}/`);
  await page.locator("#saved-searches a", { hasText: "trafficking" }).click();
  await page.waitForURL(/q=trafficking/);
});

test("a hostile cable renders inert", async (page) => {
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  for (const path of [`/cable/${HOSTILE}`, "/?q=hostilemarker", "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", `/cable/${HOSTILE}/raw`]) {
    await page.goto(BASE + path);
    await page.waitForLoadState("load");
    await page.mouse.move(200, 300);
    const report = await page.evaluate(() => ({
      scripts: [...document.scripts].map((s) => s.getAttribute("src")),
      handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
      injected: document.querySelectorAll("iframe, img, svg[onload], style, object, embed").length,
      jsLinks: [...document.querySelectorAll("a[href]")].filter((a) => (a.getAttribute("href") || "").trim().toLowerCase().startsWith("javascript:")).length,
    }));
    assert.ok(report.scripts.every((s) => s && s.startsWith("/static/app.js")), `${path}: scripts ${report.scripts}`);
    assert.equal(report.handlers, 0, `${path}: elements with event handlers`);
    assert.equal(report.injected, 0, `${path}: injected elements`);
    assert.equal(report.jsLinks, 0, `${path}: javascript: links`);
  }
  await page.goto(`${BASE}/cable/${HOSTILE}`);
  assert.match(await page.locator("h1").innerText(), /<script>alert\('subject'\)<\/script>/);
  assert.match(await page.locator("#p1").innerText(), /<\/textarea><script>alert\(2\)<\/script>/);
  await page.screenshot({ path: join(SHOTS, "hostile.png"), fullPage: true });
  await page.waitForTimeout(300);
  assert.equal(dialogs, 0, "no dialog fired");
});

test("pages work without JavaScript", async (_page, browser) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(BASE + "/");
  await page.fill("input[name=q]", "embassy");
  await page.click(".search-form button[type=submit]");
  await page.waitForURL(/q=embassy/);
  assert.ok((await page.locator("li.hit").count()) > 0);
  await page.selectOption("select[name=sort]", "date");
  await page.click(".search-form button[type=submit]");
  await page.waitForURL(/sort=date/);
  await page.goto(BASE + "/browse");
  assert.ok(await page.locator("table.months").count() > 0);
  await ctx.close();
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let failed = 0;
try {
  for (const [name, fn] of tests) {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await ctx.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    try {
      await fn(page, browser);
      assert.deepEqual(errors, [], "no script errors");
      console.log(`ok   ${name}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n     ${String(e.stack || e).split("\n").slice(0, 6).join("\n     ")}`);
      await page.screenshot({ path: join(SHOTS, `failed-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
    }
    await ctx.close();
  }
} finally {
  await browser.close();
}
console.log(`browser tests: ${tests.length - failed} passed, ${failed} failed (screenshots in ${SHOTS})`);
process.exit(failed ? 1 : 0);
