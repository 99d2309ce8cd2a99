// How the page names documents and links to their official records. The citation a delegate
// copies ("resolución 10/3, párr. 1", "…, preámbulo, párr. 3", "… (unofficial translation)") comes
// from the API (`citation`), written once on the server for the page, the exports and the feed.
import { CITATION } from "./i18n.js";

// "CTOC/COP/2024/x", or "resolución 10/3" for a resolution without its own symbol, or null.
export function documentSource(doc) {
  const words = CITATION[doc.lang] || CITATION.en;
  if (doc.symbol) return doc.symbol;
  if (doc.number && words[doc.type]) return `${words[doc.type]} ${doc.number}`;
  return null;
}

// A UN symbol ("CTOC/COP/WG.4/2023/5", "A/RES/70/1"): letters before the first slash. A Conference
// resolution's bare number ("6/1") is not one.
export function isSymbol(value) {
  return /^[A-Za-z][A-Za-z.]*\//.test(value || "");
}

// The official record of a symbol at the UN's document system, in the language of the version.
export function officialUrl(symbol, lang) {
  return `https://undocs.org/${lang === "en" ? "en" : "es"}/${symbol.split("/").map(encodeURIComponent).join("/")}`;
}
