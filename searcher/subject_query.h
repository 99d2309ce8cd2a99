// Query reading by subject: whether a query's words name subjects of domain/subjects.tsv, and
// whether it opens (or ends) with a phrase of domain/query_intents.tsv that asks for one kind of paragraph
// ("recomendaciones sobre X", "what did the Conference decide on X").
//
// It reads the parsed QueryPlan (analysis/query_plan.h), as every other expansion does, never the
// query string: only a plan made of plain words (juxtaposed, unquoted; a chunk such as
// "capacity-building" or "money-laundering" is plain) and typed filters is read. Anything else the
// user typed — a quoted phrase (“…”, «…» too), +word, -word (also with an en dash or minus sign
// pasted), a + or - on a filter, NOT, AND, OR, parentheses, word* — means the query is taken as
// typed: `+recomendaciones sobre asistencia técnica`, `+session:6 recommendations on technical
// assistance` and `"recomendaciones sobre asistencia técnica"` search the words. Typed filters
// only say where to look ("session:7..9 firearms" is read).
//
// Words naming subjects are read as those subjects, the other words (not stopwords) staying
// words: "capacity-building for prosecutors" is capacity_building and "prosecutors". An opening
// phrase is read only when every other word of the query belongs to a subject's mention:
// "recommendations on technical assistance". The phrase and the subjects' words may be in
// different languages ("recomendaciones sobre technical assistance").
#pragma once

#include <xapian.h>

#include <map>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/query_plan.h"
#include "domain/domain_data.h"
#include "searcher/search_request.h"
#include "subjects/subject_finder.h"

namespace palermo {

struct SubjectReading {
  std::vector<std::string> subjects;  // the subjects the words name, each once; empty = not read
  std::string kind;                   // the kind asked for ("recommendation"), or empty
  std::string words;                  // the query text without the opening phrase (all of it without one)
  QueryNode other_words;              // a group of the plan's words that name no subject and are not
                                      // stopwords ("prosecutors"), as parsed; no children when none
  std::string lang;                   // the language whose terms the subjects' words matched: "es"
  bool kind_typed = false;            // the query types its own kind: filter, which wins over `kind`
  bool read() const { return !subjects.empty(); }
};

class SubjectQuery {
 public:
  // All must outlive this object, which, like the Analyzer, is for one thread.
  // Stems the opening phrases of domain.query_intents() once, here: a request reads its plan
  // several times (each pass builds its query again).
  SubjectQuery(const DomainData& domain, Analyzer& analyzer, SubjectFinder& finder);

  // `plan` as parse_query gave it (QueryBuilder::plan). Never throws.
  SubjectReading read(const QueryPlan& plan);

  // The thesaurus read from, which also says which `subject` filter values exist.
  const DomainData& domain() const { return domain_; }

 private:
  // One plain word of the plan and the chunk (root child) it was typed in.
  struct PlainWord {
    const QueryNode* chunk;
    const QueryWord* word;
  };
  struct Named {
    std::vector<std::string> subjects;
    QueryNode other_words;  // a group
    std::size_t words_left = 0;
  };
  // The subjects the words [from, to) name in `lang` (their stems in `stems`), and the chunks
  // among them outside every mention that are not stopwords.
  Named named_subjects(const std::vector<PlainWord>& words, const std::vector<std::vector<std::string>>& stems,
                       std::size_t from, std::size_t to, const std::string& lang);

  // An opening phrase of a query intent, as its words' stems (SubjectFinder::Spelling::as_written).
  struct Opening {
    const QueryIntent* intent;
    std::vector<std::vector<std::string>> stems;
  };

  const DomainData& domain_;
  Analyzer& analyzer_;
  SubjectFinder& finder_;
  std::map<std::string, std::vector<Opening>> openings_;  // by language, in query_intents() order
};

// `request` as the reading asks: the words after the opening phrase, and the kind as a filter
// unless the request already filters on kind, as a parameter or typed in the query (an explicit
// kind wins, however given: "kind:operative recomendaciones sobre X" is kind=operative with the
// words X). Unchanged without a kind.
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
