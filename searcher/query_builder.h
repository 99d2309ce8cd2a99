// The query plan stage of the searcher: a SearchRequest's query string is parsed once into a
// QueryPlan (analysis/query_plan.h) and compiled, for each language searched, into one Xapian
// query with the shared Analyzer. Expansions read the plan:
//   - glossary equivalents in the other language (CrossLanguage), scored x0.7, in place of the
//     words they expand, so they keep those words' operator (an excluded term excludes them too);
//   - a query that is only a Protocol's name also finds every paragraph mentioning it (unweighted);
//   - a query that is only citations ranks the paragraphs citing them first, then the cited
//     documents' own paragraphs, then paragraphs that merely share words;
//   - words typed exactly as a paragraph has them (case aside) rank a little higher;
//   - words naming subjects (domain/subjects.tsv) also find the paragraphs on those subjects,
//     after every paragraph holding the words (subject_query.h).
// The same plan yields what snippets highlight and the spelling suggestion.
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/query_plan.h"
#include "references/reference_finder.h"
#include "searcher/branch_count.h"
#include "searcher/cross_language.h"
#include "searcher/search_request.h"
#include "searcher/subject_query.h"

namespace palermo {

class FacetColumns;

// What a paragraph's snippet marks, for one language: words with these stems, runs of words
// matching a phrase position by position, words whose folded form starts with a prefix.
struct Highlight {
  std::unordered_set<std::string> stems;
  std::vector<std::vector<std::unordered_set<std::string>>> phrases;
  std::vector<std::string> prefixes;
  bool stopwords_alone = false;  // the query is only stopwords ("de"): mark them wherever they are
};

struct BuiltQuery {
  Xapian::Query query;
  std::vector<std::string> languages;             // the languages searched
  std::map<std::string, Highlight> highlight;     // by language
  std::optional<std::string> correction;          // spelling-corrected query string, if any
  SubjectReading reading;                         // the subjects the words name, when read (subject_query.h)
  Xapian::Query words_query;                      // `query` without the paragraphs found through subjects
  // Asked with Versions::by_caller and granted: `query` leaves out the other-language versions of
  // the best matches (parallel_versions.h), which are the best of `query` without the request's
  // facet filters (no facet value typed in the query nor a one-document scope narrows it): the
  // caller takes them from its ranking of that query (version_lifts) instead of a match of their own.
  bool versions_left = false;
  // With versions_left: the versions will join `query` as the one other branch of an OR with the
  // words (no subjects' paragraphs, no Protocol mentions or citation tiers beside the words), so
  // that a version matching on its own scores its own weight in `query` plus its lift, exactly:
  // Xapian adds the two branches' weights, and two addends sum alike in either order.
  bool versions_add_to_words = false;
  // Asked with a WordsMark and granted (the query adds paragraphs to those of `words_query`: the
  // subjects'): the words' branch of `query` is marked for that spy, which counts those of its
  // pass's matches that `words_query` matches.
  bool words_marked = false;
};

// A spy of the pass that will run a built query, counting the matches of its words' branch
// (BuiltQuery::words_query without the filters, which the pass applies) among those of the whole
// query (branch_count.h): that branch marked for it. The query is then for that one pass.
struct WordsMark {
  const BranchCount* count = nullptr;  // null: nothing marked
  BranchCount::Weights weights = BranchCount::Weights::computed;
};

class QueryBuilder {
 public:
  // What the builder knows beyond the words; either may be null (no such expansion).
  struct Knowledge {
    CrossLanguage* cross_language = nullptr;      // glossary equivalents in the other language
    const ReferenceFinder* references = nullptr;  // Protocol names and citations
    SubjectQuery* subjects = nullptr;             // words naming subjects also find paragraphs on them
    // The spelling correction of one case-folded word ("" for none); unset: the index's own
    // (Database::get_spelling_suggestion), which remote shards cannot give (spelling_copy.h).
    std::function<std::string(const std::string&)> spelling;
    // The phrases the index holds as terms (indexed_phrases.h): matched by them; null: every
    // phrase by positions.
    const IndexedPhrases* phrases = nullptr;
    // One local index's facet columns of the revision searched: a language's paragraphs are then
    // read from them (FacetCodeSource), not from the language's filter term; null: by the term.
    const FacetColumns* columns = nullptr;
  };
  // All must outlive the builder. A builder serves one request (one index revision): it remembers
  // the other-language versions it found (parallel_versions.h) for the passes that build again.
  QueryBuilder(Analyzer& analyzer, const Xapian::Database& db, Knowledge knowledge)
      : analyzer_(analyzer), db_(db), knowledge_(knowledge) {}

