#include "searcher/facet_columns.h"

#include <algorithm>
#include <optional>

#include "analysis/records.h"

namespace palermo {
namespace {

// Calls each(value) for each non-empty value of a slot holding several (schema::kValueSeparator).
template <class Each>
void for_each_value(const std::string& slot_value, Each&& each) {
  for (std::size_t start = 0; start <= slot_value.size();) {
    std::size_t end = slot_value.find(schema::kValueSeparator, start);
    if (end == std::string::npos) end = slot_value.size();
    if (end > start) each(slot_value.substr(start, end - start));
    start = end + 1;
  }
}

}  // namespace

std::string FacetColumns::identity_of(const Xapian::Database& db) {
  return revision_identity(db);
}

FacetColumns::FacetColumns(const Xapian::Database& db, Source source) : identity_(identity_of(db)) {
  const Xapian::docid last = db.get_lastdocid();
  columns_.resize(schema::kFacets.size());
  for (std::size_t f = 0; f < schema::kFacets.size(); ++f) {
    const schema::FacetField& field = schema::kFacets[f];
    Column& c = columns_[f];
    c.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    std::unordered_map<std::string, Code> known;
    auto code_of = [&](const std::string& value) {
      auto [it, added] = known.emplace(value, static_cast<Code>(c.values.size()));
      if (added) {
        c.values.push_back(value);
        c.canonical[schema::canonical_value(value)].push_back(it->second);
      }
      return it->second;
    };
    // Paragraphs are read as they come (a value stream in docid order, filter terms term by term),
    // then laid out in docid order.
    struct Run {
      Xapian::docid docid;
      std::uint32_t begin;
      std::uint32_t size;
    };
    std::vector<Run> runs;
    std::vector<Code> read;
    bool in_order = true;
    if (source == Source::filter_terms) {
      const std::string prefix(field.prefix);
      for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) {
        auto posting = db.postlist_begin(*term);
        if (posting == db.postlist_end(*term)) continue;
        // The stored form ("WG.2") of the term's canonical value ("wg.2"), from its first paragraph.
        const std::string canonical = (*term).substr(prefix.size());
        std::optional<std::string> stored;
        for_each_value(db.get_document(*posting).get_value(field.slot), [&](const std::string& v) {
          if (!stored && schema::canonical_value(v) == canonical) stored = v;
        });
        const Code code = code_of(stored.value_or(canonical));
        for (; posting != db.postlist_end(*term); ++posting) {
          runs.push_back({*posting, static_cast<std::uint32_t>(read.size()), 1});
          read.push_back(code);
        }
      }
      in_order = false;
    }
    for (auto it = db.valuestream_begin(field.slot); source == Source::value_streams && it != db.valuestream_end(field.slot); ++it) {
      const Xapian::docid docid = it.get_docid();
      in_order = in_order && (runs.empty() || runs.back().docid < docid);
      const auto begin = static_cast<std::uint32_t>(read.size());
      const std::string value = *it;
      if (!field.multi_valued) {
        read.push_back(code_of(value));
      } else {
        for_each_value(value, [&](const std::string& v) {
          // A value held twice (an index written before values were made unique) counts once.
          const Code code = code_of(v);
          if (std::find(read.begin() + begin, read.end(), code) == read.end()) read.push_back(code);
        });
      }
      runs.push_back({docid, begin, static_cast<std::uint32_t>(read.size()) - begin});
    }
    if (!in_order) std::stable_sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) { return x.docid < y.docid; });
    // The offsets of the docids without a value stay equal to the next one's.
    c.codes.reserve(read.size());
    Xapian::docid filled = 0;
    for (const Run& r : runs) {
      for (Xapian::docid d = filled + 1; d <= r.docid; ++d) c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
      filled = r.docid;  // several runs of one docid (a multi-valued facet read term by term) follow each other
      c.codes.insert(c.codes.end(), read.begin() + r.begin, read.begin() + r.begin + r.size);
    }
    for (Xapian::docid d = filled + 1; d <= last + 1; ++d) c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
  }
  if (source == Source::value_streams && db.size() == 1) {
    std::vector<std::string> languages;
    const std::string recorded = db.get_metadata("analysis.languages");
    for (std::size_t at = 0; at <= recorded.size();) {
      const std::size_t comma = std::min(recorded.find(',', at), recorded.size());
      if (comma > at) languages.push_back(recorded.substr(at, comma - at));
      at = comma + 1;
    }
    if (languages.size() > 1) counterparts_.emplace(db, languages);
  }
}

std::vector<FacetColumns::Code> FacetColumns::codes_of(std::size_t facet, const std::string& canonical) const {
  const auto& map = columns_[facet].canonical;
  auto it = map.find(canonical);
  return it == map.end() ? std::vector<Code>{} : it->second;
}

std::shared_ptr<const FacetColumns> SharedColumns::of(const std::string& identity, const Xapian::Database& db,
                                                     FacetColumns::Source source) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (auto known = columns_.find(identity); known != columns_.end()) return known->second;
    if (!building_.count(identity)) break;
    built_.wait(lock);
  }
  building_.insert(identity);
  lock.unlock();
  std::shared_ptr<const FacetColumns> made;
  try {
    made = std::make_shared<const FacetColumns>(db, source);
  } catch (...) {
    lock.lock();
    building_.erase(identity);
    built_.notify_all();
    throw;
  }
  lock.lock();
  building_.erase(identity);
  columns_[identity] = made;
  order_.push_back(identity);
  while (order_.size() > kKept) {
    columns_.erase(order_.front());
    order_.pop_front();
  }
  built_.notify_all();
  return made;
}

}  // namespace palermo
