// The facet counting stage: one pass over a match set, no weights computed, that counts the exact
// total and every facet value from the in-memory FacetColumns. The match set is the query without
// the request's facet filters; the counter applies those filters itself, so that in the same pass
//   - a paragraph passing every selected filter counts for the total and for every facet;
//   - a paragraph failing exactly one selected facet f counts for f alone: f's values are then
//     counted as if f were not selected (disjunctive counts: choosing another value of f adds it).
// Run it as a Xapian MatchSpy with checkatleast = doccount and BoolWeight (see Searcher).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <vector>

#include "searcher/facet_columns.h"

namespace palermo {

class FacetCounter : public Xapian::MatchSpy {
 public:
  // `selected[f]`: the codes selected for schema::kFacets[f] (OR within a facet), empty when the
  // facet is not filtered. A selected facet with no known code matches nothing. `columns` must
  // outlive the counter.
  FacetCounter(const FacetColumns& columns, std::vector<std::vector<FacetColumns::Code>> selected,
               std::vector<bool> facet_filtered);
  FacetCounter(const FacetCounter&) = delete;  // facets_ points into counts_
  FacetCounter& operator=(const FacetCounter&) = delete;

  // Counts paragraph `docid` (a docid of the Database the columns were built from).
  void count(Xapian::docid docid);
  // As a match spy over one index: count(doc.get_docid()). Over several shards Xapian hands a
  // spy each shard's own docids: use count() on the match set's docids there.
  void operator()(const Xapian::Document& doc, double weight) override { count(doc.get_docid()); }

  // Whether paragraph `docid` passes every selected filter (what count() adds to total()).
  bool passes(Xapian::docid docid) const;

  // Paragraphs passing every selected filter.
  std::size_t total() const { return total_; }
  // Every paragraph counted: the match set without the facet filters.
  std::size_t matched() const { return matched_; }
  // Counts of facet f by code (index < columns.size(f)).
  const std::vector<std::size_t>& counts(std::size_t facet) const {
    add_pending();
    return counts_[facet];
  }

 private:
  // Adds paragraph `docid`'s values to the counts of every facet: at once from the columns, or,
  // with rows, after its row is fetched ahead (add_pending).
  void add_all(Xapian::docid docid);
  // Adds the rows of the paragraphs held in pending_. Rows are read in batches because a match
  // set's rows are scattered over memory (16 bytes and a list per paragraph: 16 MB and more at
  // 1,000,000 paragraphs): each read was a cache miss waited for in turn; a batch's rows are
  // requested first (prefetch) and then added, so that the misses overlap.
  void add_pending() const;
  static constexpr std::size_t kBatch = 32;  // paragraphs per batch: the misses a core keeps in flight, and more

  // Where add_all reads and adds facet f's codes, flat: the counting pass visits every match.
  struct Facet {
    const FacetColumns::Code* single;  // columns_.single_codes(f), or null
    std::size_t single_size;
    const std::uint32_t* offsets;  // else columns_.code_lists(f)
    std::size_t offsets_size;
    const FacetColumns::Code* codes;
    std::size_t* counts;  // counts_[f].data()
  };

  const FacetColumns& columns_;
  std::vector<Facet> facets_;
  const FacetColumns::Rows* rows_;          // the columns' rows, or null: facets_ then
  std::vector<std::size_t*> row_counts_;    // row position -> counts_ of its facet
  std::vector<std::vector<char>> selected_;  // per facet, by code: selected?
  std::vector<std::size_t> filtered_;        // the facets with a selection
  // Mutable: counts() adds the last batch of pending_ before answering (the counter is used by
  // one request, on one thread).
  mutable std::vector<std::vector<std::size_t>> counts_;
  mutable std::vector<Xapian::docid> pending_;  // rows requested, not yet added (< kBatch)
  std::size_t total_ = 0;
  std::size_t matched_ = 0;
};

}  // namespace palermo
