// The search page: reads its state from the URL, asks /api/search, renders facets, chips, result
// cards and pagination. Every change of state is a new URL (pushState), so permalinks, back and
// forward all work.
import { el, setSnippet, getJson, copyText } from "./dom.js";
import { documentSource } from "./citation.js";
import { citationLine } from "./citation_line.js";

export const FACETS = ["session", "body", "agenda", "lang", "type", "kind", "verb", "protocol", "cites", "year", "subject"];
const DECISION_KINDS = ["operative", "recommendation"];
const FACET_PREVIEW = 8;
const PAGE_SIZE = 20;
// Exports hold at most this many paragraphs (kMaxExportRows in searcher/result_export.h).
const EXPORT_LIMIT = 1000;
// Range bounds in the address and the API: session numbers, dates as YYYY[-MM[-DD]].
export const RANGES = ["session_from", "session_to", "date_from", "date_to"];

// URL query string <-> search state.
export function stateFromUrl(search) {
  const params = new URLSearchParams(search);
  const state = { q: params.get("q") || "", filters: {}, ranges: {}, page: 1, sort: "relevance", crosslang: "on",
    group: params.get("group") === "document" ? "document" : "paragraph", doc: params.get("doc") || "" };
  for (const name of RANGES) if (params.get(name)) state.ranges[name] = params.get(name);
  for (const name of FACETS) {
    // A value given twice (kind=operative&kind=operative) is one filter, one chip.
    const values = [...new Set(params.getAll(name).filter((v) => v !== ""))];
    if (values.length) state.filters[name] = values;
  }
  const page = Number.parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  if (params.get("sort") === "date") state.sort = "date";
  if (params.get("crosslang") === "off") state.crosslang = "off";
  // Anything else in the address (size=100000, say) is passed on, so the server can say what is wrong;
  // but not `format` and `ui`, which the page chooses itself (a pasted export address is still a page).
  state.extra = [...params.entries()].filter(([k]) =>
    !["q", "page", "sort", "crosslang", "group", "doc", "format", "ui", ...FACETS, ...RANGES].includes(k));
  return state;
}

export function urlFromState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FACETS) for (const v of state.filters[name] || []) params.append(name, v);
  for (const name of RANGES) if (state.ranges && state.ranges[name]) params.set(name, state.ranges[name]);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.crosslang === "off") params.set("crosslang", "off");
  if (state.group === "document") params.set("group", "document");
  if (state.doc) params.set("doc", state.doc);
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

// The same search as a file or a feed: every page (the server stops at 1000 paragraphs).
export function exportUrl(state, ui, format) {
  const params = new URLSearchParams();
  params.set("q", state.q);
  for (const name of FACETS) for (const v of state.filters[name] || []) params.append(name, v);
  for (const name of RANGES) if (state.ranges[name]) params.set(name, state.ranges[name]);
  if (state.doc) params.set("doc", state.doc);
  if (state.sort !== "relevance") params.set("sort", state.sort);
  params.set("crosslang", state.crosslang);
  params.set("ui", ui);
  params.set("format", format);
  return `/api/search?${params}`;
}

function apiUrl(state, ui) {
  const params = new URLSearchParams();
  params.set("q", state.q);
  for (const name of FACETS) for (const v of state.filters[name] || []) params.append(name, v);
  for (const name of RANGES) if (state.ranges[name]) params.set(name, state.ranges[name]);
  params.set("page", String(state.page));
  params.set("size", String(PAGE_SIZE));
  params.set("sort", state.sort);
  params.set("crosslang", state.crosslang);
  if (state.group === "document") params.set("group", "document");
  if (state.doc) params.set("doc", state.doc);
  params.set("ui", ui);
  for (const [k, v] of state.extra || []) params.set(k, v);
  return `/api/search?${params}`;
}

