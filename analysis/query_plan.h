// A query as the user wrote it, parsed once into a plan that every later stage reads: the Xapian
// query compiler (searcher/QueryBuilder), the glossary, Protocol-name and citation expansions, the
// exact-form boost, spelling suggestions and snippet highlighting. Words come from the one
// WordTokenizer, so a query word is cut and normalised exactly as the paragraphs were.
//
// Syntax (README "Query syntax"):
//   words            juxtaposed words: every one must match (or, in the relaxed pass, any one)
//   "a phrase"       also “…” «…» „…“; words in this order
//   7/1  WG.4  2016–2019
//                    a chunk without spaces that holds several words is a phrase of them
//   tecnic*  Técnic* a word's beginning, accents and case aside
//   -word  -"a b"    exclusion (also with an en dash or minus sign pasted before the word)
//   +word  +"a b"    required; a + on punctuation ("+- a", "+¿ qué", "+ a") goes to the next unit
//                    holding a word, whereas a lone "-" before a word is a pasted bullet
//   NOT x            the same as -x;  a AND b: both required;  a OR b: either;  ( … ) groups
//   field:value      a filter on a facet or a known field; field:"two words"
// The words AND, OR and NOT are operators only in capitals. A query made only of exclusions means
// "every paragraph but those".
#pragma once

#include <cstddef>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/tokenizer.h"

namespace palermo {

// One word of the query: its WordTokenizer form and where it was written (byte offsets into the
// query string, for spelling suggestions that replace it).
struct QueryWord {
  std::string form;
  std::size_t begin = 0;
  std::size_t end = 0;
};

struct QueryNode {
  enum class Kind {
    word,      // words: exactly 1
    phrase,    // words: 1 or more, in order
    wildcard,  // words: 1, the prefix typed before '*'
    filter,    // field, value
    group,     // children, combined by each child's occur
    any_of,    // children, any of them (OR)
  };
  // How a child of a group takes part in it.
  enum class Occur {
    plain,     // juxtaposed: required, but optional in the relaxed pass
    required,  // joined with AND
    excluded,  // -x, NOT x
  };

  Kind kind = Kind::group;
  Occur occur = Occur::plain;
  std::vector<QueryWord> words;
  std::string field;  // filter: the field name as the parser's options list it
  std::string value;  // filter: the value as typed, quotes removed
  bool quoted = false;  // word or phrase typed between quotes ("a", «a b»), not a chunk such as "7/1"
  // Where a word, phrase, wildcard or filter was typed: byte offsets into the query string of the
  // whole unit, its +/- and quotes included ("¿qué", "+kind:operative", "«a b»"). Readers that
  // rewrite the query (searcher/subject_query) cut units by these, never by searching for spaces
  // themselves: the parser alone decides what separates units (any Unicode space, a control character).
  std::size_t begin = 0;
  std::size_t end = 0;
  std::vector<QueryNode> children;
};

struct QueryPlan {
  std::string text;  // the query string parsed
  QueryNode root;    // a group; empty children for a blank query
  bool empty() const { return root.children.empty(); }
};

struct QueryParseOptions {
  std::set<std::string, std::less<>> fields;  // names accepted before ':'; other "x:y" are words
  std::size_t max_depth = 32;                 // nesting of parentheses
};

// A query that cannot be parsed: unbalanced parentheses or quotes, an operator with nothing to
// apply to, nesting deeper than max_depth. The message says what and where, for the user.
class QuerySyntaxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses `text` (valid UTF-8) with `tokenizer`. Throws QuerySyntaxError.
QueryPlan parse_query(std::string_view text, WordTokenizer& tokenizer, const QueryParseOptions& options);

// Every word of the plan that a paragraph must or may hold (not excluded ones), in query order,
// with the node kind they come from; filters aside.
std::vector<const QueryNode*> positive_leaves(const QueryPlan& plan);

}  // namespace palermo