  // How juxtaposed words combine: all of them (the default), or any (the relaxed pass that lists
  // partial matches after full ones). Words joined by AND or + stay required.
  enum class Words { all, any };

  // Where the other-language versions of the best matches (parallel_versions.h) go: into the
  // query (always possible), or to the caller, who ranks the query anyway and can take the best
  // from that ranking, when they are the query's own best (BuiltQuery::versions_left says whether).
  enum class Versions { in_query, by_caller };

  // Parses request.query. Throws SearchError(too_long) past kMaxQueryBytes, SearchError(bad_query)
  // for invalid UTF-8 or a syntax error.
  QueryPlan plan(const SearchRequest& request);

  // Compiles `plan` (from plan(request)) with request's filters and languages. Throws
  // SearchError(bad_query) for an unknown filter or a malformed filter value.
  BuiltQuery build(const QueryPlan& plan, const SearchRequest& request, Words words = Words::all,
                   Versions versions = Versions::in_query, WordsMark words_mark = {});
  // As build() with the versions `lifts_query` (parallel_versions.h, taken by the caller after a
  // build with Versions::by_caller) where build() would put those it finds itself.
  BuiltQuery build_with_versions(const QueryPlan& plan, const SearchRequest& request, Words words, const Xapian::Query& lifts_query);

 private:
  class Compiler;
  Xapian::Query filters(const SearchRequest& request);
  // field_filter, and for `subject` a value the thesaurus has. Throws SearchError(bad_query).
  Xapian::Query checked_field_filter(const std::string& field, const std::string& value);
  void check_subject(const std::string& value) const;
  Xapian::Query exact_form_boost(const QueryPlan& plan);
  // The paragraphs in language `lang` (a filter: weight 0), through Knowledge::columns when given.
  Xapian::Query in_language(const std::string& lang);
  Xapian::Query in_languages(const std::vector<std::string>& langs);
  Xapian::Query protocol_mentions(const QueryPlan& plan);
  Xapian::Query citation_tiers(const QueryPlan& plan);
  Xapian::Query subject_paragraphs(const QueryPlan& plan, const SubjectReading& reading, const SearchRequest& request,
                                   const std::vector<std::string>& languages, Words words);
  std::optional<std::string> spelling_correction(const QueryPlan& plan, const std::vector<std::string>& languages);
  // db_.term_exists(term), asked once per builder: each pass builds the query again, and over
  // remote shards each lookup is a round trip per shard.
  bool holds(const std::string& term);
  // A wildcard's words (unprefixed folded terms starting with `prefix`) as one synonym, expanded
  // once per builder over the whole Database.
  Xapian::Query wildcard(const std::string& prefix);
  BuiltQuery build(const QueryPlan& plan, const SearchRequest& request, Words words, Versions versions,
                   const std::optional<Xapian::Query>& given_versions, WordsMark words_mark);

  Analyzer& analyzer_;
  const Xapian::Database& db_;
  Knowledge knowledge_;
  // counterparts_of_best's answer by the description of the query whose best it took: the
  // counting, relaxed and grouped passes build the query again, and each search for the best is
  // a match of its own (over an OR of phrases Xapian checks every candidate's positions). Its
  // posting sources are FixedWeightPostingSources, which Xapian clones for each match, so the
  // query can be run again.
  std::map<std::string, Xapian::Query> counterparts_;
  std::map<std::string, bool> held_terms_;  // holds()
  std::map<std::string, std::vector<std::string>> expansions_;  // wildcard()
};

// The canonical stored form of a filter value, or throws SearchError(bad_query) naming the field.
std::string validated_filter_value(const std::string& field, const std::string& value);

// The boolean query of a field filter typed in the query ("body:WG.4", "symbol:CTOC/COP/2014/5").
// Throws SearchError(bad_query) as validated_filter_value.
Xapian::Query field_filter(const std::string& field, const std::string& value);

}  // namespace palermo
