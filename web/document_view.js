// A document in reading order at /doc/{doc}: the paragraph named by #p-{anchor} is scrolled to
// and marked, with its neighbours around it and the footnotes below; citations link to the cited
// documents in the corpus; "cited by" lists who cites this one; the other language version can be
// shown side by side.
import { el, getJson, copyText, decodeComponent } from "./dom.js";
import { documentSource, officialUrl } from "./citation.js";
import { citationLine } from "./citation_line.js";

export class DocumentView {
  constructor(app) {
    this.app = app;
    this.root = document.getElementById("document-view");
    this.container = document.getElementById("document");
    this.back = document.getElementById("back-link");
    this.parallel = false;
    window.addEventListener("hashchange", () => {
      if (!this.root.hidden) this.markTarget();
    });
  }

  // `options.focusTitle`: focus the title when no paragraph is named by the address;
  // `options.focusToggle`: focus the side-by-side button (the view was rebuilt by it).
  async show(docId, lastSearch, options = {}) {
    const t = this.app.t;
    this.root.hidden = false;
    this.back.href = lastSearch || "/";
    this.back.textContent = t.back;
    this.container.replaceChildren(el("p", { class: "status", text: "…" }));
    let doc;
    try {
      doc = await getJson(`/api/documents/${encodeURIComponent(docId)}?ui=${this.app.ui}`);
    } catch (error) {
      this.container.replaceChildren(el("div", { class: "error", role: "alert" },
        el("p", { text: error.status === 404 ? t.documentNotFound : `${t.error} ${error.message}` })));
      return;
    }
    let other = null;
    if (this.parallel && doc.counterpart) {
      try {
        other = await getJson(`/api/documents/${encodeURIComponent(doc.counterpart)}?ui=${this.app.ui}`);
      } catch (error) {
        other = null;
      }
    }
    document.title = `${documentSource(doc) || doc.title} — Palermo`;
    this.render(doc, other);
    const marked = this.markTarget();
    if (options.focusToggle) this.container.querySelector(".parallel-toggle")?.focus();
    else if (!marked && options.focusTitle) this.container.querySelector("h1").focus();
  }

  header(doc) {
    const t = this.app.t;
    const facts = [];
    if (doc.session) facts.push(t.session(doc.session));
    if (doc.body) facts.push(doc.body.label);
    // Dated as its cards are: its own date, else (a resolution) its session's days.
    if (doc.date) facts.push(`${t.date}: ${doc.date}`);
    else if (doc.session_end) facts.push(t.sessionDates(doc.session_start, doc.session_end));
    if (doc.place) facts.push(`${t.place}: ${doc.place}`);
    facts.push(t.languageName[doc.lang] || doc.lang);
    if (doc.original_lang && doc.original_lang !== doc.lang) {
      facts.push(`${t.original}: ${t.languageName[doc.original_lang] || doc.original_lang}`);
    }
    const source = documentSource(doc);
    return el("header", { class: "doc-header" },
      source ? el("p", { class: "symbol", text: source }) : null,
      doc.unofficial_translation ? el("p", { class: "unofficial", text: t.unofficialLong }) : null,
      doc.symbol ? el("p", { class: "official" }, el("a", { class: "official-link", href: officialUrl(doc.symbol, doc.lang),
        lang: doc.lang, text: t.officialRecord(doc.symbol) })) : null,
      el("h1", { lang: doc.lang, tabindex: "-1", text: doc.title || doc.doc }),
      // On paper, the address the document was printed from.
      el("p", { class: "print-only printed-link", text: `${window.location.origin}/doc/${encodeURIComponent(doc.doc)}` }),
      el("p", { class: "meta", text: facts.join(" · ") }),
      doc.agenda && doc.agenda.length
        ? el("ul", { class: "agenda", lang: doc.lang }, doc.agenda.map((a) => el("li", { text: `${a.item}. ${a.title}` })))
        : null);
  }

