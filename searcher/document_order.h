// The order of matches of equal relevance, from memory. Palermo ranks by relevance, then by
// document id (schema::kDocumentSlot), then by docid (Xapian's own last tie-break), so that ties
// come in the same order in every layout of the index (searcher.cpp, order()). Xapian's
// Enquire::set_sort_by_relevance_then_value reads that slot for every match it ranks: a value
// stream lookup each, which took +70% of a 10,000-match query's match at 1,000,000 paragraphs
// (4 times the block reads). This KeyMaker gives the same order from a column read once per
// revision.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

namespace palermo {

class DocumentOrderKey : public Xapian::KeyMaker {
 public:
  // Reads the document id slot's value stream of `db`, one local database (a KeyMaker of ours
  // cannot run on a remote shard, and a match spy or key maker over several sub-databases sees
  // each one's own docids). Memory: 4 bytes per docid up to the last one. Throws Xapian::Error as
  // the database does.
  explicit DocumentOrderKey(const Xapian::Database& db);

  // A sort key that orders as the document id would, compared byte by byte as Xapian compares
  // values: the id's rank among the distinct ids of the revision read, 4 bytes, big-endian; ""
  // for a docid holding none (as Document::get_value gives ""); for a docid past the last one read
  // (a document added after this revision), "\xff\xff\xff\xff\xff": after every other.
  // Thread-safe (const, no state changes); must outlive the Enquire it is given to.
  std::string operator()(const Xapian::Document& doc) const override;

 private:
  static constexpr std::uint32_t kNone = UINT32_MAX;
  std::vector<std::uint32_t> ranks_;  // docid -> rank, kNone without a document id
};

}  // namespace palermo
