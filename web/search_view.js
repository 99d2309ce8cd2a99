// The search page: reads its state from the URL, asks /api/search, renders facets, chips, result
// cards and pagination. Every change of state is a new URL (pushState), so permalinks, back and
// forward all work.
import { el, setSnippet, getJson, copyText } from "./dom.js";
import { citationFor, documentSource } from "./citation.js";

export const FACETS = ["session", "body", "agenda", "lang", "type", "kind", "verb", "protocol", "cites", "year", "subject"];
const DECISION_KINDS = ["operative", "recommendation"];
const FACET_PREVIEW = 8;
const PAGE_SIZE = 20;

// URL query string <-> search state.
export function stateFromUrl(search) {
  const params = new URLSearchParams(search);
  const state = { q: params.get("q") || "", filters: {}, page: 1, sort: "relevance", crosslang: "on" };
  for (const name of FACETS) {
    const values = params.getAll(name).filter((v) => v !== "");
    if (values.length) state.filters[name] = values;
  }
  const page = Number.parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  if (params.get("sort") === "date") state.sort = "date";
  if (params.get("crosslang") === "off") state.crosslang = "off";
  // Anything else in the address (size=100000, say) is passed on, so the server can say what is wrong.
  state.extra = [...params.entries()].filter(([k]) => !["q", "page", "sort", "crosslang", ...FACETS].includes(k));
  return state;
}

export function urlFromState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const name of FACETS) for (const v of state.filters[name] || []) params.append(name, v);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.sort !== "relevance") params.set("sort", state.sort);
  if (state.crosslang === "off") params.set("crosslang", "off");
  const query = params.toString();
  return query ? `/?${query}` : "/";
}

