#include "searcher/document_order.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "analysis/schema.h"

namespace palermo {

DocumentOrderKey::DocumentOrderKey(const Xapian::Database& db) {
  ranks_.assign(static_cast<std::size_t>(db.get_lastdocid()) + 1, kNone);
  // Each distinct id gets a code as it is met (a document's paragraphs share one), then the codes
  // are renumbered in the ids' byte order: thousands of ids, not a string per paragraph.
  std::unordered_map<std::string, std::uint32_t> codes;
  std::vector<const std::string*> ids;
  for (auto it = db.valuestream_begin(schema::kDocumentSlot); it != db.valuestream_end(schema::kDocumentSlot); ++it) {
    const Xapian::docid docid = it.get_docid();
    if (docid >= ranks_.size()) break;  // added after get_lastdocid() was read: past the column
    auto [at, added] = codes.try_emplace(*it, static_cast<std::uint32_t>(codes.size()));
    if (added) ids.push_back(&at->first);  // unordered_map keeps its keys where they are
    ranks_[docid] = at->second;
  }
  std::vector<std::uint32_t> by_id(ids.size());
  std::iota(by_id.begin(), by_id.end(), 0U);
  // std::string's operator< compares as unsigned bytes (char_traits<char>::compare is memcmp's
  // order), as Xapian compares sort keys.
  std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) { return *ids[a] < *ids[b]; });
  std::vector<std::uint32_t> rank_of(ids.size());
  for (std::uint32_t rank = 0; rank < by_id.size(); ++rank) rank_of[by_id[rank]] = rank;
  for (std::uint32_t& r : ranks_) {
    if (r != kNone) r = rank_of[r];
  }
}

std::string DocumentOrderKey::operator()(const Xapian::Document& doc) const {
  const Xapian::docid docid = doc.get_docid();
  if (docid >= ranks_.size()) return std::string(5, '\xff');
  const std::uint32_t r = ranks_[docid];
  if (r == kNone) return std::string();
  const char key[4] = {static_cast<char>(r >> 24), static_cast<char>(r >> 16), static_cast<char>(r >> 8), static_cast<char>(r)};
  return std::string(key, 4);
}

}  // namespace palermo
