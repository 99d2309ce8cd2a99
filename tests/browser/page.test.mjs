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

// Controls smaller than 24 x 24 CSS pixels (links inside running text excepted, as in WCAG 2.5.8:
// a paragraph's text, a snippet, a sentence of a notice; a link standing alone is a control).
async function smallTargets(page) {
  return page.$$eval("a[href], button, input, select, summary", (nodes) => nodes.filter((n) => {
    const box = n.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;  // not shown
    if (n.closest(".skip-link") || n.classList.contains("skip-link")) return false;  // off screen until focused
    const style = getComputedStyle(n);
    if (n.tagName === "A" && style.display === "inline" && n.closest(".text, .snippet, .reading, .notice, .empty")) return false;
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

  async "the as-typed link turns the reading off when the query starts with a filter"(page) {
    // QA finding 1 of issue 14: the link put its + on "session:6", which left the reading on.
    await page.goto(base + "/?q=session%3A6+recommendations+on+technical+assistance");
    await waitForResults(page);
    assert.equal(await page.textContent(".reading strong"), "Recomendación · Asistencia técnica");
    assert.match(await page.textContent("#status"), /^28 párrafos/);
    await page.click(".reading a.literal");
    await page.waitForURL(/q=%2Bsession/);
    await page.waitForFunction(() => !document.querySelector(".reading"));
    await waitForResults(page);
    assert.equal(await page.locator(".reading").count(), 0);
    // The paragraphs of session 6 holding the words (the preamble's s8 and paragraph 1, which
    // endorses the recommendations, in both languages), as with session 6 chosen in the sidebar.
    assert.match(await page.textContent("#status"), /^4 párrafos/);
    assert.deepEqual(await page.$$eval("#results .card", (cards) => cards.map((c) => c.dataset.id)),
      ["resolution-6-4.en:s8", "resolution-6-4.en:1", "resolution-6-4.es:s8", "resolution-6-4.es:1"]);
  },

  async "the as-typed link turns the reading off when the query starts with punctuation"(page) {
    // QA 2, finding 3 of issue 14: the link put its + on a pasted bullet or dash, which holds no
    // word, and the reading stayed on.
    for (const lead of ["-", "•", "¿", "—"]) {
      await page.goto(base + "/?q=" + encodeURIComponent(`${lead} recomendaciones sobre asistencia técnica`));
      await waitForResults(page);
      assert.equal(await page.textContent(".reading strong"), "Recomendación · Asistencia técnica", lead);
      assert.match(await page.textContent("#status"), /^28 párrafos/, lead);
      await page.click(".reading a.literal");
      await page.waitForURL(/q=%2B/);
      await page.waitForFunction(() => !document.querySelector(".reading"));
      await waitForResults(page);
      assert.equal(await page.locator(".reading").count(), 0, lead);
      assert.equal(await page.inputValue("#q"), `+${lead} recomendaciones sobre asistencia técnica`);
    }
  },

  async "a subject however spelled in the address is one chip with its label"(page) {
    // QA 2, finding 6 of issue 14: the raw value was shown, and two chips for one filter.
    await page.goto(base + "/?subject=technical_assistance&subject=Technical_Assistance");
    await waitForResults(page);
    await page.waitForFunction(() => document.querySelectorAll('.chip[data-facet="subject"]').length === 1);
    assert.equal(await page.textContent('.chip[data-facet="subject"]'), "Materia: Asistencia técnica ×");
    await page.goto(base + "/?subject=TECHNICAL_ASSISTANCE");
    await waitForResults(page);
    await page.waitForFunction(() => document.querySelector('.chip[data-facet="subject"]')?.dataset.value === "technical_assistance");
    assert.equal(await page.textContent('.chip[data-facet="subject"]'), "Materia: Asistencia técnica ×");
    assert.ok(await page.isChecked('input[data-facet="subject"][data-value="technical_assistance"]'));
  },

  async "several subjects answered from one say so"(page) {
    // QA finding 5 of issue 14: read as both subjects, answered with the recommendations on one.
    await page.goto(base + "/?q=recomendaciones+sobre+asistencia+t%C3%A9cnica+y+armas+de+fuego");
    await waitForResults(page);
    assert.equal(await page.textContent(".reading strong"), "Recomendación · Asistencia técnica · Armas de fuego");
    assert.equal(await page.textContent(".notice p"),
      "Ninguna recomendación trata a la vez de Asistencia técnica y Armas de fuego; se muestran las que tratan de una de ellas.");
    assert.match(await page.textContent("#status"), /^28 párrafos/);
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.waitForFunction(() => document.querySelector(".notice p")?.textContent.startsWith("No recommendation"));
    assert.equal(await page.textContent(".notice p"),
      "No recommendation is on both Technical assistance and Firearms; those on one of them are shown.");
    assert.equal(await page.textContent(".reading strong"), "Recommendation · Technical assistance · Firearms");
  },

  async "recommendations on a subject with none offer the subject"(page) {
    // QA finding 7 of issue 14: an empty page with nothing to suggest.
    await page.goto(base + "/?q=recomendaciones+sobre+la+trata+de+personas");
    await waitForResults(page);
    assert.match(await page.textContent("#status"), /^0 párrafos/);
    assert.equal(await page.textContent(".empty .without-kind"),
      "No hay recomendaciones sobre Trata de personas. Ver los 112 párrafos sobre Trata de personas.");
    assert.equal(await page.textContent(".reading strong"), "Recomendación · Trata de personas");
    await page.click(".empty .without-kind a");
    await page.waitForURL(/q=la(\+|%20)trata(\+|%20)de(\+|%20)personas/);
    await page.locator("#results .card").first().waitFor();
    await waitForResults(page);
    assert.match(await page.textContent("#status"), /^112 párrafos/);
    assert.equal(await page.textContent(".reading strong"), "Trata de personas");
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
    // The server's message is English whatever the interface: marked so, for screen readers.
    assert.equal(await page.getAttribute("#message .error-message", "lang"), "en");
    assert.equal(await page.locator("#results .card").count(), 0);
    await page.goto(base + "/doc/no-such-document");
    await page.locator("#document .error").waitFor();
    // A stray "%" (an address cut when pasted) is a document not found, not a page that never starts.
    await page.goto(base + "/doc/resolution-6-4.es%");
    await page.locator("#document .error").waitFor();
    assert.equal(await page.locator("#document .error").innerText(), "No se encontró el documento.");
    await page.goto(base + "/doc/resolution-6-4.es#%");
    await page.locator(".doc-body").waitFor();
    assert.equal(await page.locator(".target").count(), 0);
  },

  async "the empty state offers the spelling suggestion"(page) {
    // Two misspelt words ("extradición" itself is in agenda titles, which are searchable).
    await page.goto(base + "/?q=extradicionn+tecnicaa");
    await waitForResults(page);
    const expected = await api("/api/search?q=extradicionn%20tecnicaa");
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
    assert.equal(await page.locator("#help-body dl > dt").count(), 12);
    assert.equal(await page.locator("#help-body dl > dd").count(), 12);
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
    // Past the notice of how the query was read ("Leído como…", one link), the first result.
    for (let i = 0; i < 2 && !(await page.evaluate(() => document.activeElement.closest(".card") !== null)); ++i) {
      await page.keyboard.press("Tab");
    }
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
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
    // Then the notice of how the query was read, when there is one (one link), and the first result.
    while (presses < 6 && !(await page.evaluate(() => document.activeElement.closest(".card") !== null))) {
      await page.keyboard.press("Tab"); ++presses;
    }
    const card = await page.evaluate(() => document.activeElement.closest(".card")?.dataset.id);
    assert.equal(card, expected.results[0].id);
    assert.ok(presses <= 5, `${presses} key presses`);
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
    // Grouped ("Ver los N en este documento") and the document view (back link, other version).
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&group=document");
    await waitForResults(page);
    assert.ok(await page.locator("a.show-all").count() > 0);
    assert.deepEqual(await smallTargets(page), []);
    await page.goto(base + "/doc/resolution-6-4.es#p-d");
    await page.locator('[id="p-d"].target').waitFor();
    assert.deepEqual(await smallTargets(page), []);
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
    // Typed in the query, the range means the same as from the sidebar, and as the two sessions typed.
    const typedSessions = await api("/api/search?q=asistencia%20t%C3%A9cnica%20session%3A7%20session%3A9");
    assert.equal(byQuery.total, bySidebar.total);
    assert.equal(byQuery.total, typedSessions.total);
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

// ---- By document (issue 12) ----
Object.assign(scenarios, {
  async "results grouped by document, with each document's count and all its paragraphs a click away"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&lang=es");
    await waitForResults(page);
    await page.check("#group-documents");
    await page.waitForURL(/group=document/);
    await waitForResults(page);
    const grouped = await api("/api/search?q=asistencia%20t%C3%A9cnica&lang=es&group=document");
    const docs = await page.$$eval("#results .card", (cards) => cards.map((c) => c.dataset.id.split(":")[0]));
    assert.equal(docs.length, grouped.documents_total);
    assert.equal(new Set(docs).size, docs.length, "one card per document");
    assert.match(await page.textContent("#status"), new RegExp(`^${grouped.total} párrafos en ${grouped.documents_total} documentos`));
    let sum = 0;
    for (const doc of docs) {
      const alone = await api(`/api/search?q=asistencia%20t%C3%A9cnica&lang=es&doc=${encodeURIComponent(doc)}`);
      const text = await page.locator(`#results .card[data-id^="${doc}:"] .document-matches`).innerText();
      assert.ok(text.startsWith(`${alone.total} ${alone.total === 1 ? "párrafo coincide" : "párrafos coinciden"} en este documento`), text);
      sum += alone.total;
    }
    assert.equal(sum, grouped.total, "the documents' counts add up to the paragraphs");
    await assertAccessible(page, "grouped by document");
    if (shots) await page.screenshot({ path: `${shots}/grouped.png`, fullPage: false });
    // "Ver los N en este documento": that document's paragraphs, ungrouped, as a removable chip.
    const card = page.locator('#results .card[data-id^="resolution-6-4.es:"]');
    const n = Number((await card.locator(".document-matches").innerText()).split(" ")[0]);
    assert.equal(await card.locator("a.show-all").innerText(), `Ver los ${n} en este documento`);
    await card.locator("a.show-all").click();
    await page.waitForURL(/doc=resolution-6-4.es/);
    await waitForResults(page);
    assert.match(await page.textContent("#status"), new RegExp(`^${n} párrafos`));
    assert.equal(await page.locator("#results .card").count(), Math.min(n, 20), "the first page of them");
    assert.ok(await page.$$eval("#results .card", (cards) => cards.every((c) => c.dataset.id.startsWith("resolution-6-4.es:"))));
    assert.equal(await page.locator(".chip[data-doc]").innerText(), "Documento: resolución 6/4 ×");
    assert.equal(await page.isChecked("#group-documents"), false);
  },
});

// ---- Trustworthy citations and official sources (issue 12) ----
Object.assign(scenarios, {
  async "preambular paragraphs are cited by their ordinal"(page, context) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    await page.goto(base + "/doc/resolution-6-4.es#p-s4");
    await page.locator('[id="p-s4"].target').waitFor();
    // "Observando…" is the first preambular paragraph, "Acogiendo con beneplácito…" the second.
    assert.ok((await page.textContent('[id="p-s4"] .text')).startsWith("Acogiendo con beneplácito"));
    assert.equal(await page.getAttribute('[id="p-s3"] button.copy', "aria-label"), "Copiar cita: resolución 6/4, preámbulo, párr. 1");
    await page.click('[id="p-s4"] button.copy');
    await page.locator("#toast.visible").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "resolución 6/4, preámbulo, párr. 2");
    await page.goto(base + "/?q=Acogiendo+con+benepl%C3%A1cito&lang=es");
    await waitForResults(page);
    assert.equal(await page.getAttribute('#results .card[data-id="resolution-6-4.es:s4"] button.copy', "data-citation"),
      "resolución 6/4, preámbulo, párr. 2");
  },

  async "working translations are marked unofficial on cards, in the document and in citations"(page, context) {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
    await page.goto(base + "/?q=Urges&lang=en&kind=operative");
    await waitForResults(page);
    const card = page.locator('#results .card[data-id="resolution-10-3.en:1"]');
    assert.equal(await card.locator(".unofficial").innerText(), "traducción no oficial");
    assert.equal(await card.locator("button.copy").getAttribute("data-citation"), "resolution 10/3, para. 1 (unofficial translation)");
    await card.locator("button.copy").click();
    await page.locator("#toast.visible").waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "resolution 10/3, para. 1 (unofficial translation)");
    // Every English card is marked, no Spanish one.
    for (const lang of ["en", "es"]) {
      await page.goto(base + `/?q=technical+assistance&lang=${lang}`);
      await waitForResults(page);
      const marks = await page.$$eval("#results .card", (cards) => cards.map((c) => [c.querySelector(".snippet").lang, c.querySelector(".unofficial") !== null]));
      assert.ok(marks.length > 0);
      for (const [cardLang, marked] of marks) assert.deepEqual([cardLang, marked], [lang, lang === "en"]);
    }
    await page.goto(base + "/doc/resolution-10-3.en#p-1");
    await page.locator('[id="p-1"].target').waitFor();
    assert.equal(await page.locator(".doc-header .unofficial").innerText(),
      "Traducción no oficial de trabajo, hecha para esta colección: no es un texto de las Naciones Unidas.");
    assert.equal(await page.getAttribute('[id="p-1"] button.copy', "aria-label"), "Copiar cita: resolution 10/3, para. 1 (unofficial translation)");
    await page.goto(base + "/doc/resolution-10-3.es#p-1");
    await page.locator('[id="p-1"].target').waitFor();
    assert.equal(await page.locator(".doc-header .unofficial").count(), 0);
  },

  async "a cited document not in the collection says so and links to its official record"(page) {
    await page.goto(base + "/?q=cites%3ACTOC%2FCOP%2FWG.4%2F2023%2F5&lang=es");
    await waitForResults(page);
    const line = page.locator('#results .card[data-id="cop12-note-subsidiary-bodies.es:3"] .citations');
    assert.equal(await line.innerText(),
      "Cita: resolución 7/1 (no está en esta colección); CTOC/COP/WG.4/2023/5 (no está en esta colección: undocs.org); " +
      "CTOC/COP/WG.4/2024/5 (no está en esta colección: undocs.org)");
    assert.deepEqual(await line.locator("a.official-link").evaluateAll((links) => links.map((a) => a.href)),
      ["https://undocs.org/es/CTOC/COP/WG.4/2023/5", "https://undocs.org/es/CTOC/COP/WG.4/2024/5"]);
    await assertAccessible(page, "citations not in the collection");
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await waitForResults(page);
    await page.waitForFunction(() => /not in this collection/.test(document.querySelector('#results .card[data-id="cop12-note-subsidiary-bodies.es:3"] .citations').innerText));
    // The official record in the language of the version cited from, whatever the interface.
    assert.equal(await line.locator("a.official-link >> nth=0").getAttribute("href"), "https://undocs.org/es/CTOC/COP/WG.4/2023/5");
    await page.click('[data-ui-lang="es"]');
    await page.waitForFunction(() => document.documentElement.lang === "es");
    // A document with its own symbol (the test fixture's sidecar gives one) links to its record.
    await page.goto(base + "/doc/xss-fixture.es");
    await page.locator(".doc-header .official-link").waitFor();
    assert.equal(await page.locator(".doc-header .official-link").innerText(), "Documento oficial CTOC/COP/2024/CRP.1 en undocs.org");
    assert.equal(await page.getAttribute(".doc-header .official-link", "href"), "https://undocs.org/es/CTOC/COP/2024/CRP.1");
  },
});

// ---- Export, print, feed (issue 12) ----
Object.assign(scenarios, {
  async "the results export as CSV and as a Word document, every page, with citation, symbol and link"(page) {
    await page.goto(base + "/?q=trata+de+personas&lang=es");
    await waitForResults(page);
    const expected = await api("/api/search?q=trata%20de%20personas&lang=es&size=100");
    const csvHref = await page.getAttribute("#exports a.export-csv", "href");
    assert.equal(await page.locator("#exports").innerText(), `Exportar los ${expected.total} párrafos: CSV · Word · Suscribirse (Atom)`);
    // Over the limit, the label says the files hold the first 1000 (the seed corpus has fewer).
    assert.equal(await page.evaluate(async () => (await import("/static/i18n.js")).STRINGS.es.exportLabel(9280, 1000)),
      "Exportar los primeros 1000 de 9280 párrafos:");
    assert.equal(await page.evaluate(async () => (await import("/static/i18n.js")).STRINGS.en.exportLabel(9280, 1000)),
      "Export the first 1,000 of 9,280 paragraphs:");
    const csv = await fetch(base + csvHref);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(csv.headers.get("content-disposition"), /attachment; filename="palermo-trata-de-personas.csv"/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte order mark for spreadsheets");
    const text = bytes.toString("utf8");
    assert.ok(text.startsWith("\ufeffparagraph,citation,symbol,document,date,language,kind,link\r\n"));
    // Rows: one per paragraph of every page (a quoted field may hold line breaks, none here).
    const rows = text.slice(1).trim().split("\r\n");
    assert.equal(rows.length - 1, expected.total, "all pages, not the first 20");
    const first = expected.results[0];
    const card = page.locator("#results .card >> nth=0");
    const citation = await card.locator("button.copy").getAttribute("data-citation");
    assert.ok(rows[1].includes(citation), rows[1]);
    // A resolution has no symbol of its own: the column names it as its card does.
    const resolutionRow = rows.find((r) => r.includes("/doc/resolution-10-3.es#"));
    assert.ok(resolutionRow && resolutionRow.includes(",resolución 10/3,"), resolutionRow);
    assert.ok(rows[1].endsWith(`,${new URL(base).origin}/doc/${first.doc}#p-${first.anchor}`), rows[1]);
    const word = await fetch(base + await page.getAttribute("#exports a.export-word", "href"));
    assert.equal(word.headers.get("content-type"), "application/msword");
    assert.match(word.headers.get("content-disposition"), /filename="palermo-trata-de-personas.doc"/);
    const html = await word.text();
    assert.equal((html.match(/<tr><td/g) || []).length, expected.total);
    assert.ok(html.includes(`<td>${citation}</td>`), "the citation column");
    // Opened as a page it is a readable table.
    await page.goto("about:blank");
    await page.setContent(html);
    assert.equal(await page.locator("tr").count(), expected.total + 1);
    // In the interface language, saying how many paragraphs it holds.
    assert.equal(await page.locator("th").allInnerTexts().then((t) => t.join("|")), "Párrafo|Cita|Signatura|Enlace");
    assert.equal(await page.locator("body > p").innerText(), `${expected.total} párrafos`);
  },

  async "an Atom feed of any search, newest documents first"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&body=WG.2");
    await waitForResults(page);
    const href = await page.getAttribute("#exports a.feed", "href");
    assert.ok(href.includes("body=WG.2") && href.includes("format=atom"), href);
    // Feed readers discover it from the page too.
    assert.equal(await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', "href"), href);
    const response = await fetch(base + href);
    assert.equal(response.headers.get("content-type"), "application/atom+xml; charset=utf-8");
    const xml = await response.text();
    const entries = await page.evaluate((source) => {
      const doc = new DOMParser().parseFromString(source, "application/xml");
      if (doc.querySelector("parsererror")) return null;
      return [...doc.querySelectorAll("entry")].map((e) => [e.querySelector("title").textContent,
        e.querySelector("updated").textContent, e.querySelector("link").getAttribute("href")]);
    }, xml);
    assert.ok(entries, "the feed is well-formed XML");
    const expected = await api("/api/search?q=asistencia%20t%C3%A9cnica&body=WG.2&size=50&sort=date");
    assert.equal(entries.length, Math.min(50, expected.total));
    const updated = entries.map(([, u]) => u);
    assert.deepEqual(updated, [...updated].sort().reverse(), "newest first");
    assert.equal(entries[0][0], expected.results[0].citation);
    assert.ok(entries[0][2].endsWith(`/doc/${expected.results[0].doc}#p-${expected.results[0].anchor}`));
  },

  async "printing shows the results and the document without controls"(page) {
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    await page.emulateMedia({ media: "print" });
    for (const selector of ["#search-form", ".facets", ".pagination", "#results .card .actions", "#exports"]) {
      assert.equal(await page.locator(selector).first().isVisible(), false, selector);
    }
    assert.ok(await page.locator("#results .card .snippet").first().isVisible());
    // Each printed card carries its citation, which on screen is behind the "copy" button.
    const printed = page.locator("#results .card >> nth=0 >> .printed-citation");
    assert.ok(await printed.isVisible());
    assert.equal(await printed.innerText(), await page.getAttribute("#results .card >> nth=0 >> button.copy", "data-citation"));
    if (shots) await page.screenshot({ path: `${shots}/print-results.png`, fullPage: false });
    await page.emulateMedia({ media: "screen" });
    assert.equal(await printed.isVisible(), false, "on screen the button gives it");
    await page.goto(base + "/doc/resolution-10-3.es#p-1");
    await page.locator('[id="p-1"].target').waitFor();
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".paragraph button.copy").first().isVisible(), false);
    assert.equal(await page.locator("#back-link").isVisible(), false);
    assert.ok(await page.locator('[id="p-1"] .text').isVisible());
    await page.emulateMedia({ media: "screen" });
  },
});

