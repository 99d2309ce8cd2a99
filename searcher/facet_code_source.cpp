#include "searcher/facet_code_source.h"

#include <algorithm>

namespace palermo {

FacetCodeSource::FacetCodeSource(std::span<const FacetColumns::Code> column, std::vector<FacetColumns::Code> codes,
                                 Xapian::doccount frequency)
    : column_(column), codes_(std::move(codes)), frequency_(frequency) {
  set_maxweight(0);
}

void FacetCodeSource::init(const Xapian::Database&) { at_ = 0; }

bool FacetCodeSource::holds(std::size_t docid) const {
  const FacetColumns::Code code = column_[docid];
  return code != FacetColumns::kNone && std::find(codes_.begin(), codes_.end(), code) != codes_.end();
}

void FacetCodeSource::advance_from(std::size_t from) {
  at_ = std::max<std::size_t>(from, 1);  // docid 0 is no document
  while (at_ < column_.size() && !holds(at_)) ++at_;
}

void FacetCodeSource::next(double) { advance_from(at_ + 1); }

void FacetCodeSource::skip_to(Xapian::docid did, double) {
  if (did > at_) {
    advance_from(did);
  } else if (at_ != 0 && at_ < column_.size() && !holds(at_)) {
    advance_from(at_ + 1);  // after a check() that found `at_` not held
  }
}

bool FacetCodeSource::check(Xapian::docid did, double) {
  // Not held: an indeterminate position from which next() finds the first after `did`.
  if (did >= column_.size()) {
    at_ = column_.size();
    return true;  // at the end, where skip_to would be
  }
  at_ = did;
  return holds(did);
}

std::string FacetCodeSource::get_description() const {
  return "FacetCodeSource(" + std::to_string(codes_.size()) + " codes, " + std::to_string(frequency_) + " docids)";
}

}  // namespace palermo
