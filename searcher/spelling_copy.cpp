#include "searcher/spelling_copy.h"

#include <stdlib.h>

#include <algorithm>
#include <stdexcept>

#include "analysis/records.h"
#include "analysis/schema.h"

namespace palermo {

namespace fs = std::filesystem;

// Copies of older revisions kept for Searchers that still read them (a reader of a removed Glass
// folder may fail); a revision older than this many is not searched any more.
constexpr std::size_t kKeptCopies = 3;

SpellingCopies::SpellingCopies(fs::path scratch) : scratch_(std::move(scratch)) {}

SpellingCopies::~SpellingCopies() {
  if (root_.empty()) return;
  std::error_code ec;
  fs::remove_all(root_, ec);
}

fs::path SpellingCopies::folder(const std::string& identity, const std::vector<Xapian::Database>& shards) {
  std::lock_guard lock(mutex_);
  if (auto it = copies_.find(identity); it != copies_.end()) return it->second;
  std::map<std::string, Xapian::termcount> counts;
  bool any = false;
  for (const Xapian::Database& shard : shards) {
    const std::string list = shard.get_metadata(std::string(schema::kSpellingKey));
    any = any || !list.empty();
    add_spelling_list(list, counts);
  }
  fs::path made;
  if (any) made = write_copy(counts);
  copies_[identity] = made;
  order_.push_back(identity);
  while (order_.size() > kKeptCopies) {
    std::error_code ec;
    if (!copies_[order_.front()].empty()) fs::remove_all(copies_[order_.front()], ec);
    copies_.erase(order_.front());
    order_.erase(order_.begin());
  }
  return made;
}

fs::path SpellingCopies::write_copy(const std::map<std::string, Xapian::termcount>& counts) {
  if (root_.empty()) {
    std::string pattern = (scratch_ / "palermo-spelling-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("cannot make a folder for spelling copies under " + scratch_.string());
    }
    root_ = pattern;
  }
  const fs::path made = root_ / std::to_string(made_++);
  {
    Xapian::WritableDatabase copy(made.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
    for (const auto& [word, frequency] : counts) copy.add_spelling(word, frequency);
    copy.commit();
  }
  return made;
}

}  // namespace palermo
