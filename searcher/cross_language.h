// Cross-language search through the bilingual glossary (domain/glossary.tsv): words of a query
// that form a glossary term in one language also match, in the other language's paragraphs, that
// term's equivalents ("asistencia técnica" -> "technical assistance" for English paragraphs).
// It reads the query plan's words, never the query string, so operators keep their meaning: an
// excluded term excludes its equivalents too.
#pragma once

#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"

namespace palermo {

// Words [begin, begin + length) of a word sequence form a glossary term written in a language
// other than the target; `equivalents` are the term's forms in the target language, each as its
// WordTokenizer forms ({"technical", "assistance"}).
struct GlossaryMatch {
  std::size_t begin = 0;
  std::size_t length = 0;
  std::vector<std::vector<std::string>> equivalents;
};

class CrossLanguage {
 public:
  // Stems every glossary form with `analyzer`. `domain` and `analyzer` must outlive this object,
  // which, like the Analyzer, is for one thread.
  CrossLanguage(const DomainData& domain, Analyzer& analyzer);

  // The glossary terms among `words` (WordTokenizer forms, adjacent in the query), longest first
  // and not overlapping, that have forms in `target`, matched stem by stem in their own language.
  // Precondition: analyzer.supports(target).
  std::vector<GlossaryMatch> matches(const std::vector<std::string>& words, const std::string& target);

 private:
  struct Form {
    std::vector<std::string> stems;  // of the form's words, in its own language
  };
  struct Term {
    std::vector<std::vector<Form>> forms_by_language;                     // parallel to analyzer languages
    std::vector<std::vector<std::vector<std::string>>> words_by_language;  // forms as word forms
  };

  Analyzer& analyzer_;
  std::vector<Term> terms_;
};

}  // namespace palermo