// ---- Typing help (issue 12) ----
Object.assign(scenarios, {
  async "suggestions while typing, from the keyboard, in both languages"(page) {
    await page.goto(base + "/");
    await waitForResults(page);
    await page.focus("#q");
    await page.keyboard.type("CTOC/COP/WG.4");
    await page.locator("#suggestions [role=option]").first().waitFor();
    const expected = await api("/api/suggest?prefix=CTOC%2FCOP%2FWG.4");
    assert.deepEqual(await page.locator("#suggestions [role=option] .suggestion-text").allInnerTexts(),
      expected.suggestions.map((s) => s.text));
    assert.deepEqual(expected.suggestions.map((s) => s.text), ["CTOC/COP/WG.4/2023/5", "CTOC/COP/WG.4/2024/5"]);
    assert.equal(await page.getAttribute("#q", "aria-expanded"), "true");
    await assertAccessible(page, "suggestions open");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getAttribute("#q", "aria-activedescendant"), "suggestion-1");
    assert.equal(await page.getAttribute("#suggestion-1", "aria-selected"), "true");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=CTOC%2FCOP%2FWG.4%2F2024%2F5/);
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "CTOC/COP/WG.4/2024/5");
    assert.equal(await page.evaluate(() => document.activeElement.id), "q");
    // A Spanish glossary term and an English one; a body by its name; Escape closes the list.
    await page.fill("#q", "");
    await page.keyboard.type("trata de p");
    await page.locator("#suggestions [role=option]").first().waitFor();
    assert.equal(await page.locator("#suggestions [role=option] .suggestion-text >> nth=0").innerText(), "trata de personas");
    assert.equal(await page.locator("#suggestions [role=option] .suggestion-kind >> nth=0").innerText(), "término del glosario");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#suggestions").isHidden(), true);
    // A resolution by its number after the word that introduces it.
    await page.fill("#q", "");
    await page.keyboard.type("resolución 6/");
    await page.waitForFunction(() => document.querySelector("#suggestions .suggestion-text")?.textContent === "resolución 6/4");
    assert.deepEqual(await page.locator("#suggestions .suggestion-text").allInnerTexts(), ["resolución 6/4", "resolución 6/1"]);
    assert.equal(await page.locator("#suggestions .suggestion-kind >> nth=0").innerText(), "resolución o decisión");
    await page.keyboard.press("Escape");
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.fill("#q", "");
    await page.focus("#q");
    await page.keyboard.type("trafficking in p");
    await page.locator("#suggestions [role=option]").first().waitFor();
    assert.equal(await page.locator("#suggestions [role=option] .suggestion-text >> nth=0").innerText(), "trafficking in persons");
    assert.equal(await page.locator("#suggestions [role=option] .suggestion-kind >> nth=0").innerText(), "glossary term");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/trafficking/);
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "\"trafficking in persons\"");
    await page.fill("#q", "");
    await page.keyboard.type("Working Group on Traff");
    await page.locator("#suggestions [role=option]").first().waitFor();
    const bodies = await api("/api/suggest?prefix=Working%20Group%20on%20Traff");
    const body = bodies.suggestions.find((s) => s.kind === "body");
    assert.deepEqual([body.text, body.query], ["Working Group on Trafficking in Persons", "body:WG.4"]);
    if (shots) await page.screenshot({ path: `${shots}/suggestions.png`, fullPage: false });
    await page.click('[data-ui-lang="es"]');
  },
});

