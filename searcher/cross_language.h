// Cross-language search through the bilingual glossary (domain/glossary.tsv): a query's words that
// form a glossary term in one language are rewritten, for the other language's parse, as that
// term's equivalents ("asistencia técnica" -> ("technical assistance") for English paragraphs).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"

namespace palermo {

class CrossLanguage {
 public:
  // Stems every glossary form with `analyzer`. `domain` and `analyzer` must outlive this object,
  // which, like the Analyzer, is for one thread.
  CrossLanguage(const DomainData& domain, Analyzer& analyzer);

  // `query` (QueryParser syntax) with each glossary term written in another language replaced by
  // its `target` forms: `("f1" OR "f2")`, or the first form inside a quoted phrase; words of the
  // other language that are stopwords there are dropped. nullopt when no glossary term occurs.
  // Preconditions: analyzer.supports(target); `query` is valid UTF-8.
  std::optional<std::string> rewrite(const std::string& query, const std::string& target);

 private:
  struct Form {
    std::vector<std::string> stems;  // of the form's words, in its own language
  };
  struct Term {
    std::vector<std::vector<Form>> forms_by_language;  // parallel to analyzer languages
    std::vector<std::vector<std::string>> text_by_language;  // forms as written
  };

  Analyzer& analyzer_;
  std::vector<Term> terms_;
};

}  // namespace palermo
