#include "searcher/searcher_pool.h"

#include <sys/stat.h>

#include <algorithm>

#include "searcher/facet_columns.h"
#include "searcher/result_cache.h"

namespace palermo {

SearcherPool::SearcherPool(std::filesystem::path db, const DomainData& domain, AnalysisOptions analysis,
                           std::size_t cached_answers)
    : db_(std::move(db)),
      domain_(domain),
      analysis_(std::move(analysis)),
      cache_(std::make_shared<ResultCache>(cached_answers)) {}

SearcherPool::~SearcherPool() = default;

SearcherPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(std::move(entry_));
}

SearcherPool::Stamp SearcherPool::read_stamp() const {
  struct stat info {};
  if (::stat((db_ / "iamglass").c_str(), &info) != 0) return {};
  return {static_cast<unsigned long long>(info.st_ino),
          static_cast<long long>(info.st_mtim.tv_sec) * 1'000'000'000LL + info.st_mtim.tv_nsec};
}

SearcherPool::Lease SearcherPool::acquire() {
  const Stamp stamp = read_stamp();
  {
    std::lock_guard lock(mutex_);
    auto current = std::find_if(idle_.begin(), idle_.end(), [&](const Entry& e) { return e.stamp == stamp; });
    if (current != idle_.end() && stamp != Stamp{}) {
      Entry entry = std::move(*current);
      idle_.erase(current);
      return Lease(*this, std::move(entry));
    }
  }
  // Opening takes milliseconds: done outside the lock so other callers keep going.
  try {
    SearcherOptions options;
    options.cache = cache_;
    {
      std::lock_guard lock(mutex_);
      options.columns = columns_;
    }
    Entry entry{std::make_unique<Searcher>(db_, domain_, analysis_, options), stamp};
    std::vector<Entry> stale;
    {
      std::lock_guard lock(mutex_);
      if (newest_ != Stamp{} && newest_ != stamp) ++reopens_;
      newest_ = stamp;
      columns_ = entry.searcher->columns();
      auto old = std::stable_partition(idle_.begin(), idle_.end(), [&](const Entry& e) { return e.stamp == stamp; });
      std::move(old, idle_.end(), std::back_inserter(stale));
      idle_.erase(old, idle_.end());
    }
    return Lease(*this, std::move(entry));
  } catch (const SearchError&) {
    // Mid-swap or mid-write: keep answering from the revision we already have, if any.
    std::lock_guard lock(mutex_);
    if (idle_.empty()) throw;
    Entry entry = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(entry));
  }
}

void SearcherPool::release(Entry entry) {
  std::lock_guard lock(mutex_);
  if (entry.stamp == newest_ || idle_.empty()) idle_.push_back(std::move(entry));
}

}  // namespace palermo
