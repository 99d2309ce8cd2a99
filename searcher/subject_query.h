// Query reading by subject: whether a query's words name subjects of domain/subjects.tsv, and
// whether it opens (or ends) with a phrase of domain/query_intents.tsv that asks for one kind of paragraph
// ("recomendaciones sobre X", "what did the Conference decide on X").
//
// Words naming subjects are read as those subjects, the other words (not stopwords) staying
// words: "capacity-building for prosecutors" is capacity_building and "prosecutors". An opening
// phrase is read only when every other word of the query belongs to a subject's mention:
// "recommendations on technical assistance". A query with any QueryParser syntax —
// quotes, field:value, AND/OR/NOT, +word, -word, word*, parentheses — is taken literally, as are
// words that do not all name subjects: `"recomendaciones sobre asistencia técnica"` searches the
// phrase.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "domain/domain_data.h"
#include "searcher/search_request.h"
#include "subjects/subject_finder.h"

namespace palermo {

struct SubjectReading {
  std::vector<std::string> subjects;  // the subjects the words name, each once; empty = not read
  std::string kind;                   // the kind asked for ("recommendation"), or empty
  std::string words;                  // the query after the opening phrase (all of it without one)
  std::string other_words;            // the words of `words` that name no subject and are not stopwords
  std::string lang;                   // the language whose terms the words matched: "es"
  bool read() const { return !subjects.empty(); }
};

class SubjectQuery {
 public:
  // All must outlive this object, which, like the Analyzer, is for one thread.
  SubjectQuery(const DomainData& domain, Analyzer& analyzer, SubjectFinder& finder)
      : domain_(domain), analyzer_(analyzer), finder_(finder) {}

  // Precondition: `query` is valid UTF-8. Never throws for any query text.
  SubjectReading read(const std::string& query);

 private:
  struct Named {
    std::vector<std::string> subjects;
    std::string other_words;  // space-separated, as written
  };
  // The subjects `text` names in `lang`, and its words outside their mentions that are not stopwords.
  Named named_subjects(const std::string& text, const std::string& lang);

  const DomainData& domain_;
  Analyzer& analyzer_;
  SubjectFinder& finder_;
};

// `request` as the reading asks: the words after the opening phrase, and the kind as a filter
// unless the request already filters on kind (an explicit filter wins). Unchanged without a kind.
SearchRequest with_reading(const SearchRequest& request, const SubjectReading& reading);

// Which paragraphs on the subjects read: those having every one (a full match), or any one (the
// relaxed pass that lists partial matches after fewer than ten full ones).
enum class SubjectsRequired { all, any };

// The paragraphs having the subjects read (each subject or a narrower one), weighted far below
// any paragraph holding the words so that they follow those: by source, the paragraph's own
// words first, then its lead-in, headings, body, title; in the query's language before the other;
// with `any`, a paragraph having several subjects read scores their sum. Empty when nothing was read.
Xapian::Query subject_matches(const SubjectReading& reading, const std::vector<std::string>& languages,
                              SubjectsRequired required = SubjectsRequired::all);

}  // namespace palermo
