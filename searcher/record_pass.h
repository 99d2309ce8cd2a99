// Records read per pass over the index, not per item: over remote shards each document read alone
// is a round trip (Xapian 1.4's remote backend does not pipeline MSet::fetch), so a page of hits,
// an export, a document's paragraphs or its cited-by read that way cost a round trip per row (a
// second QA of issue 11, N3: 4-7 per row). A match returns each item's collapse key with it: a
// match collapsing on a slot that is unique per document (schema::kRecordSlot, the record's JSON;
// schema::kParagraphIdSlot) reads those values in one round trip per shard, nothing collapsed.
#pragma once

#include <xapian.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace palermo {

// The records (JSON, as schema::kRecordSlot holds them) of the documents `query` matches, at most
// `limit`, ordered by `sort_by` (ascending, ties by docid) when given, else by docid. Documents
// without the slot are left out.
std::vector<std::string> records_matching(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount limit,
                                          std::optional<Xapian::valueno> sort_by = std::nullopt);

// The distinct values of `slot` held by the documents indexed by any of `terms`: which of them the
// index holds, read by one match (Q + paragraph id -> the ids held, with kParagraphIdSlot; XD +
// document id -> the documents held, with kDocumentSlot). Empty `terms`: empty, no match run.
std::set<std::string> values_held(const Xapian::Database& db, const std::vector<std::string>& terms, Xapian::valueno slot);

}  // namespace palermo
