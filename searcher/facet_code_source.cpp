#include "searcher/facet_code_source.h"

#include <algorithm>
#include <bit>

namespace palermo {

FacetCodeSource::FacetCodeSource(std::vector<std::span<const std::uint64_t>> held, Xapian::doccount frequency)
    : held_(std::move(held)), frequency_(frequency) {
  for (const auto& bits : held_) end_ = std::max(end_, bits.size() * 64);
  set_maxweight(0);
}

void FacetCodeSource::init(const Xapian::Database&) { at_ = 0; }

std::uint64_t FacetCodeSource::word(std::size_t w) const {
  std::uint64_t out = 0;
  for (const auto& bits : held_) out |= w < bits.size() ? bits[w] : 0;
  return out;
}

void FacetCodeSource::advance_from(std::size_t from) {
  at_ = std::max<std::size_t>(from, 1);  // docid 0 is no document
  if (at_ >= end_) {
    at_ = end_;
    return;
  }
  // The rest of at_'s word, then whole words: a gap of many docids costs a word per 64.
  std::size_t w = at_ / 64;
  std::uint64_t bits = word(w) & (~std::uint64_t{0} << (at_ % 64));
  while (bits == 0) {
    if (++w * 64 >= end_) {
      at_ = end_;
      return;
    }
    bits = word(w);
  }
  at_ = w * 64 + static_cast<std::size_t>(std::countr_zero(bits));
}

void FacetCodeSource::next(double) { advance_from(at_ + 1); }

void FacetCodeSource::skip_to(Xapian::docid did, double) {
  if (did > at_) {
    advance_from(did);
  } else if (at_ != 0 && at_ < end_ && !holds(at_)) {
    advance_from(at_ + 1);  // after a check() that found `at_` not held
  }
}

bool FacetCodeSource::check(Xapian::docid did, double) {
  // Not held: an indeterminate position from which next() finds the first after `did`.
  if (did >= end_) {
    at_ = end_;
    return true;  // at the end, where skip_to would be
  }
  at_ = did;
  return holds(did);
}

std::string FacetCodeSource::get_description() const {
  return "FacetCodeSource(" + std::to_string(held_.size()) + " codes, " + std::to_string(frequency_) + " docids)";
}

}  // namespace palermo
