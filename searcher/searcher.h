// Answers searches over a paragraph index. One Searcher per thread: it holds a Xapian database
// handle and an Analyzer, neither of which may be shared across threads.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <memory>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"
#include "searcher/search_error.h"
#include "searcher/search_request.h"
#include "searcher/search_result.h"

namespace palermo {

class Searcher {
 public:
  // Opens the index at `db`. Throws SearchError(no_index) when it cannot be opened and
  // SearchError(incompatible_index) when it was built with other analysis settings.
  // `domain` must outlive the Searcher.
  Searcher(const std::filesystem::path& db, const DomainData& domain, const AnalysisOptions& analysis);
  ~Searcher();

  // Throws SearchError(bad_query) for a malformed query or out-of-range parameter.
  SearchResult search(const SearchRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace palermo
