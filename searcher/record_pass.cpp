#include "searcher/record_pass.h"

#include "analysis/schema.h"

namespace palermo {

std::vector<std::string> records_matching(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount limit,
                                          std::optional<Xapian::valueno> sort_by) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  if (sort_by) enquire.set_sort_by_value(*sort_by, false);
  enquire.set_collapse_key(schema::kRecordSlot);
  const Xapian::MSet mset = enquire.get_mset(0, limit);
  std::vector<std::string> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (!it.get_collapse_key().empty()) out.push_back(it.get_collapse_key());
  }
  return out;
}

std::set<std::string> values_held(const Xapian::Database& db, const std::vector<std::string>& terms, Xapian::valueno slot) {
  std::set<std::string> held;
  if (terms.empty()) return held;
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_collapse_key(slot);
  // One item per distinct value, and no more values than terms.
  const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(terms.size()));
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (!it.get_collapse_key().empty()) held.insert(it.get_collapse_key());
  }
  return held;
}

}  // namespace palermo
