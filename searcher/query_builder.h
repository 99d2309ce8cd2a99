// Turns a SearchRequest into a Xapian query with the shared Analyzer: QueryParser syntax with the
// filter fields as prefixes, one parse per search language, exact-form boosting.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "searcher/cross_language.h"
#include "searcher/search_request.h"

namespace palermo {

struct BuiltQuery {
  Xapian::Query query;
  std::vector<std::string> languages;      // the languages searched
  std::map<std::string, Xapian::Query> text_by_language;  // the words as parsed for each language,
                                                          // glossary equivalents included
  std::optional<std::string> correction;   // spelling-corrected query string, if any
};

class QueryBuilder {
 public:
  // All must outlive the builder; `cross_language` may be null (no glossary expansion).
  QueryBuilder(Analyzer& analyzer, const Xapian::Database& db, CrossLanguage* cross_language)
      : analyzer_(analyzer), db_(db), cross_language_(cross_language) {}

  // Throws SearchError(bad_query) on malformed syntax or filter values.
  BuiltQuery build(const SearchRequest& request);

 private:
  Xapian::Query parse(const std::string& text, const std::string& lang, std::optional<std::string>& correction);
  Xapian::Query exact_form_boost(const std::string& text);
  Xapian::Query filters(const SearchRequest& request);

  Analyzer& analyzer_;
  const Xapian::Database& db_;
  CrossLanguage* cross_language_;
};

// The canonical stored form of a filter value, or throws SearchError(bad_query) naming the field.
std::string validated_filter_value(const std::string& field, const std::string& value);

}  // namespace palermo
