// What a search returns: the ranked page of paragraphs with what a result card shows, exact
// totals and exact facet counts over all matches.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/records.h"
#include "searcher/search_request.h"

namespace palermo {

struct SearchHit {
  ParagraphRecord paragraph;
  DocumentRecord document;
  std::string body_label;   // in the request's UI language
  std::string snippet;      // HTML-escaped, matched words in <mark>
  double score = 0;
};

struct FacetValue {
  std::string value;
  std::string label;
  std::size_t count = 0;
};

// Facet name -> values by descending count; every facet of schema::kFacets is present.
using FacetCounts = std::map<std::string, std::vector<FacetValue>>;

struct SearchResult {
  SearchRequest request;
  std::size_t total = 0;                  // exact
  double took_ms = 0;
  std::optional<std::string> suggestion;  // a corrected query when nothing matched
  std::vector<SearchHit> hits;
  FacetCounts facets;
};

}  // namespace palermo
