#include "searcher/result_cache.h"

namespace palermo {

std::string ResultCache::key(const std::string& revision, const SearchRequest& r) {
  // Fields separated by a byte no UTF-8 text holds.
  const char sep = '\xff';
  std::string k = revision + sep + r.query + sep + std::to_string(r.page) + sep + std::to_string(r.size) + sep +
                  (r.sort == SortOrder::date ? "d" : "r") + sep + r.ui_lang + sep + (r.cross_language ? "x" : "-");
  for (const auto& [name, values] : r.filters) {
    k += sep + name;
    for (const std::string& v : values) k += '\xfe' + v;
  }
  // The scope beyond the facets and the grouping: two requests differing only there are two searches.
  k += sep + std::string("s");
  if (r.sessions) k += (r.sessions->from ? std::to_string(*r.sessions->from) : "") + ".." + (r.sessions->to ? std::to_string(*r.sessions->to) : "");
  k += sep + std::string("d");
  if (r.dates) k += r.dates->from + ".." + r.dates->to;
  k += sep + r.document + sep + (r.group == Grouping::documents ? "g" : "p");
  return k;
}

std::optional<SearchResult> ResultCache::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(key);
  if (it == index_.end()) return std::nullopt;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void ResultCache::insert(const std::string& key, const SearchResult& result) {
  if (capacity_ == 0) return;
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(key); it != index_.end()) {
    it->second->second = result;
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(key, result);
  index_[key] = entries_.begin();
  while (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

}  // namespace palermo