  paragraph(doc, p, idPrefix = "p-") {
    const t = this.app.t;
    const footnoteLinks = (p.footnotes || []).map((label) =>
      el("sup", {}, el("a", { href: `#${idPrefix}fn-${encodeURIComponent(label)}`, class: "footnote-ref",
        "aria-label": t.footnoteRef(label), text: label })));
    const citations = (p.citations || []).filter((c) => c.doc !== doc.doc);
    const citation = p.citation;
    return el("div", { class: `paragraph kind-${p.kind}`, id: `${idPrefix}${p.anchor}`, "data-id": p.id, tabindex: "-1" },
      p.para ? el("span", { class: "para", text: p.kind === "footnote" ? p.para : p.para }) : null,
      el(p.kind === "heading" ? "h2" : "p", { class: "text", lang: doc.lang }, p.text, footnoteLinks),
      citationLine(citations, doc.lang, t),
      p.kind === "heading" ? null : el("button", { type: "button", class: "copy link-button", text: t.copy,
        "aria-label": `${t.copy}: ${citation}`,
        onclick: async () => {
          const done = await copyText(citation);
          this.app.toast(done ? `${t.copied}: ${citation}` : `${t.copyFailed} ${citation}`);
        } }));
  }

  render(doc, other) {
    const t = this.app.t;
    const body = doc.paragraphs.filter((p) => p.kind !== "footnote");
    const notes = doc.paragraphs.filter((p) => p.kind === "footnote");
    const parts = [this.header(doc)];
    if (doc.counterpart) {
      const otherLang = doc.lang === "es" ? "en" : "es";
      parts.push(el("p", { class: "versions" },
        el("a", { href: `/doc/${encodeURIComponent(doc.counterpart)}${window.location.hash}`, text: t.counterpart[otherLang] }),
        " · ",
        el("button", { type: "button", class: "link-button parallel-toggle", "aria-pressed": String(this.parallel),
          text: this.parallel ? t.single : t.parallel,
          onclick: () => { this.parallel = !this.parallel; this.show(doc.doc, this.back.getAttribute("href"), { focusToggle: true }); } })));
    }
    if (other) {
      const byId = new Map(other.paragraphs.map((p) => [p.id, p]));
      const rows = body.map((p) => {
        const twin = p.counterpart ? byId.get(p.counterpart) : null;
        return el("div", { class: "parallel-row" }, this.paragraph(doc, p),
          twin ? this.paragraph(other, twin, "q-") : el("div", { class: "paragraph missing" }));
      });
      parts.push(el("div", { class: "parallel" }, rows));
    } else {
      parts.push(el("article", { class: "doc-body" }, body.map((p) => this.paragraph(doc, p))));
    }
    if (notes.length) {
      parts.push(el("section", { class: "footnotes", "aria-labelledby": "notes-title" },
        el("h2", { id: "notes-title", text: t.footnotes }), notes.map((p) => this.paragraph(doc, p))));
    }
    if (doc.cited_by && doc.cited_by.length) {
      parts.push(el("section", { class: "cited-by", "aria-labelledby": "cited-by-title" },
        el("h2", { id: "cited-by-title", text: t.citedBy }),
        el("ul", {}, doc.cited_by.map((c) => {
          const anchor = c.id.slice(c.id.lastIndexOf(":") + 1);
          return el("li", {}, el("a", { href: `/doc/${encodeURIComponent(c.doc)}#p-${encodeURIComponent(anchor)}`,
            text: `${c.title}${c.para ? ` — ${c.para}` : ""}` }));
        }))));
    }
    this.container.replaceChildren(...parts);
  }

  // Marks and focuses the paragraph the address names; whether there was one.
  markTarget() {
    for (const old of this.container.querySelectorAll(".target")) old.classList.remove("target");
    for (const old of this.container.querySelectorAll("[aria-current]")) old.removeAttribute("aria-current");
    const id = decodeComponent(window.location.hash.slice(1));
    if (!id) return false;
    // Only a paragraph or footnote of the document is a target ("#main", from the skip link, is not).
    const target = document.getElementById(id);
    if (!target || !target.classList.contains("paragraph") || !this.container.contains(target)) return false;
    target.classList.add("target");
    target.setAttribute("aria-current", "true");
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return true;
  }
}
