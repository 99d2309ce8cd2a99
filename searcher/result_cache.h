// Answers already computed, per (index revision, request): a delegate paging back and forth, or a
// page reloaded, costs no match. Bounded, least recently used first out; thread-safe, shared by
// every Searcher of a SearcherPool. Entries of an older revision are never returned (the revision
// is part of the key) and age out.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "searcher/search_request.h"
#include "searcher/search_result.h"

namespace palermo {

class ResultCache {
 public:
  // `capacity`: answers kept (each a page of results with its facets: some kilobytes).
  explicit ResultCache(std::size_t capacity) : capacity_(capacity) {}

  // The key of `request` on revision `revision` (FacetColumns::identity()).
  static std::string key(const std::string& revision, const SearchRequest& request);

  std::optional<SearchResult> find(const std::string& key);
  void insert(const std::string& key, const SearchResult& result);

 private:
  using Entries = std::list<std::pair<std::string, SearchResult>>;
  const std::size_t capacity_;
  std::mutex mutex_;
  Entries entries_;  // most recently used first; guarded by mutex_
  std::unordered_map<std::string, Entries::iterator> index_;
};

}  // namespace palermo