function apiUrl(state, ui) {
  const params = new URLSearchParams();
  params.set("q", state.q);
  for (const name of FACETS) for (const v of state.filters[name] || []) params.append(name, v);
  params.set("page", String(state.page));
  params.set("size", String(PAGE_SIZE));
  params.set("sort", state.sort);
  params.set("crosslang", state.crosslang);
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

    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.go({ ...this.state, q: this.input.value.trim(), page: 1 });
    });
    this.onlyDecisions.addEventListener("change", () => {
      const filters = { ...this.state.filters };
      if (this.onlyDecisions.checked) filters.kind = [...DECISION_KINDS];
      else delete filters.kind;
      this.go({ ...this.state, filters, page: 1 });
    });
    this.crosslang.addEventListener("change", () =>
      this.go({ ...this.state, crosslang: this.crosslang.checked ? "on" : "off", page: 1 }));
    this.sort.addEventListener("change", () => this.go({ ...this.state, sort: this.sort.value, page: 1 }));
  }

  go(state) {
    this.app.navigate(urlFromState(state));
  }

  renderHelp() {
    const t = this.app.t;
    const body = document.getElementById("help-body");
    body.replaceChildren(
      el("dl", {}, t.help.map(([example, meaning]) => [el("dt", {}, el("code", { text: example })), el("dd", { text: meaning })])),
      el("p", { text: t.helpFoot }));
  }

  async show(search) {
    const state = stateFromUrl(search);
    this.state = state;
    this.root.hidden = false;
    this.input.value = state.q;
    this.sort.value = state.sort;
    this.crosslang.checked = state.crosslang === "on";
    const kinds = state.filters.kind || [];
    this.onlyDecisions.checked = kinds.length === 2 && DECISION_KINDS.every((k) => kinds.includes(k));
    this.renderHelp();
    this.renderChips();
    const t = this.app.t;
    const ticket = ++this.request;
    this.status.textContent = t.searching;
    this.root.setAttribute("aria-busy", "true");
    try {
      const result = await getJson(apiUrl(state, this.app.ui));
      if (ticket !== this.request) return;  // a newer search has started
      this.renderResults(result);
      this.renderFacets(result.facets);
      this.renderPagination(result);
    } catch (error) {
      if (ticket !== this.request) return;
      this.renderError(error);
    } finally {
      if (ticket === this.request) this.root.removeAttribute("aria-busy");
    }
  }

  renderChips() {
    const t = this.app.t;
    const chips = [];
    for (const name of FACETS) {
      for (const value of this.state.filters[name] || []) {
        const label = (this.labels && this.labels[`${name}\u0000${value}`]) || value;
        chips.push(el("button", {
          type: "button", class: "chip", "data-facet": name, "data-value": value,
          "aria-label": `${t.removeFilter}: ${t.facet[name]} ${label}`,
          onclick: () => this.toggle(name, value, false),
        }, el("span", { class: "chip-facet", text: `${t.facet[name]}: ` }), label, el("span", { "aria-hidden": "true", text: " ×" })));
      }
    }
    if (chips.length > 1) {
      chips.push(el("button", { type: "button", class: "chip chip-clear", text: t.clearAll,
        onclick: () => this.go({ ...this.state, filters: {}, page: 1 }) }));
    }
    this.chips.setAttribute("aria-label", t.chipsLabel);
    this.chips.replaceChildren(...chips);
  }

  toggle(name, value, on) {
    const values = new Set(this.state.filters[name] || []);
    if (on) values.add(value);
    else values.delete(value);
    const filters = { ...this.state.filters };
    if (values.size) filters[name] = [...values];
    else delete filters[name];
    this.go({ ...this.state, filters, page: 1 });
  }

  renderFacets(facets) {
    const t = this.app.t;
    this.labels = {};
    const groups = [];
    for (const name of FACETS) {
      const values = facets[name] || [];
      for (const v of values) this.labels[`${name}\u0000${v.value}`] = v.label;
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
            onchange: (e) => this.toggle(name, v.value, e.target.checked) }),
          el("label", { for: inputId }, el("span", { class: "facet-label", text: v.label }),
            el("span", { class: "count", text: v.count.toLocaleString(this.app.ui) })));
      });
      const more = values.length > FACET_PREVIEW
        ? el("button", { type: "button", class: "link-button", "aria-expanded": String(expanded),
            text: expanded ? t.fewer : `${t.more} (${values.length})`,
            onclick: () => {
              if (expanded) this.expanded.delete(name);
              else this.expanded.add(name);
              this.renderFacets(facets);
            } })
        : null;
      groups.push(el("fieldset", { class: "facet", "data-facet": name },
        el("legend", { text: t.facet[name] }), el("ul", {}, items), more));
    }
    this.facets.replaceChildren(...groups);
    this.renderChips();  // labels are known now
    // Narrow screens start with the sidebar folded.
    document.getElementById("facets-toggle").open = window.matchMedia("(min-width: 48rem)").matches;
  }

  renderResults(result) {
    const t = this.app.t;
    this.status.textContent = t.results(result.total, result.took_ms);
    this.message.replaceChildren();
    this.list.replaceChildren();
    this.list.start = (this.state.page - 1) * PAGE_SIZE + 1;
    if (result.total === 0) {
      const parts = [el("p", { text: t.noResults })];
      if (result.suggestion) {
        parts.push(el("p", {}, `${t.didYouMean} `,
          el("a", { href: urlFromState({ ...this.state, q: result.suggestion, page: 1 }), class: "suggestion",
            onclick: (e) => { e.preventDefault(); this.go({ ...this.state, q: result.suggestion, page: 1 }); } },
            result.suggestion), "?"));
      }
      this.message.replaceChildren(el("div", { class: "empty" }, parts));
      return;
    }
    if (result.all_words === false) {
      const parts = [el("p", { text: t.someWords(result.all_words_total) })];
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
    if (hit.date) meta.push(hit.date);
    meta.push(t.languageName[hit.lang] || hit.lang);
    const kind = this.labels ? this.labels[`kind\u0000${hit.kind}`] : hit.kind;
    const href = `/doc/${encodeURIComponent(hit.doc)}#p-${encodeURIComponent(hit.anchor)}`;
    const citation = citationFor(hit);
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
    const cited = (hit.citations || []).filter((c) => c.doc);
    return el("li", { class: "card", "data-id": hit.id },
      el("div", { class: "card-head" },
        hit.para ? el("span", { class: "para", text: hit.kind === "footnote" ? t.footnoteRef(hit.para) : hit.para }) : null,
        el("span", { class: "kind", text: kind || hit.kind }),
        source ? el("span", { class: "symbol", text: source }) : null),
      el("h2", { class: "card-title", lang: hit.lang }, el("a", { href, text: hit.title || hit.doc })),
      snippet,
      el("p", { class: "meta", text: meta.join(" · ") }),
      cited.length ? el("p", { class: "citations" }, `${t.cites}: `,
        cited.map((c, i) => [i ? ", " : "", el("a", { href: `/doc/${encodeURIComponent(c.doc)}`, text: c.label })])) : null,
      subjectsLine(hit, t),
      el("div", { class: "actions" }, actions));
  }

  renderPagination(result) {
    const t = this.app.t;
    const pages = Math.ceil(result.total / PAGE_SIZE);
    this.pagination.setAttribute("aria-label", t.pages);
    if (pages <= 1) {
      this.pagination.replaceChildren();
      return;
    }
    const current = this.state.page;
    const link = (page, text, rel) => el("a", {
      href: urlFromState({ ...this.state, page }), rel, "aria-current": page === current ? "page" : null,
      "aria-label": t.page(page), text: text ?? String(page),
      onclick: (e) => { e.preventDefault(); this.go({ ...this.state, page }); window.scrollTo(0, 0); },
    });
    const items = [];
    if (current > 1) items.push(link(current - 1, t.previous, "prev"));
    const first = Math.max(1, current - 3);
    const last = Math.min(pages, current + 3);
    for (let p = first; p <= last; ++p) items.push(link(p));
    if (current < pages) items.push(link(current + 1, t.next, "next"));
    this.pagination.replaceChildren(...items);
  }

  renderError(error) {
    const t = this.app.t;
    this.status.textContent = "";
    this.list.replaceChildren();
    this.facets.replaceChildren();
    this.pagination.replaceChildren();
    this.message.replaceChildren(el("div", { class: "error", role: "alert" },
      el("p", {}, el("strong", { text: t.error }), " ", el("span", { class: "error-message", text: error.message })),
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
