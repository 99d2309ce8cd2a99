#include "searcher/facet_columns.h"

#include <algorithm>
#include <optional>

#include "analysis/facet_values.h"
#include "analysis/records.h"

namespace palermo {
namespace {

// Finds a stored value's code without building a std::string for it.
struct ValueHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

// The codes given so far to the stored values of one column: each new value gets the next code.
struct FacetColumns::Dictionary {
  std::unordered_map<std::string, Code, ValueHash, std::equal_to<>> known;
  Code last = kNone;  // the code given last: the paragraphs of a document mostly share their values

  Code code_of(Column& c, std::string_view value) {
    if (last != kNone && c.values[last] == value) return last;
    auto it = known.find(value);
    if (it == known.end()) {
      it = known.emplace(std::string(value), static_cast<Code>(c.values.size())).first;
      c.values.emplace_back(value);
      c.canonical[schema::canonical_value(value)].push_back(it->second);
    }
    return last = it->second;
  }
};

std::string FacetColumns::identity_of(const Xapian::Database& db) {
  return revision_identity(db);
}

std::vector<bool> FacetColumns::documents_of(const Xapian::Database& db) {
  std::vector<bool> documents(static_cast<std::size_t>(db.get_lastdocid()) + 1, false);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    if (*it < documents.size()) documents[*it] = true;
  }
  return documents;
}

std::string FacetColumns::database_of(const std::string& identity) {
  return identity.substr(0, identity.find('@'));
}

bool FacetColumns::updates_to(const std::string& identity) const {
  return !documents_.empty() && database_of(identity) == database_of(identity_);
}

std::shared_ptr<const FacetColumns> FacetColumns::updated(const FacetColumns& base, Xapian::Database& db, int retries) {
  // The paragraphs read survive a revision discarded under the read: each attempt reads only the
  // ones added since the last (docids are not given to another paragraph), so the update catches
  // up with an indexer committing every few hundred ms instead of starting over each time.
  Added read;
  for (int attempt = 0;; ++attempt) {
    try {
      std::shared_ptr<FacetColumns> made(new FacetColumns());
      made->update(base, db, read);
      return made;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt >= retries) throw;
      db.reopen();
    }
  }
}

FacetColumns::FacetColumns(const FacetColumns& base, const Xapian::Database& db) {
  Added read;
  update(base, db, read);
}

void FacetColumns::update(const FacetColumns& base, const Xapian::Database& db, Added& values) {
  identity_ = identity_of(db);
  documents_ = documents_of(db);
  const Xapian::docid last = static_cast<Xapian::docid>(documents_.size() - 1);
  // The paragraphs (and records) added since `base`, each read once for every facet.
  std::vector<Xapian::docid> added;
  std::vector<const FacetValues*> read;
  for (Xapian::docid d = 1; d <= last; ++d) {
    if (documents_[d] && !(d < base.documents_.size() && base.documents_[d])) {
      auto known = values.find(d);
      if (known == values.end()) {
        known = values.emplace(d, unpack_facet_values(db.get_document(d).get_value(schema::kFacetSlot))).first;
      }
      added.push_back(d);
      read.push_back(&known->second);
    }
  }
  columns_.resize(schema::kFacets.size());
  for (std::size_t f = 0; f < schema::kFacets.size(); ++f) {
    Column& c = columns_[f];
    c.values = base.columns_[f].values;
    c.canonical = base.columns_[f].canonical;
    c.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
    // A value takes the code of its canonical form, as when read from filter terms (one code per term).
    std::vector<std::vector<Code>> codes(added.size());
    for (std::size_t k = 0; k < added.size(); ++k) {
      for (const std::string& v : (*read[k])[f]) {
        const std::string canonical = schema::canonical_value(v);
        Code code;
        if (auto known = c.canonical.find(canonical); known != c.canonical.end() && !known->second.empty()) {
          code = known->second.front();
        } else {
          code = static_cast<Code>(c.values.size());
          c.values.push_back(v);
          c.canonical[canonical].push_back(code);
        }
        if (std::find(codes[k].begin(), codes[k].end(), code) == codes[k].end()) codes[k].push_back(code);
      }
    }
    std::size_t next = 0;
    for (Xapian::docid d = 1; d <= last; ++d) {
      c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
      if (next < added.size() && added[next] == d) {
        c.codes.insert(c.codes.end(), codes[next].begin(), codes[next].end());
        ++next;
      } else if (documents_[d]) {  // a paragraph deleted since has no codes
        const std::span<const Code> kept = base.codes(f, d);
        c.codes.insert(c.codes.end(), kept.begin(), kept.end());
      }
    }
    c.offsets[last + 1] = static_cast<std::uint32_t>(c.codes.size());
  }
  lay_out_single_values();
}

