#include "searcher/branch_count.h"

namespace palermo {
namespace {

// Every document, weight 0 (Xapian's FixedWeightPostingSource over the all-documents list), noting
// in `at` the docid it stands on after each move; its clones (Xapian clones a released source for
// each match) share `at`.
class Marker : public Xapian::FixedWeightPostingSource {
 public:
  explicit Marker(std::shared_ptr<Xapian::docid> at) : FixedWeightPostingSource(0.0), at_(std::move(at)) {}
  void init(const Xapian::Database& database) override {
    FixedWeightPostingSource::init(database);
    *at_ = 0;
  }
  void next(double min_wt) override {
    FixedWeightPostingSource::next(min_wt);
    note();
  }
  void skip_to(Xapian::docid did, double min_wt) override {
    FixedWeightPostingSource::skip_to(did, min_wt);
    note();
  }
  bool check(Xapian::docid did, double min_wt) override {
    const bool valid = FixedWeightPostingSource::check(did, min_wt);
    note();
    return valid;
  }
  Marker* clone() const override { return new Marker(at_); }

 private:
  void note() { *at_ = at_end() ? 0 : get_docid(); }
  std::shared_ptr<Xapian::docid> at_;
};

}  // namespace

BranchCount::BranchCount() : at_(std::make_shared<Xapian::docid>(0)) {}

Xapian::Query BranchCount::marked(const Xapian::Query& branch, Weights weights) const {
  // release(): Xapian owns the source (see query_builder.cpp's fixed_score).
  const Xapian::Query marker((new Marker(at_))->release());
  return Xapian::Query(weights == Weights::computed ? Xapian::Query::OP_AND_MAYBE : Xapian::Query::OP_FILTER, branch, marker);
}

void BranchCount::operator()(const Xapian::Document& doc, double) {
  const Xapian::docid docid = doc.get_docid();
  if (*at_ == docid && (!counts_ || counts_(docid))) ++count_;
}

}  // namespace palermo
