// Spelling correction over remote shards. Xapian 1.4's remote backend has no access to a shard's
// spelling table (get_spelling_suggestion over a `remote` shard finds nothing), but it reads
// metadata, where palermo-index keeps a copy of each shard's table (schema::kSpellingKey). The
// search machine sums the shards' copies into the spelling table of a local Glass database, one
// per index revision, and asks Xapian's own get_spelling_suggestion of it: the same algorithm and
// frequencies as over the single index, so the same suggestions.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace palermo {

// The local copies of one index's spelling tables, shared by a pool's Searchers (each opens its
// own read-only Database on a copy: Xapian handles are not shared between threads).
class SpellingCopies {
 public:
  // Copies are written in a folder of their own made under `scratch` when first needed, and
  // removed with this object.
  explicit SpellingCopies(std::filesystem::path scratch = std::filesystem::temp_directory_path());
  ~SpellingCopies();
  SpellingCopies(const SpellingCopies&) = delete;
  SpellingCopies& operator=(const SpellingCopies&) = delete;

  // The folder of a Glass database whose spelling table holds the words of `shards` (each one
  // Database of one shard, read through the caller's handles) with their frequencies summed, for
  // the revision named `identity` (revision_identity); built on the first call for an identity,
  // other callers waiting. Empty when no shard holds a copy (an index written before palermo-index
  // kept one: rebuild it). Throws Xapian::Error as reading the shards does.
  std::filesystem::path folder(const std::string& identity, const std::vector<Xapian::Database>& shards);

 private:
  // A new Glass database under root_ whose spelling table holds `counts`; called under mutex_.
  std::filesystem::path write_copy(const std::map<std::string, Xapian::termcount>& counts);

  std::filesystem::path scratch_;
  std::filesystem::path root_;  // made on first use
  std::mutex mutex_;
  std::map<std::string, std::filesystem::path> copies_;  // identity -> folder; the newest few kept
  std::vector<std::string> order_;                      // identities, oldest first
  std::size_t made_ = 0;
};

}  // namespace palermo
