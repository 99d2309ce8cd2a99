// Suggestions while typing (GET /api/suggest?prefix=): document symbols, resolution and decision
// numbers and cited UN symbols from the index's own term lists (the terms the filters use), and
// glossary terms and body names in both languages from the domain tables the index was built
// with. No second store: what the index holds is what is suggested.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "domain/domain_data.h"

namespace palermo {

struct Suggestion {
  std::string text;   // as shown: "CTOC/COP/WG.4/2023/5", "trata de personas", "Grupo de Trabajo sobre la Trata de Personas"
  std::string query;  // what the box gets when it is chosen: "CTOC/COP/WG.4/2023/5", "\"trata de personas\"", "body:WG.4"
  std::string kind;   // "symbol" | "number" | "term" | "body"
  std::string lang;   // "es" | "en" for terms and body names; empty for symbols and numbers
  std::string completes;  // the end of the prefix this suggestion replaces, as typed: "CTOC/COP/WG" of "session:12 CTOC/COP/WG"
};

inline constexpr std::size_t kMaxSuggestions = 10;
inline constexpr std::size_t kMaxPrefixBytes = 100;

// Up to kMaxSuggestions for `prefix`, the search box as typed: they complete its last word or
// words, the longest end of it that starts a word and that something completes ("asistencia trata
// de p" completes "trata de p" with the term "trata de personas"); a `+`, `-` or `(` before that
// word stays, a `"` is replaced with it. Case and accents aside; "resolución 6/" and "decision 4"
// look for numbers after the citation word, from citation_keywords.tsv. Symbols and numbers
// first, most cited first; then terms and body names, shortest first. All suggestions complete
// the same end (`completes`). An empty or blank prefix gives none. Throws nothing for any input.
std::vector<Suggestion> suggest(const Xapian::Database& db, const DomainData& domain, std::string_view prefix);

}  // namespace palermo