void FacetColumns::lay_out_single_values() {
  for (Column& c : columns_) {
    if (!c.single.empty() || c.offsets.empty()) continue;
    bool single = true;
    for (std::size_t d = 0; single && d + 1 < c.offsets.size(); ++d) single = c.offsets[d + 1] - c.offsets[d] <= 1;
    if (!single) continue;
    c.single.assign(c.offsets.size() - 1, kNone);
    for (std::size_t d = 0; d + 1 < c.offsets.size(); ++d) {
      if (c.offsets[d + 1] > c.offsets[d]) c.single[d] = c.codes[c.offsets[d]];
    }
    c.offsets = {};
    c.codes = {};
  }
  for (Column& c : columns_) {
    if (c.single.empty() || !c.held.empty() || c.values.size() > kHeldCodes) continue;
    for (Code code = 0; code < c.values.size(); ++code) c.held.push_back(bits_of(c.single, code));
  }
  lay_out_rows();
}

std::vector<std::uint64_t> FacetColumns::bits_of(std::span<const Code> column, Code code) {
  std::vector<std::uint64_t> bits((column.size() + 63) / 64, 0);
  for (std::size_t d = 0; d < column.size(); ++d) {
    if (column[d] == code) bits[d / 64] |= std::uint64_t{1} << (d % 64);
  }
  return bits;
}

void FacetColumns::lay_out_rows() {
  rows_.reset();
  Rows rows;
  std::size_t docids = 0;
  for (std::size_t f = 0; f < columns_.size(); ++f) {
    const Column& c = columns_[f];
    docids = std::max(docids, c.single.empty() ? (c.offsets.empty() ? 0 : c.offsets.size() - 1) : c.single.size());
    if (!c.single.empty() ? c.values.size() >= UINT16_MAX : c.values.size() >= (std::size_t{1} << Rows::kFacetShift)) return;
    if (!c.single.empty()) rows.facet_of.push_back(f);
  }
  rows.width = rows.facet_of.size();
  rows.singles.assign(docids * rows.width, 0);
  for (std::size_t i = 0; i < rows.width; ++i) {
    const std::vector<Code>& single = columns_[rows.facet_of[i]].single;
    for (std::size_t d = 0; d < single.size(); ++d) {
      if (single[d] != kNone) rows.singles[d * rows.width + i] = static_cast<std::uint16_t>(single[d] + 1);
    }
  }
  rows.list_offsets.assign(docids + 1, 0);
  for (std::size_t d = 0; d < docids; ++d) {
    rows.list_offsets[d] = static_cast<std::uint32_t>(rows.lists.size());
    for (std::size_t f = 0; f < columns_.size(); ++f) {
      const Column& c = columns_[f];
      if (!c.single.empty() || d + 1 >= c.offsets.size()) continue;
      for (std::uint32_t k = c.offsets[d]; k < c.offsets[d + 1]; ++k) {
        rows.lists.push_back(static_cast<std::uint32_t>(f) << Rows::kFacetShift | c.codes[k]);
      }
    }
  }
  rows.list_offsets[docids] = static_cast<std::uint32_t>(rows.lists.size());
  rows_ = std::move(rows);
}

void FacetColumns::read_value_stream(const Xapian::Database& db, Xapian::docid last) {
  // One value stream holds every facet (schema::kFacetSlot), in docid order: each paragraph's
  // codes are appended to every column at once.
  std::vector<Dictionary> dictionaries(columns_.size());
  std::vector<std::size_t> begin(columns_.size());
  Xapian::docid filled = 0;
  for (auto it = db.valuestream_begin(schema::kFacetSlot); it != db.valuestream_end(schema::kFacetSlot); ++it) {
    const Xapian::docid docid = it.get_docid();
    if (docid > last) break;
    for (std::size_t f = 0; f < columns_.size(); ++f) {
      Column& c = columns_[f];
      for (Xapian::docid d = filled + 1; d <= docid; ++d) c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
      begin[f] = c.codes.size();
    }
    filled = docid;
    const std::string packed = *it;
    for_each_facet_value(packed, [&](std::size_t f, std::string_view value) {
      Column& c = columns_[f];
      const Code code = dictionaries[f].code_of(c, value);
      // A value held twice counts once.
      if (std::find(c.codes.begin() + static_cast<std::ptrdiff_t>(begin[f]), c.codes.end(), code) == c.codes.end()) c.codes.push_back(code);
    });
  }
  for (Column& c : columns_) {
    for (Xapian::docid d = filled + 1; d <= last + 1; ++d) c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
  }
}

