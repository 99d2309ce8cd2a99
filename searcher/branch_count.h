// How many matches of a pass also match one branch of its query, counted by that same pass instead
// of a match of the branch alone. A paragraph found through the subjects its words name counts in
// the total but not among those holding every word (SearchResult::all_words_total): that count was
// a second match of the words, as costly as the first for the glossary's terms.
//
// The branch is marked by a posting source that matches every document and weighs nothing: the
// marked branch matches the same paragraphs, and Xapian moves the source to each of the branch's
// matches as it reaches it. A match spy of the same pass then sees, for each match, whether the
// branch stands on it. In a weighted pass the source joins the branch by OP_AND_MAYBE, which
// keeps the weights to the last bit (Xapian adds 0.0 after the branch's own sum) and takes its
// left side's frequency estimates, so that the query tree around it is laid out as before; an
// unweighted pass (BoolWeight) drops an AND_MAYBE's right side, so there it joins by OP_FILTER,
// after the branch's own posting lists (its estimate, the document count, is the largest).
//
// One local database only: over several shards a spy sees each shard's own docids, and a remote
// shard runs no posting source nor spy of ours. The pass must visit every match
// (check_at_least = the document count): Xapian then never prunes the marked branch.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <memory>

namespace palermo {

class BranchCount : public Xapian::MatchSpy {
 public:
  BranchCount();

  // Which matches on the branch count (the facet filters a counting pass applies itself, see
  // FacetCounter::passes); until set, every one. Must outlive the pass.
  void count_only(std::function<bool(Xapian::docid)> counts) { counts_ = std::move(counts); }

  // Whether the pass computes weights (BM25) or not (Xapian::BoolWeight).
  enum class Weights { computed, none };

  // `branch` marked for this spy: put it in the pass's query in place of `branch`, once.
  Xapian::Query marked(const Xapian::Query& branch, Weights weights) const;

  // Matches of the pass on the branch (and passing `counts`) so far.
  std::size_t count() const { return count_; }

  void operator()(const Xapian::Document& doc, double weight) override;

 private:
  std::function<bool(Xapian::docid)> counts_;
  std::shared_ptr<Xapian::docid> at_;  // where the marked branch stands; 0: nowhere yet
  std::size_t count_ = 0;
};

}  // namespace palermo
