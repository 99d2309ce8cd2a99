// The page as a delegate uses it, in headless Chromium: search, facets, the document view,
// interface language, permalinks and history, escaping, errors, phone width, citations, keyboard.
// Expected texts come from the seed corpus; expected numbers from the API itself.
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const base = process.env.PALERMO_URL;
const shots = process.env.PALERMO_SHOTS;
const executablePath = process.env.PALERMO_CHROMIUM || "/usr/bin/chromium";

async function api(path) {
  const response = await fetch(base + path);
  return response.json();
}

async function waitForResults(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById("status");
    return !document.getElementById("search-view").hasAttribute("aria-busy") &&
      (document.querySelector("#results .card") || document.querySelector("#message .empty, #message .error")) &&
      status !== null;
  });
}

const scenarios = {
  async "search for trata de personas shows ranked, highlighted results"(page) {
    await page.goto(base + "/");
    await page.fill("#q", "trata de personas");
    await page.press("#q", "Enter");
    await waitForResults(page);
    const expected = await api("/api/search?q=trata%20de%20personas&size=20");
    assert.ok(expected.total > 40);
    assert.match(await page.textContent("#status"), new RegExp(`^${expected.total} párrafos`));
    assert.equal(await page.locator("#results .card").count(), 20);
    assert.equal(await page.getAttribute("#results .card >> nth=0", "data-id"), expected.results[0].id);
    assert.ok(await page.locator("#results .card >> nth=0 >> mark").count() > 0);
    assert.equal(new URL(page.url()).search, "?q=trata+de+personas");
  },

  async "choosing body WG.4 narrows results and updates counts"(page) {
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    const before = await page.textContent("#status");
    await page.check('input[data-facet="body"][data-value="WG.4"]');
    await page.waitForURL(/body=WG.4/);
    await waitForResults(page);
    const expected = await api("/api/search?q=trata%20de%20personas&body=WG.4");
    assert.notEqual(await page.textContent("#status"), before);
    assert.match(await page.textContent("#status"), new RegExp(`^${expected.total} párrafos`));
    assert.equal(await page.locator("#results .card").count(), expected.total);
    // Every facet shows the API's counts; the kind facet is one example.
    const kinds = await page.$$eval('fieldset[data-facet="kind"] li', (items) =>
      items.map((li) => [li.querySelector("input").dataset.value, Number(li.querySelector(".count").textContent)]));
    assert.deepEqual(kinds, expected.facets.kind.map((v) => [v.value, v.count]));
    assert.equal(await page.locator('.chip[data-facet="body"][data-value="WG.4"]').count(), 1);
    assert.ok(await page.isChecked('input[data-facet="body"][data-value="WG.4"]'));
  },

  async "recommendations on a subject: read as such, with subjects on cards and in the sidebar"(page) {
    await page.goto(base + "/?q=recomendaciones+sobre+asistencia+t%C3%A9cnica&lang=es");
    await waitForResults(page);
    assert.equal(await page.textContent(".reading strong"), "Recomendación · Asistencia técnica");
    // The 14 recommendations of the annex of resolution 6/4, d) first (it holds the words).
    assert.match(await page.textContent("#status"), /^14 párrafos/);
    assert.equal(await page.getAttribute("#results .card >> nth=0", "data-id"), "resolution-6-4.es:d");
    // b) iv) "instrumentos de evaluación de las amenazas criminales": its own subject, and the
    // annex's, inherited (muted, with where it came from).
    const card = page.locator('#results .card[data-id="resolution-6-4.es:b-iv"]');
    assert.equal(await card.locator('.subjects .subject[data-subject="threat_assessment"]').textContent(), "Evaluación de amenazas");
    const inherited = card.locator('.subjects .inherited[data-subject="technical_assistance"]');
    assert.equal(await inherited.textContent(), "Asistencia técnica");
    assert.equal(await inherited.getAttribute("title"), "del título de la sección");
    assert.equal(await page.textContent('fieldset[data-facet="subject"] legend'), "Materia");
    assert.ok((await page.textContent('fieldset[data-facet="subject"]')).includes("Asistencia técnica"));
    // "Search the words as typed": no paragraph holds all four words.
    await page.click(".reading a.literal");
    await page.waitForURL(/q=%2Brecomendaciones/);
    await page.locator(".empty, .notice").first().waitFor();
    assert.equal(await page.locator(".reading").count(), 0);
  },

  async "a result opens in its document with the paragraph marked"(page) {
    await page.goto(base + "/?q=trata+de+personas&body=WG.4");
    await waitForResults(page);
    const first = page.locator("#results .card >> nth=0");
    const id = await first.getAttribute("data-id");
    await first.locator("a.open").click();
    await page.waitForURL(/\/doc\//);
    const anchor = id.slice(id.lastIndexOf(":") + 1);
    const target = page.locator(`[id="p-${anchor}"]`);
    await target.waitFor();
    assert.ok(await target.evaluate((n) => n.classList.contains("target")));
    assert.ok(await target.isVisible());
    const box = await target.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box.y >= 0 && box.y < viewport.height, "the marked paragraph is in view");
    // Its neighbours are there too.
    assert.ok(await page.locator(".doc-body .paragraph").count() > 10);
  },

  async "the interface switches to English and stays so"(page) {
    await page.goto(base + "/?q=technical+assistance");
    await waitForResults(page);
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await waitForResults(page);
    assert.match(await page.textContent("#status"), /paragraphs/);
    assert.equal(await page.textContent('fieldset[data-facet="body"] legend'), "Body");
    assert.ok((await page.textContent('fieldset[data-facet="lang"]')).includes("Spanish"));
    await page.reload();
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    assert.equal(await page.getAttribute('[data-ui-lang="en"]', "aria-pressed"), "true");
    await page.click('[data-ui-lang="es"]');
    await page.waitForFunction(() => document.documentElement.lang === "es");
  },

  async "a permalink restores the search, and back returns to the previous one"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&body=WG.2");
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "asistencia técnica");
    assert.ok(await page.isChecked('input[data-facet="body"][data-value="WG.2"]'));
    assert.equal(await page.locator('.chip[data-facet="body"]').count(), 1);
    const expected = await api("/api/search?q=asistencia%20t%C3%A9cnica&body=WG.2");
    assert.match(await page.textContent("#status"), new RegExp(`^${expected.total} `));
    await page.fill("#q", "extradición");
    await page.press("#q", "Enter");
    await page.waitForURL(/extradici/);
    await waitForResults(page);
    await page.goBack();
    await page.waitForURL(/asistencia/);
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "asistencia técnica");
  },

  async "document text with markup is shown as text, never run"(page) {
    await page.goto(base + "/?q=onerror");
    await waitForResults(page);
    const card = page.locator("#results .card >> nth=0");
    const snippet = await card.locator(".snippet").textContent();
    assert.ok(snippet.includes("<script>window.__xss=1</script>"), snippet);
    assert.ok(snippet.includes('<img src=x onerror="window.__xss=1">'), snippet);
    assert.equal(await page.locator("#results img, #results script").count(), 0);
    await card.locator("a.open").click();
    await page.waitForURL(/xss-fixture/);
    await page.locator(".doc-body .paragraph >> nth=0").waitFor();
    const text = await page.textContent(".doc-body");
    assert.ok(text.includes("<script>window.__xss=1</script>"));
    assert.equal(await page.locator(".doc-body img, .doc-body script").count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  },

  async "a server error is shown as such"(page) {
    await page.goto(base + "/?q=trata&size=100000");
    await waitForResults(page);
    const message = await page.textContent("#message .error");
    assert.ok(message.includes("size"), message);
    assert.equal(await page.locator("#results .card").count(), 0);
    await page.goto(base + "/doc/no-such-document");
    await page.locator("#document .error").waitFor();
  },

  async "the empty state offers the spelling suggestion"(page) {
    await page.goto(base + "/?q=extradicion+tecnicaa");
    await waitForResults(page);
    const expected = await api("/api/search?q=extradicion%20tecnicaa");
    assert.equal(expected.total, 0);
    if (expected.suggestion) {
      const link = page.locator("#message a.suggestion");
      assert.equal(await link.textContent(), expected.suggestion);
      await link.click();
      await page.waitForURL((url) => url.searchParams.get("q") === expected.suggestion);
    } else {
      assert.ok((await page.textContent("#message")).includes("Ningún párrafo"));
    }
  },

  async "a phone-sized screen needs no sideways scrolling"(page) {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await page.goto(base + "/doc/resolution-10-3.es#p-13-c");
    await page.locator('[id="p-13-c"].target').waitFor();
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  },

  async "copy citation puts the paragraph's citation on the clipboard"(page, context) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    await page.goto(base + "/?q=Insta&lang=es&kind=operative");
    await waitForResults(page);
    const button = page.locator('#results .card[data-id="resolution-10-3.es:1"] button.copy');
    assert.equal(await button.getAttribute("data-citation"), "resolución 10/3, párr. 1");
    await button.click();
    await page.locator("#toast.visible").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "resolución 10/3, párr. 1");
  },

  async "the keyboard alone can search and filter"(page) {
    await page.goto(base + "/");
    await waitForResults(page);
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "q");
    await page.keyboard.type("technical assistance");
    await page.keyboard.press("Enter");
    await page.waitForURL(/technical/);
    await waitForResults(page);
    // English first, then the Spanish paragraphs the glossary found; keep only the Spanish.
    await page.focus('input[data-facet="lang"][data-value="es"]');
    await page.keyboard.press("Space");
    await page.waitForURL(/lang=es/);
    await waitForResults(page);
    const langs = await page.$$eval("#results .card .snippet", (nodes) => nodes.map((n) => n.lang));
    assert.ok(langs.length > 0 && langs.every((l) => l === "es"));
  },

  async "recommendations toggle and side-by-side versions"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica");
    await waitForResults(page);
    await page.check("#only-decisions");
    await page.waitForURL(/kind=operative&kind=recommendation/);
    await waitForResults(page);
    const kinds = await page.$$eval("#results .card", (cards) => cards.map((c) => c.querySelector(".kind").textContent));
    assert.ok(kinds.length > 0 && kinds.every((k) => k === "Dispositivo" || k === "Recomendación"), kinds.join());
    await page.goto(base + "/doc/resolution-6-4.es#p-d");
    await page.locator('[id="p-d"].target').waitFor();
    await page.click(".parallel-toggle");
    await page.locator(".parallel-row").first().waitFor();
    assert.ok((await page.textContent('[id="q-d"]')).includes("technical assistance"));
  },
};

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
let failures = 0;
let index = 0;
for (const [name, run] of Object.entries(scenarios)) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 }, locale: "es-ES" });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error" && !/status of (400|404)/.test(m.text())) errors.push(m.text()); });
  const shot = `${shots}/${String(++index).padStart(2, "0")}-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`;
  try {
    await run(page, context);
    assert.deepEqual(errors, [], "no script errors on the page");
    console.log(`ok   ${name}`);
  } catch (e) {
    failures += 1;
    console.log(`FAIL ${name}\n     ${String(e.stack || e).split("\n").slice(0, 6).join("\n     ")}`);
  }
  await page.screenshot({ path: shot, fullPage: false }).catch(() => {});
  await context.close();
}
await browser.close();
console.log(failures ? `browser: ${failures} failed` : "browser: all passed");
process.exit(failures ? 1 : 0);
