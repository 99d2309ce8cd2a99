// Palermo's page: one module, two views chosen by the path ("/" search, "/doc/{doc}" a document),
// the interface language (remembered), and client-side navigation through the History API.
import { STRINGS } from "./i18n.js";
import { el, decodeComponent } from "./dom.js";
import { SearchView } from "./search_view.js";
import { DocumentView } from "./document_view.js";
import { Suggestions } from "./suggestions.js";

const UI_KEY = "palermo.ui";

class App {
  constructor() {
    let stored = null;
    try {
      stored = window.localStorage.getItem(UI_KEY);
    } catch (e) {
      stored = null;  // storage may be disabled
    }
    this.ui = stored === "en" || stored === "es" ? stored : "es";
    this.lastSearch = "/";
    this.search = new SearchView(this);
    this.document = new DocumentView(this);
    this.suggestions = new Suggestions(this, document.getElementById("q"), document.getElementById("suggestions"));
    this.toastBox = document.getElementById("toast");

    for (const button of document.querySelectorAll("[data-ui-lang]")) {
      button.addEventListener("click", () => this.setUi(button.dataset.uiLang));
    }
    // A skip link or a footnote link changes only the fragment, which also fires popstate: the
    // view is not rebuilt for that (it would take the focus the link just gave).
    window.addEventListener("popstate", () => {
      if (window.location.pathname + window.location.search !== this.routed) this.route();
    });
    // Links inside the page navigate without reloading it.
    document.addEventListener("click", (e) => {
      const a = e.target.closest("a[href]");
      if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin !== window.location.origin || a.target) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return;
      if (url.pathname === "/" || url.pathname.startsWith("/doc/")) {
        e.preventDefault();
        this.navigate(url.pathname + url.search + url.hash);
      }
    });
    // "/" puts the cursor in the search box, as on most search sites.
    document.addEventListener("keydown", (e) => {
      if (e.key === "/" && !["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName)) {
        const box = document.getElementById("q");
        if (!box.closest("[hidden]")) {
          e.preventDefault();
          box.focus();
        }
      }
    });
    this.applyStrings();
    this.route();
  }

  get t() {
    return STRINGS[this.ui];
  }

  setUi(lang) {
    if (lang === this.ui) return;
    this.ui = lang;
    try {
      window.localStorage.setItem(UI_KEY, lang);
    } catch (e) {
      // not remembered, but still applied
    }
    this.applyStrings();
    this.route();
  }

  applyStrings() {
    const t = this.t;
    document.documentElement.lang = this.ui;
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t[node.dataset.i18n];
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t[node.dataset.i18nPlaceholder];
    for (const node of document.querySelectorAll("[data-i18n-title]")) node.title = t[node.dataset.i18nTitle];
    for (const node of document.querySelectorAll("[data-i18n-label]")) node.setAttribute("aria-label", t[node.dataset.i18nLabel]);
    for (const button of document.querySelectorAll("[data-ui-lang]")) {
      button.setAttribute("aria-pressed", String(button.dataset.uiLang === this.ui));
    }
  }

  navigate(url) {
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.pushState(null, "", url);
    }
    this.route();
  }

  route() {
    const path = window.location.pathname;
    const previous = this.routed || "";
    this.routed = path + window.location.search;
    if (path.startsWith("/doc/")) {
      this.search.root.hidden = true;
      // Arriving from another view or document (not a first load, not a change of interface
      // language), the focus goes to the document's title unless a paragraph is asked for.
      const arrived = previous !== "" && previous !== this.routed;
      this.document.show(decodeComponent(path.slice("/doc/".length)), this.lastSearch, { focusTitle: arrived });
    } else {
      this.document.root.hidden = true;
      this.lastSearch = path + window.location.search;
      document.title = "Palermo";
      this.search.show(window.location.search, { backFromDocument: previous.startsWith("/doc/") });
    }
  }

  toast(text) {
    this.toastBox.replaceChildren(el("span", { text }));
    this.toastBox.classList.add("visible");
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => this.toastBox.classList.remove("visible"), 3000);
  }
}

new App();
