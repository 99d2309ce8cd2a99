#include "analysis/schema.h"

#include "analysis/text.h"

namespace palermo::schema {

const FacetField* facet(std::string_view name) {
  for (const FacetField& f : kFacets) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string canonical_value(std::string_view value) {
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = value.find_last_not_of(" \t");
  return casefold(value.substr(first, last - first + 1));
}

std::string filter_term(const FacetField& field, std::string_view value) {
  return std::string(field.prefix) + canonical_value(value);
}

}  // namespace palermo::schema
