// The citation a delegate pastes: "CTOC/COP/2024/x, párr. 3", "resolución 10/3, párr. 5",
// written in the paragraph's own language.
import { CITATION } from "./i18n.js";

// "CTOC/COP/2024/x", or "resolución 10/3" for a resolution without its own symbol, or null.
export function documentSource(doc) {
  const words = CITATION[doc.lang] || CITATION.en;
  if (doc.symbol) return doc.symbol;
  if (doc.number && words[doc.type]) return `${words[doc.type]} ${doc.number}`;
  return null;
}

export function citationFor(paragraph, documentFields) {
  const doc = { ...paragraph, ...(documentFields || {}) };
  const words = CITATION[doc.lang] || CITATION.en;
  const source = documentSource(doc) || doc.title || doc.doc;
  const label = paragraph.para;
  if (paragraph.kind === "footnote" && label) return `${source}, ${words.footnote} ${label}`;
  if (label) return `${source}, ${words.para} ${label}`;
  if (paragraph.kind === "preambular") return `${source}, ${words.preamble}`;
  return source;
}
