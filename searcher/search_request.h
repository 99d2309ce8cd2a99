// A search as the search library takes it: typed, validated, free of HTTP and of command-line
// concerns. Both programs' edges build one of these and nothing else reaches the library.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace palermo {

// relevance: best first, equal scores in reading order (document id, then position).
// date: newest first (a document's date, else its session's last day; undated last), a date's
// documents by id, each document's paragraphs in reading order; whole and the same in every
// layout (schema::kDateOrderSlot). Grouped by document, a document shows its first match.
enum class SortOrder { relevance, date };

// Whether an answer may come from the ResultCache (use) or must be computed from the index now
// (bypass: a health probe, which must read the index to say it can be read).
enum class CachePolicy { use, bypass };

// What a result is: a paragraph, or a document (its best paragraph, with how many match).
enum class Grouping { paragraphs, documents };

// Inclusive ranges; an absent bound leaves that end open.
struct SessionRange {
  std::optional<int> from;  // session number, 1..999
  std::optional<int> to;
};
struct DateRange {
  std::string from;  // "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty = open. "2014" as `from` is
  std::string to;    // 2014-01-01, as `to` 2014-12-31 (whole years and months included)
};

struct SearchRequest {
  std::string query;                                      // QueryParser syntax; may be empty
  std::map<std::string, std::vector<std::string>> filters; // facet name -> values (OR within, AND across)
  int page = 1;                                           // from 1
  int size = 20;                                          // 1..kMaxPageSize
  SortOrder sort = SortOrder::relevance;
  std::string ui_lang = "es";                             // labels: "es" | "en"
  bool cross_language = true;  // also match the other language through the glossary, ranked lower
  std::optional<SessionRange> sessions;  // AND-ed with the filters, like "session:7..12" in the query
  std::optional<DateRange> dates;        // by the date a paragraph's document is dated by (schema::kDateSlot)
  std::string document;                  // non-empty: only the paragraphs of this document id
  Grouping group = Grouping::paragraphs; // documents: page and size count documents
  CachePolicy cache = CachePolicy::use;  // not part of what is asked: never in a cache key
};

inline constexpr int kMaxPageSize = 100;
inline constexpr int kMaxPage = 10000;
inline constexpr std::size_t kMaxQueryBytes = 2048;
inline constexpr std::size_t kMaxFacetValues = 50;  // per facet, most frequent first

}  // namespace palermo
