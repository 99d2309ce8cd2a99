#include "searcher/facet_counter.h"

namespace palermo {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
  for (std::size_t i = 0; i < schema::kFacets.size(); ++i) {
    const schema::FacetField& f = schema::kFacets[i];
    const std::string value = doc.get_value(f.slot);
    if (value.empty()) continue;
    if (!f.multi_valued) {
      ++counts_[i][value];
      continue;
    }
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(schema::kValueSeparator, start);
      if (end == std::string::npos) end = value.size();
      if (end > start) ++counts_[i][value.substr(start, end - start)];
      start = end + 1;
    }
  }
}

}  // namespace palermo