export class SearchView {
  // `app` gives: t (strings), ui (language), navigate(url), toast(text).
  constructor(app) {
    this.app = app;
    this.root = document.getElementById("search-view");
    this.form = document.getElementById("search-form");
    this.input = document.getElementById("q");
    this.onlyDecisions = document.getElementById("only-decisions");
    this.crosslang = document.getElementById("crosslang");
    this.sort = document.getElementById("sort");
    this.status = document.getElementById("status");
    this.message = document.getElementById("message");
    this.list = document.getElementById("results");
    this.facets = document.getElementById("facets");
    this.chips = document.getElementById("chips");
    this.pagination = document.getElementById("pagination");
    this.expanded = new Set();
    this.request = 0;
    // What to focus once the next render is done: the control the user acted on is rebuilt by the
    // render, so it is found again by what it stands for (see restoreFocus).
    this.pendingFocus = null;
    this.facetsToggle = document.getElementById("facets-toggle");
    this.facetsOpenedOnce = false;
    this.resultsTitle = document.getElementById("results-title");

    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.go({ ...this.state, q: this.input.value.trim(), page: 1 });
    });
    this.onlyDecisions.addEventListener("change", () => {
      const filters = { ...this.state.filters };
      if (this.onlyDecisions.checked) filters.kind = [...DECISION_KINDS];
      else delete filters.kind;
      this.refine({ filters });
    });
    this.groupDocuments = document.getElementById("group-documents");
    this.groupDocuments.addEventListener("change", () =>
      this.refine({ group: this.groupDocuments.checked ? "document" : "paragraph" }));
    this.crosslang.addEventListener("change", () =>
      this.refine({ crosslang: this.crosslang.checked ? "on" : "off" }));
    this.sort.addEventListener("change", () => this.refine({ sort: this.sort.value }));
    this.rangeForm = document.getElementById("ranges");
    this.rangeError = document.getElementById("range-error");
    this.rangeForm.addEventListener("submit", (e) => {
      e.preventDefault();
      const ranges = {};
      for (const name of RANGES) {
        const value = this.rangeForm.elements[name].value.trim();
        if (value) ranges[name] = value;
      }
      // A range that ends before it starts is said here, in the interface language, instead of
      // sending it for the server to refuse.
      const reversed = reversedRange(ranges);
      this.showRangeError(reversed);
      if (reversed) return;
      this.refine({ ranges });
    });
    // Which card's link led to a document: coming back to this search puts the focus there again.
    this.opened = null;
    this.list.addEventListener("click", (e) => {
      const link = e.target.closest('a[href^="/doc/"]');
      const card = link && link.closest(".card");
      if (card) this.opened = { search: window.location.pathname + window.location.search, id: card.dataset.id, link: [...card.querySelectorAll("a")].indexOf(link) };
    });
  }

  go(state) {
    this.app.navigate(urlFromState(state));
  }

  // A change of filters, ranges, sort or grouping: from page 1, for the words in the box, even
  // typed and not yet searched (they are what the user is looking at; ticking a box must not
  // silently put the previous words back).
  refine(changes) {
    this.go({ ...this.state, q: this.input.value.trim(), ...changes, page: 1 });
  }

  // `reversed`: null, or { kind: "session" | "date", from, to } (see reversedRange).
  showRangeError(reversed) {
    const t = this.app.t;
    for (const name of RANGES) this.rangeForm.elements[name].removeAttribute("aria-invalid");
    this.rangeError.hidden = !reversed;
    this.rangeError.textContent = reversed ? t.rangeReversed[reversed.kind](reversed.from, reversed.to) : "";
    if (!reversed) return;
    const input = this.rangeForm.elements[`${reversed.kind}_to`];
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", "range-error");
    input.focus();
  }

  // Puts focus back where the user acted after a render replaced that element: the same facet
  // checkbox or "show more" button, the chip now at the removed chip's place (or the results
  // title when none is left), the results title after paging.
  restoreFocus() {
    const want = this.pendingFocus;
    this.pendingFocus = null;
    if (!want) return;
    let target = null;
    if (want.kind === "facet") {
      target = this.facets.querySelector(`input[data-facet="${CSS.escape(want.facet)}"][data-value="${CSS.escape(want.value)}"]`);
    } else if (want.kind === "more") {
      target = this.facets.querySelector(`button[data-more="${CSS.escape(want.facet)}"]`);
    } else if (want.kind === "chip") {
      const chips = [...this.chips.querySelectorAll("button.chip")];
      target = chips[Math.min(want.index, chips.length - 1)] || null;
    } else if (want.kind === "card") {
      const card = this.list.querySelector(`.card[data-id="${CSS.escape(want.id)}"]`);
      target = card && card.querySelectorAll("a")[want.link];
      if (target) {
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: "center" });
        return;
      }
    }
    // Paging, "show all" and a card no longer there bring the results into view; otherwise the
    // page stays where the user is.
    const toResults = want.kind === "results" || want.kind === "card";
    (target || this.resultsTitle).focus({ preventScroll: !toResults });
    if (toResults) this.resultsTitle.scrollIntoView({ block: "start" });
  }

  renderHelp() {
    const t = this.app.t;
    const body = document.getElementById("help-body");
    body.replaceChildren(
      el("dl", {}, t.help.map(([example, meaning]) => [el("dt", {}, el("code", { text: example })), el("dd", { text: meaning })])),
      el("p", { text: t.helpFoot }));
  }

  // `options.backFromDocument`: the page was showing a document just before (the back link or the
  // browser's Back): the card whose link was followed gets the focus again.
  async show(search, options = {}) {
    const state = stateFromUrl(search);
    this.state = state;
    if (options.backFromDocument && this.opened && this.opened.search === window.location.pathname + search) {
      this.pendingFocus = { kind: "card", id: this.opened.id, link: this.opened.link };
    }
    this.root.hidden = false;
    this.input.value = state.q;
    this.sort.value = state.sort;
    this.crosslang.checked = state.crosslang === "on";
    this.groupDocuments.checked = state.group === "document";
    const kinds = state.filters.kind || [];
    this.onlyDecisions.checked = kinds.length === 2 && DECISION_KINDS.every((k) => kinds.includes(k));
    for (const name of RANGES) this.rangeForm.elements[name].value = state.ranges[name] || "";
    this.showRangeError(null);
    this.renderHelp();
    this.renderChips();
    const t = this.app.t;
    const ticket = ++this.request;
    this.status.textContent = t.searching;
    this.root.setAttribute("aria-busy", "true");
    try {
      const result = await getJson(apiUrl(state, this.app.ui));
      if (ticket !== this.request) return;  // a newer search has started
      // Labels (paragraph kinds, bodies…) come with the facets in the interface language: read
      // them before the cards that show them.
      this.readLabels(result.facets);
      // The server echoes each subject as its id, once, however the address spelled it
      // (TECHNICAL_ASSISTANCE, a stray space): one chip, with the subject's label.
      const subjects = result.query && result.query.filters && result.query.filters.subject;
      if (subjects && state.filters.subject) {
        state.filters.subject = subjects;
        this.renderChips();
      }
      this.renderFacets(result.facets);
      this.renderResults(result);
      this.renderPagination(result);
    } catch (error) {
      if (ticket !== this.request) return;
      this.renderError(error);
    } finally {
      if (ticket === this.request) {
        this.root.removeAttribute("aria-busy");
        this.restoreFocus();
      }
    }
  }

  renderChips() {
    const t = this.app.t;
    const chips = [];
    // On paper, where neither the box nor the chips are printed, the search is said in words.
    const printed = [this.state.q ? `«${this.state.q}»` : t.everything];
    for (const name of FACETS) {
      for (const value of this.state.filters[name] || []) {
        const label = (this.labels && this.labels[`${name}\u0000${value}`]) || value;
        chips.push(el("button", {
          type: "button", class: "chip", "data-facet": name, "data-value": value,
          "aria-label": `${t.removeFilter}: ${t.facet[name]} ${label}`,
          onclick: () => {
            this.pendingFocus = { kind: "chip", index: chips.length };
            this.toggle(name, value, false);
          },
        }, el("span", { class: "chip-facet", text: `${t.facet[name]}: ` }), label, el("span", { "aria-hidden": "true", text: " ×" })));
        printed.push(`${t.facet[name]}: ${label}`);
      }
    }
    if (this.state.doc) {
      const label = (this.docLabelFor === this.state.doc && this.docLabel) || this.state.doc;
      chips.push(el("button", {
        type: "button", class: "chip", "data-doc": this.state.doc,
        "aria-label": `${t.removeFilter}: ${t.inDocument} ${label}`,
        onclick: () => {
          this.pendingFocus = { kind: "chip", index: chips.length };
          this.refine({ doc: "" });
        },
      }, el("span", { class: "chip-facet", text: `${t.inDocument}: ` }), label, el("span", { "aria-hidden": "true", text: " ×" })));
      printed.push(`${t.inDocument}: ${label}`);
    }
    for (const kind of ["session", "date"]) {
      const from = this.state.ranges[`${kind}_from`], to = this.state.ranges[`${kind}_to`];
      if (!from && !to) continue;
      const label = `${from || "…"}–${to || "…"}`;
      chips.push(el("button", {
        type: "button", class: "chip", "data-range": kind,
        "aria-label": `${t.removeFilter}: ${t.range[kind]} ${label}`,
        onclick: () => {
          this.pendingFocus = { kind: "chip", index: chips.length };
          const ranges = { ...this.state.ranges };
          delete ranges[`${kind}_from`];
          delete ranges[`${kind}_to`];
          this.refine({ ranges });
        },
      }, el("span", { class: "chip-facet", text: `${t.range[kind]}: ` }), label, el("span", { "aria-hidden": "true", text: " ×" })));
      printed.push(`${t.range[kind]}: ${label}`);
    }
    if (chips.length > 1) {
      chips.push(el("button", { type: "button", class: "chip chip-clear", text: t.clearAll,
        onclick: () => {
          this.pendingFocus = { kind: "chip", index: 0 };
          this.refine({ filters: {}, ranges: {}, doc: "" });
        } }));
    }
    this.chips.setAttribute("aria-label", t.chipsLabel);
    this.chips.replaceChildren(...chips);
    if (this.state.sort === "date") printed.push(t.sortedByDate);
    document.getElementById("printed-search").textContent = `${t.printedSearch}: ${printed.join(" · ")}`;
  }

  toggle(name, value, on) {
    const values = new Set(this.state.filters[name] || []);
    if (on) values.add(value);
    else values.delete(value);
    const filters = { ...this.state.filters };
    if (values.size) filters[name] = [...values];
    else delete filters[name];
    this.refine({ filters });
  }

  readLabels(facets) {
    this.labels = {};
    for (const name of FACETS) {
      for (const v of facets[name] || []) this.labels[`${name}\u0000${v.value}`] = v.label;
    }
  }

  renderFacets(facets) {
    const t = this.app.t;
    const groups = [];
    for (const name of FACETS) {
      const values = facets[name] || [];
      if (!values.length) continue;
      const selected = new Set((this.state.filters[name] || []).map((v) => v.toLowerCase()));
      const expanded = this.expanded.has(name);
      const shown = expanded ? values : values.slice(0, FACET_PREVIEW);
      const id = `facet-${name}`;
      const items = shown.map((v, i) => {
        const inputId = `${id}-${i}`;
        const checked = selected.has(String(v.value).toLowerCase());
        return el("li", {},
          el("input", { type: "checkbox", id: inputId, checked, "data-facet": name, "data-value": v.value,
            onchange: (e) => {
              this.pendingFocus = { kind: "facet", facet: name, value: v.value };
              this.toggle(name, v.value, e.target.checked);
            } }),
          el("label", { for: inputId }, el("span", { class: "facet-label", text: v.label }),
            el("span", { class: "count", text: v.count.toLocaleString(this.app.ui) })));
      });
      const more = values.length > FACET_PREVIEW
        ? el("button", { type: "button", class: "link-button", "aria-expanded": String(expanded), "data-more": name,
            text: expanded ? t.fewer : `${t.more} (${values.length})`,
            onclick: () => {
              if (expanded) this.expanded.delete(name);
              else this.expanded.add(name);
              this.pendingFocus = { kind: "more", facet: name };
              this.renderFacets(facets);
              this.restoreFocus();
            } })
        : null;
      groups.push(el("fieldset", { class: "facet", "data-facet": name },
        el("legend", { text: t.facet[name] }), el("ul", {}, items), more));
    }
    this.facets.replaceChildren(...groups);
    this.renderChips();  // labels are known now
    // Narrow screens start with the sidebar folded; after that it stays as the user left it, so
    // ticking several values in a row does not fold it each time.
    if (!this.facetsOpenedOnce) {
      this.facetsToggle.open = window.matchMedia("(min-width: 48rem)").matches;
      this.facetsOpenedOnce = true;
    }
  }

  renderResults(result) {
    const t = this.app.t;
    this.renderExports(result);
    this.status.textContent = result.documents_total != null
      ? t.groupedResults(result.total, result.documents_total, result.took_ms)
      : t.results(result.total, result.took_ms);
    // The chip of a one-document search names the document as its cards do.
    if (this.state.doc && result.results.length) {
      this.docLabel = documentSource(result.results[0]) || result.results[0].title;
      this.docLabelFor = this.state.doc;
      this.renderChips();
    }
    this.message.replaceChildren();
    this.list.replaceChildren();
    this.list.start = (this.state.page - 1) * PAGE_SIZE + 1;
    if (result.total === 0) {
      const parts = [el("p", { text: t.noResults })];
      // "Recomendaciones sobre X" and there are none: the paragraphs on X, whatever their kind.
      const without = result.reading?.without_kind;
      if (without) {
        const labels = result.reading.subjects.map((s) => s.label);
        parts[0] = el("p", { class: "without-kind" }, `${t.noneOfKind(result.reading.kind, labels)} `,
          without.total > 0 ? el("a", { href: urlFromState({ ...this.state, q: without.q, page: 1 }),
            onclick: (e) => { e.preventDefault(); this.go({ ...this.state, q: without.q, page: 1 }); },
            text: `${t.withoutKind(without.total, labels)}.` }) : "");
      }
      if (result.suggestion) {
        parts.push(el("p", {}, `${t.didYouMean} `,
          el("a", { href: urlFromState({ ...this.state, q: result.suggestion, page: 1 }), class: "suggestion",
            onclick: (e) => { e.preventDefault(); this.go({ ...this.state, q: result.suggestion, page: 1 }); } },
            result.suggestion), "?"));
      }
      this.message.replaceChildren(el("div", { class: "empty" }, parts));
      if (result.reading) this.message.append(this.readingNote(result.reading));
      return;
    }
    if (!result.results.length) {
      // A page past the last (an old link, an index that changed, an edited address).
      const pages = Math.ceil((result.documents_total ?? result.total) / PAGE_SIZE);
      this.message.replaceChildren(el("div", { class: "empty" },
        el("p", { text: t.pastLastPage(this.state.page, pages) }),
        el("p", {}, el("a", { class: "last-page", href: urlFromState({ ...this.state, page: pages }), text: t.goToPage(pages),
          onclick: () => { this.pendingFocus = { kind: "results" }; } }))));
      return;
    }
    if (result.all_words === false) {
      // Several subjects read and the answer on one of them: said of the subjects, not the words.
      const reading = result.reading;
      const text = reading && reading.all_subjects === false
        ? t.someSubjects(reading.kind, reading.all_subjects_total, reading.subjects.map((s) => s.label))
        : t.someWords(result.all_words_total);
      const parts = [el("p", { text })];
      if (result.suggestion) {
        parts.push(el("p", {}, `${t.didYouMean} `,
          el("a", { href: urlFromState({ ...this.state, q: result.suggestion, page: 1 }), class: "suggestion",
            onclick: (e) => { e.preventDefault(); this.go({ ...this.state, q: result.suggestion, page: 1 }); } },
            result.suggestion), "?"));
      }
      this.message.replaceChildren(el("div", { class: "notice" }, parts));
    }
    if (result.reading) this.message.append(this.readingNote(result.reading));
    for (const hit of result.results) this.list.append(this.card(hit));
  }

  // How the server read the words ("recomendaciones sobre X": kind and subjects), with a link to
  // search them as typed: a leading "+" is query syntax, which turns the reading off.
  readingNote(reading) {
    const t = this.app.t;
    const read = [reading.kind_label, ...reading.subjects.map((s) => s.label)].filter(Boolean).join(" · ");
    const literal = `+${this.state.q.trim()}`;
    return el("p", { class: "reading" }, `${t.readAs}: `, el("strong", { text: read }), ". ",
      el("a", { href: urlFromState({ ...this.state, q: literal, page: 1 }), class: "literal",
        onclick: (e) => { e.preventDefault(); this.go({ ...this.state, q: literal, page: 1 }); }, text: t.searchLiterally }));
  }

  card(hit) {
    const t = this.app.t;
    const snippet = el("p", { class: "snippet", lang: hit.lang });
    setSnippet(snippet, hit.snippet);
    const source = documentSource(hit);
    const meta = [];
    if (hit.session) meta.push(t.session(hit.session));
    if (hit.body) meta.push(hit.body.label);
    if (hit.agenda && hit.agenda.length) meta.push(hit.agenda.map((a) => t.agendaItem(a.item)).join(", "));
    meta.push(t.languageName[hit.lang] || hit.lang);
    const kind = (this.labels && this.labels[`kind\u0000${hit.kind}`]) || hit.kind;
    const href = `/doc/${encodeURIComponent(hit.doc)}#p-${encodeURIComponent(hit.anchor)}`;
    const citation = hit.citation;
    const actions = [
      el("a", { class: "open", href, text: t.open }),
      el("button", { type: "button", class: "copy", "data-citation": citation, text: t.copy,
        onclick: async (e) => {
          const done = await copyText(citation);
          this.app.toast(done ? `${t.copied}: ${citation}` : `${t.copyFailed} ${citation}`);
          e.target.textContent = done ? t.copied : t.copy;
          setTimeout(() => { e.target.textContent = t.copy; }, 2000);
        } }),
    ];
    if (hit.counterpart) {
      const [doc, anchor] = [hit.counterpart.slice(0, hit.counterpart.lastIndexOf(":")), hit.counterpart.slice(hit.counterpart.lastIndexOf(":") + 1)];
      const other = hit.lang === "es" ? "en" : "es";
      actions.push(el("a", { class: "counterpart", href: `/doc/${encodeURIComponent(doc)}#p-${encodeURIComponent(anchor)}`,
        text: t.counterpart[other] }));
    }

    // Grouped by document: how many of its paragraphs match, and a way to see them all.
    const group = hit.document_matches
      ? el("p", { class: "document-matches" }, el("span", { text: t.documentMatches(hit.document_matches) }),
          hit.document_matches > 1 ? [" · ", el("a", {
            class: "show-all", href: urlFromState({ ...this.state, group: "paragraph", doc: hit.doc, page: 1 }),
            text: t.showAllInDocument(hit.document_matches),
            onclick: () => { this.pendingFocus = { kind: "results" }; },
          })] : null)
      : null;
    return el("li", { class: "card", "data-id": hit.id },
      el("div", { class: "card-head" },
        hit.para ? el("span", { class: "para", text: hit.kind === "footnote" ? t.footnoteRef(hit.para) : hit.para }) : null,
        el("span", { class: "kind", "data-kind": hit.kind, text: kind }),
        hit.unofficial_translation ? el("span", { class: "unofficial", text: t.unofficial }) : null,
        source ? el("span", { class: "symbol", text: source }) : null),
      el("h2", { class: "card-title", lang: hit.lang }, el("a", { href, text: hit.title || hit.doc })),
      snippet,
      el("p", { class: "meta" }, [this.dated(hit), ...meta].filter(Boolean).map((part, i) => (i ? [" · ", part] : part))),
      citationLine(hit.citations, hit.lang, t),
      subjectsLine(hit, t),
      group,
      // On paper the citation stands in for the "copy" button, and the whole address for the links.
      el("p", { class: "print-only printed-citation", text: citation }),
      el("p", { class: "print-only printed-link", text: new URL(href, window.location.origin).href }),
      el("div", { class: "actions" }, actions));
  }

  // Every card says when: the document's date, else its session's days (a resolution is dated by
  // its session), else its year.
  dated(hit) {
    const t = this.app.t;
    if (hit.date) return el("time", { class: "date", datetime: hit.date, text: hit.date });
    if (hit.session_end) return el("time", { class: "date", datetime: hit.session_end, text: t.sessionDates(hit.session_start, hit.session_end) });
    if (hit.year) return el("time", { class: "date", datetime: String(hit.year), text: t.yearOnly(hit.year) });
    return null;
  }

  renderExports(result) {
    const t = this.app.t;
    // Feed readers find the search's feed from the page itself.
    let alternate = document.querySelector('link[rel="alternate"][type="application/atom+xml"]');
    if (!alternate) {
      alternate = el("link", { rel: "alternate", type: "application/atom+xml" });
      document.head.append(alternate);
    }
    alternate.href = exportUrl(this.state, this.app.ui, "atom");
    alternate.title = `Palermo: ${this.state.q}`;
    const box = document.getElementById("exports");
    box.hidden = result.total === 0;
    box.replaceChildren(`${t.exportLabel(result.total, EXPORT_LIMIT)} `,
      el("a", { class: "export-csv", href: exportUrl(this.state, this.app.ui, "csv"), title: t.exportCsvTitle, text: t.exportCsv }),
      " · ",
      el("a", { class: "export-word", href: exportUrl(this.state, this.app.ui, "word"), title: t.exportWordTitle, text: t.exportWord }),
      " · ",
      el("a", { class: "feed", href: exportUrl(this.state, this.app.ui, "atom"), type: "application/atom+xml", title: t.feedTitle, text: t.feed }));
  }

  renderPagination(result) {
    const t = this.app.t;
    const pages = Math.ceil((result.documents_total ?? result.total) / PAGE_SIZE);
    this.pagination.setAttribute("aria-label", t.pages);
    if (pages <= 1) {
      this.pagination.replaceChildren();
      return;
    }
    // Past the last page (an old link), the last pages are offered, and no "previous" into the void.
    const past = this.state.page > pages;
    const current = past ? pages + 1 : this.state.page;
    // "Anterior"/"Siguiente" are named by their text; numbers by "Página n", which contains the
    // visible number (the accessible name holds what is seen).
    const link = (page, text, rel) => el("a", {
      href: urlFromState({ ...this.state, page }), rel, "aria-current": page === current ? "page" : null,
      "aria-label": text ? null : t.page(page), text: text ?? String(page),
      onclick: (e) => {
        e.preventDefault();
        this.pendingFocus = { kind: "results" };
        this.go({ ...this.state, page });
      },
    });
    const items = [];
    if (current > 1 && !past) items.push(link(current - 1, t.previous, "prev"));
    const first = Math.max(1, current - 3);
    const last = Math.min(pages, current + 3);
    for (let p = first; p <= last; ++p) items.push(link(p));
    if (current < pages) items.push(link(current + 1, t.next, "next"));
    this.pagination.replaceChildren(...items);
  }

  renderError(error) {
    const t = this.app.t;
    this.status.textContent = "";
    document.getElementById("exports").hidden = true;
    this.list.replaceChildren();
    this.facets.replaceChildren();
    this.pagination.replaceChildren();
    this.message.replaceChildren(el("div", { class: "error", role: "alert" },
      el("p", {}, el("strong", { text: t.error }), " ", el("span", { class: "error-message", lang: "en", text: error.message })),
      el("button", { type: "button", text: t.retry, onclick: () => this.show(window.location.search) })));
  }
}

// The paragraph's subjects: those its own words name first, inherited ones (from its lead-in,
// heading, body or title) marked as such.
function subjectsLine(hit, t) {
  const subjects = hit.subjects || [];
  if (!subjects.length) return null;
  return el("p", { class: "subjects" }, `${t.facet.subject}: `,
    subjects.flatMap((s, i) => [i ? ", " : "", el("span", {
      class: s.source === "own" ? "subject" : "subject inherited", "data-subject": s.id,
      title: t.subjectSource[s.source] || s.source, text: s.label })]));
}

// The sidebar's session or date range that ends before it starts, as { kind, from, to }, or null.
// A date bound counts whole: "2016" to "2016-03" is January to March 2016.
export function reversedRange(ranges) {
  const { session_from: sf, session_to: st, date_from: df, date_to: dt } = ranges;
  if (sf && st && Number(sf) > Number(st)) return { kind: "session", from: sf, to: st };
  const first = { 4: "-01-01", 7: "-01" }, last = { 4: "-12-31", 7: "-31" };
  if (df && dt && df + (first[df.length] || "") > dt + (last[dt.length] || "")) return { kind: "date", from: df, to: dt };
  return null;
}
