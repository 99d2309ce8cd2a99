// Facet values of every paragraph of one index revision, in memory as compact columns: per facet a
// dictionary of the values it holds (code -> stored value) and, per Xapian docid, the codes of the
// paragraph's values (none, one, or several for multi-valued facets). Built once when a revision
// is opened, from the value stream of the facets' slot (schema::kFacetSlot, every facet packed in
// one value: analysis/facet_values.h), and shared read-only by every Searcher of that revision,
// so that counting a match set reads small integers instead of strings from value slots.
#pragma once

#include <xapian.h>

#include <atomic>
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

#include "analysis/facet_values.h"
#include "analysis/schema.h"
#include "searcher/document_order.h"
#include "searcher/parallel_versions.h"

namespace palermo {

class FacetColumns {
 public:
  using Code = std::uint32_t;

  // Where the columns are read from. Both give the same columns for an index palermo-index wrote.
  enum class Source {
    value_streams,  // the value stream of schema::kFacetSlot, all facets at once: fastest on local databases
    filter_terms,   // every facet's boolean terms and their posting lists, and one document per
                    // value for its stored form: a remote shard (xapian-tcpsrv) sends a posting
                    // list in one message but a value stream one document at a time
  };

  // Reads every facet of `db` (schema::kFacets). Memory: about 4 bytes per docid per facet, plus 4
  // per value held for a facet where a paragraph holds several. Throws Xapian::Error as the
  // database does, DamagedFacetValues for a paragraph's values that are not a pack. From filter_terms, a revision
  // discarded under the read (Xapian::DatabaseModifiedError: palermo-index committed twice during
  // it, which over remote shards at 20,000 paragraphs takes seconds) moves `db` to the newest
  // revision (reopen()) and the read goes on: the columns are then complete() only for the
  // paragraphs that were there when it began, a base for an update to db's revision.
  explicit FacetColumns(Xapian::Database& db, Source source = Source::value_streams);
  bool complete() const { return complete_; }
  // How many times one read is made again on a newer revision before giving up.
  static constexpr int kRereads = 50;

  // The columns of a later revision of the database `base` describes, read from `base` and the
  // paragraphs added since (each read as one document: a round trip per paragraph over a remote
  // shard) instead of every facet again: palermo-index never gives a docid to another paragraph
  // (it deletes and adds), so a docid's values do not change. Precondition: updates_to(db).
  // Throws Xapian::Error as the database does.
  FacetColumns(const FacetColumns& base, const Xapian::Database& db);
  // The columns of db's revision from `base` (updates_to(db's identity)), moving `db` to the
  // newest revision and updating again when a revision is discarded under the read (up to
  // `retries` times; then Xapian::DatabaseModifiedError).
  static std::shared_ptr<const FacetColumns> updated(const FacetColumns& base, Xapian::Database& db, int retries);
  // Whether `db` (same database, another revision) can be read as an update of these columns:
  // columns read from filter_terms, which keep the docids they found, of a database with the same
  // UUID (a rebuilt index is another database).
  bool updates_to(const std::string& identity) const;
  // The part of a revision identity naming the database (its UUIDs, one per shard): a rebuilt
  // index is another database.
  static std::string database_of(const std::string& identity);

  // The revision and database these columns describe: a Searcher reuses columns only for the same.
  const std::string& identity() const { return identity_; }
  static std::string identity_of(const Xapian::Database& db);

  // The codes of paragraph `docid`'s values for facet `facet` (index into schema::kFacets); empty
  // for a docid past the last one read.
  std::span<const Code> codes(std::size_t facet, Xapian::docid docid) const {
    const Column& c = columns_[facet];
    if (!c.single.empty()) {
      if (docid >= c.single.size() || c.single[docid] == kNone) return {};
      return std::span<const Code>(&c.single[docid], 1);
    }
    if (docid + 1 >= c.offsets.size()) return {};
    return std::span<const Code>(c.codes.data() + c.offsets[docid], c.offsets[docid + 1] - c.offsets[docid]);
  }

  // No value: an entry of single_codes().
  static constexpr Code kNone = UINT32_MAX;
  // A facet whose paragraphs hold one value at most (all but the multi-valued ones, in practice),
  // by docid: its code, or kNone; empty for a facet where some paragraph holds several. The
  // counting pass reads these without offsets: one load per paragraph and facet.
  std::span<const Code> single_codes(std::size_t facet) const { return columns_[facet].single; }
  // The paragraphs holding `code` of a single-valued facet with kHeldCodes values at most (lang,
  // type, kind): a bitset by docid, bit d % 64 of word d / 64; empty for other facets. A filter on
  // such a facet (facet_code_source.h) tests a bit where the column costs a cache line per match:
  // a language's bitset at 1,000,000 paragraphs is 122 KiB, within a core's L2 cache.
  std::span<const std::uint64_t> held(std::size_t facet, Code code) const {
    const Column& c = columns_[facet];
    return code < c.held.size() ? std::span<const std::uint64_t>(c.held[code]) : std::span<const std::uint64_t>();
  }
  static constexpr std::size_t kHeldCodes = 16;
  // The bitset of the entries of `column` (by docid) equal to `code`, as held() gives it.
  static std::vector<std::uint64_t> bits_of(std::span<const Code> column, Code code);
  // Otherwise: the codes of docid d are codes[offsets[d], offsets[d + 1]) (d + 1 < offsets.size()).
  struct Lists {
    std::span<const std::uint32_t> offsets;
    std::span<const Code> codes;
  };
  Lists code_lists(std::size_t facet) const { return {columns_[facet].offsets, columns_[facet].codes}; }

