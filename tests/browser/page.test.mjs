// The page as a delegate uses it, in headless Chromium: search, facets, the document view,
// interface language, permalinks and history, escaping, errors, phone width, citations, keyboard.
// Expected texts come from the seed corpus; expected numbers from the API itself.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

// axe-core, pinned in package.json; evaluated in the page through the DevTools protocol, which
// the page's Content-Security-Policy (own scripts only) does not block.
const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

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

// Runs axe-core on the page as it is now and fails naming every violation. All rules enabled by
// default (WCAG 2.x A/AA and best practices) plus target-size (WCAG 2.2: 24 x 24 CSS pixels).
const axeStates = [];
async function assertAccessible(page, state) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { rules: { "target-size": { enabled: true } } }));
  const found = result.violations.map((v) =>
    `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  assert.deepEqual(found, [], `axe violations in state "${state}"`);
  axeStates.push(state);
}

// Controls smaller than 24 x 24 CSS pixels (links inside running text excepted, as in WCAG 2.5.8).
async function smallTargets(page) {
  return page.$$eval("a[href], button, input, select, summary", (nodes) => nodes.filter((n) => {
    const box = n.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;  // not shown
    if (n.closest(".skip-link") || n.classList.contains("skip-link")) return false;  // off screen until focused
    const style = getComputedStyle(n);
    if (n.tagName === "A" && style.display === "inline") return false;
    return box.width < 24 || box.height < 24;
  }).map((n) => `${n.tagName.toLowerCase()}.${n.className} "${(n.textContent || n.value || "").trim().slice(0, 20)}" ${Math.round(n.getBoundingClientRect().width)}x${Math.round(n.getBoundingClientRect().height)}`));
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


// ---- What a person reads: help, citation lines, labels, dates (issue 12) ----
Object.assign(scenarios, {
  async "the help lists the query syntax in both interface languages"(page) {
    await page.goto(base + "/");
    await waitForResults(page);
    await page.click(".help summary");
    const help = await page.locator("#help-body").innerText();
    assert.ok(!help.includes("[object"), help);
    assert.ok(help.includes("asistencia técnica"), help);
    assert.ok(help.includes("párrafos con ambas palabras, en cualquier forma (técnicas, asistencias)"), help);
    assert.ok(help.includes("session:7..12"), help);
    assert.equal(await page.locator("#help-body dl > dt").count(), 10);
    assert.equal(await page.locator("#help-body dl > dd").count(), 10);
    assert.equal(await page.locator("#help-body dl > dt >> nth=1").innerText(), "\"trata de personas\"");
    await assertAccessible(page, "search page, help open");
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    const english = await page.locator("#help-body").innerText();
    assert.ok(!english.includes("[object"), english);
    assert.ok(english.includes("paragraphs with both words, in any form (assisting, technically)"), english);
    await page.click('[data-ui-lang="es"]');
    await page.waitForFunction(() => document.documentElement.lang === "es");
  },

  async "citation lines show the cited document as a link, never a bare address"(page) {
    // Note CTOC/COP/2014/… paragraph 3 cites resolution 6/4, which the corpus has.
    await page.goto(base + "/?q=cites%3A6%2F4&lang=es");
    await waitForResults(page);
    const line = page.locator('#results .card[data-id="cop7-note-technical-assistance.es:3"] .citations');
    assert.equal(await line.innerText(), "Cita: resolución 6/4");
    assert.equal(await line.locator("a").innerText(), "resolución 6/4");
    assert.equal(await line.locator("a").getAttribute("href"), "/doc/resolution-6-4.es");
    for (const text of await page.locator("#results .citations").allInnerTexts()) {
      assert.ok(!/^\w+: ,|, ,|\/doc\/|https?:|\[object/.test(text), text);
    }
    await page.goto(base + "/doc/cop7-note-technical-assistance.es#p-3");
    await page.locator('[id="p-3"].target').waitFor();
    assert.equal(await page.locator('[id="p-3"] .citations').innerText(), "Cita: resolución 6/4");
    await page.click('[data-ui-lang="en"]');
    await page.locator('[id="p-3"] .citations a').waitFor();
    await page.waitForFunction(() => document.querySelector('[id="p-3"] .citations').innerText === "Cites: resolution 6/4");
    await page.click('[data-ui-lang="es"]');
  },

  async "paragraph kinds are labelled on the first load and after switching language"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica");
    await waitForResults(page);
    const spanish = { heading: "Título", preambular: "Preambular", operative: "Dispositivo", recommendation: "Recomendación",
      narrative: "Narrativo", footnote: "Nota al pie" };
    const english = { heading: "Heading", preambular: "Preambular", operative: "Operative", recommendation: "Recommendation",
      narrative: "Narrative", footnote: "Footnote" };
    const kinds = () => page.$$eval("#results .card .kind", (nodes) => nodes.map((n) => [n.dataset.kind, n.textContent]));
    const first = await kinds();
    assert.equal(first.length, 20);
    assert.ok(first.some(([k]) => k === "operative") && first.some(([k]) => k === "narrative"), JSON.stringify(first));
    for (const [kind, text] of first) assert.equal(text, spanish[kind]);
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.waitForFunction(() => /paragraphs/.test(document.getElementById("status").textContent));
    for (const [kind, text] of await kinds()) assert.equal(text, english[kind]);
    await page.click('[data-ui-lang="es"]');
    await page.waitForFunction(() => /párrafos/.test(document.getElementById("status").textContent));
    for (const [kind, text] of await kinds()) assert.equal(text, spanish[kind]);
  },

  async "every card is dated and sorting by date puts the newest first, resolutions by their session"(page) {
    await page.goto(base + "/?q=trata+de+personas&lang=es&sort=date");
    await waitForResults(page);
    const cards = await page.$$eval("#results .card", (nodes) => nodes.map((n) => {
      const time = n.querySelector(".meta time.date");
      return [n.dataset.id.split(":")[0], time ? time.getAttribute("datetime") : null, time ? time.textContent : null];
    }));
    assert.equal(cards.length, 20);
    for (const [doc, datetime] of cards) assert.ok(datetime, `${doc} has no date`);
    const dates = cards.map(([, d]) => d);
    assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");
    // The 2024 note first; resolution 10/3 (tenth session, Vienna, 12-16 October 2020) after it.
    assert.equal(cards[0][0], "cop12-note-subsidiary-bodies.es");
    assert.equal(cards[0][2], "2024-07-04");
    const resolution = cards.find(([doc]) => doc === "resolution-10-3.es");
    assert.ok(resolution, JSON.stringify(cards));
    assert.equal(resolution[2], "período de sesiones, 2020-10-12 a 2020-10-16");
    // Across every page, as the API sorts them: documents in date order, undated never first or mixed in.
    const all = await api("/api/search?q=trata%20de%20personas&lang=es&sort=date&size=100");
    const order = all.results.map((r) => r.date || r.session_end);
    assert.ok(order.every(Boolean));
    assert.deepEqual(order, [...order].sort().reverse());
  },
});

// ---- Accessibility: axe-core on every state, focus, skip link, targets (issue 12) ----
Object.assign(scenarios, {
  async "axe finds no violation in any state of the page"(page) {
    await page.goto(base + "/");
    await waitForResults(page);
    await assertAccessible(page, "search");
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    await assertAccessible(page, "results");
    await page.goto(base + "/?q=trata+de+personas&body=WG.4&kind=operative&kind=recommendation&session_from=9&session_to=12");
    await waitForResults(page);
    assert.ok(await page.locator(".chip").count() >= 4);
    await assertAccessible(page, "filters chosen");
    await page.goto(base + "/?q=extradicion+tecnicaa");
    await waitForResults(page);
    await assertAccessible(page, "empty");
    await page.goto(base + "/?q=trata&size=100000");
    await waitForResults(page);
    await assertAccessible(page, "error");
    await page.goto(base + "/doc/resolution-6-4.es#p-d");
    await page.locator('[id="p-d"].target').waitFor();
    await assertAccessible(page, "document");
    await page.click(".parallel-toggle");
    await page.locator(".parallel-row").first().waitFor();
    await assertAccessible(page, "side by side");
    await page.click('[data-ui-lang="en"]');
    await page.locator(".parallel-row").first().waitFor();
    await assertAccessible(page, "side by side, English interface");
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(base + "/?q=trata+de+personas&body=WG.4");
    await waitForResults(page);
    await assertAccessible(page, "phone width, results");
    await page.click("#facets-title");
    await assertAccessible(page, "phone width, filters open");
  },

  async "focus stays where the user acted: facet, chip, paging"(page) {
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    await page.focus('input[data-facet="lang"][data-value="es"]');
    await page.keyboard.press("Space");
    await page.waitForURL(/lang=es/);
    await waitForResults(page);
    assert.deepEqual(await page.evaluate(() => [document.activeElement.dataset.facet, document.activeElement.dataset.value,
      document.activeElement.checked]), ["lang", "es", true]);
    await page.focus('input[data-facet="kind"][data-value="operative"]');
    await page.keyboard.press("Space");
    await page.waitForURL(/kind=operative/);
    await waitForResults(page);
    assert.deepEqual(await page.evaluate(() => [document.activeElement.dataset.facet, document.activeElement.dataset.value]),
      ["kind", "operative"]);
    // Removing the first chip leaves focus on the chip that took its place.
    await page.focus('.chip[data-facet="lang"]');
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => !url.searchParams.has("lang"));
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.facet), "kind");
    // Removing the last one leaves it on the results.
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => !url.searchParams.has("kind"));
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
    // Paging: focus on the results of the new page, which are in view.
    await page.focus('#pagination a[rel="next"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/page=2/);
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.closest(".card") !== null), true);
    assert.ok(await page.evaluate(() => document.activeElement.getBoundingClientRect().top < window.innerHeight));
  },

  async "a skip link takes the keyboard from the box to the results"(page) {
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    await page.focus("#q");
    let presses = 0;
    const expected = await api("/api/search?q=trata%20de%20personas&size=1");
    await page.keyboard.press("Tab"); ++presses;  // the Search button
    await page.keyboard.press("Tab"); ++presses;  // the skip link, shown when focused
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Saltar a los resultados");
    assert.ok(await page.locator(".skip-results").isVisible());
    await page.keyboard.press("Enter"); ++presses;
    await page.keyboard.press("Tab"); ++presses;
    const card = await page.evaluate(() => document.activeElement.closest(".card")?.dataset.id);
    assert.equal(card, expected.results[0].id);
    assert.ok(presses <= 4, `${presses} key presses`);
  },

  async "at phone width every control is at least 24 px and the filter panel stays open while ticking"(page) {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.getElementById("facets-toggle").open), false, "folded at first");
    await page.click("#facets-title");
    assert.deepEqual(await smallTargets(page), []);
    await page.check('input[data-facet="lang"][data-value="es"]');
    await page.waitForURL(/lang=es/);
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.getElementById("facets-toggle").open), true, "still open after a tick");
    await page.check('input[data-facet="kind"][data-value="operative"]');
    await page.waitForURL(/kind=operative/);
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.getElementById("facets-toggle").open), true, "still open after two");
    assert.deepEqual(await smallTargets(page), []);
    if (shots) await page.screenshot({ path: `${shots}/phone-filters.png`, fullPage: false });
  },
});

// ---- Dates and sessions (issue 12) ----
Object.assign(scenarios, {
  async "session and date ranges from the sidebar and from the query"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica");
    await waitForResults(page);
    await page.fill("#session-from", "7");
    await page.fill("#session-to", "9");
    await page.click('#ranges button[type="submit"]');
    await page.waitForURL(/session_from=7&session_to=9/);
    await waitForResults(page);
    const bySidebar = await api("/api/search?q=asistencia%20t%C3%A9cnica&session_from=7&session_to=9");
    const byQuery = await api("/api/search?q=asistencia%20t%C3%A9cnica%20session%3A7..9");
    const seven = await api("/api/search?q=asistencia%20t%C3%A9cnica&session=7");
    const nine = await api("/api/search?q=asistencia%20t%C3%A9cnica&session=9");
    assert.ok(seven.total > 0 && nine.total > 0);
    assert.equal(bySidebar.total, seven.total + nine.total);
    assert.equal(byQuery.total, bySidebar.total);
    assert.match(await page.textContent("#status"), new RegExp(`^${bySidebar.total} párrafos`));
    assert.equal(await page.locator('.chip[data-range="session"]').innerText(), "Períodos: 7–9 ×");
    const sessions = await page.$$eval("#results .card", (cards) => cards.map((c) => c.querySelector(".meta").textContent));
    assert.ok(sessions.every((m) => /(Séptimo|Noveno|7º|9º)/.test(m) || /^20(14|18)/.test(m)), sessions.join("\n"));
    // A date range typed in the box: every card dated 2014 to 2018.
    await page.fill("#session-from", "");
    await page.fill("#session-to", "");
    await page.click('#ranges button[type="submit"]');
    await page.waitForURL((url) => !url.searchParams.has("session_from"));
    await waitForResults(page);
    await page.fill("#q", "asistencia técnica date:2014..2018");
    await page.press("#q", "Enter");
    await page.waitForURL(/date/);
    await waitForResults(page);
    const dates = await page.$$eval("#results .card time.date", (nodes) => nodes.map((n) => n.getAttribute("datetime")));
    assert.ok(dates.length > 0 && dates.every((d) => d >= "2014" && d < "2019"), dates.join());
    if (shots) await page.screenshot({ path: `${shots}/ranges.png`, fullPage: false });
  },
});

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