FacetColumns::FacetColumns(Xapian::Database& db, Source source) : identity_(identity_of(db)) {
  // Over remote shards a read of every term takes long enough for palermo-index to commit many
  // times: each read that meets a discarded revision is made again on the newest one. A paragraph
  // there from the start is in every term read since (docids are not given to another paragraph);
  // one added meanwhile may be in some terms only, and is read whole by the update that follows.
  const auto again = [&](auto&& read) {
    for (int attempt = 0;; ++attempt) {
      try {
        return read();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (source != Source::filter_terms || attempt >= kRereads) throw;
        db.reopen();
        complete_ = false;
      }
    }
  };
  if (source == Source::filter_terms) documents_ = documents_of(db);
  const Xapian::docid last = static_cast<Xapian::docid>(source == Source::filter_terms ? documents_.size() - 1 : db.get_lastdocid());
  columns_.resize(schema::kFacets.size());
  for (Column& c : columns_) c.offsets.assign(static_cast<std::size_t>(last) + 2, 0);
  if (source == Source::value_streams) read_value_stream(db, last);
  for (std::size_t f = 0; source == Source::filter_terms && f < schema::kFacets.size(); ++f) {
    const schema::FacetField& field = schema::kFacets[f];
    Column& c = columns_[f];
    Dictionary dictionary;
    // Paragraphs are read term by term, then laid out in docid order.
    struct Run {
      Xapian::docid docid;
      Code code;
    };
    std::vector<Run> runs;
    const std::string prefix(field.prefix);
    const std::vector<std::string> terms = again([&] {
      return std::vector<std::string>(db.allterms_begin(prefix), db.allterms_end(prefix));
    });
    for (const std::string& term : terms) {
      std::vector<Xapian::docid> postings;
      std::string first_values;
      again([&] {
        postings.assign(db.postlist_begin(term), db.postlist_end(term));
        if (!postings.empty()) first_values = db.get_document(postings.front()).get_value(schema::kFacetSlot);
      });
      // Only paragraphs of the revision the read began with (see complete()).
      std::erase_if(postings, [&](Xapian::docid d) { return d > last || !documents_[d]; });
      if (postings.empty()) continue;
      // The stored form ("WG.2") of the term's canonical value ("wg.2"), from its first paragraph.
      const std::string canonical = term.substr(prefix.size());
      std::optional<std::string> stored;
      for_each_facet_value(first_values, [&](std::size_t facet, std::string_view v) {
        if (facet == f && !stored && schema::canonical_value(v) == canonical) stored = std::string(v);
      });
      const Code code = dictionary.code_of(c, stored.value_or(canonical));
      for (Xapian::docid d : postings) runs.push_back({d, code});
    }
    std::stable_sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) { return x.docid < y.docid; });
    // The offsets of the docids without a value stay equal to the next one's.
    c.codes.reserve(runs.size());
    Xapian::docid filled = 0;
    for (const Run& r : runs) {
      for (Xapian::docid d = filled + 1; d <= r.docid; ++d) c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
      filled = r.docid;  // several runs of one docid (a multi-valued facet read term by term) follow each other
      c.codes.push_back(r.code);
    }
    for (Xapian::docid d = filled + 1; d <= last + 1; ++d) c.offsets[d] = static_cast<std::uint32_t>(c.codes.size());
  }
  lay_out_single_values();
  if (source == Source::value_streams && db.size() == 1) {
    std::vector<std::string> languages;
    const std::string recorded = db.get_metadata("analysis.languages");
    for (std::size_t at = 0; at <= recorded.size();) {
      const std::size_t comma = std::min(recorded.find(',', at), recorded.size());
      if (comma > at) languages.push_back(recorded.substr(at, comma - at));
      at = comma + 1;
    }
    if (languages.size() > 1) counterparts_.emplace(db, languages);
    document_order_.emplace(db);
  }
}

std::vector<FacetColumns::Code> FacetColumns::codes_of(std::size_t facet, const std::string& canonical) const {
  const auto& map = columns_[facet].canonical;
  auto it = map.find(canonical);
  return it == map.end() ? std::vector<Code>{} : it->second;
}

std::shared_ptr<const FacetColumns> SharedColumns::of(const std::string& identity, Xapian::Database& db,
                                                     FacetColumns::Source source) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (auto known = columns_.find(identity); known != columns_.end()) return known->second;
    if (!building_.count(identity)) break;
    built_.wait(lock);
  }
  building_.insert(identity);
  // The newest columns kept of the same database, if they can be updated.
  std::shared_ptr<const FacetColumns> base;
  for (auto it = order_.rbegin(); it != order_.rend() && base == nullptr; ++it) {
    if (columns_.at(*it)->updates_to(identity)) base = columns_.at(*it);
  }
  lock.unlock();
  std::shared_ptr<const FacetColumns> made;
  try {
    if (base == nullptr) {
      made = std::make_shared<const FacetColumns>(db, source);
      ++whole_reads_;
      if (!made->complete()) base = made;
    }
    if (base != nullptr) {
      made = FacetColumns::updated(*base, db, FacetColumns::kRereads);
      ++updates_;
    }
  } catch (...) {
    lock.lock();
    building_.erase(identity);
    built_.notify_all();
    throw;
  }
  lock.lock();
  building_.erase(identity);
  // Under the revision they describe: if the read moved db on, callers waiting for `identity`
  // (their handles still there) make their own from these, an update.
  if (columns_.emplace(made->identity(), made).second) order_.push_back(made->identity());
  while (order_.size() > kKept) {
    columns_.erase(order_.front());
    order_.pop_front();
  }
  built_.notify_all();
  return made;
}

}  // namespace palermo
