#include "searcher/facet_counter.h"

#include "analysis/schema.h"

namespace palermo {

FacetCounter::FacetCounter(const FacetColumns& columns, std::vector<std::vector<FacetColumns::Code>> selected,
                           std::vector<bool> facet_filtered)
    : columns_(columns), rows_(columns.rows()), selected_(schema::kFacets.size()), counts_(schema::kFacets.size()) {
  for (std::size_t f = 0; f < schema::kFacets.size(); ++f) {
    counts_[f].assign(columns.size(f), 0);
    const std::span<const FacetColumns::Code> single = columns.single_codes(f);
    const FacetColumns::Lists lists = columns.code_lists(f);
    facets_.push_back({single.empty() ? nullptr : single.data(), single.size(), lists.offsets.data(), lists.offsets.size(),
                       lists.codes.data(), counts_[f].data()});
    if (f >= facet_filtered.size() || !facet_filtered[f]) continue;
    filtered_.push_back(f);
    selected_[f].assign(columns.size(f), 0);
    for (FacetColumns::Code c : selected[f]) selected_[f][c] = 1;
  }
  if (rows_ != nullptr) {
    for (std::size_t f : rows_->facet_of) row_counts_.push_back(counts_[f].data());
    pending_.reserve(kBatch);
  }
}

bool FacetCounter::passes(Xapian::docid docid) const {
  for (std::size_t f : filtered_) {
    bool passes = false;
    for (FacetColumns::Code c : columns_.codes(f, docid)) passes = passes || selected_[f][c] != 0;
    if (!passes) return false;
  }
  return true;
}

void FacetCounter::count(Xapian::docid docid) {
  ++matched_;
  if (filtered_.empty()) {
    ++total_;
    add_all(docid);
    return;
  }
  std::size_t failed = 0, failing = 0;
  for (std::size_t f : filtered_) {
    bool passes = false;
    for (FacetColumns::Code c : columns_.codes(f, docid)) passes = passes || selected_[f][c] != 0;
    if (!passes && ++failed > 1) return;  // counts nowhere
    if (!passes) failing = f;
  }
  if (failed == 1) {
    for (FacetColumns::Code c : columns_.codes(failing, docid)) ++counts_[failing][c];
    return;
  }
  ++total_;
  add_all(docid);
}

void FacetCounter::add_all(Xapian::docid docid) {
  if (rows_ != nullptr) {
    const std::size_t at = static_cast<std::size_t>(docid) * rows_->width;
    if (at < rows_->singles.size()) __builtin_prefetch(rows_->singles.data() + at);
    if (docid < rows_->list_offsets.size()) __builtin_prefetch(rows_->list_offsets.data() + docid);
    pending_.push_back(docid);
    if (pending_.size() == kBatch) add_pending();
    return;
  }
  for (const Facet& f : facets_) {
    if (f.single != nullptr) {
      if (docid < f.single_size && f.single[docid] != FacetColumns::kNone) ++f.counts[f.single[docid]];
    } else if (docid + 1 < f.offsets_size) {
      for (std::uint32_t k = f.offsets[docid], end = f.offsets[docid + 1]; k < end; ++k) ++f.counts[f.codes[k]];
    }
  }
}

void FacetCounter::add_pending() const {
  if (pending_.empty()) return;
  const std::size_t width = rows_->width;
  const std::vector<std::uint32_t>& offsets = rows_->list_offsets;
  // The lists of the batch, requested before any is read (their offsets were, by add_all).
  for (Xapian::docid docid : pending_) {
    if (docid + 1 < offsets.size() && offsets[docid] < offsets[docid + 1]) __builtin_prefetch(rows_->lists.data() + offsets[docid]);
  }
  constexpr std::uint32_t kCodeMask = (std::uint32_t{1} << FacetColumns::Rows::kFacetShift) - 1;
  for (Xapian::docid docid : pending_) {
    if ((static_cast<std::size_t>(docid) + 1) * width <= rows_->singles.size()) {
      const std::uint16_t* row = rows_->singles.data() + static_cast<std::size_t>(docid) * width;
      for (std::size_t i = 0; i < width; ++i) {
        if (row[i] != 0) ++row_counts_[i][row[i] - 1];
      }
    }
    if (docid + 1 < offsets.size()) {
      for (std::uint32_t k = offsets[docid], end = offsets[docid + 1]; k < end; ++k) {
        const std::uint32_t v = rows_->lists[k];
        ++counts_[v >> FacetColumns::Rows::kFacetShift][v & kCodeMask];
      }
    }
  }
  pending_.clear();
}

}  // namespace palermo
