// A facet filter read from a revision's FacetColumns instead of a boolean term's posting list.
// Each language's words are matched in that language's paragraphs only (query_builder.cpp:
// OP_FILTER with the "L<lang>" term), and a language's term is held by about half the index: Xapian
// decodes its posting list up to every match (skip_to), which took a third of a one-word query's
// match at 1,000,000 paragraphs. This posting source answers the same docids by one load from the
// bitset per match (check()): FacetColumns::held, the facet's paragraphs by code.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <span>
#include <vector>

#include "searcher/facet_columns.h"

namespace palermo {

class FacetCodeSource : public Xapian::PostingSource {
 public:
  // The docids set in any of `held` (bitsets by docid, as FacetColumns::held gives them: one per
  // code accepted); `frequency` is how many there are (e.g. the filter terms' Database
  // frequencies), Xapian's estimate for ordering its AND. Weight 0: a filter. One local database
  // only (a remote shard runs no posting source of ours; over several shards Xapian gives a source
  // each shard's own docids). The bitsets must outlive the source and its clones (the Searcher
  // keeps its revision's columns for the request).
  FacetCodeSource(std::vector<std::span<const std::uint64_t>> held, Xapian::doccount frequency);

  Xapian::doccount get_termfreq_min() const override { return frequency_; }
  Xapian::doccount get_termfreq_est() const override { return frequency_; }
  Xapian::doccount get_termfreq_max() const override { return frequency_; }
  double get_weight() const override { return 0; }
  void init(const Xapian::Database& db) override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return at_ >= end_; }
  Xapian::docid get_docid() const override { return static_cast<Xapian::docid>(at_); }
  FacetCodeSource* clone() const override { return new FacetCodeSource(held_, frequency_); }
  std::string get_description() const override;

 private:
  // Word `w` of the union of the bitsets (0 past their end).
  std::uint64_t word(std::size_t w) const;
  bool holds(std::size_t docid) const { return docid < end_ && (word(docid / 64) >> (docid % 64) & 1) != 0; }
  // The first docid at or after `from` that is held (end_: none).
  void advance_from(std::size_t from);

  std::vector<std::span<const std::uint64_t>> held_;
  Xapian::doccount frequency_;
  std::size_t end_ = 0;  // one past the last docid a bitset covers
  std::size_t at_ = 0;   // 0 before the first next(); end_ at the end
};

}  // namespace palermo
