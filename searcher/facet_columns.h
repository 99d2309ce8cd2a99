// Facet values of every paragraph of one index revision, in memory as compact columns: per facet a
// dictionary of the values it holds (code -> stored value) and, per Xapian docid, the codes of the
// paragraph's values (none, one, or several for multi-valued facets). Built once when a revision
// is opened, from Xapian's value streams, and shared read-only by every Searcher of that revision,
// so that counting a match set reads small integers instead of strings from value slots.
#pragma once

#include <xapian.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/schema.h"
#include "searcher/parallel_versions.h"

namespace palermo {

class FacetColumns {
 public:
  using Code = std::uint32_t;

  // Where the columns are read from. Both give the same columns for an index palermo-index wrote.
  enum class Source {
    value_streams,  // every facet slot's value stream: fastest on local databases
    filter_terms,   // every facet's boolean terms and their posting lists, and one document per
                    // value for its stored form: a remote shard (xapian-tcpsrv) sends a posting
                    // list in one message but a value stream one document at a time
  };

  // Reads every facet of `db` (schema::kFacets). Memory: about 4 bytes per docid per facet plus 4
  // per value held. Throws Xapian::Error as the database does.
  explicit FacetColumns(const Xapian::Database& db, Source source = Source::value_streams);

  // The revision and database these columns describe: a Searcher reuses columns only for the same.
  const std::string& identity() const { return identity_; }
  static std::string identity_of(const Xapian::Database& db);

  // The codes of paragraph `docid`'s values for facet `facet` (index into schema::kFacets); empty
  // for a docid past the last one read.
  std::span<const Code> codes(std::size_t facet, Xapian::docid docid) const {
    const Column& c = columns_[facet];
    if (docid + 1 >= c.offsets.size()) return {};
    return std::span<const Code>(c.codes.data() + c.offsets[docid], c.offsets[docid + 1] - c.offsets[docid]);
  }

  // Number of distinct values of `facet`, and the stored value with code `code` (< size).
  std::size_t size(std::size_t facet) const { return columns_[facet].values.size(); }
  const std::string& value(std::size_t facet, Code code) const { return columns_[facet].values[code]; }

  // The codes whose stored value has `canonical` as its schema::canonical_value(); empty if none.
  std::vector<Code> codes_of(std::size_t facet, const std::string& canonical) const;

  // Each paragraph's other-language version by docid (parallel_versions.h), for one local index
  // read from value streams; null otherwise (the other ways find counterparts by their terms).
  // Built here, once per revision for a pool, rather than by each Searcher: ~0.7 s at 500,000
  // paragraphs. The languages are those the index records (analysis.languages), which a
  // Searcher has checked against its own.
  const CounterpartColumn* counterparts() const { return counterparts_ ? &*counterparts_ : nullptr; }

 private:
  struct Column {
    std::vector<std::uint32_t> offsets;  // docid -> start in codes; offsets[docid + 1] is the end
    std::vector<Code> codes;
    std::vector<std::string> values;                               // code -> stored value
    std::unordered_map<std::string, std::vector<Code>> canonical;  // canonical value -> codes
  };
  std::vector<Column> columns_;
  std::optional<CounterpartColumn> counterparts_;
  std::string identity_;
};

// The facet columns of the revisions a pool's Searchers open, built once per revision: the first
// Searcher that needs a revision builds its columns and the others wait for them. Over remote
// shards a build reads every facet's posting lists through the network (seconds at 20,000
// paragraphs); built by every Searcher meeting a new revision at once, it held every worker three
// times as long. Thread-safe.
class SharedColumns {
 public:
  // The columns of `db`, whose revision is `identity` (FacetColumns::identity_of(db)), read from
  // `source` on the first call for that identity while other callers for it wait. The two newest
  // revisions are kept. Throws as FacetColumns does (and then another caller may build them).
  std::shared_ptr<const FacetColumns> of(const std::string& identity, const Xapian::Database& db, FacetColumns::Source source);

 private:
  std::mutex mutex_;
  std::condition_variable built_;
  std::map<std::string, std::shared_ptr<const FacetColumns>> columns_;  // guarded by mutex_
  std::set<std::string> building_;                                      // guarded by mutex_
  std::deque<std::string> order_;                                       // guarded by mutex_: oldest first
  static constexpr std::size_t kKept = 2;
};

}  // namespace palermo