  // Every facet of a paragraph side by side, as the counting pass reads them: with a column per
  // facet each match cost a cache miss per facet (a fifth of a one-word query at 1,000,000
  // paragraphs); a row costs one, and the multi-valued facets' codes one or two more.
  struct Rows {
    std::size_t width = 0;                    // codes per row: the single-valued facets
    std::vector<std::size_t> facet_of;        // row position -> facet (index into schema::kFacets)
    std::vector<std::uint16_t> singles;       // [docid * width + position]: code + 1, or 0 for none
    std::vector<std::uint32_t> list_offsets;  // docid -> start in lists; [docid + 1] its end
    std::vector<std::uint32_t> lists;         // the other facets' codes: facet << kFacetShift | code
    static constexpr unsigned kFacetShift = 24;
  };
  // Null when a single-valued facet has 65,535 values or more, or another 16,777,216 or more
  // (the row's widths): the counting pass then reads the columns.
  const Rows* rows() const { return rows_ ? &*rows_ : nullptr; }

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

  // The order of equal scores (document id) as a sort key from memory (document_order.h), for one
  // local index read from value streams; null otherwise (the ranking then reads the slot).
  const DocumentOrderKey* document_order() const { return document_order_ ? &*document_order_ : nullptr; }

 private:
  struct Column {
    std::vector<std::uint32_t> offsets;  // docid -> start in codes; offsets[docid + 1] is the end
    std::vector<Code> codes;
    std::vector<Code> single;  // see single_codes(); when set, offsets and codes are empty
    std::vector<std::vector<std::uint64_t>> held;  // see held(): by code, when single has few values
    std::vector<std::string> values;                               // code -> stored value
    std::unordered_map<std::string, std::vector<Code>> canonical;  // canonical value -> codes
  };
  FacetColumns() = default;
  // Lays out each column that holds one value at most per paragraph as `single`, then the rows.
  void lay_out_single_values();
  void lay_out_rows();
  // The values of each paragraph read for an update, by facet.
  using Added = std::map<Xapian::docid, FacetValues>;
  struct Dictionary;
  // Fills the columns (their offsets sized for docids up to `last`) from schema::kFacetSlot's
  // value stream.
  void read_value_stream(const Xapian::Database& db, Xapian::docid last);
  // Makes these the columns of db's revision from `base` and `added` (read from db when missing).
  void update(const FacetColumns& base, const Xapian::Database& db, Added& added);

  // The docids of `db`'s paragraphs and records (Xapian's all-documents posting list: one message
  // per remote shard), indexed by docid.
  static std::vector<bool> documents_of(const Xapian::Database& db);

  std::vector<Column> columns_;
  std::optional<CounterpartColumn> counterparts_;
  std::optional<DocumentOrderKey> document_order_;
  std::optional<Rows> rows_;
  std::string identity_;
  std::vector<bool> documents_;  // read with Source::filter_terms only: see updates_to()
  bool complete_ = true;
};

// The facet columns of the revisions a pool's Searchers open, built once per revision: the first
// Searcher that needs a revision builds its columns and the others wait for them. Over remote
// shards a build reads every facet's posting lists through the network (seconds at 20,000
// paragraphs); built by every Searcher meeting a new revision at once, it held every worker three
// times as long. A later revision of the same database is read as an update of the newest columns
// kept (only the paragraphs added): a commit of palermo-index costs the requests after it
// milliseconds, not a new read of every facet (a second QA of issue 11, N1). Thread-safe.
class SharedColumns {
 public:
  // The columns of `db`, whose revision is `identity` (FacetColumns::identity_of(db)), read from
  // `source` on the first call for that identity while other callers for it wait. The two newest
  // revisions are kept. A revision discarded under the read moves `db` on (Database::reopen()):
  // the columns returned are then those of db's newest revision (their identity() says which).
  // Throws as FacetColumns does (and then another caller may build them).
  std::shared_ptr<const FacetColumns> of(const std::string& identity, Xapian::Database& db, FacetColumns::Source source);

  // How many columns were read whole, and how many as updates of earlier ones: /metrics, tests.
  std::size_t whole_reads() const { return whole_reads_.load(); }
  std::size_t updates() const { return updates_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable built_;
  std::map<std::string, std::shared_ptr<const FacetColumns>> columns_;  // guarded by mutex_
  std::set<std::string> building_;                                      // guarded by mutex_
  std::deque<std::string> order_;                                       // guarded by mutex_: oldest first
  std::atomic<std::size_t> whole_reads_{0};
  std::atomic<std::size_t> updates_{0};
  static constexpr std::size_t kKept = 2;
};

}  // namespace palermo
