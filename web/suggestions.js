// Suggestions while typing in the search box (/api/suggest): document symbols, resolution numbers,
// glossary terms and body names. The ARIA combobox pattern: arrows move through the list (the
// focus stays in the box, aria-activedescendant names the option), Enter or a click takes the
// option, Escape closes the list; Enter with no option chosen searches as typed.
import { el, getJson } from "./dom.js";

const DELAY_MS = 120;

export class Suggestions {
  constructor(app, input, list) {
    this.app = app;
    this.input = input;
    this.list = list;
    this.items = [];
    this.active = -1;
    this.ticket = 0;
    input.addEventListener("input", () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.fetch(), DELAY_MS);
    });
    input.addEventListener("keydown", (e) => this.key(e));
    input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
    // A search started (Enter, the button) before the suggestions came: they no longer help.
    input.form.addEventListener("submit", () => this.cancel());
  }

  // Closes the list and drops the suggestions asked for or about to be asked for.
  cancel() {
    clearTimeout(this.timer);
    ++this.ticket;
    this.close();
  }

  async fetch() {
    // The whole box goes to the server, which completes its last word or words ("session:12
    // CTOC/COP/WG" completes "CTOC/COP/WG"); `completes` in each suggestion says which.
    const prefix = this.input.value.trimStart();
    const ticket = ++this.ticket;
    if (!prefix.trim()) return this.close();
    let body;
    try {
      body = await getJson(`/api/suggest?prefix=${encodeURIComponent(prefix)}`);
    } catch (e) {
      return this.close();  // typing help is optional: the search itself reports errors
    }
    if (ticket !== this.ticket || document.activeElement !== this.input) return;
    this.typed = prefix;
    this.show(body.suggestions || []);
  }

  show(suggestions) {
    const t = this.app.t;
    this.items = suggestions;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.list.replaceChildren(...suggestions.map((s, i) => el("li", {
      id: `suggestion-${i}`, role: "option", "aria-selected": "false", class: "suggestion-option",
      "data-query": s.query, lang: s.lang || null,
      onmousedown: (e) => { e.preventDefault(); this.choose(i); },
    }, el("span", { class: "suggestion-text", text: s.text }), el("span", { class: "suggestion-kind", text: t.suggestionKind[s.kind] || s.kind }))));
    const open = suggestions.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute("aria-expanded", String(open));
  }

  close() {
    this.items = [];
    this.active = -1;
    this.list.hidden = true;
    this.list.replaceChildren();
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  }

  move(to) {
    const options = this.list.querySelectorAll("[role=option]");
    if (!options.length) return;
    this.active = (to + options.length) % options.length;
    options.forEach((o, i) => o.setAttribute("aria-selected", String(i === this.active)));
    this.input.setAttribute("aria-activedescendant", options[this.active].id);
    options[this.active].scrollIntoView({ block: "nearest" });
  }

  choose(i) {
    const chosen = this.items[i];
    this.close();
    if (!chosen) return;
    // Only the words the suggestion completes are replaced; what comes before them stays.
    const typed = this.typed;
    const before = chosen.completes && typed.endsWith(chosen.completes) ? typed.slice(0, typed.length - chosen.completes.length) : "";
    this.input.value = before + chosen.query;
    this.input.focus();
    this.input.form.requestSubmit();
  }

  key(e) {
    const open = !this.list.hidden;
    if (e.key === "ArrowDown" && open) {
      e.preventDefault();
      this.move(this.active + 1);
    } else if (e.key === "ArrowUp" && open) {
      e.preventDefault();
      this.move(this.active - 1);
    } else if (e.key === "Enter" && open && this.active >= 0) {
      e.preventDefault();
      this.choose(this.active);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      this.close();
    } else if (e.key === "Enter") {
      this.cancel();
    }
  }
}