// ---- Found by a fresh-user trial of the page (notes: QA of issue 12) ----
Object.assign(scenarios, {
  async "after paging or removing the last filter, one click opens a result"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica");
    await waitForResults(page);
    // The results heading is always shown ("Resultados"), so focusing it moves nothing.
    assert.equal(await page.locator("#results-title").innerText(), "Resultados");
    await page.locator('#pagination a[rel="next"]').click();
    await page.waitForURL(/page=2/);
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
    // One click (press and release) on a result opens it: nothing moves between the two.
    const link = page.locator("#results .card >> nth=12 >> a.open");
    const href = await link.getAttribute("href");
    await link.click();
    await page.waitForURL((url) => url.pathname + url.hash === href, { timeout: 5000 });
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&lang=es");
    await waitForResults(page);
    await page.locator('.chip[data-facet="lang"]').click();
    await page.waitForURL((url) => !url.searchParams.has("lang"));
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
    const first = page.locator("#results .card >> nth=0 >> a.open");
    const firstHref = await first.getAttribute("href");
    await first.click();
    await page.waitForURL((url) => url.pathname + url.hash === firstHref, { timeout: 5000 });
  },

  async "back from a document puts the focus on the card that was opened"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&page=2");
    await waitForResults(page);
    const card = page.locator("#results .card >> nth=12");
    const id = await card.getAttribute("data-id");
    await card.locator("a.open").click();
    await page.waitForURL(/\/doc\//);
    await page.locator(".paragraph.target").waitFor();
    const focusedCard = () => page.evaluate(() => [document.activeElement.className, document.activeElement.closest(".card")?.dataset.id,
      document.activeElement.getBoundingClientRect().top >= 0 && document.activeElement.getBoundingClientRect().bottom <= window.innerHeight]);
    // By the page's own link…
    await page.click("#back-link");
    await page.waitForURL(/page=2/);
    await waitForResults(page);
    assert.deepEqual(await focusedCard(), ["open", id, true]);
    // …and by the browser's Back.
    await card.locator("a.open").click();
    await page.waitForURL(/\/doc\//);
    await page.locator(".paragraph.target").waitFor();
    await page.goBack();
    await page.waitForURL(/page=2/);
    await waitForResults(page);
    assert.deepEqual(await focusedCard(), ["open", id, true]);
    // Switching the interface language is not coming back: the focus stays on the button.
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.uiLang), "en");
    await page.click('[data-ui-lang="es"]');
  },

  async "a page past the last one says so and leads to the last"(page) {
    const expected = await api("/api/search?q=trata&size=20");
    const pages = Math.ceil(expected.total / 20);
    await page.goto(base + `/?q=trata&page=${pages + 3}`);
    await waitForResults(page);
    assert.equal(await page.locator("#message .empty").innerText(),
      `La página ${pages + 3} está vacía: esta búsqueda tiene ${pages} páginas.\n\nIr a la página ${pages}`);
    // The pagination offers the last pages, no "Anterior" into more empty pages.
    assert.deepEqual(await page.locator("#pagination a").allInnerTexts(),
      Array.from({ length: Math.min(pages, 3) }, (_, i) => String(pages - Math.min(pages, 3) + 1 + i)));
    await page.click("#message a.last-page");
    await page.waitForURL(new RegExp(`page=${pages}$`));
    await waitForResults(page);
    assert.equal(await page.locator("#results .card").count(), expected.total - (pages - 1) * 20);
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
    await assertAccessible(page, "page past the last");
  },

  async "suggestions complete the last words and never open after the search has started"(page) {
    await page.goto(base + "/");
    await waitForResults(page);
    // Enter before the suggestions came: the search runs and no list opens over its results.
    await page.focus("#q");
    await page.keyboard.type("trata de p");
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=trata/);
    await waitForResults(page);
    await page.waitForTimeout(500);  // longer than the typing pause and an answer from the server
    assert.equal(await page.locator("#suggestions").isHidden(), true);
    assert.equal(await page.getAttribute("#q", "aria-expanded"), "false");
    // The words before the last are kept.
    await page.fill("#q", "");
    await page.keyboard.type("session:12 CTOC/COP/WG.4");
    await page.waitForFunction(() => document.querySelectorAll("#suggestions [role=option]").length === 2);
    assert.deepEqual(await page.locator("#suggestions .suggestion-text").allInnerTexts(), ["CTOC/COP/WG.4/2023/5", "CTOC/COP/WG.4/2024/5"]);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/WG.4%2F2023%2F5/);
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "session:12 CTOC/COP/WG.4/2023/5");
    await page.fill("#q", "");
    await page.keyboard.type("asistencia trata de p");
    await page.waitForFunction(() => document.querySelector("#suggestions .suggestion-text")?.textContent === "trata de personas");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.waitForURL(/personas/);
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "asistencia \"trata de personas\"");
  },

  async "an address with a value twice, or an export's format, is still the page"(page) {
    await page.goto(base + "/?q=trata&kind=operative&kind=operative");
    await waitForResults(page);
    assert.deepEqual(await page.locator(".chip").allInnerTexts(), ["Tipo de párrafo: Dispositivo ×"]);
    const expected = await api("/api/search?q=trata&size=20");
    await page.goto(base + "/?q=trata&format=csv&ui=en");
    await waitForResults(page);
    assert.equal(await page.textContent("#status").then((s) => s.split(" (")[0]), `${expected.total} párrafos`);
    assert.equal(await page.locator("#results .card").count(), 20);
  },

  async "a sidebar range that ends before it starts is said in the interface language"(page) {
    await page.goto(base + "/?q=asistencia");
    await waitForResults(page);
    const before = page.url();
    await page.fill("#session-from", "12");
    await page.fill("#session-to", "7");
    await page.click('#ranges button[type="submit"]');
    await page.locator("#range-error").waitFor();
    assert.equal(await page.locator("#range-error").innerText(), "El período de sesiones final (7) es anterior al inicial (12).");
    assert.equal(page.url(), before, "nothing is searched");
    assert.equal(await page.evaluate(() => document.activeElement.id), "session-to");
    await assertAccessible(page, "reversed range");
    await page.fill("#session-from", "");
    await page.fill("#session-to", "");
    await page.fill("#date-from", "2018");
    await page.fill("#date-to", "2014-06");
    await page.click('#ranges button[type="submit"]');
    assert.equal(await page.locator("#range-error").innerText(), "La fecha final (2014-06) es anterior a la inicial (2018).");
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await waitForResults(page);
    await page.fill("#date-from", "2014-07");
    await page.fill("#date-to", "2014-06");
    await page.click('#ranges button[type="submit"]');
    assert.equal(await page.locator("#range-error").innerText(), "The end date (2014-06) comes before the start date (2014-07).");
    // A month counts whole: 2014-06 to 2014-06 is June.
    await page.fill("#date-from", "2014-06");
    await page.click('#ranges button[type="submit"]');
    await page.waitForURL(/date_from=2014-06&date_to=2014-06/);
    await waitForResults(page);
    assert.equal(await page.locator("#range-error").isHidden(), true);
    // The 2014 note's six Spanish paragraphs holding "asistencia", and their English versions.
    assert.match(await page.textContent("#status"), /^12 paragraphs/);
    await page.click('[data-ui-lang="es"]');
  },

  async "words typed and not yet searched are kept when a filter is ticked"(page) {
    await page.goto(base + "/?q=trata+de+personas");
    await waitForResults(page);
    await page.fill("#q", "asistencia técnica");
    await page.locator("#q").blur();  // the suggestions' list, over the options, closes
    await page.check("#only-decisions");
    await page.waitForURL(/kind=operative/);
    await waitForResults(page);
    assert.equal(await page.inputValue("#q"), "asistencia técnica");
    assert.equal(new URL(page.url()).searchParams.get("q"), "asistencia técnica");
    const expected = await api("/api/search?q=asistencia%20t%C3%A9cnica&kind=operative&kind=recommendation");
    assert.match(await page.textContent("#status"), new RegExp(`^${expected.total} párrafos`));
    // Paging keeps the results being paged through.
    await page.fill("#q", "extradición");
    await page.locator('#pagination a[rel="next"]').click();
    await page.waitForURL(/page=2/);
    assert.equal(new URL(page.url()).searchParams.get("q"), "asistencia técnica");
  },

  async "show all in a document puts the focus on its results"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&lang=es&group=document");
    await waitForResults(page);
    await page.focus('#results .card[data-id^="resolution-6-4.es:"] a.show-all');
    await page.keyboard.press("Enter");
    await page.waitForURL(/doc=resolution-6-4.es/);
    await waitForResults(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), "results-title");
  },

  async "printed results say what was searched and where each paragraph is"(page) {
    await page.goto(base + "/?q=asistencia+t%C3%A9cnica&lang=es&session_from=6&session_to=7&sort=date");
    await waitForResults(page);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator("#printed-search").innerText(),
      "Búsqueda: «asistencia técnica» · Idioma: Español · Períodos: 6–7 · los más recientes primero");
    const card = page.locator("#results .card >> nth=0");
    const href = await card.locator("a.open").getAttribute("href");
    assert.equal(await card.locator(".printed-link").innerText(), new URL(href, base).href);
    assert.ok((await card.locator(".printed-link").innerText()).startsWith("http://"));
    assert.equal(await page.locator(".card-title a").first().evaluate((a) => getComputedStyle(a, "::after").content), "none");
    await page.emulateMedia({ media: "screen" });
    assert.equal(await page.locator("#printed-search").isVisible(), false);
    assert.equal(await card.locator(".printed-link").isVisible(), false);
    await page.goto(base + "/?q=recomendaciones+sobre+asistencia+t%C3%A9cnica&lang=es");
    await waitForResults(page);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".reading").innerText(), "Leído como: Recomendación · Asistencia técnica.");
    await page.emulateMedia({ media: "screen" });
    await page.goto(base + "/doc/resolution-6-4.es#p-d");
    await page.locator('[id="p-d"].target').waitFor();
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".doc-header .printed-link").innerText(), `${new URL(base).origin}/doc/resolution-6-4.es`);
    assert.equal(await page.locator(".versions").isVisible(), false);
    await page.emulateMedia({ media: "screen" });
  },

  async "moving between documents puts the focus on the title, side by side on its button"(page) {
    await page.goto(base + "/doc/cop7-note-technical-assistance.es#p-3");
    await page.locator('[id="p-3"].target').waitFor();
    await page.locator('[id="p-3"] .citations a').click();
    await page.waitForURL(/\/doc\/resolution-6-4.es$/);
    await page.locator(".doc-header h1").waitFor();
    await page.waitForFunction(() => document.activeElement.tagName === "H1");
    assert.equal(await page.evaluate(() => document.activeElement.textContent),
      "Aplicación de las disposiciones sobre asistencia técnica de la Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional");
    await page.focus(".parallel-toggle");
    await page.keyboard.press("Enter");
    await page.locator(".parallel-row").first().waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Ver solo esta versión");
    await page.keyboard.press("Enter");
    await page.locator(".doc-body").waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Ver en paralelo con la otra versión");
    // Switching the interface language keeps the focus on its button.
    await page.click('[data-ui-lang="en"]');
    await page.waitForFunction(() => document.querySelector(".parallel-toggle")?.textContent === "Show side by side with the other version");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.uiLang), "en");
    await page.click('[data-ui-lang="es"]');
  },

  async "the document view dates a resolution by its session and marks only paragraphs"(page) {
    await page.goto(base + "/doc/resolution-6-4.es");
    await page.locator(".doc-body").waitFor();
    assert.equal(await page.locator(".doc-header .meta").innerText(),
      "6º período de sesiones · Conferencia de las Partes en la Convención de las Naciones Unidas contra la Delincuencia " +
      "Organizada Transnacional · período de sesiones, 2012-10-15 a 2012-10-19 · español");
    // The skip link to the content is not a paragraph to mark.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Saltar al contenido");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/);
    assert.equal(await page.locator("[aria-current], .target").count(), 0);
    await assertAccessible(page, "document after the skip link");
  },
});

const browser = await chromium.launch({ executablePath, args: ["--no-sandbox"] });
let failures = 0;
let index = 0;
// PALERMO_BROWSER_ONLY=<regular expression> runs only the scenarios whose names match (while working).
const only = process.env.PALERMO_BROWSER_ONLY ? new RegExp(process.env.PALERMO_BROWSER_ONLY) : null;
for (const [name, run] of Object.entries(scenarios)) {
  if (only && !only.test(name)) continue;
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
