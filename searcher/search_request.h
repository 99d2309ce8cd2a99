// A search as the search library takes it: typed, validated, free of HTTP and of command-line
// concerns. Both programs' edges build one of these and nothing else reaches the library.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace palermo {

enum class SortOrder { relevance, date };

struct SearchRequest {
  std::string query;                                      // QueryParser syntax; may be empty
  std::map<std::string, std::vector<std::string>> filters; // facet name -> values (OR within, AND across)
  int page = 1;                                           // from 1
  int size = 20;                                          // 1..kMaxPageSize
  SortOrder sort = SortOrder::relevance;
  std::string ui_lang = "es";                             // labels: "es" | "en"
  bool cross_language = true;  // also match the other language through the glossary, ranked lower
};

inline constexpr int kMaxPageSize = 100;
inline constexpr int kMaxPage = 10000;
inline constexpr std::size_t kMaxQueryBytes = 2048;
inline constexpr std::size_t kMaxFacetValues = 50;  // per facet, most frequent first

}  // namespace palermo
