// Turns a SearchRequest into a Xapian query with the shared Analyzer: QueryParser syntax with the
// filter fields as prefixes, one parse per search language, exact-form boosting.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "references/reference_finder.h"
#include "searcher/cross_language.h"
#include "searcher/search_request.h"
#include "searcher/subject_query.h"

namespace palermo {

struct BuiltQuery {
  Xapian::Query query;
  std::vector<std::string> languages;      // the languages searched
  std::map<std::string, Xapian::Query> text_by_language;  // the words as parsed for each language,
                                                          // glossary equivalents included
  std::optional<std::string> correction;   // spelling-corrected query string, if any
  SubjectReading reading;                  // how the words read as subjects (and a kind), if they do
  Xapian::Query words_query;               // `query` without the paragraphs found through the subjects
};

class QueryBuilder {
 public:
  // What the builder knows beyond the words; either may be null (no such expansion).
  struct Knowledge {
    CrossLanguage* cross_language = nullptr;         // glossary equivalents in the other language
    const ReferenceFinder* references = nullptr;     // a query that is a Protocol's name finds its mentions
    SubjectQuery* subjects = nullptr;                // words naming subjects also find paragraphs on them
  };
  // All must outlive the builder.
  QueryBuilder(Analyzer& analyzer, const Xapian::Database& db, Knowledge knowledge)
      : analyzer_(analyzer), db_(db), knowledge_(knowledge) {}

  // How words without an operator between them combine.
  enum class Words { all, any };

  // Throws SearchError(bad_query) on malformed syntax or filter values.
  BuiltQuery build(const SearchRequest& asked, Words words = Words::all);

 private:
  Xapian::Query parse(const std::string& text, const std::string& lang, Words words,
                      std::optional<std::string>& correction);
  Xapian::Query exact_form_boost(const std::string& text);
  Xapian::Query filters(const SearchRequest& request);
  Xapian::Query protocol_mentions(const std::string& text);
  Xapian::Query cited_documents(const std::string& text);
  Xapian::Query subject_paragraphs(const std::string& text, const SubjectReading& reading,
                                   const std::vector<std::string>& languages);

  Analyzer& analyzer_;
  const Xapian::Database& db_;
  Knowledge knowledge_;
};

// The canonical stored form of a filter value, or throws SearchError(bad_query) naming the field.
std::string validated_filter_value(const std::string& field, const std::string& value);

}  // namespace palermo
