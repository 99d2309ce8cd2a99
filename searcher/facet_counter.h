// Counts, for every facet of the schema, how many matching paragraphs hold each value. Runs as a
// Xapian MatchSpy, so it sees every match when the match is run with checkatleast = doccount.
#pragma once

#include <xapian.h>

#include <array>
#include <string>
#include <unordered_map>

#include "analysis/schema.h"

namespace palermo {

class FacetCounter : public Xapian::MatchSpy {
 public:
  using Counts = std::unordered_map<std::string, std::size_t>;

  void operator()(const Xapian::Document& doc, double weight) override;

  // Counts for schema::kFacets[i].
  const Counts& counts(std::size_t facet_index) const { return counts_.at(facet_index); }

 private:
  std::array<Counts, schema::kFacets.size()> counts_;
};

}  // namespace palermo
