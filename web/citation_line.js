// The "Cita:" line of a card or a paragraph: each document cited, linked when the collection has
// it; otherwise marked "not in this collection", with its official record at undocs.org when it
// has a UN symbol. Articles of instruments are shown by the facet, not here.
import { el } from "./dom.js";
import { isSymbol, officialUrl } from "./citation.js";

export function citationLine(citations, lang, t) {
  const shown = (citations || []).filter((c) => c.kind !== "article");
  if (!shown.length) return null;
  const items = shown.map((c) => {
    if (c.doc) return el("a", { href: `/doc/${encodeURIComponent(c.doc)}`, text: c.label });
    return el("span", { class: "not-in-collection" }, c.label, ` (${t.notInCollection}`,
      isSymbol(c.value) ? [": ", el("a", { class: "official-link", href: officialUrl(c.value, lang), text: "undocs.org" })] : null,
      ")");
  });
  return el("p", { class: "citations" }, `${t.cites}: `, items.map((item, i) => (i ? ["; ", item] : item)));
}
